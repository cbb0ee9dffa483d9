/**
 * The evaluator never compares NaN (issue 12, item 3): NaN > 0.01 and NaN <= 0.01 are both false, so a rule meeting a
 * non-finite fact would pass (or, under `not`, fail) by accident. It is "not judged", naming the fact, on both
 * evaluators and in explain.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_POLICY_METADATA } from './helpers.js';
import { formatDiagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { evaluatePlans, explainRule } from '../../src-engine/evaluate/evaluate.js';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';

const text = `policy: demo
${DEMO_POLICY_METADATA}
parameters:
  tolerance: { value: 0.01, unit: PAs, clause: "3" }
rules:
  - id: pa.total-matches-contract
    title: Planned PAs match the contract
    clause: "3"
    severity: warning
    when: { fact: pa_variance_abs, operator: greaterThan, value: { param: tolerance } }
    message: "Planned PAs differ from the contract by {pa_variance_abs}."
  - id: pa.within-tolerance
    title: Planned PAs are not within tolerance
    clause: "3"
    severity: warning
    when: { not: { fact: pa_variance_abs, operator: lessThanInclusive, value: { param: tolerance } } }
    message: "Outside tolerance by {pa_variance_abs}."
`;

const base: JobPlan = {
  plan_ref: 'P', staff_group: 'medical', grade: 'consultant', meeting_date: '2020-04-20', start_date: '2020-04-20',
  declared_dcc_pas: 7.5, declared_spa_pas: 2.5,
};
const opts = { today: '2020-12-01', evaluatedAt: 'x' };
const library = () => {
  const lib = loadPolicyLibrary([{ path: 'policies/demo/2020-01-01.yaml', text }]);
  expect(lib.diagnostics.map(formatDiagnostic)).toEqual([]);
  return lib;
};

describe('a rule meeting a fact that is not a finite number', () => {
  it('is not judged, naming the fact and its value, whichever way the comparison came out, on both evaluators', async () => {
    for (const contracted of [Number.NaN, Number.POSITIVE_INFINITY]) {
      for (const engine of ['fast', 'reference'] as const) {
        const result = (await evaluatePlans([{ plan: { ...base, contracted_pas: contracted }, cells: {}, source: 'x.json' }], library(), { ...opts, engine })).plans[0]!;
        for (const id of ['pa.total-matches-contract', 'pa.within-tolerance']) {
          const found = result.findings.filter((f) => f.ruleId === id);
          expect(found).toHaveLength(1);
          expect(found[0]).toMatchObject({ severity: 'warning', notJudged: { reasons: [expect.stringContaining(`pa_variance_abs came out as ${String(contracted)}`)] } });
          expect(found[0]!.message).toMatch(/^Not judged: /);
        }
      }
    }
  });

  it('a finite value is judged as before', async () => {
    const result = (await evaluatePlans([{ plan: { ...base, contracted_pas: 10 }, cells: {}, source: 'x.json' }], library(), opts)).plans[0]!;
    expect(result.findings).toEqual([]);
  });

  it('explain says the rule could not be judged, not that it passed', async () => {
    const { explanation } = await explainRule({ plan: { ...base, contracted_pas: Number.NaN }, cells: {}, source: 'x.json' }, library(), opts, 'pa.total-matches-contract');
    expect(explanation).toMatchObject({ fired: false, notJudged: { missing: ['a usable pa_variance_abs (it came out as NaN)'] } });
    expect(explanation!.message).toMatch(/^Not judged: planned PAs match the contract could not be checked, because pa_variance_abs came out as NaN/);
  });
});
