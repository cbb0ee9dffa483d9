/**
 * Regenerates examples/*.xlsx from examples/plans/*.json, plus the blank template and a deliberately wrong workbook.
 * Run with `npm run examples` after `npm run build`. Output is byte-stable, so unchanged plans give unchanged files.
 *
 * Dates are written in the three forms users actually type (real dates, bare serial numbers, UK text), one example
 * each at least, so every example run also exercises the core's date coercion.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { addDays, addMonths, type IsoDate } from '../src-engine/model/dates.js';
import type { JobPlan } from '../src-engine/model/job-plan.js';
import { packageRoot } from '../src-engine/node/package-root.js';
import { buildJobPlanSheetsWorkbook, saveWorkbook, writeJobPlanWorkbook, type DatesAs } from '../src-engine/node/write-job-plan-workbook.js';
import { AFC_REGISTER_COLUMNS, MEDICAL_REGISTER_COLUMNS, writeRegisterWorkbook } from '../src-engine/node/write-register-workbook.js';
import { seededRandom } from './synthetic-plans.js';

const DATES_AS: Readonly<Record<string, DatesAs>> = {
  'sas-part-time-compliant': 'uk-text',
  'breaks-review-overdue': 'serial',
};

export interface GeneratedFile {
  readonly path: string;
  readonly from: string | null;
  readonly datesAs: DatesAs | null;
}

/**
 * Writes every example workbook into `outDir` (default `<root>/examples`) from `<root>/examples/plans/*.json`.
 * Throws with the file name when a plan is not valid JSON: examples are ours, so a broken one is a bug to fix.
 */
/** The example plans gathered, one per sheet, into examples/job-plans-by-sheet.xlsx. */
export const JOB_PLANS_BY_SHEET = ['consultant-compliant', 'sas-part-time-compliant', 'breaks-signoff-late', 'breaks-pa-total-and-spa', 'breaks-apa-and-objectives'] as const;

export async function generateExamples(root: string = packageRoot(), outDir: string = join(root, 'examples')): Promise<GeneratedFile[]> {
  const plansDir = join(root, 'examples', 'plans');
  const names = (await readdir(plansDir)).filter((n) => n.endsWith('.json')).sort();
  const written: GeneratedFile[] = [];
  for (const name of names) {
    const from = join(plansDir, name);
    const plan = parsePlan(await readFile(from, 'utf8'), from);
    const stem = name.slice(0, -'.json'.length);
    const datesAs = DATES_AS[stem] ?? 'date';
    const path = join(outDir, `${stem}.xlsx`);
    await writeJobPlanWorkbook(plan, path, { datesAs });
    written.push({ path, from, datesAs });
  }
  // A directorate's workbook with one plan per sheet (and a contents sheet): read with the same map as the template.
  const bySheet = join(outDir, 'job-plans-by-sheet.xlsx');
  const sheetPlans = await Promise.all(JOB_PLANS_BY_SHEET.map(async (stem) => parsePlan(await readFile(join(plansDir, `${stem}.json`), 'utf8'), stem)));
  await saveWorkbook(buildJobPlanSheetsWorkbook(sheetPlans), bySheet);
  written.push({ path: bySheet, from: null, datesAs: 'date' });
  // The blank template lives in its own folder so validating examples/ checks only the example plans.
  await mkdir(join(outDir, 'template'), { recursive: true });
  const template = join(outDir, 'template', 'job-plan-template.xlsx');
  await writeJobPlanWorkbook({}, template);
  written.push({ path: template, from: null, datesAs: null });
  const wrong = join(outDir, 'not-a-job-plan.xlsx');
  await saveWorkbook(buildBudgetWorkbook(), wrong);
  written.push({ path: wrong, from: null, datesAs: null });
  return written;
}

function parsePlan(text: string, file: string): JobPlan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`${file}: a job plan must be a JSON object`);
  // `$schema` is for editors only; it is not a job plan field.
  const { $schema: _schema, ...plan } = data as Record<string, unknown>;
  return plan as JobPlan;
}

