import { describe, expect, it } from 'vitest';
import { evaluatePlans } from '../../src-engine/evaluate/evaluate.js';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';
import { summariseRegister } from '../../src-engine/report/register-summary.js';

const today = '2026-11-23';
const plan = (ref: string, agreed: string | null, extra: JobPlan = {}): JobPlan => ({
  plan_ref: ref, staff_group: 'medical', grade: 'consultant', specialty: 'Psychiatry', care_group: 'Mental Health',
  meeting_date: agreed ?? '2026-01-01', signed_practitioner_date: agreed, signed_manager_date: agreed, ...extra,
});

describe('the register summary a committee reads', async () => {
  const plans: JobPlan[] = [
    plan('P1', '2026-06-01', { declared_dcc_pas: 7.5, declared_spa_pas: 2.5, pas_paid: 10 }),
    plan('P2', '2025-12-10', { declared_dcc_pas: 8, declared_spa_pas: 2, pas_paid: 11 }), // expires 2026-12-10: 17 days
    plan('P3', '2026-01-20', { specialty: 'Paediatrics', declared_dcc_pas: 8.5, declared_spa_pas: 1.5, pas_paid: 9.5 }), // 58 days
    plan('P4', '2025-11-22', { specialty: 'Paediatrics', care_group: 'Children' }), // expired yesterday
    plan('P5', null, { care_group: 'Children', status: 'disputed' }),
  ];
  const library = loadPolicyLibrary([]);
  const report = await evaluatePlans(plans.map((p) => ({ plan: p, cells: {}, source: 'r.xlsx' })), library, { today });
  const s = summariseRegister(report, plans.map((p) => ({ plan: p, cells: {}, source: 'r.xlsx' })));

  it('counts current plans (agreed within 12 months, exactly 12 months still current) against the 90% target', () => {
    expect(s.kpis).toMatchObject({ plans: 5, current: 3, currentShare: 0.6, neverAgreed: 1, disputed: 1 });
    expect(s.target).toBe(0.9);
  });

  it('groups by specialty and care group, worst first, marking which meet the target', () => {
    expect(s.byCareGroup.map((g) => [g.name, g.current, g.plans, g.meetsTarget])).toEqual([['Children', 0, 2, false], ['Mental Health', 3, 3, true]]);
    expect(s.bySpecialty.map((g) => g.name)).toEqual(['Paediatrics', 'Psychiatry']);
  });

  it('lists plans expiring in the next 30/60/90 days, soonest first', () => {
    expect(s.expiring.map((e) => [e.ref, e.expires, e.daysLeft, e.window])).toEqual([['P2', '2026-12-10', 17, 30], ['P3', '2027-01-20', 58, 60]]);
    expect([s.kpis.expiring30, s.kpis.expiring60, s.kpis.expiring90]).toEqual([1, 1, 0]);
  });

  it('puts each plan in a 5% SPA-share band and lists PAs paid that differ from those planned', () => {
    expect(s.spaShareBands.find((b) => b.plans > 0 && Math.abs(b.from - 0.25) < 1e-9)!.plans).toBe(1);
    expect(s.pay.map((p) => [p.ref, p.planned, p.paid, p.difference])).toEqual([['P3', 10, 9.5, -0.5], ['P2', 10, 11, 1]]);
    expect([s.kpis.underpaid, s.kpis.overpaid]).toEqual([1, 1]);
  });
});
