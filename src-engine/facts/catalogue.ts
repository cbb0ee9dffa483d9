/**
 * The fact catalogue: every fact a policy rule may name, with its type, unit and meaning.
 * Each plan field is a fact of the same name; the derived facts below add the arithmetic and date spans
 * the policies need. A rule naming anything else is a compile error (policy_unknown_fact).
 *
 * Date spans come in two kinds, because the policies treat them differently:
 *  - `days_<a>_to_<b>`: both events happened; the days between them.
 *  - `days_waiting_for_<b>`: <a> happened and <b> has not yet; the days from <a> to today.
 * A step that is mandatory once its predecessor happened (sign-off after the meeting, the panel after an
 * appeal) is checked with both; an optional step (an appeal) only with the first.
 */
import { addMonths, daysBetween, monthsBetween, type IsoDate } from '../model/dates.js';
import { PLAN_FIELDS, type Category, type FieldSpec, type JobPlan, type PlanFieldName } from '../model/job-plan.js';
import type { DeriveContext, FactResult, FactSpec, FactType } from './fact.js';
import { isNhsTime, round, weightedItems, type WeightedItem } from './plan-arithmetic.js';

const fact = (spec: FactSpec): FactSpec => spec;
const result = (value: FactResult['value'], sources: readonly string[]): FactResult => ({ value, sources });

function fieldFactType(spec: FieldSpec): FactType {
  switch (spec.type.kind) {
    case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'date': return 'date';
    default: return 'string';
  }
}

/** Every plan field is a fact of the same name. */
const fieldFacts: FactSpec[] = (Object.entries(PLAN_FIELDS) as [PlanFieldName, FieldSpec][]).map(([name, spec]) => ({
  name,
  type: fieldFactType(spec),
  ...(spec.type.kind === 'number' && /pas/i.test(name) ? { unit: 'PA' } : {}),
  description: spec.description,
  derive: (plan) => result((plan[name] as FactResult['value'] | undefined) ?? null, [name]),
}));

/**
 * A plan with no timetable rows that declares totals (a register row) is judged on those totals; a plan with
 * neither is judged on its empty timetable (0 PAs), which is what a blank form means.
 */
export function hasTimetable(plan: JobPlan): boolean {
  if ((plan.activities?.length ?? 0) + (plan.annualised_activities?.length ?? 0) > 0) return true;
  return ![...DECLARED_PAS, ...DECLARED_HOURS].some((f) => typeof plan[f] === 'number');
}

function pasFact(name: string, description: string, keep: (item: WeightedItem) => boolean, unit: 'PA' | 'hours' = 'PA', declared?: PlanFieldName): FactSpec {
  return fact({
    name,
    type: 'number',
    unit,
    description: declared ? `${description} Without a timetable: the declared ${PLAN_FIELDS[declared].label}.` : description,
    derive: (plan) => {
      if (declared && !hasTimetable(plan)) return result((plan[declared] as number | null | undefined) ?? 0, [declared]);
      const items = weightedItems(plan).filter(keep);
      const total = items.reduce((sum, i) => sum + (unit === 'PA' ? i.pas : i.hours), 0);
      return result(round(total), items.flatMap((i) => i.sources));
    },
  });
}

const DECLARED_PAS: readonly PlanFieldName[] = ['declared_dcc_pas', 'declared_spa_pas', 'declared_anr_pas', 'declared_ed_pas'];
const DECLARED_HOURS: readonly PlanFieldName[] = ['declared_dcc_hours', 'declared_spa_hours', 'declared_anr_hours', 'declared_ed_hours'];

/** Sum of declared totals, or null when none is declared. */
function declaredSum(plan: JobPlan, fields: readonly PlanFieldName[]): number | null {
  const values = fields.map((f) => plan[f] as number | null | undefined).filter((v): v is number => typeof v === 'number');
  return values.length > 0 ? round(values.reduce((a, b) => a + b, 0)) : null;
}

const inCategory = (category: Category) => (item: WeightedItem) => item.category === category;
// Only external study leave: CPFT §7.2.1 allows "some study leave" within SPA and excludes external study leave.
const EXTERNAL_STUDY_LEAVE = /\bexternal\s+study\s+leave\b/i;
const ON_CALL = /\bon[\s-]?call\b/i;
const OTHER = /^\s*other\b/i;
const AMD = /\b(AMD|associate medical director)\b/i;
const NON_MEDICAL_CONSULTANT = /\b(nurse|nursing|midwife|midwifery|therapist|psychologist|pharmacist|physiotherapist|AHP|healthcare scientist)\b/i;

function apaSum(plan: JobPlan): number {
  if ((plan.additional_pas ?? []).length === 0 && typeof plan.declared_apa_pas === 'number') return plan.declared_apa_pas;
  return round((plan.additional_pas ?? []).reduce((s, r) => s + (r.pas ?? 0), 0));
}

/** NHS PAs a week; null for a plan with neither a timetable nor declared totals. */
function totalPas(plan: JobPlan): number | null {
  if (!hasTimetable(plan)) return declaredSum(plan, DECLARED_PAS);
  return round(weightedItems(plan).filter(isNhsTime).reduce((s, i) => s + i.pas, 0));
}

function totalHours(plan: JobPlan): number | null {
  if (!hasTimetable(plan)) return declaredSum(plan, DECLARED_HOURS);
  return round(weightedItems(plan).filter(isNhsTime).reduce((s, i) => s + i.hours, 0));
}

function allSources(plan: JobPlan): string[] {
  if (!hasTimetable(plan)) return [...DECLARED_PAS];
  return weightedItems(plan).filter(isNhsTime).flatMap((i) => i.sources);
}

/** The date both parties had signed: the later signature, or null while either is missing. */
export function agreedDate(plan: JobPlan): IsoDate | null {
  const a = plan.signed_practitioner_date;
  const b = plan.signed_manager_date;
  if (!a || !b) return null;
  return a > b ? a : b;
}

