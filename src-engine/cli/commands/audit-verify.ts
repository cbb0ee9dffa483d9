/** `jobplan audit verify`: checks an audit log's hash chain and says which lines were edited, removed or moved. */
import { readFileSync, statSync } from 'node:fs';
import { verifyAuditLog, type AuditAnchor } from '../../audit/audit-log.js';
import { AUDIT_KEY_ENV } from '../../node/audit-log-file.js';
import { readWorkbookFile } from '../../node/read-workbook.js';
import { EXIT } from '../exit-codes.js';
import { formatOption, parse } from '../options.js';
import { styleFor } from '../terminal.js';
import { UsageError } from '../usage-error.js';

export const AUDIT_VERIFY_USAGE = `Usage: jobplan audit verify <audit log> [--format text|json] [--expect-head <sha256>] [--against <reports...>]

Checks an audit log written by 'jobplan validate --audit-log <file>': each line carries the hash of the line
before it and of its own content, so an edited, removed, inserted or reordered line is reported with its line
number and what most likely happened.

The chain cannot protect the end of the log: removing the last lines leaves a shorter log that still verifies,
and someone who recomputes every hash can rewrite it. So keep the head hash printed here somewhere else (a
ticket, an email, a signed record) and check it later with --expect-head: the log must still contain that line.
What a run with --audit-log writes records the head its run made: the JSON report ("audit": seq and head), the
findings workbook and the committee report workbook ('Audit log head'), the committee page (its footer). --against
checks the log against every one given: the line at each recorded seq must be the one the report saw, so a rewritten
log, a forged line in its place or a cut end is caught whenever a report holds a head at or after it.

With ${AUDIT_KEY_ENV} set (a secret the Trust keeps outside the log, set when the log was written too), every
line must carry an HMAC made with that key: a line forged or rewritten by someone without the key is caught.

Options:
  --format text|json       output format (default: text)
  --expect-head <sha256>   a head hash recorded earlier; it is a problem if no line of the log has that hash
  --against <files>        reports that record a head (.json, .xlsx, .html); more may follow, or repeat the option

Exit codes: 0 chain intact, 1 problems found (tampered or damaged log), 2 missing or unreadable file, bad arguments.`;

