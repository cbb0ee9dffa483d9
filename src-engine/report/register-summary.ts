/**
 * The committee view of a register run (the Swansea Bay report's tables, NHS England's KPIs): how many plans meet
 * each policy's own coverage measure (current, active, complete), by the groups its rules judge, against the
 * target the policy states; which plans run out in the next 30/60/90 days; the DCC:SPA distribution; and PAs paid
 * against PAs planned. Pure data; the workbook and HTML renderers draw it.
 *
 * Every figure is the policy's own. The coverage tables are the policy's group rules that count a share of plans
 * (`share` aggregates), group by group, as those rules judged them: a group is below target exactly when one of
 * the rules fired for it, so the rows below target are the findings. The target (its value, and "more than" or
 * "at least") is read from the rule's condition on the share and its parameter; a rule with no such condition (a
 * report line, like CPFT's completion report) has no target, and the report shows none. Pay compares what the
 * plan's pay rule compares (PAs paid against `total_pas`, beyond the rule's tolerance).
 */
import type { PlanInput } from '../evaluate/evaluate.js';
import { evaluateGroups, type JudgedGroup } from '../evaluate/evaluate-groups.js';
import { agreedDate, deriveFacts } from '../facts/catalogue.js';
import type { FactValue } from '../facts/fact.js';
import type { IsoDate } from '../model/dates.js';
import type { CompiledAggregate, CompiledCondition, CompiledPolicy, CompiledRule } from '../policy/compiled-policy.js';
import { findVersion, type PolicyLibrary } from '../policy/policy-library.js';
import { findDuplicatePlans } from './duplicate-plans.js';
import type { EvaluationReport, PlanResult } from './report.js';

/** Reminder windows before a plan's review anniversary (Swansea Bay's 90/60/30-day reminders). */
export const EXPIRY_WINDOWS = [30, 60, 90] as const;

export interface PolicyRef {
  readonly id: string;
  readonly version: string;
}

/** A target as the policy states it: the rule fires at or below it ("more than") or below it ("at least"). */
export interface KpiTarget {
  readonly share: number;
  readonly comparison: 'more than' | 'at least';
  /** The parameter that holds it, and its clause. */
  readonly param: string;
  readonly clause: string;
}

export interface GroupCompliance {
  readonly name: string;
  readonly plans: number;
  /** Plans meeting the measure (current, active, complete ...). */
  readonly count: number;
  readonly share: number | null;
  /** Null when the policy sets no target; false exactly when one of the table's rules fired for this group. */
  readonly meetsTarget: boolean | null;
  /** The rules that fired for this group (their findings are in the report's group findings). */
  readonly firedRules: readonly string[];
  /** True when the group could not be judged (values of its plans were never read): no count, no share, no verdict. */
  readonly notJudged?: boolean;
}

/** One coverage measure of one policy, by one grouping (care group, specialty, team, profession). */
export interface ComplianceTable {
  readonly policy: PolicyRef;
  /** The group rules that judge this measure by this grouping (Swansea Bay: the target and its progress before the date). */
  readonly ruleIds: readonly string[];
  readonly title: string;
  readonly clause: string;
  /** 'care group', 'specialty' ... */
  readonly groupBy: string;
  /** What is counted, from the rule's aggregate: 'current', 'active', 'complete'. */
  readonly measure: string;
  readonly target: KpiTarget | null;
  /** Worst first. */
  readonly groups: readonly GroupCompliance[];
}

/** The register-wide figure of a policy's coverage measure (its first table's groups added up). */
export interface Coverage {
  readonly policy: PolicyRef;
  readonly measure: string;
  readonly ruleId: string;
  readonly title: string;
  readonly plans: number;
  readonly count: number;
  readonly share: number | null;
  readonly target: KpiTarget | null;
  /** Judged with the target's own comparison; null without a target or plans, or when some groups were not judged. */
  readonly meetsTarget: boolean | null;
  /** Plans in groups that could not be judged: then no register-wide share is given. */
  readonly notJudgedPlans?: number;
}

