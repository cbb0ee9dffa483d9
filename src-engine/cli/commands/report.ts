/**
 * `jobplan report`: the committee report of a register — compliance against the target by specialty and care
 * group, plans expiring in the next 30/60/90 days, DCC:SPA distribution, PAs paid against planned — as a workbook,
 * a self-contained HTML page, JSON, or a short text summary.
 */
import { auditLineHash } from '../../audit/audit-log.js';
import { appendAuditLog } from '../../node/audit-log-file.js';
import { expandInputs } from '../../node/read-plans.js';
import { outputProblem, writeErrorMessage, writeFileAtomic, writeFileAtomicSync } from '../../node/safe-write.js';
import { copyFile } from 'node:fs/promises';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { JudgedGroup } from '../../evaluate/evaluate-groups.js';
import { ReportWorkbookStream, writeReportWorkbook, type WriteResult } from '../../node/write-report-workbook.js';
import { HTML_LIMITS, renderReportHtml } from '../../report/render-html.js';
import { reportJsonChunks } from '../../report/report-json.js';
import { RegisterSummaryBuilder, summariseRegister, type RegisterSummary } from '../../report/register-summary.js';
import { coverageLine, payLine, tableLine } from '../../report/summary-text.js';
import { formatUkDate } from '../../model/dates.js';
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import type { EvaluationReport, Finding, PlanResult } from '../../report/report.js';
import { EXIT } from '../exit-codes.js';
import { dateOption, formatOption, parse, policyOption } from '../options.js';
import { runValidation, runValidationWithInputs, type ValidationRequest } from '../run-validation.js';
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
  --audit-log <file>         append a line for this run to a hash-chained audit log; the report records its head
                             (check both: jobplan audit verify <log> --against report.html report.xlsx)
  --audit-redact             in the audit log, replace file names (which often name people) by redacted:<hash>
  --policy <id>[@<version>]  --as-of <date>  --today <date>  --policies <folder>  --map <map.yaml>  --illustrative   as for validate`;

export async function reportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string', multiple: true }, format: { type: 'string' }, policy: { type: 'string' },
    'as-of': { type: 'string' }, today: { type: 'string' }, policies: { type: 'string', multiple: true }, map: { type: 'string' }, illustrative: { type: 'boolean' },
    'audit-log': { type: 'string' }, 'audit-redact': { type: 'boolean' },
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
  const auditLog = values['audit-log'];
  if (values['audit-redact'] && auditLog === undefined) throw new UsageError('--audit-redact applies to the audit log: add --audit-log <file>', REPORT_USAGE);
  const problem = outputProblem([...outs.map((path) => ({ option: '--out', path })), ...(auditLog !== undefined ? [{ option: '--audit-log', path: auditLog, linkAllowed: true }] : [])], [...expandInputs(positionals).files, ...(values.map !== undefined ? [values.map] : [])]);
  if (problem !== null) {
    process.stderr.write(`jobplan: ${problem}\n`);
    return EXIT.badInput;
  }

  const request = { paths: positionals, today, asOf, policy, policies: values.policies, map: values.map, illustrative: values.illustrative === true };
  // Every run is logged (as validate logs it) before the report is written, so that the report records the head it made.
  let auditProblem: string | null = null;
  const audited = (judged: EvaluationReport): EvaluationReport => {
    if (auditLog === undefined) return judged;
    const logged = appendAuditLog(auditLog, judged, args, { redact: values['audit-redact'] === true });
    if (!logged.ok) {
      auditProblem = logged.message;
      return judged;
    }
    if (logged.warning) process.stderr.write(`jobplan: note: ${logged.warning}\n`);
    return { ...judged, audit: { log: auditLog, seq: logged.entry.seq, head: auditLineHash(logged.line) } };
  };
  let summary: RegisterSummary;
  let report: EvaluationReport;
  if (format === 'json') {
    // The JSON holds every plan's result after the summary: the run is kept whole.
    const run = await runValidationWithInputs(request);
    report = audited(run.report);
    summary = await summariseRegister(report, run.inputs, run.library);
    const problem = await writeOuts(outs, summary, report, null);
    if (problem !== null) return problem;
  } else {
    const streamed = await streamedReport(request, outs, audited);
    if (typeof streamed === 'number') return streamed;
    ({ summary, report } = streamed);
  }
  if (auditProblem !== null) {
    process.stderr.write(`jobplan: audit log not written: ${auditProblem}\n`);
    return EXIT.badInput;
  }
  if (format === 'json') await writeChunksToStdout(summaryAndReportChunks(summary, report));
  else process.stdout.write(`${summaryText(summary, report)}${outs.map((o) => `\nReport written to ${o}`).join('')}\n`);
  if (report.summary.diagnostics.error > 0) return EXIT.badInput;
  return EXIT.clean;
}

/**
 * The run streamed: each plan judged is added to the summary's figures and (with an .xlsx out) written to the
 * workbook's Findings sheet at once, keeping of it only what the HTML page lists (its findings' rule, severity and
 * plan; the message of the first findings of each severity it shows); nothing else of a plan stays in memory.
 * Returns the exit code when an output could not be written.
 */
async function streamedReport(request: ValidationRequest, outs: readonly string[], audited: (report: EvaluationReport) => EvaluationReport): Promise<{ summary: RegisterSummary; report: EvaluationReport } | number> {
  const xlsx = outs.filter((o) => /\.xlsx$/i.test(o));
  const workbook = xlsx.length > 0 ? new ReportWorkbookStream(xlsx[0]!) : null;
  let builder: RegisterSummaryBuilder | null = null;
  const judged: JudgedGroup[] = [];
  // Only the HTML page lists plans' findings; without one, no plan is kept at all.
  const kept = outs.some((o) => !/\.xlsx$/i.test(o)) ? new HtmlPlans() : null;
  let run: EvaluationReport;
  try {
    run = await runValidation({
      ...request, traces: false,
      onLibrary: (library) => (builder = new RegisterSummaryBuilder(library, request.today)),
      onGroup: (g) => judged.push(g),
      stream: {
        onHead: () => undefined,
        onPlan: async (plan, input) => {
          builder!.add(input, plan, plan.ref);
          kept?.add(plan);
          await workbook?.plan(plan);
        },
      },
    });
  } catch (e) {
    await workbook?.abort();
    throw e;
  }
  const report: EvaluationReport = audited({ ...run, plans: kept?.plans ?? [] });
  // A run stopped before reading (a broken policy) judged nothing: its summary is of an empty register.
  const summary = (builder ?? new RegisterSummaryBuilder(null, request.today)).finish(report, judged);
  const problem = await writeOuts(outs, summary, report, workbook);
  return problem ?? { summary, report };
}

/**
 * Writes every --out: the first .xlsx from the stream when there is one (the others are copies of it), the rest whole.
 * Returns the exit code when one could not be written.
 */
async function writeOuts(outs: readonly string[], summary: RegisterSummary, report: EvaluationReport, workbook: ReportWorkbookStream | null): Promise<number | null> {
  let first: string | null = null;
  for (const out of outs) {
    if (/\.xlsx$/i.test(out)) {
      let written: WriteResult;
      if (workbook && first === null) {
        written = await workbook.finish(summary, report);
        first = out;
      } else if (first !== null) {
        const from = first;
        written = await writeFileAtomic(out, (partial) => copyFile(from, partial)).then(() => ({ ok: true as const }), (e: unknown) => ({ ok: false as const, message: writeErrorMessage(e) }));
      } else written = await writeReportWorkbook(summary, report, out);
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
  return null;
}

/**
 * What the HTML page and the text summary read of the plans (render-html.ts: findings by rule, the plans named, the
 * first findings of each severity with their messages, input problems), kept small: a finding keeps its rule,
 * title, severity, clause and plan; its message only while the page could still show it.
 */
class HtmlPlans {
  readonly plans: PlanResult[] = [];
  readonly #shown = new Map<string, number>();
  #diagnostics = 0;

  add(plan: PlanResult): void {
    const findings = plan.findings.map((f) => {
      const judgement = f.notJudged ? 'not-judged' : f.severity;
      const shown = this.#shown.get(judgement) ?? 0;
      this.#shown.set(judgement, shown + 1);
      return { ruleId: f.ruleId, title: f.title, severity: f.severity, clause: f.clause, planRef: f.planRef, message: shown < HTML_LIMITS.findings ? f.message : '', ...(f.notJudged ? { notJudged: f.notJudged } : {}) } as Finding;
    });
    const diagnostics = plan.diagnostics.map((d) => (this.#diagnostics++ < HTML_LIMITS.diagnostics ? d : ELIDED));
    this.plans.push({ ref: plan.ref, practitioner: plan.practitioner, source: plan.source, referenceDate: plan.referenceDate, policies: NO_POLICIES, findings, diagnostics });
  }
}

const NO_POLICIES: PlanResult['policies'] = [];
const ELIDED: Diagnostic = { code: 'elided', severity: 'info', message: '' };

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
