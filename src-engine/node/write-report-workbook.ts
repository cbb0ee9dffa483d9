/**
 * Writes the committee report (`jobplan report --out report.xlsx`) to a NEW workbook:
 *
 *  - Summary:  title, the policy stamp (each policy id@version, status, sha256), engine version, reporting and
 *              as-of dates, the KPI table (plans, current, % current against the target with "Meets target" /
 *              "Below target", expiring in 30/60/90 days, never agreed, disputed, plans with errors, findings by
 *              severity, under/overpaid), then compliance by care group and by specialty, worst first, with the
 *              rows below target highlighted and labelled.
 *  - Findings: one row per plan finding, group-rule finding and input problem; header frozen, autofilter.
 *  - Expiring: the reminders list, soonest first.
 *  - Pay:      PAs planned, paid, difference, under/over.
 *  - Impact:   with `--impact`, what the amendment would change: one row per rule whose outcome changes for a
 *              plan (plan, practitioner, specialty, care group, rule, change, before, after, cause, message, file,
 *              cell, other files holding the plan), then the
 *              register findings that change; filterable.
 *  - Policies: the full stamp (window, status, illustrative, sha256, file), engine version, inputs' sha256.
 *
 * The stamp also goes into the workbook's document properties (title, subject, keywords, description), so it
 * shows in File > Info without opening a sheet. Every text cell goes through `safeText` (a text starting with
 * `=`, `+`, `-`, `@`, tab or CR gets a leading quote mark), numbers are numbers and dates are real dates.
 *
 * A report of more than STREAMING_FINDING_ROWS finding rows is written with exceljs's streaming writer, each row
 * committed as it is written, so memory stays flat however large the register (the same sheets, no shared strings).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { formatCellAt, formatDiagnostic } from '../diagnostics/diagnostic.js';
import { dayNumber, formatUkDate, isIsoDate, type IsoDate } from '../model/dates.js';
import type { ComplianceTable, RegisterSummary } from '../report/register-summary.js';
import { ukTimestamp, withName } from '../report/render-html.js';
import { againstTarget, payBasisText, targetText } from '../report/summary-text.js';
import type { EvaluationReport, PlanResult } from '../report/report.js';
import type { ImpactKind, ImpactOutcome, PolicyImpact } from '../policy/impact.js';
import { writeErrorMessage, writeFileAtomic } from './safe-write.js';
import { safeText, type WriteResult } from './write-findings-workbook.js';

export type { WriteResult } from './write-findings-workbook.js';

/** Above this many Findings rows the workbook is streamed to disk (exceljs's WorkbookWriter). */
export const STREAMING_FINDING_ROWS = 20_000;

export const REPORT_SHEETS = ['Summary', 'Findings', 'Expiring', 'Pay', 'Policies'] as const;

/** The sheet `--impact` adds, before Policies. */
export const IMPACT_SHEET = 'Impact';

export interface WriteReportOptions {
  /** Force (true) or forbid (false) the streaming writer; default: stream above STREAMING_FINDING_ROWS rows. */
  readonly streaming?: boolean;
  /** What an amendment would change (`jobplan report --impact`): adds the Impact sheet. */
  readonly impact?: PolicyImpact | undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Style (as write-findings-workbook.ts and the register: NHS blue headers)

const NHS_BLUE = 'FF005EB8';
const WHITE = 'FFFFFFFF';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: NHS_BLUE } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: WHITE } };
const TITLE_FONT: Partial<ExcelJS.Font> = { bold: true, size: 16, color: { argb: NHS_BLUE } };
const SECTION_FONT: Partial<ExcelJS.Font> = { bold: true, size: 12, color: { argb: 'FF003087' } };
const BELOW_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFBE9E7' } };
const BELOW_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFDA291C' } };
const MEETS_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FF007F3B' } };
const SEVERITY_FILL: Readonly<Record<string, ExcelJS.Fill>> = {
  error: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFBE9E7' } },
  warning: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF4D6' } },
};
const DATE_FORMAT = 'dd/mm/yyyy';
const PERCENT_FORMAT = '0.0%';
const PA_FORMAT = '0.00';
const SIGNED_PA_FORMAT = '+0.00;-0.00;0.00';
const PAGE_SETUP: Partial<ExcelJS.PageSetup> = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };

// ---------------------------------------------------------------------------------------------------------------
// Cell values: the injection guard on every text, real dates

