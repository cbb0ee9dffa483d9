/**
 * Group rules: a register's plans are grouped (by care group, specialty, ...), each group's plans are summed up
 * by the rule's aggregates (count, share, sum, mean, min, max, distinct), and the rule's conditions test those
 * numbers. A finding names its group and lists the plans that caused it (the rule's offenders).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { deriveFacts, type DerivedFacts } from '../facts/catalogue.js';
import type { FactValue } from '../facts/fact.js';
import type { IsoDate } from '../model/dates.js';
import type { CompiledAggregate, CompiledCondition, CompiledPolicy, CompiledRule, GroupSpec } from '../policy/compiled-policy.js';
import { appliesTo, findVersion, policyIds, versionInForce, type PolicyLibrary } from '../policy/policy-library.js';
import type { Literal } from '../policy/policy-document.js';
import type { ConditionTrace } from './condition-trace.js';
import { PolicyEngine } from './engine.js';
import { compilePredicate, compileTracer, type Predicate, type Tracer } from './fast-evaluator.js';
import { fillMessage, lowerFirst } from './message.js';
import { factsDependingOnUnread } from './not-judged.js';
import type { PlanInput } from './evaluate.js';

export interface GroupMember {
  readonly ref: string;
  readonly source: string;
}

export interface GroupFindingCell {
  readonly file: string;
  readonly sheet: string;
  readonly cell: string;
}

export interface GroupFinding {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly clause: string;
  readonly policy: { readonly id: string; readonly version: string; readonly sha256: string };
  /** The group: the values of the rule's group_by fields (empty for the whole register), and a label. */
  readonly group: { readonly label: string; readonly key: Readonly<Record<string, string | null>>; readonly plans: number };
  /** The plans the rule lists as the cause. */
  readonly offenders: readonly GroupMember[];
  readonly cells: readonly GroupFindingCell[];
  /** The aggregates of the group. */
  readonly values: Readonly<Record<string, number | null>>;
  readonly params: Readonly<Record<string, Literal | readonly Literal[]>>;
  readonly explain?: string;
  /** The condition tree with the values seen; absent in JSON reports unless asked for (--trace). */
  readonly trace?: ConditionTrace;
  /** Present when the group could not be judged (some of its plans' values were never read): why. */
  readonly notJudged?: { readonly reasons: readonly string[] };
}

export interface GroupOptions {
  readonly today: IsoDate;
  /** The date whose policy versions judge the register; default today. */
  readonly asOf?: IsoDate | null;
  readonly policy?: { readonly id: string; readonly version?: string } | null;
  readonly engine?: 'fast' | 'reference';
  readonly illustrative?: boolean;
  /** Plan refs, in the order of `inputs` (the evaluation already worked them out). */
  readonly refs: readonly string[];
  /**
   * The policy ids that judged each plan, in the order of `inputs`: a policy's group rules count only the plans it
   * judged (a plan not judged, or judged by another pack, is no member of its groups). Without it, the plans a
   * policy's applies_to covers.
   */
  readonly judgedBy?: readonly ReadonlySet<string>[];
  /** Called with every group a group rule judged, fired or not (the committee report shows each group). */
  readonly onGroup?: (group: JudgedGroup) => void;
  /**
   * Per input, whether the group rules count it (default: all): a plan found in several files of a folder run is
   * counted once (report/duplicate-plans.ts). Passed through evaluatePlans' options.
   */
  readonly countInGroups?: readonly boolean[];
}

/** One group as a group rule judged it: its aggregates and whether the rule fired. */
export interface JudgedGroup {
  readonly policy: CompiledPolicy;
  readonly rule: CompiledRule;
  readonly key: Readonly<Record<string, string | null>>;
  readonly label: string;
  readonly plans: number;
  readonly aggregates: Readonly<Record<string, FactValue>>;
  readonly fired: boolean;
  /** Present when the group could not be judged (some plans' values were never read): why. Its aggregates are empty. */
  readonly notJudged?: readonly string[];
}

export interface GroupEvaluation {
  readonly findings: GroupFinding[];
  readonly policies: CompiledPolicy[];
  readonly diagnostics: Diagnostic[];
}

