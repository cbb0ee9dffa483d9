/** The Explain view as text: a rule's conditions with the values seen, the parameters used and the clause. */
import { formatUkDate } from '../model/dates.js';
import type { ConditionTrace } from '../evaluate/condition-trace.js';
import type { RuleExplanation } from '../evaluate/evaluate.js';
import { formatValue } from '../evaluate/message.js';
import { OPERATORS_BY_NAME } from '../policy/operators.js';
import { formatCellAt } from '../diagnostics/diagnostic.js';
import { clauseText } from './format-text.js';
import { FACTS_BY_NAME } from '../facts/catalogue.js';
import { PLAN_FIELDS } from '../model/job-plan.js';

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

/** The Explain view in plain sentences, for Medical HR: what became of the rule, and why, with the policy's numbers. */
export interface PlainExplanation {
  /** `The plan does not meet this rule.` / `The plan meets this rule.` / why it could not be judged. */
  readonly outcome: string;
  /** One sentence for each condition that decided the outcome, with the value seen and what the policy allows. */
  readonly reasons: readonly string[];
  /** The policy's own reason for the rule (its `explain`), when it gives one. */
  readonly why: string | null;
}

/** Date spans written as what happened, after what, and the field holding the date it counts from. */
const SPANS: Readonly<Record<string, { readonly did: string; readonly after: string; readonly from: string }>> = {
  days_meeting_to_practitioner_signoff: { did: 'The practitioner signed', after: 'the job plan meeting', from: 'meeting_date' },
  days_meeting_to_manager_signoff: { did: 'The clinical manager signed', after: 'the job plan meeting', from: 'meeting_date' },
  days_waiting_for_signoff: { did: 'A signature is still missing', after: 'the job plan meeting', from: 'meeting_date' },
  days_start_in_post_to_meeting: { did: 'The job plan meeting was held', after: 'the start in post', from: 'contract_start_date' },
  days_failure_to_agree_to_md_referral: { did: 'The disagreement reached the Medical Director', after: 'the failure to agree', from: 'failure_to_agree_date' },
  days_md_referral_to_md_meeting: { did: 'The Medical Director met the parties', after: 'the referral', from: 'md_referral_date' },
  days_waiting_for_md_meeting: { did: 'The Medical Director has still not met the parties', after: 'the referral', from: 'md_referral_date' },
  days_mediation_outcome_to_appeal_lodged: { did: 'The appeal was lodged', after: 'the mediation outcome', from: 'mediation_outcome_date' },
  days_appeal_lodged_to_panel: { did: 'The appeal panel sat', after: 'the appeal was lodged', from: 'appeal_lodged_date' },
  days_waiting_for_appeal_panel: { did: 'The appeal panel has still not sat', after: 'the appeal was lodged', from: 'appeal_lodged_date' },
  days_panel_to_recommendation: { did: 'The panel made its recommendation', after: 'the hearing', from: 'appeal_panel_date' },
  days_waiting_for_panel_recommendation: { did: 'The panel has still not made its recommendation', after: 'the hearing', from: 'appeal_panel_date' },
};

/** Unit words, singular and plural; units not listed are left unwritten (counts, ratios). */
const UNITS: Readonly<Record<string, readonly [string, string]>> = {
  days: ['day', 'days'], months: ['month', 'months'], hours: ['hour', 'hours'], PA: ['PA', 'PAs'], weeks: ['week', 'weeks'],
};

function withUnit(value: unknown, unit: string | undefined): string {
  if (value === null || value === undefined) return 'not recorded';
  if (typeof value === 'number') {
    if (unit === 'percentage') return `${formatValue(value)}%`;
    const words = unit ? UNITS[unit] : undefined;
    return words ? `${formatValue(value)} ${value === 1 ? words[0] : words[1]}` : formatValue(value);
  }
  return formatValue(value);
}

/** Facts whose catalogue description names another fact: their words here. */
const FACT_WORDS: Readonly<Record<string, string>> = {
  pa_variance_abs: 'PAs in the timetable against the contracted PAs, the difference either way',
  hours_variance_abs: 'Hours planned against the contracted hours, the difference either way',
  dcc_vs_template_points_abs: 'Direct clinical care against the band template, the difference either way (percentage points)',
};

/** A fact named in words: a plan field by its label, else the first phrase of its catalogue description. */
function factWords(name: string): string {
  const field = (PLAN_FIELDS as Readonly<Record<string, { readonly label: string } | undefined>>)[name];
  if (field) return field.label;
  if (FACT_WORDS[name]) return FACT_WORDS[name];
  const description = FACTS_BY_NAME.get(name)?.description;
  if (!description) return name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  const cut = /[.:;](\s|$)/.exec(description);
  return (cut ? description.slice(0, cut.index) : description).trim();
}

/**
 * The policy's value against the one seen. A rule fires when `fact <operator> value` holds: for "greater than" that
 * value is what the policy allows (a deadline, a maximum), for "less than" what it requires (a minimum). Other
 * comparisons may as well set the scene (a full-time contract is 10 PAs or more), so they are said as facts.
 */
