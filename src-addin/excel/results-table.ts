/**
 * What the results sheet shows, as plain rows of text: the stamp (which policy versions judged the workbook, with
 * their sha256, the engine version and the dates) in visible header rows, then one row per finding. Pure, so it is
 * tested without Excel; excel-gateway.ts writes it.
 */
import type { EvaluationReport } from '../../src-engine/index.js';
import { RESULTS_SHEET_NAME } from '../../src-engine/workbook/snapshot.js';
import type { ResultsStamp } from './workbook-gateway.js';

/** The sheet results are written to; the core never reads it as job plan data. */
export const RESULTS_SHEET = RESULTS_SHEET_NAME;

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

/** Custom document properties jobplan writes all start with this; any other of its keys from an earlier run is removed. */
export const STAMP_PREFIX = 'jobplan.';

/** Excel keeps at most 255 characters of a custom property's value (and trims longer ones outside Excel on the web). */
export const MAX_PROPERTY_CHARS = 255;

/**
 * The custom document properties that stamp the workbook, each value compact JSON of at most 255 characters:
 * `jobplan.validation` (engine version, when, today, as-of, the counts, how many policies) and one
 * `jobplan.policy.N` per policy version that judged it, with its full sha256 (a policy id too long to fit is cut,
 * never the sha256, which alone identifies the file).
 *
 * @example
 * stampProperties(report) // [['jobplan.validation', '{"engine":"0.1.0",...}'], ['jobplan.policy.1', '{"id":"cpft-job-planning","version":"2017-04-28","sha256":"c6f9..."}']]
 */
export function stampProperties(report: EvaluationReport, title?: string): [string, string][] {
  const c = report.summary.findings;
  const validation: Record<string, unknown> = {
    engine: report.engineVersion,
    evaluatedAt: report.evaluatedAt,
    today: report.today,
    asOf: report.asOf,
    findings: [c.error, c.warning, c.info],
    plans: report.summary.plans,
    policies: report.policies.length,
  };
  let validationJson = JSON.stringify(title === undefined ? validation : { ...validation, workbook: title });
  if (validationJson.length > MAX_PROPERTY_CHARS) validationJson = JSON.stringify(validation);
  const props: [string, string][] = [[`${STAMP_PREFIX}validation`, validationJson]];
  report.policies.forEach((p, i) => {
    const json = (id: string): string => JSON.stringify({ id, version: p.version, sha256: p.sha256, ...(p.illustrative ? { illustrative: true } : {}) });
    let value = json(p.id);
    if (value.length > MAX_PROPERTY_CHARS) value = json(p.id.slice(0, Math.max(1, p.id.length - (value.length - MAX_PROPERTY_CHARS))));
    props.push([`${STAMP_PREFIX}policy.${i + 1}`, value.slice(0, MAX_PROPERTY_CHARS)]);
  });
  return props;
}
