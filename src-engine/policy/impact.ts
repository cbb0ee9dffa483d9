/**
 * The impact of an amendment: the same plans judged under two versions of a policy (a draft included), and every
 * difference in outcome classified and attributed to what changed in the policy (from diffPolicies).
 *
 * Both versions are judged AS IF IN FORCE for every plan, whatever the plan's date: the question a committee asks
 * at a review is "if this version applied to our plans, what would change?", not "which version applied on the
 * plan's date". A plan outside a version's applies_to (another organisation, a non-medical plan for a medical
 * policy) is not judged by that version; a plan outside both is counted and left out.
 *
 * Outcomes per plan and rule: no finding, a finding at a severity, or "not judged" (a value the rule needs is not
 * recorded or could not be read). A change between them is one of: a finding appears, a finding goes, its severity
 * changes, the rule is now judged, or it is no longer judged. Where the outcome is the same and only the message
 * differs, it is "wording only", kept apart from the changes.
 *
 * Only what is needed is kept: each plan is judged by one version, then the other, compared and let go; only the plans
 * that change are kept (and, for the register rules, the small summary per plan they need). The plans may come as an
 * async iterable (a register read a file at a time). Only the rules that differ between the versions are judged.
 * Pure: no Node built-ins, no DOM; the task pane runs it too.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { PlanEvaluation, type PlanInput } from '../evaluate/evaluate.js';
import type { GroupFinding } from '../evaluate/evaluate-groups.js';
import type { FindingCell, PlanResult, Finding } from '../report/report.js';
import type { CompiledPolicy, CompiledRule } from './compiled-policy.js';
import { diffPolicies, type DiffStamp, type ParameterValue, type PolicyDiff, type RuleChange } from './diff-policies.js';
import type { Severity } from './policy-document.js';
import { appliesTo, type PolicyLibrary } from './policy-library.js';
import { formatUkDate } from '../model/dates.js';
import { findDuplicatePlans } from '../report/duplicate-plans.js';

/** What a rule said about a plan under one version. */
export interface ImpactOutcome {
  readonly severity: Severity;
  /** True when the rule could not be judged (a value it needs is not recorded, or could not be read). */
  readonly notJudged: boolean;
  readonly message: string;
}

export type ImpactKind = 'appears' | 'goes' | 'severity' | 'now-judged' | 'no-longer-judged';

export const IMPACT_KINDS: readonly ImpactKind[] = ['appears', 'goes', 'severity', 'now-judged', 'no-longer-judged'];

export type CauseKind = 'rule-added' | 'rule-removed' | 'condition' | 'severity' | 'scope' | 'parameter' | 'when-unknown' | 'applies-to' | 'message' | 'unexplained';

/** A change in the policy that explains a changed outcome, in plain words (`text`). */
export interface ImpactCause {
  readonly kind: CauseKind;
  readonly text: string;
  /** For a parameter: its name. */
  readonly parameter?: string;
}

export interface OutcomeChange {
  readonly ruleId: string;
  /** The rule's title (the newer version's when it has one). */
  readonly title: string;
  readonly kind: ImpactKind;
  /** Null: no finding under that version. */
  readonly from: ImpactOutcome | null;
  readonly to: ImpactOutcome | null;
  readonly causes: readonly ImpactCause[];
}

export interface WordingChange {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly notJudged: boolean;
  readonly from: string;
  readonly to: string;
  readonly causes: readonly ImpactCause[];
}

/**
 * Which way a plan's outcome moves: 'fewer' (findings go or soften: error → warning, …), 'more' (findings appear or
 * harden), 'other' (both at once, or only rules now judged or no longer judged).
 */
export type Direction = 'fewer' | 'more' | 'other';

const RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

/** The direction of one change: none for a rule now judged or no longer judged (neither better nor worse). */
function directionOf(c: OutcomeChange): Direction {
  if (c.kind === 'appears') return 'more';
  if (c.kind === 'goes') return 'fewer';
  if (c.kind === 'severity' && c.from && c.to) return RANK[c.to.severity] > RANK[c.from.severity] ? 'more' : 'fewer';
  return 'other';
}

export function planDirection(changes: readonly OutcomeChange[]): Direction {
  const all = new Set(changes.map(directionOf));
  return all.size === 1 ? [...all][0]! : 'other';
}