function daysBetweenFields(name: string, from: PlanFieldName, to: PlanFieldName, description: string): FactSpec {
  return fact({
    name,
    type: 'number',
    unit: 'days',
    description: `${description} Null unless both dates are recorded.`,
    derive: (plan) => {
      const a = plan[from] as IsoDate | null | undefined;
      const b = plan[to] as IsoDate | null | undefined;
      return result(a && b ? daysBetween(a, b) : null, [from, to]);
    },
  });
}

function daysWaiting(name: string, from: PlanFieldName, awaited: PlanFieldName, description: string): FactSpec {
  return fact({
    name,
    type: 'number',
    unit: 'days',
    description: `${description} Null once it has happened, or if the earlier date is not recorded.`,
    derive: (plan, ctx) => {
      const a = plan[from] as IsoDate | null | undefined;
      const b = plan[awaited];
      return result(a && !b ? daysBetween(a, ctx.today) : null, [from, awaited]);
    },
  });
}

function rowCount<R>(name: string, description: string, rows: (plan: JobPlan) => readonly R[], list: string, keep: (row: R) => boolean, fields: readonly string[]): FactSpec {
  return fact({
    name,
    type: 'number',
    unit: 'rows',
    description,
    derive: (plan) => {
      const hits = rows(plan).map((row, i) => ({ row, i })).filter(({ row }) => keep(row));
      // With no matching row, point at the list itself (its header row), where a row should be added.
      return result(hits.length, hits.length > 0 ? hits.flatMap(({ i }) => fields.map((f) => `${list}[${i}].${f}`)) : [list]);
    },
  });
}

const present = (v: unknown): boolean => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '');

/** Sections CPFT §7.2 and §7.6.5 expect in every plan (objectives and private practice have rules of their own). */
const REQUIRED_SECTIONS: readonly { name: string; sources: readonly string[]; filled: (plan: JobPlan) => boolean }[] = [
  { name: 'practitioner name', sources: ['practitioner_name'], filled: (p) => present(p.practitioner_name) },
  { name: 'grade', sources: ['grade'], filled: (p) => present(p.grade) },
  { name: 'contracted PAs or hours', sources: ['contracted_pas', 'contracted_hours'], filled: (p) => present(p.contracted_pas) || present(p.contracted_hours) },
  { name: 'job plan meeting date', sources: ['meeting_date'], filled: (p) => present(p.meeting_date) },
  { name: 'timetable', sources: ['activities'], filled: (p) => (p.activities ?? []).length > 0 },
  { name: 'on-call (Yes or No)', sources: ['on_call_rota'], filled: (p) => present(p.on_call_rota) },
  { name: 'supporting resources', sources: ['supporting_resources'], filled: (p) => present(p.supporting_resources) },
  { name: 'external duties statement', sources: ['external_duties_statement'], filled: (p) => present(p.external_duties_statement) },
  { name: 'managerial responsibilities', sources: ['managerial_responsibilities'], filled: (p) => present(p.managerial_responsibilities) },
];