/** A plausible workbook that is not a job plan (a care group pay budget), to show the "missing sheet" message. */
export function buildBudgetWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'jobplan';
  workbook.lastModifiedBy = 'jobplan';
  workbook.created = new Date(Date.UTC(2017, 0, 1));
  workbook.modified = new Date(Date.UTC(2017, 0, 1));
  const ws = workbook.addWorksheet('Budget', { views: [{ state: 'frozen', xSplit: 0, ySplit: 2 }] });
  ws.columns = [{ width: 14 }, { width: 44 }, { width: 16 }, { width: 18 }, { width: 16 }];
  ws.getCell('A1').value = 'Mental Health care group: medical pay budget 2026/27 (month 7)';
  ws.getCell('A1').font = { bold: true, size: 14 };
  const header = ws.getRow(2);
  header.values = ['Cost centre', 'Description', 'Annual budget (£)', 'Actual to date (£)', 'Variance (£)'];
  header.font = { bold: true };
  const lines: [string, string, number, number][] = [
    ['MH4010', 'Consultant psychiatrists: adult inpatient', 1_284_000, 763_410],
    ['MH4011', 'Consultant psychiatrists: community mental health teams', 2_112_500, 1_251_880],
    ['MH4020', 'Specialty doctors', 846_200, 509_130],
    ['MH4030', 'Locum medical cover', 310_000, 244_970],
    ['MH4040', 'On-call availability supplements', 96_400, 55_910],
    ['MH4050', 'Additional programmed activities', 142_000, 90_250],
  ];
  lines.forEach(([code, description, budget, actual], i) => {
    const r = 3 + i;
    ws.getRow(r).values = [code, description, budget, actual];
    // Variance as Excel would show it: seven months of twelve spent.
    ws.getCell(r, 5).value = { formula: `C${r}*7/12-D${r}`, result: Math.round(budget * 7 / 12 - actual) };
  });
  const totalRow = 3 + lines.length;
  const sum = (col: number): number => lines.reduce((acc, line) => acc + (line[col] as number), 0);
  ws.getRow(totalRow).values = ['Total', ''];
  ws.getCell(totalRow, 3).value = { formula: `SUM(C3:C${totalRow - 1})`, result: sum(2) };
  ws.getCell(totalRow, 4).value = { formula: `SUM(D3:D${totalRow - 1})`, result: sum(3) };
  ws.getCell(totalRow, 5).value = { formula: `SUM(E3:E${totalRow - 1})`, result: lines.reduce((acc, [, , b, a]) => acc + Math.round(b * 7 / 12 - a), 0) };
  ws.getRow(totalRow).font = { bold: true };
  for (let r = 3; r <= totalRow; r++) for (const c of [3, 4, 5]) ws.getCell(r, c).numFmt = '#,##0;[Red]-#,##0';
  return workbook;
}

// ---------------------------------------------------------------------------------------------------------------
// Registers: the blank register template and three example registers (medical ones for CPFT's and the Welsh
// policies, an Agenda for Change one for NHS England's non-medical toolkit). Generated from a fixed seed, so regeneration gives the same bytes.

/** What each example register's deliberate problems are, by plan reference (the tests and README rely on them). */
export const CPFT_REGISTER_PROBLEMS = {
  reviewOverdue: ['JP-2026-007', 'JP-2026-019', 'JP-2026-033', 'JP-2026-048'],
  signoffLate: ['JP-2026-011', 'JP-2026-026', 'JP-2026-052'],
  spaBelowMinimum: ['JP-2026-014', 'JP-2026-041'],
  paidNotPlanned: ['JP-2026-004', 'JP-2026-029', 'JP-2026-057'],
  bandPaidNotPlanned: ['JP-2026-009', 'JP-2026-036'],
  disputed: ['JP-2026-022', 'JP-2026-045', 'JP-2026-059'],
} as const;

export const AHP_REGISTER_PROBLEMS = {
  notApprovedIn12Months: ['AHP-2026-006', 'AHP-2026-018', 'AHP-2026-031'],
  hoursNotContracted: ['AHP-2026-011', 'AHP-2026-027'],
  offTemplateWithoutNote: ['AHP-2026-015', 'AHP-2026-036'],
  deliveredBelowPlanned: ['AHP-2026-004', 'AHP-2026-022', 'AHP-2026-039'],
} as const;

const TODAY: IsoDate = '2026-11-23';