interface RuleFns {
  readonly where: Predicate | null;
  readonly offenders: Predicate | null;
  readonly aggregates: readonly { readonly spec: CompiledAggregate; readonly test: Predicate | null }[];
  readonly tracer: Tracer;
  engine?: PolicyEngine;
}

const compiled = new WeakMap<CompiledRule, RuleFns>();

function fnsFor(rule: CompiledRule, group: GroupSpec): RuleFns {
  let fns = compiled.get(rule);
  if (!fns) {
    fns = {
      where: group.where ? compilePredicate(group.where) : null,
      offenders: group.offenders ? compilePredicate(group.offenders) : null,
      aggregates: group.aggregates.map((spec) => ({ spec, test: 'condition' in spec && spec.condition ? compilePredicate(spec.condition) : null })),
      tracer: compileTracer(rule.when),
    };
    compiled.set(rule, fns);
  }
  return fns;
}

/** The policy versions whose group rules judge a register: the versions in force on the reporting date. */
function groupPolicies(library: PolicyLibrary, options: Pick<GroupOptions, 'today' | 'asOf' | 'policy' | 'illustrative'>, diagnostics: Diagnostic[]): CompiledPolicy[] {
  const date = options.asOf ?? options.today;
  const asked = options.policy;
  if (asked?.version) {
    const exact = findVersion(library, asked.id, asked.version);
    return exact ? [exact] : [];
  }
  const out: CompiledPolicy[] = [];
  for (const id of asked ? [asked.id] : policyIds(library)) {
    const selection = versionInForce(library, id, date, { illustrative: options.illustrative === true });
    if (selection.policy) out.push(selection.policy);
    else if (asked) diagnostics.push({ code: 'policy_not_in_force', severity: 'error', message: `no version of '${id}' was in force on ${date} for the register's group rules: ${selection.reason}` });
  }
  return out.filter((p) => p.rules.some((r) => r.scope === 'group'));
}

/**
 * What the group rules need of one plan, kept instead of the plan: a register run judges each plan and lets it go,
 * so 100,000 plans never sit in memory at once. Per group policy the plan is a member of: the values of the facts
 * its group rules read, and for each rule whose offenders condition the plan meets, the cells to point at.
 */
export interface GroupMemberSummary {
  readonly ref: string;
  readonly source: string;
  /**
   * By the index of the group policy (groupPoliciesFor's list), for the policies the plan is a member of: the facts
   * their group rules read, and by the index of each rule (groupRulesOf's list) the cells of an offender.
   */
  readonly byPolicy: readonly (GroupMemberPart | undefined)[];
}

export interface GroupMemberPart {
  readonly values: Readonly<Record<string, FactValue>>;
  /**
   * By rule index, for the rules whose offenders condition the plan meets: its cells packed as one string (see
   * packCells). Kept as objects, a register's offender cells were half of what a 100,000-plan run held to its end.
   */
  readonly offenderCells: readonly (string | undefined)[] | null;
  /**
   * By rule index, for the rules some of whose facts depend on a value the workbook holds but jobplan could not read
   * (a column the register lacks, a cell it could not read): why. Such a plan cannot be counted either way.
   */
  readonly unread?: readonly (readonly string[] | undefined)[];
}

const CELL_PART = '\u0001';
const CELL_END = '\u0002';

const AS_JSON = '\u0003';

/**
 * The cells of one plan, packed as `sheet␁cell␂sheet␁cell␂`. Excel's sheet names hold no control characters; a
 * hand-made file's might, and then the cells are kept as JSON instead.
 */
function packCells(cells: readonly { readonly sheet: string; readonly cell: string }[]): string {
  if (cells.some((c) => c.sheet.includes(CELL_PART) || c.sheet.includes(CELL_END) || c.sheet.includes(AS_JSON))) return `${AS_JSON}${JSON.stringify(cells.map((x) => [x.sheet, x.cell]))}`;
  // join() makes one flat string; `+=` would keep a rope of every piece alive.
  return cells.map((c) => `${c.sheet}${CELL_PART}${c.cell}${CELL_END}`).join('');
}