type Value = string | number | Date | null | undefined;

/** A text, number, date or blank as a cell value; every text through `safeText`. */
function cellValue(value: Value): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return safeText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return value;
}

/** An ISO date as a real Excel date (UTC midnight, which exceljs writes as the whole day serial). */
function asDate(date: IsoDate | null | undefined): Date | string | null {
  if (!date) return null;
  return isIsoDate(date) ? new Date(dayNumber(date) * 86_400_000) : date;
}

/** The Excel-visible timestamp of the run, for the document properties. */
function runDate(evaluatedAt: string): Date {
  const d = new Date(evaluatedAt);
  return Number.isNaN(d.getTime()) ? new Date() : d;
}

interface SheetWriter {
  readonly ws: ExcelJS.Worksheet;
  /** Adds a row (texts guarded), lets `style` decorate it, then (streaming) commits it. */
  row(values: readonly Value[], style?: (row: ExcelJS.Row) => void): ExcelJS.Row;
  /** Finishes the sheet (streaming: commits it). */
  done(): void;
}

function sheet(wb: ExcelJS.Workbook, name: string, streaming: boolean, widths: readonly number[], options: { frozenHeader?: boolean; frozenRows?: number; styles?: Readonly<Record<number, Partial<ExcelJS.Style>>> } = {}): SheetWriter {
  const ws = wb.addWorksheet(name, {
    // Set here, not later: the streaming writer writes the sheet's views with its first committed row.
    views: options.frozenHeader ? [{ state: 'frozen', xSplit: 0, ySplit: options.frozenRows ?? 1 }] : [{}],
    pageSetup: PAGE_SETUP,
  });
  // Set before the first row: the streaming writer writes the <cols> element with the first committed row.
  ws.columns = widths.map((width, i) => ({ width, ...(options.styles?.[i + 1] ? { style: options.styles[i + 1] } : {}) }));
  return {
    ws,
    row(values, style) {
      const row = ws.addRow(values.map(cellValue));
      style?.(row);
      if (streaming) row.commit();
      return row;
    },
    done() {
      if (streaming) ws.commit();
    },
  };
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = HEADER_FONT;
  row.fill = HEADER_FILL;
  row.alignment = { vertical: 'middle', wrapText: true };
}

// ---------------------------------------------------------------------------------------------------------------

/** The finding rows the Findings sheet will hold: plan findings, plan input problems, group findings, run problems. */
export function countFindingRows(report: EvaluationReport): number {
  return report.plans.reduce((n, p) => n + p.findings.length + p.diagnostics.length, 0) + report.groups.length + report.diagnostics.length;
}

/** The report as an in-memory workbook (the non-streaming form; tests read it back). */
export function buildReportWorkbook(summary: RegisterSummary, report: EvaluationReport, impact?: PolicyImpact): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  fillReportWorkbook(wb, summary, report, false, impact);
  return wb;
}

/**
 * Writes the report to `path` (a new file: written beside it and renamed into place, so a failure never leaves
 * half a workbook). Returns a message for the user instead of throwing on the usual file errors.
 */
export async function writeReportWorkbook(summary: RegisterSummary, report: EvaluationReport, path: string, options: WriteReportOptions = {}): Promise<WriteResult> {
  const streaming = options.streaming ?? countFindingRows(report) > STREAMING_FINDING_ROWS;
  try {
    await writeFileAtomic(path, async (partial) => {
      if (streaming) {
        // Our own stream, opened first, so a missing folder is an error we catch rather than an unhandled 'error' event.
        const out = createWriteStream(partial);
        await once(out, 'open');
        const failed = new Promise<never>((_, reject) => out.on('error', reject));
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
        fillReportWorkbook(wb, summary, report, true, options.impact);
        await Promise.race([wb.commit(), failed]);
      } else {
        await buildReportWorkbook(summary, report, options.impact).xlsx.writeFile(partial);
      }
    });
    return { ok: true };
  } catch (e) {
    return { ok: false, message: writeErrorMessage(e) };
  }
}

/** Fills any exceljs workbook: the in-memory one, or the streaming writer (rows and sheets committed as they go). */
function fillReportWorkbook(wb: ExcelJS.Workbook, summary: RegisterSummary, report: EvaluationReport, streaming: boolean, impact: PolicyImpact | undefined): void {
  setProperties(wb, report);
  const practitioners = practitionerNames(summary, report);
  writeSummary(wb, summary, report, streaming);
  writeFindings(wb, report, practitioners, streaming);
  writeExpiring(wb, summary, streaming);
  writePay(wb, summary, streaming);
  if (impact) writeImpact(wb, impact, streaming);
  writePolicies(wb, report, streaming);
}

