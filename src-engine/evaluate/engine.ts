/**
 * The only json-rules-engine import. One Engine per compiled policy, with jobplan's operators in place of the
 * built-ins (so null and dates behave as documented) and a plain path resolver (the default one pulls in a
 * JSONPath library with a history of code-execution bugs). Runs on one engine are awaited one at a time:
 * concurrent runs share engine state and silently skip rules (upstream issue #303).
 */
import { Engine, type RuleResult, type TopLevelCondition, type NestedCondition } from 'json-rules-engine';
import type { FactValue } from '../facts/fact.js';
import type { CompiledCondition, CompiledPolicy, CompiledRule } from '../policy/compiled-policy.js';
import type { Literal } from '../policy/policy-document.js';
import { OPERATORS } from '../policy/operators.js';
import type { ConditionTrace } from './condition-trace.js';

export interface RuleOutcome {
  readonly fired: boolean;
  /** How each condition came out; the fast path leaves it null for rules that did not fire. */
  readonly trace: ConditionTrace | null;
}

export class PolicyEngine {
  readonly #engine: Engine;
  #busy: Promise<unknown> = Promise.resolve();

  readonly #rules: readonly CompiledRule[];

  /** An engine for the policy's plan rules, or for the given rules (a group rule, judged on its aggregates). */
  constructor(policy: CompiledPolicy, rules: readonly CompiledRule[] = policy.rules.filter((r) => r.scope === 'plan')) {
    this.#rules = rules;
    this.#engine = new Engine([], {
      allowUndefinedFacts: false,
      allowUndefinedConditions: false,
      replaceFactsInEventParams: false,
      pathResolver: (value: unknown, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | null)?.[k], value),
    });
    for (const op of OPERATORS) this.#engine.addOperator(op.name, (a: FactValue, b: unknown) => op.test(a, b));
    for (const rule of rules) {
      this.#engine.addRule({ name: rule.id, conditions: topLevel(rule.when), event: { type: rule.id } });
    }
  }

  /**
   * Judges one plan's facts against every rule of the policy. Calls are queued, so even callers that
   * forget to await one run before starting the next never share the engine's state.
   */
  judge(facts: Readonly<Record<string, FactValue>>): Promise<Map<string, RuleOutcome>> {
    const run = this.#busy.then(() => this.#run(facts));
    this.#busy = run.catch(() => undefined);
    return run;
  }

  async #run(facts: Readonly<Record<string, FactValue>>): Promise<Map<string, RuleOutcome>> {
    const { results, failureResults } = await this.#engine.run({ ...facts });
    const outcomes = new Map<string, RuleOutcome>();
    const byName = new Map<string, RuleResult>([...results, ...failureResults].map((r) => [r.name, r]));
    for (const rule of this.#rules) {
      const r = byName.get(rule.id);
      if (!r) throw new Error(`internal: json-rules-engine returned no result for rule ${rule.id}`);
      outcomes.set(rule.id, { fired: r.result === true, trace: trace(rule.when, unwrap(rule.when, r.conditions), facts) });
    }
    return outcomes;
  }
}

/** json-rules-engine needs all/any/not at the top; a single fact condition is wrapped in `all`. */
function topLevel(c: CompiledCondition): TopLevelCondition {
  const n = toJre(c);
  return c.kind === 'fact' ? { all: [n] } : (n as TopLevelCondition);
}

function unwrap(c: CompiledCondition, result: unknown): unknown {
  return c.kind === 'fact' ? (result as { all: unknown[] }).all[0] : result;
}

function toJre(c: CompiledCondition): NestedCondition {
  switch (c.kind) {
    case 'all': return { all: c.conditions.map(toJre) };
    case 'any': return { any: c.conditions.map(toJre) };
    case 'not': return { not: toJre(c.condition) };
    case 'fact': {
      const value = c.valueFrom && 'fact' in c.valueFrom ? { fact: c.valueFrom.fact } : (c.value ?? true);
      return { fact: c.fact, operator: c.operator, value };
    }
  }
}

/**
 * Walks json-rules-engine's result tree alongside the compiled tree (it keeps the same shape and order).
 * It records results on leaves only; all/any/not results are derived here from their children, with null
 * (not evaluated) propagating only when it could change the answer.
 */
function trace(c: CompiledCondition, raw: unknown, facts: Readonly<Record<string, FactValue>>): ConditionTrace {
  const r = (raw ?? {}) as { result?: boolean; all?: unknown[]; any?: unknown[]; not?: unknown; valueResult?: unknown };
  switch (c.kind) {
    case 'all':
    case 'any': {
      const children = (c.kind === 'all' ? r.all : r.any) ?? [];
      const conditions = c.conditions.map((child, i) => trace(child, children[i], facts));
      const results = conditions.map((x) => x.result);
      const decisive = c.kind === 'all' ? false : true;
      const result = results.includes(decisive) ? decisive : results.includes(null) ? null : !decisive;
      return { kind: c.kind, result, conditions };
    }
    case 'not': {
      const condition = trace(c.condition, r.not, facts);
      return { kind: 'not', result: condition.result === null ? null : !condition.result, condition };
    }
    case 'fact':
      return {
        kind: 'fact', fact: c.fact, operator: c.operator,
        ...(c.value !== undefined ? { value: c.value } : {}),
        ...(c.valueFrom ? { valueFrom: c.valueFrom } : {}),
        ...(c.valueFrom && 'fact' in c.valueFrom ? { value: (r.valueResult ?? null) as Literal } : {}),
        factValue: facts[c.fact] ?? null,
        result: typeof r.result === 'boolean' ? r.result : null,
      };
  }
}
