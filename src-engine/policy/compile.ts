/**
 * Compilation: a schema-valid PolicyDocument → CompiledPolicy, checking everything json-rules-engine would
 * silently get wrong: unknown facts, operators and parameters, operators used on the wrong type of fact,
 * values of the wrong type, duplicate rule ids and message placeholders that name nothing. Every problem is
 * a diagnostic with file:line:col; nothing is thrown and no rule is left to silently never fire.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { FACTS_BY_NAME } from '../facts/catalogue.js';
import type { FactType } from '../facts/fact.js';
import { isIsoDate } from '../model/dates.js';
import type { YamlDocument } from '../yaml/yaml-document.js';
import type { CompiledAggregate, CompiledCondition, CompiledPolicy, CompiledRule, GroupSpec } from './compiled-policy.js';
import { OPERATORS, OPERATORS_BY_NAME } from './operators.js';
import type { ConditionDocument, Literal, PolicyDocument, RuleDocument } from './policy-document.js';
import { GROUP_FIELDS } from './policy-schema.js';

type Path = (string | number)[];

/** Names a message may use besides facts and parameters. */
export const MESSAGE_BUILTINS = ['plan_ref', 'rule_id', 'clause'] as const;
/** Names a group rule's message may use besides its aggregates and parameters. */
export const GROUP_MESSAGE_BUILTINS = ['group', 'offenders', 'offender_count', 'plans_in_group', 'today'] as const;

/** Compiles a group rule's members, aggregates and offenders (plan conditions and plan facts). */
function compileGroup(rule: RuleDocument, path: Path, ctx: ConditionContext): GroupSpec | null {
  let ok = true;
  const groupBy = rule.group_by ?? [];
  groupBy.forEach((field, i) => {
    if (!GROUP_FIELDS.includes(field)) {
      ctx.error('policy_unknown_group_field', `rule '${rule.id}': group_by '${field}' is not a text field of a plan${didYouMean(field, GROUP_FIELDS)}`, [...path, 'group_by', i]);
      ok = false;
    }
  });
  const where = rule.where ? compileCondition(rule.where, [...path, 'where'], ctx) : null;
  if (rule.where && !where) ok = false;
  const offenders = rule.offenders ? compileCondition(rule.offenders, [...path, 'offenders'], ctx) : null;
  if (rule.offenders && !offenders) ok = false;
  const aggregates: CompiledAggregate[] = [];
  const entries = Object.entries(rule.aggregates ?? {});
  if (entries.length === 0) {
    ctx.error('policy_condition_shape', `rule '${rule.id}': a group rule needs 'aggregates' for its conditions to test, e.g. plans: { count: true }`, path);
    return null;
  }
  for (const [name, spec] of entries) {
    const at: Path = [...path, 'aggregates', name];
    if ('count' in spec) {
      if (spec.count === true) aggregates.push({ name, kind: 'count', condition: null });
      else {
        const condition = compileCondition(spec.count, [...at, 'count'], ctx);
        if (condition) aggregates.push({ name, kind: 'count', condition });
        else ok = false;
      }
    } else if ('share' in spec) {
      const condition = compileCondition(spec.share, [...at, 'share'], ctx);
      if (condition) aggregates.push({ name, kind: 'share', condition });
      else ok = false;
    } else if ('ratio' in spec) {
      const problems = [spec.ratio.of, spec.ratio.to].filter((f) => FACTS_BY_NAME.get(f)?.type !== 'number');
      for (const f of problems) ctx.error(FACTS_BY_NAME.has(f) ? 'policy_operator_type' : 'policy_unknown_fact', `rule '${rule.id}': aggregate '${name}' divides sums of numeric facts; '${f}' ${FACTS_BY_NAME.has(f) ? `is a ${FACTS_BY_NAME.get(f)!.type}` : `is not a fact jobplan knows${didYouMean(f, FACTS_BY_NAME.keys())}`}`, [...at, 'ratio', f === spec.ratio.of ? 'of' : 'to']);
      if (problems.length > 0) ok = false;
      else {
        for (const f of [spec.ratio.of, spec.ratio.to]) if (!ctx.facts.includes(f)) ctx.facts.push(f);
        aggregates.push({ name, kind: 'ratio', of: spec.ratio.of, to: spec.ratio.to });
      }
    } else {
      const kind = (['sum', 'mean', 'min', 'max', 'distinct'] as const).find((k) => k in spec)!;
      const factName = (spec as Record<string, string>)[kind]!;
      const fact = FACTS_BY_NAME.get(factName);
      if (!fact) {
        ctx.error('policy_unknown_fact', `rule '${rule.id}': aggregate '${name}' uses fact '${factName}', which jobplan does not know${didYouMean(factName, FACTS_BY_NAME.keys())}`, [...at, kind]);
        ok = false;
      } else if (kind !== 'distinct' && fact.type !== 'number') {
        ctx.error('policy_operator_type', `rule '${rule.id}': aggregate '${name}' takes the ${kind} of '${factName}', which is a ${fact.type}, not a number`, [...at, kind]);
        ok = false;
      } else {
        if (!ctx.facts.includes(factName)) ctx.facts.push(factName);
        aggregates.push({ name, kind, fact: factName });
      }
    }
  }
  if (!ok) return null;
  return { groupBy, where, aggregates, offenders, planFacts: [...new Set([...ctx.facts, ...groupBy, 'plan_ref'])] };
}

