import { describe, expect, it } from 'vitest';
import { DEMO_POLICY_METADATA } from './helpers.js';
import { formatDiagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { evaluatePlans } from '../../src-engine/evaluate/evaluate.js';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import { loadPolicy } from '../../src-engine/policy/load-policy.js';
import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';

const header = `policy: demo
${DEMO_POLICY_METADATA}
parameters:
  target: { value: 0.9, unit: ratio, clause: "9" }
  review_months: { value: 12, unit: months, clause: "7.7.1" }
rules:
`;

const complianceRule = `  - id: register.compliance-target
    title: Over 90% of consultants have a current plan
    clause: "9"
    severity: error
    scope: group
    group_by: [care_group]
    where: { fact: is_consultant, operator: equal, value: true }
    aggregates:
      plans: { count: true }
      current: { count: { fact: months_since_last_review, operator: lessThanInclusive, value: { param: review_months } } }
      current_share: { share: { fact: months_since_last_review, operator: lessThanInclusive, value: { param: review_months } } }
      mean_spa: { mean: spa_pas }
      max_spa: { max: spa_pas }
      min_spa: { min: spa_pas }
      total_spa: { sum: spa_pas }
      bands: { distinct: intensity_band }
    when: { fact: current_share, operator: lessThan, value: { param: target } }
    offenders: { fact: months_since_last_review, operator: greaterThan, value: { param: review_months } }
    message: "{group}: {current} of {plans} current ({current_share:pct}), below {target:pct}; overdue: {offenders}."
`;

const base: JobPlan = { staff_group: 'medical', grade: 'consultant', meeting_date: '2020-03-01', signed_practitioner_date: '2020-03-02', signed_manager_date: '2020-03-03', declared_spa_pas: 2 };
const plans: JobPlan[] = [
  { ...base, plan_ref: 'A1', care_group: 'Adult', intensity_band: '1A' },
  { ...base, plan_ref: 'A2', care_group: 'Adult', intensity_band: '1B', declared_spa_pas: 3 },
  { ...base, plan_ref: 'A3', care_group: 'Adult', meeting_date: '2019-01-01', signed_practitioner_date: '2019-01-02', signed_manager_date: '2019-01-03', declared_spa_pas: 1 },
  { ...base, plan_ref: 'C1', care_group: 'Children' },
  { ...base, plan_ref: 'S1', care_group: 'Adult', grade: 'specialty doctor', meeting_date: '2018-01-01' },
];
const cells = (ref: string) => ({ meeting_date: { sheet: 'Register', cell: `H${ref.charCodeAt(1)}` }, signed_manager_date: { sheet: 'Register', cell: `J${ref.charCodeAt(1)}` } });

function library(rules: string) {
  const lib = loadPolicyLibrary([{ path: 'policies/demo/2020-01-01.yaml', text: header + rules }]);
  return lib;
}

describe('group rules', () => {
  it('group by care group, count only the plans "where" admits, and name the plans that caused the finding', async () => {
    const lib = library(complianceRule);
    expect(lib.diagnostics.map(formatDiagnostic)).toEqual([]);
    const report = await evaluatePlans(plans.map((plan) => ({ plan, cells: cells(plan.plan_ref!), source: 'register.xlsx' })), lib, { today: '2020-12-01' });
    expect(report.groups).toHaveLength(1);
    const f = report.groups[0]!;
    expect(f).toMatchObject({
      ruleId: 'register.compliance-target', severity: 'error',
      group: { label: 'care group Adult', key: { care_group: 'Adult' }, plans: 3 },
      values: { plans: 3, current: 2, current_share: 0.6667, mean_spa: 2, max_spa: 3, min_spa: 1, total_spa: 6, bands: 2 },
      offenders: [{ ref: 'A3', source: 'register.xlsx' }],
      message: 'care group Adult: 2 of 3 current (66.7%), below 90%; overdue: A3.',
    });
    expect(f.cells).toEqual([{ file: 'register.xlsx', sheet: 'Register', cell: 'J51' }, { file: 'register.xlsx', sheet: 'Register', cell: 'H51' }]);
    expect(report.summary.groupFindings).toEqual({ error: 1, warning: 0, info: 0 });
  });

  it('an offender\'s cells come back whole, whatever its sheet is called (even with control characters, from a hand-made file)', async () => {
    const lib = library(complianceRule);
    for (const sheet of ['Job plans 2020/21', 'odd\u0001name\u0002here']) {
      const inputs = plans.map((plan) => ({ plan, cells: { meeting_date: { sheet, cell: 'H9' }, signed_manager_date: { sheet: 'Register', cell: 'J9' } }, source: 'register.xlsx' }));
      const report = await evaluatePlans(inputs, lib, { today: '2020-12-01' });
      expect(report.groups[0]!.cells, sheet).toEqual([{ file: 'register.xlsx', sheet: 'Register', cell: 'J9' }, { file: 'register.xlsx', sheet, cell: 'H9' }]);
    }
  });

  it('json-rules-engine and the fast path give the same group findings', async () => {
    const lib = library(complianceRule);
    const inputs = plans.map((plan) => ({ plan, cells: cells(plan.plan_ref!), source: 'r.xlsx' }));
    const fast = await evaluatePlans(inputs, lib, { today: '2020-12-01', evaluatedAt: 'x' });
    const reference = await evaluatePlans(inputs, lib, { today: '2020-12-01', evaluatedAt: 'x', engine: 'reference' });
    expect(reference.groups).toEqual(fast.groups);
  });

  it('one plan checked on its own is not a register: group rules run only with two or more plans (or when asked)', async () => {
    const lib = library(complianceRule);
    const one = [{ plan: plans[2]!, cells: {}, source: 'x' }];
    expect((await evaluatePlans(one, lib, { today: '2020-12-01' })).groups).toEqual([]);
    expect((await evaluatePlans(one, lib, { today: '2020-12-01', groups: 'on' })).groups).toHaveLength(1);
  });

  const broken: [string, string, RegExp][] = [
    ['an unknown group_by field', complianceRule.replace('group_by: [care_group]', 'group_by: [care_grup]'), /policy_unknown_group_field: .*'care_grup'.*did you mean 'care_group'/],
    ['a condition on something that is not an aggregate', complianceRule.replace('when: { fact: current_share,', 'when: { fact: spa_pas,'), /policy_unknown_fact: rule 'register.compliance-target' uses fact 'spa_pas', which is not one of this group rule's aggregates/],
    ['the mean of a date', complianceRule.replace('mean_spa: { mean: spa_pas }', 'mean_spa: { mean: meeting_date }'), /policy_operator_type: .*aggregate 'mean_spa' takes the mean of 'meeting_date', which is a date/],
    ['a plan rule with group keys', complianceRule.replace('    scope: group\n', ''), /policy_scope_mismatch: rule 'register.compliance-target': 'group_by' belongs to group rules/],
    ['a message naming a plan fact', complianceRule.replace('overdue: {offenders}', 'overdue: {spa_pas}'), /policy_unknown_placeholder: .*\{spa_pas\}/],
  ];
  for (const [what, rules, expected] of broken) {
    it(`is checked at load time: ${what}`, () => {
      const loaded = loadPolicy({ path: 'policies/demo/2020-01-01.yaml', text: header + rules });
      expect(loaded.diagnostics.map(formatDiagnostic).join('\n')).toMatch(expected);
    });
  }
});