const derivedFacts: FactSpec[] = [
  fact({ name: 'today', type: 'date', description: 'The evaluation date (--today): overdue checks count to it.', derive: (_p, ctx) => result(ctx.today, []) }),
  // PAs
  fact({ name: 'total_pas', type: 'number', unit: 'PA', description: 'NHS PAs a week: timetabled PAs weighted by frequency plus annualised PAs spread over the attending weeks; private practice excluded. Without a timetable: the sum of the declared DCC/SPA/ANR/ED PAs (null if none).', derive: (p) => result(totalPas(p), allSources(p)) }),
  pasFact('dcc_pas', 'Direct Clinical Care PAs a week (frequency-weighted, annualised included).', inCategory('DCC'), 'PA', 'declared_dcc_pas'),
  pasFact('spa_pas', 'Supporting Professional Activities PAs a week (frequency-weighted, annualised included).', inCategory('SPA'), 'PA', 'declared_spa_pas'),
  pasFact('anr_pas', 'Additional NHS Responsibilities PAs a week.', inCategory('ANR'), 'PA', 'declared_anr_pas'),
  pasFact('ed_pas', 'External Duties PAs a week.', inCategory('ED'), 'PA', 'declared_ed_pas'),
  pasFact('dcc_hours', 'Direct Clinical Care hours a week (frequency-weighted, annualised included).', inCategory('DCC'), 'hours', 'declared_dcc_hours'),
  pasFact('spa_hours', 'SPA hours a week (frequency-weighted, annualised included).', inCategory('SPA'), 'hours', 'declared_spa_hours'),
  pasFact('anr_hours', 'ANR hours a week.', inCategory('ANR'), 'hours', 'declared_anr_hours'),
  pasFact('ed_hours', 'External Duties hours a week.', inCategory('ED'), 'hours', 'declared_ed_hours'),
  pasFact('other_category_pas', 'PAs a week in activities categorised Other.', inCategory('Other')),
  pasFact('uncategorised_pas', 'PAs a week in activities with no category.', (i) => i.category === null),
  pasFact('private_pas', 'Private practice PAs a week (recorded, not counted in total_pas).', inCategory('Private')),
  pasFact('spa_external_study_leave_pas', 'SPA PAs a week given to external study leave (CPFT §7.2.1 excludes it from the SPA allowance).', (i) => i.category === 'SPA' && EXTERNAL_STUDY_LEAVE.test(`${i.activity} ${i.notes}`)),
  pasFact('on_call_activity_pas', 'PAs a week in timetabled activities described as on-call work.', (i) => ON_CALL.test(i.activity)),
  fact({ name: 'apa_pas', type: 'number', unit: 'PA', description: 'Additional PAs a week (sum of the Additional PAs rows).', derive: (p) => result(apaSum(p), (p.additional_pas ?? []).map((_r, i) => `additional_pas[${i}].pas`)) }),
  fact({
    name: 'pa_variance', type: 'number', unit: 'PA',
    description: 'total_pas − (contracted_pas + apa_pas): positive when more is scheduled than contracted. Null without contracted PAs.',
    derive: (p) => { const t = totalPas(p); return result(p.contracted_pas == null || t === null ? null : round(t - p.contracted_pas - apaSum(p)), ['contracted_pas', ...allSources(p)]); },
  }),
  fact({
    name: 'pa_variance_abs', type: 'number', unit: 'PA',
    description: 'The size of pa_variance, whichever way it goes.',
    derive: (p) => { const t = totalPas(p); return result(p.contracted_pas == null || t === null ? null : Math.abs(round(t - p.contracted_pas - apaSum(p))), ['contracted_pas', ...allSources(p)]); },
  }),
  fact({
    name: 'spa_share', type: 'number', unit: 'ratio',
    description: 'spa_pas ÷ total_pas (0 to 1). Null when nothing is scheduled.',
    derive: (p) => {
      const t = totalPas(p);
      const spa = hasTimetable(p) ? weightedItems(p).filter(inCategory('SPA')).reduce((s, i) => s + i.pas, 0) : (p.declared_spa_pas ?? null);
      return result(t !== null && t > 0 && spa !== null ? round(spa / t) : null, allSources(p));
    },
  }),
  fact({
    name: 'is_consultant', type: 'boolean',
    description: 'The grade names a medical consultant (not a nurse or other non-medical consultant). Null when no grade is recorded.',
    derive: (p) => result(p.grade ? /\bconsultant\b/i.test(p.grade) && !NON_MEDICAL_CONSULTANT.test(p.grade) : null, ['grade']),
  }),
  fact({
    name: 'is_full_time', type: 'boolean',
    description: 'Full time as recorded, else contracted PAs ≥ 10 (or hours ≥ 37.5). Null when neither is known.',
    derive: (p) => result(p.full_time ?? (p.contracted_pas != null ? p.contracted_pas >= 10 : p.contracted_hours != null ? p.contracted_hours >= 37.5 : null), ['full_time', 'contracted_pas']),
  }),
  // Hours (Agenda for Change)
  fact({ name: 'total_hours', type: 'number', unit: 'hours', description: 'Planned hours a week (frequency-weighted, annualised included); private practice excluded. Without a timetable: the sum of the declared hours (null if none).', derive: (p) => result(totalHours(p), hasTimetable(p) ? allSources(p) : [...DECLARED_HOURS]) }),
  fact({
    name: 'hours_variance', type: 'number', unit: 'hours',
    description: 'total_hours − contracted_hours. Null without contracted hours.',
    derive: (p) => { const t = totalHours(p); return result(p.contracted_hours == null || t === null ? null : round(t - p.contracted_hours), ['contracted_hours', ...(hasTimetable(p) ? allSources(p) : DECLARED_HOURS)]); },
  }),
  // Activities
  fact({ name: 'activity_count', type: 'number', unit: 'rows', description: 'Timetable rows.', derive: (p) => result((p.activities ?? []).length, ['activities']) }),
  rowCount('other_activities_without_notes', "Activities described or categorised as 'other' with no notes saying what they are.", (p) => p.activities ?? [], 'activities', (a) => (OTHER.test(a.activity ?? '') || a.category === 'Other') && !present(a.notes), ['activity', 'notes']),
  rowCount('uncategorised_activity_count', 'Timetable rows with no category.', (p) => p.activities ?? [], 'activities', (a) => !present(a.category), ['category']),
  // Additional PAs
  fact({ name: 'apa_count', type: 'number', unit: 'rows', description: 'Rows of additional PAs.', derive: (p) => result((p.additional_pas ?? []).length, ['additional_pas']) }),
  rowCount('apa_without_end_date_count', 'Additional PA rows with no end date.', (p) => p.additional_pas ?? [], 'additional_pas', (r) => !present(r.end_date), ['end_date']),
  fact({
    name: 'apa_longest_months', type: 'number', unit: 'months',
    description: 'The longest agreed duration of any additional PA row, start to end, in calendar months. Null when no row has both dates.',
    derive: (p) => {
      const rows = (p.additional_pas ?? []).map((r, i) => ({ r, i })).filter(({ r }) => r.start_date && r.end_date);
      if (rows.length === 0) return result(null, []);
      const spans = rows.map(({ r, i }) => ({ i, months: monthsBetween(r.start_date!, r.end_date!) }));
      const longest = spans.reduce((a, b) => (b.months > a.months ? b : a));
      return result(longest.months, [`additional_pas[${longest.i}].start_date`, `additional_pas[${longest.i}].end_date`]);
    },
  }),
  rowCount('apa_without_amd_agreement_count', 'Additional PA rows whose "agreed by" does not name the Associate Medical Director (AMD).', (p) => p.additional_pas ?? [], 'additional_pas', (r) => !AMD.test(r.agreed_by ?? ''), ['agreed_by']),
  rowCount('apa_without_contract_count', 'Additional PA rows without a recorded fixed-term contract.', (p) => p.additional_pas ?? [], 'additional_pas', (r) => r.fixed_term_contract !== true, ['fixed_term_contract']),
  fact({
    name: 'apa_expired_count', type: 'number', unit: 'rows',
    description: 'Additional PA rows whose end date has passed (before today).',
    derive: (p, ctx) => {
      const hits = (p.additional_pas ?? []).map((r, i) => ({ r, i })).filter(({ r }) => r.end_date && r.end_date < ctx.today);
      return result(hits.length, hits.map(({ i }) => `additional_pas[${i}].end_date`));
    },
  }),
  // Objectives
  rowCount('personal_objectives_count', 'Personal objectives.', (p) => p.objectives ?? [], 'objectives', (o) => o.kind === 'personal', ['objective']),
  rowCount('smart_personal_objectives_count', 'Personal objectives with text, a measure and a due date.', (p) => p.objectives ?? [], 'objectives', (o) => o.kind === 'personal' && present(o.objective) && present(o.measure) && present(o.due_date), ['objective']),
  rowCount('service_objectives_count', 'Service objectives.', (p) => p.objectives ?? [], 'objectives', (o) => o.kind === 'service' && present(o.objective), ['objective']),
  rowCount('objectives_not_smart_count', 'Objectives missing a measure or a due date.', (p) => p.objectives ?? [], 'objectives', (o) => !present(o.measure) || !present(o.due_date), ['measure', 'due_date']),
  // Statements and sections
  fact({ name: 'has_private_practice_statement', type: 'boolean', description: 'A private practice / fee-paying work statement is recorded ("None" counts).', derive: (p) => result(present(p.private_practice_statement), ['private_practice_statement']) }),
  fact({
    name: 'empty_required_sections', type: 'list',
    description: 'Required sections (CPFT §7.2, §7.6.5) left empty. Empty when a justification for empty sections is recorded.',
    derive: (p) => {
      const empty = REQUIRED_SECTIONS.filter((s) => !s.filled(p));
      if (present(p.section_justification)) return result([], ['section_justification']);
      return result(empty.map((s) => s.name), [...empty.flatMap((s) => s.sources), 'section_justification']);
    },
  }),
  // Sign-off and lifecycle
  daysBetweenFields('days_meeting_to_practitioner_signoff', 'meeting_date', 'signed_practitioner_date', 'Days from the job plan meeting to the practitioner\'s signature.'),
  daysBetweenFields('days_meeting_to_manager_signoff', 'meeting_date', 'signed_manager_date', 'Days from the job plan meeting to the clinical manager\'s signature.'),
  fact({
    name: 'days_waiting_for_signoff', type: 'number', unit: 'days',
    description: 'Days from the job plan meeting to today while either signature is missing. Null once both have signed.',
    derive: (p, ctx) => result(p.meeting_date && (!p.signed_practitioner_date || !p.signed_manager_date) ? daysBetween(p.meeting_date, ctx.today) : null, ['meeting_date', 'signed_practitioner_date', 'signed_manager_date']),
  }),
  fact({ name: 'agreed_date', type: 'date', description: 'The date the plan was agreed: the later of the two signatures; null until both have signed.', derive: (p) => result(agreedDate(p), ['signed_practitioner_date', 'signed_manager_date']) }),
  fact({
    name: 'reference_date', type: 'date',
    description: 'The date that selects the policy version: the plan start date, else the meeting date.',
    derive: (p) => result(p.start_date ?? p.meeting_date ?? null, ['start_date', 'meeting_date']),
  }),
  fact({
    name: 'months_since_last_review', type: 'number', unit: 'months',
    description: 'Calendar months from the last review (the agreed date, else the meeting date) to today; exactly 12.0 on the anniversary.',
    derive: (p, ctx) => { const d = agreedDate(p) ?? p.meeting_date; return result(d ? monthsBetween(d, ctx.today) : null, ['signed_practitioner_date', 'signed_manager_date', 'meeting_date']); },
  }),
  fact({ name: 'months_since_start', type: 'number', unit: 'months', description: 'Calendar months from the plan start date to today.', derive: (p, ctx) => result(p.start_date ? monthsBetween(p.start_date, ctx.today) : null, ['start_date']) }),
  fact({
    name: 'months_start_in_post_to_agreement', type: 'number', unit: 'months',
    description: 'Calendar months from the practitioner\'s start in post to the plan\'s agreement (or to today while unsigned).',
    derive: (p, ctx) => result(p.contract_start_date ? monthsBetween(p.contract_start_date, agreedDate(p) ?? ctx.today) : null, ['contract_start_date', 'signed_practitioner_date', 'signed_manager_date']),
  }),
  daysBetweenFields('days_start_in_post_to_meeting', 'contract_start_date', 'meeting_date', 'Days from the start in post to the job plan meeting (negative when the meeting came first).'),
  fact({ name: 'days_to_review_date', type: 'number', unit: 'days', description: 'Days from today to the next review date (negative once passed).', derive: (p, ctx) => result(p.review_date ? daysBetween(ctx.today, p.review_date) : null, ['review_date']) }),
  fact({ name: 'plan_in_dispute', type: 'boolean', description: 'The plan is disputed: status "disputed" or a failure-to-agree date is recorded.', derive: (p) => result(p.status === 'disputed' || present(p.failure_to_agree_date), ['status', 'failure_to_agree_date']) }),
  // Disputes and appeals
  daysBetweenFields('days_failure_to_agree_to_md_referral', 'failure_to_agree_date', 'md_referral_date', 'Days from the failure to agree to the written referral to the Medical Director.'),
  daysBetweenFields('days_md_referral_to_md_meeting', 'md_referral_date', 'md_meeting_date', 'Days from the referral to the Medical Director\'s meeting.'),
  daysWaiting('days_waiting_for_md_meeting', 'md_referral_date', 'md_meeting_date', 'Days from the referral to today while no Medical Director meeting is recorded.'),
  daysBetweenFields('days_mediation_outcome_to_appeal_lodged', 'mediation_outcome_date', 'appeal_lodged_date', 'Days from the mediation outcome to the written appeal.'),
  daysBetweenFields('days_appeal_lodged_to_panel', 'appeal_lodged_date', 'appeal_panel_date', 'Days from the written appeal to the appeal panel hearing.'),
  daysWaiting('days_waiting_for_appeal_panel', 'appeal_lodged_date', 'appeal_panel_date', 'Days from the written appeal to today while no panel hearing is recorded.'),
  daysBetweenFields('days_panel_to_recommendation', 'appeal_panel_date', 'panel_recommendation_date', 'Days from the panel hearing to its recommendation.'),
  daysWaiting('days_waiting_for_panel_recommendation', 'appeal_panel_date', 'panel_recommendation_date', 'Days from the panel hearing to today while no recommendation is recorded.'),
  fact({
    name: 'appeal_panel_missing_members', type: 'list',
    description: 'Which of the three appeal panel members (CPFT §7.8.10) are not recorded, once an appeal is lodged or a panel has met.',
    derive: (p) => {
      if (!present(p.appeal_lodged_date) && !present(p.appeal_panel_date)) return result([], ['appeal_lodged_date', 'appeal_panel_date']);
      const members: [string, PlanFieldName][] = [
        ['chair nominated by the employer', 'panel_chair'],
        ['member nominated by the appellant', 'panel_member_appellant'],
        ['member from the approved list', 'panel_member_approved_list'],
      ];
      const missing = members.filter(([, f]) => !present(p[f]));
      return result(missing.map(([label]) => label), missing.length > 0 ? missing.map(([, f]) => f) : members.map(([, f]) => f));
    },
  }),
];

