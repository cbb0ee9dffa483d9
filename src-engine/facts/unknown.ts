/**
 * When a fact's null means "not recorded" rather than "does not arise".
 *
 * Most nulls are the situation not arising: no additional PA rows, so no APA is open-ended; not disputed, so no
 * referral is late; a register row, which cannot hold objectives. A rule over such a fact is rightly quiet. The facts
 * below are different: the plan shows the situation can arise, but a value that decides the rule is missing (a plan
 * type left blank on a plan that records a start in post; an interim plan with no start date; on-call work in the
 * timetable with no answer to "on a rota?"). A rule that such a null leaves undecided is reported "not judged:
 * <field> not recorded" (evaluate/undecided.ts), never passed as compliant.
 *
 * Each entry returns the fields to record (in words), or null when the null is an absence that does not arise.
 */
import type { JobPlan } from '../model/job-plan.js';
import type { DeriveContext } from './fact.js';

export interface MissingField {
  /** In words, as the message names it: "plan type". */
  readonly label: string;
  /** The plan field, so a finding can point at its cell when the workbook has one. */
  readonly field: string;
}

type Missing = (plan: JobPlan, context: DeriveContext) => readonly MissingField[] | null;

const recorded = (v: unknown): boolean => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '');
const field = (label: string, name: string): MissingField => ({ label, field: name });

const START_IN_POST = field('start in post date', 'contract_start_date');
const MEETING = field('job plan meeting date', 'meeting_date');

/** Facts whose null, on the plans described, leaves a rule over them undecided. */
export const MISSING_WHEN_NULL: ReadonlyMap<string, Missing> = new Map<string, Missing>([
  // A start in post says the plan may be a new starter's: its type decides (CPFT §7.4.3, Wales new posts).
  ['plan_kind', (p) => (recorded(p.contract_start_date) ? [field('plan type', 'plan_kind')] : null)],
  // An interim (new starter's) plan is judged from the start in post.
  ['months_start_in_post_to_agreement', (p) => (recorded(p.contract_start_date) ? null : [START_IN_POST])],
  ['months_since_contract_start', (p) => (recorded(p.contract_start_date) ? null : [START_IN_POST])],
  ['days_start_in_post_to_meeting', (p) => (!recorded(p.contract_start_date) ? [START_IN_POST] : !recorded(p.meeting_date) ? [MEETING] : null)],
  // Every medical plan has contracted PAs, every Agenda for Change plan contracted hours; and something planned.
  ['pa_variance_abs', (p, ctx) => contractAndPlanned(p, ctx, 'contracted_pas', 'contracted PAs', 'PAs')],
  ['pa_variance', (p, ctx) => contractAndPlanned(p, ctx, 'contracted_pas', 'contracted PAs', 'PAs')],
  ['hours_variance_abs', (p, ctx) => contractAndPlanned(p, ctx, 'contracted_hours', 'contracted hours', 'hours')],
  ['hours_variance', (p, ctx) => contractAndPlanned(p, ctx, 'contracted_hours', 'contracted hours', 'hours')],
  // The SPA norm differs for consultants and other doctors: the grade decides.
  ['is_consultant', () => [field('grade', 'grade')]],
  // A plan is reviewed from its agreement, else its meeting: with neither, whether it is overdue is unknown.
  ['months_since_last_review', () => [MEETING, field('sign-off dates', 'signed_manager_date')]],
  // Sign-off is counted from the meeting.
  ['days_meeting_to_practitioner_signoff', (p) => (recorded(p.signed_practitioner_date) && !recorded(p.meeting_date) ? [MEETING] : null)],
  ['days_meeting_to_manager_signoff', (p) => (recorded(p.signed_manager_date) && !recorded(p.meeting_date) ? [MEETING] : null)],
  ['days_waiting_for_signoff', (p) => (!recorded(p.meeting_date) && (!recorded(p.signed_practitioner_date) || !recorded(p.signed_manager_date)) ? [MEETING] : null)],
  // On-call work in the timetable: whether the practitioner is on a rota decides what must be recorded.
  ['on_call_rota', (p) => (hasOnCallActivity(p) ? [field('on-call rota (yes or no)', 'on_call_rota')] : null)],
  // A failure to agree opens the dispute: the referral's date decides whether it was in time.
  ['days_failure_to_agree_to_md_referral', (p) => (recorded(p.failure_to_agree_date) && !recorded(p.md_referral_date) ? [field('date of the referral to the Medical Director', 'md_referral_date')] : null)],
]);

function contractAndPlanned(p: JobPlan, ctx: DeriveContext, contract: 'contracted_pas' | 'contracted_hours', label: string, unit: string): readonly MissingField[] | null {
  const out: MissingField[] = [];
  if (!recorded(p[contract])) out.push(field(label, contract));
  const planned = (p.activities?.length ?? 0) + (p.annualised_activities?.length ?? 0) > 0
    || [p.declared_dcc_pas, p.declared_spa_pas, p.declared_anr_pas, p.declared_ed_pas, p.declared_dcc_hours, p.declared_spa_hours, p.declared_anr_hours, p.declared_ed_hours].some((v) => typeof v === 'number');
  // A workbook's empty timetable is 0 planned; only a register row can leave its totals unrecorded.
  if (!planned && ctx.registerRow === true) out.push(field(`${unit} planned (DCC, SPA, ANR, ED)`, unit === 'PAs' ? 'declared_dcc_pas' : 'declared_dcc_hours'));
  return out.length > 0 ? out : null;
}

function hasOnCallActivity(p: JobPlan): boolean {
  return [...(p.activities ?? []), ...(p.annualised_activities ?? [])].some((a) => /\bon[\s-]?call\b/i.test(a.activity ?? ''));
}
