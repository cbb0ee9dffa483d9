/**
 * Evaluation: job plans + a policy library + dates → an EvaluationReport. For each plan it chooses the policy
 * versions in force on the plan's reference date, derives the facts once, runs each policy's engine (awaited,
 * one run at a time) and turns every rule that fires into a Finding that cites the rule, the clause, the exact
 * policy version and hash, the cells involved and the values that decided it.
 */
import type { Diagnostic, DiagnosticSeverity } from '../diagnostics/diagnostic.js';
import { deriveFacts, type DerivedFacts } from '../facts/catalogue.js';
import type { DeriveContext, FactValue } from '../facts/fact.js';
import type { MissingField } from '../facts/unknown.js';
import type { CellMap } from '../model/cells.js';
import { formatUkDate, type IsoDate } from '../model/dates.js';
import type { JobPlan } from '../model/job-plan.js';
import type { UnreadValue } from '../workbook/extract-context.js';
import type { CompiledPolicy, CompiledRule, PolicyStamp } from '../policy/compiled-policy.js';
import { appliesTo, datedVersionsOf, findVersion, policyIds, stampOf, versionInForce, versionWindows, type PolicyLibrary } from '../policy/policy-library.js';
import { choosePack, predatesMessage, type PackCandidate, type PolicySelection } from '../policy/policy-selection.js';
import type { AppliedPolicy, EvaluationReport, Finding, FindingCell, PlanResult, SeverityCounts } from '../report/report.js';
import { ENGINE_VERSION } from '../version.js';
import type { ConditionTrace } from './condition-trace.js';
import { PolicyEngine, type RuleOutcome } from './engine.js';
import { judgeFast } from './fast-evaluator.js';
import { evaluateGroupSummaries, groupMemberSummary, groupPoliciesFor, type GroupMemberSummary, type GroupOptions } from './evaluate-groups.js';
import { fillMessage, lowerFirst, type Describe } from './message.js';
import { MONTH_SPANS, wholeMonthsAndDays } from '../facts/spans.js';
import { factsDependingOnUnread } from './not-judged.js';
import { nonFiniteFacts, nonFiniteReason, undecidedBy } from './undecided.js';

export interface PlanInput {
  readonly plan: JobPlan;
  readonly cells: CellMap;
  /** The file (or sheet) it came from. */
  readonly source: string;
  /** Problems found while reading it (bad dates and the like). */
  readonly diagnostics?: readonly Diagnostic[];
  /** 'register-row': one row of a register, judged only on what a row can hold (see DeriveContext.registerRow). */
  readonly kind?: 'plan' | 'register-row';
  /** The name to give the plan when it has no plan reference or practitioner name (a register row: `<file> row N`). */
  readonly ref?: string;
  /** Values the workbook holds that could not be read (a formula never calculated): rules built on them are not judged. */
  readonly unread?: readonly UnreadValue[];
}

export interface EvaluateOptions {
  /** The evaluation date: overdue checks count to it. */
  readonly today: IsoDate;
  /** Overrides every plan's reference date for choosing the policy version. */
  readonly asOf?: IsoDate | null;
  /** Use only this policy; with a version, exactly that version (drafts included). */
  readonly policy?: { readonly id: string; readonly version?: string } | null;
  /** Timestamp to stamp; injected so tests and replays are deterministic. */
  readonly evaluatedAt?: string;
  /**
   * 'fast' (default): plain functions compiled from the conditions. 'reference': json-rules-engine itself.
   * Both give identical findings (test/evaluate/fast-evaluator.test.ts); the reference is kept as the arbiter.
   */
  readonly engine?: 'fast' | 'reference';
  /** Let illustrative policy versions be chosen by date (they never are otherwise). */
  readonly illustrative?: boolean;
  /**
   * The installation's choice of packs; default the library's own (from policies/jobplan.config.yaml). Null: every
   * loaded pack is a candidate, and a plan several fit is not judged.
   */
  readonly selection?: PolicySelection | null;
  /**
   * Whether group rules judge the plans as a register: 'auto' (default) when there are at least two plans,
   * so checking a single plan never reports on a "register" of one.
   */
  readonly groups?: 'auto' | 'on' | 'off';
  /**
   * Keep each finding's condition trace (default true). A register run that only prints findings turns it off:
   * traces are what Explain shows, and over 100,000 plans they are a third of the memory.
   */
  readonly traces?: boolean;
  /**
   * Hand each plan's result to this callback as soon as it is judged, instead of keeping it in the report (whose
   * `plans` is then empty; the summary still counts every plan): a register's findings need not all sit in memory.
   */
  readonly onPlan?: (result: PlanResult) => void | Promise<void>;
}

