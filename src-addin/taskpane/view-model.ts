/**
 * What the task pane shows, worked out from an evaluation report as plain data (no DOM), so it can be tested alone:
 * findings grouped by severity with counts, in a stable order; the policy picker's options; the policy stamp.
 */
import type { Diagnostic, EvaluationReport } from '../../src-engine/index.js';
// Straight from their files rather than the barrel: the barrel would pull the whole engine (ajv, yaml,
// json-rules-engine) into the pane's own script, where only these three formatters are needed; the engine runs in
// the worker.
import { formatCellReference, formatDiagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { clauseText } from '../../src-engine/report/format-text.js';
import type { Catalogue, PolicyChoice, VersionInfo } from '../worker/protocol.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const HEADINGS: Record<Severity, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['note', 'notes'] };

export interface CellItem {
  readonly sheet: string;
  readonly cell: string;
  /** `Details!B26`, `'Sign-off'!B4`. */
  readonly label: string;
}

export interface FindingItem {
  /** Unique within a report (plan index or group, rule, position). */
  readonly key: string;
  readonly severity: Severity;
  readonly ruleId: string;
  readonly title: string;
  readonly message: string;
  /** `§7.5`. */
  readonly clause: string;
  /** The plan (or, for a register rule, the group) the finding is about. */
  readonly planRef: string;
  /** Index of the plan in the report, for Explain; null for register (group) rules. */
  readonly planIndex: number | null;
  readonly policy: string;
  readonly cells: readonly CellItem[];
}

export interface SeverityGroup {
  readonly severity: Severity;
  /** `2 errors`, `1 warning`. */
  readonly heading: string;
  readonly count: number;
  readonly items: readonly FindingItem[];
}

const cellItem = (c: { sheet: string; cell: string }): CellItem => ({ sheet: c.sheet, cell: c.cell, label: formatCellReference(c.sheet, c.cell) });

export function countText(n: number, severity: Severity): string {
  const [one, many] = HEADINGS[severity];
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/**
 * Every finding of the report (each plan's, then the register rules'), grouped error → warning → info. Within a
 * group findings keep the report's order: plan by plan as the workbook lists them, each plan's in rule order.
 * Groups with no findings are left out.
 */
export function groupFindings(report: EvaluationReport): SeverityGroup[] {
  const items: FindingItem[] = [];
  report.plans.forEach((plan, planIndex) => {
    plan.findings.forEach((f, i) => items.push({
      key: `p${planIndex}:${i}:${f.ruleId}`, severity: f.severity, ruleId: f.ruleId, title: f.title, message: f.message, clause: clauseText(f.clause),
      planRef: plan.ref, planIndex, policy: `${f.policy.id}@${f.policy.version}`, cells: f.cells.map(cellItem),
    }));
  });
  report.groups.forEach((g, i) => items.push({
    key: `g${i}:${g.ruleId}`, severity: g.severity, ruleId: g.ruleId, title: g.title, message: g.message, clause: clauseText(g.clause),
    planRef: g.group.label, planIndex: null, policy: `${g.policy.id}@${g.policy.version}`, cells: g.cells.map(cellItem),
  }));
  return SEVERITIES.map((severity) => {
    const of = items.filter((x) => x.severity === severity);
    return { severity, heading: countText(of.length, severity), count: of.length, items: of };
  }).filter((g) => g.count > 0);
}

/** `2 plans checked: 1 clean, 1 with findings (1 error, 0 warnings, 0 notes).` */
export function summaryText(report: EvaluationReport): string {
  const plans = report.summary.plans;
  const clean = report.plans.filter((p) => p.findings.length === 0 && !p.diagnostics.some((d) => d.severity === 'error')).length;
  const total = (s: Severity) => report.summary.findings[s] + report.summary.groupFindings[s];
  const counts = SEVERITIES.map((s) => countText(total(s), s)).join(', ');
  if (plans === 0) return 'No job plan was found in this workbook.';
  return `${plans.toLocaleString('en-GB')} plan${plans === 1 ? '' : 's'} checked: ${clean.toLocaleString('en-GB')} clean (${counts}).`;
}

/** Problems that are not findings (unreadable cells, no policy applies ...), worst first, in plain words with their place. */
export function diagnosticLines(report: EvaluationReport): { severity: Severity; text: string }[] {
  const all: Diagnostic[] = [...report.diagnostics, ...report.plans.flatMap((p) => p.diagnostics)];
  const seen = new Set<string>();
  return SEVERITIES.flatMap((s) => all.filter((d) => d.severity === s))
    .map((d) => ({ severity: d.severity, text: formatDiagnostic(d) }))
    .filter((d) => !seen.has(d.text) && seen.add(d.text));
}

/** The policy stamp shown with the results: each version that judged, its status, short sha256, and the engine. */
export function stampLines(report: EvaluationReport, draftKey: string | null = null): string[] {
  const lines = report.policies.map((p) => {
    const draft = draftKey === `${p.id}@${p.version}`;
    const labels = [draft ? 'DRAFT (loaded file, not published)' : p.status, ...(p.illustrative ? ['ILLUSTRATIVE'] : [])].join(', ');
    return `${p.id}@${p.version} (${labels}) sha256 ${p.sha256.slice(0, 12)}…`;
  });
  return [...lines, `jobplan ${report.engineVersion}; today ${report.today}${report.asOf ? `; as of ${report.asOf}` : '; version chosen by plan date'}`];
}

export interface PickerOption {
  /** '' (by plan date), `id` (that policy, by plan date), `id@version`, or `draft`. */
  readonly value: string;
  readonly label: string;
  /** The optgroup the option sits in (the policy's title), if any. */
  readonly group: string | null;
}

export function versionLabel(v: VersionInfo): string {
  const window = v.effectiveTo ? `in force ${v.effectiveFrom} to ${v.effectiveTo}` : `in force from ${v.effectiveFrom}`;
  const status = v.draft ? 'DRAFT' : v.status;
  return `${v.version} (${status}${v.illustrative ? ', ILLUSTRATIVE' : ''}; ${v.status === 'draft' ? `effective ${v.effectiveFrom}` : window})`;
}

/** The picker: "By plan date" first (the default, as the CLI), then each policy by plan date and each of its versions. */
export function pickerOptions(catalogue: Catalogue, draft: (VersionInfo & { id: string; title: string }) | null = null): PickerOption[] {
  const options: PickerOption[] = [{ value: '', label: 'By plan date (every policy, the version in force on each plan\'s date)', group: null }];
  if (draft) options.push({ value: 'draft', label: `DRAFT ${draft.id}@${draft.version} (loaded from ${draft.path})`, group: 'Draft policy file' });
  for (const p of catalogue.policies) {
    options.push({ value: p.id, label: `${p.title}: by plan date`, group: `${p.title} (${p.id})` });
    for (const v of p.versions) options.push({ value: `${p.id}@${v.version}`, label: versionLabel(v), group: `${p.title} (${p.id})` });
  }
  return options;
}

export function parsePickerValue(value: string): { policy: PolicyChoice | null; useDraft: boolean } {
  if (value === 'draft') return { policy: null, useDraft: true };
  if (value === '') return { policy: null, useDraft: false };
  const at = value.indexOf('@');
  return at < 0 ? { policy: { id: value }, useDraft: false } : { policy: { id: value.slice(0, at), version: value.slice(at + 1) }, useDraft: false };
}

/** A diagnostic in plain words for the pane: `Line 17, column 19: rule ... (policy_unknown_fact)`. */
export function plainDiagnostic(d: Diagnostic): string {
  const loc = d.location;
  if (loc && 'line' in loc) return `Line ${loc.line}, column ${loc.col}: ${d.message} (${d.code})`;
  if (loc && 'sheet' in loc) return `${formatCellReference(loc.sheet, loc.cell)}: ${d.message} (${d.code})`;
  return `${d.message} (${d.code})`;
}

/** An ISO date from a date input, or null when empty; throws nothing, returns 'invalid' for anything else. */
export function parseDateInput(value: string): string | null | 'invalid' {
  const v = value.trim();
  if (v === '') return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : 'invalid';
}

/** Today in the user's own time zone, as an ISO date (the CLI does the same). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
