/**
 * The canonical job plan model (domain.md §2). One flat record of scalar fields plus three lists,
 * so a plan reads the same from a workbook, a register row or a JSON file. `schemas/job-plan.schema.json`
 * is generated from the catalogues below (scripts/generate-schemas.ts), so the two cannot drift.
 */
import type { IsoDate } from './dates.js';

export type FieldType =
  | { readonly kind: 'string' }
  /** `oneInN`: the number N may be written as a 1-in-N rota frequency (`1 in 8`). */
  | { readonly kind: 'number'; readonly minimum?: number; readonly oneInN?: boolean }
  /** `deadline`: a date by which something is due; a month alone (`March 2027`) reads as the month's last day. */
  | { readonly kind: 'date'; readonly deadline?: boolean }
  /** `yes`/`no`: words this field uses besides Yes and No (`Full time`/`Part time`). */
  | { readonly kind: 'boolean'; readonly yes?: readonly string[]; readonly no?: readonly string[] }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly aliases?: Readonly<Record<string, string>> };

export interface FieldSpec {
  readonly type: FieldType;
  /** The label a Medical HR form would use; also the default header text in the template. */
  readonly label: string;
  readonly description: string;
}

const str = { kind: 'string' } as const;
const num = { kind: 'number', minimum: 0 } as const;
const date = { kind: 'date' } as const;
const bool = { kind: 'boolean' } as const;
const deadline = { kind: 'date', deadline: true } as const;

export const STAFF_GROUPS = ['medical', 'non-medical'] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];
export const CATEGORIES = ['DCC', 'SPA', 'ANR', 'ED', 'Private', 'Other'] as const;
export type Category = (typeof CATEGORIES)[number];
export const OBJECTIVE_KINDS = ['personal', 'service'] as const;
export const PLAN_KINDS = ['annual', 'interim', 'change'] as const;
export const PLAN_STATUSES = ['draft', 'in discussion', 'agreed', 'signed off', 'disputed'] as const;