const engines = new WeakMap<CompiledPolicy, PolicyEngine>();

function engineFor(policy: CompiledPolicy): PolicyEngine {
  let engine = engines.get(policy);
  if (!engine) {
    engine = new PolicyEngine(policy);
    engines.set(policy, engine);
  }
  return engine;
}

export async function evaluatePlans(
  inputs: readonly PlanInput[],
  library: PolicyLibrary,
  options: EvaluateOptions,
  diagnostics: readonly Diagnostic[] = [],
): Promise<EvaluationReport> {
  const run = new PlanEvaluation(library, options);
  const plans: PlanResult[] = [];
  // One plan after another: each policy's engine must never run twice at once.
  for (const input of inputs) {
    const judged = await run.judge(input);
    run.record(judged);
    if (options.onPlan) await options.onPlan(judged.result);
    else plans.push(judged.result);
  }
  const extra = options as EvaluateOptions & Pick<GroupOptions, 'countInGroups' | 'onGroup'>;
  return run.finish(diagnostics, plans, { countInGroups: extra.countInGroups, onGroup: extra.onGroup });
}

/** What the run keeps of a plan judged elsewhere: counts, the policy versions used, its group summary. */
export interface PlanTally {
  readonly findings: SeverityCounts;
  readonly diagnostics: SeverityCounts;
  readonly policies: readonly { readonly id: string; readonly version: string }[];
  readonly group: GroupMemberSummary | null;
}

/** A judged plan's tally (for the thread that records it). */
export function tallyOf(judged: JudgedPlan): PlanTally {
  const findings = { error: 0, warning: 0, info: 0 };
  const diagnostics = { error: 0, warning: 0, info: 0 };
  for (const f of judged.result.findings) findings[f.severity] += 1;
  for (const d of judged.result.diagnostics) diagnostics[d.severity] += 1;
  return { findings, diagnostics, policies: judged.result.policies.map((p) => ({ id: p.id, version: p.version })), group: judged.group };
}

/** One plan as judged: its result, the packs that judged it and what the group rules need of it. */
export interface JudgedPlan {
  readonly result: PlanResult;
  readonly packs: ReadonlySet<string>;
  /** Null when group rules are off for the run. */
  readonly group: GroupMemberSummary | null;
}

/**
 * A run's evaluation plan by plan, keeping only what the end of the run needs (counts, the policy versions used and
 * a small summary per plan for the group rules), so a register's plans can be read, judged and let go one by one.
 * judge() is a pure function of the plan (any thread holding the same library and options gives the same answer);
 * record() tallies a judged plan, wherever it was judged; finish() judges the register's group rules.
 */
export class PlanEvaluation {
  readonly #library: PolicyLibrary;
  readonly #options: EvaluateOptions;
  readonly #used = new Map<CompiledPolicy, PolicyStamp>();
  readonly #groupPolicies: { policies: CompiledPolicy[]; diagnostics: Diagnostic[] } | null;
  readonly #summaries: GroupMemberSummary[] = [];
  readonly #findingCounts = { error: 0, warning: 0, info: 0 };
  readonly #planDiagnosticCounts = { error: 0, warning: 0, info: 0 };
  #plans = 0;

  constructor(library: PolicyLibrary, options: EvaluateOptions) {
    this.#library = library;
    this.#options = options;
    this.#groupPolicies = options.groups === 'off' ? null : groupPoliciesFor(library, options);
  }