const SURNAMES = ['Ahmed', 'Bell', 'Carruthers', 'Dixon', 'Ellison', 'Fenwick', 'Graham', 'Harrison', 'Iqbal', 'Johnston', 'Kaur', 'Lowther', 'Murray', 'Nwosu', 'Oduya', 'Patel', 'Quayle', 'Robson', 'Sewell', 'Thwaite', 'Usman', 'Varghese', 'Wilkinson', 'Yeoman', 'Armstrong', 'Bowness', 'Chaudhry', 'Dobson', 'Edmondson', 'Forster', 'Gilpin', 'Hodgson', 'Irving', 'Jardine', 'Kennedy', 'Little', 'Musgrave', 'Nicholson', 'Oliver', 'Pattinson', 'Relph', 'Scott', 'Tweddle', 'Wren', 'Atkinson', 'Brennan', 'Coulthard', 'Denwood', 'Eland', 'Fisher', 'Glaister', 'Hetherington', 'Ismail', 'Jackson', 'Kirkbride', 'Lightfoot', 'Mounsey', 'Noble', 'Osei', 'Pearson'];
const FORENAMES = ['Sara', 'James', 'Priya', 'Thomas', 'Aisha', 'Robert', 'Helen', 'Chidi', 'Fiona', 'Daniel', 'Mei', 'Andrew', 'Ruth', 'Kwame', 'Louise', 'Michael', 'Anjali', 'Peter', 'Grace', 'Mark', 'Nadia', 'Simon', 'Claire', 'Tomasz', 'Rachel', 'David', 'Yasmin', 'Alan', 'Joanne', 'Stephen'];