/** Every scalar field of a job plan, by its snake_case name. */
export const PLAN_FIELDS = {
  // Identity
  plan_ref: { type: str, label: 'Plan reference', description: 'Unique reference of this job plan (e.g. JP-2017-014).' },
  practitioner_name: { type: str, label: 'Practitioner name', description: 'Full name of the practitioner.' },
  employee_number: { type: str, label: 'Employee number', description: 'ESR assignment or employee number, for matching pay records.' },
  staff_group: {
    type: { kind: 'enum', values: STAFF_GROUPS, aliases: { doctor: 'medical', 'medical and dental': 'medical', nonmedical: 'non-medical', afc: 'non-medical', 'agenda for change': 'non-medical' } },
    label: 'Staff group', description: 'medical (PAs) or non-medical (Agenda for Change hours).',
  },
  grade: { type: str, label: 'Grade', description: 'Grade or role: consultant, specialty doctor, specialist, associate specialist, AfC band ...' },
  band: { type: str, label: 'Band', description: 'Agenda for Change band (5–9), for non-medical staff.' },
  profession: { type: str, label: 'Profession', description: 'Profession, e.g. physiotherapist, psychiatrist.' },
  specialty: { type: str, label: 'Specialty', description: 'Specialty or service line.' },
  care_group: { type: str, label: 'Care group', description: 'Care group, directorate or service group.' },
  organisation: { type: str, label: 'Organisation', description: 'Employing organisation.' },
  // Contract
  contracted_pas: { type: num, label: 'Contracted PAs', description: 'Programmed activities in the contract per week, excluding additional PAs (10 full time).' },
  contracted_hours: { type: num, label: 'Contracted hours per week', description: 'Contracted hours per week (37.5 full time for Agenda for Change).' },
  full_time: { type: { kind: 'boolean', yes: ['full time', 'full-time', 'ft', 'whole time'], no: ['part time', 'part-time', 'pt', 'less than full time', 'ltft'] }, label: 'Full time', description: 'Yes if full time, No if part time.' },
  wte: { type: num, label: 'WTE', description: 'Whole-time equivalent (contracted time ÷ full time).' },
  contract_start_date: { type: date, label: 'Start date in post', description: 'Date the practitioner started in post (for new starters).' },
  attending_weeks: { type: num, label: 'Attending weeks per year', description: 'Weeks a year the practitioner attends (default 42 for medical staff).' },
  flexible_working: { type: bool, label: 'Flexible working agreement', description: 'Yes if a flexible-working agreement applies.' },
  flexible_working_review_date: { type: deadline, label: 'Flexible working review date', description: 'Review date of the flexible-working agreement.' },
  // Lifecycle
  plan_kind: {
    type: { kind: 'enum', values: PLAN_KINDS, aliases: { 'annual review': 'annual', 'interim plan': 'interim', 'new starter': 'interim', 'new starter plan': 'interim', 'new post': 'interim', 'new appointment': 'interim', 'significant change': 'change', 'change in duties': 'change', 'change of duties': 'change', 'annual job plan review': 'annual', yearly: 'annual', 'annual job plan': 'annual' } },
    label: 'Type of plan', description: 'annual (the yearly review), interim (a new starter\'s first plan) or change (revised on significant change).',
  },
  status: {
    type: { kind: 'enum', values: PLAN_STATUSES, aliases: {
        discussion: 'in discussion', 'signed-off': 'signed off', signed: 'signed off', 'in dispute': 'disputed', 'not agreed': 'disputed',
        // e-job-planning systems' stages: a plan awaiting a signature is agreed but not signed off; a locked one is signed off.
        'awaiting sign off': 'agreed', 'awaiting 1st sign off': 'agreed', 'awaiting first sign off': 'agreed', 'awaiting 2nd sign off': 'agreed',
        'awaiting second sign off': 'agreed', 'pending sign off': 'agreed', submitted: 'agreed', locked: 'signed off', 'signed off and locked': 'signed off',
        approved: 'signed off', complete: 'signed off', completed: 'signed off', 'in progress': 'in discussion', 'under discussion': 'in discussion',
        'not started': 'draft', open: 'draft', 'failure to agree': 'disputed', mediation: 'disputed', appeal: 'disputed',
      } },
    label: 'Status', description: 'draft, in discussion, agreed, signed off or disputed.',
  },
  meeting_date: { type: date, label: 'Job plan meeting date', description: 'Date of the job plan meeting (review).' },
  signed_practitioner_date: { type: date, label: 'Signed by practitioner', description: 'Date the practitioner signed the plan.' },
  signed_manager_date: { type: date, label: 'Signed by clinical manager', description: 'Date the clinical manager signed the plan.' },
  start_date: { type: date, label: 'Plan start date', description: 'Date the job plan takes effect.' },
  review_date: { type: deadline, label: 'Next review date', description: 'Date the plan is next due for review.' },
  spa_justification: { type: str, label: 'SPA justification', description: 'Why SPA differs from the policy norm, or why more than the threshold is agreed.' },
  // On-call
  on_call_rota: { type: bool, label: 'On an on-call rota', description: 'Yes if the practitioner takes part in an on-call rota.' },
  on_call_rota_name: { type: str, label: 'Rota name', description: 'Name of the on-call rota.' },
  on_call_frequency: { type: { kind: 'number', minimum: 0, oneInN: true }, label: 'On-call frequency (1 in N)', description: 'N of a 1-in-N rota.' },
  on_call_category: { type: { kind: 'enum', values: ['A', 'B'], aliases: { 'category a': 'A', 'category b': 'B', 'cat a': 'A', 'cat b': 'B' } }, label: 'On-call category', description: 'Availability category A or B.' },
  on_call_supplement_pct: { type: num, label: 'Availability supplement %', description: 'On-call availability supplement as a percentage of basic salary.' },
  intensity_band: { type: str, label: 'Intensity band (plan)', description: 'On-call intensity/frequency band in the plan (Wales).' },
  intensity_band_paid: { type: str, label: 'Intensity band paid', description: 'On-call intensity/frequency band paid (Wales).' },
  // Statements
  private_practice_statement: { type: str, label: 'Private practice statement', description: 'Statement on private practice and fee-paying work, including "None".' },
  external_duties_statement: { type: str, label: 'External duties statement', description: 'Statement on external duties and paid work for external bodies.' },
  supporting_resources: { type: str, label: 'Supporting resources', description: 'Resources the employer provides (secretarial, office, IT, sessions).' },
  managerial_responsibilities: { type: str, label: 'Managerial responsibilities', description: 'Managerial responsibilities, or "None".' },
  section_justification: { type: str, label: 'Justification for empty sections', description: 'Why a required section is left empty.' },
  // Dispute and appeal
  failure_to_agree_date: { type: date, label: 'Failure to agree date', description: 'Date the practitioner and manager failed to agree the plan.' },
  md_referral_date: { type: date, label: 'Referred to Medical Director', description: 'Date the formal disagreement was put in writing to the Medical Director.' },
  md_meeting_date: { type: date, label: 'Medical Director meeting', description: 'Date the Medical Director met the parties.' },
  md_decision_date: { type: date, label: 'Medical Director decision', description: 'Date of the Medical Director\'s written decision.' },
  mediation_outcome_date: { type: date, label: 'Mediation outcome', description: 'Date the outcome of mediation was given.' },
  appeal_lodged_date: { type: date, label: 'Appeal lodged', description: 'Date the written appeal reached the Chief Executive.' },
  appeal_panel_date: { type: date, label: 'Appeal panel hearing', description: 'Date the appeal panel met.' },
  panel_recommendation_date: { type: date, label: 'Panel recommendation', description: 'Date of the panel\'s recommendation to the board.' },
  panel_chair: { type: str, label: 'Panel chair (employer nominee)', description: 'Chair nominated by the employing organisation.' },
  panel_member_appellant: { type: str, label: 'Panel member (appellant nominee)', description: 'Member nominated by the appellant.' },
  panel_member_approved_list: { type: str, label: 'Panel member (approved list)', description: 'Member chosen from the approved list.' },
  // Totals as a register records them, for plans without a timetable (one register row per plan)
  declared_dcc_pas: { type: num, label: 'DCC PAs', description: 'Direct Clinical Care PAs, when the plan has no timetable (register rows).' },
  declared_spa_pas: { type: num, label: 'SPA PAs', description: 'SPA PAs, when the plan has no timetable (register rows).' },
  declared_anr_pas: { type: num, label: 'ANR PAs', description: 'Additional NHS Responsibilities PAs, when the plan has no timetable.' },
  declared_ed_pas: { type: num, label: 'ED PAs', description: 'External Duties PAs, when the plan has no timetable.' },
  declared_dcc_hours: { type: num, label: 'DCC hours', description: 'Direct Clinical Care hours a week, when the plan has no timetable (Agenda for Change registers).' },
  declared_spa_hours: { type: num, label: 'SPA hours', description: 'SPA hours a week, when the plan has no timetable.' },
  declared_anr_hours: { type: num, label: 'ANR hours', description: 'ANR hours a week, when the plan has no timetable.' },
  declared_ed_hours: { type: num, label: 'ED hours', description: 'External Duties hours a week, when the plan has no timetable.' },
  declared_apa_pas: { type: num, label: 'Additional PAs', description: 'Additional PAs a week, when the plan has no Additional PAs list (register rows).' },
  apa_end_date: { type: deadline, label: 'Additional PAs end date', description: 'End date of the additional PAs, when the plan has no Additional PAs list.' },
  team: { type: str, label: 'Team', description: 'Team, for reporting by team.' },
  template_dcc_share: { type: num, label: 'Template DCC share', description: 'DCC share (0 to 1) of the agreed job plan template for the role or band.' },
  variance_note: { type: str, label: 'Variance note', description: 'Why the plan differs from its template.' },
  // Pay
  pas_paid: { type: num, label: 'PAs paid', description: 'PAs paid through payroll.' },
  hours_paid: { type: num, label: 'Hours paid', description: 'Hours paid through payroll.' },
  planned_hours: { type: num, label: 'Planned hours', description: 'Planned hours for the period.' },
  delivered_hours: { type: num, label: 'Delivered hours', description: 'Delivered hours for the period.' },
} as const satisfies Record<string, FieldSpec>;

