/**
 * Unknown is not compliant: a plan rule that did not fire may still be undecided, when a fact that decides it is not
 * recorded (facts/unknown.ts says which nulls mean "not recorded"). The rule's conditions are evaluated again with
 * those nulls as "unknown" (three-valued: `all` is false if any part is false, `any` true if any part is true, else
 * unknown when a part is); an unknown result is reported "not judged: <field> not recorded", not passed.
 *
 * This runs after either evaluator (fast or json-rules-engine) has decided that the rule did not fire, so both stay
 * identical; presence operators (isMissing, isPresent, isEmpty, isNotEmpty) are decided by the null itself.
 */
import type { DeriveContext, FactValue } from '../facts/fact.js';
import { MISSING_WHEN_NULL, type MissingField } from '../facts/unknown.js';
import type { JobPlan } from '../model/job-plan.js';
import type { CompiledCondition, CompiledRule } from '../policy/compiled-policy.js';
import { OPERATORS_BY_NAME } from '../policy/operators.js';

const ABOUT_PRESENCE = new Set(['isMissing', 'isPresent', 'isEmpty', 'isNotEmpty']);

type Facts = Readonly<Record<string, FactValue>>;
type Lookup = (fact: string) => readonly MissingField[] | null;
type Tri = { readonly value: boolean } | { readonly value: 'unknown'; readonly missing: readonly MissingField[] };

/** The facts of a rule whose null can leave it undecided (worked out once per rule). */
const deciding = new WeakMap<CompiledRule, readonly string[]>();

function decidingFacts(rule: CompiledRule): readonly string[] {
  let names = deciding.get(rule);
  if (!names) {
    names = rule.facts.filter((f) => MISSING_WHEN_NULL.has(f));
    deciding.set(rule, names);
  }
  return names;
}

/**
 * The fields whose absence leaves a (non-firing) plan rule undecided, or null when the rule is decided: quiet because
 * the plan meets it or because the situation does not arise.
 */
export function undecidedBy(rule: CompiledRule, values: Facts, plan: JobPlan, context: DeriveContext): readonly MissingField[] | null {
  if (rule.scope !== 'plan' || rule.whenUnknown === 'quiet') return null;
  const names = decidingFacts(rule);
  if (!names.some((n) => values[n] === null || values[n] === undefined)) return null;
  const cache = new Map<string, readonly MissingField[] | null>();
  const lookup: Lookup = (fact) => {
    if (!cache.has(fact)) {
      const v = values[fact];
      const rule = MISSING_WHEN_NULL.get(fact);
      cache.set(fact, (v === null || v === undefined) && rule ? rule(plan, context) : null);
    }
    return cache.get(fact)!;
  };
  const result = evaluate(rule.when, values, lookup);
  if (result.value !== 'unknown') return null;
  const seen = new Set<string>();
  return result.missing.filter((m) => !seen.has(m.label) && seen.add(m.label));
}

function evaluate(c: CompiledCondition, values: Facts, missing: Lookup): Tri {
  switch (c.kind) {
    case 'all':
    case 'any': {
      const parts = c.conditions.map((x) => evaluate(x, values, missing));
      const decisive = c.kind === 'any';
      if (parts.some((p) => p.value === decisive)) return { value: decisive };
      const unknown = parts.filter((p): p is Extract<Tri, { value: 'unknown' }> => p.value === 'unknown');
      return unknown.length > 0 ? { value: 'unknown', missing: unknown.flatMap((p) => p.missing) } : { value: !decisive };
    }
    case 'not': {
      const inner = evaluate(c.condition, values, missing);
      return inner.value === 'unknown' ? inner : { value: !inner.value };
    }
    case 'fact': {
      const op = OPERATORS_BY_NAME.get(c.operator)!;
      const other = c.valueFrom && 'fact' in c.valueFrom ? c.valueFrom.fact : null;
      if (!ABOUT_PRESENCE.has(c.operator)) {
        const fields = [...(missing(c.fact) ?? []), ...(other !== null ? (missing(other) ?? []) : [])];
        if (fields.length > 0) return { value: 'unknown', missing: fields };
      }
      const compared = other !== null ? (values[other] ?? null) : (c.value ?? true);
      return { value: op.test(values[c.fact] ?? null, compared) };
    }
  }
}

/**
 * The facts of a rule whose value is a number that is not finite (NaN, Infinity): no comparison with one means
 * anything (NaN > 0.01 and NaN <= 0.01 are both false), so the rule cannot be judged on this plan, whichever way its
 * conditions came out. The readers refuse such values where they enter (text, cells, frequencies); this is the last
 * guard, so a NaN that slips through is reported "not judged", never passed or failed.
 */
export function nonFiniteFacts(rule: CompiledRule, values: Facts): readonly NonFiniteFact[] {
  let found: NonFiniteFact[] | null = null;
  for (const name of rule.facts) {
    const value = values[name];
    if (typeof value === 'number' && !Number.isFinite(value)) (found ??= []).push({ fact: name, value });
  }
  return found ?? NONE;
}

export interface NonFiniteFact {
  readonly fact: string;
  readonly value: number;
}

const NONE: readonly NonFiniteFact[] = [];

/** "pa_variance_abs came out as NaN (not a number)": why the rule was not judged, in words. */
export function nonFiniteReason(item: NonFiniteFact): string {
  return `${item.fact} came out as ${String(item.value)}, not a number jobplan can compare (a value it was computed from is out of range)`;
}