// ── Facts for the Wales consultant pack (Swansea Bay 2025) and the NHS England non-medical toolkit (2022) ──────

/** The last review: the agreed date, else the meeting date (the same date months_since_last_review counts from). */
function lastReviewDate(plan: JobPlan): IsoDate | null {
  return agreedDate(plan) ?? plan.meeting_date ?? null;
}
const LAST_REVIEW_SOURCES = ['signed_practitioner_date', 'signed_manager_date', 'meeting_date'] as const;

/** PAs a week in one category: the timetable's, or the declared total of a plan without a timetable (as dcc_pas etc.). */
function categoryPas(plan: JobPlan, category: Category, declared: PlanFieldName): number {
  if (!hasTimetable(plan)) return (plan[declared] as number | null | undefined) ?? 0;
  return round(weightedItems(plan).filter(inCategory(category)).reduce((s, i) => s + i.pas, 0));
}

function categoryHours(plan: JobPlan, category: Category, declared: PlanFieldName): number {
  if (!hasTimetable(plan)) return (plan[declared] as number | null | undefined) ?? 0;
  return round(weightedItems(plan).filter(inCategory(category)).reduce((s, i) => s + i.hours, 0));
}

/** Sources of the hours facts: the timetable rows, or the declared hours of a plan without a timetable. */
function hoursSources(plan: JobPlan): string[] {
  return hasTimetable(plan) ? allSources(plan) : [...DECLARED_HOURS];
}

