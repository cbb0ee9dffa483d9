/** `jobplan validate`: checks job plan workbooks (and JSON plans) against the policy in force. */
import { resolve } from 'node:path';
import { formatReportText, TextReport } from '../../report/format-text.js';
import { ReportJsonStream, reportJsonChunks, type ReportHead } from '../../report/report-json.js';
import type { EvaluationReport } from '../../report/report.js';
import { auditLineHash } from '../../audit/audit-log.js';
import { appendAuditLog } from '../../node/audit-log-file.js';
import { expandInputs } from '../../node/read-plans.js';
import { outputProblem } from '../../node/safe-write.js';
import { EXIT } from '../exit-codes.js';
import { runValidation } from '../run-validation.js';
import { dateOption, formatOption, parse, policyOption } from '../options.js';
import { localToday, styleFor } from '../terminal.js';
import { UsageError } from '../usage-error.js';
import { StdoutBatches, writeChunksToStdout } from '../write-stdout.js';

export const VALIDATE_USAGE = `Usage: jobplan validate <files or folders...> [options]

Checks job plan workbooks (.xlsx), registers saved as CSV or tab-separated text (.csv, .tsv, .txt) or job plans in
JSON against the policy in force on each plan's date. A folder's .xlsx, .csv, .tsv and .json files are read.

Options:
  --policy <id>[@<version>]  use only this policy (a version may be a draft)
  --as-of <YYYY-MM-DD>       choose policy versions as of this date instead of each plan's start/meeting date
  --today <YYYY-MM-DD>       the evaluation date for overdue checks (default: today)
  --format text|json         output format (default: text); JSON is indented below 50 plans, one plan per line above
  --summary                  text: only the findings by rule (severity, rule, plans affected, the first few), not each plan
  --trace                    in JSON, include each finding's condition trace (what \`jobplan explain\` shows)
  --out <report.xlsx>        also write the findings to a new workbook (never one of the inputs)
  --policies <folder>        where policies are read from (default: the policies shipped with jobplan)
  --map <map.yaml>           workbook map for your own layout (default: workbook-maps/jobplan-template.yaml)
  --illustrative             let illustrative policy versions (made up to demonstrate a change) be chosen by date
  --audit-log <file>         append a line for this run to a hash-chained audit log (check it: jobplan audit verify)
  --audit-redact             in the audit log, replace file names (which often name people) by redacted:<hash>

Exit codes: 0 no errors, 1 findings at error severity, 2 bad input or bad policy (also: no plan read, or a plan no
policy judged), 3 a bug in jobplan.`;