  /** How many plans were recorded. */
  get plans(): number {
    return this.#plans;
  }

  async judge(input: PlanInput): Promise<JudgedPlan> {
    const { result, packs, facts } = await evaluatePlan(input, this.#library, this.#options, this.#used);
    const group = this.#groupPolicies ? groupMemberSummary(input, result.ref, packs, this.#groupPolicies.policies, this.#options.today, facts) : null;
    return { result, packs, group };
  }

  /** Tallies a plan judged here, in the order of the run's plans. */
  record(judged: JudgedPlan): void {
    this.#plans += 1;
    for (const f of judged.result.findings) this.#findingCounts[f.severity] += 1;
    for (const d of judged.result.diagnostics) this.#planDiagnosticCounts[d.severity] += 1;
    if (judged.group) this.#summaries.push(judged.group);
  }

  /**
   * Tallies a plan judged elsewhere (another thread, whose result was written there), in the order of the run's
   * plans: its counts, the policy versions it used (stamped from this library) and its group summary.
   */
  recordElsewhere(tally: PlanTally): void {
    this.#plans += 1;
    for (const s of ['error', 'warning', 'info'] as const) {
      this.#findingCounts[s] += tally.findings[s];
      this.#planDiagnosticCounts[s] += tally.diagnostics[s];
    }
    for (const applied of tally.policies) {
      const policy = findVersion(this.#library, applied.id, applied.version);
      if (policy && !this.#used.has(policy)) this.#used.set(policy, stampOf(this.#library, policy, { illustrative: this.#options.illustrative === true }));
    }
    if (tally.group) this.#summaries.push(tally.group);
  }

  /** The report: `plans` as kept by the caller (empty when they were streamed), group rules judged over the summaries. */
  async finish(diagnostics: readonly Diagnostic[], plans: readonly PlanResult[], groupOptions: Pick<GroupOptions, 'countInGroups' | 'onGroup'> = {}): Promise<EvaluationReport> {
    const options = this.#options;
    const groupsWanted = options.groups === 'on' || ((options.groups ?? 'auto') === 'auto' && this.#plans >= 2);
    const grouped = groupsWanted && this.#groupPolicies
      ? await evaluateGroupSummaries(this.#summaries, this.#groupPolicies.policies, this.#groupPolicies.diagnostics, { ...options, ...groupOptions })
      : { findings: [], policies: [], diagnostics: [] };
    const used = this.#used;
    for (const policy of grouped.policies) if (!used.has(policy)) used.set(policy, stampOf(this.#library, policy, { illustrative: options.illustrative === true }));
    const outer = count([...diagnostics, ...grouped.diagnostics]);
    const p = this.#planDiagnosticCounts;
    return {
      engineVersion: ENGINE_VERSION,
      evaluatedAt: options.evaluatedAt ?? new Date().toISOString(),
      asOf: options.asOf ?? null,
      today: options.today,
      policies: [...used.values()].sort((a, b) => a.id.localeCompare(b.id) || a.version.localeCompare(b.version)),
      plans,
      groups: grouped.findings,
      diagnostics: [...diagnostics, ...grouped.diagnostics],
      summary: { plans: this.#plans, findings: { ...this.#findingCounts }, groupFindings: count(grouped.findings), diagnostics: { error: outer.error + p.error, warning: outer.warning + p.warning, info: outer.info + p.info } },
    };
  }
}

function count(items: readonly { severity: DiagnosticSeverity }[]): SeverityCounts {
  return {
    error: items.filter((i) => i.severity === 'error').length,
    warning: items.filter((i) => i.severity === 'warning').length,
    info: items.filter((i) => i.severity === 'info').length,
  };
}

/** A plan's name in reports: its reference, else the practitioner, else the file it came from. */
export function planRefOf(input: PlanInput): string {
  const base = input.source.replace(/\\/g, '/').split('/').pop() ?? input.source;
  return input.plan.plan_ref ?? input.plan.practitioner_name ?? input.ref ?? base;
}

async function evaluatePlan(input: PlanInput, library: PolicyLibrary, options: EvaluateOptions, used: Map<CompiledPolicy, PolicyStamp>): Promise<{ result: PlanResult; packs: ReadonlySet<string>; facts: DerivedFacts }> {
  const ref = planRefOf(input);
  const diagnostics: Diagnostic[] = [...(input.diagnostics ?? [])];
  const planDate = input.plan.start_date ?? input.plan.meeting_date ?? null;
  const referenceDate = options.asOf ?? planDate ?? options.today;
  if (!options.asOf && !planDate) {
    diagnostics.push({ code: 'plan_no_reference_date', severity: 'warning', message: `plan '${ref}' has no start date or meeting date; the policy in force today (${formatUkDate(options.today)}) was used`, ...(input.cells['start_date'] ? { location: { file: input.source, ...input.cells['start_date'] } } : {}) });
  }
  const { chosen, applied, packs } = choosePolicies(input, ref, library, options, referenceDate, diagnostics);
  // Only the facts the chosen policies name: a register run should not pay for facts no rule reads.
  const context = { today: options.today, registerRow: input.kind === 'register-row' };
  const facts = deriveFacts(input.plan, context, factsNamedBy(chosen));
  const values: Record<string, FactValue> = {};
  for (const name in facts) values[name] = facts[name]!.value;
  const findings: Finding[] = [];
  const unreadByFact = input.unread && input.unread.length > 0
    ? factsDependingOnUnread(input.plan, input.unread, { today: options.today, registerRow: input.kind === 'register-row' }, factsNamedBy(chosen))
    : null;
  for (const policy of chosen) {
    if (!used.has(policy)) used.set(policy, stampOf(library, policy, { illustrative: options.illustrative === true }));
    const outcomes = options.engine === 'reference' ? await engineFor(policy).judge(values) : judgeFast(policy, values);
    for (const rule of policy.rules) {
      if (rule.scope !== 'plan') continue;
      const blockers = unreadByFact ? [...new Set(rule.facts.flatMap((f) => unreadByFact.get(f) ?? []))] : [];
      if (blockers.length > 0) {
        findings.push(notJudgedFinding(rule, policy, ref, blockers));
        continue;
      }
      // A NaN or infinite fact makes any comparison meaningless: not judged, whichever way the rule came out.
      const nonFinite = nonFiniteFacts(rule, values);
      if (nonFinite.length > 0) {
        findings.push(notJudgedFinding(rule, policy, ref, nonFinite.map((n) => ({ key: n.fact, cell: null, reason: nonFiniteReason(n) }))));
        continue;
      }
      const outcome = outcomes.get(rule.id)!;
      if (outcome.fired) findings.push(toFinding(rule, outcome, policy, ref, facts, input.cells, options.traces !== false, describerFor(input.plan, context)));
      else {
        // Quiet is not compliant when a fact that decides the rule is not recorded.
        const missing = undecidedBy(rule, values, input.plan, context);
        if (missing) findings.push(unknownFinding(rule, policy, ref, missing, values, input.cells));
      }
    }
  }
  const order = { error: 0, warning: 1, info: 2 };
  findings.sort((a, b) => order[a.severity] - order[b.severity]);
  return { result: { ref, practitioner: input.plan.practitioner_name ?? null, source: input.source, referenceDate, policies: applied, findings, diagnostics }, packs, facts };
}

const factsByPolicy = new WeakMap<CompiledPolicy, ReadonlySet<string>>();
const factsByChoice = new Map<string, ReadonlySet<string>>();

/** The facts the plan rules of these policies read (worked out once per policy and per combination of policies). */
function factsNamedBy(policies: readonly CompiledPolicy[]): ReadonlySet<string> {
  const sets = policies.map((p) => {
    let set = factsByPolicy.get(p);
    if (!set) {
      set = new Set(p.rules.filter((r) => r.scope === 'plan').flatMap((r) => [...r.facts, ...r.cellsFrom]));
      factsByPolicy.set(p, set);
    }
    return set;
  });
  if (sets.length === 1) return sets[0]!;
  const key = policies.map((p) => `${p.id}@${p.version}#${p.sha256}`).join('|');
  let union = factsByChoice.get(key);
  if (!union) {
    union = new Set(sets.flatMap((set) => [...set]));
    factsByChoice.set(key, union);
  }
  return union;
}

/** Per rule, the parts every finding of it shares (one object each, not one per finding: a register has thousands). */
const sharedByRule = new WeakMap<CompiledRule, { readonly params: Finding['params']; readonly policy: Finding['policy'] }>();

function sharedParts(rule: CompiledRule, policy: CompiledPolicy): { readonly params: Finding['params']; readonly policy: Finding['policy'] } {
  let shared = sharedByRule.get(rule);
  if (!shared) {
    shared = Object.freeze({
      params: Object.freeze(Object.fromEntries(rule.params.map((p) => [p, policy.parameters[p]!.value]))),
      policy: Object.freeze({ id: policy.id, version: policy.version, sha256: policy.sha256 }),
    });
    sharedByRule.set(rule, shared);
  }
  return shared;
}

interface PolicyChoice {
  readonly chosen: CompiledPolicy[];
  readonly applied: AppliedPolicy[];
  /** The pack chosen for the plan, even when no version of it judged the plan (it predates the first). */
  readonly packs: ReadonlySet<string>;
}

function choosePolicies(input: PlanInput, ref: string, library: PolicyLibrary, options: EvaluateOptions, date: IsoDate, diagnostics: Diagnostic[]): PolicyChoice {
  const chosen: CompiledPolicy[] = [];
  const applied: AppliedPolicy[] = [];
  const none = new Set<string>();
  const asked = options.policy;
  if (asked?.version) {
    const exact = findVersion(library, asked.id, asked.version);
    if (!exact) {
      diagnostics.push({ code: 'policy_not_found', severity: 'error', message: `policy ${asked.id}@${asked.version} is not loaded` });
    } else {
      chosen.push(exact);
      applied.push({ id: exact.id, version: exact.version, reason: `asked for with --policy ${asked.id}@${asked.version}` });
    }
    // Asked for by version, the pack judges every plan; its register rules still count only the plans it applies to.
    return { chosen, applied, packs: new Set(chosen.filter((p) => appliesTo(p, input.plan)).map((p) => p.id)) };
  }
  const mode = { illustrative: options.illustrative === true };
  const selection = options.selection !== undefined ? options.selection : (library.selection ?? null);
  const loaded = policyIds(library);
  const ids = asked ? [asked.id] : selection ? selection.policies.filter((id) => loaded.includes(id)) : loaded;
  const candidates: PackCandidate[] = [];
  for (const id of ids) {
    const inForce = versionInForce(library, id, date, mode);
    const first = datedVersionsOf(library, id, mode)[0];
    if (!inForce.policy && !first) continue;
    if (!inForce.policy && asked && first && date >= first.document.effective_from) {
      // A gap between versions is a broken policy library, not a property of the plan.
      diagnostics.push({ code: 'policy_not_in_force', severity: 'error', message: `no version of '${id}' was in force on ${date}: ${inForce.reason}` });
      continue;
    }
    candidates.push({ id, inForce: inForce.policy, representative: inForce.policy ?? first! });
  }
  if (candidates.length === 0) {
    // A plan no policy judged is an error (exit 2): nothing judged is never success.
    if (!asked) diagnostics.push({ code: 'no_policy_applies', severity: 'error', message: `plan '${ref}' not judged: choose a policy (--policy or the config): no ${selection ? 'configured ' : ''}policy is loaded` });
    return { chosen, applied, packs: none };
  }
  // --policy <id> judges the plan by that pack whatever it records; otherwise the one pack that fits it.
  const choice = asked ? { kind: 'chosen' as const, candidate: candidates[0]!, why: null } : choosePack(input.plan, ref, candidates, selection);
  if (choice.kind === 'not-judged') {
    diagnostics.push({ code: choice.code, severity: 'error', message: choice.message, ...planLocation(input, 'organisation') });
    return { chosen, applied, packs: none };
  }
  const { candidate } = choice;
  let policy = candidate.inForce;
  let versionReason: string;
  if (!policy) {
    // A plan older than every version of its pack is judged by the first version, and says so on the plan: the
    // alternative, leaving it out, would also leave it out of the register's counts, which are judged as of today.
    policy = datedVersionsOf(library, candidate.id, mode)[0]!;
    diagnostics.push({ code: 'plan_predates_policy', severity: 'warning', message: predatesMessage(ref, candidate.id, policy.document.effective_from, date), ...planLocation(input, input.plan.start_date ? 'start_date' : 'meeting_date') });
    versionReason = `the plan predates every version: judged by the first, in force from ${formatUkDate(policy.document.effective_from)} (${policy.document.status})`;
  } else {
    const window = versionWindows(library, candidate.id, mode).find((w) => w.policy === policy);
    versionReason = `in force from ${formatUkDate(window?.from ?? policy.document.effective_from)}${window?.to ? ` to ${formatUkDate(window.to)}` : ''} (${policy.document.status}${policy.document.illustrative ? ', ILLUSTRATIVE' : ''})`;
  }
  chosen.push(policy);
  applied.push({ id: candidate.id, version: policy.version, reason: `${versionReason}; reference date ${formatUkDate(date)}${choice.why ? `; ${choice.why}` : ''}` });
  return { chosen, applied, packs: !asked || appliesTo(policy, input.plan) ? new Set([candidate.id]) : none };
}

/** A plan-level notice points at the plan's cell for `field` when it came from a workbook. */
function planLocation(input: PlanInput, field: string): { location?: { file: string; sheet: string; cell: string } } {
  const cell = input.cells[field];
  return cell ? { location: { file: input.source, ...cell } } : {};
}

/** A rule that depends on a value jobplan could not read: a warning that it was not judged, naming the cells. */
function notJudgedFinding(rule: CompiledRule, policy: CompiledPolicy, planRef: string, blockers: readonly UnreadValue[]): Finding {
  const { params, policy: policyStamp } = sharedParts(rule, policy);
  return {
    ruleId: rule.id, title: rule.title, severity: 'warning', clause: rule.clause, policy: policyStamp, planRef, params, values: {},
    message: `Not judged: ${lowerFirst(rule.title)} could not be checked, because ${blockers.map((b) => b.reason).join('; ')}.`,
    cells: blockers.flatMap((b) => (b.cell ? [{ sheet: b.cell.sheet, cell: b.cell.cell }] : [])),
    notJudged: { reasons: blockers.map((b) => b.reason) },
  };
}

/** A plan rule left undecided by a fact that is not recorded: "not judged: <fields> not recorded", at the rule's when_unknown severity. */
function unknownFinding(rule: CompiledRule, policy: CompiledPolicy, planRef: string, missing: readonly MissingField[], facts: Readonly<Record<string, FactValue>>, cellMap: CellMap): Finding {
  const { params, policy: policyStamp } = sharedParts(rule, policy);
  const labels = missing.map((m) => m.label);
  const values: Record<string, FactValue> = {};
  for (const name of rule.facts) values[name] = facts[name] ?? null;
  const cells = missing.flatMap((m) => (cellMap[m.field] ? [{ sheet: cellMap[m.field]!.sheet, cell: cellMap[m.field]!.cell }] : []));
  return {
    ruleId: rule.id, title: rule.title, severity: rule.whenUnknown === 'quiet' ? 'info' : rule.whenUnknown, clause: rule.clause, policy: policyStamp, planRef, params, values,
    message: notRecordedMessage(labels, rule.title),
    cells,
    notJudged: { reasons: labels.map((l) => `${l} not recorded`) },
  };
}

/** "Not judged: plan type not recorded. Record it to check this rule: <title>." */
export function notRecordedMessage(labels: readonly string[], title: string): string {
  const list = labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
  return `Not judged: ${list} not recorded. Record ${labels.length === 1 ? 'it' : 'them'} to check this rule: ${lowerFirst(title)}.`;
}


/** What the message renderer may know about a month count: its exact span, as whole months and days. */
export function describerFor(plan: JobPlan, context: DeriveContext): Describe {
  return (name) => {
    const span = MONTH_SPANS.get(name)?.(plan, context);
    if (!span) return undefined;
    const { months, days } = wholeMonthsAndDays(span.from, span.to);
    return { months: { months, days, ...(span.shown ? { from: span.from, to: span.to } : {}) } };
  };
}

/** The lookup a rule's message is filled from: built-ins, the version's parameters, then the plan's facts. */
export function messageLookup(rule: CompiledRule, params: Readonly<Record<string, unknown>>, planRef: string, facts: DerivedFacts): (name: string) => unknown {
  return (name) => {
    if (name === 'plan_ref') return planRef;
    if (name === 'rule_id') return rule.id;
    if (name === 'clause') return rule.clause;
    if (name in params) return params[name];
    return facts[name]?.value ?? null;
  };
}

function toFinding(rule: CompiledRule, outcome: RuleOutcome, policy: CompiledPolicy, planRef: string, facts: DerivedFacts, cellMap: CellMap, keepTrace = true, describe?: Describe): Finding {
  const trace = outcome.trace;
  if (!trace) throw new Error(`internal: no trace for rule ${rule.id}`);
  const values: Record<string, FactValue> = {};
  for (const name of rule.facts) values[name] = facts[name]?.value ?? null;
  const { params, policy: policyStamp } = sharedParts(rule, policy);
  const lookup = messageLookup(rule, params, planRef, facts);
  // The facts that decided the result, narrowed to the rule's cells_from when it names some (guards such as
  // "the plan is not disputed" decide a result but are not where the user should look).
  const deciding = decidingFacts(trace, true);
  const narrowed = rule.cellsFrom.length > 0 ? deciding.filter((f) => rule.cellsFrom.includes(f)) : deciding;
  const factsForCells = narrowed.length > 0 ? narrowed : rule.cellsFrom.length > 0 ? rule.cellsFrom : rule.facts;
  const cells: FindingCell[] = [];
  const seen = new Set<string>();
  for (const name of factsForCells) {
    for (const key of facts[name]?.sources ?? []) {
      const ref = cellMap[key];
      if (!ref) continue;
      const id = `${ref.sheet}!${ref.cell}`;
      if (!seen.has(id)) {
        seen.add(id);
        cells.push({ sheet: ref.sheet, cell: ref.cell });
      }
    }
  }
  return {
    ruleId: rule.id, title: rule.title, severity: rule.severity, message: fillMessage(rule.message, lookup, describe), clause: rule.clause,
    policy: policyStamp, planRef, cells, values, params,
    ...(rule.explain !== undefined ? { explain: rule.explain } : {}),
    ...(keepTrace ? { trace } : {}),
  };
}

/** The facts of the conditions that made the rule's result what it was (the leaves that agreed with it). */
function decidingFacts(trace: ConditionTrace, expected: boolean, out: string[] = []): string[] {
  // One array filled in place: this runs for every finding of a register.
  switch (trace.kind) {
    case 'all':
    case 'any':
      for (const c of trace.conditions) if (c.result === expected) decidingFacts(c, expected, out);
      return out;
    case 'not':
      return decidingFacts(trace.condition, !expected, out);
    case 'fact':
      if (trace.result !== expected) return out;
      out.push(trace.fact);
      if (trace.valueFrom && 'fact' in trace.valueFrom) out.push(trace.valueFrom.fact);
      return out;
  }
}

export interface RuleExplanation {
  readonly planRef: string;
  readonly source: string;
  readonly referenceDate: IsoDate;
  readonly today: IsoDate;
  readonly policy: { readonly id: string; readonly version: string; readonly sha256: string; readonly path: string; readonly illustrative: boolean };
  readonly rule: { readonly id: string; readonly title: string; readonly clause: string; readonly severity: string; readonly explain?: string };
  readonly fired: boolean;
  /** When the rule did not fire but could not be judged: the fields not recorded that leave it undecided. */
  readonly notJudged?: { readonly missing: readonly string[] } | null;
  /** The finding's message when it fired (or the not-judged message). */
  readonly message: string | null;
  readonly trace: ConditionTrace;
  readonly values: Readonly<Record<string, FactValue>>;
  readonly params: Readonly<Record<string, { readonly value: unknown; readonly unit: string; readonly clause: string }>>;
  readonly cells: readonly FindingCell[];
}

/**
 * One rule on one plan, whether or not it fired: the conditions with the values seen, the parameters of the
 * version used and the clause. The CLI's `explain` and the add-in's Explain view both show this.
 */
export async function explainRule(input: PlanInput, library: PolicyLibrary, options: EvaluateOptions, ruleId: string): Promise<{ explanation: RuleExplanation | null; diagnostics: Diagnostic[] }> {
  const ref = planRefOf(input);
  const diagnostics: Diagnostic[] = [];
  const planDate = input.plan.start_date ?? input.plan.meeting_date ?? null;
  const referenceDate = options.asOf ?? planDate ?? options.today;
  const { chosen } = choosePolicies(input, ref, library, options, referenceDate, diagnostics);
  const policy = chosen.find((p) => p.rules.some((r) => r.id === ruleId && r.scope === 'plan'));
  if (!policy) {
    const known = [...new Set(chosen.flatMap((p) => p.rules.filter((r) => r.scope === 'plan').map((r) => r.id)))];
    diagnostics.push({ code: 'explain_unknown_rule', severity: 'error', message: `no policy applied to plan '${ref}' has a rule '${ruleId}'${known.length ? `; its rules: ${known.join(', ')}` : ''}` });
    return { explanation: null, diagnostics };
  }
  const rule = policy.rules.find((r) => r.id === ruleId)!;
  const facts = deriveFacts(input.plan, { today: options.today, registerRow: input.kind === 'register-row' });
  const values: Record<string, FactValue> = Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, v.value]));
  const outcome = (await engineFor(policy).judge(values)).get(ruleId)!;
  const context = { today: options.today, registerRow: input.kind === 'register-row' };
  const finding = toFinding(rule, outcome, policy, ref, facts, input.cells, true, describerFor(input.plan, context));
  const nonFinite = nonFiniteFacts(rule, values);
  const missing = nonFinite.length > 0 ? nonFinite.map((n) => ({ label: `a usable ${n.fact} (it came out as ${String(n.value)})`, field: n.fact }))
    : outcome.fired ? null : undecidedBy(rule, values, input.plan, { today: options.today, registerRow: input.kind === 'register-row' });
  return {
    diagnostics,
    explanation: {
      planRef: ref, source: input.source, referenceDate, today: options.today,
      policy: { id: policy.id, version: policy.version, sha256: policy.sha256, path: policy.path, illustrative: policy.document.illustrative === true },
      rule: { id: rule.id, title: rule.title, clause: rule.clause, severity: rule.severity, ...(rule.explain !== undefined ? { explain: rule.explain } : {}) },
      fired: outcome.fired && nonFinite.length === 0,
      notJudged: missing ? { missing: missing.map((m) => m.label) } : null,
      message: nonFinite.length > 0 ? `Not judged: ${lowerFirst(rule.title)} could not be checked, because ${nonFinite.map(nonFiniteReason).join('; ')}.`
        : outcome.fired ? finding.message : missing ? notRecordedMessage(missing.map((m) => m.label), rule.title) : null,
      trace: outcome.trace!,
      values: finding.values,
      params: Object.fromEntries(rule.params.map((p) => [p, policy.parameters[p]!])),
      cells: finding.cells,
    },
  };
}
