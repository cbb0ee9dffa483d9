/**
 * What the task pane shows, worked out from an evaluation report as plain data (no DOM), so it can be tested alone:
 * findings grouped by severity with counts, in a stable order, and the rules not judged apart from them; the policy
 * picker's options; the policy and map stamp; what to do when no plan was read; "What was read". Messages from the
 * core are put in the pane's words (no command-line flags: the pane has buttons instead).
 */
import type { Diagnostic, EvaluationReport, WorkbookReading } from '../../src-engine/index.js';
// Straight from their files rather than the barrel: the barrel would pull the whole engine (ajv, yaml,
// json-rules-engine) into the pane's own script, where only these three formatters are needed; the engine runs in
// the worker.
import { formatCellReference, formatDiagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { clauseText } from '../../src-engine/report/format-text.js';
import { formatUkDate, isIsoDate } from '../../src-engine/model/dates.js';
import { READING_LIST_TITLES, shownReadingValue } from '../../src-engine/report/format-reading.js';
import { PLAN_LISTS, type FieldSpec } from '../../src-engine/model/job-plan.js';
import type { Catalogue, MapInfo, PolicyChoice, VersionInfo } from '../worker/protocol.js';

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
  /** Why the rule could not be judged (a value it needs could not be read); null for an ordinary finding. */
  readonly notJudged: readonly string[] | null;
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
  const items = findingItems(report).filter((x) => x.notJudged === null);
  return SEVERITIES.map((severity) => {
    const of = items.filter((x) => x.severity === severity);
    return { severity, heading: countText(of.length, severity), count: of.length, items: of };
  }).filter((g) => g.count > 0);
}

/** The rules that could not be judged (a value they need could not be read): never shown as passes, nor as findings. */
export function notJudgedItems(report: EvaluationReport): FindingItem[] {
  return findingItems(report).filter((x) => x.notJudged !== null);
}

function findingItems(report: EvaluationReport): FindingItem[] {
  const items: FindingItem[] = [];
  report.plans.forEach((plan, planIndex) => {
    plan.findings.forEach((f, i) => items.push({
      key: `p${planIndex}:${i}:${f.ruleId}`, severity: f.severity, ruleId: f.ruleId, title: f.title, message: f.message, clause: clauseText(f.clause),
      planRef: plan.ref, planIndex, policy: `${f.policy.id}@${f.policy.version}`, cells: f.cells.map(cellItem), notJudged: f.notJudged ? f.notJudged.reasons : null,
    }));
  });
  report.groups.forEach((g, i) => items.push({
    key: `g${i}:${g.ruleId}`, severity: g.severity, ruleId: g.ruleId, title: g.title, message: g.message, clause: clauseText(g.clause),
    planRef: g.group.label, planIndex: null, policy: `${g.policy.id}@${g.policy.version}`, cells: g.cells.map(cellItem), notJudged: null,
  }));
  return items;
}

/** Said when a workbook yields no plan: never "no findings", since nothing was checked. */
export const NO_PLAN_TEXT = 'No job plan could be read from this workbook, so nothing was checked.';

/** The codes of the core's "this plan was not judged: no policy (or several) fits it" diagnostics. */
const NO_POLICY_CODES = new Set(['no_policy_applies', 'policy_choice_ambiguous']);

/** Plans no policy judged (none fits, or several do): not clean, not passed. */
export function unjudgedPlans(report: EvaluationReport): { readonly ref: string; readonly reason: string }[] {
  return report.plans.filter((p) => p.policies.length === 0).map((p) => {
    const why = p.diagnostics.find((d) => NO_POLICY_CODES.has(d.code));
    return { ref: p.ref, reason: why ? paneText(why.message) : `plan '${p.ref}' was not judged: no policy applies to it` };
  });
}

/** `2 plans checked: 1 clean (1 error, 0 warnings, 0 notes; 3 rules not judged).` */
export function summaryText(report: EvaluationReport): string {
  const plans = report.summary.plans;
  if (plans === 0) return NO_PLAN_TEXT;
  const clean = report.plans.filter((p) => p.policies.length > 0 && p.findings.length === 0 && !p.diagnostics.some((d) => d.severity === 'error')).length;
  const notJudged = report.plans.reduce((n, p) => n + p.findings.filter((f) => f.notJudged).length, 0);
  const notJudgedOf = (s: Severity): number => report.plans.reduce((n, p) => n + p.findings.filter((f) => f.notJudged && f.severity === s).length, 0);
  const total = (s: Severity) => report.summary.findings[s] + report.summary.groupFindings[s] - notJudgedOf(s);
  const counts = SEVERITIES.map((s) => countText(total(s), s)).join(', ');
  const unjudged = unjudgedPlans(report).length;
  const extra = [
    ...(notJudged > 0 ? [`${notJudged.toLocaleString('en-GB')} rule${notJudged === 1 ? '' : 's'} not judged`] : []),
    ...(unjudged > 0 ? [`${unjudged.toLocaleString('en-GB')} plan${unjudged === 1 ? '' : 's'} not judged: no policy applies`] : []),
  ].map((t) => `; ${t}`).join('');
  return `${plans.toLocaleString('en-GB')} plan${plans === 1 ? '' : 's'} checked: ${clean.toLocaleString('en-GB')} clean (${counts}${extra}).`;
}

