/**
 * `jobplan report`: the committee report of a register — compliance against the target by specialty and care
 * group, plans expiring in the next 30/60/90 days, DCC:SPA distribution, PAs paid against planned — as a workbook,
 * a self-contained HTML page, JSON, or a short text summary.
 */
import { expandInputs } from '../../node/read-plans.js';
import { outputProblem, writeErrorMessage, writeFileAtomicSync } from '../../node/safe-write.js';
import { writeReportWorkbook } from '../../node/write-report-workbook.js';
import { renderReportHtml } from '../../report/render-html.js';
import { reportJsonChunks } from '../../report/report-json.js';
import { summariseRegister, type RegisterSummary } from '../../report/register-summary.js';
import { coverageLine, payLine, tableLine } from '../../report/summary-text.js';
import { formatUkDate } from '../../model/dates.js';
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import type { EvaluationReport } from '../../report/report.js';
import { EXIT } from '../exit-codes.js';
import { dateOption, formatOption, parse, policyOption } from '../options.js';
import { runValidationWithInputs } from '../run-validation.js';
import { localToday } from '../terminal.js';
import { UsageError } from '../usage-error.js';
import { writeChunksToStdout } from '../write-stdout.js';

export const REPORT_USAGE = `Usage: jobplan report <register.xlsx or .csv, or folders...> [--out report.xlsx] [--out report.html] [options]

Validates every plan of a register (or of the files and folders named) and writes the committee report:
KPIs, coverage by the groups each policy's rules judge against the targets the policies state, plans expiring
in the next 30/60/90 days, DCC:SPA distribution and PAs paid against planned (as the pay rule compares them),
with every finding and the policy stamp.

Options:
  --out <file>               report.xlsx (Summary, Findings, Expiring, Pay, Policies) or report.html; may repeat
  --format text|json         what to print (default text: a short summary)
  --policy <id>[@<version>]  --as-of <date>  --today <date>  --policies <folder>  --map <map.yaml>  --illustrative   as for validate`;

export async function reportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string', multiple: true }, format: { type: 'string' }, policy: { type: 'string' },
    'as-of': { type: 'string' }, today: { type: 'string' }, policies: { type: 'string', multiple: true }, map: { type: 'string' }, illustrative: { type: 'boolean' },
  }, REPORT_USAGE);
  if (values.help) {
    process.stdout.write(`${REPORT_USAGE}\n`);
    return EXIT.clean;
  }
  if (positionals.length === 0) throw new UsageError('name a register workbook (or job plan files or folders)', REPORT_USAGE);
  const format = formatOption(values.format, ['text', 'json'], REPORT_USAGE);
  const today = dateOption(values.today, 'today', REPORT_USAGE) ?? localToday();
  const asOf = dateOption(values['as-of'], 'as-of', REPORT_USAGE) ?? null;
  const policy = policyOption(values.policy, REPORT_USAGE);
  const outs = values.out ?? [];
  for (const out of outs) {
    if (!/\.(xlsx|html?)$/i.test(out)) throw new UsageError(`--out ${out}: give a name ending in .xlsx or .html`, REPORT_USAGE);
  }
  // After folders are expanded: the same file by another name (a symbolic or hard link) is refused too.
  const problem = outputProblem(outs.map((path) => ({ option: '--out', path })), [...expandInputs(positionals).files, ...(values.map !== undefined ? [values.map] : [])]);
  if (problem !== null) {
    process.stderr.write(`jobplan: ${problem}\n`);
    return EXIT.badInput;
  }

  const { report, inputs, library } = await runValidationWithInputs({ paths: positionals, today, asOf, policy, policies: values.policies, map: values.map, illustrative: values.illustrative === true });
  const summary = await summariseRegister(report, inputs, library);
  for (const out of outs) {
    if (/\.xlsx$/i.test(out)) {
      const written = await writeReportWorkbook(summary, report, out);
      if (!written.ok) {
        process.stderr.write(`jobplan: could not write ${out}: ${written.message}\n`);
        return EXIT.badInput;
      }
    } else {
      try {
        writeFileAtomicSync(out, renderReportHtml(summary, report));
      } catch (e) {
        process.stderr.write(`jobplan: could not write ${out}: ${writeErrorMessage(e)}\n`);
        return EXIT.badInput;
      }
    }
  }
  if (format === 'json') await writeChunksToStdout(summaryAndReportChunks(summary, report));
  else process.stdout.write(`${summaryText(summary, report)}${outs.map((o) => `\nReport written to ${o}`).join('')}\n`);
  if (report.summary.diagnostics.error > 0) return EXIT.badInput;
  return EXIT.clean;
}

/** `{ "summary": …, "report": … }`, the report streamed as validate streams it. */
function* summaryAndReportChunks(summary: RegisterSummary, report: EvaluationReport): Generator<string> {
  yield `{\n"summary": ${JSON.stringify(summary, null, 2)},\n"report": `;
  yield* reportJsonChunks(report);
  yield '}\n';
}

function summaryText(s: RegisterSummary, report: EvaluationReport): string {
  const k = s.kpis;
  const lines = [
    ...report.diagnostics.map(formatDiagnostic),
    `Job planning compliance on ${formatUkDate(s.today)}: ${k.plans} ${k.plans === 1 ? 'plan' : 'plans'}.`,
    ...s.coverage.map(coverageLine),
    `Expiring: ${k.expiring30} within 30 days, ${k.expiring60} within 31–60, ${k.expiring90} within 61–90. Never agreed: ${k.neverAgreed}. Disputed: ${k.disputed}.`,
    `Findings: ${k.findings.error} errors, ${k.findings.warning} warnings, ${k.findings.info} info; ${k.plansWithErrors} ${k.plansWithErrors === 1 ? 'plan' : 'plans'} with errors; ${k.groupFindings} register ${k.groupFindings === 1 ? 'finding' : 'findings'}.`,
    payLine(s),
    ...s.tables.filter((t) => t.target !== null).map(tableLine),
    ...report.policies.map((p) => `Policy ${p.id}@${p.version}${p.illustrative ? ' (ILLUSTRATIVE)' : ''} sha256 ${p.sha256}`),
  ];
  return lines.join('\n');
}