export type PlanFieldName = keyof typeof PLAN_FIELDS;

const categoryType = {
  kind: 'enum',
  values: CATEGORIES,
  aliases: {
    'direct clinical care': 'DCC', 'supporting professional activities': 'SPA', 'supporting professional activity': 'SPA',
    'additional nhs responsibilities': 'ANR', 'additional nhs responsibility': 'ANR', 'external duties': 'ED', 'external duty': 'ED',
    'private practice': 'Private', 'fee paying': 'Private', 'fee-paying': 'Private',
  },
} as const;

/** A row of the weekly timetable. */
export const ACTIVITY_FIELDS = {
  day: { type: str, label: 'Day', description: 'Day of the week.' },
  session: { type: str, label: 'Session', description: 'AM, PM, EVE or a time range.' },
  activity: { type: str, label: 'Activity', description: 'What the activity is (ward round, clinic, CPD ...).' },
  category: { type: categoryType, label: 'Category', description: 'DCC, SPA, ANR, ED, Private (not counted as NHS PAs) or Other.' },
  frequency: { type: str, label: 'Frequency', description: 'Weekly, 1 in 2, 2 in 4, fortnightly ... (blank means weekly).' },
  pas: { type: num, label: 'PAs', description: 'PAs for one occurrence of the session.' },
  hours: { type: num, label: 'Hours', description: 'Hours for one occurrence (Agenda for Change plans).' },
  location: { type: str, label: 'Location', description: 'Where the activity happens.' },
  notes: { type: str, label: 'Notes', description: 'Notes, required when the activity is "other".' },
} as const satisfies Record<string, FieldSpec>;

