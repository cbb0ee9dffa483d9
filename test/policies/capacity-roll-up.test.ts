/**
 * The service capacity roll-up of the AHP job planning resource, reproduced with the shipped NHS England
 * non-medical pack: "19 members of staff ... 13 whole time equivalents (WTE) ... 3.0 WTE ... Supporting
 * Professional Activity ... 10.0 WTE worth of clinical time". A policy test case can only say that
 * service.capacity fires; this test checks its numbers and its message. The 19 plans are read from the policy
 * test file (policies/nhse-non-medical-job-planning/tests/capacity.yaml), so both tests judge the same register.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatDiagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { evaluatePlans } from '../../src-engine/evaluate/evaluate.js';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';

const root = join(import.meta.dirname, '..', '..');
const pack = 'policies/nhse-non-medical-job-planning/2022-11-01.yaml';
const testFile = 'policies/nhse-non-medical-job-planning/tests/capacity.yaml';

interface TestFile {
  today: string;
  base: Record<string, unknown>;
  cases: { name: string; plans?: Record<string, unknown>[] }[];
}

/** As the policy test runner merges: case fields override the base; a null removes the base's field. */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): JobPlan {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out as JobPlan;
}

const tests = parse(readFileSync(join(root, testFile), 'utf8')) as TestFile;
const workedExample = tests.cases.find((c) => c.name.startsWith('the AHP worked example'));
const plans = (workedExample?.plans ?? []).map((o) => merge(tests.base, o));

describe('service capacity roll-up (AHP worked example)', () => {
  const library = loadPolicyLibrary([{ path: pack, text: readFileSync(join(root, pack), 'utf8') }]);

  it('the NHS England non-medical pack compiles', () => {
    expect(library.diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it('the worked example register holds 19 staff', () => {
    expect(plans).toHaveLength(19);
    expect(new Set(plans.map((p) => p.plan_ref)).size).toBe(19);
  });

  it('19 staff = 13 WTE: 3.0 WTE SPA, 10.0 WTE clinical', async () => {
    const report = await evaluatePlans(
      plans.map((plan) => ({ plan, cells: {}, source: 'adult-therapies-register.xlsx' })),
      library,
      { today: tests.today, groups: 'on', evaluatedAt: '1970-01-01T00:00:00.000Z' },
    );
    const capacity = report.groups.filter((g) => g.ruleId === 'service.capacity');
    expect(capacity).toHaveLength(1);
    const finding = capacity[0]!;
    expect(finding).toMatchObject({
      severity: 'info',
      policy: { id: 'nhse-non-medical-job-planning', version: '2022-11-01' },
      group: { label: 'care group Adult Therapies', key: { care_group: 'Adult Therapies' }, plans: 19 },
      values: { staff: 19, wte: 13, wte_spa: 3, wte_clinical: 10, staff_without_planned_time: 0 },
      message: 'Service capacity, care group Adult Therapies: 19 staff = 13.0 WTE: 3.0 WTE SPA, 10.0 WTE clinical.',
    });
    // The split adds up: SPA + clinical = WTE.
    expect(finding.values.wte_spa! + finding.values.wte_clinical!).toBeCloseTo(finding.values.wte!, 10);
  });

  it('the same plans checked one at a time give no roll-up (a group rule needs a register)', async () => {
    const report = await evaluatePlans([{ plan: plans[0]!, cells: {}, source: 'one.xlsx' }], library, { today: tests.today });
    expect(report.groups).toEqual([]);
  });
});