export function compilePolicy(doc: PolicyDocument, yaml: YamlDocument, sha256: string): { policy: CompiledPolicy | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const error: ErrorSink = (code, message, path, at = 'value', token) =>
    diagnostics.push({ code, severity: 'error', message, location: at === 'token' && token ? yaml.locateToken(path, token) : yaml.locate(path, at === 'key' ? 'key' : 'value') });
  const warn = (code: string, message: string, path: Path, at: 'key' | 'value' = 'value') =>
    diagnostics.push({ code, severity: 'warning', message, location: yaml.locate(path, at) });

  checkMetadata(doc, yaml.file, error);

  const seen = new Map<string, number>();
  const usedParams = new Set<string>();
  const rules: CompiledRule[] = [];
  doc.rules.forEach((rule, index) => {
    const path: Path = ['rules', index];
    const previous = seen.get(rule.id);
    if (previous !== undefined) {
      const first = yaml.locate(['rules', previous, 'id']);
      error('policy_duplicate_rule_id', `rule id '${rule.id}' is already used by the rule at line ${first.line}; rule ids must be unique within a version`, [...path, 'id']);
      return;
    }
    seen.set(rule.id, index);
    const facts: string[] = [];
    const params: string[] = [];
    const scope = rule.scope ?? 'plan';
    const planCtx: ConditionContext = { doc, ruleId: rule.id, facts, params, error, vocabulary: PLAN_FACTS };
    let group: GroupSpec | undefined;
    let ctx = planCtx;
    if (scope === 'group' && rule.when_unknown !== undefined) {
      error('policy_scope_mismatch', `rule '${rule.id}': 'when_unknown' belongs to plan rules (a group rule counts what its plans record); remove it`, [...path, 'when_unknown'], 'key');
    }
    if (scope === 'group') {
      const planFacts: string[] = [];
      group = compileGroup(rule, path, { ...planCtx, facts: planFacts }) ?? undefined;
      ctx = { ...planCtx, vocabulary: aggregateVocabulary(Object.keys(rule.aggregates ?? {})) };
      if (!group) {
        compileCondition(rule.when, [...path, 'when'], ctx);
        return;
      }
    } else {
      for (const key of ['group_by', 'where', 'aggregates', 'offenders'] as const) {
        if (rule[key] !== undefined) error('policy_scope_mismatch', `rule '${rule.id}': '${key}' belongs to group rules; add 'scope: group' or remove it`, [...path, key], 'key');
      }
    }
    const when = compileCondition(rule.when, [...path, 'when'], ctx);
    checkMessage(rule.message, [...path, 'message'], ctx, scope === 'group' ? [...GROUP_MESSAGE_BUILTINS, ...Object.keys(rule.aggregates ?? {})] : []);
    (rule.cells_from ?? []).forEach((name, i) => {
      if (!FACTS_BY_NAME.has(name)) error('policy_unknown_fact', `rule '${rule.id}': cells_from names fact '${name}', which jobplan does not know${didYouMean(name, FACTS_BY_NAME.keys())}`, [...path, 'cells_from', i]);
    });
    params.forEach((p) => usedParams.add(p));
    if (when) {
      rules.push({
        id: rule.id, scope, ...(group ? { group } : {}), title: rule.title, clause: rule.clause, severity: rule.severity, when, message: rule.message,
        ...(rule.explain !== undefined ? { explain: rule.explain } : {}),
        cellsFrom: rule.cells_from ?? [], facts, params, location: yaml.locate(path),
        whenUnknown: rule.when_unknown ?? 'warning',
      });
    }
  });
  for (const name of Object.keys(doc.parameters)) {
    if (!usedParams.has(name)) warn('policy_unused_parameter', `parameter '${name}' is not used by any rule; remove it or use it with {param: ${name}}`, ['parameters', name], 'key');
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { policy: null, diagnostics };
  return {
    policy: { id: doc.policy, version: doc.version, sha256, path: yaml.file, document: doc, parameters: doc.parameters, rules },
    diagnostics,
  };
}

/** Reports an error at a path: its key, its value, or a token inside its value. */
type ErrorSink = (code: string, message: string, path: Path, at?: 'key' | 'value' | 'token', token?: string) => void;

interface ConditionContext {
  readonly doc: PolicyDocument;
  readonly ruleId: string;
  readonly facts: string[];
  readonly params: string[];
  readonly error: ErrorSink;
  /** The names conditions may test here: plan facts, or a group rule's aggregates. */
  readonly vocabulary: Vocabulary;
}

/** What a condition's `fact` may name, with each name's type. */
interface Vocabulary {
  readonly type: (name: string) => FactType | undefined;
  readonly names: () => Iterable<string>;
  /** Finishes "uses fact 'x', which ..." for an unknown name. */
  readonly unknown: string;
}

const PLAN_FACTS: Vocabulary = {
  type: (name) => FACTS_BY_NAME.get(name)?.type,
  names: () => FACTS_BY_NAME.keys(),
  unknown: 'jobplan does not know',
};

function aggregateVocabulary(names: readonly string[]): Vocabulary {
  return {
    // A group rule tests its aggregates, and may test `today` (e.g. a target that applies from a date).
    type: (name) => (names.includes(name) ? 'number' : name === 'today' ? 'date' : undefined),
    names: () => [...names, 'today'],
    unknown: `is not one of this group rule's aggregates (${names.join(', ') || 'none'}); a group rule's conditions test its aggregates`,
  };
}

function compileCondition(node: ConditionDocument, path: Path, ctx: ConditionContext): CompiledCondition | null {
  const keys = (['all', 'any', 'not', 'fact'] as const).filter((k) => node[k] !== undefined);
  if (keys.length !== 1) {
    ctx.error('policy_condition_shape', keys.length === 0
      ? `rule '${ctx.ruleId}': a condition needs one of all, any, not, or fact with operator`
      : `rule '${ctx.ruleId}': a condition has exactly one of all, any, not or fact; this one has ${keys.join(' and ')}: split it into an 'all' list`, path);
    return null;
  }
  if (node.all !== undefined || node.any !== undefined) {
    const kind = node.all !== undefined ? 'all' : 'any';
    const list = (node.all ?? node.any)!;
    if (node.operator !== undefined || node.value !== undefined) ctx.error('policy_condition_shape', `rule '${ctx.ruleId}': '${kind}' takes a list of conditions; move operator/value into a condition inside it`, path);
    const conditions = list.map((c, i) => compileCondition(c, [...path, kind, i], ctx));
    return conditions.every((c) => c !== null) ? { kind, conditions: conditions as CompiledCondition[] } : null;
  }
  if (node.not !== undefined) {
    const inner = compileCondition(node.not, [...path, 'not'], ctx);
    return inner ? { kind: 'not', condition: inner } : null;
  }
  return compileFactCondition(node, path, ctx);
}

function compileFactCondition(node: ConditionDocument, path: Path, ctx: ConditionContext): CompiledCondition | null {
  const factName = node.fact!;
  const factType = ctx.vocabulary.type(factName);
  const fact = factType ? { name: factName, type: factType } : undefined;
  let ok = true;
  if (!fact) {
    ctx.error('policy_unknown_fact', `rule '${ctx.ruleId}' uses fact '${factName}', which ${ctx.vocabulary.unknown}${didYouMean(factName, ctx.vocabulary.names())}${ctx.vocabulary === PLAN_FACTS ? ' (all facts: docs/facts.md)' : ''}`, [...path, 'fact']);
    ok = false;
  } else if (!ctx.facts.includes(factName)) ctx.facts.push(factName);
  if (node.operator === undefined) {
    ctx.error('policy_condition_shape', `rule '${ctx.ruleId}': the condition on '${factName}' has no operator`, path);
    return null;
  }
  const op = OPERATORS_BY_NAME.get(node.operator);
  if (!op) {
    ctx.error('policy_unknown_operator', `rule '${ctx.ruleId}' uses operator '${node.operator}'${didYouMean(node.operator, OPERATORS_BY_NAME.keys())} (operators: ${OPERATORS.map((o) => o.name).join(', ')})`, [...path, 'operator']);
    return null;
  }
  if (!fact || !ok) return null;
  if (!op.factTypes.includes(fact.type)) {
    ctx.error('policy_operator_type', `rule '${ctx.ruleId}': operator '${op.name}' does not apply to '${factName}', which is a ${fact.type}${typeHint(fact.type)}`, [...path, 'operator']);
    return null;
  }
  if (op.value === 'none') {
    if (node.value !== undefined && node.value !== true) {
      ctx.error('policy_unexpected_value', `rule '${ctx.ruleId}': operator '${op.name}' takes no value; remove 'value'`, [...path, 'value']);
      return null;
    }
    return { kind: 'fact', fact: factName, operator: op.name };
  }
  if (node.value === undefined) {
    ctx.error('policy_missing_value', `rule '${ctx.ruleId}': operator '${op.name}' on '${factName}' needs a value (a literal, {param: name} or {fact: name})`, path);
    return null;
  }
  const value = node.value;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const ref = value as { param?: string; fact?: string };
    if ((ref.param === undefined) === (ref.fact === undefined)) {
      ctx.error('policy_condition_shape', `rule '${ctx.ruleId}': a value object is either {param: name} or {fact: name}`, [...path, 'value']);
      return null;
    }
    if (ref.param !== undefined) {
      // Own properties only: `constructor` or `__proto__` would otherwise be found on every object.
      const param = Object.hasOwn(ctx.doc.parameters, ref.param) ? ctx.doc.parameters[ref.param] : undefined;
      if (!param) {
        ctx.error('policy_unknown_parameter', `rule '${ctx.ruleId}' uses parameter '${ref.param}', which this policy does not define${didYouMean(ref.param, Object.keys(ctx.doc.parameters))} (or add it under 'parameters' with value, unit and clause)`, [...path, 'value', 'param']);
        return null;
      }
      if (!ctx.params.includes(ref.param)) ctx.params.push(ref.param);
      const problem = valueProblem(param.value, op.value, fact.type);
      if (problem) {
        ctx.error('policy_value_type', `rule '${ctx.ruleId}': parameter '${ref.param}' is ${describe(param.value)}, but '${op.name}' on '${factName}' needs ${problem}`, [...path, 'value', 'param']);
        return null;
      }
      return { kind: 'fact', fact: factName, operator: op.name, value: param.value, valueFrom: { param: ref.param } };
    }
    const otherType = ctx.vocabulary.type(ref.fact!);
    const other = otherType ? { name: ref.fact!, type: otherType } : undefined;
    if (!other) {
      ctx.error('policy_unknown_fact', `rule '${ctx.ruleId}' compares with fact '${ref.fact}', which ${ctx.vocabulary.unknown}${didYouMean(ref.fact!, ctx.vocabulary.names())}`, [...path, 'value', 'fact']);
      return null;
    }
    if (op.value !== 'same' || other.type !== fact.type) {
      ctx.error('policy_value_type', `rule '${ctx.ruleId}': '${op.name}' compares '${factName}' (${fact.type}) with fact '${ref.fact}' (${other.type}); both must be of the same type`, [...path, 'value', 'fact']);
      return null;
    }
    if (!ctx.facts.includes(other.name)) ctx.facts.push(other.name);
    return { kind: 'fact', fact: factName, operator: op.name, valueFrom: { fact: other.name } };
  }
  const problem = valueProblem(value as Literal | Literal[], op.value, fact.type);
  if (problem) {
    ctx.error('policy_value_type', `rule '${ctx.ruleId}': value ${describe(value)} does not fit '${op.name}' on '${factName}' (${fact.type}); it needs ${problem}`, [...path, 'value']);
    return null;
  }
  return { kind: 'fact', fact: factName, operator: op.name, value: value as Literal | Literal[] };
}

