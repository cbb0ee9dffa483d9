/**
 * Writes an evaluation report to a NEW workbook (--out): a Findings sheet (filterable, one row a finding, with
 * the policy stamp in header rows), a Plans sheet and a Policies sheet. Every value is written as a plain string
 * or number, never as a formula, so a message that begins with "=" stays text.
 */
import ExcelJS from 'exceljs';
import { formatCellAt, formatDiagnostic } from '../diagnostics/diagnostic.js';
import { dayNumber, formatUkDate, isIsoDate } from '../model/dates.js';
import { ukTimestamp } from '../report/render-html.js';
import type { EvaluationReport } from '../report/report.js';
import { writeErrorMessage, writeFileAtomic } from './safe-write.js';

export type WriteResult = { ok: true } | { ok: false; message: string };

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF005EB8' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };

/** Text a spreadsheet (or a CSV export of it) could read as a formula gets a leading quote mark (OWASP CSV-injection advice). */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

type Value = string | number | Date | null | undefined;

/** Adds a row with every text through `safeText`; numbers and dates stay numbers and dates. */
function addRow(ws: ExcelJS.Worksheet, values: readonly Value[]): ExcelJS.Row {
  return ws.addRow(values.map((v) => (typeof v === 'string' ? safeText(v) : v ?? null)));
}

/** An ISO date as a real Excel date shown DD/MM/YYYY (other text as it is). */
function asDate(date: string | null | undefined): Date | string | null {
  if (!date) return null;
  return isIsoDate(date) ? new Date(dayNumber(date) * 86_400_000) : date;
}

const DATE_FORMAT = 'dd/mm/yyyy';
const uk = (date: string): string => (isIsoDate(date) ? formatUkDate(date) : date);

export function buildFindingsWorkbook(report: EvaluationReport): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = `jobplan ${report.engineVersion}`;
  const stamp = report.policies.map((p) => `${p.id}@${p.version} sha256 ${p.sha256}`).join('; ') || 'no policy applied';
  wb.title = 'jobplan findings';
  wb.description = `Validated by jobplan ${report.engineVersion} on ${uk(report.today)}; ${stamp}`;

  const findings = wb.addWorksheet('Findings', { views: [{ state: 'frozen', ySplit: 4 }] });
  addRow(findings, [`jobplan findings — validated ${uk(report.today)}${report.asOf ? `, policies as of ${uk(report.asOf)}` : ''} by jobplan ${report.engineVersion}`]).font = { bold: true, size: 13 };
  addRow(findings, [`Policies: ${stamp}`]);
  addRow(findings, [`${report.summary.plans} plans; ${report.summary.findings.error} errors, ${report.summary.findings.warning} warnings, ${report.summary.findings.info} info`]);
  const header = ['Plan', 'Source', 'Severity', 'Rule', 'Clause', 'Message', 'Cells', 'Policy', 'Version', 'Policy sha256'];
  styleHeader(findings.addRow(header));
  for (const plan of report.plans) {
    for (const f of plan.findings) {
      findings.addRow([f.planRef, plan.source, f.severity, f.ruleId, f.clause, f.message, f.cells.map((c) => formatCellAt(plan.source, c.sheet, c.cell)).join(', '), f.policy.id, f.policy.version, f.policy.sha256].map((v) => safeText(String(v))));
    }
    for (const d of plan.diagnostics) {
      findings.addRow([plan.ref, plan.source, d.severity, d.code, '', formatDiagnostic(d), '', '', '', ''].map((v) => safeText(String(v))));
    }
  }
  for (const g of report.groups) {
    findings.addRow([g.group.label, 'register (group rule)', g.severity, g.ruleId, g.clause, g.message, g.cells.slice(0, 20).map((c) => formatCellAt(c.file, c.sheet, c.cell)).join(', '), g.policy.id, g.policy.version, g.policy.sha256].map((v) => safeText(String(v))));
  }
  for (const d of report.diagnostics) addRow(findings, ['', '', d.severity, d.code, '', formatDiagnostic(d)]);
  findings.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4, column: header.length } };
  [18, 34, 10, 30, 12, 90, 24, 24, 12, 20].forEach((w, i) => (findings.getColumn(i + 1).width = w));
  findings.getColumn(6).alignment = { wrapText: true, vertical: 'top' };

  const plans = wb.addWorksheet('Plans', { views: [{ state: 'frozen', ySplit: 1 }] });
  styleHeader(plans.addRow(['Plan', 'Source', 'Reference date', 'Policies', 'Errors', 'Warnings', 'Info', 'Input problems']));
  for (const p of report.plans) {
    const c = (s: string) => p.findings.filter((f) => f.severity === s).length;
    addRow(plans, [p.ref, p.source, asDate(p.referenceDate), p.policies.map((x) => `${x.id}@${x.version}`).join(', '), c('error'), c('warning'), c('info'), p.diagnostics.length]);
  }
  plans.getColumn(3).numFmt = DATE_FORMAT;
  [18, 40, 14, 34, 8, 9, 6, 14].forEach((w, i) => (plans.getColumn(i + 1).width = w));

  const policies = wb.addWorksheet('Policies');
  styleHeader(policies.addRow(['Policy', 'Version', 'Status', 'In force from', 'In force to (last day)', 'Illustrative', 'sha256', 'File']));
  for (const p of report.policies) {
    const row = addRow(policies, [p.id, p.version, p.status, asDate(p.effectiveFrom), asDate(p.effectiveTo), p.illustrative ? 'yes' : 'no', p.sha256, p.path]);
    row.getCell(4).numFmt = DATE_FORMAT;
    row.getCell(5).numFmt = DATE_FORMAT;
  }
  policies.addRow([]);
  addRow(policies, ['Engine version', report.engineVersion]);
  addRow(policies, ['Today', asDate(report.today)]).getCell(2).numFmt = DATE_FORMAT;
  const asOf = addRow(policies, ['As of', report.asOf ? asDate(report.asOf) : "(each plan's own date)"]);
  if (report.asOf) asOf.getCell(2).numFmt = DATE_FORMAT;
  addRow(policies, ['Evaluated at', ukTimestamp(report.evaluatedAt)]);
  if (report.audit) addRow(policies, ['Audit log head', `seq ${report.audit.seq} ${report.audit.head} (jobplan audit verify --expect-head)`]);
  [26, 12, 11, 14, 14, 11, 66, 50].forEach((w, i) => (policies.getColumn(i + 1).width = w));
  return wb;
}

export async function writeFindingsWorkbook(report: EvaluationReport, path: string): Promise<WriteResult> {
  try {
    // Written beside the target and renamed into place: a full disk leaves any file that was there whole.
    await writeFileAtomic(path, (partial) => buildFindingsWorkbook(report).xlsx.writeFile(partial));
    return { ok: true };
  } catch (e) {
    return { ok: false, message: writeErrorMessage(e) };
  }
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = HEADER_FONT;
  row.fill = HEADER_FILL;
}