function unpackCells(file: string, packed: string): GroupFindingCell[] {
  if (packed.startsWith(AS_JSON)) return (JSON.parse(packed.slice(1)) as [string, string][]).map(([sheet, cell]) => ({ file, sheet, cell }));
  const cells: GroupFindingCell[] = [];
  for (const part of packed.split(CELL_END)) {
    if (part === '') continue;
    const at = part.indexOf(CELL_PART);
    cells.push({ file, sheet: part.slice(0, at), cell: part.slice(at + 1) });
  }
  return cells;
}

/** The policy versions whose group rules judge a register (in force on the reporting date), worked out once per run. */
export function groupPoliciesFor(library: PolicyLibrary, options: Pick<GroupOptions, 'today' | 'asOf' | 'policy' | 'illustrative'>): { policies: CompiledPolicy[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  return { policies: groupPolicies(library, options, diagnostics), diagnostics };
}

/**
 * One plan's summary for the group rules: a pure function of the plan, its ref, the packs that judged it (null: the
 * policies whose applies_to covers it) and the reporting date, so any thread that judged the plan can make it.
 * `known`: the facts its plan rules derived (same plan, same date), so they are not derived twice.
 */
export function groupMemberSummary(input: PlanInput, ref: string, packs: ReadonlySet<string> | null, policies: readonly CompiledPolicy[], today: IsoDate, known?: DerivedFacts): GroupMemberSummary {
  // Arrays made at their final length: one grown by `a[i] = x` reserves room for 17 entries, which over a register's
  // plans was most of what the run kept to its end.
  const byPolicy = new Array<GroupMemberPart | undefined>(policies.length);
  policies.forEach((policy, index) => {
    if (packs ? !packs.has(policy.id) : !appliesTo(policy, input.plan)) return;
    const rules = groupRulesOf(policy);
    const facts = deriveFacts(input.plan, { today, registerRow: input.kind === 'register-row' }, neededFacts(policy, rules), known);
    const values: Record<string, FactValue> = {};
    for (const name in facts) values[name] = facts[name]!.value;
    let offenderCells: (string | undefined)[] | null = null;
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      const fns = fnsFor(rule, rule.group);
      if (!fns.offenders || fns.offenders(values) !== true) continue;
      const cells: { sheet: string; cell: string }[] = [];
      for (const f of offenderFactsOf(rule)) {
        for (const source of facts[f]?.sources ?? []) {
          const cellRef = input.cells[source];
          if (cellRef) cells.push(cellRef);
        }
      }
      (offenderCells ??= new Array<string | undefined>(rules.length))[r] = packCells(cells);
    }
    const unread = unreadByRule(input, rules, neededFacts(policy, rules), today);
    byPolicy[index] = unread ? { values, offenderCells, unread } : { values, offenderCells };
  });
  return { ref, source: input.source, byPolicy };
}

/** Per group rule, the reasons it cannot count this plan: the unread values its facts depend on (none: undefined). */
function unreadByRule(input: PlanInput, rules: readonly (CompiledRule & { group: GroupSpec })[], needed: ReadonlySet<string>, today: IsoDate): (string[] | undefined)[] | undefined {
  if (!input.unread || input.unread.length === 0) return undefined;
  const depending = factsDependingOnUnread(input.plan, input.unread, { today, registerRow: input.kind === 'register-row' }, needed);
  if (depending.size === 0) return undefined;
  let out: (string[] | undefined)[] | undefined;
  rules.forEach((rule, r) => {
    const reasons = [...new Set(rule.group.planFacts.flatMap((f) => (depending.get(f) ?? []).map((u) => u.reason)))];
    if (reasons.length > 0) (out ??= new Array<string[] | undefined>(rules.length))[r] = reasons;
  });
  return out;
}

const rulesByPolicy = new WeakMap<CompiledPolicy, (CompiledRule & { group: GroupSpec })[]>();
const neededByPolicy = new WeakMap<CompiledPolicy, ReadonlySet<string>>();
const offenderFacts = new WeakMap<CompiledRule, readonly string[]>();

