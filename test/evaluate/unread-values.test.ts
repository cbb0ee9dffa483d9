/**
 * Values a workbook should hold but jobplan could not read (a register without sign-off columns, a cell it could not
 * read): the plan rules and the register rules built on them are "not judged", never counted as failing or passing.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluatePlans, type PlanInput } from '../../src-engine/evaluate/evaluate.js';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import { loadPolicyFiles } from '../../src-engine/node/load-policy-files.js';
import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';
import type { UnreadValue } from '../../src-engine/workbook/extract-context.js';

const files = loadPolicyFiles([join(import.meta.dirname, '..', '..', 'policies')]);
const library = loadPolicyLibrary(files.policies, files.config);
const policy = { id: 'nhse-non-medical-job-planning' };
const TODAY = '2026-11-23';

const base: JobPlan = { staff_group: 'non-medical', grade: 'Physiotherapist', organisation: 'Example NHS Trust', team: 'MSK', profession: 'Physiotherapy', contracted_hours: 37.5 };
const noColumn = (field: string): UnreadValue => ({ key: field, cell: null, reason: `the register has no column for ${field.replace(/_/g, ' ')}` });
const SIGN_OFF_MISSING = ['meeting_date', 'signed_practitioner_date', 'signed_manager_date'].map(noColumn);

function row(ref: string, plan: Partial<JobPlan>, unread: readonly UnreadValue[] = []): PlanInput {
  return { plan: { ...base, plan_ref: ref, ...plan }, cells: {}, source: 'register.csv', kind: 'register-row', unread };
}

describe('values that could not be read', () => {
  it('a register with no sign-off columns: "active" is not judged on each plan (approval needs both signatures, so no one of them alone decides it)', async () => {
    const report = await evaluatePlans([row('A', {}, SIGN_OFF_MISSING), row('B', {}, SIGN_OFF_MISSING)], library, { today: TODAY, policy });
    for (const plan of report.plans) {
      const active = plan.findings.find((f) => f.ruleId === 'active.approved-12-months');
      expect(active?.severity, plan.ref).toBe('warning');
      expect(active?.notJudged?.reasons).toContain('the register has no column for signed practitioner date');
    }
  });

  it('the register rules do not count such plans as inactive: the group is not judged, naming the plans and why', async () => {
    const report = await evaluatePlans([row('A', {}, SIGN_OFF_MISSING), row('B', {}, SIGN_OFF_MISSING)], library, { today: TODAY, policy });
    const rate = report.groups.filter((g) => g.ruleId === 'register.active-plan-rate');
    expect(rate).toHaveLength(1);
    expect(rate[0]!).toMatchObject({ severity: 'warning', offenders: [{ ref: 'A' }, { ref: 'B' }], notJudged: { reasons: expect.arrayContaining(['the register has no column for signed manager date']) } });
    expect(rate[0]!.message).toMatch(/^Not judged for team MSK: .* None of its 2 plans can be counted \(A; B\)\.$/);
    expect(report.groups.some((g) => /\b0 of 2\b/.test(g.message))).toBe(false);
  });

  it('one unreadable plan makes its group not judged; a group whose plans were all read is judged as before', async () => {
    const signed = { meeting_date: '2026-06-01', signed_practitioner_date: '2026-06-02', signed_manager_date: '2026-06-03' };
    const report = await evaluatePlans([
      row('A', signed), row('B', { ...signed, signed_manager_date: null }, [noColumn('signed_manager_date')]),
      row('C', { team: 'Neuro' }), row('D', { team: 'Neuro' }),
    ], library, { today: TODAY, policy });
    const rate = report.groups.filter((g) => g.ruleId === 'register.active-plan-rate');
    const msk = rate.find((g) => g.group.label === 'team MSK');
    expect(msk?.notJudged).toBeDefined();
    expect(msk?.message).toContain('1 of its 2 plans cannot be counted (B)');
    // Neuro's two plans record no sign-off at all (blank cells, read): not active, and said so.
    const neuro = rate.find((g) => g.group.label === 'team Neuro');
    expect(neuro?.notJudged).toBeUndefined();
    expect(neuro?.message).toContain('0 of 2');
  });
});
