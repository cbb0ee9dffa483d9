import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluatePlans } from '../../src-engine/evaluate/evaluate.js';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';
import { COMPACT_FROM_PLANS, reportJson, reportJsonChunks } from '../../src-engine/report/report-json.js';

const today = '2026-11-23';
const path = 'policies/cpft-job-planning/2017-04-28.yaml';
const library = loadPolicyLibrary([{ path, text: readFileSync(path, 'utf8') }]);
const plan = (i: number): JobPlan => ({
  plan_ref: `P${i}`, staff_group: 'medical', grade: 'consultant', organisation: 'CPFT', specialty: i % 2 ? 'Psychiatry' : 'Paediatrics',
  meeting_date: '2026-01-05', signed_practitioner_date: '2026-03-01', signed_manager_date: null, contracted_pas: 10, declared_dcc_pas: 9, declared_spa_pas: 1,
});
const inputs = (n: number) => Array.from({ length: n }, (_, i) => ({ plan: plan(i), cells: {}, source: 'r.xlsx', kind: 'register-row' as const }));

describe('the JSON report', () => {
  it('is indented for a few plans and leaves condition traces out unless asked for', async () => {
    const report = await evaluatePlans(inputs(2), library, { today, evaluatedAt: '2026-11-23T00:00:00Z' });
    expect(report.plans[0]!.findings.length).toBeGreaterThan(0);
    const text = reportJson(report);
    expect(text).toContain('\n  "engineVersion"');
    const parsed = JSON.parse(text);
    expect(parsed.plans[0].findings[0]).not.toHaveProperty('trace');
    expect(parsed.plans[0].findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(report.plans[0]!.findings.map((f) => f.ruleId));
    expect(JSON.parse(reportJson(report, { trace: true })).plans[0].findings[0].trace).toEqual(report.plans[0]!.findings[0]!.trace);
  });

  it(`from ${COMPACT_FROM_PLANS} plans on, writes one plan per line in pieces, and parses to the same data`, async () => {
    const report = await evaluatePlans(inputs(COMPACT_FROM_PLANS + 10), library, { today, evaluatedAt: '2026-11-23T00:00:00Z' });
    expect(report.groups.length).toBeGreaterThan(0);
    const chunks = [...reportJsonChunks(report, { trace: true })];
    expect(chunks.length).toBeGreaterThan(report.plans.length);
    const text = chunks.join('');
    const planLines = text.split('\n').filter((l) => l.startsWith('    {"ref":'));
    expect(planLines).toHaveLength(report.plans.length);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
