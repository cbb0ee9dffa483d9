/**
 * The staff group a plan belongs to, from what it records: its staff group when given, else what its grade or band
 * says (a consultant or SAS grade is medical, an Agenda for Change band is not). Null when nothing says, so that a
 * policy is never chosen for a plan on a guess.
 */
import type { JobPlan, StaffGroup } from './job-plan.js';

/** Medical grades in England and Wales, with their variants ("Locum Consultant", "Speciality Doctor", "SAS Specialist"). */
const MEDICAL_GRADE = /\b(consultant|specialt?y doctor|speciality doctor|specialist|associate specialist|staff grade|clinical fellow|registrar|foundation (year|doctor)|sas doctor)\b/i;
/** Non-medical roles that carry the word "consultant" or "specialist" (a nurse consultant is on Agenda for Change). */
const NON_MEDICAL_ROLE = /\b(nurse|nursing|midwife|midwifery|therapist|therapy|psychologist|pharmacist|physiotherapist|dietitian|radiographer|podiatrist|paramedic|AHP|healthcare scientist|practitioner)\b/i;
/** An Agenda for Change band: "Band 6", "AfC 7", "8a". */
const AFC_BAND = /\b(band\s*[1-9][a-d]?|afc\s*(band\s*)?[1-9][a-d]?|agenda for change)\b/i;

export function staffGroupOf(plan: Pick<JobPlan, 'staff_group' | 'grade' | 'band'>): StaffGroup | null {
  if (plan.staff_group) return plan.staff_group;
  const grade = plan.grade?.trim() ?? '';
  if (grade !== '' && NON_MEDICAL_ROLE.test(grade)) return 'non-medical';
  if (grade !== '' && AFC_BAND.test(grade)) return 'non-medical';
  if (grade !== '' && MEDICAL_GRADE.test(grade)) return 'medical';
  if (plan.band && plan.band.trim() !== '') return 'non-medical';
  return null;
}