export interface ExpiringPlan {
  readonly ref: string;
  readonly practitioner: string | null;
  readonly specialty: string | null;
  readonly careGroup: string | null;
  readonly agreed: IsoDate | null;
  /** The review anniversary: 12 months after the last review (agreed, else meeting), the last day the plan is current. */
  readonly expires: IsoDate;
  readonly daysLeft: number;
  readonly window: 30 | 60 | 90;
}

export interface PayLine {
  readonly ref: string;
  readonly practitioner: string | null;
  /** NHS PAs a week the plan schedules (`total_pas`, what the pay rule compares). */
  readonly planned: number;
  readonly paid: number;
  /** paid − planned: positive is overpaid, negative underpaid. */
  readonly difference: number;
}

/** How one policy's plans were compared for pay: by its pay rule (and that rule's tolerance), or with none. */
export interface PayBasis {
  readonly policy: PolicyRef;
  readonly ruleId: string | null;
  readonly tolerance: number;
}

export interface RegisterSummary {
  readonly today: IsoDate;
  readonly coverage: readonly Coverage[];
  readonly tables: readonly ComplianceTable[];
  readonly kpis: {
    readonly plans: number;
    readonly neverAgreed: number;
    /** Plans whose sign-off could not be read (no such column, an unreadable cell): neither agreed nor never agreed. */
    readonly agreementNotRead: number;
    readonly disputed: number;
    readonly expiring30: number;
    readonly expiring60: number;
    readonly expiring90: number;
    readonly plansWithErrors: number;
    readonly findings: { readonly error: number; readonly warning: number; readonly info: number };
    readonly groupFindings: number;
    readonly underpaid: number;
    readonly overpaid: number;
    /** Plans recording PAs paid and planned PAs (the ones pay was compared for). */
    readonly payCompared: number;
    /** Plans recording their PAs (DCC, SPA ...): the DCC:SPA distribution counts these. */
    readonly withPas: number;
    /** Plans planned in hours with no PAs (Agenda for Change staff). */
    readonly inHours: number;
  };
  readonly expiring: readonly ExpiringPlan[];
  /** SPA share of total PAs, counted in bands of 5 percentage points (0–5%, 5–10% ...). */
  readonly spaShareBands: readonly { readonly from: number; readonly to: number; readonly plans: number }[];
  readonly pay: readonly PayLine[];
  readonly payBasis: readonly PayBasis[];
}

const FACTS_NEEDED = ['total_pas', 'total_hours', 'spa_share', 'plan_in_dispute', 'pas_paid_variance', 'pas_overpaid', 'pas_underpaid', 'days_to_review_anniversary', 'review_anniversary_date'];
const PAY_FACTS = new Set(['pas_overpaid', 'pas_underpaid', 'pas_paid_variance']);

export async function summariseRegister(report: EvaluationReport, inputs: readonly PlanInput[], library: PolicyLibrary): Promise<RegisterSummary> {
  const today = report.today;
  const builder = new RegisterSummaryBuilder(library, today);
  const refs = inputs.map((_, i) => report.plans[i]?.ref ?? String(i + 1));
  inputs.forEach((input, i) => builder.add(input, report.plans[i] ?? null, refs[i]!));
  // Coverage: the policies' share rules, every group as the rule judged it (the same evaluation as the run's).
  const judged: JudgedGroup[] = [];
  if (inputs.length >= 2) {
    // As evaluatePlans calls it: the same dates, policy choice and members (a pack's group rules judge the plans it judged).
    const options = {
      today, asOf: report.asOf, policy: report.options?.policy ?? null, illustrative: report.options?.illustrative === true,
      refs, judgedBy: inputs.map((_, i) => new Set((report.plans[i]?.policies ?? []).map((p) => p.id))),
      countInGroups: findDuplicatePlans(inputs, refs).countInGroups,
      onGroup: (g: JudgedGroup) => judged.push(g),
    };
    await evaluateGroups(inputs, library, options);
  }
  return builder.finish(report, judged);
}

/**
 * The register summary made as the plans are judged, one plan at a time (add), keeping only its figures and lists
 * (the expiring plans, the pay lines), never the plans: `jobplan report` over 100,000 plans. finish() takes the
 * groups the run's group rules judged (its onGroup) and the finished report.
 */