function typeHint(type: FactType): string {
  if (type === 'date') return '; use before, onOrBefore, after or onOrAfter (dates), or a days_/months_ fact with greaterThan';
  if (type === 'list') return '; use contains, doesNotContain, isEmpty or isNotEmpty';
  if (type === 'number') return '; use equal, lessThan, greaterThan and the like';
  return '';
}

/** Why `value` cannot be the right side of an operator on a fact of `type`, or null if it can. */
function valueProblem(value: Literal | readonly Literal[], shape: 'same' | 'list-of-same' | 'element', type: FactType): string | null {
  const fits = (v: Literal): boolean => {
    switch (type) {
      case 'number': return typeof v === 'number';
      case 'boolean': return typeof v === 'boolean';
      case 'date': return isIsoDate(v);
      default: return typeof v === 'string';
    }
  };
  const what = type === 'date' ? 'a date written YYYY-MM-DD' : type === 'list' ? 'a text' : `a ${type}`;
  if (shape === 'list-of-same') return Array.isArray(value) && value.every(fits) ? null : `a list of values, each ${what}`;
  if (Array.isArray(value)) return what;
  if (shape === 'element') return typeof value === 'string' ? null : 'a text';
  return fits(value as Literal) ? null : what;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `a list [${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** `{name}` or `{name:pct}` → name. */
export function placeholderName(inner: string): string {
  return inner.split(':')[0]!.trim();
}

function checkMessage(message: string, path: Path, ctx: ConditionContext, extra: readonly string[] = []): void {
  for (const m of message.matchAll(PLACEHOLDER)) {
    const name = placeholderName(m[1]!);
    if (extra.includes(name)) continue;
    if (ctx.vocabulary === PLAN_FACTS && FACTS_BY_NAME.has(name)) {
      if (!ctx.facts.includes(name)) ctx.facts.push(name);
    } else if (Object.hasOwn(ctx.doc.parameters, name)) {
      if (!ctx.params.includes(name)) ctx.params.push(name);
    } else if (!(MESSAGE_BUILTINS as readonly string[]).includes(name)) {
      const known = [...(ctx.vocabulary === PLAN_FACTS ? FACTS_BY_NAME.keys() : []), ...extra, ...Object.keys(ctx.doc.parameters), ...MESSAGE_BUILTINS];
      ctx.error('policy_unknown_placeholder', `rule '${ctx.ruleId}': message placeholder {${name}} names no fact, parameter or built-in${didYouMean(name, known)}`, path, 'token', m[0]);
    }
  }
}

function checkMetadata(doc: PolicyDocument, file: string, error: ErrorSink): void {
  const parts = file.replace(/\\/g, '/').split('/');
  const base = parts[parts.length - 1]!.replace(/\.ya?ml$/, '');
  const folder = parts[parts.length - 2];
  if (folder !== undefined && parts.length >= 2 && parts.includes('policies') && folder !== doc.policy) {
    error('policy_file_name', `policy id '${doc.policy}' does not match its folder '${folder}'; a policy's versions live in policies/<policy id>/`, ['policy']);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(base) && base !== doc.effective_from) {
    error('policy_file_name', `the file is named ${base}.yaml but effective_from is ${doc.effective_from}; name each version file by its effective date`, ['effective_from']);
  }
  if (doc.status !== 'draft' && doc.ratified === undefined) {
    error('policy_metadata_error', `a ${doc.status} version needs its 'ratified' date`, ['status']);
  }
  if (doc.ratified !== undefined && doc.ratified > doc.effective_from) {
    error('policy_metadata_error', `ratified ${doc.ratified} is after effective_from ${doc.effective_from}; a version cannot take effect before it is ratified`, ['ratified']);
  }
  if (doc.review_by !== undefined && doc.review_by < doc.effective_from) {
    error('policy_metadata_error', `review_by ${doc.review_by} is before effective_from ${doc.effective_from}`, ['review_by']);
  }
  for (const key of ['ratified', 'effective_from', 'review_by'] as const) {
    const v = doc[key];
    if (v !== undefined && !isIsoDate(v)) error('policy_metadata_error', `${key} '${v}' is not a real calendar date`, [key]);
  }
}