export interface PlanImpact {
  /** The plan's position among the plans read (the add-in selects its row by it). */
  readonly index: number;
  readonly ref: string;
  readonly practitioner: string | null;
  readonly source: string;
  readonly specialty: string | null;
  readonly careGroup: string | null;
  /** A cell of the plan to go to: the first cell of a changed finding, else the plan's reference cell. */
  readonly cell: FindingCell | null;
  readonly changes: readonly OutcomeChange[];
  readonly wording: readonly WordingChange[];
  /** Which way the plan's outcome moves (only for plans whose outcome changes). */
  readonly direction: Direction | null;
  /** The other files holding the same plan reference, when it was read from several (it is counted and listed once). */
  readonly alsoIn?: readonly string[];
}

/** A register finding (a group rule's, per specialty, care group ...) that appears, goes or changes severity. */
export interface GroupImpact {
  readonly ruleId: string;
  readonly title: string;
  readonly group: string;
  readonly kind: ImpactKind;
  readonly from: ImpactOutcome | null;
  readonly to: ImpactOutcome | null;
  readonly causes: readonly ImpactCause[];
}

export type KindCounts = Record<ImpactKind, number>;

export interface RuleImpact {
  readonly ruleId: string;
  readonly title: string;
  readonly counts: KindCounts;
  /** Plans whose outcome of this rule changes. */
  readonly plans: number;
  /** Plans where only this rule's wording changes. */
  readonly wording: number;
  readonly causes: readonly ImpactCause[];
}

export interface GroupCount {
  /** The specialty or care group; '(not recorded)' for plans that do not say. */
  readonly name: string;
  /** Plans of the group judged by either version. */
  readonly plans: number;
  /** Of them, plans whose outcome changes. */
  readonly changed: number;
  /** Of those, plans with fewer or milder findings, more or sterner, other. */
  readonly fewer: number;
  readonly more: number;
  readonly other: number;
  readonly counts: KindCounts;
  readonly wording: number;
}

export interface PolicyImpact {
  readonly from: DiffStamp;
  readonly to: DiffStamp;
  readonly samePolicy: boolean;
  /** The evaluation date (overdue checks count to it). */
  readonly today: string;
  /** What changed in the policy (as `jobplan policy diff`). */
  readonly diff: PolicyDiff;
  /** Plain statements for the output's header: as if in force, plans dated before the new version, different policies. */
  readonly notes: readonly string[];
  readonly plans: {
    /** Plans read. */
    readonly read: number;
    /** Plans judged by at least one of the versions. */
    readonly judged: number;
    /** Plans outside both versions' applies_to: not judged by either. */
    readonly outOfScope: number;
    /** Copies of a plan read again from another file (the same plan reference): counted once, under `judged`. */
    readonly copies: number;
    readonly changed: number;
    /** Of the plans that change: fewer or milder findings, more or sterner findings, other (mixed, judged ↔ not judged). */
    readonly fewer: number;
    readonly more: number;
    readonly other: number;
    /** Plans where only the wording of findings changes. */
    readonly wordingOnly: number;
    /** Judged plans dated (start, else meeting) before the newer version's effective date. */
    readonly beforeTo: number;
  };
  readonly counts: KindCounts;
  /** Findings whose wording alone changes. */
  readonly wording: number;
  readonly byRule: readonly RuleImpact[];
  readonly bySpecialty: readonly GroupCount[];
  readonly byCareGroup: readonly GroupCount[];
  /** Plans whose outcome changes (those with wording changes too carry them), in the order read. */
  readonly changedPlans: readonly PlanImpact[];
  /** Plans whose findings change only in wording. */
  readonly wordingPlans: readonly PlanImpact[];
  /** Register findings (group rules) that change. */
  readonly groups: readonly GroupImpact[];
  readonly groupWording: number;
  /** The rules judged: those that differ between the versions (or every rule, when asked or when applies_to differ). */
  readonly rulesJudged: readonly string[];
  /** Problems while judging (rare: the versions compiled and the plans were read before). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface ImpactOptions {
  readonly today: string;
  /** Fixed timestamp for the evaluations (tests); not part of the output. */
  readonly evaluatedAt?: string;
  /** Register findings: 'auto' (default) judges group rules when at least two plans are judged. */
  readonly groups?: 'auto' | 'on' | 'off';
  /**
   * 'changed' (default): judge only the rules whose compiled form or parameter values differ between the versions; a
   * rule the same in both gives the same outcome and message under both, so judging it twice could only cost time.
   * 'all': judge every rule (the versions' applies_to differ: then always).
   */
  readonly rules?: 'changed' | 'all';
  /** Called as plans are judged (when `inputs` is a list): `done` plans of `total`. */
  readonly onProgress?: (done: number, total: number) => void | Promise<void>;
}

