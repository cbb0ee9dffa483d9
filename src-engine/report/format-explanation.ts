/** The Explain view as text: a rule's conditions with the values seen, the parameters used and the clause. */
import { formatUkDate } from '../model/dates.js';
import type { ConditionTrace } from '../evaluate/condition-trace.js';
import type { RuleExplanation } from '../evaluate/evaluate.js';
import { formatValue } from '../evaluate/message.js';
import { OPERATORS_BY_NAME } from '../policy/operators.js';
import { formatCellAt } from '../diagnostics/diagnostic.js';
import { clauseText } from './format-text.js';

const SYMBOL: Record<string, string> = {
  equal: '=', notEqual: '≠', lessThan: '<', lessThanInclusive: '≤', greaterThan: '>', greaterThanInclusive: '≥',
  before: 'before', onOrBefore: 'on or before', after: 'after', onOrAfter: 'on or after',
};

/** One condition in words: `days_meeting_to_manager_signoff (29) > signoff_deadline_days (28)`. */
const seen = (v: unknown): string => (v === null || v === undefined ? '(not recorded)' : `(${formatValue(v)})`);

export function describeCondition(t: Extract<ConditionTrace, { kind: 'fact' }>): string {
  const left = `${t.fact} ${seen(t.factValue)}`;
  const op = SYMBOL[t.operator] ?? OPERATORS_BY_NAME.get(t.operator)?.description.replace(/^fact |^list fact |^number |^date /, '') ?? t.operator;
  if (t.value === undefined && !t.valueFrom) return `${left} ${t.operator === 'isMissing' ? 'is not recorded' : t.operator === 'isPresent' ? 'is recorded' : op}`;
  const right = t.valueFrom && 'param' in t.valueFrom ? `${t.valueFrom.param} ${seen(t.value)}` : t.valueFrom && 'fact' in t.valueFrom ? `${t.valueFrom.fact} ${seen(t.value)}` : formatValue(t.value);
  return `${left} ${op} ${right}`;
}

function mark(result: boolean | null): string {
  return result === null ? '·  not evaluated' : result ? '✓  true ' : '✗  false';
}

export function traceLines(t: ConditionTrace, indent = '  '): string[] {
  switch (t.kind) {
    case 'all':
    case 'any':
      return [`${indent}${mark(t.result)}  ${t.kind === 'all' ? 'ALL of' : 'ANY of'}:`, ...t.conditions.flatMap((c) => traceLines(c, `${indent}    `))];
    case 'not':
      return [`${indent}${mark(t.result)}  NOT:`, ...traceLines(t.condition, `${indent}    `)];
    case 'fact':
      return [`${indent}${mark(t.result)}  ${describeCondition(t)}`];
  }
}

export function formatExplanationText(e: RuleExplanation): string {
  const lines = [
    `Rule ${e.rule.id}: ${e.rule.title}`,
    `  policy ${e.policy.id}@${e.policy.version}${e.policy.illustrative ? ' (ILLUSTRATIVE)' : ''}, clause ${clauseText(e.rule.clause)}, severity ${e.rule.severity}`,
    `  policy file ${e.policy.path} sha256 ${e.policy.sha256}`,
    `Plan ${e.planRef} (${e.source}); reference date ${formatUkDate(e.referenceDate)}; today ${formatUkDate(e.today)}`,
    '',
    e.fired ? `Result: the rule FIRES (the plan breaks it)`
      : e.notJudged ? `Result: the rule could not be judged: ${e.notJudged.missing.join(', ')} not recorded (quiet is not compliant: record ${e.notJudged.missing.length === 1 ? 'it' : 'them'})`
        : `Result: the rule is quiet (the plan meets it)`,
    'Conditions (the rule fires when these hold):',
    ...traceLines(e.trace),
  ];
  const params = Object.entries(e.params);
  if (params.length > 0) {
    lines.push('', 'Parameters of this version:');
    for (const [name, p] of params) lines.push(`  ${name} = ${formatValue(p.value)} ${p.unit} (${clauseText(p.clause)})`);
  }
  lines.push('', 'Facts seen:');
  for (const [name, v] of Object.entries(e.values)) lines.push(`  ${name} = ${formatValue(v)}`);
  if (e.message) lines.push('', `Finding: ${e.message}`);
  if (e.cells.length > 0) lines.push(`Cells: ${e.cells.map((c) => formatCellAt(e.source, c.sheet, c.cell)).join(', ')}`);
  if (e.rule.explain) lines.push('', `Why: ${e.rule.explain}`);
  return lines.join('\n');
}