/** A register date dense around a past window: days back from `from`, in [min, max]. */
function daysBack(random: () => number, min: number, max: number, from: IsoDate = TODAY): IsoDate {
  return addDays(from, -(min + Math.floor(random() * (max - min + 1))));
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * ~60 consultants and SAS doctors across four care groups: most compliant; some overdue for review, some signed
 * late, some with SPA below 1.5, some paid PAs not matching the plan, some paid a different on-call band than
 * planned, a few disputed (CPFT_REGISTER_PROBLEMS lists which).
 */
export function cpftRegisterPlans(): JobPlan[] {
  const random = seededRandom(20261123);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const services: readonly [string, readonly string[]][] = [
    ['Mental Health', ['General Adult Psychiatry', 'Old Age Psychiatry', 'Liaison Psychiatry', 'Forensic Psychiatry']],
    ['Community Services', ['Geriatric Medicine', 'Palliative Medicine', 'Rehabilitation Medicine']],
    ['Children and Families', ['Child and Adolescent Psychiatry', 'Community Paediatrics']],
    ['Specialist Services', ['Learning Disability Psychiatry', 'Substance Misuse Psychiatry', 'Sexual Health']],
  ];
  const problems = CPFT_REGISTER_PROBLEMS;
  const is = (list: readonly string[], ref: string): boolean => list.includes(ref);
  const plans: JobPlan[] = [];
  for (let i = 1; i <= 60; i++) {
    const ref = `JP-2026-${String(i).padStart(3, '0')}`;
    const [careGroup, specialties] = services[(i - 1) % services.length]!;
    const specialty = pick(specialties);
    const psychiatry = /psychiatry/i.test(specialty);
    const sas = random() < 0.35;
    const grade = sas ? pick(['Specialty doctor', 'Specialty doctor', 'Specialist', 'Associate specialist']) : psychiatry ? 'Consultant psychiatrist' : 'Consultant';
    const contracted = pick([10, 10, 10, 10, 8, 6]);
    // SPA: 2.5 for a full-time consultant, 1.5 otherwise (CPFT §7.2.1); a few below the 1.5 minimum.
    let spa = !sas && contracted >= 10 ? 2.5 : 1.5;
    if (is(problems.spaBelowMinimum, ref)) spa = 1;
    const anr = !sas && random() < 0.25 ? 0.5 : 0;
    const apa = !sas && random() < 0.2 ? pick([1, 1, 2]) : 0;
    const dcc = round2(contracted + apa - spa - anr);
    // Lifecycle: met in the last year and signed within 28 days, unless this row is one of the problems.
    const late = is(problems.signoffLate, ref);
    let meeting = daysBack(random, late ? 60 : 25, 330);
    if (is(problems.reviewOverdue, ref)) meeting = daysBack(random, 400, 520);
    const signedPractitioner = addDays(meeting, late ? 30 + Math.floor(random() * 12) : 2 + Math.floor(random() * 18));
    const signedManager = addDays(meeting, late ? 33 + Math.floor(random() * 10) : 4 + Math.floor(random() * 20));
    const agreed = signedPractitioner > signedManager ? signedPractitioner : signedManager;
    const disputed = is(problems.disputed, ref);
    const onCall = psychiatry ? random() < 0.8 : random() < 0.3;
    const frequency = onCall ? pick([4, 6, 8, 10, 12]) : null;
    const band = frequency === null ? null : frequency <= 4 ? 'High' : frequency <= 8 ? 'Medium' : 'Low';
    const paidBand = band !== null && is(problems.bandPaidNotPlanned, ref) ? (band === 'High' ? 'Medium' : 'High') : band;
    const planned = contracted + apa;
    const paid = is(problems.paidNotPlanned, ref) ? planned + pick([-1, 0.5, 1]) : planned;
    const newStarter = i % 17 === 0;
    const plan: JobPlan = {
      plan_ref: ref,
      practitioner_name: `${SURNAMES[(i * 7) % SURNAMES.length]!}, ${FORENAMES[(i * 11) % FORENAMES.length]!}`,
      employee_number: String(20_400_000 + i * 137),
      // Named so that local policies of other organisations (the Welsh pack) leave these plans alone.
      organisation: 'Cumbria Partnership NHS Foundation Trust',
      staff_group: 'medical',
      grade,
      specialty,
      care_group: careGroup,
      contracted_pas: contracted,
      declared_dcc_pas: dcc,
      declared_spa_pas: spa,
      declared_anr_pas: anr,
      declared_ed_pas: 0,
      plan_kind: newStarter ? 'interim' : 'annual',
      status: disputed ? 'disputed' : pick(['signed off', 'signed off', 'signed off', 'agreed']),
      meeting_date: meeting,
      review_date: addMonths(meeting, 12),
      on_call_rota: onCall,
      intensity_band: band,
      intensity_band_paid: paidBand,
      on_call_frequency: frequency,
      on_call_category: onCall ? (psychiatry ? 'A' : 'B') : null,
      pas_paid: paid,
    };
    // A new starter's interim plan, agreed within a month of starting in post (CPFT §7.4.3).
    if (newStarter) plan.contract_start_date = addDays(meeting, -4);
    if (apa > 0) {
      plan.declared_apa_pas = apa;
      plan.apa_end_date = addMonths(meeting, pick([6, 12]));
    }
    if (disputed) {
      // No agreement: a failure to agree, the referral to the Medical Director (one late), a meeting (one still awaited).
      const failed = addDays(meeting, 21);
      plan.failure_to_agree_date = failed;
      plan.md_referral_date = addDays(failed, ref === 'JP-2026-045' ? 23 : 9);
      if (ref !== 'JP-2026-059') plan.md_meeting_date = addDays(plan.md_referral_date, 20);
      plan.meeting_date = ref === 'JP-2026-059' ? daysBack(random, 70, 80) : meeting;
      if (ref === 'JP-2026-059') {
        plan.failure_to_agree_date = addDays(plan.meeting_date, 14);
        plan.md_referral_date = addDays(plan.failure_to_agree_date, 10);
      }
      plan.review_date = addMonths(plan.meeting_date, 12);
    } else {
      plan.signed_practitioner_date = signedPractitioner;
      plan.signed_manager_date = signedManager;
      plan.start_date = agreed;
    }
    plans.push(withoutNulls(plan));
  }
  return plans;
}

/**
 * ~40 Agenda for Change staff (physiotherapists, occupational therapists, dietitians, pharmacists; bands 5–8a):
 * contracted hours (37.5 or part time), DCC/SPA/ANR/ED hours, the band's template DCC share, planned and delivered
 * hours for the quarter. Most compliant; AHP_REGISTER_PROBLEMS lists the deliberate problems.
 */
export function ahpRegisterPlans(): JobPlan[] {
  const random = seededRandom(20221101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const problems = AHP_REGISTER_PROBLEMS;
  const is = (list: readonly string[], ref: string): boolean => list.includes(ref);
  // Each team with its specialty.
  const professions: readonly { profession: string; roles: Readonly<Record<string, string>>; service: string; teams: readonly (readonly [string, string])[] }[] = [
    { profession: 'Physiotherapist', roles: { 'Band 5': 'Physiotherapist', 'Band 6': 'Senior physiotherapist', 'Band 7': 'Clinical specialist physiotherapist', 'Band 8a': 'Advanced practitioner physiotherapist' }, service: 'Community Services', teams: [['MSK Physiotherapy North', 'Musculoskeletal'], ['MSK Physiotherapy South', 'Musculoskeletal'], ['Community Rehabilitation', 'Neurological rehabilitation']] },
    { profession: 'Occupational therapist', roles: { 'Band 5': 'Occupational therapist', 'Band 6': 'Senior occupational therapist', 'Band 7': 'Clinical lead occupational therapist', 'Band 8a': 'Consultant occupational therapist' }, service: 'Mental Health', teams: [['Community Mental Health Team East', 'Adult mental health'], ['Older Adults Inpatients', 'Older adults'], ['Early Intervention in Psychosis', 'Early intervention']] },
    { profession: 'Dietitian', roles: { 'Band 5': 'Dietitian', 'Band 6': 'Specialist dietitian', 'Band 7': 'Clinical lead dietitian', 'Band 8a': 'Dietetic service lead' }, service: 'Children and Families', teams: [['Paediatric Dietetics', 'Paediatric nutrition'], ['Adult Community Dietetics', 'Adult community nutrition']] },
    { profession: 'Pharmacist', roles: { 'Band 5': 'Pharmacist', 'Band 6': 'Rotational pharmacist', 'Band 7': 'Specialist pharmacist', 'Band 8a': 'Advanced specialist pharmacist' }, service: 'Specialist Services', teams: [['Medicines Optimisation', 'Medicines optimisation'], ['Mental Health Pharmacy', 'Mental health pharmacy']] },
  ];
  // The share of time in direct clinical care each band's agreed template expects.
  const templateShare: Readonly<Record<string, number>> = { 'Band 5': 0.85, 'Band 6': 0.8, 'Band 7': 0.7, 'Band 8a': 0.6 };
  const plans: JobPlan[] = [];
  for (let i = 1; i <= 40; i++) {
    const ref = `AHP-2026-${String(i).padStart(3, '0')}`;
    const p = professions[(i - 1) % professions.length]!;
    const [team, specialty] = pick(p.teams);
    const band = pick(['Band 5', 'Band 6', 'Band 6', 'Band 7', 'Band 7', 'Band 8a']);
    const hours = pick([37.5, 37.5, 37.5, 30, 22.5, 15]);
    const share = templateShare[band]!;
    const offTemplate = is(problems.offTemplateWithoutNote, ref);
    const explainedOffTemplate = i % 13 === 0;
    const dccShare = offTemplate || explainedOffTemplate ? share - 0.15 : share;
    const dcc = Math.round(hours * dccShare * 4) / 4;
    const anr = band === 'Band 8a' || band === 'Band 7' ? Math.round(hours * 0.1 * 4) / 4 : 0;
    const ed = 0;
    let spa = round2(hours - dcc - anr - ed);
    if (is(problems.hoursNotContracted, ref)) spa = round2(spa + pick([-2.5, 3.75]));
    let meeting = daysBack(random, 30, 320);
    if (is(problems.notApprovedIn12Months, ref)) meeting = daysBack(random, 420, 560);
    const signedPractitioner = addDays(meeting, 3 + Math.floor(random() * 14));
    const signedManager = addDays(meeting, 5 + Math.floor(random() * 14));
    const agreed = signedPractitioner > signedManager ? signedPractitioner : signedManager;
    // Planned and delivered hours for the last quarter (13 weeks less leave).
    const planned = round2(hours * 12);
    const delivered = is(problems.deliveredBelowPlanned, ref) ? round2(planned * (0.78 + random() * 0.06)) : round2(planned * (0.96 + random() * 0.06));
    const plan: JobPlan = {
      plan_ref: ref,
      practitioner_name: `${SURNAMES[(i * 13 + 5) % SURNAMES.length]!}, ${FORENAMES[(i * 7 + 3) % FORENAMES.length]!}`,
      employee_number: String(30_100_000 + i * 211),
      staff_group: 'non-medical',
      profession: p.profession,
      band,
      grade: p.roles[band]!,
      specialty,
      care_group: p.service,
      team,
      contracted_hours: hours,
      wte: round2(hours / 37.5),
      declared_dcc_hours: dcc,
      declared_spa_hours: spa,
      declared_anr_hours: anr,
      declared_ed_hours: ed,
      template_dcc_share: share,
      status: pick(['signed off', 'signed off', 'agreed']),
      meeting_date: meeting,
      signed_practitioner_date: signedPractitioner,
      signed_manager_date: signedManager,
      start_date: agreed,
      review_date: addMonths(meeting, 12),
      hours_paid: hours,
      planned_hours: planned,
      delivered_hours: delivered,
    };
    if (explainedOffTemplate) plan.variance_note = 'Agreed: protected time to lead the falls prevention service redesign until March 2027';
    plans.push(withoutNulls(plan));
  }
  return plans;
}

/**
 * A Welsh health board's consultant register for the Welsh pack's register rules (compliance against the 90%
 * target by service group, hotspots by specialty, on-call banding consistency, PAs paid against planned): the CPFT
 * register's consultants, renamed into Swansea Bay's service groups and reference scheme, with the same
 * deliberate problems (SBUHB-2026-NNN for JP-2026-NNN). SAS doctors are left out: the Welsh pack is for consultants.
 */
export function sbuhbRegisterPlans(): JobPlan[] {
  const serviceGroups: Readonly<Record<string, string>> = {
    'Mental Health': 'Mental Health and Learning Disabilities',
    'Community Services': 'Primary, Community and Therapies',
    'Children and Families': 'Singleton and Neath Port Talbot',
    'Specialist Services': 'Morriston',
  };
  return cpftRegisterPlans()
    .filter((p) => /consultant/i.test(p.grade ?? ''))
    .map((p) => ({
      ...p,
      plan_ref: p.plan_ref!.replace('JP-', 'SBUHB-'),
      employee_number: String(Number(p.employee_number) + 50_000_000),
      organisation: 'Swansea Bay University Health Board',
      care_group: serviceGroups[p.care_group ?? ''] ?? p.care_group ?? null,
    }));
}

function withoutNulls(plan: JobPlan): JobPlan {
  return Object.fromEntries(Object.entries(plan).filter(([, v]) => v !== null && v !== undefined)) as JobPlan;
}

/** Writes the blank register template and the two example registers into `outDir` (default `<root>/examples`). */
export async function generateRegisters(root: string = packageRoot(), outDir: string = join(root, 'examples')): Promise<GeneratedFile[]> {
  await mkdir(join(outDir, 'template'), { recursive: true });
  const template = join(outDir, 'template', 'job-plan-register-template.xlsx');
  await writeRegisterWorkbook([], template, { title: 'Job plan register' });
  const cpft = join(outDir, 'register-cpft-2026.xlsx');
  await writeRegisterWorkbook(cpftRegisterPlans(), cpft, { columns: MEDICAL_REGISTER_COLUMNS, title: 'Medical job plan register 2026/27: consultants and SAS doctors (example data)' });
  const sbuhb = join(outDir, 'register-sbuhb-2026.xlsx');
  await writeRegisterWorkbook(sbuhbRegisterPlans(), sbuhb, { columns: MEDICAL_REGISTER_COLUMNS, title: 'Consultant job plan register 2026/27: Swansea Bay University Health Board (example data)' });
  const ahp = join(outDir, 'register-nhse-ahp-2026.xlsx');
  await writeRegisterWorkbook(ahpRegisterPlans(), ahp, { columns: AFC_REGISTER_COLUMNS, title: 'Allied health professionals and pharmacists: job plan register 2026/27 (example data)' });
  return [template, cpft, sbuhb, ahp].map((path) => ({ path, from: null, datesAs: 'date' as const }));
}

// Run only when executed directly (node dist/scripts/generate-examples.js), not when imported by a test.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const root = packageRoot();
    for (const file of [...(await generateExamples(root)), ...(await generateRegisters(root))]) {
      const how = file.datesAs ? ` (dates as ${file.datesAs})` : '';
      console.log(`wrote ${file.path.slice(root.length + 1)}${how}`);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
