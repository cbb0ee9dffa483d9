/** Unknown is not compliant (issue 10, item 2): a rule left undecided by a fact not recorded says so, at when_unknown. */
import { describe, expect, it } from 'vitest';
import { DEMO_POLICY_METADATA } from './helpers.js';
import { formatDiagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { evaluatePlans, explainRule } from '../../src-engine/evaluate/evaluate.js';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';
import { formatExplanationText } from '../../src-engine/report/format-explanation.js';

const policy = (extra = '', rule = '') => `policy: demo
${DEMO_POLICY_METADATA}
parameters:
  months: { value: 1, unit: months, clause: "7.4.3" }
rules:
  - id: new-starter.interim-plan
    title: A new practitioner's interim plan is agreed within the first month
    clause: "7.4.3"
    severity: error
${extra}    when:
      all:
        - { fact: plan_kind, operator: equal, value: interim }
        - { fact: months_start_in_post_to_agreement, operator: greaterThan, value: { param: months } }
    message: "Agreed {months_start_in_post_to_agreement} months after the start."
  - id: kind.not-interim
    title: Not an interim plan
    clause: "1"
    severity: info
    when: { not: { fact: plan_kind, operator: equal, value: interim } }
    message: "Type {plan_kind}."
${rule}`;

const plan: JobPlan = {
  plan_ref: 'P', staff_group: 'medical', contract_start_date: '2020-03-02', meeting_date: '2020-04-20',
  signed_practitioner_date: '2020-04-22', signed_manager_date: '2020-04-25', start_date: '2020-03-02',
};
const opts = { today: '2020-12-01', evaluatedAt: 'x' };
const judge = async (text: string, p: JobPlan, engine: 'fast' | 'reference' = 'fast') => {
  const lib = loadPolicyLibrary([{ path: 'policies/demo/2020-01-01.yaml', text }]);
  expect(lib.diagnostics.map(formatDiagnostic)).toEqual([]);
  return (await evaluatePlans([{ plan: p, cells: { plan_kind: { sheet: 'Details', cell: 'B9' } }, source: 'x.xlsx' }], lib, { ...opts, engine })).plans[0]!;
};

describe('a rule left undecided by a fact not recorded', () => {
  it('the issue\'s case: plan type blank, start in post seven weeks before the meeting: not judged, a warning naming the field and its cell', async () => {
    for (const engine of ['fast', 'reference'] as const) {
      const result = await judge(policy(), plan, engine);
      const f = result.findings.find((x) => x.ruleId === 'new-starter.interim-plan')!;
      expect(f).toMatchObject({
        severity: 'warning', notJudged: { reasons: ['plan type not recorded'] }, cells: [{ sheet: 'Details', cell: 'B9' }],
        message: "Not judged: plan type not recorded. Record it to check this rule: a new practitioner's interim plan is agreed within the first month.",
      });
    }
  });

  it('a part that is false decides the rule whatever the missing fact: agreed within the month is quiet', async () => {
    const result = await judge(policy(), { ...plan, signed_manager_date: '2020-03-20', signed_practitioner_date: '2020-03-20' });
    expect(result.findings.filter((f) => f.ruleId === 'new-starter.interim-plan')).toEqual([]);
  });

  it('no start in post: nothing says the plan is a new starter\'s, so the blank type does not decide it', async () => {
    const result = await judge(policy(), { ...plan, contract_start_date: undefined });
    expect(result.findings.filter((f) => f.ruleId === 'new-starter.interim-plan')).toEqual([]);
  });

  it('a rule that fires is a finding as json-rules-engine decides it (a null under `not` fires); a recorded type judges both rules', async () => {
    const fired = (await judge(policy(), plan)).findings.find((f) => f.ruleId === 'kind.not-interim')!;
    expect(fired.notJudged).toBeUndefined();
    expect(fired.message).toBe('Type (not recorded).');
    const annual = await judge(policy(), { ...plan, plan_kind: 'annual' });
    expect(annual.findings.map((f) => [f.ruleId, f.notJudged === undefined])).toEqual([['kind.not-interim', true]]);
  });

  it('when_unknown sets the severity, or keeps the rule quiet', async () => {
    expect((await judge(policy('    when_unknown: error\n'), plan)).findings.find((f) => f.ruleId === 'new-starter.interim-plan')?.severity).toBe('error');
    expect((await judge(policy('    when_unknown: quiet\n'), plan)).findings.find((f) => f.ruleId === 'new-starter.interim-plan')).toBeUndefined();
  });

  it('when_unknown on a group rule is a load-time error with its line', () => {
    const group = `  - id: register.count
    title: Count
    clause: "1"
    severity: info
    scope: group
    when_unknown: error
    aggregates: { plans: { count: true } }
    when: { fact: plans, operator: greaterThan, value: 0 }
    message: "{plans}"
`;
    const lib = loadPolicyLibrary([{ path: 'd.yaml', text: policy('', group) }]);
    expect(lib.diagnostics.map(formatDiagnostic)).toEqual(["d.yaml:32:5: policy_scope_mismatch: rule 'register.count': 'when_unknown' belongs to plan rules (a group rule counts what its plans record); remove it"]);
  });

  it('explain says the rule could not be judged and names the field', async () => {
    const lib = loadPolicyLibrary([{ path: 'policies/demo/2020-01-01.yaml', text: policy() }]);
    const { explanation } = await explainRule({ plan, cells: {}, source: 'x.json' }, lib, opts, 'new-starter.interim-plan');
    expect(explanation?.fired).toBe(false);
    expect(explanation?.notJudged).toEqual({ missing: ['plan type'] });
    const text = formatExplanationText(explanation!);
    expect(text).toContain('Result: the rule could not be judged: plan type not recorded');
    expect(text).not.toContain('the plan meets it');
  });
});