/** What to do when no plan was read, in the pane's words (its buttons, not the command line's flags). */
export function noPlanAdvice(map: MapInfo | null): string[] {
  if (map?.source === 'loaded') {
    return [
      `The map '${map.id}' (loaded from ${map.path}) did not find a job plan here. Check its sheet names and labels against this workbook, then load it again with "Load a map file…".`,
      'Or choose "Forget this map" to read the workbook with the add-in\'s own maps.',
    ];
  }
  return [
    'This workbook is not laid out like the jobplan job plan template or register template, and none of the add-in\'s maps reads it.',
    'If your Trust uses its own layout, load a map file describing it with "Load a map file…" (ask your jobplan administrator for your Trust\'s map). Otherwise copy the plan into the job plan template, or a list of plans into the register template.',
  ];
}

/** The map line of the stamp: which map read the plans, and why that one (or that none could). */
export function mapLine(map: MapInfo, bundledCount = 0, plans: number | null = null): string {
  if (map.source === 'loaded') return `${plans === 0 ? 'No job plan was read with' : 'Read with'} the map '${map.id}' loaded from ${map.path} (sha256 ${map.sha256.slice(0, 12)}…)`;
  if (plans === 0) return bundledCount > 1 ? `No job plan was read with any of the add-in's ${bundledCount} maps` : `No job plan was read with the add-in's map '${map.id}'`;
  const why = bundledCount > 1 ? `the one of the add-in's ${bundledCount} maps that reads this workbook best` : 'the add-in\'s map';
  return `Read with the map '${map.id}' (${map.path}), ${why}`;
}

/**
 * The core's advice is written for the command line (`--map`, `--policy`, `jobplan map suggest`); the pane has
 * buttons and pickers instead. Known phrasings are rewritten; any flag left is named by its pane equivalent.
 */
export function paneText(text: string): string {
  return text
    .replace(/\s*\((?:[^()]*\s)?jobplan map suggest[^()]*\)/g, '')
    .replace(/[,;:]?\s*(?:or )?write a map:? jobplan map suggest(?: <workbook>)?/g, '; or load a map file describing your layout with "Load a map file…"')
    .replace(/describe your layout in a workbook map(?:\s*\(--map\))?/g, 'load a map file describing your layout with "Load a map file…"')
    .replace(/;?\s*choose another with --map/g, '; to read it with another map, use "Load a map file…"')
    .replace(/choose one with --policy/g, 'choose one in the policy picker')
    .replace(/choose a policy \(--policy or the config\)/g, 'choose a policy in the policy picker')
    .replace(/pass --as-of/g, 'enter an as-of date')
    .replace(/asked for with --policy/g, 'chosen in the policy picker')
    .replace(/\s*\((?:[^()]*\s)?--[a-z][a-z-]*[^()]*\)/g, '')
    .replace(/--map\b/g, '"Load a map file…"')
    .replace(/--policy\b/g, 'the policy picker')
    .replace(/--as-of\b/g, 'the as-of date')
    .replace(/--today\b/g, 'today\'s date');
}

/** Problems that are not findings (unreadable cells, no policy applies ...), worst first, in plain words with their place. */
export function diagnosticLines(report: EvaluationReport): { severity: Severity; text: string }[] {
  const all: Diagnostic[] = [...report.diagnostics, ...report.plans.flatMap((p) => p.diagnostics)];
  const seen = new Set<string>();
  return SEVERITIES.flatMap((s) => all.filter((d) => d.severity === s))
    .map((d) => ({ severity: d.severity, text: paneText(formatDiagnostic(d)) }))
    .filter((d) => !seen.has(d.text) && seen.add(d.text));
}

/** The stamp shown with the results: the map that read the plans, each version that judged (status, sha256), the engine and the dates (DD/MM/YYYY). */
export function stampLines(report: EvaluationReport, draftKey: string | null = null, map: { readonly info: MapInfo; readonly bundledCount: number } | null = null): string[] {
  const lines = report.policies.map((p) => {
    const draft = draftKey === `${p.id}@${p.version}`;
    const labels = [draft ? 'DRAFT (loaded file, not published)' : p.status, ...(p.illustrative ? ['ILLUSTRATIVE'] : [])].join(', ');
    // The whole sha256, as the CLI prints it, so the file can be checked against it (the pane wraps it).
    return `${p.id}@${p.version} (${labels}) sha256 ${p.sha256}`;
  });
  return [...(map ? [mapLine(map.info, map.bundledCount, report.summary.plans)] : []), ...lines, `jobplan ${report.engineVersion}; today ${ukDate(report.today)}${report.asOf ? `; as of ${ukDate(report.asOf)}` : '; version chosen by plan date'}`];
}