function groupRulesOf(policy: CompiledPolicy): (CompiledRule & { group: GroupSpec })[] {
  let rules = rulesByPolicy.get(policy);
  if (!rules) {
    rules = policy.rules.filter((r): r is CompiledRule & { group: GroupSpec } => r.scope === 'group' && r.group !== undefined);
    rulesByPolicy.set(policy, rules);
  }
  return rules;
}

function neededFacts(policy: CompiledPolicy, rules: readonly (CompiledRule & { group: GroupSpec })[]): ReadonlySet<string> {
  let needed = neededByPolicy.get(policy);
  if (!needed) {
    needed = new Set(rules.flatMap((r) => r.group.planFacts));
    neededByPolicy.set(policy, needed);
  }
  return needed;
}

function offenderFactsOf(rule: CompiledRule & { group: GroupSpec }): readonly string[] {
  let facts = offenderFacts.get(rule);
  if (!facts) {
    facts = rule.group.offenders ? factsOf(rule.group.offenders) : [];
    offenderFacts.set(rule, facts);
  }
  return facts;
}

export async function evaluateGroups(inputs: readonly PlanInput[], library: PolicyLibrary, options: GroupOptions): Promise<GroupEvaluation> {
  const { policies, diagnostics } = groupPoliciesFor(library, options);
  const members = inputs.map((input, i) => groupMemberSummary(input, options.refs[i]!, options.judgedBy ? options.judgedBy[i] ?? new Set() : null, policies, options.today));
  return evaluateGroupSummaries(members, policies, diagnostics, options);
}

/**
 * The group rules over the plans' summaries (in the order the plans were read): `policies` and `diagnostics` as
 * groupPoliciesFor gave them. options.countInGroups leaves out the copies of a plan found in several files.
 */
export async function evaluateGroupSummaries(summaries: readonly GroupMemberSummary[], policies: readonly CompiledPolicy[], policyDiagnostics: readonly Diagnostic[], options: Omit<GroupOptions, 'refs' | 'judgedBy'>): Promise<GroupEvaluation> {
  const diagnostics: Diagnostic[] = [...policyDiagnostics];
  const findings: GroupFinding[] = [];
  const used: CompiledPolicy[] = [];
  for (let index = 0; index < policies.length; index++) {
    const policy = policies[index]!;
    const rules = groupRulesOf(policy);
    const members: { summary: GroupMemberSummary; values: Readonly<Record<string, FactValue>>; offenderCells: GroupMemberPart['offenderCells']; unread: GroupMemberPart['unread'] }[] = [];
    summaries.forEach((summary, i) => {
      if (options.countInGroups?.[i] === false) return;
      const mine = summary.byPolicy[index];
      if (mine) members.push({ summary, values: mine.values, offenderCells: mine.offenderCells, unread: mine.unread });
    });
    // A policy that applies to none of the plans (another organisation's, say) has not judged this register.
    if (members.length === 0) continue;
    used.push(policy);
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      const fns = fnsFor(rule, rule.group);
      const groups = new Map<string, { key: Record<string, string | null>; indexes: number[] }>();
      members.forEach(({ values: v }, i) => {
        if (fns.where && fns.where(v) !== true) return;
        const key = Object.fromEntries(rule.group.groupBy.map((f) => [f, typeof v[f] === 'string' ? (v[f] as string) : null]));
        const id = JSON.stringify(key);
        const g = groups.get(id) ?? { key, indexes: [] };
        g.indexes.push(i);
        groups.set(id, g);
      });
      for (const g of [...groups.values()].sort((a, b) => label(a.key).localeCompare(label(b.key)))) {
        // A plan the rule cannot count (its value was never read) would be counted as failing or passing: neither is
        // known, so the group is not judged, and says which plans and why.
        const blocked = g.indexes.filter((i) => members[i]!.unread?.[r] !== undefined);
        if (blocked.length > 0) {
          const reasons = [...new Set(blocked.flatMap((i) => members[i]!.unread![r]!))];
          findings.push(notJudgedGroupFinding(policy, rule, g.key, g.indexes.length, blocked.map((i) => members[i]!.summary), reasons));
          options.onGroup?.({ policy, rule, key: g.key, label: label(g.key), plans: g.indexes.length, aggregates: {}, fired: false, notJudged: reasons });
          continue;
        }
        const aggregates: Record<string, FactValue> = { ...computeAggregates(fns, g.indexes.map((i) => members[i]!.values)), today: options.today };
        const outcome = options.engine === 'reference' ? await judgeReference(policy, rule, fns, aggregates) : judgeFastGroup(fns, aggregates);
        options.onGroup?.({ policy, rule, key: g.key, label: label(g.key), plans: g.indexes.length, aggregates, fired: outcome.fired });
        if (!outcome.fired) continue;
        const offenders = fns.offenders ? g.indexes.filter((i) => members[i]!.offenderCells?.[r] !== undefined).map((i) => ({ ref: members[i]!.summary.ref, source: members[i]!.summary.source, cells: unpackCells(members[i]!.summary.source, members[i]!.offenderCells![r]!) })) : [];
        findings.push(toGroupFinding(policy, rule, g.key, g.indexes.length, aggregates, outcome.trace, offenders));
      }
    }
  }
  return { findings, policies: used, diagnostics };
}