/** An activity that happens a number of times a year rather than on a weekly pattern. */
export const ANNUALISED_FIELDS = {
  activity: { type: str, label: 'Activity', description: 'What the activity is.' },
  category: { type: categoryType, label: 'Category', description: 'DCC, SPA, ANR, ED, Private or Other.' },
  occurrences_per_year: { type: num, label: 'Occurrences per year', description: 'How many times a year.' },
  pas_per_occurrence: { type: num, label: 'PAs per occurrence', description: 'PAs each occurrence takes.' },
  hours_per_occurrence: { type: num, label: 'Hours per occurrence', description: 'Hours each occurrence takes (Agenda for Change plans).' },
  notes: { type: str, label: 'Notes', description: 'Notes.' },
} as const satisfies Record<string, FieldSpec>;

export const ADDITIONAL_PA_FIELDS = {
  pas: { type: num, label: 'PAs', description: 'Additional PAs per week.' },
  reason: { type: str, label: 'Reason', description: 'What the additional PAs are for.' },
  agreed_by: { type: str, label: 'Agreed by', description: 'Who agreed them (the Associate Medical Director).' },
  start_date: { type: date, label: 'Start date', description: 'First day of the additional PAs.' },
  end_date: { type: deadline, label: 'End date', description: 'Last day of the additional PAs (at most 12 months).' },
  fixed_term_contract: { type: bool, label: 'Fixed-term contract', description: 'Yes when the fixed-term contract (Appendix 1) is recorded.' },
} as const satisfies Record<string, FieldSpec>;

export const OBJECTIVE_FIELDS = {
  kind: { type: { kind: 'enum', values: OBJECTIVE_KINDS, aliases: { individual: 'personal', team: 'service', 'personal objective': 'personal', 'service objective': 'service', outcome: 'personal', 'personal outcome': 'personal' } }, label: 'Type', description: 'personal or service.' },
  objective: { type: str, label: 'Objective', description: 'The objective.' },
  measure: { type: str, label: 'Measure', description: 'How achievement is measured.' },
  due_date: { type: deadline, label: 'Due date', description: 'When it is due.' },
  linked_activity: { type: str, label: 'Linked activity', description: 'The job-planned activity it relates to.' },
} as const satisfies Record<string, FieldSpec>;

/** The lists of a job plan, each with its row fields. */
export const PLAN_LISTS = {
  activities: ACTIVITY_FIELDS,
  annualised_activities: ANNUALISED_FIELDS,
  additional_pas: ADDITIONAL_PA_FIELDS,
  objectives: OBJECTIVE_FIELDS,
} as const;

export type PlanListName = keyof typeof PLAN_LISTS;

type ValueOf<T extends FieldType> = T extends { kind: 'number' }
  ? number
  : T extends { kind: 'boolean' }
    ? boolean
    : T extends { kind: 'date' }
      ? IsoDate
      : T extends { kind: 'enum'; values: readonly (infer V)[] }
        ? V
        : string;

type RecordOf<F extends Record<string, FieldSpec>> = { -readonly [K in keyof F]?: ValueOf<F[K]['type']> | null };

export type Activity = RecordOf<typeof ACTIVITY_FIELDS>;
export type AnnualisedActivity = RecordOf<typeof ANNUALISED_FIELDS>;
export type AdditionalPa = RecordOf<typeof ADDITIONAL_PA_FIELDS>;
export type Objective = RecordOf<typeof OBJECTIVE_FIELDS>;

/** A job plan. Every field is optional: missing data is for the rules to judge, not for the reader. */
export type JobPlan = RecordOf<typeof PLAN_FIELDS> & {
  activities?: Activity[];
  annualised_activities?: AnnualisedActivity[];
  additional_pas?: AdditionalPa[];
  objectives?: Objective[];
};

export type ScalarValue = string | number | boolean | null;
