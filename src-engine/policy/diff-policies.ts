/**
 * What changed between two policy versions: metadata, parameters (value, unit, clause) and rules (matched by
 * their stable ids), for `jobplan policy diff`. Conditions are compared in their source form, so a rule that
 * reads `{param: spa_minimum}` is unchanged when only the parameter's value moves; such rules are listed with
 * an "effective change" instead, so authors see every rule a parameter amendment affects.
 * Pure: no I/O, deterministic order (rules by id, parameters by name, metadata in a fixed field order).
 */
import type { CompiledPolicy, PolicyStamp } from './compiled-policy.js';
import { OPERATORS_BY_NAME } from './operators.js';
import type { ConditionDocument, ConditionValue, Literal, PolicyDocument, RuleDocument, Severity } from './policy-document.js';

/** Which version is which: the identifying parts of a PolicyStamp (no effectiveTo: that needs the library). */
export type DiffStamp = Pick<PolicyStamp, 'id' | 'version' | 'sha256' | 'status' | 'effectiveFrom' | 'illustrative' | 'path'>;

export const METADATA_FIELDS = [
  'title', 'document', 'owner', 'source', 'jurisdiction', 'applies_to', 'status', 'ratified', 'effective_from',
  'effective_to', 'review_by', 'supersedes', 'illustrative', 'changelog',
] as const;
export type MetadataField = (typeof METADATA_FIELDS)[number];

export type ChangelogEntry = NonNullable<PolicyDocument['changelog']>[number];
export type MetadataValue = string | boolean | null | PolicyDocument['applies_to'] | ChangelogEntry;

/**
 * One metadata field that differs; absent fields are null. `changelog` has one entry per changelog line added
 * (from null) or removed (to null), not the whole list.
 */
export interface MetadataChange {
  readonly field: MetadataField;
  readonly from: MetadataValue;
  readonly to: MetadataValue;
}

export type ParameterValue = Literal | readonly Literal[];

export interface ParameterSide {
  readonly value: ParameterValue;
  readonly unit: string;
  readonly clause: string;
  readonly description: string | null;
}

export interface NamedParameter extends ParameterSide {
  readonly name: string;
}

export type ParameterAspect = 'value' | 'unit' | 'clause' | 'description';

export interface ParameterChange {
  readonly name: string;
  readonly from: ParameterSide;
  readonly to: ParameterSide;
  /** What differs, in the order value, unit, clause, description. */
  readonly changed: readonly ParameterAspect[];
}

export interface RuleSummary {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly clause: string;
}

export type RuleAspect = 'title' | 'severity' | 'clause' | 'scope' | 'message' | 'explain' | 'condition' | 'parameters-used' | 'cells-from';

/**
 * One aspect of a rule that differs. Conditions are in their one-line readable form (`{name}` is a parameter,
 * a bare name a fact, quoted text a literal); lists (parameters used, cells_from) are comma-separated; absent is null.
 */
export interface RuleAspectChange {
  readonly aspect: RuleAspect;
  readonly from: string | null;
  readonly to: string | null;
}

/** A rule whose condition is unchanged but reads a parameter whose value changed: it now judges differently. */
export interface EffectiveChange {
  readonly parameter: string;
  readonly from: { readonly value: ParameterValue; readonly unit: string };
  readonly to: { readonly value: ParameterValue; readonly unit: string };
}

export interface RuleChange {
  readonly id: string;
  /** The title in the newer version. */
  readonly title: string;
  readonly changes: readonly RuleAspectChange[];
  readonly effective: readonly EffectiveChange[];
}

export interface PolicyDiff {
  readonly from: DiffStamp;
  readonly to: DiffStamp;
  /** False when two different policy ids are compared (allowed, but rules and parameters only match by name). */
  readonly samePolicy: boolean;
  readonly metadata: readonly MetadataChange[];
  readonly parameters: {
    readonly added: readonly NamedParameter[];
    readonly removed: readonly NamedParameter[];
    readonly changed: readonly ParameterChange[];
  };
  readonly rules: {
    readonly added: readonly RuleSummary[];
    readonly removed: readonly RuleSummary[];
    readonly changed: readonly RuleChange[];
  };
}

