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
import { formatDiagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { escapeControls } from '../../diagnostics/terminal-text.js';
import type { JudgedGroup } from '../../evaluate/evaluate-groups.js';
import { ReportWorkbookStream, writeReportWorkbook, type WriteResult } from '../../node/write-report-workbook.js';
import { HTML_LIMITS, renderReportHtml } from '../../report/render-html.js';
import { impactJsonChunks } from '../../report/impact-json.js';
import { directionText } from '../../report/impact-text.js';
import { defaultPoliciesDir } from '../../node/package-root.js';
import type { CompiledPolicy } from '../../policy/compiled-policy.js';
import { PolicyImpactRun, policyImpact, type PolicyImpact } from '../../policy/impact.js';
import { findVersion, versionInForce, type PolicyLibrary } from '../../policy/policy-library.js';
import { reportJsonChunks } from '../../report/report-json.js';
import { RegisterSummaryBuilder, summariseRegister, type RegisterSummary } from '../../report/register-summary.js';
import { coverageLine, payLine, tableLine } from '../../report/summary-text.js';
import { formatUkDate } from '../../model/dates.js';
import type { EvaluationReport, Finding, PlanResult } from '../../report/report.js';
import { EXIT } from '../exit-codes.js';
import { dateOption, formatOption, parse, policyOption } from '../options.js';
import { runValidation, runValidationWithInputs, type ValidationRequest } from '../run-validation.js';
import { localToday } from '../terminal.js';
import { UsageError } from '../usage-error.js';
import { writeChunksToStdout } from '../write-stdout.js';
import { resolve } from './policy-diff.js';

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
  --impact <to>              add "What this amendment would change": the same plans judged under <to> (a policy
                             file, a draft included, or id@version) and under the version of its policy this report
                             applies as in force on --as-of, else --today: a section of report.html, an Impact
                             sheet in report.xlsx, a line of the text (as jobplan policy impact)
  --impact-from <from>       compare <to> with <from> (a file or id@version) instead; needs --impact
  --policy <id>[@<version>]  --as-of <date>  --today <date>  --policies <folder>  --map <map.yaml>  --illustrative   as for validate`;

export async function reportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string', multiple: true }, format: { type: 'string' }, policy: { type: 'string' },
    'as-of': { type: 'string' }, today: { type: 'string' }, policies: { type: 'string', multiple: true }, map: { type: 'string' }, illustrative: { type: 'boolean' },
    'audit-log': { type: 'string' }, 'audit-redact': { type: 'boolean' }, impact: { type: 'string' }, 'impact-from': { type: 'string' },
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
  const impactWanted = impactOption(values.impact, values['impact-from']);
  const impactFiles = impactWanted ? [impactWanted.to, ...(impactWanted.from !== null ? [impactWanted.from] : [])] : [];
  const problem = outputProblem([...outs.map((path) => ({ option: '--out', path })), ...(auditLog !== undefined ? [{ option: '--audit-log', path: auditLog, linkAllowed: true }] : [])], [...expandInputs(positionals).files, ...(values.map !== undefined ? [values.map] : []), ...impactFiles]);
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
  // The two versions are resolved in the run's own policy library (the one the report judges by), before any plan is read.
  const impactSetup = impactWanted ? new ImpactSetup(impactWanted, request, values.policies) : null;
  let summary: RegisterSummary;
  let report: EvaluationReport;
  let impact: PolicyImpact | undefined;
  try {
    if (format === 'json') {
      // The JSON holds every plan's result after the summary: the run is kept whole (and the impact judges the plans it kept).
      const run = await runValidationWithInputs({ ...request, ...(impactSetup ? { onLibrary: (library: PolicyLibrary) => impactSetup.resolve(library) } : {}) });
      report = audited(run.report);
      impact = impactSetup?.versions ? impactSetup.withNote(await policyImpact(run.inputs, impactSetup.versions.from, impactSetup.versions.to, { today })) : undefined;
      summary = await summariseRegister(report, run.inputs, run.library);
      const problem = await writeOuts(outs, summary, report, null, impact);
      if (problem !== null) return problem;
    } else {
      const streamed = await streamedReport(request, outs, audited, impactSetup);
      if (typeof streamed === 'number') return streamed;
      ({ summary, report, impact } = streamed);
    }
  } catch (e) {
    if (!(e instanceof ImpactRefused)) throw e;
    for (const d of e.diagnostics) process.stderr.write(`${escapeControls(formatDiagnostic(d))}\n`);
    process.stderr.write(`jobplan: ${escapeControls(e.message)}\n`);
    return EXIT.badInput;
  }
  if (impactSetup && !impact) process.stderr.write('jobplan: note: the impact (--impact) was not worked out: the run stopped before reading the plans (see above)\n');
  if (auditProblem !== null) {
    process.stderr.write(`jobplan: audit log not written: ${auditProblem}\n`);
    return EXIT.badInput;
  }
  if (format === 'json') await writeChunksToStdout(summaryAndReportChunks(summary, report, impact));
  else process.stdout.write(`${summaryText(summary, report)}${impact ? `\n${impactLine(impact)}` : ''}${outs.map((o) => `\nReport written to ${o}`).join('')}\n`);
  if (report.summary.diagnostics.error > 0) return EXIT.badInput;
  return EXIT.clean;
}

/**
 * The run streamed: each plan judged is added to the summary's figures and (with an .xlsx out) written to the
 * workbook's Findings sheet at once, keeping of it only what the HTML page lists (its findings' rule, severity and
 * plan; the message of the first findings of each severity it shows); nothing else of a plan stays in memory.
 * Returns the exit code when an output could not be written.
 */
async function streamedReport(request: ValidationRequest, outs: readonly string[], audited: (report: EvaluationReport) => EvaluationReport, impactSetup: ImpactSetup | null): Promise<{ summary: RegisterSummary; report: EvaluationReport; impact: PolicyImpact | undefined } | number> {
  const xlsx = outs.filter((o) => /\.xlsx$/i.test(o));
  const workbook = xlsx.length > 0 ? new ReportWorkbookStream(xlsx[0]!) : null;
  let builder: RegisterSummaryBuilder | null = null;
  const judged: JudgedGroup[] = [];
  // Only the HTML page lists plans' findings; without one, no plan is kept at all.
  const kept = outs.some((o) => !/\.xlsx$/i.test(o)) ? new HtmlPlans() : null;
  // The impact judges each plan as the run hands it over, so the plans are read once for both.
  let impactRun: PolicyImpactRun | null = null;
  let run: EvaluationReport;
  try {
    run = await runValidation({
      ...request, traces: false,
      onLibrary: (library) => {
        builder = new RegisterSummaryBuilder(library, request.today);
        const versions = impactSetup?.resolve(library);
        if (versions) impactRun = new PolicyImpactRun(versions.from, versions.to, { today: request.today });
      },
      onGroup: (g) => judged.push(g),
      stream: {
        onHead: () => undefined,
        onPlan: async (plan, input) => {
          builder!.add(input, plan, plan.ref);
          kept?.add(plan);
          await workbook?.plan(plan);
          await impactRun?.add(input);
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
  const finished = impactRun as PolicyImpactRun | null;
  const impact = finished && impactSetup ? impactSetup.withNote(await finished.finish()) : undefined;
  const problem = await writeOuts(outs, summary, report, workbook, impact);
  return problem ?? { summary, report, impact };
}

/**
 * Writes every --out: the first .xlsx from the stream when there is one (the others are copies of it), the rest whole.
 * Returns the exit code when one could not be written.
 */
async function writeOuts(outs: readonly string[], summary: RegisterSummary, report: EvaluationReport, workbook: ReportWorkbookStream | null, impact: PolicyImpact | undefined): Promise<number | null> {
  let first: string | null = null;
  for (const out of outs) {
    if (/\.xlsx$/i.test(out)) {
      let written: WriteResult;
      if (workbook && first === null) {
        written = await workbook.finish(summary, report, impact);
        first = out;
      } else if (first !== null) {
        const from = first;
        written = await writeFileAtomic(out, (partial) => copyFile(from, partial)).then(() => ({ ok: true as const }), (e: unknown) => ({ ok: false as const, message: writeErrorMessage(e) }));
      } else written = await writeReportWorkbook(summary, report, out, { impact });
      if (!written.ok) {
        process.stderr.write(`jobplan: could not write ${out}: ${written.message}\n`);
        return EXIT.badInput;
      }
    } else {
      try {
        writeFileAtomicSync(out, renderReportHtml(summary, report, impact ? { impact } : {}));
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

/** `{ "summary": …, "impact": …, "report": … }` (impact with --impact), the report streamed as validate streams it. */
function* summaryAndReportChunks(summary: RegisterSummary, report: EvaluationReport, impact: PolicyImpact | undefined): Generator<string> {
  yield `{\n"summary": ${JSON.stringify(summary, null, 2)},\n`;
  if (impact) {
    yield '"impact": ';
    yield* impactJsonChunks(impact, { engineVersion: report.engineVersion });
    yield ',\n';
  }
  yield '"report": ';
  yield* reportJsonChunks(report);
  yield '}\n';
}

function summaryText(s: RegisterSummary, report: EvaluationReport): string {
  const k = s.kpis;
  const lines = [
    ...report.diagnostics.map(formatDiagnostic),
    `Job planning compliance on ${formatUkDate(s.today)}: ${k.plans} ${k.plans === 1 ? 'plan' : 'plans'}.`,
    ...s.coverage.map(coverageLine),
    `Expiring: ${k.expiring30} within 30 days, ${k.expiring60} within 31–60, ${k.expiring90} within 61–90. Never agreed: ${k.neverAgreed}${k.agreementNotRead > 0 ? ` (sign-off not read for ${k.agreementNotRead})` : ''}. Disputed: ${k.disputed}.`,
    `Findings: ${k.findings.error} errors, ${k.findings.warning} warnings, ${k.findings.info} info; ${k.plansWithErrors} ${k.plansWithErrors === 1 ? 'plan' : 'plans'} with errors; ${k.groupFindings} register ${k.groupFindings === 1 ? 'finding' : 'findings'}.`,
    payLine(s),
    ...s.tables.filter((t) => t.target !== null).map(tableLine),
    ...report.policies.map((p) => `Policy ${p.id}@${p.version}${p.illustrative ? ' (ILLUSTRATIVE)' : ''} sha256 ${p.sha256}`),
  ];
  return lines.join('\n');
}

/** The impact's one line in the text summary. */
function impactLine(impact: PolicyImpact): string {
  const { from, to, plans } = impact;
  const moved = `${plans.changed} of ${plans.judged} ${plans.judged === 1 ? 'plan' : 'plans'} change outcome${plans.changed > 0 ? ` (${directionText(plans)})` : ''}`;
  const wording = plans.wordingOnly > 0 ? `, ${plans.wordingOnly} wording only` : '';
  const groups = impact.groups.length > 0 ? `; ${impact.groups.length} register ${impact.groups.length === 1 ? 'finding changes' : 'findings change'}` : '';
  return escapeControls(`Impact of ${to.id}@${to.version}${to.illustrative ? ' (ILLUSTRATIVE)' : ''} against ${from.id}@${from.version}: ${moved}${wording}${groups}.`);
}

/** --impact and --impact-from as given (checked against the policies once they are loaded). */
interface ImpactWanted {
  readonly to: string;
  readonly from: string | null;
}

function impactOption(to: string | undefined, from: string | undefined): ImpactWanted | null {
  if (from !== undefined && to === undefined) throw new UsageError('--impact-from names the version to compare from: add --impact <to>, the version to compare with it', REPORT_USAGE);
  if (to === undefined) return null;
  if (to.trim() === '') throw new UsageError('--impact needs a policy file or id@version', REPORT_USAGE);
  if (from !== undefined && from.trim() === '') throw new UsageError('--impact-from needs a policy file or id@version', REPORT_USAGE);
  return { to, from: from ?? null };
}

/** A --impact or --impact-from that did not resolve: the report stops before reading a plan, writing nothing. */
class ImpactRefused extends Error {
  constructor(message: string, readonly diagnostics: readonly Diagnostic[]) {
    super(message);
    this.name = 'ImpactRefused';
  }
}

/**
 * The versions --impact compares, resolved as policy diff and policy impact resolve theirs (a file, a draft included,
 * or id@version), but id@version in the report's own policy library: the folders and installation config it judges
 * by. Without --impact-from, <from> is the version of <to>'s policy the report applies as in force: the one --policy
 * id@version names, else the one in force on --as-of, else on --today (illustrative versions only with
 * --illustrative, as the report chooses). Resolution throws ImpactRefused, stopping the run before any plan is read.
 */
class ImpactSetup {
  readonly #wanted: ImpactWanted;
  readonly #request: ValidationRequest;
  readonly #dir: string;
  #versions: { readonly from: CompiledPolicy; readonly to: CompiledPolicy; readonly note: string | null } | null = null;

  constructor(wanted: ImpactWanted, request: ValidationRequest, policiesDirs: readonly string[] | undefined) {
    this.#wanted = wanted;
    this.#request = request;
    // For its messages and to check the folder exists; the library searched is the run's (every --policies folder).
    this.#dir = policiesDirs?.[0] ?? defaultPoliciesDir();
  }

  get versions(): { readonly from: CompiledPolicy; readonly to: CompiledPolicy } | null {
    return this.#versions;
  }

  resolve(library: PolicyLibrary): { readonly from: CompiledPolicy; readonly to: CompiledPolicy } {
    // The run's library stands in for the folder's; its files are not needed (a broken file there stops the run first).
    const libraryOf = () => ({ files: { policies: [], tests: [], diagnostics: [], lock: null, config: null }, library });
    const to = resolve(this.#wanted.to, this.#dir, libraryOf);
    const named = this.#wanted.from !== null ? resolve(this.#wanted.from, this.#dir, libraryOf) : null;
    // Both said at once when both are wrong.
    const failed = [...(to.policy ? [] : [{ option: '--impact', ref: this.#wanted.to, diagnostics: to.diagnostics }]), ...(named && !named.policy ? [{ option: '--impact-from', ref: this.#wanted.from!, diagnostics: named.diagnostics }] : [])];
    if (failed.length > 0) {
      throw new ImpactRefused(`${failed.map((f) => `${f.option} ${f.ref}`).join(' and ')}: cannot work out the impact: ${failed.length === 1 ? 'the version' : 'the versions'} did not load (see above); nothing was written`, failed.flatMap((f) => f.diagnostics));
    }
    if (named?.policy) {
      this.#versions = { from: named.policy, to: to.policy!, note: null };
      return this.#versions;
    }
    if (!to.policy) throw new Error('unreachable: --impact resolved without a policy');
    const id = to.policy.id;
    const asked = this.#request.policy;
    const request = this.#request;
    const date = request.asOf ?? request.today;
    let from: CompiledPolicy | undefined;
    let note: string;
    if (asked?.id === id && asked.version !== undefined) {
      from = findVersion(library, id, asked.version);
      note = `Compared with ${id}@${asked.version}, the version this report applies (--policy).`;
    } else {
      const selection = versionInForce(library, id, date, { illustrative: request.illustrative === true });
      if (!selection.policy) throw new ImpactRefused(`--impact ${this.#wanted.to}: no version of ${id} to compare it with: ${selection.reason}; name one with --impact-from <file or id@version>; nothing was written`, []);
      from = selection.policy;
      note = `Compared with ${id}@${from.version}, the version this report applies as in force on ${formatUkDate(date)} (${request.asOf ? '--as-of' : 'the reporting date'}); --impact-from names another.`;
    }
    if (!from) throw new ImpactRefused(`--impact ${this.#wanted.to}: ${id}@${asked?.version ?? '?'} is not loaded; nothing was written`, []);
    this.#versions = { from, to: to.policy, note };
    return this.#versions;
  }

  /** The impact with the header note saying which version <from> is and why. */
  withNote(impact: PolicyImpact): PolicyImpact {
    const note = this.#versions?.note;
    return note ? { ...impact, notes: [note, ...impact.notes] } : impact;
  }
}
