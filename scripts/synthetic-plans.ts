/**
 * Synthetic job plans for the differential test and the benchmarks: varied, and dense around the policies'
 * boundaries (day 28/29, 12 months, 1.5 SPA), with fields missing at random. Seeded, so runs repeat exactly.
 */
import { addDays, type IsoDate } from '../src-engine/model/dates.js';
import type { Activity, JobPlan } from '../src-engine/model/job-plan.js';

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    // mulberry32
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GRADES = ['consultant', 'specialty doctor', 'specialist', 'associate specialist', 'consultant psychiatrist'];
const SPECIALTIES = ['General Adult Psychiatry', 'Old Age Psychiatry', 'Paediatrics', 'Community Medicine', 'Learning Disabilities', 'CAMHS'];
const CARE_GROUPS = ['Mental Health', 'Community Services', 'Children and Families', 'Specialist Services'];
const FREQUENCIES = [null, 'Weekly', '1 in 2', '2 in 4', 'Fortnightly', '1 in 4'];
const ACTIVITIES: [string, Activity['category']][] = [
  ['Ward round', 'DCC'], ['Outpatient clinic', 'DCC'], ['MDT meeting', 'DCC'], ['Patient admin', 'DCC'], ['On-call work', 'DCC'],
  ['CPD', 'SPA'], ['Audit', 'SPA'], ['Teaching', 'SPA'], ['External study leave', 'SPA'], ['Clinical lead', 'ANR'], ['Royal College work', 'ED'], ['Other', 'Other'], ['Private clinic', 'Private'],
];

