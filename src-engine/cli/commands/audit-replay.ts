/**
 * `jobplan audit replay`: re-runs a recorded JSON report with the same inputs, policy versions, dates and options,
 * and says "identical" or exactly what differs and why (input, policy file, engine version, version chosen).
 */
import { existsSync, readFileSync } from 'node:fs';
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import { parseJsonBytes } from '../../node/json-text.js';
import { compareReports } from '../../audit/compare-reports.js';
import type { EvaluationReport } from '../../report/report.js';
import { EXIT } from '../exit-codes.js';
import { formatOption, parse } from '../options.js';
import { runValidation } from '../run-validation.js';
import { UsageError } from '../usage-error.js';

export const AUDIT_REPLAY_USAGE = `Usage: jobplan audit replay <report.json> [--workbook <file>] [--policies <folder>] [--format text|json]

Re-runs the validation a JSON report records (made with 'jobplan validate --format json'), with its inputs,
dates (today and as-of), policy option and workbook map, and compares the findings.
  --workbook <file>    the input to use instead of the recorded path (for a report of one input)
  --policies <folder>  where the policies are now (default: the folders the report names)
Exit codes: 0 identical, 1 something differs (each difference is listed with its cause), 2 bad input.`;

export async function auditReplayCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { workbook: { type: 'string' }, policies: { type: 'string', multiple: true }, format: { type: 'string' } }, AUDIT_REPLAY_USAGE);
  if (values.help) {
    process.stdout.write(`${AUDIT_REPLAY_USAGE}\n`);
    return EXIT.clean;
  }
  if (positionals.length !== 1) throw new UsageError('name one JSON report', AUDIT_REPLAY_USAGE);
  const format = formatOption(values.format, ['text', 'json'], AUDIT_REPLAY_USAGE);
  const file = positionals[0]!;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new UsageError(`${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); make a report with 'jobplan validate ... --format json > report.json'`, AUDIT_REPLAY_USAGE);
  }
  const read = parseJsonBytes(bytes, file, 'report_json_error');
  if (!read.ok) {
    process.stderr.write(`${read.diagnostics.map(formatDiagnostic).join('\n')}\n`);
    return EXIT.badInput;
  }
  // Anything but a report's shape (null, a list, inputs that are not a list) is the user's file, not a bug.
  const data = read.data;
  const recorded = (typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {}) as EvaluationReport;
  if (!Array.isArray(recorded.inputs) || !recorded.options || typeof recorded.today !== 'string' || !Array.isArray(recorded.plans) || !Array.isArray(recorded.policies)) {
    throw new UsageError(`${file} lacks the inputs, options or dates needed to replay it (was it made by 'jobplan validate --format json'?)`, AUDIT_REPLAY_USAGE);
  }
  const inputs = recorded.inputs!.map((i) => i.path);
  if (values.workbook !== undefined && inputs.length !== 1) throw new UsageError(`--workbook replaces a single input, but the report has ${inputs.length}`, AUDIT_REPLAY_USAGE);
  const paths = values.workbook !== undefined ? [values.workbook] : inputs;
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    process.stderr.write(`jobplan: cannot replay: ${missing.join(', ')} not found (run from the folder the report was made in, or pass --workbook)\n`);
    return EXIT.badInput;
  }
  const replayed = await runValidation({
    paths, today: recorded.today, asOf: recorded.asOf, policy: recorded.options.policy,
    policies: values.policies ?? recorded.options.policiesDirs, map: recorded.options.map?.path, illustrative: recorded.options.illustrative === true,
  });
  // The replayed files are the recorded ones, perhaps reached by another path (run from another folder, or given
  // with --workbook): name them, and the plans read from them, as the report did before comparing.
  const aligned = alignPaths(replayed, inputs);
  const differences = compareReports(recorded, aligned);
  const findings = recorded.plans.reduce((n, p) => n + p.findings.length, 0);
  if (format === 'json') process.stdout.write(`${JSON.stringify({ identical: differences.length === 0, differences, recorded: stamp(recorded), replayed: stamp(aligned) }, null, 2)}\n`);
  else if (differences.length === 0) {
    process.stdout.write(`identical: ${recorded.plans.length} plan(s) and ${findings} finding(s) reproduced with ${recorded.policies.map((p) => `${p.id}@${p.version} (sha256 ${p.sha256.slice(0, 12)}…)`).join(', ') || 'no policy'}, engine ${aligned.engineVersion}, today ${recorded.today}${recorded.asOf ? `, as of ${recorded.asOf}` : ''}.\n`);
  } else {
    process.stdout.write(`differs: ${differences.length} difference(s) between the report (${recorded.evaluatedAt}) and the replay:\n${differences.map((d) => `  ${d.kind}: ${d.message}`).join('\n')}\n`);
  }
  return differences.length === 0 ? EXIT.clean : EXIT.findings;
}

function alignPaths(replayed: EvaluationReport, recordedPaths: readonly string[]): EvaluationReport {
  const now = replayed.inputs ?? [];
  if (now.length !== recordedPaths.length) return replayed;
  const rename = (source: string): string => {
    // Longest first, so 'a.xlsx' does not rename the start of 'a.xlsx.json'.
    const i = now.map((input, index) => ({ path: input.path, index })).sort((a, b) => b.path.length - a.path.length).find(({ path }) => source === path || source.startsWith(`${path}[`));
    return i ? `${recordedPaths[i.index]!}${source.slice(i.path.length)}` : source;
  };
  return {
    ...replayed,
    inputs: now.map((input, i) => ({ ...input, path: recordedPaths[i]! })),
    plans: replayed.plans.map((p) => ({ ...p, source: rename(p.source) })),
  };
}

function stamp(r: EvaluationReport) {
  return { engineVersion: r.engineVersion, evaluatedAt: r.evaluatedAt, today: r.today, asOf: r.asOf, inputs: r.inputs, policies: r.policies.map((p) => ({ id: p.id, version: p.version, sha256: p.sha256 })) };
}