function policySays(operator: string, limit: string, held: boolean | null): string {
  switch (operator) {
    case 'greaterThan': return `the policy allows ${limit}`;
    case 'lessThan': return `the policy requires at least ${limit}`;
    case 'greaterThanInclusive': return held === false ? `below the policy's ${limit}` : `at least the policy's ${limit}`;
    case 'lessThanInclusive': return held === false ? `above the policy's ${limit}` : `no more than the policy's ${limit}`;
    case 'notEqual': return held === false ? `the policy's ${limit}` : `not the policy's ${limit}`;
    case 'equal': return held === false ? `not the policy's ${limit}` : `the policy's ${limit}`;
    default: return `the policy's value is ${limit}`;
  }
}

/** A count of offending rows or items: "more than 0" means the policy allows none. */
const isCount = (fact: string): boolean => /_count$/.test(fact) || FACTS_BY_NAME.get(fact)?.unit === 'rows';

/** One condition as a sentence: the value seen, in words, and what the policy allows (with its clause). */
function plainCondition(t: Extract<ConditionTrace, { kind: 'fact' }>, e: RuleExplanation): string {
  const unit = FACTS_BY_NAME.get(t.fact)?.unit;
  const span = SPANS[t.fact];
  const seenValue = t.factValue;
  let left: string;
  if (span && typeof seenValue === 'number') {
    const from = e.values[span.from];
    left = `${span.did} ${withUnit(seenValue, 'days')} after ${span.after}${typeof from === 'string' ? ` on ${formatValue(from)}` : ''}`;
  } else if (t.operator === 'isMissing' || t.operator === 'isPresent') {
    left = `${factWords(t.fact)}: ${seenValue === null || seenValue === undefined ? 'not recorded' : `recorded (${formatValue(seenValue)})`}`;
  } else if (t.operator === 'isNotEmpty' || t.operator === 'isEmpty') {
    left = `${factWords(t.fact)}: ${Array.isArray(seenValue) && seenValue.length > 0 ? formatValue(seenValue) : 'none'}`;
  } else {
    left = `${factWords(t.fact)}: ${withUnit(seenValue, unit)}`;
  }
  if (t.valueFrom && 'param' in t.valueFrom) {
    const param = e.params[t.valueFrom.param];
    const limit = withUnit(param?.value ?? t.value, param?.unit ?? unit);
    return `${left}; ${policySays(t.operator, limit, t.result)}${param ? ` (${clauseText(param.clause)})` : ''}.`;
  }
  if (t.valueFrom && 'fact' in t.valueFrom) return `${left}; ${factWords(t.valueFrom.fact)}: ${withUnit(t.value, FACTS_BY_NAME.get(t.valueFrom.fact)?.unit)}.`;
  if (t.value === 0 && t.operator === 'greaterThan' && isCount(t.fact)) return `${left}; the policy allows none.`;
  if (typeof t.value === 'number' && t.value !== 0 && (t.operator === 'greaterThan' || t.operator === 'lessThan')) return `${left}; ${policySays(t.operator, withUnit(t.value, unit), t.result)}.`;
  return `${left}.`;
}

/** The conditions that decided the outcome: those that held for a rule that fired, those that failed for a quiet one. */
function decidingConditions(t: ConditionTrace, expected: boolean): Extract<ConditionTrace, { kind: 'fact' }>[] {
  switch (t.kind) {
    case 'all':
    case 'any':
      return t.conditions.filter((c) => c.result === expected).flatMap((c) => decidingConditions(c, expected));
    case 'not':
      return decidingConditions(t.condition, !expected);
    case 'fact':
      return t.result === expected ? [t] : [];
  }
}

/**
 * Explain in plain sentences, as Medical HR reads it: "The practitioner signed 29 days after the job plan meeting on
 * 01/09/2026; the policy allows 28 days (§7.5)." The condition trace (formatExplanationText) stays the authors' view.
 */
export function plainExplanation(e: RuleExplanation): PlainExplanation {
  const why = e.rule.explain?.trim() || null;
  if (!e.fired && e.notJudged) {
    const missing = e.notJudged.missing;
    return {
      outcome: `This rule could not be judged: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not recorded. Not recorded is not the same as meeting the policy: record ${missing.length === 1 ? 'it' : 'them'} and validate again.`,
      reasons: [],
      why,
    };
  }
  // The comparisons with the policy's numbers first; the conditions that only set the scene (not disputed) after.
  const deciding = decidingConditions(e.trace, e.fired);
  const withParam = (t: (typeof deciding)[number]): boolean => t.valueFrom !== undefined && 'param' in t.valueFrom;
  const reasons = [...new Set([...deciding.filter(withParam), ...deciding.filter((t) => !withParam(t))].map((t) => plainCondition(t, e)))];
  return { outcome: e.fired ? 'The plan does not meet this rule.' : 'The plan meets this rule.', reasons, why };
}