export interface PickerOption {
  /** '' (by plan date), `id` (that policy, by plan date), `id@version`, or `draft`. */
  readonly value: string;
  readonly label: string;
  /** The optgroup the option sits in (the policy's title), if any. */
  readonly group: string | null;
}

export function versionLabel(v: VersionInfo): string {
  const window = v.effectiveTo ? `in force ${ukDate(v.effectiveFrom)} to ${ukDate(v.effectiveTo)}` : `in force from ${ukDate(v.effectiveFrom)}`;
  const status = v.draft ? 'DRAFT' : v.status;
  return `${v.version} (${status}${v.illustrative ? ', ILLUSTRATIVE' : ''}; ${v.status === 'draft' ? `effective ${ukDate(v.effectiveFrom)}` : window})`;
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
  const message = paneText(d.message);
  if (loc && 'line' in loc) return `Line ${loc.line}, column ${loc.col}: ${message} (${d.code})`;
  if (loc && 'sheet' in loc) return `${formatCellReference(loc.sheet, loc.cell)}: ${message} (${d.code})`;
  return `${message} (${d.code})`;
}

/**
 * A date the pane shows, DD/MM/YYYY whatever the webview's locale (an ISO date from the engine); anything that is not
 * an ISO date is shown as it is.
 */
export function ukDate(iso: string): string {
  return isIsoDate(iso) ? formatUkDate(iso) : iso;
}

/**
 * The as-of date as typed: DD/MM/YYYY (a one-digit day or month is fine: 1/4/2026), as an ISO date; null when empty;
 * 'invalid' for anything else, including a day the calendar does not have (31/04/2026, 29/02/2027). A text input,
 * not <input type=date>, whose format follows the browser's locale (MM/DD/YYYY in a US-English Windows).
 */
export function parseUkDateInput(value: string): string | null | 'invalid' {
  const v = value.trim();
  if (v === '') return null;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (!m) return 'invalid';
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return 'invalid';
  return `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** An ISO date (the ?today= of tests), or null when empty; throws nothing, returns 'invalid' for anything else. */
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

export interface ReadingPlanView {
  readonly ref: string;
  readonly practitioner: string | null;
  readonly fields: readonly { readonly field: string; readonly label: string; readonly value: string; readonly cell: CellItem }[];
  readonly lists: readonly { readonly list: string; readonly title: string; readonly header: CellItem | null; readonly rows: readonly { readonly text: string; readonly cell: CellItem | null }[] }[];
  readonly notFound: readonly string[];
  readonly unread: readonly { readonly cell: CellItem | null; readonly reason: string }[];
  readonly problems: readonly string[];
}

export interface ReadingView {
  /** `Read with the map 'x': 1 plan, 29 fields found, 2 tables, 37 not found, none unreadable.` */
  readonly summary: string;
  readonly plans: readonly ReadingPlanView[];
  /** Problems with the workbook as a whole (no plan found ...), in the pane's words. */
  readonly problems: readonly string[];
}

const plural = (n: number, word: string, many = `${word}s`): string => `${n.toLocaleString('en-GB')} ${n === 1 ? word : many}`;

/** "What was read" (the core's model behind `jobplan extract`) as the pane lists it: every cell a button's target. */
export function readingView(reading: WorkbookReading): ReadingView {
  const plans: ReadingPlanView[] = reading.plans.map((p) => ({
    ref: p.ref,
    practitioner: p.practitioner && p.practitioner !== p.ref ? p.practitioner : null,
    fields: p.fields.map((f) => ({ field: f.field, label: f.label, value: shownReadingValue(f.value), cell: cellItem(f.cell) })),
    lists: p.lists.map((l) => {
      const specs = PLAN_LISTS[l.list] as Readonly<Record<string, FieldSpec>>;
      return {
        list: l.list, title: READING_LIST_TITLES[l.list] ?? l.list, header: l.cell ? cellItem(l.cell) : null,
        rows: l.rows.map((row) => ({
          text: Object.entries(row.values).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `${specs[k]?.label ?? k}: ${shownReadingValue(v)}`).join(' | '),
          cell: row.cell ? cellItem(row.cell) : null,
        })),
      };
    }),
    notFound: p.notFound.map((f) => f.label),
    unread: p.unread.map((u) => ({ cell: u.cell ? cellItem(u.cell) : null, reason: u.reason.charAt(0).toUpperCase() + u.reason.slice(1) })),
    problems: p.problems.map(plainDiagnostic),
  }));
  const first = plans[0];
  const detail = reading.planCount === 1 && first
    ? `, ${plural(first.fields.length, 'field')} found, ${plural(first.lists.length, 'table')}, ${first.notFound.length.toLocaleString('en-GB')} not found, ${first.unread.length > 0 ? `${first.unread.length.toLocaleString('en-GB')} could not be read` : 'none unreadable'}`
    : reading.planCount > plans.length ? ` (the first ${plans.length} shown)` : '';
  return {
    summary: `Read with the map '${reading.map}': ${plural(reading.planCount, 'plan')}${detail}.`,
    plans,
    problems: reading.problems.map(plainDiagnostic),
  };
}