export async function validateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    policy: { type: 'string' }, 'as-of': { type: 'string' }, today: { type: 'string' }, format: { type: 'string' },
    out: { type: 'string' }, policies: { type: 'string', multiple: true }, map: { type: 'string' },
    'audit-log': { type: 'string' }, 'audit-redact': { type: 'boolean' }, illustrative: { type: 'boolean' }, trace: { type: 'boolean' }, summary: { type: 'boolean' },
  }, VALIDATE_USAGE);
  if (values.help) {
    process.stdout.write(`${VALIDATE_USAGE}\n`);
    return EXIT.clean;
  }
  if (positionals.length === 0) throw new UsageError('name at least one job plan workbook (.xlsx), register (.xlsx or .csv) or JSON file', VALIDATE_USAGE);
  const format = formatOption(values.format, ['text', 'json'], VALIDATE_USAGE);
  const today = dateOption(values.today, 'today', VALIDATE_USAGE) ?? localToday();
  const asOf = dateOption(values['as-of'], 'as-of', VALIDATE_USAGE) ?? null;
  const policy = policyOption(values.policy, VALIDATE_USAGE);
  if (values.out !== undefined) {
    if (!/\.xlsx$/i.test(values.out)) throw new UsageError(`--out writes an Excel workbook: give a name ending in .xlsx (got '${values.out}')`, VALIDATE_USAGE);
    // After folders are expanded: the same file by another name (a symbolic or hard link) is refused too.
    const problem = outputProblem([{ option: '--out', path: values.out }], [...expandInputs(positionals).files, ...(values.map !== undefined ? [values.map] : [])]);
    if (problem !== null) {
      process.stderr.write(`jobplan: ${problem}\n`);
      return EXIT.badInput;
    }
  }

  const auditLog = values['audit-log'];
  if (values['audit-redact'] && auditLog === undefined) throw new UsageError('--audit-redact applies to the audit log: add --audit-log <file>', VALIDATE_USAGE);
  if (auditLog !== undefined && positionals.some((p) => resolve(p) === resolve(auditLog))) throw new UsageError(`--audit-log ${auditLog} is one of the inputs; choose another file (e.g. audit.jsonl)`, VALIDATE_USAGE);
  if (auditLog !== undefined) {
    // A symbolic or hard link to an input is that input: appending to it would change the user's file.
    const problem = outputProblem([{ option: '--audit-log', path: auditLog, linkAllowed: true }], [...expandInputs(positionals).files, ...(values.map !== undefined ? [values.map] : [])]);
    if (problem !== null) {
      process.stderr.write(`jobplan: ${problem}\n`);
      return EXIT.badInput;
    }
  }

  const request = { paths: positionals, today, asOf, policy, policies: values.policies, map: values.map, illustrative: values.illustrative === true };
  const trace = values.trace === true;
  // JSON without a findings workbook is written as the plans are judged: a register's findings never all sit in memory.
  const streamed = format === 'json' && values.out === undefined ? new ReportJsonStream({ trace }) : null;
  const out = new StdoutBatches();
  let headWritten = false;
  const onHead = async (head: ReportHead): Promise<void> => {
    headWritten = true;
    await out.write(streamed!.head(head));
  };
  // Text without a findings workbook is made a plan at a time too: each plan's block is kept as text, not its findings.
  const text = format === 'text' && values.out === undefined ? new TextReport(styleFor(process.stdout), { summaryOnly: values.summary === true }) : null;
  const judged = await runValidation(text
    ? { ...request, traces: false, stream: { onHead: () => undefined, onPlan: (plan) => text.addPlan(plan) } }
    : streamed
    ? { ...request, traces: trace, stream: { onHead, onPlan: (plan) => out.write(streamed.plan(plan)), onPlanJson: {
      trace,
      write: (json) => out.write(streamed.planText(json)),
      writeBlock: async (bytes, count) => {
        await out.write(streamed.planBlockPrefix(count));
        await out.writeBytes(bytes);
      },
    } } }
    : request);
  // Every run is logged, including those that found errors or bad input: the log is of runs, not of passes. The line
  // is appended before the report is written, so that the report records the head hash it made (its anchor).
  const logged = auditLog === undefined ? null : appendAuditLog(auditLog, judged, args, { redact: values['audit-redact'] === true });
  const report: EvaluationReport = logged?.ok ? { ...judged, audit: { log: auditLog!, seq: logged.entry.seq, head: auditLineHash(logged.line) } } : judged;
  // A run stopped before reading (a broken policy, say) never started the stream: its report is written whole.
  if (streamed && headWritten) {
    await out.write(streamed.tail(report));
    await out.flush();
  }
  if (text) {
    for (const chunk of text.chunks(report)) await out.write(chunk);
    await out.write('\n');
    await out.flush();
  }
  const code = text || (streamed && headWritten) ? exitCodeFor(report) : await finish(report, format, values.out, trace, values.summary === true);
  if (logged?.ok && logged.warning) process.stderr.write(`jobplan: note: ${logged.warning}\n`);
  if (logged && !logged.ok) {
    process.stderr.write(`jobplan: audit log not written: ${logged.message}\n`);
    return EXIT.badInput;
  }
  return code;
}

async function finish(report: EvaluationReport, format: string, out: string | undefined, trace: boolean, summaryOnly: boolean): Promise<number> {
  if (format === 'json') await writeChunksToStdout(reportJsonChunks(report, { trace }));
  else process.stdout.write(`${formatReportText(report, styleFor(process.stdout), { summaryOnly })}\n`);
  if (out !== undefined) {
    // Loaded only when asked for: it brings exceljs, which a run that only prints does not need.
    const { writeFindingsWorkbook } = await import('../../node/write-findings-workbook.js');
    const written = await writeFindingsWorkbook(report, out);
    if (!written.ok) {
      process.stderr.write(`jobplan: could not write ${out}: ${written.message}\n`);
      return EXIT.badInput;
    }
    if (format === 'text') process.stdout.write(`Findings written to ${out}\n`);
  }
  return exitCodeFor(report);
}

export function exitCodeFor(report: EvaluationReport): number {
  if (report.summary.diagnostics.error > 0) return EXIT.badInput;
  if (report.summary.findings.error + report.summary.groupFindings.error > 0) return EXIT.findings;
  return EXIT.clean;
}