function judgeFastGroup(fns: RuleFns, aggregates: Record<string, FactValue>): { fired: boolean; trace: ConditionTrace } {
  const trace = fns.tracer(aggregates);
  return { fired: trace.result === true, trace };
}

async function judgeReference(policy: CompiledPolicy, rule: CompiledRule, fns: RuleFns, aggregates: Record<string, FactValue>): Promise<{ fired: boolean; trace: ConditionTrace }> {
  fns.engine ??= new PolicyEngine(policy, [rule]);
  const outcome = (await fns.engine.judge(aggregates)).get(rule.id)!;
  return { fired: outcome.fired, trace: outcome.trace! };
}

export function label(key: Readonly<Record<string, string | null>>): string {
  const parts = Object.entries(key).map(([field, value]) => `${field.replace(/_/g, ' ')} ${value ?? '(not recorded)'}`);
  return parts.length > 0 ? parts.join(', ') : 'the whole register';
}

function computeAggregates(fns: RuleFns, rows: readonly Record<string, FactValue>[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const { spec, test } of fns.aggregates) {
    switch (spec.kind) {
      case 'count':
        out[spec.name] = test ? rows.filter((r) => test(r) === true).length : rows.length;
        break;
      case 'share':
        out[spec.name] = rows.length > 0 ? Math.round((rows.filter((r) => test!(r) === true).length / rows.length) * 10_000) / 10_000 : null;
        break;
      case 'ratio': {
        const sum = (f: string) => rows.reduce((s, r) => s + (typeof r[f] === 'number' ? (r[f] as number) : 0), 0);
        const to = sum(spec.to);
        out[spec.name] = to !== 0 ? round(sum(spec.of) / to) : null;
        break;
      }
      case 'distinct':
        out[spec.name] = new Set(rows.map((r) => r[spec.fact]).filter((v) => v !== null && v !== undefined).map((v) => JSON.stringify(v))).size;
        break;
      default: {
        const numbers = rows.map((r) => r[spec.fact]).filter((v): v is number => typeof v === 'number');
        if (numbers.length === 0) out[spec.name] = null;
        else if (spec.kind === 'sum') out[spec.name] = round(numbers.reduce((a, b) => a + b, 0));
        else if (spec.kind === 'mean') out[spec.name] = round(numbers.reduce((a, b) => a + b, 0) / numbers.length);
        else if (spec.kind === 'min') out[spec.name] = Math.min(...numbers);
        else out[spec.name] = Math.max(...numbers);
      }
    }
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** How many offending plans a message names before "and N more". */
const OFFENDERS_IN_MESSAGE = 10;

/** "A; B; C and 12 more": plans named in a register finding's message, separated by semicolons (a name may hold a comma). */
function namedPlans(refs: readonly string[]): string {
  return refs.length > OFFENDERS_IN_MESSAGE ? `${refs.slice(0, OFFENDERS_IN_MESSAGE).join('; ')} and ${refs.length - OFFENDERS_IN_MESSAGE} more` : refs.join('; ');
}

function toGroupFinding(
  policy: CompiledPolicy, rule: CompiledRule & { group: GroupSpec }, key: Record<string, string | null>, size: number,
  aggregates: Record<string, FactValue>, trace: ConditionTrace, offenders: readonly { readonly ref: string; readonly source: string; readonly cells: readonly GroupFindingCell[] }[],
): GroupFinding {
  const params = Object.fromEntries(rule.params.map((p) => [p, policy.parameters[p]!.value]));
  const refs = offenders.map((o) => o.ref);
  const named = namedPlans(refs);
  const lookup = (name: string): unknown => {
    if (name === 'group') return label(key);
    if (name === 'offenders') return refs.length > 0 ? named : null;
    if (name === 'offender_count') return refs.length;
    if (name === 'plans_in_group') return size;
    if (name === 'rule_id') return rule.id;
    if (name === 'clause') return rule.clause;
    if (Object.hasOwn(params, name)) return params[name];
    return Object.hasOwn(aggregates, name) ? (aggregates[name] ?? null) : null;
  };
  // The offenders' cells for the facts of the offenders condition, so the user can jump to each row.
  const cells: GroupFindingCell[] = [];
  const seen = new Set<string>();
  for (const o of offenders) {
    for (const cell of o.cells) {
      const id = `${cell.file}\u0000${cell.sheet}\u0000${cell.cell}`;
      if (seen.has(id)) continue;
      seen.add(id);
      cells.push(cell);
    }
  }
  return {
    ruleId: rule.id, title: rule.title, severity: rule.severity, message: fillMessage(rule.message, lookup), clause: rule.clause,
    policy: { id: policy.id, version: policy.version, sha256: policy.sha256 },
    group: { label: label(key), key, plans: size },
    offenders: offenders.map((o) => ({ ref: o.ref, source: o.source })),
    cells, values: Object.fromEntries(Object.entries(aggregates).filter(([k]) => k !== 'today')) as Record<string, number | null>, params,
    ...(rule.explain !== undefined ? { explain: rule.explain } : {}),
    trace,
  };
}

/** Reasons named in a not-judged group finding before "and N more". */
const REASONS_IN_MESSAGE = 3;

/** "Not judged: <title> for <group>, because <why> (N of M plans)": a warning naming the plans that could not be counted. */
function notJudgedGroupFinding(
  policy: CompiledPolicy, rule: CompiledRule & { group: GroupSpec }, key: Record<string, string | null>, size: number,
  blocked: readonly GroupMemberSummary[], reasons: readonly string[],
): GroupFinding {
  const refs = blocked.map((b) => b.ref);
  const named = namedPlans(refs);
  const why = reasons.length > REASONS_IN_MESSAGE ? `${reasons.slice(0, REASONS_IN_MESSAGE).join('; ')} and ${reasons.length - REASONS_IN_MESSAGE} more` : reasons.join('; ');
  return {
    ruleId: rule.id, title: rule.title, severity: 'warning', clause: rule.clause,
    message: `Not judged for ${label(key)}: ${lowerFirst(rule.title)} could not be checked, because ${why}. ${blocked.length === size ? (size === 1 ? 'Its one plan cannot' : `None of its ${size} plans can`) : `${blocked.length} of its ${size} plans cannot`} be counted (${named}).`,
    policy: { id: policy.id, version: policy.version, sha256: policy.sha256 },
    group: { label: label(key), key, plans: size },
    offenders: blocked.map((b) => ({ ref: b.ref, source: b.source })),
    cells: [], values: {}, params: Object.fromEntries(rule.params.map((p) => [p, policy.parameters[p]!.value])),
    notJudged: { reasons },
  };
}

function factsOf(c: CompiledCondition): string[] {
  switch (c.kind) {
    case 'all':
    case 'any':
      return c.conditions.flatMap(factsOf);
    case 'not':
      return factsOf(c.condition);
    case 'fact':
      return c.valueFrom && 'fact' in c.valueFrom ? [c.fact, c.valueFrom.fact] : [c.fact];
  }
}