export function diffPolicies(a: CompiledPolicy, b: CompiledPolicy): PolicyDiff {
  const parameters = diffParameters(a, b);
  const changedValues = new Map(parameters.changed.filter((p) => p.changed.includes('value')).map((p) => [p.name, p]));
  return {
    from: stamp(a),
    to: stamp(b),
    samePolicy: a.id === b.id,
    metadata: diffMetadata(a.document, b.document),
    parameters,
    rules: diffRules(a, b, changedValues),
  };
}

/** True when the two versions are the same in substance (they may still differ in layout, comments or version). */
export function isEmpty(diff: PolicyDiff): boolean {
  const { parameters: p, rules: r } = diff;
  return diff.metadata.length === 0 && p.added.length + p.removed.length + p.changed.length === 0 && r.added.length + r.removed.length + r.changed.length === 0;
}

function stamp(p: CompiledPolicy): DiffStamp {
  return { id: p.id, version: p.version, sha256: p.sha256, status: p.document.status, effectiveFrom: p.document.effective_from, illustrative: p.document.illustrative === true, path: p.path };
}

/** Code-point order: the same on every machine, unlike localeCompare. */
const byKey = <T>(key: (t: T) => string) => (x: T, y: T): number => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0);

/** Equality of plain YAML data (objects compared key by key whatever their order). */
function same(x: unknown, y: unknown): boolean {
  return canonical(x) === canonical(y);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(byKey(([k]) => k));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return v === undefined ? 'null' : JSON.stringify(v);
}

// ---- metadata ----

function metadataValue(doc: PolicyDocument, field: Exclude<MetadataField, 'changelog'>): MetadataValue {
  switch (field) {
    case 'illustrative':
      return doc.illustrative === true;
    case 'applies_to':
      return doc.applies_to;
    default:
      return doc[field] ?? null;
  }
}

function diffMetadata(a: PolicyDocument, b: PolicyDocument): MetadataChange[] {
  const out: MetadataChange[] = [];
  for (const field of METADATA_FIELDS) {
    if (field === 'changelog') continue;
    const from = metadataValue(a, field);
    const to = metadataValue(b, field);
    if (!same(from, to)) out.push({ field, from, to });
  }
  const before = a.changelog ?? [];
  const after = b.changelog ?? [];
  for (const entry of before) if (!after.some((e) => same(e, entry))) out.push({ field: 'changelog', from: entry, to: null });
  for (const entry of after) if (!before.some((e) => same(e, entry))) out.push({ field: 'changelog', from: null, to: entry });
  return out;
}

// ---- parameters ----

function side(p: CompiledPolicy['parameters'][string]): ParameterSide {
  return { value: p.value, unit: p.unit, clause: p.clause, description: p.description ?? null };
}

function diffParameters(a: CompiledPolicy, b: CompiledPolicy): PolicyDiff['parameters'] {
  const added: NamedParameter[] = [];
  const removed: NamedParameter[] = [];
  const changed: ParameterChange[] = [];
  const names = [...new Set([...Object.keys(a.parameters), ...Object.keys(b.parameters)])].sort(byKey((n) => n));
  for (const name of names) {
    const pa = a.parameters[name];
    const pb = b.parameters[name];
    if (pa && !pb) removed.push({ name, ...side(pa) });
    else if (!pa && pb) added.push({ name, ...side(pb) });
    else if (pa && pb) {
      const from = side(pa);
      const to = side(pb);
      const what = (['value', 'unit', 'clause', 'description'] as const).filter((k) => !same(from[k], to[k]));
      if (what.length > 0) changed.push({ name, from, to, changed: what });
    }
  }
  return { added, removed, changed };
}

// ---- rules ----