/** The values a plan's agreement is read from: when one could not be read, "never agreed" is not known. */
const SIGN_OFF_KEYS: ReadonlySet<string> = new Set(['signed_practitioner_date', 'signed_manager_date']);

export class RegisterSummaryBuilder {
  readonly #library: PolicyLibrary | null;
  readonly #today: IsoDate;
  readonly #expiring: ExpiringPlan[] = [];
  readonly #bands = Array.from({ length: 20 }, (_, i) => ({ from: i * 0.05, to: (i + 1) * 0.05, plans: 0 }));
  readonly #bases = new Map<string, PayBasis>();
  readonly #pay: PayLine[] = [];
  #plans = 0;
  #withPas = 0;
  #inHours = 0;
  #payCompared = 0;
  #neverAgreed = 0;
  #agreementNotRead = 0;
  #disputed = 0;
  #plansWithErrors = 0;

  /** `library` null: no policy was loaded (a run stopped before reading), so no plan is added. */
  constructor(library: PolicyLibrary | null, today: IsoDate) {
    this.#library = library;
    this.#today = today;
  }

  /** One plan and its result (null when it has none), in the run's order; `ref` as the report names it. */
  add(input: PlanInput, result: Pick<PlanResult, 'findings' | 'policies'> | null, ref: string): void {
    const facts = deriveFacts(input.plan, { today: this.#today, registerRow: input.kind === 'register-row' }, FACTS_NEEDED);
    const value = (name: string): FactValue => facts[name]?.value ?? null;
    const p = input.plan;
    const agreed = agreedDate(p);
    this.#plans += 1;
    if (!agreed && input.unread?.some((u) => SIGN_OFF_KEYS.has(u.key))) this.#agreementNotRead += 1;
    else if (!agreed) this.#neverAgreed += 1;
    if (value('plan_in_dispute') === true) this.#disputed += 1;
    if (result?.findings.some((f) => f.severity === 'error')) this.#plansWithErrors += 1;

    // Reminders: days to the review anniversary (what Swansea Bay's current.expiring-soon counts).
    const days = value('days_to_review_anniversary');
    const expires = value('review_anniversary_date');
    if (typeof days === 'number' && typeof expires === 'string' && days >= 0 && days <= 90) {
      this.#expiring.push({
        ref, practitioner: p.practitioner_name ?? null, specialty: p.specialty ?? null, careGroup: p.care_group ?? null,
        agreed, expires, daysLeft: days, window: days <= 30 ? 30 : days <= 60 ? 60 : 90,
      });
    }

    const share = value('spa_share');
    if (typeof share === 'number') this.#bands[Math.min(19, Math.floor(share / 0.05 + 1e-9))]!.plans += 1;
    if (typeof value('total_pas') === 'number') this.#withPas += 1;
    else if (typeof value('total_hours') === 'number' || typeof p.contracted_hours === 'number') this.#inHours += 1;

    // Pay: as the plan's pay rule compares it (pas_overpaid / pas_underpaid beyond its tolerance).
    const paid = p.pas_paid;
    const planned = value('total_pas');
    if (typeof paid !== 'number' || typeof planned !== 'number') return;
    this.#payCompared += 1;
    const tolerance = this.#basisFor(result?.policies ?? [])?.tolerance ?? 0;
    const over = value('pas_overpaid');
    const under = value('pas_underpaid');
    const difference = typeof over === 'number' && over > tolerance ? over : typeof under === 'number' && under > tolerance ? -under : 0;
    if (difference !== 0) this.#pay.push({ ref, practitioner: p.practitioner_name ?? null, planned, paid, difference: Math.round(difference * 100) / 100 });
  }