export async function auditVerifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { format: { type: 'string' }, 'expect-head': { type: 'string' }, against: { type: 'string', multiple: true } }, AUDIT_VERIFY_USAGE);
  if (values.help) {
    process.stdout.write(`${AUDIT_VERIFY_USAGE}\n`);
    return EXIT.clean;
  }
  const format = formatOption(values.format, ['text', 'json'], AUDIT_VERIFY_USAGE);
  // With --against, the files after the log are reports too (`--against a.json b.json`).
  const reports = values.against === undefined ? [] : [...values.against, ...positionals.slice(1)];
  const logs = values.against === undefined ? positionals : positionals.slice(0, 1);
  if (logs.length !== 1) throw new UsageError(logs.length === 0 ? 'name the audit log to verify' : `verify one audit log at a time (got ${logs.length} files)`, AUDIT_VERIFY_USAGE);
  const expectHead = values['expect-head'];
  if (expectHead !== undefined && !/^[0-9a-fA-F]{64}$/.test(expectHead)) {
    throw new UsageError(`--expect-head takes a sha256 of 64 hex digits, as printed by 'jobplan audit verify' (got '${expectHead}')`, AUDIT_VERIFY_USAGE);
  }
  const file = positionals[0]!;
  let text: string;
  try {
    // A pipe or device would block or never end: only a regular file is read.
    if (!statSync(file).isFile() && !statSync(file).isDirectory()) {
      process.stderr.write(`jobplan: cannot read audit log ${file}: it is not a regular file (a pipe, device or socket)\n`);
      return EXIT.badInput;
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    process.stderr.write(`jobplan: cannot read audit log ${file}: ${why}\n`);
    return EXIT.badInput;
  }

  const anchors: AuditAnchor[] = [];
  for (const report of reports) {
    const anchor = await readAnchor(report);
    if (typeof anchor === 'string') {
      process.stderr.write(`jobplan: ${anchor}\n`);
      return EXIT.badInput;
    }
    anchors.push(anchor);
  }
  const key = process.env[AUDIT_KEY_ENV];
  const result = verifyAuditLog(text, { ...(expectHead === undefined ? {} : { expectHead }), ...(key ? { key } : {}), anchors });
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ file, ...result }, null, 2)}\n`);
  } else {
    const style = styleFor(process.stdout);
    for (const p of result.problems) process.stdout.write(`${style.red(`${file}:${p.line}: ${p.code}: ${oneLine(p.message)}`)}\n`);
    for (const p of result.notes ?? []) process.stdout.write(`${style.dim(`${file}:${p.line}: note: ${p.code}: ${oneLine(p.message)}`)}\n`);
    const extra = [anchors.length > 0 ? `checked against ${anchors.length} ${anchors.length === 1 ? 'report' : 'reports'}` : '', key ? 'MACs checked' : ''].filter(Boolean).map((t) => `, ${t}`).join('');
    const entries = `${result.entries} ${result.entries === 1 ? 'entry' : 'entries'}`;
    if (result.ok) {
      process.stdout.write(`${style.green(`${entries}, chain intact${extra}, head hash ${result.headHash ?? 'none'}`)}\n`);
      process.stdout.write(style.dim('Keep the head hash outside this file: only it can show later that lines were removed from the end.') + '\n');
    } else {
      const n = result.problems.length;
      process.stdout.write(`${entries}, ${n} ${n === 1 ? 'problem' : 'problems'}${result.headHash ? ` (head hash ${result.headHash})` : ''}\n`);
    }
  }
  return result.ok ? EXIT.clean : EXIT.findings;
}

/** The audit anchor a JSON report recorded, or a message saying why there is none. */
async function readAnchor(path: string): Promise<AuditAnchor | string> {
  if (/\.xlsx$/i.test(path)) return readWorkbookAnchor(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return `cannot read report ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message}`;
  }
  if (/\.html?$/i.test(path)) {
    // The committee page (jobplan report --out report.html --audit-log) records the head in its footer.
    const m = /data-audit-seq="(\d+)" data-audit-head="([0-9a-f]{64})"/i.exec(text);
    if (!m) return `${path} records no audit log head: it was written by a run without --audit-log (or is not a jobplan report)`;
    return { source: path, seq: Number(m[1]), head: m[2]! };
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return `${path} is not a JSON report (written by jobplan validate --format json): it is not valid JSON`;
  }
  const audit = typeof value === 'object' && value !== null && Object.hasOwn(value, 'audit') ? (value as { audit: unknown }).audit : undefined;
  if (audit === undefined) return `${path} records no audit log head: it was written by a run without --audit-log (or is not a jobplan report)`;
  const a = audit as { seq?: unknown; head?: unknown };
  if (typeof audit !== 'object' || audit === null || typeof a.seq !== 'number' || !Number.isSafeInteger(a.seq) || a.seq < 1 || typeof a.head !== 'string' || !/^[0-9a-f]{64}$/i.test(a.head)) {
    return `${path}: its "audit" record is not as jobplan writes it (a seq and a 64-hex head hash); was the report edited?`;
  }
  return { source: path, seq: a.seq, head: a.head };
}

/** A findings workbook (validate --out) or report workbook (report --out) records the head in an 'Audit log head' row. */
async function readWorkbookAnchor(path: string): Promise<AuditAnchor | string> {
  const { snapshot, diagnostics } = await readWorkbookFile(path);
  if (!snapshot) return diagnostics.map((d) => d.message).join('; ') || `cannot read ${path} as a workbook`;
  for (const sheet of snapshot.sheets) {
    for (const row of sheet.rows) {
      const at = row.findIndex((v) => v === 'Audit log head');
      const m = at >= 0 ? /^seq (\d+) ([0-9a-f]{64})\b/i.exec(String(row[at + 1] ?? '')) : null;
      if (m) return { source: path, seq: Number(m[1]), head: m[2]! };
    }
  }
  return `${path} records no audit log head: it was written by a run without --audit-log (or is not a jobplan workbook)`;
}

/** Messages may quote text from the log: no control characters reach the terminal. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
