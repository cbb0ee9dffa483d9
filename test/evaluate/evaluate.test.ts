import { describe, expect, it } from 'vitest';
import { evaluatePlans } from '../../src-engine/evaluate/evaluate.js';
import { PolicyEngine } from '../../src-engine/evaluate/engine.js';
import { sha256Hex } from '../../src-engine/policy/hash.js';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import { library, policyText } from './helpers.js';

const plan: JobPlan = {
  plan_ref: 'JP-1', staff_group: 'medical', grade: 'consultant',
  meeting_date: '2020-06-01', signed_practitioner_date: '2020-06-10', signed_manager_date: '2020-06-30',
  activities: [{ activity: 'CPD', category: 'SPA', pas: 1 }, { activity: 'Clinic', category: 'DCC', pas: 9 }],
};
const cells = {
  meeting_date: { sheet: 'Details', cell: 'B5' },
  signed_practitioner_date: { sheet: 'Sign-off', cell: 'B2' },
  signed_manager_date: { sheet: 'Sign-off', cell: 'B3' },
  'activities[0].pas': { sheet: 'Timetable', cell: 'F2' },
};
const opts = { today: '2020-12-01', evaluatedAt: '2020-12-01T00:00:00.000Z' };

describe('evaluation', () => {
  it('a finding cites the rule, clause, exact policy version and hash, the deciding cells and the values', async () => {
    const text = policyText();
    const lib = library({ path: 'policies/demo/2020-01-01.yaml', text });
    const report = await evaluatePlans([{ plan, cells, source: 'jp1.xlsx' }], lib, opts);
    const f = report.plans[0]!.findings.find((x) => x.ruleId === 'signoff.within-deadline')!;
    expect(f).toMatchObject({
      severity: 'error', clause: '7.5', planRef: 'JP-1',
      policy: { id: 'demo', version: '2020-01-01', sha256: sha256Hex(text) },
      message: 'Manager signed after 29 days; allowed 28; meeting 01/06/2020.',
      values: { days_meeting_to_practitioner_signoff: 9, days_meeting_to_manager_signoff: 29, meeting_date: '2020-06-01' },
      params: { deadline: 28 },
    });
    // Only the late signature's cells, not the practitioner's, which was in time.
    expect(f.cells).toEqual([{ sheet: 'Details', cell: 'B5' }, { sheet: 'Sign-off', cell: 'B3' }]);
    expect(report.policies).toEqual([expect.objectContaining({ id: 'demo', version: '2020-01-01', sha256: sha256Hex(text), effectiveFrom: '2020-01-01' })]);
    expect(report.summary.findings).toEqual({ error: 1, warning: 1, info: 0 });
  });

  it('day 28 passes and day 29 fails', async () => {
    const lib = library({ path: 'd.yaml', text: policyText() });
    const at = async (signed: string) => (await evaluatePlans([{ plan: { ...plan, signed_manager_date: signed }, cells: {}, source: 'x' }], lib, opts)).plans[0]!.findings.map((f) => f.ruleId);
    expect(await at('2020-06-29')).not.toContain('signoff.within-deadline');
    expect(await at('2020-06-30')).toContain('signoff.within-deadline');
  });

  it('a missing date makes no comparison true: absence is for isMissing rules to judge', async () => {
    const lib = library({ path: 'd.yaml', text: policyText() });
    const report = await evaluatePlans([{ plan: { ...plan, signed_manager_date: null, signed_practitioner_date: null }, cells: {}, source: 'x' }], lib, opts);
    expect(report.plans[0]!.findings.map((f) => f.ruleId)).not.toContain('signoff.within-deadline');
  });

  it('the trace shows each condition with the value seen and its result', async () => {
    const lib = library({ path: 'd.yaml', text: policyText() });
    const report = await evaluatePlans([{ plan, cells: {}, source: 'x' }], lib, opts);
    const trace = report.plans[0]!.findings.find((f) => f.ruleId === 'signoff.within-deadline')!.trace;
    expect(trace).toMatchObject({
      kind: 'any', result: true,
      conditions: [
        { kind: 'fact', fact: 'days_meeting_to_practitioner_signoff', operator: 'greaterThan', value: 28, valueFrom: { param: 'deadline' }, factValue: 9, result: false },
        { kind: 'fact', fact: 'days_meeting_to_manager_signoff', factValue: 29, result: true },
      ],
    });
  });

  it('chooses the version in force on the plan date, and a draft only when asked for by version', async () => {
    const lib = library(
      { path: 'policies/demo/2020-01-01.yaml', text: policyText({ version: '2020-01-01', deadline: 28 }) },
      { path: 'policies/demo/2021-01-01.yaml', text: policyText({ version: '2021-01-01', deadline: 21 }) },
      { path: 'policies/demo/2022-01-01.yaml', text: policyText({ version: '2022-01-01', deadline: 7, status: 'draft' }) },
    );
    const run = async (p: JobPlan, extra: object = {}) => (await evaluatePlans([{ plan: p, cells: {}, source: 'x' }], lib, { ...opts, ...extra })).plans[0]!;
    expect((await run({ ...plan, start_date: '2020-12-31' })).policies.map((p) => p.version)).toEqual(['2020-01-01']);
    expect((await run({ ...plan, start_date: '2021-01-01' })).policies.map((p) => p.version)).toEqual(['2021-01-01']);
    expect((await run({ ...plan, start_date: '2023-01-01' })).policies.map((p) => p.version)).toEqual(['2021-01-01']);
    expect((await run({ ...plan, start_date: '2020-12-31' }, { asOf: '2021-06-01' })).policies.map((p) => p.version)).toEqual(['2021-01-01']);
    expect((await run(plan, { policy: { id: 'demo', version: '2022-01-01' } })).policies.map((p) => p.version)).toEqual(['2022-01-01']);
  });

  it('a plan no loaded policy applies to says so instead of passing silently', async () => {
    const lib = library({ path: 'd.yaml', text: policyText() });
    const result = (await evaluatePlans([{ plan: { ...plan, staff_group: 'non-medical' }, cells: {}, source: 'x' }], lib, opts)).plans[0]!;
    expect(result.findings).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['no_policy_applies']);
  });

  it('a plan dated before the first version took effect is judged by the first version, with a notice on the plan', async () => {
    const lib = library({ path: 'd.yaml', text: policyText({ version: '2020-01-01' }), }, { path: 'e.yaml', text: policyText({ version: '2021-01-01' }) });
    const result = (await evaluatePlans([{ plan: { ...plan, start_date: '2019-05-01' }, cells: {}, source: 'x' }], lib, opts)).plans[0]!;
    expect(result.policies.map((p) => p.version)).toEqual(['2020-01-01']);
    expect(result.policies[0]!.reason).toContain('the plan predates every version: judged by the first');
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([['plan_predates_policy', 'warning']]);
    expect(result.diagnostics[0]!.message).toContain("predates the policy's first version, 01/01/2020 (demo; the plan's reference date is 01/05/2019): judged by that first version");
  });
});

describe('the json-rules-engine wrapper', () => {
  it('never lets two runs share one engine, even when callers do not await (upstream #303)', async () => {
    const lib = library({ path: 'd.yaml', text: policyText() });
    const engine = new PolicyEngine(lib.policies[0]!);
    const facts = (days: number) => ({ days_meeting_to_practitioner_signoff: 1, days_meeting_to_manager_signoff: days, spa_pas: 2, meeting_date: '2020-01-01' });
    const runs = await Promise.all(Array.from({ length: 50 }, (_, i) => engine.judge(facts(i))));
    runs.forEach((outcomes, i) => {
      expect(outcomes.size).toBe(2);
      expect(outcomes.get('signoff.within-deadline')!.fired).toBe(i > 28);
    });
  });

  it('refuses a fact it was not given rather than treating it as false', async () => {
    const lib = library({ path: 'd.yaml', text: policyText() });
    const engine = new PolicyEngine(lib.policies[0]!);
    await expect(engine.judge({ spa_pas: 2 })).rejects.toThrow(/Undefined fact/);
  });
});
