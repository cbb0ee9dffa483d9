/**
 * The text report a person reads in a terminal: grouped by plan, errors first, each finding with its rule,
 * clause and `Sheet!A1` cells (`file:line:field` for a CSV), then a summary with the policy versions and hashes that judged the plans.
 */
import { formatCellAt, formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { GroupFinding } from '../evaluate/evaluate-groups.js';
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

export function formatReportText(report: EvaluationReport, style: TextStyle = PLAIN): string {
  const lines: string[] = [];
  for (const d of report.diagnostics) lines.push(diagnosticLine(d, style));
  if (report.diagnostics.length > 0) lines.push('');
  // A register of hundreds of plans: list the plans that need attention and count the clean ones.
  const collapse = report.plans.length > COLLAPSE_CLEAN_ABOVE;
  let hidden = 0;
  for (const plan of report.plans) {
    if (collapse && plan.findings.length === 0 && plan.diagnostics.length === 0 && plan.policies.length > 0) {
      hidden += 1;
      continue;
    }
    lines.push(...planBlock(plan, style), '');
  }
  if (hidden > 0) lines.push(style.green(`${hidden} more plan${hidden === 1 ? '' : 's'} with no findings (not listed)`), '');
  if (report.groups.length > 0) lines.push(...groupBlock(report.groups, style), '');
  lines.push(...summary(report, style));
  return lines.join('\n');
}

function planBlock(plan: PlanResult, style: TextStyle): string[] {
  const lines = [style.bold(`${plan.ref}`) + style.dim(`  (${plan.source})`)];
  for (const p of plan.policies) lines.push(style.dim(`  judged by ${p.id}@${p.version}: ${p.reason}`));
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

function summary(report: EvaluationReport, style: TextStyle): string[] {
  const clean = report.plans.filter((p) => p.findings.length === 0 && p.policies.length > 0).length;
  const f = report.summary.findings;
  const lines = [
    style.bold(`${plural(report.summary.plans, 'plan')} checked: ${clean} clean, ${report.summary.plans - clean} with findings or not judged (${plural(f.error, 'error')}, ${plural(f.warning, 'warning')}, ${plural(f.info, 'info')}).`),
  ];
  const g = report.summary.groupFindings;
  if (g.error + g.warning + g.info > 0) lines.push(`Register: ${plural(g.error, 'error')}, ${plural(g.warning, 'warning')}, ${plural(g.info, 'info')} from group rules.`);
  const d = report.summary.diagnostics;
  if (d.error + d.warning > 0) lines.push(`Input problems: ${plural(d.error, 'error')}, ${plural(d.warning, 'warning')}.`);
  for (const p of report.policies) {
    lines.push(style.dim(`Policy ${p.id}@${p.version} (${p.status}${p.illustrative ? ', illustrative' : ''}, in force from ${p.effectiveFrom}${p.effectiveTo ? ` to ${p.effectiveTo}` : ''}) sha256 ${p.sha256}`));
  }
  lines.push(style.dim(`jobplan ${report.engineVersion}; today ${report.today}${report.asOf ? `; as of ${report.asOf}` : ''}`));
  return lines;
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