/**
 * An intensity band label reduced to what identifies it: lower case, without the word "band" (or "intensity" /
 * "frequency"), anything in brackets, spaces and punctuation. "Band 2", "band 2" and "2 (5%)" are all "2".
 */
function bandKey(label: string): string {
  return label.toLowerCase().replace(/\([^)]*\)/g, ' ').replace(/\b(intensity|frequency|on[\s-]?call|band)\b/g, ' ').replace(/[^a-z0-9]/g, '');
}

/** A band's place in the order of bands: the first number in its label, else low / medium / high as 1 / 2 / 3. */
function bandLevel(label: string): number | null {
  const stripped = label.replace(/\([^)]*\)/g, ' ');
  const n = /\d+(?:\.\d+)?/.exec(stripped);
  if (n) return Number(n[0]);
  const word = /\b(low|medium|high)\b/i.exec(stripped);
  return word ? ({ low: 1, medium: 2, high: 3 } as Record<string, number>)[word[1]!.toLowerCase()] ?? null : null;
}

/** Paid band level minus planned band level; null unless both labels are recorded and have a level. */
function bandLevelDifference(plan: JobPlan): number | null {
  const a = plan.intensity_band;
  const b = plan.intensity_band_paid;
  if (!present(a) || !present(b)) return null;
  const planned = bandLevel(a!);
  const paid = bandLevel(b!);
  return planned === null || paid === null ? null : round(paid - planned);
}

function pasPaidVariance(plan: JobPlan): number | null {
  const t = totalPas(plan);
  return plan.pas_paid == null || t === null ? null : round(plan.pas_paid - t);
}