/** The stamp in the document properties (File > Info). */
function setProperties(wb: ExcelJS.Workbook, report: EvaluationReport): void {
  const stamp = report.policies.map((p) => `${p.id}@${p.version}${p.illustrative ? ' (ILLUSTRATIVE)' : ''} ${p.status} sha256 ${p.sha256}`);
  const when = runDate(report.evaluatedAt);
  wb.creator = `jobplan ${report.engineVersion}`;
  wb.lastModifiedBy = `jobplan ${report.engineVersion}`;
  wb.created = when;
  wb.modified = when;
  wb.title = 'Job planning compliance report';
  wb.subject = `Job planning compliance on ${formatUkDate(report.today)}${report.asOf ? `, policies as of ${formatUkDate(report.asOf)}` : ''}`;
  wb.keywords = ['jobplan', ...report.policies.map((p) => `${p.id}@${p.version}`)].join(' ');
  wb.category = 'jobplan report';
  wb.description = [`jobplan ${report.engineVersion}; today ${formatUkDate(report.today)}; as of ${report.asOf ? formatUkDate(report.asOf) : 'each plan\'s own date'}; evaluated at ${ukTimestamp(report.evaluatedAt)}`, ...(stamp.length > 0 ? stamp : ['no policy applied'])].join('\n');
}

/** Practitioner names by plan ref (each plan result carries its practitioner). */
function practitionerNames(_summary: RegisterSummary, report: EvaluationReport): Map<string, string> {
  return new Map(report.plans.filter((p) => p.practitioner).map((p) => [p.ref, p.practitioner!]));
}

// ---------------------------------------------------------------------------------------------------------------
// Summary

function writeSummary(wb: ExcelJS.Workbook, summary: RegisterSummary, report: EvaluationReport, streaming: boolean): void {
  const s = sheet(wb, 'Summary', streaming, [46, 16, 14, 16, 16, 18, 40]);
  s.ws.pageSetup = { ...PAGE_SETUP, orientation: 'portrait' };
  const k = summary.kpis;
  const blank = (): void => void s.row([]);
  const section = (text: string): void => void s.row([text], (r) => (r.font = SECTION_FONT));
  const dateRow = (label: string, date: IsoDate | null, otherwise: string): void =>
    void s.row([label, date ? asDate(date) : otherwise], (r) => {
      r.getCell(1).font = { bold: true };
      if (date) r.getCell(2).numFmt = DATE_FORMAT;
      r.getCell(2).alignment = { horizontal: 'left' };
    });

  s.row(['Job planning compliance report'], (r) => {
    r.font = TITLE_FONT;
    r.height = 24;
  });
  dateRow('Reporting date', summary.today, '');
  dateRow('Policy versions as of', report.asOf, "each plan's own date (start date, else meeting date)");
  s.row(['Engine', `jobplan ${report.engineVersion}`], (r) => (r.getCell(1).font = { bold: true }));
  s.row(['Evaluated at', ukTimestamp(report.evaluatedAt)], (r) => (r.getCell(1).font = { bold: true }));
  blank();

  section('Policy stamp');
  s.row(['Policy version', 'Status', 'Illustrative', 'sha256'], styleHeader);
  if (report.policies.length === 0) s.row(['No policy version was applied']);
  for (const p of report.policies) {
    s.row([`${p.id}@${p.version}`, p.status, p.illustrative ? 'ILLUSTRATIVE' : 'no', p.sha256], (r) => {
      if (p.illustrative) r.getCell(3).font = { bold: true, color: { argb: 'FF8A6100' } };
    });
  }
  blank();

  section('Key figures');
  s.row(['Measure', 'Value', 'Target', 'Against target', 'Policy', 'Rule'], styleHeader);
  const figure = (label: string, value: number | null, format?: string): void =>
    void s.row([label, value], (r) => {
      if (format) r.getCell(2).numFmt = format;
    });
  figure('Plans on the register', k.plans);
  for (const c of summary.coverage) {
    s.row([`Plans ${c.measure}`, c.count, null, null, `${c.policy.id}@${c.policy.version}`, c.ruleId]);
    s.row([`% of plans ${c.measure}`, c.share, c.target ? targetText(c.target) : 'no target in the policy', againstTarget(c.meetsTarget), `${c.policy.id}@${c.policy.version}`, c.ruleId], (r) => {
      r.getCell(2).numFmt = PERCENT_FORMAT;
      if (c.meetsTarget !== null) {
        r.getCell(4).font = c.meetsTarget ? MEETS_FONT : BELOW_FONT;
        if (!c.meetsTarget) r.eachCell((cell) => (cell.fill = BELOW_FILL));
      }
    });
  }
  figure('Expiring within 30 days', k.expiring30);
  figure('Expiring in 31–60 days', k.expiring60);
  figure('Expiring in 61–90 days', k.expiring90);
  figure('Never agreed (no date both parties signed)', k.neverAgreed);
  if (k.agreementNotRead > 0) figure('Sign-off not read (not known whether agreed)', k.agreementNotRead);
  figure('Disputed', k.disputed);
  figure('Plans with errors', k.plansWithErrors);
  figure('Findings: errors', k.findings.error);
  figure('Findings: warnings', k.findings.warning);
  figure('Findings: info', k.findings.info);
  figure('Register (group rule) findings', k.groupFindings);
  if (k.payCompared === 0) {
    s.row(['PAs paid against planned', k.inHours > 0 ? 'not recorded for staff planned in hours' : 'no plan records PAs paid']);
  } else {
    const basis = payBasisText(summary);
    s.row(['Underpaid (PAs paid < PAs planned)', k.underpaid, null, null, null, basis]);
    s.row(['Overpaid (PAs paid > PAs planned)', k.overpaid, null, null, null, basis]);
  }
  const d = report.summary.diagnostics;
  figure('Input problems (see Findings)', d.error + d.warning + d.info);

  for (const t of summary.tables) {
    blank();
    writeCompliance(s, t);
  }
  s.done();
}