const SYMBOLS: Readonly<Record<string, string>> = {
  equal: '=', notEqual: '!=', lessThan: '<', lessThanInclusive: '<=', greaterThan: '>', greaterThanInclusive: '>=',
};

function literalText(v: Literal | readonly Literal[]): string {
  if (Array.isArray(v)) return `[${v.map((x) => literalText(x)).join(', ')}]`;
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function valueText(v: ConditionValue): string {
  if (typeof v === 'object' && !Array.isArray(v)) return 'param' in v ? `{${v.param}}` : v.fact;
  return literalText(v);
}

/**
 * A condition on one line: `all(...)`, `any(...)`, `not(...)`, `fact > {param}`, `fact = "text"`, `fact isMissing`.
 * Unambiguous (parameters in braces, facts bare, text quoted), so equal forms mean equal conditions.
 */
export function conditionText(c: ConditionDocument): string {
  if (c.all !== undefined) return `all(${c.all.map(conditionText).join(', ')})`;
  if (c.any !== undefined) return `any(${c.any.map(conditionText).join(', ')})`;
  if (c.not !== undefined) return `not(${conditionText(c.not)})`;
  const op = c.operator ?? '?';
  const takesValue = OPERATORS_BY_NAME.get(op)?.value !== 'none';
  const symbol = SYMBOLS[op] ?? op;
  return takesValue && c.value !== undefined ? `${c.fact ?? '?'} ${symbol} ${valueText(c.value)}` : `${c.fact ?? '?'} ${symbol}`;
}

/** Parameters a source condition reads, in order of first mention. */
function conditionParams(c: ConditionDocument, out: string[] = []): string[] {
  for (const child of [...(c.all ?? []), ...(c.any ?? []), ...(c.not ? [c.not] : [])]) conditionParams(child, out);
  const v = c.value;
  if (v !== undefined && typeof v === 'object' && !Array.isArray(v) && 'param' in v && !out.includes(v.param)) out.push(v.param);
  return out;
}

function summary(r: { id: string; title: string; severity: Severity; clause: string }): RuleSummary {
  return { id: r.id, title: r.title, severity: r.severity, clause: r.clause };
}

function sourceRules(p: CompiledPolicy): Map<string, RuleDocument> {
  const out = new Map<string, RuleDocument>();
  for (const r of p.document.rules) if (!out.has(r.id)) out.set(r.id, r);
  return out;
}

function diffRules(a: CompiledPolicy, b: CompiledPolicy, changedValues: ReadonlyMap<string, ParameterChange>): PolicyDiff['rules'] {
  const compiledA = new Map(a.rules.map((r) => [r.id, r]));
  const compiledB = new Map(b.rules.map((r) => [r.id, r]));
  const srcA = sourceRules(a);
  const srcB = sourceRules(b);
  const ids = [...new Set([...compiledA.keys(), ...compiledB.keys()])].sort(byKey((id) => id));
  const added: RuleSummary[] = [];
  const removed: RuleSummary[] = [];
  const changed: RuleChange[] = [];
  for (const id of ids) {
    const ra = compiledA.get(id);
    const rb = compiledB.get(id);
    if (ra && !rb) removed.push(summary(ra));
    else if (!ra && rb) added.push(summary(rb));
    else if (ra && rb) {
      const sa = srcA.get(id);
      const sb = srcB.get(id);
      const changes: RuleAspectChange[] = [];
      const compare = (aspect: RuleAspect, from: string | null, to: string | null) => {
        if (from !== to) changes.push({ aspect, from, to });
      };
      compare('title', ra.title, rb.title);
      compare('severity', ra.severity, rb.severity);
      compare('clause', ra.clause, rb.clause);
      compare('scope', sa?.scope ?? 'plan', sb?.scope ?? 'plan');
      const ca = sa ? conditionText(sa.when) : null;
      const cb = sb ? conditionText(sb.when) : null;
      compare('condition', ca, cb);
      compare('message', ra.message, rb.message);
      compare('explain', ra.explain ?? null, rb.explain ?? null);
      compare('parameters-used', listText([...ra.params].sort(byKey((n) => n))), listText([...rb.params].sort(byKey((n) => n))));
      compare('cells-from', listText(ra.cellsFrom), listText(rb.cellsFrom));
      const effective: EffectiveChange[] = [];
      if (ca === cb && sb) {
        for (const name of conditionParams(sb.when)) {
          const p = changedValues.get(name);
          if (p) effective.push({ parameter: name, from: { value: p.from.value, unit: p.from.unit }, to: { value: p.to.value, unit: p.to.unit } });
        }
        effective.sort(byKey((e) => e.parameter));
      }
      if (changes.length > 0 || effective.length > 0) changed.push({ id, title: rb.title, changes, effective });
    }
  }
  return { added, removed, changed };
}

function listText(list: readonly string[]): string | null {
  return list.length === 0 ? null : list.join(', ');
}

// ---- text ----

const ARROW = '→';

function amount(value: ParameterValue, unit: string): string {
  const v = Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
  return unit === '' ? v : `${v} ${unit}`;
}

function metadataText(v: MetadataValue): string {
  if (v === null) return '(none)';
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if ('change' in v) return `${v.version}${v.date ? ` (${v.date})` : ''}: ${v.change}`;
  const parts = [v.staff_groups ? `staff groups [${v.staff_groups.join(', ')}]` : null, v.grades ? `grades [${v.grades.join(', ')}]` : null].filter((x) => x !== null);
  return parts.length > 0 ? parts.join('; ') : 'everyone';
}

const section = (clause: string): string => `§${clause}`;

/** Aspects shown as `from → to` on one line; the rest (long texts) as `-`/`+` lines. */
const INLINE_ASPECTS: readonly RuleAspect[] = ['severity', 'clause', 'scope', 'parameters-used', 'cells-from'];

function aspectLabel(aspect: RuleAspect): string {
  return aspect === 'parameters-used' ? 'parameters used' : aspect === 'cells-from' ? 'cells_from' : aspect;
}

function aspectValue(aspect: RuleAspect, v: string | null): string {
  if (v === null) return '(none)';
  if (aspect === 'clause') return section(v);
  if (aspect === 'title' || aspect === 'message' || aspect === 'explain') return JSON.stringify(v);
  return v;
}

function effectiveText(effective: readonly EffectiveChange[]): string {
  return `now judged with ${effective.map((e) => `${e.parameter} = ${amount(e.to.value, e.to.unit)} (was ${amount(e.from.value, e.from.unit)})`).join(', ')}`;
}

function ruleChangeLines(r: RuleChange): string[] {
  const only = r.changes.length === 1 && r.effective.length === 0 ? r.changes[0] : undefined;
  if (only && INLINE_ASPECTS.includes(only.aspect)) {
    return [`  ~ ${r.id} ${aspectLabel(only.aspect)}: ${aspectValue(only.aspect, only.from)} ${ARROW} ${aspectValue(only.aspect, only.to)}`];
  }
  if (r.changes.length === 0) return [`  ~ ${r.id}: ${effectiveText(r.effective)}`];
  const lines = [`  ~ ${r.id}`];
  for (const c of r.changes) {
    if (INLINE_ASPECTS.includes(c.aspect)) lines.push(`      ${aspectLabel(c.aspect)}: ${aspectValue(c.aspect, c.from)} ${ARROW} ${aspectValue(c.aspect, c.to)}`);
    else {
      lines.push(`      ${aspectLabel(c.aspect)}:`);
      if (c.from !== null) lines.push(`        - ${aspectValue(c.aspect, c.from)}`);
      if (c.to !== null) lines.push(`        + ${aspectValue(c.aspect, c.to)}`);
    }
  }
  if (r.effective.length > 0) lines.push(`      ${effectiveText(r.effective)}`);
  return lines;
}

function parameterChangeLines(p: ParameterChange): string[] {
  const value = p.changed.includes('value') || p.changed.includes('unit')
    ? `${amount(p.from.value, p.from.unit)} ${ARROW} ${amount(p.to.value, p.to.unit)}`
    : amount(p.to.value, p.to.unit);
  const clause = p.changed.includes('clause') ? `${section(p.from.clause)} ${ARROW} ${section(p.to.clause)}` : section(p.to.clause);
  const lines = [`  ~ ${p.name}: ${value} (${clause})`];
  if (p.changed.includes('description')) {
    lines.push('      description:');
    if (p.from.description !== null) lines.push(`        - ${JSON.stringify(p.from.description)}`);
    if (p.to.description !== null) lines.push(`        + ${JSON.stringify(p.to.description)}`);
  }
  return lines;
}

function versionName(s: DiffStamp, both: boolean): string {
  return both ? `${s.id}@${s.version}` : s.version;
}

/** The diff as a person reads it: a header naming both versions, then Metadata, Parameters and Rules (+ added, - removed, ~ changed). */
export function formatPolicyDiffText(diff: PolicyDiff): string {
  const { from, to } = diff;
  const lines: string[] = [];
  const illustrative = from.illustrative || to.illustrative ? ' (illustrative)' : '';
  lines.push(diff.samePolicy ? `${from.id} ${from.version} ${ARROW} ${to.version}${illustrative}` : `${versionName(from, true)} ${ARROW} ${versionName(to, true)}${illustrative}: two different policies, matched by rule id and parameter name`);
  const width = Math.max(from.path.length, to.path.length);
  lines.push(`  from ${from.path.padEnd(width)}  ${from.status}, effective ${from.effectiveFrom}, sha256 ${from.sha256}`);
  lines.push(`  to   ${to.path.padEnd(width)}  ${to.status}, effective ${to.effectiveFrom}, sha256 ${to.sha256}`);
  if (isEmpty(diff)) {
    lines.push(from.sha256 === to.sha256
      ? 'No differences: the files are byte for byte identical.'
      : 'No differences in substance: metadata, parameters and rules are the same (the files differ only in layout, comments or the version name).');
    return `${lines.join('\n')}\n`;
  }
  if (diff.metadata.length > 0) {
    lines.push('Metadata');
    for (const m of diff.metadata) {
      if (m.field === 'changelog') lines.push(`  changelog: ${m.from === null ? '+' : '-'} ${metadataText(m.from ?? m.to)}`);
      else lines.push(`  ${m.field}: ${metadataText(m.from)} ${ARROW} ${metadataText(m.to)}`);
    }
  }
  const p = diff.parameters;
  if (p.added.length + p.removed.length + p.changed.length > 0) {
    lines.push('Parameters');
    for (const x of p.added) lines.push(`  + ${x.name}: ${amount(x.value, x.unit)} (${section(x.clause)})`);
    for (const x of p.removed) lines.push(`  - ${x.name}: ${amount(x.value, x.unit)} (${section(x.clause)})`);
    for (const x of p.changed) lines.push(...parameterChangeLines(x));
  }
  const r = diff.rules;
  if (r.added.length + r.removed.length + r.changed.length > 0) {
    lines.push('Rules');
    for (const x of r.added) lines.push(`  + ${x.id} [${x.severity}] ${section(x.clause)} ${x.title}`);
    for (const x of r.removed) lines.push(`  - ${x.id} [${x.severity}] ${section(x.clause)} ${x.title}`);
    for (const x of r.changed) lines.push(...ruleChangeLines(x));
  }
  const effective = r.changed.filter((x) => x.effective.length > 0).length;
  lines.push(`${diff.metadata.length} metadata change(s); parameters: ${p.added.length} added, ${p.removed.length} removed, ${p.changed.length} changed; rules: ${r.added.length} added, ${r.removed.length} removed, ${r.changed.length} changed${effective > 0 ? ` (${effective} through a parameter value)` : ''}.`);
  return `${lines.join('\n')}\n`;
}