export const NOT_RECORDED = '(not recorded)';

const emptyCounts = (): KindCounts => ({ appears: 0, goes: 0, severity: 0, 'now-judged': 0, 'no-longer-judged': 0 });

/** A library of one version, so that version judges every plan it is asked to (drafts included). */
function libraryOf(policy: CompiledPolicy): PolicyLibrary {
  return { policies: [policy], diagnostics: [], versionDiagnostics: [], selection: null };
}

function outcomeOf(f: Finding | GroupFinding): ImpactOutcome {
  return { severity: f.severity, notJudged: 'notJudged' in f && f.notJudged !== undefined, message: f.message };
}

/** The kind of change from one outcome to the other, or null when the outcome is the same (the wording may differ). */
export function classify(from: ImpactOutcome | null, to: ImpactOutcome | null): ImpactKind | null {
  if (!from && !to) return null;
  if (from?.notJudged && !to?.notJudged) return 'now-judged';
  if (!from?.notJudged && to?.notJudged) return 'no-longer-judged';
  if (!from) return 'appears';
  if (!to) return 'goes';
  return from.severity === to.severity ? null : 'severity';
}

function amount(value: ParameterValue, unit: string): string {
  const v = Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
  return unit === '' ? v : `${v} ${unit}`;
}

/**
 * Why a rule's outcomes may change, from the diff and the compiled rules: the rule added or removed; its condition,
 * severity or scope changed; a parameter it reads changed value; its when_unknown changed. Computed once per rule.
 */
function ruleCauses(id: string, a: CompiledRule | undefined, b: CompiledRule | undefined, diff: PolicyDiff): { outcome: ImpactCause[]; wording: ImpactCause[] } {
  if (!a && b) return { outcome: [{ kind: 'rule-added', text: `rule ${id} added` }], wording: [] };
  if (a && !b) return { outcome: [{ kind: 'rule-removed', text: `rule ${id} removed` }], wording: [] };
  const change: RuleChange | undefined = diff.rules.changed.find((r) => r.id === id);
  const outcome: ImpactCause[] = [];
  const wording: ImpactCause[] = [];
  for (const c of change?.changes ?? []) {
    if (c.aspect === 'condition') outcome.push({ kind: 'condition', text: `condition changed: ${c.from ?? '(none)'} → ${c.to ?? '(none)'}` });
    else if (c.aspect === 'severity') outcome.push({ kind: 'severity', text: `severity ${c.from ?? '(none)'} → ${c.to ?? '(none)'}` });
    else if (c.aspect === 'scope') outcome.push({ kind: 'scope', text: `scope ${c.from ?? '(none)'} → ${c.to ?? '(none)'}` });
    else if (c.aspect === 'message') wording.push({ kind: 'message', text: 'message reworded' });
  }
  // Every parameter the newer rule reads whose value changed (the diff names them only when the condition is unchanged).
  const changedValues = new Map(diff.parameters.changed.filter((p) => p.changed.includes('value') || p.changed.includes('unit')).map((p) => [p.name, p]));
  const inCondition = new Set(change?.effective.map((e) => e.parameter) ?? []);
  for (const name of [...new Set([...(b?.params ?? []), ...(a?.params ?? [])])].sort()) {
    const p = changedValues.get(name);
    if (!p) continue;
    const cause: ImpactCause = { kind: 'parameter', parameter: name, text: `${name} ${amount(p.from.value, p.from.unit)} → ${amount(p.to.value, p.to.unit)}` };
    // One the condition reads may change the outcome; any the rule reads may change the wording (a message quotes it).
    if (inCondition.has(name) || conditionReads(b?.when, name) || conditionReads(a?.when, name)) outcome.push(cause);
    wording.push(cause);
  }
  if (a && b && a.whenUnknown !== b.whenUnknown) outcome.push({ kind: 'when-unknown', text: `when a value is not recorded: ${a.whenUnknown} → ${b.whenUnknown}` });
  return { outcome, wording };
}

function conditionReads(c: CompiledRule['when'] | undefined, param: string): boolean {
  if (!c) return false;
  switch (c.kind) {
    case 'all':
    case 'any':
      return c.conditions.some((x) => conditionReads(x, param));
    case 'not':
      return conditionReads(c.condition, param);
    case 'fact':
      return c.valueFrom !== undefined && 'param' in c.valueFrom && c.valueFrom.param === param;
  }
}

