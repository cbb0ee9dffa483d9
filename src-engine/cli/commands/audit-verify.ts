/** `jobplan audit verify`: checks an audit log's hash chain and says which lines were edited, removed or moved. */
import { readFileSync } from 'node:fs';
import { verifyAuditLog } from '../../audit/audit-log.js';
import { EXIT } from '../exit-codes.js';
import { formatOption, parse } from '../options.js';
import { styleFor } from '../terminal.js';
import { UsageError } from '../usage-error.js';

export const AUDIT_VERIFY_USAGE = `Usage: jobplan audit verify <audit log> [--format text|json] [--expect-head <sha256>]

Checks an audit log written by 'jobplan validate --audit-log <file>': each line carries the hash of the line
before it and of its own content, so an edited, removed, inserted or reordered line is reported with its line
number and what most likely happened.

The chain cannot protect the end of the log: removing the last lines leaves a shorter log that still verifies,
and someone who recomputes every hash can rewrite it. So keep the head hash printed here somewhere else (a
ticket, an email, a signed record) and check it later with --expect-head: the log must still contain that line.

Options:
  --format text|json       output format (default: text)
  --expect-head <sha256>   a head hash recorded earlier; it is a problem if no line of the log has that hash

Exit codes: 0 chain intact, 1 problems found (tampered or damaged log), 2 missing or unreadable file, bad arguments.`;

export function auditVerifyCommand(args: string[]): number {
  const { values, positionals } = parse(args, { format: { type: 'string' }, 'expect-head': { type: 'string' } }, AUDIT_VERIFY_USAGE);
  if (values.help) {
    process.stdout.write(`${AUDIT_VERIFY_USAGE}\n`);
    return EXIT.clean;
  }
  const format = formatOption(values.format, ['text', 'json'], AUDIT_VERIFY_USAGE);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the audit log to verify' : `verify one audit log at a time (got ${positionals.length} files)`, AUDIT_VERIFY_USAGE);
  const expectHead = values['expect-head'];
  if (expectHead !== undefined && !/^[0-9a-fA-F]{64}$/.test(expectHead)) {
    throw new UsageError(`--expect-head takes a sha256 of 64 hex digits, as printed by 'jobplan audit verify' (got '${expectHead}')`, AUDIT_VERIFY_USAGE);
  }
  const file = positionals[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    process.stderr.write(`jobplan: cannot read audit log ${file}: ${why}\n`);
    return EXIT.badInput;
  }

  const result = verifyAuditLog(text, expectHead === undefined ? {} : { expectHead });
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ file, ...result }, null, 2)}\n`);
  } else {
    const style = styleFor(process.stdout);
    for (const p of result.problems) process.stdout.write(`${style.red(`${file}:${p.line}: ${p.code}: ${p.message}`)}\n`);
    const entries = `${result.entries} ${result.entries === 1 ? 'entry' : 'entries'}`;
    if (result.ok) {
      process.stdout.write(`${style.green(`${entries}, chain intact, head hash ${result.headHash ?? 'none'}`)}\n`);
      process.stdout.write(style.dim('Keep the head hash outside this file: only it can show later that lines were removed from the end.') + '\n');
    } else {
      const n = result.problems.length;
      process.stdout.write(`${entries}, ${n} ${n === 1 ? 'problem' : 'problems'}${result.headHash ? ` (head hash ${result.headHash})` : ''}\n`);
    }
  }
  return result.ok ? EXIT.clean : EXIT.findings;
}
