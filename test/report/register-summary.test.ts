import { describe, expect, it } from 'vitest';
import { DEMO_POLICY_METADATA } from '../evaluate/helpers.js';
import { evaluatePlans, type PlanInput } from '../../src-engine/evaluate/evaluate.js';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';
import { summariseRegister } from '../../src-engine/report/register-summary.js';

const today = '2026-11-23';
const plan = (ref: string, agreed: string | null, extra: JobPlan = {}): JobPlan => ({
  plan_ref: ref, staff_group: 'medical', grade: 'consultant', specialty: 'Psychiatry', care_group: 'Mental Health',
  meeting_date: agreed ?? '2025-01-01', signed_practitioner_date: agreed, signed_manager_date: agreed, ...extra,
});

/** A policy whose target is "more than 80%" by care group, a report line with no target by specialty, and a pay rule with a 0.25 PA tolerance. */
const policy = (comparison: 'lessThanInclusive' | 'lessThan'): string => `policy: demo
${DEMO_POLICY_METADATA}
parameters:
  target: { value: 0.8, unit: ratio, clause: "9" }
  months: { value: 12, unit: months, clause: "2" }
  tolerance: { value: 0.25, unit: PA, clause: "5" }
rules:
  - id: pay.match
    title: Paid as planned
    clause: "5"
    severity: error
    when:
      any:
        - { fact: pas_overpaid, operator: greaterThan, value: { param: tolerance } }
        - { fact: pas_underpaid, operator: greaterThan, value: { param: tolerance } }
    message: "Paid {pas_paid}, planned {total_pas}."
  - id: register.target
    title: Target by care group
    clause: "9"
    severity: error
    scope: group
    group_by: [care_group]
    aggregates:
      plans: { count: true }
      current: { count: { fact: months_since_agreed, operator: lessThanInclusive, value: { param: months } } }
      current_share: { share: { fact: months_since_agreed, operator: lessThanInclusive, value: { param: months } } }
    when: { fact: current_share, operator: ${comparison}, value: { param: target } }
    message: "{group}: {current_share:pct}."
  - id: register.by-specialty
    title: Report line by specialty
    clause: "10"
    severity: info
    scope: group
    group_by: [specialty]
    aggregates:
      plans: { count: true }
      current_share: { share: { fact: months_since_agreed, operator: lessThanInclusive, value: { param: months } } }
    when: { fact: plans, operator: greaterThan, value: 0 }
    message: "{group}: {current_share:pct}."
`;

const plans: JobPlan[] = [
  plan('P1', '2026-06-01', { declared_dcc_pas: 7.5, declared_spa_pas: 2.5, pas_paid: 10.2 }), // within the tolerance
  plan('P2', '2025-12-10', { declared_dcc_pas: 6.5, declared_spa_pas: 1.5, declared_apa_pas: 2, pas_paid: 8 }), // paid = total_pas (APAs are not in it)
  plan('P3', '2026-01-20', { specialty: 'Paediatrics', declared_dcc_pas: 8.5, declared_spa_pas: 1.5, pas_paid: 9.5 }), // underpaid 0.5
  plan('P4', '2025-11-22', { specialty: 'Paediatrics' }), // expired yesterday
  plan('P5', '2026-03-01', { care_group: 'Children', status: 'disputed' }),
  plan('P6', '2026-03-02', { care_group: 'Children' }),
  plan('P7', '2026-03-03', { care_group: 'Children' }),
  plan('P8', '2026-03-04', { care_group: 'Children' }),
  plan('P9', null, { care_group: 'Children' }), // never agreed: Children is 4 of 5, exactly 80%
];
const inputs: PlanInput[] = plans.map((p) => ({ plan: p, cells: {}, source: 'r.xlsx' }));

async function summarise(comparison: 'lessThanInclusive' | 'lessThan') {
  const library = loadPolicyLibrary([{ path: 'policies/demo/2020-01-01.yaml', text: policy(comparison) }]);
  expect(library.diagnostics).toEqual([]);
  const report = await evaluatePlans(inputs, library, { today });
  return { report, s: await summariseRegister(report, inputs, library) };
}

