/**
 * The text report a person reads in a terminal: grouped by plan, errors first, each finding with its rule,
 * clause and `Sheet!A1` cells (`file:line:field` for a CSV), then a summary with the policy versions and hashes that judged the plans.
 */
import { formatCellAt, formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { escapeControlsDeep } from '../diagnostics/terminal-text.js';
import type { GroupFinding } from '../evaluate/evaluate-groups.js';
import { formatUkDate, isIsoDate } from '../model/dates.js';
import type { EvaluationReport, Finding, PlanResult } from './report.js';

export interface TextStyle {
  readonly bold: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly green: (s: string) => string;
}

const id = (s: string) => s;
export const PLAIN: TextStyle = { bold: id, red: id, yellow: id, dim: id, green: id };

const LABEL = { error: 'ERROR  ', warning: 'WARNING', info: 'INFO   ' } as const;
/** With more plans than this, plans with no findings are counted rather than listed one by one. */
const COLLAPSE_CLEAN_ABOVE = 20;
/** From this many plans (a register, a folder) the text leads with the findings by rule, then each plan's detail. */
export const RULE_TABLE_FROM = 5;
/** Plans named on a rule's line in the table before "and N more". */
const TABLE_PLANS_NAMED = 3;

export interface TextOptions {
  /** Only the table by rule (and the closing summary), without each plan's detail: `validate --summary`. */
  readonly summaryOnly?: boolean;
}

export function formatReportText(given: EvaluationReport, style: TextStyle = PLAIN, options: TextOptions = {}): string {
  const text = new TextReport(style, options);
  for (const plan of given.plans) text.addPlan(plan);
  return [...text.chunks(given)].join('');
}

interface RuleRow {
  readonly id: string;
  readonly severity: Finding['severity'];
  readonly notJudged: boolean;
  readonly title: string;
  /** The distinct plans it found, counted; the first few named on the table. */
  count: number;
  readonly seen: Set<string>;
  readonly first: string[];
}

/**
 * The text report made a plan at a time, so a register's plans need not be kept to its end: each plan's block is
 * written as text when it is judged (a few hundred bytes, not the plan's findings), and the table by rule is counted
 * as the plans come. formatReportText gives the same text from a whole report.
 */
export class TextReport {
  readonly #style: TextStyle;
  readonly #summaryOnly: boolean;
  readonly #rules = new Map<string, RuleRow>();
  /** Practitioners of the plans the table names (the last plan with a ref names it, as a Map of every plan would). */
  readonly #names = new Map<string, string | null>();
  /** Each plan's block, in order; `clean`: a judged plan with nothing to say, left out (counted) past COLLAPSE_CLEAN_ABOVE plans. */
  readonly #blocks: { readonly text: string; readonly clean: boolean }[] = [];
  /** Clean plans past COLLAPSE_CLEAN_ABOVE, counted without a block. */
  #cleanNotKept = 0;
  #plans = 0;
  #judged = 0;
  #withFindings = 0;
  #clean = 0;

  constructor(style: TextStyle = PLAIN, options: TextOptions = {}) {
    this.#style = style;
    this.#summaryOnly = options.summaryOnly === true;
  }

  addPlan(given: PlanResult): void {
    // What came from the user's files is shown with its control characters escaped: an ESC[8m in a plan_ref must not
    // hide the lines after it. Only this report's own styling reaches the terminal as escape sequences.
    const plan = escapeControlsDeep(given);
    this.#plans += 1;
    if (plan.policies.length > 0) this.#judged += 1;
    if (plan.findings.length > 0) this.#withFindings += 1;
    const clean = plan.findings.length === 0 && plan.policies.length > 0;
    if (clean) this.#clean += 1;
    if (this.#names.has(plan.ref)) this.#names.set(plan.ref, plan.practitioner);
    for (const f of plan.findings) {
      // A rule that could not be judged is its own row, never counted among the plans it found wanting.
      const key = `${f.ruleId}${f.notJudged ? ' (not judged)' : ''}`;
      let row = this.#rules.get(key);
      if (!row) {
        row = { id: f.ruleId, severity: f.severity, notJudged: f.notJudged !== undefined, title: f.title, count: 0, seen: new Set(), first: [] };
        this.#rules.set(key, row);
      }
      if (row.seen.has(plan.ref)) continue;
      row.seen.add(plan.ref);
      row.count += 1;
      if (row.first.length < TABLE_PLANS_NAMED) {
        row.first.push(plan.ref);
        this.#names.set(plan.ref, plan.practitioner);
      }
    }
    if (this.#summaryOnly) return;
    const collapsible = clean && plan.diagnostics.length === 0;
    // Past COLLAPSE_CLEAN_ABOVE plans the clean ones are only counted: their blocks need not be kept.
    if (collapsible && this.#plans > COLLAPSE_CLEAN_ABOVE) {
      this.#cleanNotKept += 1;
      return;
    }
    this.#blocks.push({ text: planBlock(plan, this.#style).join('\n'), clean: collapsible });
  }

  /** The report's text in pieces (ending without a newline, as formatReportText did), given the run's report (its plans are not read). */
  *chunks(given: EvaluationReport): Generator<string> {
    const style = this.#style;
    const report = escapeControlsDeep({ ...given, plans: [] });
    const counts: PlanCounts = { plans: this.#plans, judged: this.#judged, withFindings: this.#withFindings, clean: this.#clean };
    const head: string[] = [];
    for (const d of report.diagnostics) head.push(diagnosticLine(d, style));
    if (report.diagnostics.length > 0) head.push('');
    if (this.#summaryOnly || this.#plans >= RULE_TABLE_FROM) head.push(...this.#ruleTable(report.groups, counts), '');
    if (this.#summaryOnly) {
      yield [...head, ...summary(report, counts, style)].join('\n');
      return;
    }
    if (head.length > 0) yield `${head.join('\n')}\n`;
    // A register of hundreds of plans: list the plans that need attention and count the clean ones.
    const collapse = this.#plans > COLLAPSE_CLEAN_ABOVE;
    let hidden = this.#cleanNotKept;
    for (const block of this.#blocks) {
      if (collapse && block.clean) {
        hidden += 1;
        continue;
      }
      yield `${block.text}\n\n`;
    }
    const tail: string[] = [];
    if (hidden > 0) tail.push(style.green(`${hidden} more plan${hidden === 1 ? '' : 's'} with no findings (not listed)`), '');
    if (report.groups.length > 0) tail.push(...groupBlock(report.groups, style), '');
    tail.push(...summary(report, counts, style));
    yield tail.join('\n');
  }

  /**
   * The register at a glance: one line per rule that fired (severity, plans affected, rule and title), under it the
   * first few plans with their practitioners ("JP-2026-014 (Patel, Raj); JP-2026-027 (Green, Tom) and 3 more":
   * names are written "Surname, Forename", so plans are separated by semicolons). Group rules follow, by groups.
   */
  #ruleTable(groups: readonly GroupFinding[], counts: PlanCounts): string[] {
    const style = this.#style;
    const lines = [style.bold(`Findings by rule: ${plural(counts.plans, 'plan')}, ${counts.withFindings} with findings${counts.judged < counts.plans ? `, ${counts.plans - counts.judged} not judged` : ''}`)];
    const rank = (r: { severity: Finding['severity']; notJudged: boolean }): number => (r.notJudged ? 3 : SEVERITY_RANK[r.severity]);
    const rows = [...this.#rules.values()].sort((a, b) => rank(a) - rank(b) || b.count - a.count || a.id.localeCompare(b.id));
    if (rows.length === 0 && groups.length === 0) lines.push(`  ${style.green('no findings')}`);
    const width = Math.max(0, ...rows.map((r) => r.id.length), ...groups.map((g) => g.ruleId.length));
    const labelWidth = rows.some((r) => r.notJudged) ? NOT_JUDGED.length : 7;
    if (rows.length > 0) lines.push(style.dim(`  ${'Severity'.padEnd(labelWidth + 1)} ${'Plans'.padStart(6)}  ${'Rule'.padEnd(width)}  Title`));
    for (const r of rows) {
      const label = r.notJudged ? style.dim(NOT_JUDGED) : colourFor(r.severity, style)(LABEL[r.severity].padEnd(labelWidth));
      lines.push(`  ${label}  ${String(r.count).padStart(6)}  ${style.bold(r.id.padEnd(width))}  ${r.title}`);
      lines.push(style.dim(`  ${' '.repeat(labelWidth + 2 + 6 + 2)}${namedPlans(r.first, r.count, this.#names)}`));
    }
    if (groups.length > 0) {
      const byGroupRule = new Map<string, { severity: GroupFinding['severity']; title: string; groups: string[] }>();
      for (const g of groups) {
        const r = byGroupRule.get(g.ruleId) ?? { severity: g.severity, title: g.title, groups: [] };
        r.groups.push(`${g.group.label} (${plural(g.group.plans, 'plan')})`);
        byGroupRule.set(g.ruleId, r);
      }
      lines.push(style.dim(`  ${'Severity'.padEnd(8)} ${'Groups'.padStart(6)}  ${'Register rule'.padEnd(width)}  Title`));
      for (const [id, r] of [...byGroupRule.entries()].sort((a, b) => SEVERITY_RANK[a[1].severity] - SEVERITY_RANK[b[1].severity] || a[0].localeCompare(b[0]))) {
        lines.push(`  ${colourFor(r.severity, style)(LABEL[r.severity])}  ${String(r.groups.length).padStart(6)}  ${style.bold(id.padEnd(width))}  ${r.title}`);
        lines.push(style.dim(`  ${' '.repeat(7 + 2 + 6 + 2)}${r.groups.slice(0, TABLE_PLANS_NAMED).join('; ')}${r.groups.length > TABLE_PLANS_NAMED ? ` and ${r.groups.length - TABLE_PLANS_NAMED} more` : ''}`));
      }
    }
    return lines;
  }
}

/** What the text counts of the plans as they pass. */
interface PlanCounts {
  readonly plans: number;
  readonly judged: number;
  readonly withFindings: number;
  readonly clean: number;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;
const NOT_JUDGED = 'NOT JUDGED';

function colourFor(severity: Finding['severity'], style: TextStyle): (s: string) => string {
  return severity === 'error' ? style.red : severity === 'warning' ? style.yellow : style.dim;
}

/** "JP-2026-014 (Patel, Raj); JP-2026-027 and 3 more": the first few of `count` plans. */
function namedPlans(first: readonly string[], count: number, names: ReadonlyMap<string, string | null>): string {
  const named = first.slice(0, TABLE_PLANS_NAMED).map((ref) => {
    const name = names.get(ref);
    return name && name !== ref ? `${ref} (${name})` : ref;
  });
  return named.join('; ') + (count > TABLE_PLANS_NAMED ? ` and ${count - TABLE_PLANS_NAMED} more` : '');
}

function planBlock(plan: PlanResult, style: TextStyle): string[] {
  const who = plan.practitioner && plan.practitioner !== plan.ref ? ` · ${plan.practitioner}` : '';
  const lines = [style.bold(`${plan.ref}${who}`) + style.dim(`  (${plan.source})`)];
  for (const p of plan.policies) lines.push(style.dim(`  judged by ${p.id}@${p.version}: ${ukDates(p.reason)}`));
  for (const d of plan.diagnostics) lines.push(`  ${diagnosticLine(d, style)}`);
  if (plan.findings.length === 0 && plan.policies.length > 0) lines.push(`  ${style.green('no findings')}`);
  for (const f of plan.findings) lines.push(...findingLines(f, plan.source, style));
  const c = countFindings(plan.findings);
  if (plan.findings.length > 0) lines.push(style.dim(`  ${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'info')}`));
  return lines;
}

function groupBlock(findings: readonly GroupFinding[], style: TextStyle): string[] {
  const lines = [style.bold('Register (group rules)')];
  for (const f of findings) {
    const colour = f.severity === 'error' ? style.red : f.severity === 'warning' ? style.yellow : style.dim;
    lines.push(`  ${colour(LABEL[f.severity])} ${style.bold(f.ruleId)}  ${style.dim(clauseText(f.clause))}  ${f.group.label} (${f.group.plans} plan${f.group.plans === 1 ? '' : 's'})`, `          ${f.message}`);
    if (f.offenders.length > 0) lines.push(style.dim(`          plans: ${f.offenders.slice(0, 8).map((o) => o.ref).join(', ')}${f.offenders.length > 8 ? ` and ${f.offenders.length - 8} more` : ''}`));
  }
  return lines;
}

function findingLines(f: Finding, source: string, style: TextStyle): string[] {
  const colour = f.severity === 'error' ? style.red : f.severity === 'warning' ? style.yellow : style.dim;
  const lines = [`  ${colour(LABEL[f.severity])} ${style.bold(f.ruleId)}  ${style.dim(clauseText(f.clause))}`, `          ${f.message}`];
  if (f.cells.length > 0) lines.push(style.dim(`          at ${f.cells.slice(0, 6).map((c) => formatCellAt(source, c.sheet, c.cell)).join(', ')}${f.cells.length > 6 ? ` and ${f.cells.length - 6} more` : ''}`));
  return lines;
}

/** "7.5" → "§7.5"; a clause that is not a section number ("p.22", "3, audit action 2") is shown as written. */
export function clauseText(clause: string): string {
  return /^\d/.test(clause) ? `§${clause}` : clause;
}

function diagnosticLine(d: Diagnostic, style: TextStyle): string {
  const text = formatDiagnostic(d);
  return d.severity === 'error' ? style.red(text) : d.severity === 'warning' ? style.yellow(text) : text;
}

function summary(report: EvaluationReport, plans: PlanCounts, style: TextStyle): string[] {
  const notJudged = plans.plans - plans.judged;
  const f = report.summary.findings;
  // No plan read: only the totals are said.
  const counts = plans.plans === 0
    ? ''
    : `: ${plans.clean} clean, ${plans.withFindings} with findings${notJudged > 0 ? `, ${notJudged} not judged` : ''}`;
  const lines = [
    style.bold(`${plural(report.summary.plans, 'plan')} checked${counts} (${plural(f.error, 'error')}, ${plural(f.warning, 'warning')}, ${plural(f.info, 'info')}).`),
  ];
  const g = report.summary.groupFindings;
  if (g.error + g.warning + g.info > 0) lines.push(`Register: ${plural(g.error, 'error')}, ${plural(g.warning, 'warning')}, ${plural(g.info, 'info')} from group rules.`);
  const d = report.summary.diagnostics;
  if (d.error + d.warning > 0) lines.push(`Input problems: ${plural(d.error, 'error')}, ${plural(d.warning, 'warning')}.`);
  for (const p of report.policies) {
    lines.push(style.dim(`Policy ${p.id}@${p.version} (${p.status}${p.illustrative ? ', illustrative' : ''}, in force from ${ukDate(p.effectiveFrom)}${p.effectiveTo ? ` to ${ukDate(p.effectiveTo)}` : ''}) sha256 ${p.sha256}`));
  }
  lines.push(style.dim(`jobplan ${report.engineVersion}; today ${ukDate(report.today)}${report.asOf ? `; as of ${ukDate(report.asOf)}` : ''}`));
  if (report.audit) lines.push(style.dim(`Audit log ${report.audit.log}: line seq ${report.audit.seq}, head hash ${report.audit.head}`));
  return lines;
}

/** Dates written out in a sentence, DD/MM/YYYY ("in force from 2017-04-28" → "in force from 28/04/2017"). */
function ukDates(text: string): string {
  return text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (_m, y: string, m: string, d: string) => `${d}/${m}/${y}`);
}

/** DD/MM/YYYY for people (ISO stays in JSON). */
function ukDate(date: string): string {
  return isIsoDate(date) ? formatUkDate(date) : date;
}

export function countFindings(findings: readonly Finding[]): { error: number; warning: number; info: number } {
  return {
    error: findings.filter((x) => x.severity === 'error').length,
    warning: findings.filter((x) => x.severity === 'warning').length,
    info: findings.filter((x) => x.severity === 'info').length,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;
}