const UNEXPLAINED: ImpactCause = { kind: 'unexplained', text: 'no change to this rule or its parameters was found: a change elsewhere in the policy (e.g. its applies_to) or in how the rule is read' };

/** Per plan, the first version's outcomes by rule (null: no finding), kept until the second version judges the plan. */
type Outcomes = Map<string, ImpactOutcome & { readonly title: string; readonly cells: readonly FindingCell[] }>;

function outcomesOf(result: PlanResult): Outcomes | null {
  if (result.findings.length === 0) return null;
  const out: Outcomes = new Map();
  for (const f of result.findings) if (!out.has(f.ruleId)) out.set(f.ruleId, { ...outcomeOf(f), title: f.title, cells: f.cells });
  return out;
}

/**
 * What decides a rule's outcome and message for a plan: its compiled form (conditions with parameter values already
 * substituted, severity, when_unknown, title, message, facts, group spec) and the values of the parameters it reads.
 */
function ruleKey(rule: CompiledRule, policy: CompiledPolicy): string {
  const { location: _location, ...rest } = rule;
  return JSON.stringify([rest, rule.params.map((p) => policy.parameters[p]?.value ?? null)]);
}

/** The ids of the rules whose judgement may differ between the versions (in either, not the same in both). */
function rulesThatDiffer(from: CompiledPolicy, to: CompiledPolicy): Set<string> {
  const keysA = new Map(from.rules.map((r) => [r.id, ruleKey(r, from)]));
  const keysB = new Map(to.rules.map((r) => [r.id, ruleKey(r, to)]));
  const out = new Set<string>();
  for (const id of new Set([...keysA.keys(), ...keysB.keys()])) if (keysA.get(id) !== keysB.get(id)) out.add(id);
  return out;
}

/** The version with only `ids` among its rules (the same rule objects: their findings are the version's own). */
function restricted(policy: CompiledPolicy, ids: ReadonlySet<string> | null): CompiledPolicy {
  return ids === null ? policy : { ...policy, rules: policy.rules.filter((r) => ids.has(r.id)) };
}

function planDate(input: PlanInput): string | null {
  return input.plan.start_date ?? input.plan.meeting_date ?? null;
}

/**
 * Judges `inputs` under `from` and under `to`, each as if in force for every plan it applies to, and returns what
 * differs. Each plan is judged twice (at most two validations' work; less, since only the rules that differ are
 * judged), one plan at a time; only the plans that change are kept. Progress is reported for a list of plans.
 */
export async function policyImpact(inputs: Iterable<PlanInput> | AsyncIterable<PlanInput>, from: CompiledPolicy, to: CompiledPolicy, options: ImpactOptions): Promise<PolicyImpact> {
  const run = new PolicyImpactRun(from, to, options);
  const total = Array.isArray(inputs) ? (inputs as readonly PlanInput[]).length : null;
  for await (const input of inputs) {
    await run.add(input);
    if (total !== null && run.read % 100 === 0) await options.onProgress?.(run.read, total);
  }
  if (total !== null) await options.onProgress?.(total, total);
  return run.finish();
}

/** A tally of plans by specialty or care group, as it is built. */
type GroupTally = { -readonly [K in keyof GroupCount]: GroupCount[K] };

/**
 * What the run keeps of a judged plan that has a plan reference, to find the plans read from several files at the end:
 * the dates findDuplicatePlans compares, the tallies it went into and its entry if it changes.
 */
interface JudgedCopy {
  readonly copy: PlanInput;
  readonly ref: string;
  readonly specialty: GroupTally;
  readonly careGroup: GroupTally;
  readonly beforeTo: boolean;
  readonly entry: PlanImpact | null;
}

/**
 * The impact worked out a plan at a time, for a caller that already reads the plans (the committee report feeds it
 * each plan as its own run judges it, so the register is read once): add() each plan in reading order, then finish().
 *
 * A plan found in several files (the same plan reference: its own workbook and its register row, or one register
 * given twice) is counted once, as validate counts it for the group rules: the group rules see the copy
 * findDuplicatePlans chooses (agreed most recently; a full plan before a register row; then the first read), and the
 * counts and the plans listed hold it once, naming the other files (`alsoIn`). A committee asks how many
 * practitioners an amendment moves: one consultant in two files is one plan that moves, not two. The copy listed is
 * the one counted, unless only another copy's outcome changes (its own workbook holds what the register row lacks):
 * then that copy, so that no change is hidden by the choice.
 */
