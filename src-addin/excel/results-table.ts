/**
 * What the results sheet shows, as plain rows of text: the stamp (which policy versions judged the workbook, with
 * their sha256, the engine version and the dates) in visible header rows, then one row per finding. Pure, so it is
 * tested without Excel; results-sheet.ts writes it.
 */
import type { EvaluationReport } from '../../src-engine/index.js';
import type { ResultsStamp } from './workbook-gateway.js';

export const RESULTS_SHEET = 'jobplan results';

export const FINDING_COLUMNS = ['Severity', 'Rule', 'Plan', 'Message', 'Clause', 'Cells', 'Policy', 'Version', 'sha256'] as const;

/** The sheet's rows: every row FINDING_COLUMNS wide, every value text. */
export function resultsRows(stamp: ResultsStamp, title: string): string[][] {
  const { report } = stamp;
  const width = FINDING_COLUMNS.length;
  const row = (...cells: string[]): string[] => [...cells, ...Array<string>(width - cells.length).fill('')];
  const counts = report.summary.findings;
  const rows: string[][] = [
    row('jobplan validation results', `Workbook: ${title}`),
    row('Validated', report.evaluatedAt, stamp.validatedBy ? `by ${stamp.validatedBy}` : ''),
    row('Today (overdue checks count to)', report.today, 'Policy versions chosen as of', report.asOf ?? "each plan's start or meeting date"),
    row('Engine version', report.engineVersion),
    ...report.policies.map((p) => row('Policy', `${p.id}@${p.version}`, p.status, `sha256 ${p.sha256}`, p.illustrative ? 'ILLUSTRATIVE: not a ratified policy' : '')),
    row('Findings', `${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info`, `${report.summary.plans} plan(s)`, `${report.groups.length} register finding(s)`),
    row(),
    [...FINDING_COLUMNS],
  ];
  for (const plan of report.plans) {
    for (const f of plan.findings) rows.push([f.severity, f.ruleId, plan.ref, f.message, f.clause, f.cells.map((c) => `${quoteSheet(c.sheet)}!${c.cell}`).join(', '), f.policy.id, f.policy.version, f.policy.sha256]);
    for (const d of plan.diagnostics) rows.push(row(d.severity, d.code, plan.ref, d.message, '', d.location && 'sheet' in d.location ? `${quoteSheet(d.location.sheet)}!${d.location.cell}` : ''));
  }
  for (const g of report.groups) rows.push([g.severity, g.ruleId, g.group.label, g.message, g.clause, g.cells.map((c) => `${quoteSheet(c.sheet)}!${c.cell}`).slice(0, 50).join(', '), g.policy.id, g.policy.version, g.policy.sha256]);
  for (const d of report.diagnostics) rows.push(row(d.severity, d.code, '', d.message));
  return rows;
}

function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/**
 * The custom document properties that stamp the workbook (each value at most 255 characters, Excel's limit): when
 * and by which engine it was validated, and one property per policy version with its full sha256.
 */
export function stampProperties(report: EvaluationReport): [string, string][] {
  const c = report.summary.findings;
  const props: [string, string][] = [['jobplan.validated', `${report.evaluatedAt}; engine ${report.engineVersion}; today ${report.today}; ${c.error} error(s), ${c.warning} warning(s), ${c.info} info`]];
  report.policies.forEach((p, i) => props.push([`jobplan.policy.${i + 1}`, `${p.id}@${p.version} sha256:${p.sha256}`]));
  return props.map(([k, v]) => [k, v.slice(0, 255)]);
}
