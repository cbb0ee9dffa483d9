import { describe, expect, it } from 'vitest';
import type { PlanInput } from '../../src-engine/evaluate/evaluate.js';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import { findDuplicatePlans } from '../../src-engine/report/duplicate-plans.js';

const input = (source: string, plan: JobPlan, kind: PlanInput['kind'] = 'plan'): PlanInput => ({ plan, cells: {}, source, kind });
const signed = (ref: string, date: string): JobPlan => ({ plan_ref: ref, meeting_date: date, signed_practitioner_date: date, signed_manager_date: date });

describe('plans found in more than one file', () => {
  it('counts the copy agreed most recently, and warns once per reference naming every file', () => {
    const inputs = [input('a.xlsx', signed('P1', '2026-01-01')), input('reg.xlsx', signed('P1', '2026-05-01'), 'register-row'), input('reg.xlsx', signed('P2', '2026-01-01'), 'register-row')];
    const d = findDuplicatePlans(inputs, ['P1', 'P1', 'P2']);
    expect(d.countInGroups).toEqual([false, true, true]);
    expect(d.diagnostics).toHaveLength(1);
    expect(d.diagnostics[0]!.message).toBe('plan P1 is in 2 files: a.xlsx, reg.xlsx. Each copy is checked; the register rules count it once, using the copy in reg.xlsx (agreed most recently).');
  });

  it('prefers a full job plan to a register row agreed the same day', () => {
    const inputs = [input('reg.xlsx', signed('P1', '2026-05-01'), 'register-row'), input('p1.xlsx', signed('P1', '2026-05-01'))];
    expect(findDuplicatePlans(inputs, ['P1', 'P1']).countInGroups).toEqual([false, true]);
  });

  it('leaves alone a reference repeated within one file, and plans named only by practitioner', () => {
    const inputs = [input('reg.xlsx', signed('P1', '2026-05-01'), 'register-row'), input('reg.xlsx', signed('P1', '2026-06-01'), 'register-row'),
      input('a.xlsx', { practitioner_name: 'Dr A' }), input('b.xlsx', { practitioner_name: 'Dr A' })];
    const d = findDuplicatePlans(inputs, ['P1', 'P1', 'Dr A', 'Dr A']);
    expect(d.countInGroups).toEqual([true, true, true, true]);
    expect(d.diagnostics).toEqual([]);
  });
});