export class PolicyImpactRun {
  readonly #from: CompiledPolicy;
  readonly #to: CompiledPolicy;
  readonly #options: ImpactOptions;
  readonly #diff: PolicyDiff;
  readonly #rulesA: Map<string, CompiledRule>;
  readonly #rulesB: Map<string, CompiledRule>;
  readonly #causes = new Map<string, { outcome: ImpactCause[]; wording: ImpactCause[] }>();
  readonly #only: Set<string> | null;
  readonly #rulesJudged: string[];
  readonly #evaluationA: PlanEvaluation;
  readonly #evaluationB: PlanEvaluation;
  readonly #counts = emptyCounts();
  readonly #byRule = new Map<string, { ruleId: string; title: string; counts: KindCounts; plans: number; wording: number; causes: ImpactCause[]; outOfOneScope: number }>();
  readonly #bySpecialty = new Map<string, GroupTally>();
  readonly #byCareGroup = new Map<string, GroupTally>();
  readonly #directions = { fewer: 0, more: 0, other: 0 };
  /** The entries of the plans that change (outcome or wording), in reading order; a copy counted elsewhere is removed at finish. */
  readonly #entries: PlanImpact[] = [];
  /** Every judged plan in the order the evaluations recorded it (a plan without a reference as null: never a copy). */
  readonly #judged: (JudgedCopy | null)[] = [];
  #wordingTotal = 0;
  #index = -1;
  #judgedCount = 0;
  #beforeTo = 0;
  #finished = false;

  constructor(from: CompiledPolicy, to: CompiledPolicy, options: ImpactOptions) {
    this.#from = from;
    this.#to = to;
    this.#options = options;
    this.#diff = diffPolicies(from, to);
    this.#rulesA = new Map(from.rules.map((r) => [r.id, r]));
    this.#rulesB = new Map(to.rules.map((r) => [r.id, r]));
    // A plan in one version's applies_to only has every finding of the other appear or go: then every rule is judged.
    const sameScope = JSON.stringify(from.document.applies_to) === JSON.stringify(to.document.applies_to);
    this.#only = options.rules === 'all' || !sameScope ? null : rulesThatDiffer(from, to);
    const judgedFrom = restricted(from, this.#only);
    const judgedTo = restricted(to, this.#only);
    this.#rulesJudged = [...new Set([...judgedFrom.rules, ...judgedTo.rules].map((r) => r.id))].sort();
    const common = { today: options.today, asOf: null, illustrative: true, traces: false, groups: options.groups ?? 'auto', ...(options.evaluatedAt ? { evaluatedAt: options.evaluatedAt } : {}) } as const;
    // Each plan is judged by one version, then the other, compared, and let go: only the plans that differ are kept.
    this.#evaluationA = new PlanEvaluation(libraryOf(judgedFrom), { ...common, policy: { id: from.id, version: from.version } });
    this.#evaluationB = new PlanEvaluation(libraryOf(judgedTo), { ...common, policy: { id: to.id, version: to.version } });
  }

  /** Plans added so far. */
  get read(): number {
    return this.#index + 1;
  }

  #causesOf(id: string): { outcome: ImpactCause[]; wording: ImpactCause[] } {
    let c = this.#causes.get(id);
    if (!c) {
      c = ruleCauses(id, this.#rulesA.get(id), this.#rulesB.get(id), this.#diff);
      this.#causes.set(id, c);
    }
    return c;
  }

  #groupEntry(map: Map<string, GroupTally>, name: string): GroupTally {
    let g = map.get(name);
    if (!g) {
      g = { name, plans: 0, changed: 0, fewer: 0, more: 0, other: 0, counts: emptyCounts(), wording: 0 };
      map.set(name, g);
    }
    return g;
  }

  #ruleEntry(id: string, title: string) {
    let r = this.#byRule.get(id);
    if (!r) {
      r = { ruleId: id, title, counts: emptyCounts(), plans: 0, wording: 0, causes: [], outOfOneScope: 0 };
      this.#byRule.set(id, r);
    }
    return r;
  }

