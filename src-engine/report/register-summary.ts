/**
 * The committee view of a register run (the Swansea Bay report's tables, NHS England's KPIs): how many plans are
 * current, by specialty and care group against the target, which expire in the next 30/60/90 days, the DCC:SPA
 * distribution, and PAs paid against PAs planned. Pure data; the workbook and HTML renderers draw it.
 */
import type { PlanInput } from '../evaluate/evaluate.js';
import { agreedDate, deriveFacts } from '../facts/catalogue.js';
import { addMonths, daysBetween, type IsoDate } from '../model/dates.js';
import type { EvaluationReport } from './report.js';

/** The share of plans that should be current (Swansea Bay: > 90% by 30 September 2025; NHS England level 1: ≥ 90%). */
export const DEFAULT_COMPLIANCE_TARGET = 0.9;
/** A plan is current when it was agreed (both signatures) within this many months. */
export const CURRENT_MONTHS = 12;

export interface GroupCompliance {
  readonly name: string;
  readonly plans: number;
  readonly current: number;
  readonly share: number | null;
  readonly meetsTarget: boolean;
}

export interface ExpiringPlan {
  readonly ref: string;
  readonly practitioner: string | null;
  readonly specialty: string | null;
  readonly careGroup: string | null;
  readonly agreed: IsoDate;
  /** 12 months after it was agreed. */
  readonly expires: IsoDate;
  readonly daysLeft: number;
  readonly window: 30 | 60 | 90;
}

export interface PayLine {
  readonly ref: string;
  readonly practitioner: string | null;
  readonly planned: number;
  readonly paid: number;
  /** paid − planned: positive is overpaid, negative underpaid. */
  readonly difference: number;
}

export interface RegisterSummary {
  readonly today: IsoDate;
  readonly target: number;
  readonly kpis: {
    readonly plans: number;
    readonly current: number;
    readonly currentShare: number | null;
    readonly neverAgreed: number;
    readonly disputed: number;
    readonly expiring30: number;
    readonly expiring60: number;
    readonly expiring90: number;
    readonly plansWithErrors: number;
    readonly findings: { readonly error: number; readonly warning: number; readonly info: number };
    readonly underpaid: number;
    readonly overpaid: number;
  };
  readonly bySpecialty: readonly GroupCompliance[];
  readonly byCareGroup: readonly GroupCompliance[];
  readonly expiring: readonly ExpiringPlan[];
  /** SPA share of total PAs, counted in bands of 5 percentage points (0–5%, 5–10% ...). */
  readonly spaShareBands: readonly { readonly from: number; readonly to: number; readonly plans: number }[];
  readonly pay: readonly PayLine[];
}

const FACTS_NEEDED = ['total_pas', 'apa_pas', 'spa_share', 'dcc_pas', 'spa_pas', 'plan_in_dispute'];

export function summariseRegister(report: EvaluationReport, inputs: readonly PlanInput[], target = DEFAULT_COMPLIANCE_TARGET): RegisterSummary {
  const today = report.today;
  const rows = inputs.map((input, i) => {
    const facts = deriveFacts(input.plan, { today }, FACTS_NEEDED);
    const agreed = agreedDate(input.plan);
    const expires = agreed ? addMonths(agreed, CURRENT_MONTHS) : null;
    return { input, ref: report.plans[i]?.ref ?? String(i + 1), facts, agreed, expires, current: expires !== null && expires >= today };
  });
  const group = (key: (p: PlanInput) => string | null | undefined): GroupCompliance[] => {
    const map = new Map<string, { plans: number; current: number }>();
    for (const r of rows) {
      const name = key(r.input) ?? '(not recorded)';
      const g = map.get(name) ?? { plans: 0, current: 0 };
      g.plans += 1;
      if (r.current) g.current += 1;
      map.set(name, g);
    }
    return [...map.entries()]
      .map(([name, g]) => ({ name, plans: g.plans, current: g.current, share: g.plans > 0 ? g.current / g.plans : null, meetsTarget: g.plans > 0 && g.current / g.plans >= target }))
      .sort((a, b) => (a.share ?? 0) - (b.share ?? 0) || a.name.localeCompare(b.name));
  };
  const expiring: ExpiringPlan[] = [];
  for (const r of rows) {
    if (!r.agreed || !r.expires || !r.current) continue;
    const daysLeft = daysBetween(today, r.expires);
    if (daysLeft > 90) continue;
    expiring.push({
      ref: r.ref, practitioner: r.input.plan.practitioner_name ?? null, specialty: r.input.plan.specialty ?? null, careGroup: r.input.plan.care_group ?? null,
      agreed: r.agreed, expires: r.expires, daysLeft, window: daysLeft <= 30 ? 30 : daysLeft <= 60 ? 60 : 90,
    });
  }
  expiring.sort((a, b) => a.daysLeft - b.daysLeft || a.ref.localeCompare(b.ref));
  const bands = Array.from({ length: 20 }, (_, i) => ({ from: i * 0.05, to: (i + 1) * 0.05, plans: 0 }));
  for (const r of rows) {
    const share = r.facts['spa_share']?.value;
    if (typeof share === 'number') bands[Math.min(19, Math.floor(share / 0.05 + 1e-9))]!.plans += 1;
  }
  const pay: PayLine[] = [];
  for (const r of rows) {
    const paid = r.input.plan.pas_paid;
    const total = r.facts['total_pas']?.value;
    if (typeof paid !== 'number' || typeof total !== 'number') continue;
    const planned = Math.round((total + ((r.facts['apa_pas']?.value as number | null) ?? 0)) * 100) / 100;
    const difference = Math.round((paid - planned) * 100) / 100;
    if (difference !== 0) pay.push({ ref: r.ref, practitioner: r.input.plan.practitioner_name ?? null, planned, paid, difference });
  }
  pay.sort((a, b) => a.difference - b.difference);
  const current = rows.filter((r) => r.current).length;
  return {
    today,
    target,
    kpis: {
      plans: rows.length,
      current,
      currentShare: rows.length > 0 ? current / rows.length : null,
      neverAgreed: rows.filter((r) => !r.agreed).length,
      disputed: rows.filter((r) => r.facts['plan_in_dispute']?.value === true).length,
      expiring30: expiring.filter((e) => e.window === 30).length,
      expiring60: expiring.filter((e) => e.window === 60).length,
      expiring90: expiring.filter((e) => e.window === 90).length,
      plansWithErrors: report.plans.filter((p) => p.findings.some((f) => f.severity === 'error')).length,
      findings: report.summary.findings,
      underpaid: pay.filter((p) => p.difference < 0).length,
      overpaid: pay.filter((p) => p.difference > 0).length,
    },
    bySpecialty: group((p) => p.plan.specialty),
    byCareGroup: group((p) => p.plan.care_group),
    expiring,
    spaShareBands: bands,
    pay,
  };
}