/** Text compared as words: lower case, "&" as "and", apostrophes dropped ("arm's" = "arms"), other punctuation as spaces. */
function words(text: string): string {
  return text.toLowerCase().replace(/&/g, ' and ').replace(/['’]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * The names an activity answers to, as words: its whole name, its type (the part before a ':', ' - ', ' – ' or '(')
 * and the detail after it. "Outpatient activities: MSK clinic" answers to all three.
 */
function activityNames(name: string): string[] {
  const m = /^(.*?)\s*(?::|\s[-–—]\s|\()\s*(.*?)\)?\s*$/.exec(name);
  return [...new Set([words(name), ...(m ? [words(m[1]!), words(m[2]!)] : [])].filter((w) => w !== ''))];
}

/**
 * The activity types of NHS England's Non Medical Job Planning Operational Toolkit (November 2022), pp.14-18: the
 * "Activities" column of its DCC, SPA, ANR and ED tables, and its "Other categories" (p.18). They live here rather
 * than in the policy only because no operator yet compares a list fact with a list parameter.
 */
const NHSE_2022_ACTIVITY_TYPES: Readonly<Record<Category, readonly string[]>> = {
  DCC: [
    'Other', 'Travel', 'Attending or priority work', 'Ward rounds and inpatient work', 'Multidisciplinary care', 'Operating theatre work',
    'Procedures', 'Outpatient activities', 'Clinical diagnostic work', 'Planning and managing patient care', 'Clinical service management',
    'Community or home visit', 'Administrative work directly related to clinical care', 'Public health duties',
  ],
  SPA: [
    'Other', 'Travel', 'Continuing Professional Development', 'Appraiser and revalidation roles', 'Audit, quality improvement and service evaluation',
    'Research', 'Supervision, coaching and mentoring', 'Education and teaching', 'Job planning and rostering management', 'Local clinical governance',
    'Service management', 'Equipment, devices and medicines management', 'Non-clinical administration',
  ],
  ANR: [
    'Other', 'Travel', 'Director of Public Health and other public health roles', 'Trust director, deputy director or other trust or ICS lead role',
    'Directorate or divisional lead role', 'Medical Director or Professional lead', 'Clinical Director', 'Lead clinician', 'Clinical governance lead',
    'Clinical audit lead', 'Postgraduate dean', 'Undergraduate dean', 'Regional educational supervisor', 'Clinical tutor', 'Link roles',
  ],
  ED: [
    'Other', 'Travel', 'Trade Union duties', 'Royal College work', 'Care Quality Commission work', 'Academic activities and guest lecturing',
    'Externally commissioned research', 'Government departmental work', "Other arm's length bodies work", 'Professional body work',
    'Practitioner performance advice', 'Media and public engagement', 'Charity support',
  ],
  Private: ['Private Professional Services', 'Fee Paying Services'],
  Other: ['Other', 'Private Professional Services', 'Fee Paying Services', 'Medical School and other undergraduate education'],
};
const NHSE_2022_TYPE_WORDS: ReadonlyMap<Category, ReadonlySet<string>> = new Map(
  (Object.entries(NHSE_2022_ACTIVITY_TYPES) as [Category, readonly string[]][]).map(([c, list]) => [c, new Set(list.map(words))]),
);

/** Timetable and annualised rows with their CellMap key prefix. */
function activityRows(plan: JobPlan): { key: string; activity: string; category: Category | null }[] {
  return [
    ...(plan.activities ?? []).map((a, i) => ({ key: `activities[${i}]`, activity: a.activity ?? '', category: a.category ?? null })),
    ...(plan.annualised_activities ?? []).map((a, i) => ({ key: `annualised_activities[${i}]`, activity: a.activity ?? '', category: a.category ?? null })),
  ];
}

/** The minimum standards of a job plan in the NHSE toolkit (p.22), each with the fields that show it is met. */
const NHSE_MINIMUM_STANDARDS: readonly { name: string; sources: (plan: JobPlan) => readonly string[]; met: (plan: JobPlan) => boolean }[] = [
  { name: 'full name', sources: () => ['practitioner_name'], met: (p) => present(p.practitioner_name) },
  { name: 'band', sources: () => ['band', 'grade'], met: (p) => present(p.band) || /\bband\s*\d/i.test(p.grade ?? '') },
  { name: 'hours of work', sources: () => ['contracted_hours'], met: (p) => present(p.contracted_hours) },
  {
    name: 'DCC/SPA/ANR/ED time', sources: () => ['activities', 'annualised_activities', ...DECLARED_HOURS, ...DECLARED_PAS],
    met: (p) => (p.activities?.length ?? 0) + (p.annualised_activities?.length ?? 0) > 0 || [...DECLARED_HOURS, ...DECLARED_PAS].some((f) => typeof p[f] === 'number'),
  },
  { name: 'objectives', sources: () => ['objectives'], met: (p) => (p.objectives ?? []).some((o) => present(o.objective)) },
  { name: 'outcomes (an objective with a measure)', sources: () => ['objectives'], met: (p) => (p.objectives ?? []).some((o) => present(o.objective) && present(o.measure)) },
  { name: 'supporting resources', sources: () => ['supporting_resources'], met: (p) => present(p.supporting_resources) },
  {
    name: 'location of every activity',
    sources: (p) => (p.activities ?? []).flatMap((a, i) => (present(a.location) ? [] : [`activities[${i}].location`])),
    met: (p) => (p.activities ?? []).every((a) => present(a.location)),
  },
  { name: 'specialty or service', sources: () => ['specialty'], met: (p) => present(p.specialty) },
];

const walesAndNonMedicalFacts: FactSpec[] = [
  // Currency and new posts
  fact({
    name: 'months_since_agreed', type: 'number', unit: 'months',
    description: 'Calendar months from the agreed date (both signatures) to today; exactly 12.0 on the anniversary. Null until both have signed.',
    derive: (p, ctx) => { const d = agreedDate(p); return result(d ? monthsBetween(d, ctx.today) : null, ['signed_practitioner_date', 'signed_manager_date']); },
  }),
  fact({
    name: 'review_anniversary_date', type: 'date',
    description: 'The first anniversary (12 calendar months on) of the last review, the agreed date else the meeting date: the last day months_since_last_review is at most 12 (29 Feb 2024 → 28 Feb 2025).',
    derive: (p) => { const d = lastReviewDate(p); return result(d ? addMonths(d, 12) : null, LAST_REVIEW_SOURCES); },
  }),
  fact({
    name: 'days_to_review_anniversary', type: 'number', unit: 'days',
    description: 'Days from today to review_anniversary_date: 0 on the day, negative once it has passed.',
    derive: (p, ctx) => { const d = lastReviewDate(p); return result(d ? daysBetween(ctx.today, addMonths(d, 12)) : null, LAST_REVIEW_SOURCES); },
  }),
  fact({
    name: 'months_since_contract_start', type: 'number', unit: 'months',
    description: 'Calendar months from the start in post to today; exactly 6.0 six calendar months on. Null without a start date in post.',
    derive: (p, ctx) => result(p.contract_start_date ? monthsBetween(p.contract_start_date, ctx.today) : null, ['contract_start_date']),
  }),
  // DCC:SPA split
  fact({
    name: 'spa_share_of_dcc_spa', type: 'number', unit: 'ratio',
    description: 'spa_pas ÷ (dcc_pas + spa_pas): the SPA side of the DCC:SPA split, 0.3 for 7:3 whatever the total (ANR and ED left out). Null when neither is scheduled.',
    derive: (p) => {
      const dcc = categoryPas(p, 'DCC', 'declared_dcc_pas');
      const spa = categoryPas(p, 'SPA', 'declared_spa_pas');
      const sources = hasTimetable(p) ? weightedItems(p).filter((i) => i.category === 'DCC' || i.category === 'SPA').flatMap((i) => i.sources) : ['declared_dcc_pas', 'declared_spa_pas'];
      return result(dcc + spa > 0 ? round(spa / (dcc + spa)) : null, sources);
    },
  }),
  // Pay
  fact({
    name: 'pas_paid_variance', type: 'number', unit: 'PA',
    description: 'pas_paid − total_pas: positive when payroll pays more PAs (sessions) a week than the plan schedules, negative when fewer. Null unless both are known.',
    derive: (p) => result(pasPaidVariance(p), ['pas_paid', ...allSources(p)]),
  }),
  fact({
    name: 'pas_overpaid', type: 'number', unit: 'PA',
    description: 'PAs a week paid beyond those the plan schedules (pas_paid − total_pas when positive). Null when not overpaid or not known.',
    derive: (p) => { const v = pasPaidVariance(p); return result(v !== null && v > 0 ? v : null, ['pas_paid', ...allSources(p)]); },
  }),
  fact({
    name: 'pas_underpaid', type: 'number', unit: 'PA',
    description: 'PAs a week the plan schedules but payroll does not pay (total_pas − pas_paid when positive). Null when not underpaid or not known.',
    derive: (p) => { const v = pasPaidVariance(p); return result(v !== null && v < 0 ? round(-v) : null, ['pas_paid', ...allSources(p)]); },
  }),
  fact({
    name: 'intensity_band_mismatch', type: 'boolean',
    description: 'The on-call intensity band paid differs from the band in the plan, compared ignoring case, spaces, punctuation, the word "band" and anything in brackets ("Band 2" = "2" = "band 2 (5%)"). Null unless both are recorded.',
    derive: (p) => result(present(p.intensity_band) && present(p.intensity_band_paid) ? bandKey(p.intensity_band!) !== bandKey(p.intensity_band_paid!) : null, ['intensity_band', 'intensity_band_paid']),
  }),
  fact({
    name: 'intensity_band_key', type: 'string',
    description: 'The intensity band in the plan reduced to what identifies it, as intensity_band_mismatch compares it ("Band 2" and "band 2 (5%)" are both "2"): for counting distinct bands in a specialty. Null when not recorded.',
    derive: (p) => result(present(p.intensity_band) ? bandKey(p.intensity_band!) : null, ['intensity_band']),
  }),
  fact({
    name: 'intensity_band_paid_above_plan', type: 'number', unit: 'bands',
    description: 'How many bands the band paid is above the band in the plan, by band number (the first number in the label; low/medium/high count as 1/2/3): Band 3 paid on a Band 1 plan is 2. Null unless the band paid is the higher.',
    derive: (p) => { const d = bandLevelDifference(p); return result(d !== null && d > 0 ? d : null, ['intensity_band', 'intensity_band_paid']); },
  }),
  fact({
    name: 'intensity_band_paid_below_plan', type: 'number', unit: 'bands',
    description: 'How many bands the band paid is below the band in the plan, by band number (as intensity_band_paid_above_plan). Null unless the band paid is the lower.',
    derive: (p) => { const d = bandLevelDifference(p); return result(d !== null && d < 0 ? round(-d) : null, ['intensity_band', 'intensity_band_paid']); },
  }),
  // Hours (Agenda for Change)
  pasFact('uncategorised_hours', 'Hours a week in activities with no category (timetable and annualised, frequency-weighted).', (i) => i.category === null, 'hours'),
  fact({
    name: 'hours_variance_abs', type: 'number', unit: 'hours',
    description: 'The size of hours_variance (planned − contracted hours a week), whichever way it goes. Null without contracted hours.',
    derive: (p) => { const t = totalHours(p); return result(p.contracted_hours == null || t === null ? null : Math.abs(round(t - p.contracted_hours)), ['contracted_hours', ...hoursSources(p)]); },
  }),
  fact({
    name: 'dcc_percent_of_hours', type: 'number', unit: 'percent',
    description: 'dcc_hours ÷ total_hours × 100: the share of planned hours in Direct Clinical Care (0 to 100). Without a timetable: from the declared hours. Null when no hours are planned.',
    derive: (p) => { const t = totalHours(p); return result(t !== null && t > 0 ? round((categoryHours(p, 'DCC', 'declared_dcc_hours') / t) * 100) : null, hoursSources(p)); },
  }),
  fact({
    name: 'template_dcc_percent', type: 'number', unit: 'percent',
    description: 'template_dcc_share × 100: the DCC share of the agreed template for the role or band, as a percentage.',
    derive: (p) => result(p.template_dcc_share == null ? null : round(p.template_dcc_share * 100), ['template_dcc_share']),
  }),
  fact({
    name: 'dcc_vs_template_points', type: 'number', unit: 'percentage points',
    description: 'dcc_percent_of_hours − template_dcc_percent: positive when the plan has more DCC than its template. Null unless both are known.',
    derive: (p) => { const t = totalHours(p); return result(t !== null && t > 0 && p.template_dcc_share != null ? round((categoryHours(p, 'DCC', 'declared_dcc_hours') / t) * 100 - p.template_dcc_share * 100) : null, ['template_dcc_share', ...hoursSources(p)]); },
  }),
  fact({
    name: 'dcc_vs_template_points_abs', type: 'number', unit: 'percentage points',
    description: 'The size of dcc_vs_template_points, whichever way it goes.',
    derive: (p) => { const t = totalHours(p); return result(t !== null && t > 0 && p.template_dcc_share != null ? Math.abs(round((categoryHours(p, 'DCC', 'declared_dcc_hours') / t) * 100 - p.template_dcc_share * 100)) : null, ['template_dcc_share', ...hoursSources(p)]); },
  }),
  // Standards, activities and objectives (NHSE toolkit)
  fact({
    name: 'missing_minimum_standards', type: 'list',
    description: 'Minimum standards of a job plan (NHS England non-medical toolkit 2022, p.22) the plan does not show: full name, band, hours of work, DCC/SPA/ANR/ED time, objectives, outcomes (an objective with a measure), supporting resources, location of every activity, specialty or service.',
    derive: (p) => {
      const missing = NHSE_MINIMUM_STANDARDS.filter((s) => !s.met(p));
      return result(missing.map((s) => s.name), missing.flatMap((s) => s.sources(p)));
    },
  }),
  fact({
    name: 'activities_outside_nhse_2022_types', type: 'list',
    description: "Activity names (timetable and annualised, each once) that are not an activity type of the NHS England non-medical toolkit's table for their category (2022, pp.14-18), by the whole name or the part before ':', ' - ' or '('; case and punctuation ignored. Uncategorised rows are left to uncategorised_activity_count.",
    derive: (p) => {
      const hits = activityRows(p).filter((r) => r.category !== null && !activityNames(r.activity).some((n) => NHSE_2022_TYPE_WORDS.get(r.category!)?.has(n)));
      const names = [...new Set(hits.map((r) => (r.activity.trim() === '' ? '(no name)' : `${r.activity.trim()} (${r.category})`)))];
      return result(names, hits.length > 0 ? hits.flatMap((r) => [`${r.key}.activity`, `${r.key}.category`]) : ['activities']);
    },
  }),
  fact({
    name: 'personal_objectives_unlinked_count', type: 'number', unit: 'rows',
    description: "Personal objectives whose linked activity is blank or, when the plan has activities, names none of them (by the activity's whole name, its type or its detail; case and punctuation ignored).",
    derive: (p) => {
      const rows = activityRows(p);
      const known = new Set(rows.flatMap((r) => activityNames(r.activity)));
      const hits = (p.objectives ?? []).map((o, i) => ({ o, i })).filter(({ o }) => o.kind === 'personal'
        && (!present(o.linked_activity) || (rows.length > 0 && !activityNames(o.linked_activity!).some((n) => known.has(n)))));
      return result(hits.length, hits.length > 0 ? hits.map(({ i }) => `objectives[${i}].linked_activity`) : ['objectives']);
    },
  }),
  // Appeals (NHSE toolkit p.39: written recommendations within 8 weeks of the appeal request)
  daysBetweenFields('days_appeal_lodged_to_recommendation', 'appeal_lodged_date', 'panel_recommendation_date', 'Days from the appeal (request) to the panel\'s written recommendation.'),
  daysWaiting('days_waiting_for_appeal_recommendation', 'appeal_lodged_date', 'panel_recommendation_date', 'Days from the appeal (request) to today while no written recommendation is recorded.'),
];

/** Whole-time equivalent: as recorded, else contracted hours ÷ 37.5, else contracted PAs ÷ 10. */
function wteOf(p: JobPlan): number | null {
  if (typeof p.wte === 'number') return p.wte;
  if (typeof p.contracted_hours === 'number') return round(p.contracted_hours / 37.5);
  if (typeof p.contracted_pas === 'number') return round(p.contracted_pas / 10);
  return null;
}

/** Share of planned time that is not clinical care (SPA, ANR and ED), by hours (else PAs); null with nothing planned. */
function nonClinicalShare(p: JobPlan): number | null {
  const byHours = hasTimetable(p) ? weightedItems(p).filter(isNhsTime) : null;
  if (byHours) {
    const total = byHours.reduce((s, i) => s + i.hours, 0);
    const non = byHours.filter((i) => i.category === 'SPA' || i.category === 'ANR' || i.category === 'ED').reduce((s, i) => s + i.hours, 0);
    return total > 0 ? non / total : null;
  }
  const hours = [p.declared_dcc_hours, p.declared_spa_hours, p.declared_anr_hours, p.declared_ed_hours];
  const pas = [p.declared_dcc_pas, p.declared_spa_pas, p.declared_anr_pas, p.declared_ed_pas];
  const use = hours.some((h) => typeof h === 'number') ? hours : pas;
  const [dcc, ...non] = use.map((v) => (typeof v === 'number' ? v : 0));
  const total = dcc! + non.reduce((a, b) => a + b, 0);
  return total > 0 ? non.reduce((a, b) => a + b, 0) / total : null;
}

const capacityFacts: FactSpec[] = [
  fact({ name: 'wte_effective', type: 'number', unit: 'WTE', description: 'Whole-time equivalent: as recorded, else contracted hours ÷ 37.5, else contracted PAs ÷ 10.', derive: (p) => result(wteOf(p), ['wte', 'contracted_hours', 'contracted_pas']) }),
  fact({
    name: 'spa_wte', type: 'number', unit: 'WTE',
    description: 'WTE given to Supporting Professional Activity in the AHP capacity view (SPA, ANR and ED time): wte_effective × their share of planned time.',
    derive: (p) => { const w = wteOf(p); const s = nonClinicalShare(p); return result(w !== null && s !== null ? round(w * s) : null, ['wte', 'contracted_hours']); },
  }),
  fact({
    name: 'clinical_wte', type: 'number', unit: 'WTE',
    description: 'WTE given to clinical care: wte_effective − spa_wte (AHP capacity view: 13 WTE − 3.0 WTE SPA = 10.0 WTE clinical).',
    derive: (p) => { const w = wteOf(p); const s = nonClinicalShare(p); return result(w !== null && s !== null ? round(w - w * s) : null, ['wte', 'contracted_hours']); },
  }),
];

export const FACTS: readonly FactSpec[] = [...fieldFacts, ...derivedFacts, ...capacityFacts, ...walesAndNonMedicalFacts];
export const FACTS_BY_NAME: ReadonlyMap<string, FactSpec> = new Map(FACTS.map((f) => [f.name, f]));

export type DerivedFacts = Readonly<Record<string, FactResult>>;

/**
 * Facts a register row cannot know: they read the timetable's rows, objectives, additional PA rows or written
 * statements, which a one-row-per-plan register does not carry.
 */
export const NOT_KNOWN_FROM_A_REGISTER_ROW: ReadonlySet<string> = new Set([
  'activity_count', 'other_activities_without_notes', 'uncategorised_activity_count', 'spa_external_study_leave_pas', 'on_call_activity_pas',
  'apa_count', 'apa_without_end_date_count', 'apa_longest_months', 'apa_without_amd_agreement_count', 'apa_without_contract_count',
  'personal_objectives_count', 'smart_personal_objectives_count', 'service_objectives_count', 'objectives_not_smart_count',
  'has_private_practice_statement', 'empty_required_sections',
  'missing_minimum_standards', 'activities_outside_nhse_2022_types', 'personal_objectives_unlinked_count', 'uncategorised_hours',
]);

function deriveOne(f: FactSpec, plan: JobPlan, context: DeriveContext): FactResult {
  if (context.registerRow && NOT_KNOWN_FROM_A_REGISTER_ROW.has(f.name)) return result(null, []);
  return f.derive(plan, context);
}

/**
 * Computes the facts of the catalogue for one plan: all of them, or only those named (what the policies use).
 * `known`: facts already derived for the same plan and context (the plan rules' facts, reused by the group rules'
 * summary), taken as they are instead of derived again.
 */
export function deriveFacts(plan: JobPlan, context: DeriveContext, names?: Iterable<string>, known?: DerivedFacts): DerivedFacts {
  const out: Record<string, FactResult> = {};
  if (names === undefined) {
    for (const f of FACTS) out[f.name] = deriveOne(f, plan, context);
    return out;
  }
  for (const name of names) {
    const done = known?.[name];
    if (done !== undefined) {
      out[name] = done;
      continue;
    }
    const f = FACTS_BY_NAME.get(name);
    if (f) out[name] = deriveOne(f, plan, context);
  }
  return out;
}