  /** Adds (sign 1) or takes back (sign -1, a copy of a plan counted in another file) a judged plan's part in the counts. */
  #tally(sign: 1 | -1, sg: GroupTally, cg: GroupTally, beforeTo: boolean, entry: PlanImpact | null): void {
    this.#judgedCount += sign;
    if (beforeTo) this.#beforeTo += sign;
    sg.plans += sign;
    cg.plans += sign;
    if (!entry) return;
    const outOfOneScope = entry.changes.some((c) => c.causes.some((x) => x.kind === 'applies-to'));
    for (const c of entry.changes) {
      this.#counts[c.kind] += sign;
      const r = this.#ruleEntry(c.ruleId, c.title);
      r.counts[c.kind] += sign;
      r.plans += sign;
      if (outOfOneScope) r.outOfOneScope += sign;
      sg.counts[c.kind] += sign;
      cg.counts[c.kind] += sign;
    }
    for (const w of entry.wording) {
      this.#ruleEntry(w.ruleId, w.title).wording += sign;
      sg.wording += sign;
      cg.wording += sign;
    }
    this.#wordingTotal += sign * entry.wording.length;
    if (entry.direction) {
      sg.changed += sign;
      cg.changed += sign;
      sg[entry.direction] += sign;
      cg[entry.direction] += sign;
      this.#directions[entry.direction] += sign;
    }
  }

  /** Judges one plan under both versions (plans in reading order; one at a time: the engines must not run twice at once). */
  async add(input: PlanInput): Promise<void> {
    if (this.#finished) throw new Error('PolicyImpactRun.add after finish');
    this.#index += 1;
    const index = this.#index;
    const from = this.#from;
    const to = this.#to;
    const inA = appliesTo(from, input.plan);
    const inB = appliesTo(to, input.plan);
    if (!inA && !inB) return;
    const date = planDate(input);
    const beforeTo = date !== null && date < to.document.effective_from;
    const judgedA = await this.#evaluationA.judge(input);
    this.#evaluationA.record(judgedA);
    const judgedB = await this.#evaluationB.judge(input);
    this.#evaluationB.record(judgedB);
    const a = inA ? outcomesOf(judgedA.result) : null;
    const b = inB ? outcomesOf(judgedB.result) : null;
    const result = judgedB.result;
    const plan = input.plan;
    const specialty = plan.specialty?.trim() || null;
    const careGroup = plan.care_group?.trim() || null;
    const sg = this.#groupEntry(this.#bySpecialty, specialty ?? NOT_RECORDED);
    const cg = this.#groupEntry(this.#byCareGroup, careGroup ?? NOT_RECORDED);
    const entry = a || b ? this.#compare(index, input, result, a, b, inA, inB, specialty, careGroup) : null;
    this.#tally(1, sg, cg, beforeTo, entry);
    if (entry) this.#entries.push(entry);
    // Only a real plan reference identifies a plan across files (as findDuplicatePlans): the others need no copy kept.
    if (plan.plan_ref) {
      const copy: PlanInput = { plan: { plan_ref: plan.plan_ref, meeting_date: plan.meeting_date ?? null, signed_practitioner_date: plan.signed_practitioner_date ?? null, signed_manager_date: plan.signed_manager_date ?? null }, cells: NO_CELLS, source: input.source, kind: input.kind ?? 'plan' };
      this.#judged.push({ copy, ref: result.ref, specialty: sg, careGroup: cg, beforeTo, entry });
    } else this.#judged.push(null);
  }

  /** The plan's entry when its outcome or wording changes, else null. */
  #compare(index: number, input: PlanInput, result: PlanResult, a: Outcomes | null, b: Outcomes | null, inA: boolean, inB: boolean, specialty: string | null, careGroup: string | null): PlanImpact | null {
    const scopeCause: ImpactCause[] = inA === inB ? [] : [{ kind: 'applies-to', text: inB ? `the plan is within the newer version's applies_to, not the older's` : `the plan is within the older version's applies_to, not the newer's` }];
    const changes: OutcomeChange[] = [];
    const wording: WordingChange[] = [];
    let cell: FindingCell | null = null;
    const ids = [...new Set([...(a?.keys() ?? []), ...(b?.keys() ?? [])])];
    for (const id of ids) {
      const x = a?.get(id) ?? null;
      const y = b?.get(id) ?? null;
      const title = y?.title ?? x?.title ?? id;
      const kind = classify(x, y);
      const causes = this.#causesOf(id);
      if (kind) {
        const because = [...scopeCause, ...causes.outcome];
        changes.push({ ruleId: id, title, kind, from: x && strip(x), to: y && strip(y), causes: because.length > 0 ? because : [UNEXPLAINED] });
        cell ??= (y?.cells[0] ?? x?.cells[0]) ?? null;
      } else if (x && y && x.message !== y.message) {
        wording.push({ ruleId: id, title, severity: y.severity, notJudged: y.notJudged, from: x.message, to: y.message, causes: causes.wording.length > 0 ? causes.wording : [{ kind: 'message', text: 'message reworded' }] });
      }
    }
    if (changes.length === 0 && wording.length === 0) return null;
    const ref = input.cells['plan_ref'] ?? input.cells['practitioner_name'] ?? null;
    return {
      index, ref: result.ref, practitioner: result.practitioner, source: result.source, specialty, careGroup,
      cell: cell ?? (ref ? { sheet: ref.sheet, cell: ref.cell } : null), changes, wording, direction: changes.length > 0 ? planDirection(changes) : null,
    };
  }

  /**
   * Counts each plan found in several files once (see the class comment): takes back the copies not counted and
   * names the other files on the copy listed. Returns the group rules' choice of copies and the warnings naming them.
   */
  #countCopiesOnce(): { countInGroups: readonly boolean[]; diagnostics: readonly Diagnostic[]; listed: PlanImpact[] } {
    const judged = this.#judged;
    const duplicates = findDuplicatePlans(judged.map((j) => j?.copy ?? NO_COPY), judged.map((j) => j?.ref ?? ''));
    if (duplicates.diagnostics.length === 0) return { ...duplicates, listed: this.#entries };
    const byRef = new Map<string, number[]>();
    judged.forEach((j, i) => {
      if (j) byRef.set(j.ref, [...(byRef.get(j.ref) ?? []), i]);
    });
    const replaced = new Map<PlanImpact, PlanImpact | null>();
    for (const indexes of byRef.values()) {
      const files = [...new Set(indexes.map((i) => judged[i]!.copy.source))];
      if (files.length < 2) continue;
      const counted = indexes.find((i) => duplicates.countInGroups[i] !== false)!;
      // The counted copy, unless another's outcome (else wording) changes where the counted one's does not.
      const outcomeChanges = (i: number): boolean => (judged[i]!.entry?.direction ?? null) !== null;
      const wordingChanges = (i: number): boolean => judged[i]!.entry !== null;
      const listed = [outcomeChanges, wordingChanges].map((test) => (test(counted) ? counted : indexes.find(test))).find((i) => i !== undefined) ?? counted;
      for (const i of indexes) {
        const j = judged[i]!;
        if (i === listed) {
          if (j.entry) replaced.set(j.entry, { ...j.entry, alsoIn: files.filter((f) => f !== j.entry!.source) });
          continue;
        }
        this.#tally(-1, j.specialty, j.careGroup, j.beforeTo, j.entry);
        if (j.entry) replaced.set(j.entry, null);
      }
    }
    const listed = this.#entries.flatMap((e) => {
      const r = replaced.get(e);
      return r === undefined ? [e] : r === null ? [] : [r];
    });
    return { ...duplicates, listed };
  }

  async finish(): Promise<PolicyImpact> {
    this.#finished = true;
    const from = this.#from;
    const to = this.#to;
    const copies = this.#countCopiesOnce();
    const first = await this.#evaluationA.finish([], [], { countInGroups: copies.countInGroups });
    const second = await this.#evaluationB.finish([], [], { countInGroups: copies.countInGroups });

    // Register findings: matched by rule and group.
    const groupKey = (g: GroupFinding) => `${g.ruleId}\u0000${g.group.label}`;
    const groupsA = new Map(first.groups.map((g) => [groupKey(g), g]));
    const groupsB = new Map(second.groups.map((g) => [groupKey(g), g]));
    const groupChanges: GroupImpact[] = [];
    let groupWording = 0;
    for (const key of [...new Set([...groupsA.keys(), ...groupsB.keys()])]) {
      const x = groupsA.get(key);
      const y = groupsB.get(key);
      const id = (y ?? x)!.ruleId;
      const kind = classify(x ? outcomeOf(x) : null, y ? outcomeOf(y) : null);
      if (kind) {
        const causes = this.#causesOf(id).outcome;
        groupChanges.push({ ruleId: id, title: (y ?? x)!.title, group: (y ?? x)!.group.label, kind, from: x ? outcomeOf(x) : null, to: y ? outcomeOf(y) : null, causes: causes.length > 0 ? causes : [UNEXPLAINED] });
      } else if (x && y && x.message !== y.message) groupWording += 1;
    }

    // A rule whose every change was a copy counted in another file is no longer listed.
    const rules = [...this.#byRule.values()].filter((r) => r.plans > 0 || r.wording > 0);
    for (const r of rules) {
      const c = this.#causesOf(r.ruleId);
      const scope: ImpactCause[] = r.outOfOneScope > 0 ? [{ kind: 'applies-to', text: `${r.outOfOneScope} of these plans ${r.outOfOneScope === 1 ? 'is' : 'are'} within one version's applies_to only` }] : [];
      r.causes.push(...(Object.values(r.counts).some((n) => n > 0) ? [...scope, ...(c.outcome.length > 0 || scope.length > 0 ? c.outcome : [UNEXPLAINED])] : c.wording));
    }
    const byRuleOut = rules.map(({ outOfOneScope: _n, ...r }) => r);
    const judgedCount = this.#judgedCount;
    const notes = impactNotes(from, to, this.#beforeTo, judgedCount);
    const copiesLeftOut = copies.countInGroups.filter((x) => x === false).length;
    if (copiesLeftOut > 0) notes.push(`${copiesLeftOut === 1 ? '1 copy' : `${copiesLeftOut} copies`} of plans read from more than one file (the same plan reference) ${copiesLeftOut === 1 ? 'is' : 'are'} not counted again: each plan is counted once, as the register rules count it, and listed once with the other files that hold it.`);
    const only = this.#only;
    if (only !== null) {
      const ruleCount = new Set([...from.rules, ...to.rules].map((r) => r.id)).size;
      notes.push(only.size === 0
        ? `No rule differs between the versions (their ${ruleCount} rules are the same), so no outcome can change.`
        : `${only.size === 1 ? 'The 1 rule that differs' : `The ${only.size} rules that differ`} between the versions ${only.size === 1 ? 'was' : 'were'} judged (${[...only].sort().join(', ')}); the other ${ruleCount - only.size} are the same in both, so their outcomes cannot change.`);
    }
    const diagnostics = dedupe([...copies.diagnostics, ...first.diagnostics, ...second.diagnostics]);
    const read = this.read;
    const sortGroups = (m: Map<string, GroupTally>): GroupCount[] => [...m.values()].filter((g) => g.plans > 0).sort((x, y) => y.changed - x.changed || (x.name === NOT_RECORDED ? 1 : 0) - (y.name === NOT_RECORDED ? 1 : 0) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    const changedPlans = copies.listed.filter((p) => p.direction !== null);
    const wordingPlans = copies.listed.filter((p) => p.direction === null);
    return {
      from: this.#diff.from, to: this.#diff.to, samePolicy: this.#diff.samePolicy, today: this.#options.today, diff: this.#diff, notes,
      plans: { read, judged: judgedCount, outOfScope: read - judgedCount - copiesLeftOut, copies: copiesLeftOut, changed: changedPlans.length, ...this.#directions, wordingOnly: wordingPlans.length, beforeTo: this.#beforeTo },
      counts: this.#counts, wording: this.#wordingTotal,
      byRule: byRuleOut.sort((x, y) => y.plans - x.plans || y.wording - x.wording || (x.ruleId < y.ruleId ? -1 : 1)),
      bySpecialty: sortGroups(this.#bySpecialty), byCareGroup: sortGroups(this.#byCareGroup),
      changedPlans, wordingPlans, groups: groupChanges, groupWording, rulesJudged: this.#rulesJudged, diagnostics,
    };
  }
}

const NO_CELLS = {};
const NO_COPY: PlanInput = { plan: {}, cells: NO_CELLS, source: '' };

function strip(o: ImpactOutcome): ImpactOutcome {
  return { severity: o.severity, notJudged: o.notJudged, message: o.message };
}

function dedupe(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.code}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The header's plain statements: how the versions were applied, and what to bear in mind reading the counts. */
function impactNotes(from: CompiledPolicy, to: CompiledPolicy, beforeTo: number, judged: number): string[] {
  const notes = [
    `Both versions are judged as if in force for every plan they apply to, whatever the plan's date${from.document.status === 'draft' || to.document.status === 'draft' ? ' (a draft included)' : ''}.`,
  ];
  if (beforeTo > 0) {
    notes.push(`${beforeTo} of ${judged} ${judged === 1 ? 'plan is' : 'plans are'} dated before ${formatUkDate(to.document.effective_from)}, when ${to.id}@${to.version} takes effect; they are judged by it all the same.`);
  }
  if (from.id !== to.id) {
    notes.push(`${from.id}@${from.version} and ${to.id}@${to.version} are two different policies: rules are matched by id and parameters by name, and each judges only the plans its applies_to covers.`);
  }
  if (from.document.illustrative === true || to.document.illustrative === true) notes.push('An illustrative version (made up to show a change, not a real policy) is compared.');
  return notes;
}
