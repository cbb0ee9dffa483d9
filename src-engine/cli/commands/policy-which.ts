/** `jobplan policy which`: which version of each policy was in force on a date, and why. */
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import { loadPolicyFiles, lockDiagnostics } from '../../node/load-policy-files.js';
import { defaultPoliciesDir } from '../../node/package-root.js';
import { loadPolicyLibrary, policyIds, versionInForce, versionWindows, windowText } from '../../policy/policy-library.js';
import { EXIT } from '../exit-codes.js';
import { dateOption, formatOption, parse } from '../options.js';
import { localToday } from '../terminal.js';
import { UsageError } from '../usage-error.js';

export const POLICY_WHICH_USAGE = `Usage: jobplan policy which [--date <YYYY-MM-DD>] [--policy <id>] [--policies <folder>] [--illustrative] [--format text|json]

Says which version of each policy was in force on the date (default today): its window, status and sha256,
and the other versions with their windows. Drafts are listed but never chosen by date; illustrative versions
(made up to demonstrate a change) are chosen only with --illustrative.`;

export function policyWhichCommand(args: string[]): number {
  const { values, positionals } = parse(args, { date: { type: 'string' }, policy: { type: 'string' }, policies: { type: 'string' }, format: { type: 'string' }, illustrative: { type: 'boolean' } }, POLICY_WHICH_USAGE);
  if (values.help) {
    process.stdout.write(`${POLICY_WHICH_USAGE}\n`);
    return EXIT.clean;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, POLICY_WHICH_USAGE);
  const date = dateOption(values.date, 'date', POLICY_WHICH_USAGE) ?? localToday();
  const format = formatOption(values.format, ['text', 'json'], POLICY_WHICH_USAGE);
  const files = loadPolicyFiles([values.policies ?? defaultPoliciesDir()]);
  const library = loadPolicyLibrary(files.policies, files.config);
  const diagnostics = [...files.diagnostics, ...library.diagnostics, ...lockDiagnostics(files, library)];
  const ids = values.policy ? [values.policy] : policyIds(library);
  if (values.policy && !policyIds(library).includes(values.policy)) {
    process.stderr.write(`jobplan: no policy '${values.policy}' is loaded; loaded: ${policyIds(library).join(', ') || 'none'}\n`);
    return EXIT.badInput;
  }
  const answers = ids.map((id) => {
    const mode = { illustrative: values.illustrative === true };
    const selection = versionInForce(library, id, date, mode);
    const p = selection.policy;
    return {
      policy: id,
      date,
      inForce: p ? { version: p.version, status: p.document.status, sha256: p.sha256, path: p.path, illustrative: p.document.illustrative === true, ratified: p.document.ratified ?? null, reviewBy: p.document.review_by ?? null } : null,
      reason: selection.reason,
      versions: [
        ...versionWindows(library, id, mode).map((w) => ({ version: w.policy.version, status: `${w.policy.document.status}${w.policy.document.illustrative ? ' (illustrative)' : ''}`, from: w.from, to: w.to ?? null, sha256: w.policy.sha256 })),
        ...(mode.illustrative ? [] : library.policies.filter((x) => x.id === id && x.document.illustrative === true && x.document.status !== 'draft').map((x) => ({ version: x.version, status: `${x.document.status} (illustrative; chosen only with --illustrative)`, from: x.document.effective_from, to: null, sha256: x.sha256 }))),
        ...library.policies.filter((x) => x.id === id && x.document.status === 'draft').map((x) => ({ version: x.version, status: 'draft', from: x.document.effective_from, to: null, sha256: x.sha256 })),
      ],
    };
  });
  if (format === 'json') process.stdout.write(`${JSON.stringify({ date, answers, diagnostics }, null, 2)}\n`);
  else {
    for (const d of diagnostics) process.stdout.write(`${formatDiagnostic(d)}\n`);
    for (const a of answers) {
      process.stdout.write(a.inForce
        ? `${a.policy} on ${date}: version ${a.inForce.version}${a.inForce.illustrative ? ' (ILLUSTRATIVE, not a real policy)' : ''}\n  ${a.reason}; ratified ${a.inForce.ratified ?? '?'}; review by ${a.inForce.reviewBy ?? '?'}${a.inForce.reviewBy && a.inForce.reviewBy < date ? ' (overdue for review on that date)' : ''}\n  ${a.inForce.path} sha256 ${a.inForce.sha256}\n`
        : `${a.policy} on ${date}: no version in force (${a.reason})\n`);
      process.stdout.write(`  all versions:\n${a.versions.map((v) => `    ${v.version === a.inForce?.version ? '*' : ' '} ${v.version.padEnd(12)} ${v.status.padEnd(10)} ${v.status === 'draft' ? `(would take effect ${v.from})` : windowText({ from: v.from, ...(v.to ? { to: v.to } : {}) })}`).join('\n')}\n`);
    }
  }
  return diagnostics.some((d) => d.severity === 'error') ? EXIT.badInput : answers.every((a) => a.inForce) ? EXIT.clean : EXIT.findings;
}