function writeCompliance(s: SheetWriter, t: ComplianceTable): void {
  const what = t.groupBy.charAt(0).toUpperCase() + t.groupBy.slice(1);
  s.row([`Plans ${t.measure} by ${t.groupBy} (worst first): ${t.policy.id}@${t.policy.version} ${t.ruleIds.join(', ')}`], (r) => (r.font = SECTION_FONT));
  s.row([what, 'Plans', t.measure.charAt(0).toUpperCase() + t.measure.slice(1), `% ${t.measure}`, 'Target', 'Against target', 'Rules that fired'], styleHeader);
  if (t.groups.length === 0) s.row(['No plans in any group']);
  for (const g of t.groups) {
    s.row([g.name, g.plans, g.count, g.share, t.target ? targetText(t.target) : 'no target in the policy', againstTarget(g.meetsTarget, g.notJudged === true), g.firedRules.join(', ')], (r) => {
      r.getCell(4).numFmt = PERCENT_FORMAT;
      if (g.meetsTarget !== null) r.getCell(6).font = g.meetsTarget ? MEETS_FONT : BELOW_FONT;
      if (g.meetsTarget === false) for (let c = 1; c <= 7; c++) r.getCell(c).fill = BELOW_FILL;
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Findings

export const FINDINGS_HEADER = ['Plan / group', 'Practitioner', 'Source', 'Severity', 'Rule', 'Clause', 'Message', 'Cells', 'Plans named', 'Policy', 'Policy version', 'Policy sha256'] as const;

function writeFindings(wb: ExcelJS.Workbook, report: EvaluationReport, practitioners: ReadonlyMap<string, string>, streaming: boolean): void {
  const s = findingsSheet(wb, streaming);
  for (const plan of report.plans) writePlanRows(s, plan, practitioners);
  writeFindingsEnd(s, report, practitioners);
}

function findingsSheet(wb: ExcelJS.Workbook, streaming: boolean): SheetWriter {
  const wrap: Partial<ExcelJS.Style> = { alignment: { wrapText: true, vertical: 'top' } };
  const s = sheet(wb, 'Findings', streaming, [16, 24, 28, 10, 30, 9, 80, 26, 24, 26, 13, 20], { frozenHeader: true, styles: { 7: wrap } });
  s.row([...FINDINGS_HEADER], styleHeader);
  return s;
}

/**
 * A Findings row's cell styles, one shared object per severity and column. exceljs looks a cell's style up by the
 * object's identity before serialising it: a style set through row.alignment is a new object per cell, serialised
 * for each of a register's millions of cells (a fifth of `report`'s time on 100,000 plans).
 */
const findingRowStyles = new Map<string, readonly Partial<ExcelJS.Style>[]>();

function stylesFor(severity: string): readonly Partial<ExcelJS.Style>[] {
  let styles = findingRowStyles.get(severity);
  if (!styles) {
    const top: Partial<ExcelJS.Style> = { alignment: { vertical: 'top' } };
    const fill = SEVERITY_FILL[severity];
    styles = FINDINGS_HEADER.map((_, i) => (i + 1 === 4 && fill ? { ...top, fill } : i + 1 === 7 ? { alignment: { wrapText: true, vertical: 'top' } } : top));
    findingRowStyles.set(severity, styles);
  }
  return styles;
}

const severityFill = (severity: string) => (r: ExcelJS.Row): void => {
  const styles = stylesFor(severity);
  r.eachCell({ includeEmpty: true }, (cell, column) => (cell.style = styles[column - 1]!));
  // The severity and message cells are styled even when empty, as before.
  r.getCell(4).style = styles[3]!;
  r.getCell(7).style = styles[6]!;
};

/** One plan's rows of the Findings sheet: its findings, then its input problems. */
function writePlanRows(s: SheetWriter, plan: PlanResult, practitioners: ReadonlyMap<string, string>): void {
  const who = practitioners.get(plan.ref) ?? null;
  for (const f of plan.findings) {
    s.row([f.planRef, practitioners.get(f.planRef) ?? who, plan.source, f.severity, f.ruleId, f.clause, f.message,
      f.cells.map((c) => formatCellAt(plan.source, c.sheet, c.cell)).join(', '), null, f.policy.id, f.policy.version, f.policy.sha256], severityFill(f.severity));
  }
  for (const d of plan.diagnostics) {
    s.row([plan.ref, who, plan.source, d.severity, d.code, null, formatDiagnostic(d), null, null, null, null, null], severityFill(d.severity));
  }
}

/** The rows after the plans': group findings, then the run's input problems; the sheet is then finished. */
function writeFindingsEnd(s: SheetWriter, report: EvaluationReport, practitioners: ReadonlyMap<string, string>): void {
  for (const g of report.groups) {
    const named = g.offenders.slice(0, 200).map((o) => withName(o.ref, practitioners.get(o.ref))).join('; ') + (g.offenders.length > 200 ? ` and ${g.offenders.length - 200} more` : '');
    s.row([g.group.label, null, 'register (group rule)', g.severity, g.ruleId, g.clause, g.message,
      g.cells.slice(0, 20).map((c) => formatCellAt(c.file, c.sheet, c.cell)).join(', '), named, g.policy.id, g.policy.version, g.policy.sha256], severityFill(g.severity));
  }
  for (const d of report.diagnostics) {
    s.row([null, null, 'input problem', d.severity, d.code, null, formatDiagnostic(d), null, null, null, null, null], severityFill(d.severity));
  }
  s.ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: FINDINGS_HEADER.length } };
  s.done();
}

/**
 * The committee report's workbook written while the run judges the plans. Up to STREAMING_FINDING_ROWS Findings rows
 * the plans' results are held and the workbook is written whole at finish(), exactly as writeReportWorkbook writes
 * it; past that, the streaming writer is opened and each plan's rows are committed to the Findings sheet as the plan
 * is judged (the sheet's XML going straight to the zip), so no finding waits in memory, and the sheets that need the
 * whole register are written at finish(). The Findings sheet is then the first part in the zip but still the second
 * tab, after Summary.
 *
 * Streamed, a plan's practitioner column names the practitioner recorded with its reference so far in the run (the
 * workbook written whole takes the last recorded anywhere in the run: they differ only for one reference under two
 * names).
 */
export class ReportWorkbookStream {
  readonly #path: string;
  #held: PlanResult[] = [];
  #rows = 0;
  #open: OpenStream | null = null;
  #failed: string | null = null;

  constructor(path: string) {
    this.#path = path;
  }

  /** A plan's rows, as it is judged (in the run's order). */
  async plan(plan: PlanResult): Promise<void> {
    if (this.#failed !== null) return;
    if (this.#open) {
      this.#open.plan(plan);
      return;
    }
    this.#held.push(plan);
    this.#rows += plan.findings.length + plan.diagnostics.length;
    if (this.#rows > STREAMING_FINDING_ROWS) await this.#startStreaming();
  }

  async #startStreaming(): Promise<void> {
    const opened = await OpenStream.open(this.#path);
    if (!opened.ok) {
      this.#failed = opened.message;
      this.#held = [];
      return;
    }
    this.#open = opened.stream;
    for (const held of this.#held) this.#open.plan(held);
    this.#held = [];
  }

  /** The rest of the workbook, once the run is over (`report.plans` is not read: the plans came through plan()). */
  async finish(summary: RegisterSummary, report: EvaluationReport, impact?: PolicyImpact): Promise<WriteResult> {
    if (this.#failed === null && !this.#open && this.#rows + report.groups.length + report.diagnostics.length > STREAMING_FINDING_ROWS) await this.#startStreaming();
    if (this.#failed !== null) return { ok: false, message: this.#failed };
    if (this.#open) return this.#open.finish(summary, report, impact);
    return writeReportWorkbook(summary, { ...report, plans: this.#held }, this.#path, { streaming: false, impact });
  }

  /** Gives up the file (the run stopped): nothing is left behind. */
  async abort(): Promise<void> {
    await this.#open?.abort();
  }
}

/** The streaming writer, opened on a new file written beside `path` and renamed into place when finished. */
class OpenStream {
  readonly #wb: ExcelJS.stream.xlsx.WorkbookWriter;
  readonly #findings: SheetWriter;
  readonly #practitioners = new Map<string, string>();
  readonly #done: Promise<void>;
  readonly #finish: (error?: unknown) => void;

  private constructor(wb: ExcelJS.stream.xlsx.WorkbookWriter, done: Promise<void>, finish: (error?: unknown) => void) {
    this.#wb = wb;
    this.#findings = findingsSheet(wb, true);
    this.#done = done;
    this.#finish = finish;
  }

  static async open(path: string): Promise<{ ok: true; stream: OpenStream } | { ok: false; message: string }> {
    type Opened = { wb: ExcelJS.stream.xlsx.WorkbookWriter; finish: (error?: unknown) => void } | { error: unknown };
    let opened!: (value: Opened) => void;
    const ready = new Promise<Opened>((resolve) => (opened = resolve));
    const done = writeFileAtomic(path, async (partial) => {
      // Our own stream, opened first, so a missing folder is an error we catch rather than an unhandled 'error' event.
      const out = createWriteStream(partial);
      try {
        await once(out, 'open');
      } catch (e) {
        opened({ error: e });
        throw e;
      }
      const failed = new Promise<never>((_, reject) => out.on('error', reject));
      failed.catch(() => undefined);
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      let finished!: (error?: unknown) => void;
      const whenFinished = new Promise<void>((resolve, reject) => (finished = (error) => (error === undefined ? resolve() : reject(error))));
      opened({ wb, finish: finished });
      await Promise.race([whenFinished, failed]);
      await Promise.race([wb.commit(), failed]);
    });
    done.catch(() => undefined);
    const r = await ready.then((x) => x, (e: unknown) => ({ error: e }));
    if ('error' in r) {
      await done.catch(() => undefined);
      return { ok: false, message: writeErrorMessage(r.error) };
    }
    return { ok: true, stream: new OpenStream(r.wb, done, r.finish) };
  }

  plan(plan: PlanResult): void {
    if (plan.practitioner) this.#practitioners.set(plan.ref, plan.practitioner);
    writePlanRows(this.#findings, plan, this.#practitioners);
  }

  async finish(summary: RegisterSummary, report: EvaluationReport, impact: PolicyImpact | undefined): Promise<WriteResult> {
    try {
      writeFindingsEnd(this.#findings, report, this.#practitioners);
      const wb = this.#wb;
      setProperties(wb, report);
      writeSummary(wb, summary, report, true);
      writeExpiring(wb, summary, true);
      writePay(wb, summary, true);
      if (impact) writeImpact(wb, impact, true);
      writePolicies(wb, report, true);
      // Tab order: Summary first, as in the workbook written whole (exceljs 4.4's streaming writer lists its sheets in
      // the order of this array, indexed by sheet id; test/node/pipeline.test.ts reads the tabs back).
      const sheets = (wb as unknown as { _worksheets: unknown[] })._worksheets;
      [sheets[1], sheets[2]] = [sheets[2], sheets[1]];
      this.#finish();
      await this.#done;
      return { ok: true };
    } catch (e) {
      this.#finish(e);
      await this.#done.catch(() => undefined);
      return { ok: false, message: writeErrorMessage(e) };
    }
  }

  async abort(): Promise<void> {
    this.#finish(new Error('aborted'));
    await this.#done.catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Expiring, Pay, Policies

function writeExpiring(wb: ExcelJS.Workbook, summary: RegisterSummary, streaming: boolean): void {
  const date: Partial<ExcelJS.Style> = { numFmt: DATE_FORMAT, alignment: { horizontal: 'left' } };
  const s = sheet(wb, 'Expiring', streaming, [16, 26, 28, 24, 12, 12, 10, 14], { frozenHeader: true, styles: { 5: date, 6: date } });
  const header = ['Plan', 'Practitioner', 'Specialty', 'Care group', 'Agreed', 'Expires', 'Days left', 'Window (days)'];
  s.row(header, styleHeader);
  const list = [...summary.expiring].sort((a, b) => a.daysLeft - b.daysLeft || a.ref.localeCompare(b.ref));
  for (const x of list) {
    s.row([x.ref, x.practitioner, x.specialty, x.careGroup, asDate(x.agreed), asDate(x.expires), x.daysLeft, x.window], (r) => {
      r.getCell(5).numFmt = DATE_FORMAT;
      r.getCell(6).numFmt = DATE_FORMAT;
      if (x.window === 30) r.getCell(7).font = { bold: true, color: { argb: 'FFDA291C' } };
    });
  }
  s.ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
  s.done();
}

function writePay(wb: ExcelJS.Workbook, summary: RegisterSummary, streaming: boolean): void {
  const s = sheet(wb, 'Pay', streaming, [16, 26, 13, 11, 22, 12], { frozenHeader: true });
  const header = ['Plan', 'Practitioner', 'PAs planned', 'PAs paid', 'Difference (paid − planned)', 'Under / over'];
  s.row(header, styleHeader);
  for (const p of summary.pay) {
    s.row([p.ref, p.practitioner, p.planned, p.paid, p.difference, p.difference < 0 ? 'underpaid' : 'overpaid'], (r) => {
      r.getCell(3).numFmt = PA_FORMAT;
      r.getCell(4).numFmt = PA_FORMAT;
      r.getCell(5).numFmt = SIGNED_PA_FORMAT;
    });
  }
  s.ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
  s.done();
}

// ---------------------------------------------------------------------------------------------------------------
// Impact (jobplan report --impact)

export const IMPACT_HEADER = ['Plan / group', 'Practitioner', 'Specialty', 'Care group', 'Rule', 'Change', 'Before', 'After', 'Because (what changed in the policy)', 'Message', 'Source', 'Cell', 'Also in'] as const;

const IMPACT_CHANGE: Readonly<Record<ImpactKind, string>> = {
  appears: 'finding appears', goes: 'finding goes', severity: 'severity changes', 'now-judged': 'now judged', 'no-longer-judged': 'no longer judged',
};

function outcomeText(o: ImpactOutcome | null): string {
  if (!o) return 'no finding';
  return o.notJudged ? 'not judged' : o.severity;
}

/**
 * What the amendment would change, for filtering: the versions and counts in two lines above a table of one row per
 * rule whose outcome changes for a plan, then the register findings that change (their group in the first column).
 * Every plan that moves is listed (the HTML page stops at IMPACT_HTML_LIMITS.plans).
 */
function writeImpact(wb: ExcelJS.Workbook, impact: PolicyImpact, streaming: boolean): void {
  const wrap: Partial<ExcelJS.Style> = { alignment: { wrapText: true, vertical: 'top' } };
  // Two lines of context above the header row (row 3), which stays in view.
  const s = sheet(wb, IMPACT_SHEET, streaming, [18, 24, 22, 22, 28, 17, 11, 11, 40, 70, 30, 16, 30], { frozenHeader: true, frozenRows: 3, styles: { 9: wrap, 10: wrap } });
  const { from, to, plans } = impact;
  s.row([`What this amendment would change: ${from.id}@${from.version} → ${to.id}@${to.version}${from.illustrative || to.illustrative ? ' (ILLUSTRATIVE)' : ''}`], (r) => (r.font = SECTION_FONT));
  s.row([`${plans.changed} of ${plans.judged} plans judged change outcome (${plans.fewer} with fewer or milder findings, ${plans.more} with more or sterner, ${plans.other} other); ${plans.wordingOnly} change wording only; ${impact.groups.length} register findings change. ${impact.notes.join(' ')}`], (r) => (r.getCell(1).alignment = { wrapText: false }));
  const headerRow = s.row([...IMPACT_HEADER], styleHeader).number;
  for (const p of impact.changedPlans) {
    const cell = p.cell ? formatCellAt(p.source, p.cell.sheet, p.cell.cell) : null;
    for (const c of p.changes) {
      s.row([p.ref, p.practitioner, p.specialty, p.careGroup, c.ruleId, IMPACT_CHANGE[c.kind], outcomeText(c.from), outcomeText(c.to), c.causes.map((x) => x.text).join('; '), (c.to ?? c.from)!.message, p.source, cell, p.alsoIn && p.alsoIn.length > 0 ? p.alsoIn.join(', ') : null], (r) => {
        r.alignment = { vertical: 'top' };
        r.getCell(9).alignment = { wrapText: true, vertical: 'top' };
        r.getCell(10).alignment = { wrapText: true, vertical: 'top' };
      });
    }
  }
  for (const g of impact.groups) {
    s.row([g.group, null, null, null, g.ruleId, IMPACT_CHANGE[g.kind], outcomeText(g.from), outcomeText(g.to), g.causes.map((x) => x.text).join('; '), (g.to ?? g.from)!.message, 'register (group rule)', null, null], (r) => {
      r.alignment = { vertical: 'top' };
      r.getCell(10).alignment = { wrapText: true, vertical: 'top' };
    });
  }
  if (impact.changedPlans.length === 0 && impact.groups.length === 0) s.row(['No plan\'s outcome changes.']);
  s.ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: IMPACT_HEADER.length } };
  s.done();
}

function writePolicies(wb: ExcelJS.Workbook, report: EvaluationReport, streaming: boolean): void {
  const s = sheet(wb, 'Policies', streaming, [30, 14, 11, 12, 14, 18, 68, 50]);
  s.row(['Policy', 'Version', 'Status', 'Illustrative', 'In force from', 'In force to (last day)', 'sha256', 'File'], styleHeader);
  if (report.policies.length === 0) s.row(['No policy version was applied']);
  for (const p of report.policies) {
    s.row([p.id, p.version, p.status, p.illustrative ? 'ILLUSTRATIVE' : 'no', asDate(p.effectiveFrom), asDate(p.effectiveTo), p.sha256, p.path], (r) => {
      r.getCell(5).numFmt = DATE_FORMAT;
      r.getCell(6).numFmt = DATE_FORMAT;
    });
  }
  s.row([]);
  const bold = (r: ExcelJS.Row): void => void (r.getCell(1).font = { bold: true });
  s.row(['Engine version', report.engineVersion], bold);
  s.row(['Evaluated at', ukTimestamp(report.evaluatedAt)], bold);
  if (report.audit) s.row(['Audit log head', `seq ${report.audit.seq} ${report.audit.head} (jobplan audit verify ${report.audit.log} --against this workbook)`], bold);
  s.row(['Today', asDate(report.today)], (r) => {
    bold(r);
    r.getCell(2).numFmt = DATE_FORMAT;
  });
  s.row(['As of', report.asOf ? asDate(report.asOf) : "each plan's own date"], (r) => {
    bold(r);
    if (report.asOf) r.getCell(2).numFmt = DATE_FORMAT;
  });
  const o = report.options;
  if (o?.policy) s.row(['Policy asked for', o.policy.version ? `${o.policy.id}@${o.policy.version}` : o.policy.id], bold);
  if (o?.illustrative !== undefined) s.row(['Illustrative versions allowed', o.illustrative ? 'yes' : 'no'], bold);
  if (o?.map) s.row(['Workbook map', o.map.path, null, null, null, null, o.map.sha256], bold);
  s.row([]);
  s.row(['Input file', null, null, null, null, null, 'sha256'], styleHeader);
  const inputs = report.inputs ?? [];
  if (inputs.length === 0) s.row(['(not recorded)']);
  for (const i of inputs) s.row([i.path, null, null, null, null, null, i.sha256]);
  s.done();
}
