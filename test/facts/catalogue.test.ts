import { describe, expect, it } from 'vitest';
import { deriveFacts, FACTS, NOT_KNOWN_FROM_A_REGISTER_ROW } from '../../src-engine/facts/catalogue.js';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import { PLAN_FIELDS } from '../../src-engine/model/job-plan.js';

const today = '2026-11-23';
const value = (plan: JobPlan, name: string) => deriveFacts(plan, { today }, [name])[name]!.value;

describe('derived facts', () => {
  it('every plan field is a fact of the same name, and every fact is documented', () => {
    for (const field of Object.keys(PLAN_FIELDS)) expect(FACTS.some((f) => f.name === field), field).toBe(true);
    for (const f of FACTS) expect(f.description.length, f.name).toBeGreaterThan(10);
    expect(new Set(FACTS.map((f) => f.name)).size).toBe(FACTS.length);
  });

  const plan: JobPlan = {
    contracted_pas: 10,
    attending_weeks: 42,
    activities: [
      { activity: 'Ward round', category: 'DCC', pas: 1 },
      { activity: 'Clinic A', category: 'DCC', pas: 1, frequency: '1 in 2' },
      { activity: 'Clinic B', category: 'DCC', pas: 1, frequency: 'Alternate weeks' },
      { activity: 'Theatre', category: 'DCC', pas: 5 },
      { activity: 'CPD', category: 'SPA', pas: 2 },
      { activity: 'Private clinic', category: 'Private', pas: 1 },
    ],
    annualised_activities: [{ activity: 'Appraisals', category: 'SPA', occurrences_per_year: 21, pas_per_occurrence: 1 }],
    additional_pas: [{ pas: 0.5 }],
  };

  it('weights PAs by frequency (1 PA every other week = 0.5) and spreads annualised PAs over the attending weeks', () => {
    expect(value(plan, 'dcc_pas')).toBe(7);
    expect(value(plan, 'spa_pas')).toBe(2.5); // 2 weekly + 21 × 1 ÷ 42
    expect(value(plan, 'total_pas')).toBe(9.5); // private practice is not NHS time
    expect(value(plan, 'private_pas')).toBe(1);
    expect(value(plan, 'pa_variance')).toBe(-1); // 9.5 − (10 + 0.5)
    expect(value(plan, 'pa_variance_abs')).toBe(1);
    expect(value(plan, 'spa_share')).toBeCloseTo(2.5 / 9.5, 4);
  });

  it('converts PAs and hours at 4 hours a PA for Agenda for Change plans', () => {
    const afc: JobPlan = { contracted_hours: 37.5, activities: [{ category: 'DCC', hours: 30 }, { category: 'SPA', hours: 7.5, frequency: '1 in 2' }] };
    expect(value(afc, 'total_hours')).toBe(33.75);
    expect(value(afc, 'hours_variance')).toBe(-3.75);
    expect(value(afc, 'dcc_hours')).toBe(30);
  });

  it('judges a register row on its declared totals, and a blank form as an empty timetable', () => {
    const row: JobPlan = { contracted_pas: 10, declared_dcc_pas: 7.5, declared_spa_pas: 2.5 };
    expect(value(row, 'total_pas')).toBe(10);
    expect(value(row, 'spa_pas')).toBe(2.5);
    expect(value(row, 'anr_pas')).toBe(0);
    expect(value(row, 'pa_variance')).toBe(0);
    expect(value({ contracted_pas: 10 }, 'total_pas')).toBe(0);
    expect(value({ contracted_pas: 10 }, 'pa_variance')).toBe(-10);
  });

  it('a register row does not know its objectives, statements or timetable detail: those facts are null, not "none"', () => {
    const row: JobPlan = { declared_dcc_pas: 8, declared_spa_pas: 2 };
    const asRow = (name: string) => deriveFacts(row, { today, registerRow: true }, [name])[name]!.value;
    expect(asRow('smart_personal_objectives_count')).toBeNull();
    expect(asRow('has_private_practice_statement')).toBeNull();
    expect(asRow('empty_required_sections')).toBeNull();
    expect(asRow('spa_pas')).toBe(2);
    expect(value(row, 'smart_personal_objectives_count')).toBe(0);
    for (const name of NOT_KNOWN_FROM_A_REGISTER_ROW) expect(FACTS.some((f) => f.name === name), name).toBe(true);
  });

  it('counts days between lifecycle dates, and days waiting while the later event is missing', () => {
    const p: JobPlan = { meeting_date: '2026-09-01', signed_practitioner_date: '2026-09-29' };
    expect(value(p, 'days_meeting_to_practitioner_signoff')).toBe(28);
    expect(value(p, 'days_meeting_to_manager_signoff')).toBeNull();
    expect(value(p, 'days_waiting_for_signoff')).toBe(83);
    expect(value({ ...p, signed_manager_date: '2026-09-02' }, 'days_waiting_for_signoff')).toBeNull();
    expect(value({ ...p, signed_manager_date: '2026-09-02' }, 'agreed_date')).toBe('2026-09-29');
  });

  it('counts calendar months to today, exactly 12 on the anniversary', () => {
    const agreed: JobPlan = { signed_practitioner_date: '2025-11-23', signed_manager_date: '2025-11-20' };
    expect(value(agreed, 'months_since_last_review')).toBe(12);
    expect(value({ ...agreed, signed_practitioner_date: '2025-11-22' }, 'months_since_last_review')).toBeGreaterThan(12);
  });

  it('counts only external study leave as study leave outside the SPA allowance', () => {
    const p: JobPlan = { activities: [{ activity: 'Study leave (local teaching)', category: 'SPA', pas: 0.5 }, { activity: 'External study leave', category: 'SPA', pas: 1, frequency: '1 in 4' }] };
    expect(value(p, 'spa_external_study_leave_pas')).toBe(0.25);
  });

  it('knows a medical consultant from a nurse consultant, and says nothing when the grade is missing', () => {
    expect(value({ grade: 'Consultant Psychiatrist' }, 'is_consultant')).toBe(true);
    expect(value({ grade: 'Nurse Consultant' }, 'is_consultant')).toBe(false);
    expect(value({ grade: 'Specialty Doctor' }, 'is_consultant')).toBe(false);
    expect(value({}, 'is_consultant')).toBeNull();
  });

  it('lists required sections left empty, unless a justification is recorded', () => {
    expect(value({ practitioner_name: 'Dr A', grade: 'consultant', contracted_pas: 10, meeting_date: '2026-01-01', on_call_rota: false, activities: [{ pas: 1 }], external_duties_statement: 'None', managerial_responsibilities: 'None' }, 'empty_required_sections')).toEqual(['supporting resources']);
    expect(value({ section_justification: 'New post, resources being agreed' }, 'empty_required_sections')).toEqual([]);
  });
});