export function syntheticPlan(random: () => number, index: number, today: IsoDate = '2026-11-23'): JobPlan {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const maybe = <T>(value: T, p = 0.9): T | undefined => (random() < p ? value : undefined);
  const around = (base: number, spread: number) => base + Math.round((random() - 0.5) * 2 * spread);
  const meeting = addDays(today, -around(200, 200));
  const activities: Activity[] = Array.from({ length: 3 + Math.floor(random() * 8) }, () => {
    const [activity, category] = pick(ACTIVITIES);
    return { day: pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']), session: pick(['AM', 'PM']), activity, category: maybe(category, 0.95) ?? null, frequency: pick(FREQUENCIES), pas: pick([0.5, 1, 1, 1.5, 2]), notes: maybe('covering', 0.3) ?? null };
  });
  const plan: JobPlan = {
    plan_ref: `JP-${String(index).padStart(6, '0')}`,
    practitioner_name: `Practitioner ${index}`,
    staff_group: 'medical',
    grade: pick(GRADES),
    specialty: pick(SPECIALTIES),
    care_group: pick(CARE_GROUPS),
    contracted_pas: maybe(pick([10, 10, 10, 6, 8, 12])) ?? null,
    full_time: maybe(random() < 0.8) ?? null,
    plan_kind: pick(['annual', 'annual', 'interim', 'change'] as const),
    status: pick(['signed off', 'agreed', 'disputed', 'draft'] as const),
    meeting_date: maybe(meeting) ?? null,
    signed_practitioner_date: maybe(addDays(meeting, around(20, 12)), 0.85) ?? null,
    signed_manager_date: maybe(addDays(meeting, around(22, 12)), 0.8) ?? null,
    start_date: maybe(addDays(meeting, 30), 0.7) ?? null,
    contract_start_date: maybe(addDays(meeting, -around(40, 20)), 0.3) ?? null,
    spa_justification: maybe('agreed with AMD', 0.2) ?? null,
    on_call_rota: maybe(random() < 0.5) ?? null,
    on_call_frequency: maybe(pick([4, 6, 8, 12]), 0.6) ?? null,
    on_call_category: maybe(pick(['A', 'B'] as const), 0.6) ?? null,
    private_practice_statement: maybe('None', 0.85) ?? null,
    external_duties_statement: maybe('None', 0.85) ?? null,
    supporting_resources: maybe('Secretary 0.5 WTE', 0.85) ?? null,
    managerial_responsibilities: maybe('None', 0.85) ?? null,
    failure_to_agree_date: maybe(addDays(meeting, 10), 0.1) ?? null,
    md_referral_date: maybe(addDays(meeting, 10 + around(14, 3)), 0.1) ?? null,
    md_meeting_date: maybe(addDays(meeting, 24 + around(28, 4)), 0.08) ?? null,
    mediation_outcome_date: maybe(addDays(meeting, 60), 0.08) ?? null,
    appeal_lodged_date: maybe(addDays(meeting, 60 + around(14, 3)), 0.06) ?? null,
    appeal_panel_date: maybe(addDays(meeting, 74 + around(28, 4)), 0.05) ?? null,
    panel_recommendation_date: maybe(addDays(meeting, 102 + around(14, 3)), 0.04) ?? null,
    panel_chair: maybe('Chair', 0.05) ?? null,
    panel_member_appellant: maybe('Member', 0.05) ?? null,
    panel_member_approved_list: maybe('Member', 0.04) ?? null,
    activities,
    annualised_activities: random() < 0.3 ? [{ activity: 'Appraisals', category: 'SPA', occurrences_per_year: pick([10, 21, 42]), pas_per_occurrence: 1 }] : [],
    additional_pas: random() < 0.2 ? [{ pas: pick([1, 2]), reason: 'Waiting list', agreed_by: pick(['AMD', 'Clinical Director']), start_date: meeting, end_date: maybe(addDays(meeting, around(365, 20))) ?? null, fixed_term_contract: random() < 0.5 }] : [],
    objectives: [
      ...(random() < 0.8 ? [{ kind: 'personal' as const, objective: 'Improve clinic letters', measure: maybe('Audit', 0.8) ?? null, due_date: maybe(addDays(meeting, 300), 0.8) ?? null }] : []),
      ...(random() < 0.8 ? [{ kind: 'service' as const, objective: 'Reduce waiting times' }] : []),
    ],
  };
  // Pay, banding, flexible working and template fields, so the register and Welsh rules are exercised too.
  Object.assign(plan, {
    organisation: pick(['Cumbria Partnership NHS Foundation Trust', 'Swansea Bay University Health Board', undefined]),
    team: pick(['North', 'South', 'East']),
    intensity_band: maybe(pick(['Band 1', 'Band 2', 'Band 3']), 0.5),
    intensity_band_paid: maybe(pick(['Band 1', 'Band 2', 'Band 3']), 0.5),
    pas_paid: maybe(pick([10, 10, 10, 10.5, 9.5, 6, 12]), 0.6),
    flexible_working: maybe(random() < 0.2, 0.7),
    flexible_working_review_date: maybe(addDays(meeting, 180), 0.5),
    practitioner_name: maybe(plan.practitioner_name, 0.95),
  });
  if (plan.objectives && plan.objectives.length > 0 && random() < 0.6) plan.objectives = plan.objectives.map((o) => ({ ...o, linked_activity: activities[0]!.activity ?? null }));
  for (const a of activities) if (random() < 0.9) a.location = pick(['Westmorland General', 'Community base', 'Home visits']);
  if (random() < 0.3) toNonMedical(plan, random, pick, maybe);
  // Drop the nulls, as a reader would leave the fields out.
  return Object.fromEntries(Object.entries(plan).filter(([, v]) => v !== null && v !== undefined)) as JobPlan;
}

const AHP_ACTIVITIES: [string, Activity['category']][] = [
  ['Clinic', 'DCC'], ['Home visit', 'DCC'], ['Ward', 'DCC'], ['Patient related administration', 'DCC'], ['Group therapy', 'DCC'],
  ['CPD', 'SPA'], ['Supervision', 'SPA'], ['Audit', 'SPA'], ['Service development', 'ANR'], ['Union duties', 'ED'], ['Other', 'Other'], ['Tea break', 'DCC'],
];

/** Turns a synthetic plan into an Agenda for Change plan in hours (the NHS England pack's territory). */
function toNonMedical(plan: JobPlan, random: () => number, pick: <T>(xs: readonly T[]) => T, maybe: <T>(v: T, p?: number) => T | undefined): void {
  plan.staff_group = 'non-medical';
  plan.grade = pick(['Physiotherapist', 'Occupational Therapist', 'Dietitian', 'Pharmacist']);
  plan.band = pick(['Band 5', 'Band 6', 'Band 7', 'Band 8a']);
  plan.contracted_hours = maybe(pick([37.5, 37.5, 30, 22.5]), 0.95) ?? null;
  delete plan.contracted_pas;
  plan.template_dcc_share = maybe(pick([0.7, 0.75, 0.8]), 0.6) ?? null;
  plan.variance_note = maybe('Covers a vacancy', 0.2) ?? null;
  const hours = [7.5, 7.5, 3.75, 3.75, 7.5, 3.75, 2, 1.5];
  plan.activities = Array.from({ length: 4 + Math.floor(random() * 5) }, (_, i) => {
    const [activity, category] = pick(AHP_ACTIVITIES);
    return { day: pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']), activity, category: maybe(category, 0.95) ?? null, hours: hours[i % hours.length]!, location: maybe('Community base', 0.9) ?? null };
  });
}