  #basisFor(policies: readonly PolicyRef[]): PayBasis | null {
    let first: PayBasis | null = null;
    for (const ref of policies) {
      const key = `${ref.id}@${ref.version}`;
      let basis = this.#bases.get(key);
      if (!basis) {
        const policy = this.#library ? findVersion(this.#library, ref.id, ref.version) : undefined;
        basis = policy ? payBasisOf(policy) : { policy: ref, ruleId: null, tolerance: 0 };
        this.#bases.set(key, basis);
      }
      if (basis.ruleId !== null) return basis;
      first ??= basis;
    }
    return first;
  }

  finish(report: EvaluationReport, judged: readonly JudgedGroup[]): RegisterSummary {
    const tables = complianceTables(judged);
    const coverage = coverageOf(tables);
    const expiring = [...this.#expiring].sort((a, b) => a.daysLeft - b.daysLeft || a.ref.localeCompare(b.ref));
    const pay = [...this.#pay].sort((a, b) => a.difference - b.difference || a.ref.localeCompare(b.ref));
    const g = report.summary.groupFindings;
    return {
      today: this.#today,
      coverage,
      tables,
      kpis: {
        plans: this.#plans,
        neverAgreed: this.#neverAgreed,
        agreementNotRead: this.#agreementNotRead,
        disputed: this.#disputed,
        expiring30: expiring.filter((e) => e.window === 30).length,
        expiring60: expiring.filter((e) => e.window === 60).length,
        expiring90: expiring.filter((e) => e.window === 90).length,
        plansWithErrors: this.#plansWithErrors,
        findings: report.summary.findings,
        groupFindings: g.error + g.warning + g.info,
        underpaid: pay.filter((p) => p.difference < 0).length,
        overpaid: pay.filter((p) => p.difference > 0).length,
        payCompared: this.#payCompared,
        withPas: this.#withPas,
        inHours: this.#inHours,
      },
      expiring,
      spaShareBands: this.#bands.map((b) => ({ ...b })),
      pay,
      payBasis: [...this.#bases.values()].sort((a, b) => a.policy.id.localeCompare(b.policy.id)),
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Coverage tables from the group rules

/** The first share aggregate of a group rule, the count that counts the same plans, and the target on the share. */
function shareMeasure(policy: CompiledPolicy, rule: CompiledRule): { share: CompiledAggregate & { kind: 'share' }; count: string | null; target: KpiTarget | null } | null {
  const aggregates = rule.group?.aggregates ?? [];
  const share = aggregates.find((a): a is CompiledAggregate & { kind: 'share' } => a.kind === 'share');
  if (!share) return null;
  const same = JSON.stringify(share.condition);
  const count = aggregates.find((a) => a.kind === 'count' && a.condition !== null && JSON.stringify(a.condition) === same)?.name ?? null;
  let target: KpiTarget | null = null;
  for (const c of factConditions(rule.when)) {
    if (c.fact !== share.name || !c.valueFrom || !('param' in c.valueFrom)) continue;
    const param = policy.parameters[c.valueFrom.param];
    if (!param || typeof param.value !== 'number') continue;
    // The rule fires when the share is at or below the value: the target is "more than" it; below it: "at least".
    if (c.operator === 'lessThanInclusive') target = { share: param.value, comparison: 'more than', param: c.valueFrom.param, clause: param.clause };
    else if (c.operator === 'lessThan') target = { share: param.value, comparison: 'at least', param: c.valueFrom.param, clause: param.clause };
    if (target) break;
  }
  return { share, count, target };
}

type FactCondition = Extract<CompiledCondition, { kind: 'fact' }>;

function factConditions(c: CompiledCondition): FactCondition[] {
  switch (c.kind) {
    case 'all':
    case 'any':
      return c.conditions.flatMap(factConditions);
    case 'not':
      return []; // a negated comparison is not a target
    case 'fact':
      return [c];
  }
}

function complianceTables(judged: readonly JudgedGroup[]): ComplianceTable[] {
  interface Building {
    policy: CompiledPolicy; rules: CompiledRule[]; groupBy: readonly string[]; measure: string; shareName: string; countName: string | null; target: KpiTarget | null;
    groups: Map<string, { name: string; plans: number; count: number; share: number | null; fired: string[]; notJudged: boolean }>;
  }
  const tables = new Map<string, Building>();
  const measures = new Map<CompiledRule, ReturnType<typeof shareMeasure>>();
  for (const g of judged) {
    if (!measures.has(g.rule)) measures.set(g.rule, shareMeasure(g.policy, g.rule));
    const m = measures.get(g.rule);
    if (!m) continue;
    const groupBy = g.rule.group?.groupBy ?? [];
    // Rules of one policy counting the same plans by the same grouping against the same target are one table
    // (Swansea Bay's target rule and its progress rule before the target date).
    const key = JSON.stringify([g.policy.id, g.policy.version, groupBy, g.rule.group?.where ?? null, m.share.condition, m.target?.param ?? null]);
    let t = tables.get(key);
    if (!t) {
      t = { policy: g.policy, rules: [], groupBy, measure: m.count ?? m.share.name.replace(/_share$/, ''), shareName: m.share.name, countName: m.count, target: m.target, groups: new Map() };
      tables.set(key, t);
    }
    if (!t.rules.includes(g.rule)) t.rules.push(g.rule);
    const name = Object.values(g.key).map((v) => v ?? '(not recorded)').join(', ') || 'the whole register';
    const share = typeof g.aggregates[t.shareName] === 'number' ? (g.aggregates[t.shareName] as number) : null;
    const counted = t.countName && typeof g.aggregates[t.countName] === 'number' ? (g.aggregates[t.countName] as number) : share === null ? 0 : Math.round(share * g.plans);
    const row = t.groups.get(g.label) ?? { name, plans: g.plans, count: counted, share, fired: [], notJudged: false };
    if (g.notJudged) Object.assign(row, { count: 0, share: null, notJudged: true });
    if (g.fired) row.fired.push(g.rule.id);
    t.groups.set(g.label, row);
  }
  return [...tables.values()].map((t) => ({
    policy: { id: t.policy.id, version: t.policy.version },
    ruleIds: t.rules.map((r) => r.id),
    title: t.rules[0]!.title,
    clause: t.rules[0]!.clause,
    groupBy: t.groupBy.map((f) => f.replace(/_/g, ' ')).join(', ') || 'register',
    measure: t.measure.replace(/_/g, ' '),
    target: t.target,
    groups: [...t.groups.values()]
      .map((g) => ({ name: g.name, plans: g.plans, count: g.count, share: g.share, meetsTarget: t.target && !g.notJudged ? g.fired.length === 0 : null, firedRules: g.fired, ...(g.notJudged ? { notJudged: true } : {}) }))
      .sort((a, b) => (a.share ?? 0) - (b.share ?? 0) || a.name.localeCompare(b.name)),
  }));
}

function coverageOf(tables: readonly ComplianceTable[]): Coverage[] {
  const out: Coverage[] = [];
  const seen = new Set<string>();
  // A policy's headline is its first table with a target (else its first table): the register-wide count.
  const ordered = [...tables].sort((a, b) => Number(b.target !== null) - Number(a.target !== null));
  for (const t of ordered) {
    const key = `${t.policy.id}@${t.policy.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const plans = t.groups.reduce((s, g) => s + g.plans, 0);
    const count = t.groups.reduce((s, g) => s + g.count, 0);
    // Plans that could not be counted make any register-wide share a guess: none is given.
    const notJudgedPlans = t.groups.reduce((s, g) => s + (g.notJudged ? g.plans : 0), 0);
    const share = plans > 0 && notJudgedPlans === 0 ? count / plans : null;
    const meetsTarget = t.target && share !== null ? (t.target.comparison === 'more than' ? share > t.target.share : share >= t.target.share) : null;
    out.push({ policy: t.policy, measure: t.measure, ruleId: t.ruleIds[0]!, title: t.title, plans, count, share, target: t.target, meetsTarget, ...(notJudgedPlans > 0 ? { notJudgedPlans } : {}) });
  }
  return out.sort((a, b) => a.policy.id.localeCompare(b.policy.id));
}

/** A plan rule that compares pay (reads pas_overpaid, pas_underpaid or pas_paid_variance), and its tolerance. */
function payBasisOf(policy: CompiledPolicy): PayBasis {
  const ref = { id: policy.id, version: policy.version };
  for (const rule of policy.rules) {
    if (rule.scope !== 'plan') continue;
    const conditions = factConditions(rule.when).filter((c) => PAY_FACTS.has(c.fact));
    if (conditions.length === 0) continue;
    const tolerance = conditions.map((c) => c.value).find((v): v is number => typeof v === 'number') ?? 0;
    return { policy: ref, ruleId: rule.id, tolerance };
  }
  return { policy: ref, ruleId: null, tolerance: 0 };
}