describe('the register summary a committee reads: every figure the policy\'s own', async () => {
  const { report, s } = await summarise('lessThanInclusive');

  it('reads the target and its comparison from the rule: fires at or below 80% → "more than 80%", so exactly 80% is below', async () => {
    const table = s.tables.find((t) => t.ruleIds.includes('register.target'))!;
    expect(table.target).toEqual({ share: 0.8, comparison: 'more than', param: 'target', clause: '9' });
    expect(table.groups.map((g) => [g.name, g.count, g.plans, g.meetsTarget])).toEqual([['Mental Health', 3, 4, false], ['Children', 4, 5, false]]);
    // below target exactly where the rule fired
    expect(table.groups.filter((g) => g.meetsTarget === false).map((g) => g.name).sort()).toEqual(report.groups.filter((g) => g.ruleId === 'register.target').map((g) => g.group.key['care_group']).sort());
    const atLeast = (await summarise('lessThan')).s.tables.find((t) => t.ruleIds.includes('register.target'))!;
    expect(atLeast.target?.comparison).toBe('at least');
    expect(atLeast.groups.find((g) => g.name === 'Children')!.meetsTarget).toBe(true); // 80% is at least 80%
  });

  it('shows no target where the policy states none', () => {
    const table = s.tables.find((t) => t.ruleIds.includes('register.by-specialty'))!;
    expect(table.target).toBeNull();
    expect(table.groups.every((g) => g.meetsTarget === null)).toBe(true);
    const headline = s.coverage[0]!;
    expect(headline).toMatchObject({ ruleId: 'register.target', measure: 'current', plans: 9, count: 7, target: { comparison: 'more than' }, meetsTarget: false });
  });

  it('counts pay as the pay rule compares it: total_pas against PAs paid, beyond its tolerance', () => {
    const fired = report.plans.filter((p) => p.findings.some((f) => f.ruleId === 'pay.match')).map((p) => p.ref);
    expect(s.pay.map((p) => p.ref)).toEqual(fired);
    expect(s.pay.map((p) => [p.ref, p.planned, p.paid, p.difference])).toEqual([['P3', 10, 9.5, -0.5]]);
    expect([s.kpis.underpaid, s.kpis.overpaid, s.kpis.payCompared]).toEqual([1, 0, 3]);
    expect(s.payBasis).toEqual([{ policy: { id: 'demo', version: '2020-01-01' }, ruleId: 'pay.match', tolerance: 0.25 }]);
  });

  it('lists plans reaching their review date in the next 30/60/90 days, soonest first', () => {
    expect(s.expiring.map((e) => [e.ref, e.expires, e.daysLeft, e.window])).toEqual([['P2', '2026-12-10', 17, 30], ['P3', '2027-01-20', 58, 60]]);
    expect([s.kpis.expiring30, s.kpis.expiring60, s.kpis.expiring90]).toEqual([1, 1, 0]);
    expect(s.kpis).toMatchObject({ plans: 9, neverAgreed: 1, disputed: 1 });
  });
});

describe('a register whose sign-off could not be read (no such columns): no coverage figure, and no plan "never agreed"', async () => {
  const unreadSignOff = ['signed_practitioner_date', 'signed_manager_date'].map((key) => ({ key, cell: null, reason: `the register has no column for ${key}` }));
  const rows: PlanInput[] = plans.map((p, i) => ({
    plan: { ...p, signed_practitioner_date: null, signed_manager_date: null }, cells: {}, source: 'r.xlsx', kind: 'register-row',
    // Mental Health's rows lack the columns; Children's were read, and are judged as before.
    ...(p.care_group === 'Mental Health' ? { unread: unreadSignOff } : {}), ref: `r.xlsx row ${i + 2}`,
  }));
  const library = loadPolicyLibrary([{ path: 'policies/demo/2020-01-01.yaml', text: policy('lessThanInclusive') }]);
  const report = await evaluatePlans(rows, library, { today });
  const s = await summariseRegister(report, rows, library);

  it('the group whose values were not read is "not judged" in its table; the register-wide share is not given', () => {
    const table = s.tables.find((t) => t.ruleIds.includes('register.target'))!;
    const mental = table.groups.find((g) => g.name === 'Mental Health')!;
    expect(mental).toMatchObject({ notJudged: true, share: null, meetsTarget: null, plans: 4 });
    expect(table.groups.find((g) => g.name === 'Children')).toMatchObject({ count: 0, plans: 5, meetsTarget: false });
    expect(s.coverage[0]).toMatchObject({ share: null, meetsTarget: null, notJudgedPlans: 4 });
  });

  it('plans whose sign-off was not read are not counted as never agreed', () => {
    expect(s.kpis).toMatchObject({ neverAgreed: 5, agreementNotRead: 4 });
  });
});
