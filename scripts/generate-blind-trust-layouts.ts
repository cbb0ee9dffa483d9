/**
 * Writes a BLIND set of job plan workbooks laid out the way NHS Trusts and e-job-planning systems (Allocate/RLDatix
 * e-Job Plan, Zircadian, in-house Medical Staffing trackers) lay them out, each with an answer key beside it
 * (`<file>.truth.json`, the Truth format of scripts/generate-trust-examples.ts), into test/fixtures/trust-layouts-blind/.
 * They were written without reading the suggester (src-engine/workbook/suggest/), to measure `jobplan map suggest`
 * on layouts it was not tuned to:
 *
 *   consultant-week-grid-pa-in-text.xlsx   days Mon..Sat down, AM/PM/EVE across, "activity / DCC 1.0 PA" in each cell
 *   allocate-ejp-pdf-export.xlsx            an e-Job Plan PDF converted to Excel: two "Page" sheets, values two columns right
 *   sas-two-sheet-summary-schedule.xlsx     SAS plan: "Summary" of question labels ("On call?"), "Schedule" table
 *   zircadian-status-report.csv             register export: two title lines, Surname/Forename split, dates 12-Mar-26
 *   numbered-form-signoff-table.xlsx        numbered labels (1.1, 1.2) in B, values in D, sign-off as a Role|Name|Signature|Date table
 *   tracker-wrapped-headers.xlsx            Medical Staffing tracker: headers with line breaks, hidden columns, a Total row
 *   colour-coded-days-across.xlsx           days across, AM/PM/EVE down, categories by cell colour only
 *
 * Every plan is fictional. The answer key records what a careful human reading the sheet would write down, in the
 * model's canonical field names and values (src-engine/model/job-plan.ts), and which rules of the CPFT policy
 * (policies/cpft-job-planning/2017-04-28.yaml) must and must not fire with --today 2026-11-23.
 *
 * Byte-stable: fixed workbook metadata and zip timestamps, no clock, no randomness.
 *
 *   npm run build && node dist/scripts/generate-blind-trust-layouts.js [--check]
 *
 * --check judges each key's canonical plan(s) with the engine and confirms that exactly expect_fire fires (rules the
 * key lists as neither fire nor quiet are reported, not judged), expect_quiet stays quiet, register rows fire exactly
 * row_expect_fire, and the list totals agree.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type ExcelJS from 'exceljs';
import { evaluatePlans } from '../src-engine/evaluate/evaluate.js';
import { deriveFacts } from '../src-engine/facts/catalogue.js';
import type { Activity, AdditionalPa, JobPlan, PlanFieldName } from '../src-engine/model/job-plan.js';
import { loadPolicyFiles } from '../src-engine/node/load-policy-files.js';
import { packageRoot } from '../src-engine/node/package-root.js';
import { workbookToBuffer } from '../src-engine/node/write-job-plan-workbook.js';
import { loadPolicyLibrary } from '../src-engine/policy/policy-library.js';
import {
  act, activityTotals, BOLD, canonOf, colLetter, CPFT, csvField, d, fill, GROUP_RULE, KeyRecorder, MONTH_ABBR, newWorkbook, obj,
  objectiveCounts, POLICY, quiet, r2, ref, rowFires, TODAY, ukText, type Canon, type RuleId, type Truth, type TruthField,
} from './generate-trust-examples.js';


interface BlindExample {
  readonly file: string;
  readonly bytes: () => Promise<Buffer>;
  readonly truth: Truth;
  readonly plans: readonly { readonly plan: JobPlan; readonly row?: number }[];
  /** Rules the key lists in neither expect_fire nor expect_quiet. */
  readonly unsure: readonly RuleId[];
}

const DIR = 'test/fixtures/trust-layouts-blind';


// ---------------------------------------------------------------------------------------------------------------
// Helpers of this generator's own (the shared ones come from generate-trust-examples.ts)




const MONTH_FULL = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** `12-Mar-26`, two-digit year, as a Zircadian-style export writes dates. */
function shortDash(iso: string): string {
  const [y, m, day] = iso.split('-') as [string, string, string];
  return `${day}-${MONTH_ABBR[Number(m) - 1]}-${y.slice(2)}`;
}
/** `14 May 2026`, as a PDF of an e-Job Plan shows dates once converted to Excel text. */
function spaced(iso: string): string {
  const [y, m, day] = iso.split('-') as [string, string, string];
  return `${Number(day)} ${MONTH_ABBR[Number(m) - 1]} ${y}`;
}
/** `9th September 2026`, as someone types it into a form. */
function longOrdinal(iso: string): string {
  const [y, m, day] = iso.split('-') as [string, string, string];
  const n = Number(day);
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${n}${suffix} ${MONTH_FULL[Number(m) - 1]} ${y}`;
}



const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FF808080' } },
  left: { style: 'thin', color: { argb: 'FF808080' } },
  bottom: { style: 'thin', color: { argb: 'FF808080' } },
  right: { style: 'thin', color: { argb: 'FF808080' } },
};

interface Style { font?: Partial<ExcelJS.Font>; fill?: ExcelJS.Fill; numFmt?: string; border?: boolean; wrap?: boolean; align?: Partial<ExcelJS.Alignment> }


class SheetWriter {
  constructor(readonly ws: ExcelJS.Worksheet, private readonly key: KeyRecorder) {}
  put(addr: string, value: ExcelJS.CellValue, style: Style = {}): ExcelJS.Cell {
    const cell = this.ws.getCell(addr);
    cell.value = value;
    if (style.font) cell.font = style.font;
    if (style.fill) cell.fill = style.fill;
    if (style.numFmt) cell.numFmt = style.numFmt;
    if (style.border) cell.border = THIN;
    if (style.wrap || style.align) cell.alignment = { ...(style.wrap ? { wrapText: true, vertical: 'top' as const } : {}), ...(style.align ?? {}) };
    return cell;
  }
  /** A field's value (undefined leaves the cell blank), recorded in the key with its canonical value. */
  field(name: PlanFieldName, addr: string, raw: ExcelJS.CellValue | undefined, canon?: Canon, style: Style = {}): void {
    const cell = raw === undefined ? this.ws.getCell(addr) : this.put(addr, raw, style);
    if (raw === undefined) this.put(addr, null, style);
    if (raw instanceof Date && !style.numFmt) cell.numFmt = 'dd/mm/yyyy';
    this.key.record(name, ref(this.ws.name, addr), canon === undefined ? canonOf(raw) : canon);
  }
  merge(range: string): void {
    this.ws.mergeCells(range);
  }
  widths(widths: readonly number[]): void {
    widths.forEach((w, i) => (this.ws.getColumn(i + 1).width = w));
  }
}

function sheet(workbook: ExcelJS.Workbook, key: KeyRecorder, name: string): SheetWriter {
  return new SheetWriter(workbook.addWorksheet(name), key);
}



const FULL_DAY: Record<string, string> = { Mon: 'Monday', Tue: 'Tuesday', Wed: 'Wednesday', Thu: 'Thursday', Fri: 'Friday', Sat: 'Saturday', Sun: 'Sunday' };

// ---------------------------------------------------------------------------------------------------------------
// 1. Consultant week grid, days Mon..Sat down, AM/PM/EVE across, each cell "activity" over "DCC 1.0 PA"

function weekGridPaInText(): BlindExample {
  const key = new KeyRecorder();
  const wb = newWorkbook('Consultant Job Plan 2026-27');
  const s = sheet(wb, key, 'Job Plan 26-27');
  s.widths([22, 30, 30, 26, 12]);
  s.merge('A1:E1');
  s.put('A1', 'CONSULTANT JOB PLAN 2026/27', { font: { bold: true, size: 14, color: { argb: 'FF1F3864' } } });
  s.merge('A2:E2');
  s.put('A2', 'Children, Young People and Families Care Group', { font: { italic: true } });
  const details: [number, string, PlanFieldName, ExcelJS.CellValue, Canon?][] = [
    [4, 'Consultant', 'practitioner_name', 'Dr Rhiannon Pryce'],
    [5, 'Job title', 'grade', 'Consultant Community Paediatrician'],
    [6, 'Specialty', 'specialty', 'Community Paediatrics'],
    [7, 'Care group', 'care_group', 'Children, Young People and Families'],
    [8, 'Trust', 'organisation', CPFT],
    [9, 'ESR number', 'employee_number', '20931478'],
    [10, 'Contracted programmed activities', 'contracted_pas', 10],
    [11, 'Staff group', 'staff_group', 'Medical', 'medical'],
    [12, 'Reason for job plan', 'plan_kind', 'Annual review', 'annual'],
    [13, 'Date of job plan discussion', 'meeting_date', d('2026-06-10')],
    [14, 'Job plan start date', 'start_date', d('2026-07-01')],
    [15, 'Review date', 'review_date', d('2027-06-30')],
  ];
  for (const [r, label, field, raw, canon] of details) {
    s.put(`A${r}`, label, { font: BOLD });
    s.merge(`B${r}:C${r}`);
    s.field(field, `B${r}`, raw, canon, { align: { horizontal: 'left' } });
  }

  s.merge('A17:E17');
  s.put('A17', 'Weekly timetable (write the activity, then the type and PAs underneath)', { font: BOLD, fill: fill('FFB4C6E7') });
  ['Day', 'AM (09:00 - 13:00)', 'PM (13:00 - 17:00)', 'EVE (17:00 - 21:00)', 'Total PA'].forEach((h, i) =>
    s.put(`${'ABCDE'[i]}18`, h, { font: BOLD, fill: fill('FFD9E1F2'), border: true, wrap: true }));
  type Cell = [string, 'DCC' | 'SPA', number] | null;
  const grid: [string, Cell, Cell, Cell][] = [
    ['Mon', ['Child development clinic', 'DCC', 1], ['Clinic letters and results', 'DCC', 1], null],
    ['Tue', ['Special school clinic (Kendal)', 'DCC', 1], ['Child protection medicals', 'DCC', 1], null],
    ['Wed', ['CPD, audit and revalidation', 'SPA', 1], ['Multi-agency safeguarding meeting', 'DCC', 1], null],
    ['Thu', ['Neurodevelopmental (ASD) assessments', 'DCC', 1], ['Looked after children health reviews', 'DCC', 1], null],
    ['Fri', ['Outpatient clinic (Penrith)', 'DCC', 1], ['Clinic admin', 'DCC', 0.5], ['Parent workshop (ADHD)', 'DCC', 0.5]],
    ['Sat', null, null, null],
  ];
  const sessions = ['AM', 'PM', 'EVE'];
  const activities: Activity[] = [];
  grid.forEach(([day, ...cells], i) => {
    const r = 19 + i;
    s.put(`A${r}`, day, { font: BOLD, border: true, align: { vertical: 'top' } });
    let total = 0;
    cells.forEach((c, k) => {
      const addr = `${'BCD'[k]}${r}`;
      if (!c) {
        s.put(addr, null, { border: true });
        return;
      }
      const [what, category, pas] = c;
      s.put(addr, `${what}\n${category} ${pas.toFixed(1)} PA`, { border: true, wrap: true });
      total += pas;
      activities.push(act(FULL_DAY[day]!, sessions[k]!, what, category, pas));
    });
    // A plain number: the day's total the Trust's template asks the consultant to type.
    s.put(`E${r}`, total === 0 ? null : total, { border: true });
    s.ws.getRow(r).height = 32;
  });
  s.put('A25', 'Weekly total', { font: BOLD });
  s.put('E25', { formula: 'SUM(E19:E24)', result: 10 }, { font: BOLD });

  s.merge('A27:E27');
  s.put('A27', 'Objectives for the coming year', { font: BOLD, fill: fill('FFB4C6E7') });
  ['Objective', 'Type', 'Measure of success', 'Target date'].forEach((h, i) => s.put(`${'ABCD'[i]}28`, h, { font: BOLD, border: true, fill: fill('FFD9E1F2') }));
  const objectiveRows: [string, string, string, string][] = [
    ['Complete the level 3 safeguarding supervision course', 'Personal', 'Course certificate uploaded to appraisal', '2027-01-31'],
    ['Lead the regional ASD diagnostic pathway peer review', 'Personal', 'Peer review report presented to the network', '2027-05-31'],
  ];
  objectiveRows.forEach(([o, t, m, due], i) => {
    const r = 29 + i;
    s.put(`A${r}`, o, { border: true, wrap: true });
    s.put(`B${r}`, t, { border: true });
    s.put(`C${r}`, m, { border: true, wrap: true });
    s.put(`D${r}`, d(due), { border: true, numFmt: 'dd/mm/yyyy' });
  });
  const objectives = objectiveRows.map(([o, , m, due]) => obj('personal', o, m, due));

  s.merge('A32:E32');
  s.put('A32', 'Other commitments', { font: BOLD, fill: fill('FFB4C6E7') });
  const other: [number, string, PlanFieldName, ExcelJS.CellValue, Canon?][] = [
    [33, 'On-call', 'on_call_rota', 'Yes', true],
    [34, 'On-call frequency', 'on_call_frequency', '1 in 6', 6],
    [35, 'On-call category', 'on_call_category', 'B'],
    [36, 'Private practice', 'private_practice_statement', 'Nil'],
    [37, 'External duties', 'external_duties_statement', 'RCPCH examiner (MRCPCH clinical), 3 days a year as professional leave'],
    [38, 'Management roles', 'managerial_responsibilities', 'None'],
    [39, 'Resources / support', 'supporting_resources', 'Paediatric secretary (0.5 WTE), clinic rooms at Kendal and Penrith, laptop'],
  ];
  for (const [r, label, field, raw, canon] of other) {
    s.put(`A${r}`, label, { font: BOLD });
    s.merge(`B${r}:E${r}`);
    s.field(field, `B${r}`, raw, canon, { wrap: true });
  }
  s.merge('A41:E41');
  s.put('A41', 'Agreement', { font: BOLD, fill: fill('FFB4C6E7') });
  s.put('A42', 'Consultant signature', { font: BOLD });
  s.put('B42', 'R. Pryce');
  s.put('C42', 'Date', { font: BOLD, align: { horizontal: 'right' } });
  s.field('signed_practitioner_date', 'D42', d('2026-06-17'));
  s.put('A43', 'Clinical Director signature', { font: BOLD });
  s.put('B43', 'Dr H. Oduya');
  s.put('C43', 'Date', { font: BOLD, align: { horizontal: 'right' } });
  s.field('signed_manager_date', 'D43', d('2026-06-30'));

  const fire: RuleId[] = ['spa.minimum', 'spa.expected', 'objectives.service'];
  const unsure: RuleId[] = [GROUP_RULE];
  return {
    file: `${DIR}/consultant-week-grid-pa-in-text.xlsx`,
    bytes: () => workbookToBuffer(wb),
    plans: [{ plan: key.plan({ activities, objectives }) }],
    unsure,
    truth: {
      layout:
        'One sheet "Job Plan 26-27". A merged title and care-group subtitle, then a details block of label/value pairs with NO colons, ' +
        'labels in A and each value in a merged B:C cell (rows 4-15). The timetable is a grid under a merged caption row: days written ' +
        '"Mon".."Sat" DOWN column A (rows 19-24), sessions ACROSS with times in the header ("AM (09:00 - 13:00)", "PM (13:00 - 17:00)", ' +
        '"EVE (17:00 - 21:00)"), and each session cell holds TWO lines: the activity, then "<type> <PAs> PA" (e.g. "Clinic admin\\nDCC 0.5 PA"). ' +
        'The Sat row is present and empty; most EVE cells are empty. A "Total PA" column holds each day\'s typed total (not a field) and a ' +
        '"Weekly total" row a cached SUM. Objectives are a table (Objective | Type | Measure of success | Target date); "Other commitments" ' +
        'and "Agreement" are label/value rows (signature rows: label | name | "Date" | date).',
      kind: 'plan',
      today: TODAY,
      policy: POLICY,
      fields: key.fields,
      lists: { activities: activityTotals(activities), objectives: objectiveCounts(objectives) },
      uncalculated: [],
      expect_fire: fire,
      expect_quiet: quiet(fire, unsure),
      notes:
        'Problems: only one SPA session (Wednesday AM, 1.0 PA) for a full-time 10 PA consultant, below the 1.5 minimum (spa.minimum) and ' +
        'not the 2.5 norm with no justification (spa.expected); both objectives are personal, there is no service objective ' +
        '(objectives.service). The PAs per session are in the cell text and are not all 1: Friday PM "Clinic admin" and Friday EVE ' +
        '"Parent workshop (ADHD)" are 0.5 each; a reader that counts one PA per non-blank cell gets 11 PAs and a wrong ' +
        'pa.total-matches-contract. Scheduled: 10 PAs (DCC 9, SPA 1) = contract. Days "Mon".."Fri" are recorded as Monday..Friday; the ' +
        'session is AM/PM/EVE (the times are in the header). The "Total PA" column and "Weekly total" are not fields. "Nil" is a private ' +
        'practice statement (none). "Job title: Consultant Community Paediatrician" is the grade. On call 1 in 6, category B. Signed 7 and ' +
        '20 days after the 10/06/2026 meeting. The names beside the signature labels are not fields.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Allocate-style e-Job Plan, printed to PDF and converted to Excel: "Page 1" / "Page 2", labels in A, values in C

function allocatePdfExport(): BlindExample {
  const key = new KeyRecorder();
  const wb = newWorkbook('e-Job Plan', 'PDF Converter');
  const BAR = fill('FF2E75B6');
  const BAR_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
  const bar = (w: SheetWriter, r: number, text: string): void => {
    w.merge(`A${r}:G${r}`);
    w.put(`A${r}`, text, { font: BAR_FONT, fill: BAR });
  };
  const p1 = sheet(wb, key, 'Page 1');
  p1.widths([30, 3, 34, 16, 30, 22, 10]);
  p1.merge('A1:G1');
  p1.put('A1', 'Job Plan - Dr Tobias Lindqvist-Hale', { font: { bold: true, size: 13 } });
  p1.put('A2', 'Period: 01 Jun 2026 - 31 May 2027');
  p1.put('E2', 'Printed: 29 May 2026 16:02', { font: { size: 8, color: { argb: 'FF7F7F7F' } } });
  bar(p1, 4, 'Personal Details');
  const pairs = (w: SheetWriter, start: number, rows: [string, PlanFieldName | null, ExcelJS.CellValue, Canon?][]): number => {
    rows.forEach(([label, field, raw, canon], i) => {
      const r = start + i;
      w.put(`A${r}`, label);
      if (field) w.field(field, `C${r}`, raw, canon);
      else w.put(`C${r}`, raw);
    });
    return start + rows.length;
  };
  pairs(p1, 5, [
    ['Name', 'practitioner_name', 'Dr Tobias Lindqvist-Hale'],
    ['Assignment Number', 'employee_number', '30716642-2'],
    ['Position', 'grade', 'Consultant Psychiatrist'],
    ['Staff Group', 'staff_group', 'Medical and Dental', 'medical'],
    ['Organisation', 'organisation', CPFT],
    ['Department', 'specialty', 'Adult Inpatient Psychiatry'],
    ['Division', 'care_group', 'Mental Health'],
    ['Contracted PAs', 'contracted_pas', 10],
    ['Contract Type', 'full_time', 'Full Time', true],
  ]);
  bar(p1, 15, 'Job Plan Details');
  pairs(p1, 16, [
    ['Job Plan Reference', 'plan_ref', 'JP-004417'],
    ['Job Plan Type', 'plan_kind', 'Annual Job Plan', 'annual'],
    ['Job Plan Status', 'status', 'Signed Off', 'signed off'],
    ['Discussion Date', 'meeting_date', spaced('2026-05-06'), '2026-05-06'],
    ['Start Date', 'start_date', spaced('2026-06-01'), '2026-06-01'],
    ['Review Date', 'review_date', spaced('2027-05-31'), '2027-05-31'],
  ]);
  bar(p1, 23, 'Programmed Activity Summary');
  p1.put('A24', 'Category', { font: BOLD });
  p1.put('C24', 'PAs per week', { font: BOLD });
  const summary: [number, string, PlanFieldName | null, number][] = [
    [25, 'Direct Clinical Care', 'declared_dcc_pas', 8.5],
    [26, 'Supporting Professional Activities', 'declared_spa_pas', 2.5],
    [27, 'Additional NHS Responsibilities', 'declared_anr_pas', 0],
    [28, 'External Duties', 'declared_ed_pas', 0],
  ];
  for (const [r, label, field, v] of summary) {
    p1.put(`A${r}`, label);
    p1.field(field!, `C${r}`, v, undefined, { numFmt: '0.000' });
  }
  p1.put('A29', 'Total', { font: BOLD });
  p1.put('C29', 11, { font: BOLD, numFmt: '0.000' });
  p1.put('A30', 'of which Additional PAs');
  p1.put('C30', 1, { numFmt: '0.000' });

  bar(p1, 32, 'On Call');
  pairs(p1, 33, [
    ['Participates in On Call', 'on_call_rota', 'Yes', true],
    ['Rota', 'on_call_rota_name', 'Consultant psychiatry on call (South Cumbria)'],
    ['Frequency', 'on_call_frequency', '1 in 9', 9],
    ['Category', 'on_call_category', 'Category B', 'B'],
    ['Availability Supplement', 'on_call_supplement_pct', '3%', 3],
  ]);
  bar(p1, 39, 'Declarations');
  pairs(p1, 40, [
    ['Private Professional Services', 'private_practice_statement', 'I do not undertake any private professional services or fee-paying work.'],
    ['External Duties', 'external_duties_statement', 'Second opinion appointed doctor (CQC) work, in my own time; no Trust time used'],
    ['Managerial Responsibilities', 'managerial_responsibilities', 'None'],
    ['Supporting Resources', 'supporting_resources', 'Ward secretary, consultant office on Oak Ward, Trust laptop and phone'],
  ]);
  for (const r of [40, 41, 42, 43]) p1.ws.getCell(`C${r}`).alignment = { wrapText: true, vertical: 'top' };
  p1.put('A45', 'Page 1 of 2', { font: { size: 8, color: { argb: 'FF7F7F7F' } } });

  const p2 = sheet(wb, key, 'Page 2');
  p2.widths([12, 8, 8, 40, 12, 26, 9]);
  bar(p2, 1, 'Activities');
  const heads = ['Day', 'Start', 'End', 'Activity', 'Type', 'Location', 'PA'];
  heads.forEach((h, i) => p2.put(`${'ABCDEFG'[i]}2`, h, { font: BOLD, border: true, fill: fill('FFDDEBF7') }));
  const rows: [string, string, string, string, string, 'DCC' | 'SPA', string, number][] = [
    ['Monday', '09:00', '13:00', 'Ward round - Oak Ward', 'DCC', 'DCC', 'Oak Ward, Furness General', 1],
    ['Monday', '13:00', '17:00', 'Patient related administration', 'DCC', 'DCC', 'Oak Ward, Furness General', 1],
    ['Tuesday', '09:00', '13:00', 'Outpatient clinic', 'DCC', 'DCC', 'Dane Garth', 1],
    ['Tuesday', '13:00', '17:00', 'Continuing Professional Development', 'SPA', 'SPA', 'Dane Garth', 1],
    ['Wednesday', '09:00', '12:00', 'MDT and formulation meeting', 'DCC', 'DCC', 'Oak Ward, Furness General', 0.75],
    ['Wednesday', '12:00', '13:00', 'Urgent ward reviews', 'DCC', 'DCC', 'Oak Ward, Furness General', 0.25],
    ['Wednesday', '13:00', '17:00', 'Audit, quality improvement and clinical governance', 'SPA', 'SPA', 'Dane Garth', 1],
    ['Thursday', '09:00', '13:00', 'Ward round - Oak Ward', 'DCC', 'DCC', 'Oak Ward, Furness General', 1],
    ['Thursday', '13:00', '17:00', 'Mental Health Act tribunals and CPA reviews', 'DCC', 'DCC', 'Oak Ward, Furness General', 1],
    ['Friday', '09:00', '13:00', 'Family meetings and discharge planning', 'DCC', 'DCC', 'Oak Ward, Furness General', 1],
    ['Friday', '13:00', '15:00', 'Teaching - foundation doctors', 'SPA', 'SPA', 'Education Centre', 0.5],
    ['Friday', '15:00', '17:00', 'Patient related administration', 'DCC', 'DCC', 'Oak Ward, Furness General', 0.5],
    ['Saturday', '09:00', '13:00', 'Weekend ward reviews (Additional PA)', 'DCC', 'DCC', 'Oak Ward, Furness General', 1],
  ];
  rows.forEach((row, i) => {
    const r = 3 + i;
    const [day, start, end, what, type, , where, pas] = row;
    [day, start, end, what, type, where].forEach((v, c) => p2.put(`${'ABCDEF'[c]}${r}`, v, { border: true, wrap: c === 3 }));
    p2.put(`G${r}`, pas, { border: true, numFmt: '0.000' });
  });
  const activities = rows.map(([day, start, end, what, , category, where, pas]) => act(day, `${start}-${end}`, what, category, pas, { location: where }));
  p2.put('F16', 'Total PAs', { font: BOLD });
  p2.put('G16', 11, { font: BOLD, numFmt: '0.000' });

  bar(p2, 18, 'Additional Programmed Activities');
  ['PAs', 'Reason', 'Agreed By', 'Start Date', 'End Date', 'Fixed Term Contract'].forEach((h, i) => p2.put(`${'ABCDEF'[i]}19`, h, { font: BOLD, border: true, fill: fill('FFDDEBF7') }));
  const apaRow = [1, 'Weekend ward cover while the second inpatient consultant post is vacant', 'Dr M Byrne, Associate Medical Director', spaced('2026-06-01'), spaced('2027-03-31'), 'Issued'];
  apaRow.forEach((v, c) => p2.put(`${'ABCDEF'[c]}20`, v, { border: true, wrap: c === 1 || c === 2 }));
  const additional_pas: AdditionalPa[] = [
    { pas: 1, reason: 'Weekend ward cover while the second inpatient consultant post is vacant', agreed_by: 'Dr M Byrne, Associate Medical Director', start_date: '2026-06-01' as AdditionalPa['start_date'], end_date: '2027-03-31' as AdditionalPa['end_date'], fixed_term_contract: true },
  ];

  bar(p2, 22, 'Objectives');
  ['Category', 'Objective', null, 'Measure', null, 'Target Date', 'Status'].forEach((h, i) => {
    if (h) p2.put(`${'ABCDEFG'[i]}23`, h, { font: BOLD, border: true, fill: fill('FFDDEBF7') });
  });
  const objectiveRows: [string, string, string, string][] = [
    ['Personal', 'Complete the Royal College of Psychiatrists leadership and management fellowship module', 'Module certificate', '2027-02-28'],
    ['Departmental', 'Reduce out-of-area acute admissions for South Cumbria by a quarter', 'Monthly bed management report', '2027-03-31'],
    ['Departmental', 'Introduce a discharge planning checklist on Oak Ward', 'Audit of 30 consecutive discharges', '2026-12-31'],
  ];
  objectiveRows.forEach(([cat, o, m, due], i) => {
    const r = 24 + i;
    p2.merge(`B${r}:C${r}`);
    p2.merge(`D${r}:E${r}`);
    p2.put(`A${r}`, cat, { border: true });
    p2.put(`B${r}`, o, { border: true, wrap: true });
    p2.put(`D${r}`, m, { border: true, wrap: true });
    p2.put(`F${r}`, spaced(due), { border: true });
    p2.put(`G${r}`, 'Open', { border: true });
  });
  const objectives = objectiveRows.map(([cat, o, m, due]) => obj(cat === 'Personal' ? 'personal' : 'service', o, m, due));

  bar(p2, 28, 'Sign Off');
  p2.put('A29', 'Employee Sign Off');
  p2.field('signed_practitioner_date', 'D29', spaced('2026-05-20'), '2026-05-20');
  p2.put('A30', 'Manager Sign Off');
  p2.field('signed_manager_date', 'D30', spaced('2026-05-28'), '2026-05-28');
  p2.put('E30', 'Dr K Whitfield (Clinical Director)');
  p2.put('A32', 'Page 2 of 2', { font: { size: 8, color: { argb: 'FF7F7F7F' } } });

  const fire: RuleId[] = [];
  const unsure: RuleId[] = [GROUP_RULE];
  return {
    file: `${DIR}/allocate-ejp-pdf-export.xlsx`,
    bytes: () => workbookToBuffer(wb),
    plans: [{ plan: key.plan({ activities, objectives, additional_pas }) }],
    unsure,
    truth: {
      layout:
        'An e-Job Plan (Allocate/RLDatix style) printed to PDF and converted back to Excel: sheets "Page 1" and "Page 2". Section bars are ' +
        'merged A:G rows in white bold on dark blue ("Personal Details", "Job Plan Details", "Programmed Activity Summary", "On Call", ' +
        '"Declarations"; on Page 2 "Activities", "Additional Programmed Activities", "Objectives", "Sign Off"). Label/value blocks have the ' +
        'label in A and the value TWO columns right in C (B is an empty spacer column), no colons. The PA summary (Category | PAs per week) ' +
        'shows 0.000-formatted numbers, with a typed Total 11 and "of which Additional PAs 1". Activities are a table "Day | Start | End | ' +
        'Activity | Type | Location | PA" (start and end times in separate columns, PA to three decimals), then a typed "Total PAs" in F16/G16. ' +
        'Additional PAs and Objectives are small tables (objectives with merged Objective B:C and Measure D:E columns, Category ' +
        '"Personal"/"Departmental", a Status column). Sign Off rows put the date in D (two blanks right of the label) and the ' +
        'manager\'s name in E. Dates are TEXT like "6 May 2026". Footers "Page 1 of 2".',
      kind: 'plan',
      today: TODAY,
      policy: POLICY,
      fields: key.fields,
      lists: {
        activities: activityTotals(activities),
        objectives: objectiveCounts(objectives),
        additional_pas: { count: additional_pas.length, pas: 1 },
      },
      uncalculated: [],
      expect_fire: fire,
      expect_quiet: quiet(fire, unsure),
      notes:
        'Fully compliant: 13 activities give 11 PAs a week (DCC 8.5 including the Saturday additional PA, SPA 2.5) = 10 contracted + 1 ' +
        'additional PA; the additional PA is agreed by the AMD, has a fixed-term contract ("Issued" = yes) and runs 01/06/2026 to ' +
        '31/03/2027 (10 months); signed 14 and 22 days after the 06/05/2026 discussion; on call 1 in 9, category B; all declarations ' +
        'present; one SMART personal objective and two service objectives ("Departmental" objectives are service objectives). ' +
        '"Discussion Date" is the job plan meeting; "Position" is the grade; "Department" the specialty and "Division" the care group; ' +
        '"Contract Type: Full Time" is full_time true; "Availability Supplement: 3%" is 3. The summary\'s declared PAs agree with the ' +
        'timetable (DCC 8.5 includes the additional PA); "Total" (C29), "of which Additional PAs" (C30) and "Total PAs" (G16) are not ' +
        'fields. Each activity\'s session is its start-end time ("09:00-13:00"). "Printed: ..." and "Period: ..." are not fields. The ' +
        'manager\'s name (E30) is not a field. A reader that takes the value from B (the cell right of the label) reads nothing.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 3. SAS doctor, two sheets: "Summary" with question labels, "Schedule" table

function sasTwoSheet(): BlindExample {
  const key = new KeyRecorder();
  const wb = newWorkbook('SAS job plan');
  const s = sheet(wb, key, 'Summary');
  s.widths([44, 52, 16, 16]);
  s.put('A1', 'SAS Doctor Job Plan - Summary', { font: { bold: true, size: 13 } });
  s.put('A2', 'Please answer every question. Your weekly schedule is on the Schedule tab.', { font: { italic: true, color: { argb: 'FF595959' } } });
  const q: [number, string, PlanFieldName, ExcelJS.CellValue | undefined, Canon?][] = [
    [4, "Doctor's name", 'practitioner_name', 'Dr Marek Zielinski'],
    [5, 'Grade', 'grade', 'Specialty Doctor'],
    [6, 'Specialty / team', 'specialty', 'Crisis Resolution and Home Treatment'],
    [7, 'Care group', 'care_group', 'Mental Health'],
    [8, 'Employing Trust', 'organisation', 'CPFT'],
    [9, 'Staff group', 'staff_group', 'Medical', 'medical'],
    [10, 'Number of PAs in your contract?', 'contracted_pas', 8],
    [11, 'Less than full time?', 'full_time', 'Yes', false],
    [12, 'Flexible working agreement?', 'flexible_working', 'Yes', true],
    [13, 'When is it reviewed?', 'flexible_working_review_date', 'April 2027', '2027-04-30'],
    [14, 'On call?', 'on_call_rota', 'Yes', true],
    [15, 'Which rota?', 'on_call_rota_name', 'Psychiatry first on call (North Cumbria)'],
    [16, 'How often?', 'on_call_frequency', '1 in 12', 12],
    [17, 'Category A or B?', 'on_call_category', 'A'],
    [19, 'Type of job plan?', 'plan_kind', 'Annual', 'annual'],
    [20, 'Date of job plan meeting?', 'meeting_date', longOrdinal('2026-09-09'), '2026-09-09'],
    [21, 'Date job plan starts?', 'start_date', '01/10/2026', '2026-10-01'],
    [22, 'Next review?', 'review_date', 'September 2027', '2027-09-30'],
    [24, 'Do you do any private practice or fee-paying work?', 'private_practice_statement', undefined, null],
    [25, 'Any external duties?', 'external_duties_statement', 'No'],
    [26, 'Any managerial responsibilities?', 'managerial_responsibilities', 'No'],
    [27, 'What resources does the Trust provide?', 'supporting_resources', 'Shared CRHT office and admin support, laptop, lease car for home visits'],
  ];
  for (const [r, label, field, raw, canon] of q) {
    s.put(`A${r}`, label, { font: BOLD, fill: fill('FFFFF2CC'), border: true });
    s.field(field, `B${r}`, raw, canon, { border: true, wrap: true });
  }
  s.put('A29', 'Objectives', { font: { bold: true, size: 12 } });
  ['Personal or service?', 'Objective', 'How measured?', 'By when?'].forEach((h, i) => s.put(`${'ABCD'[i]}30`, h, { font: BOLD, border: true, fill: fill('FFFFF2CC') }));
  const objectiveRows: [string, string, string, string][] = [
    ['Personal', 'Gain Section 12(2) approval', 'Approval letter from the approvals panel', '2027-03-31'],
    ['Service', 'Cut the time from referral to CRHT assessment to under 4 hours for 90% of referrals', 'Monthly CRHT dashboard', '2027-06-30'],
  ];
  objectiveRows.forEach(([t, o, m, due], i) => {
    const r = 31 + i;
    s.put(`A${r}`, t, { border: true });
    s.put(`B${r}`, o, { border: true, wrap: true });
    s.put(`C${r}`, m, { border: true, wrap: true });
    s.put(`D${r}`, ukText(due), { border: true });
  });
  const objectives = objectiveRows.map(([t, o, m, due]) => obj(t === 'Personal' ? 'personal' : 'service', o, m, due));
  s.put('A34', 'Signed by doctor?', { font: BOLD, fill: fill('FFFFF2CC'), border: true });
  s.field('signed_practitioner_date', 'B34', d('2026-09-16'), undefined, { border: true, numFmt: 'dd/mm/yyyy' });
  s.put('A35', 'Signed by clinical lead / director?', { font: BOLD, fill: fill('FFFFF2CC'), border: true });
  s.field('signed_manager_date', 'B35', d('2026-10-01'), undefined, { border: true, numFmt: 'dd/mm/yyyy' });

  const t = sheet(wb, key, 'Schedule');
  t.widths([12, 14, 46, 38, 14]);
  t.put('A1', 'Weekly schedule', { font: { bold: true, size: 13 } });
  ['Weekday', 'Time of day', 'Description of duty', 'Category of PA', 'Programmed activities'].forEach((h, i) =>
    t.put(`${'ABCDE'[i]}3`, h, { font: BOLD, border: true, fill: fill('FFE2EFDA'), wrap: true }));
  const DCC = 'Direct clinical care';
  const SPA = 'Supporting professional activities';
  const rows: [string, string, string, string, 'DCC' | 'SPA', number][] = [
    ['Monday', 'Morning', 'CRHT handover and home visits', DCC, 'DCC', 1],
    ['Monday', 'Afternoon', 'Crisis assessments (A&E and community)', DCC, 'DCC', 1],
    ['Tuesday', 'Morning', 'CRHT MDT', DCC, 'DCC', 1],
    ['Tuesday', 'Afternoon', 'CPD and appraisal preparation', SPA, 'SPA', 1],
    ['Thursday', 'Morning', 'Home visits', DCC, 'DCC', 1],
    ['Thursday', 'Afternoon', 'Clinical administration', DCC, 'DCC', 1],
    ['Friday', 'Morning', 'Crisis assessments (A&E and community)', DCC, 'DCC', 1],
    ['Friday', 'Afternoon', 'Teaching medical students', 'SPA', 'SPA', 0.5],
  ];
  rows.forEach(([day, time, what, cat, , pas], i) => {
    const r = 4 + i;
    [day, time, what, cat, pas].forEach((v, c) => t.put(`${'ABCDE'[c]}${r}`, v, { border: true }));
  });
  t.put('A12', 'Wednesday: non-working day (LTFT)', { font: { italic: true } });
  t.put('D13', 'Total', { font: BOLD });
  t.put('E13', { formula: 'SUM(E4:E11)', result: 7.5 }, { font: BOLD });
  const activities = rows.map(([day, time, what, , category, pas]) => act(day, time, what, category, pas));

  const fire: RuleId[] = ['pa.total-matches-contract', 'private-practice.statement'];
  const unsure: RuleId[] = [GROUP_RULE];
  return {
    file: `${DIR}/sas-two-sheet-summary-schedule.xlsx`,
    bytes: () => workbookToBuffer(wb),
    plans: [{ plan: key.plan({ activities, objectives }) }],
    unsure,
    truth: {
      layout:
        'Two sheets. "Summary": a title and a guidance line, then label/value pairs (labels in A on yellow shaded bordered cells, values ' +
        'in B), most labels written as QUESTIONS ending in "?" ("Number of PAs in your contract?", "Less than full time?", "On call?", ' +
        '"How often?", "Category A or B?", "Date of job plan meeting?", "Do you do any private practice or fee-paying work?", "Signed by ' +
        'doctor?"), yes/no answers as Yes/No; an objectives table (Personal or service? | Objective | How measured? | By when?) between ' +
        'the questions and the two signature questions. "Schedule": a table with header row 3 "Weekday | Time of day | Description of ' +
        'duty | Category of PA | Programmed activities", categories written as words, then an italic note row "Wednesday: non-working day ' +
        '(LTFT)" and a Total row with a cached SUM. Dates: "9th September 2026" (ordinal text), "01/10/2026" (text), "April 2027" and ' +
        '"September 2027" (month only), Excel dates for the signatures, objective dates as dd/mm/yyyy text.',
      kind: 'plan',
      today: TODAY,
      policy: POLICY,
      fields: key.fields,
      lists: { activities: activityTotals(activities), objectives: objectiveCounts(objectives) },
      uncalculated: [],
      expect_fire: fire,
      expect_quiet: quiet(fire, unsure),
      notes:
        'Problems: the schedule holds 7.5 PAs (DCC 6, SPA 1.5) on an 8 PA contract (pa.total-matches-contract: Friday afternoon teaching ' +
        'is 0.5); the private practice question is left blank (private-practice.statement). SPA 1.5 is the norm for a specialty doctor, so ' +
        'spa rules are quiet. "Less than full time? Yes" means full_time FALSE (the question is the negation of the field). "Flexible ' +
        'working agreement? Yes" with review "April 2027" (a deadline: 2027-04-30). "How often? 1 in 12" is the on-call frequency, ' +
        '"Category A or B? A" the category. "Any external duties? No" and "Any managerial responsibilities? No" are statements recorded as ' +
        '"No" (none). "Employing Trust: CPFT" is the organisation as written. "Signed by clinical lead / director?" is the clinical ' +
        'manager\'s signature, 22 days after the 09/09/2026 meeting. The row "Wednesday: non-working day (LTFT)" is a note, not an ' +
        'activity; the Total row is not an activity.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Registers

interface RegisterColumn {
  readonly header: string;
  readonly field?: PlanFieldName;
  /** The canonical value of a raw cell (identity when absent). */
  readonly canon?: (raw: string | number) => Canon;
  readonly date?: boolean;
  readonly hidden?: boolean;
}

function statusOf(words: Record<string, NonNullable<JobPlan['status']>>): (raw: string | number) => Canon {
  return (raw) => {
    const v = words[String(raw)];
    if (!v) throw new Error(`internal: status ${raw}`);
    return v;
  };
}

/** The canonical plan of each register row: each field column's canonical value, blanks left out. */
function registerPlans(columns: readonly RegisterColumn[], rows: readonly (string | number | null)[][], firstRow: number): { plan: JobPlan; row: number }[] {
  return rows.map((raw, i) => {
    const plan: Record<string, Canon> = {};
    columns.forEach((c, k) => {
      const v = raw[k];
      if (!c.field || v === null || v === undefined || v === '') return;
      plan[c.field] = c.canon ? c.canon(v) : v;
    });
    return { plan: plan as JobPlan, row: firstRow + i };
  });
}

function registerFields(sheetName: string, columns: readonly RegisterColumn[], plan: JobPlan, row: number, raw: readonly (string | number | null)[]): Record<string, TruthField> {
  const out: Record<string, TruthField> = {};
  columns.forEach((c, k) => {
    if (!c.field) return;
    out[c.field] = { cell: ref(sheetName, `${colLetter(k)}${row}`), value: raw[k] === null ? null : ((plan[c.field] as Canon | undefined) ?? null) };
  });
  return out;
}

function registerColumns(columns: readonly RegisterColumn[]): Record<string, string> {
  return Object.fromEntries(columns.filter((c) => c.field).map((c) => [c.field!, c.header]));
}


// ---------------------------------------------------------------------------------------------------------------
// 4. A Zircadian-style job plan status report saved as CSV: two title lines, split names, dates 12-Mar-26

const ZIRC_STATUS = statusOf({ 'Signed Off': 'signed off', Agreed: 'agreed', 'In Progress': 'in discussion', 'Not Started': 'draft', Disputed: 'disputed' });
const ZIRC_COLUMNS: RegisterColumn[] = [
  { header: 'Surname', field: 'practitioner_name' },
  { header: 'Forename' },
  { header: 'Title' },
  { header: 'Staff Number', field: 'employee_number' },
  { header: 'Grade', field: 'grade' },
  { header: 'Specialty', field: 'specialty' },
  { header: 'Directorate', field: 'care_group' },
  { header: 'Employing Organisation', field: 'organisation' },
  { header: 'Contracted PAs', field: 'contracted_pas' },
  { header: 'DCC PAs', field: 'declared_dcc_pas' },
  { header: 'SPA PAs', field: 'declared_spa_pas' },
  { header: 'Other NHS PAs', field: 'declared_anr_pas' },
  { header: 'Job Plan Status', field: 'status', canon: ZIRC_STATUS },
  { header: 'Date of Discussion', field: 'meeting_date', date: true },
  { header: 'Date Job Plan Agreed', field: 'signed_practitioner_date', date: true },
  { header: 'Date Signed Off', field: 'signed_manager_date', date: true },
  { header: 'Review Date', field: 'review_date', date: true },
];

function zircRows(): (string | number | null)[][] {
  const MH = 'Mental Health';
  const CF = 'Children and Families';
  // Surname, Forename, Title, Staff Number, Grade, Specialty, Directorate, Org, Contracted, DCC, SPA, Other, Status, Discussion, Agreed, Signed Off, Review
  const rows: [string, string, string, string, string, string, number, number, number, number, string, string | null, string | null, string | null, string | null][] = [
    ['Ashworth', 'Jane', 'Consultant', 'Old Age Psychiatry', MH, 'CPFT', 10, 7.5, 2.5, 0, 'Signed Off', '2026-03-12', '2026-03-19', '2026-04-02', '2027-03-31'],
    ['Bhatt', 'Vikram', 'Consultant', 'General Adult Psychiatry', MH, 'CPFT', 10, 8, 2, 0, 'Signed Off', '2026-02-03', '2026-02-10', '2026-02-24', '2027-02-28'],
    ['Campbell', 'Morag', 'Specialty Doctor', 'General Adult Psychiatry', MH, 'CPFT', 10, 8.5, 1.5, 0, 'Signed Off', '2025-10-21', '2025-10-28', '2025-11-04', '2026-10-31'],
    ['Delaney', 'Patrick', 'Consultant', 'Child and Adolescent Psychiatry', CF, 'CPFT', 10, 7.5, 2.5, 0, 'Agreed', '2026-09-29', '2026-10-06', null, '2027-09-30'],
    ['Ellis', 'Sarah', 'Consultant', 'Perinatal Psychiatry', CF, 'CPFT', 6, 4.5, 1.5, 0, 'Signed Off', '2026-04-21', '2026-04-28', '2026-05-12', '2027-04-30'],
    ['Farouk', 'Omar', 'Associate Specialist', 'General Adult Psychiatry', MH, 'CPFT', 10, 9, 1, 0, 'Signed Off', '2026-05-19', '2026-05-26', '2026-06-09', '2027-05-31'],
    ['Gallagher', 'Róisín', 'Consultant', 'Rehabilitation Psychiatry', MH, 'CPFT', 10, 7.5, 2.5, 0.5, 'Signed Off', '2026-01-14', '2026-01-21', '2026-02-04', '2027-01-31'],
    ['Hussein', 'Layla', 'Consultant', 'Liaison Psychiatry', MH, 'CPFT', 10, 7.5, 2.5, 0, 'In Progress', '2026-11-10', null, null, null],
    ['Irving', 'Thomas', 'Specialist', 'Forensic Psychiatry', MH, 'CPFT', 10, 8.5, 1.5, 0, 'Signed Off', '2026-06-16', '2026-06-23', '2026-07-24', '2027-06-30'],
    ['Jones', 'Ffion', 'Consultant', 'Learning Disability Psychiatry', MH, 'CPFT', 10, 7.5, 2.5, 0, 'Not Started', null, null, null, null],
    ['Kaur', 'Harpreet', 'Specialty Doctor', 'Child and Adolescent Psychiatry', CF, 'CPFT', 8, 6.5, 1.5, 0, 'Signed Off', '2026-07-07', '2026-07-14', '2026-07-21', '2027-07-31'],
    ['Lowther', 'Ian', 'Consultant', 'General Adult Psychiatry', MH, 'CPFT', 10, 7.5, 2.5, 0, 'Disputed', '2026-08-05', null, null, null],
  ];
  return rows.map(([sur, fore, grade, spec, dir, org, c, dcc, spa, oth, st, m, a, so, rev], i) => [
    sur, fore, 'Dr', `${String(81234 + i * 377).padStart(7, '0')}`, grade, spec, dir, org, c, dcc, spa, oth, st, m, a, so, rev,
  ]);
}

const ZIRC_ROW_FIRES: Record<number, RuleId[]> = {
  1: ['spa.expected'],
  2: ['review.annual'],
  3: ['signoff.both-parties', 'signoff.within-deadline'],
  5: ['spa.minimum', 'spa.expected'],
  6: ['pa.total-matches-contract'],
  7: ['signoff.both-parties'],
  8: ['signoff.within-deadline'],
  9: ['signoff.both-parties'],
};

function zircadianCsv(): BlindExample {
  const rows = zircRows();
  const first = 4;
  const plans = registerPlans(ZIRC_COLUMNS, rows, first);
  const base = 'zircadian-status-report';
  const lines = [
    'Job Plan Status Report - Medical Staff',
    'Cumbria Partnership NHS Foundation Trust,Run date: 20-Nov-26,Filter: All directorates',
    ZIRC_COLUMNS.map((c) => csvField(c.header)).join(','),
    ...rows.map((r) => r.map((v, k) => csvField(v !== null && ZIRC_COLUMNS[k]!.date ? shortDash(String(v)) : v)).join(',')),
  ];
  const bytes = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
  const { union, byRow } = rowFires(ZIRC_ROW_FIRES, first);
  const fire: RuleId[] = [...union, GROUP_RULE];
  return {
    file: `${DIR}/${base}.csv`,
    bytes: () => Promise.resolve(bytes),
    plans,
    unsure: [],
    truth: {
      layout:
        'A Zircadian-style "Job Plan Status Report" saved as CSV: UTF-8 without a byte order mark, CRLF, line 1 a title, line 2 a second ' +
        'title line with three comma-separated parts (Trust, "Run date: 20-Nov-26", "Filter: All directorates"), the header on line 3 and ' +
        '12 data lines (4-15); no Total line. The name is SPLIT: "Surname", "Forename", "Title" (Dr). Other headers: Staff Number, Grade, ' +
        'Specialty, Directorate, Employing Organisation (CPFT), Contracted PAs, DCC PAs, SPA PAs, Other NHS PAs, Job Plan Status, Date of ' +
        'Discussion, Date Job Plan Agreed, Date Signed Off, Review Date. Dates are text with a TWO-DIGIT year: "12-Mar-26". jobplan reads ' +
        `it as one sheet named "${base}".`,
      kind: 'register',
      today: TODAY,
      policy: POLICY,
      rows: rows.length,
      fields: registerFields(base, ZIRC_COLUMNS, plans[0]!.plan, first, rows[0]!),
      columns: registerColumns(ZIRC_COLUMNS),
      uncalculated: [],
      expect_fire: fire,
      expect_quiet: quiet(fire, []),
      row_expect_fire: byRow,
      notes:
        'SPLIT NAMES: the model has one practitioner_name and a key field one cell, so the key records the "Surname" column only ' +
        '(practitioner_name "Ashworth" for line 4); a careful human would write "Dr Jane Ashworth" from Title + Forename + Surname, which ' +
        'no single cell holds. Row numbers in row_expect_fire are the lines of the Surname cells. "Date Job Plan Agreed" is the doctor\'s ' +
        'agreement (first sign-off, signed_practitioner_date) and "Date Signed Off" the clinical manager\'s sign-off ' +
        '(signed_manager_date); "Date of Discussion" is the job plan meeting. Two-digit years are 20xx ("12-Mar-26" = 2026-03-12, ' +
        '"31-Oct-26" = 2026-10-31). Status: Signed Off = signed off, Agreed = agreed (awaiting the manager), In Progress = in discussion, ' +
        'Not Started = draft, Disputed = disputed. "Other NHS PAs" are ANR PAs. Staff numbers keep leading zeros (text). The export has ' +
        'no ED column and no staff group column (the grades are medical). Today-dependent on 2026-11-23: line 7 (Delaney, discussion ' +
        '29/09/2026, not signed off) has waited 55 days; line 11 (Hussein, discussion 10/11/2026) 13 days (within); line 6 (Campbell) ' +
        'was signed off 04/11/2025, 12.6 months ago (review.annual); line 12 (Irving) was signed off 38 days after the discussion; line ' +
        '15 (Lowther, Disputed) does not fire the sign-off rules; line 13 (Jones, Not Started) has no dates: signoff.both-parties only. ' +
        'Line 8 (Ellis) is a 6 PA consultant, so the 2.5 SPA norm does not apply. Line 10 (Gallagher) has the accented forename "Róisín". ' +
        'register.completion-report (info) fires once per Directorate when checked as a register.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 5. A numbered form: numbering in A, labels in B, values in D; sign-off as a Role | Name | Signature | Date table

function numberedForm(): BlindExample {
  const key = new KeyRecorder();
  const wb = newWorkbook('Consultant job plan (form MS-JP1)');
  const s = sheet(wb, key, 'MS-JP1');
  s.widths([6, 40, 26, 40, 12, 12]);
  s.merge('A1:F1');
  s.put('A1', 'Medical Staffing form MS-JP1: Consultant Job Plan', { font: { bold: true, size: 13 } });
  s.merge('A2:F2');
  s.put('A2', 'Version 4 (2025). Return the completed form to Medical Staffing within 28 days of the job plan meeting.', { font: { italic: true, size: 9 } });
  const section = (r: number, n: string, title: string): void => {
    s.put(`A${r}`, n, { font: BOLD, fill: fill('FFD6DCE4') });
    s.merge(`B${r}:F${r}`);
    s.put(`B${r}`, title, { font: BOLD, fill: fill('FFD6DCE4') });
  };
  const item = (r: number, n: string, label: string, field: PlanFieldName, raw: ExcelJS.CellValue | undefined, canon?: Canon, hint?: string): void => {
    s.put(`A${r}`, n);
    s.put(`B${r}`, label);
    if (hint) s.put(`C${r}`, hint, { font: { italic: true, size: 8, color: { argb: 'FF808080' } } });
    s.field(field, `D${r}`, raw, canon, { border: true, wrap: true, ...(raw instanceof Date ? { numFmt: 'dd mmm yyyy' } : {}) });
  };
  section(4, '1', 'Personal details');
  item(5, '1.1', 'Name', 'practitioner_name', 'Dr Adaeze Okafor');
  item(6, '1.2', 'Grade', 'grade', 'Consultant');
  item(7, '1.3', 'Specialty', 'specialty', 'Liaison Psychiatry');
  item(8, '1.4', 'Care group', 'care_group', 'Mental Health');
  item(9, '1.5', 'Employer', 'organisation', CPFT);
  item(10, '1.6', 'Staff group', 'staff_group', 'Medical', 'medical');
  item(11, '1.7', 'Payroll number', 'employee_number', '44019372', undefined, '(8 digits)');
  section(13, '2', 'Contract and review');
  item(14, '2.1', 'Number of contracted PAs', 'contracted_pas', 10);
  item(15, '2.2', 'Whole time equivalent', 'wte', 1);
  item(16, '2.3', 'Type of review', 'plan_kind', 'Annual', 'annual', '(annual / interim / change)');
  item(17, '2.4', 'Date of job plan meeting', 'meeting_date', d('2026-07-15'));
  item(18, '2.5', 'Job plan effective from', 'start_date', d('2026-08-01'));
  item(19, '2.6', 'Date of next review', 'review_date', d('2027-07-31'));
  item(20, '2.7', 'Reason SPA differs from 2.5 (if it does)', 'spa_justification', 'By agreement 0.5 PA of SPA time is used for the Trust College Tutor role, shown as ANR');

  section(22, '3', 'Weekly timetable (enter the PAs under the category)');
  ['Day', 'Session', 'Activity', 'DCC', 'SPA', 'ANR'].forEach((h, i) => s.put(`${'ABCDEF'[i]}23`, h, { font: BOLD, border: true, fill: fill('FFEDEDED') }));
  type Row = [string, string, string, 'DCC' | 'SPA' | 'ANR', number];
  const rows: Row[] = [
    ['Mon', 'AM', 'Liaison referrals - general hospital wards', 'DCC', 1],
    ['Mon', 'PM', 'Emergency department assessments', 'DCC', 1],
    ['Tue', 'AM', 'Liaison outpatient clinic', 'DCC', 1],
    ['Tue', 'PM', 'CPD and revalidation', 'SPA', 1],
    ['Wed', 'AM', 'Liaison team MDT', 'DCC', 1],
    ['Wed', 'PM', 'College Tutor duties', 'ANR', 0.5],
    ['Wed', 'PM', 'Clinical administration', 'DCC', 0.5],
    ['Thu', 'AM', 'Liaison referrals - general hospital wards', 'DCC', 1],
    ['Thu', 'PM', 'Audit and teaching', 'SPA', 1],
    ['Fri', 'AM', 'Emergency department assessments', 'DCC', 1],
    ['Fri', 'PM', 'Clinical administration', 'DCC', 1],
  ];
  rows.forEach(([day, session, what, cat, pas], i) => {
    const r = 24 + i;
    s.put(`A${r}`, day, { border: true });
    s.put(`B${r}`, session, { border: true });
    s.put(`C${r}`, what, { border: true, wrap: true });
    (['DCC', 'SPA', 'ANR'] as const).forEach((c, k) => s.put(`${'DEF'[k]}${r}`, c === cat ? pas : null, { border: true }));
  });
  s.put('C35', 'Totals', { font: BOLD });
  s.put('D35', { formula: 'SUM(D24:D34)', result: 7.5 }, { font: BOLD });
  s.put('E35', { formula: 'SUM(E24:E34)', result: 2 }, { font: BOLD });
  s.put('F35', { formula: 'SUM(F24:F34)', result: 0.5 }, { font: BOLD });
  const activities = rows.map(([day, session, what, cat, pas]) => act(FULL_DAY[day]!, session, what, cat, pas));

  section(37, '4', 'On-call');
  item(38, '4.1', 'Member of an on-call rota', 'on_call_rota', 'Y', true);
  item(39, '4.2', 'Rota frequency', 'on_call_frequency', 10, undefined, '(1 in ...)');
  item(40, '4.3', 'Availability supplement category', 'on_call_category', 'B');

  section(42, '5', 'Objectives');
  ['No.', 'Objective', 'Personal / Service', 'Measure', 'Due'].forEach((h, i) => s.put(`${'ABCDE'[i]}43`, h, { font: BOLD, border: true, fill: fill('FFEDEDED') }));
  const objectiveRows: [string, string, string, string, string][] = [
    ['5.1', 'Complete the Trust mentoring skills course', 'Personal', 'Certificate of completion', '2027-01-31'],
    ['5.2', 'Set up a frailty and delirium liaison pathway with the acute Trust', 'Service', 'Pathway agreed by both Trusts\' governance groups', '2027-06-30'],
  ];
  objectiveRows.forEach(([n, o, t, m, due], i) => {
    const r = 44 + i;
    [n, o, t, m].forEach((v, c) => s.put(`${'ABCD'[c]}${r}`, v, { border: true, wrap: c === 1 || c === 3 }));
    s.put(`E${r}`, d(due), { border: true, numFmt: 'mmm yyyy' });
  });
  const objectives = objectiveRows.map(([, o, t, m, due]) => obj(t === 'Personal' ? 'personal' : 'service', o, m, due));

  section(47, '6', 'Other information');
  item(48, '6.1', 'Private practice / fee-paying work', 'private_practice_statement', 'None undertaken');
  item(49, '6.2', 'External duties', 'external_duties_statement', 'None');
  item(50, '6.3', 'Managerial responsibilities', 'managerial_responsibilities', 'Trust College Tutor (RCPsych) - see timetable');
  item(51, '6.4', 'Resources required / provided', 'supporting_resources', 'Liaison team secretary, office at the Cumberland Infirmary liaison base, laptop');

  section(53, '7', 'Sign-off');
  ['Role', 'Name', 'Signature', 'Date'].forEach((h, i) => s.put(`${'BCDE'[i]}54`, h, { font: BOLD, border: true, fill: fill('FFEDEDED') }));
  s.put('B55', 'Consultant', { border: true });
  s.put('C55', 'Dr Adaeze Okafor', { border: true });
  s.put('D55', 'A Okafor (e-signed)', { border: true });
  s.field('signed_practitioner_date', 'E55', d('2026-07-22'), undefined, { border: true, numFmt: 'dd/mm/yy' });
  s.put('B56', 'Clinical Director', { border: true });
  s.put('C56', 'Dr Neil Armitage', { border: true });
  s.put('D56', 'N Armitage (e-signed)', { border: true });
  s.field('signed_manager_date', 'E56', d('2026-08-28'), undefined, { border: true, numFmt: 'dd/mm/yy' });

  const fire: RuleId[] = ['signoff.within-deadline'];
  const unsure: RuleId[] = [GROUP_RULE];
  return {
    file: `${DIR}/numbered-form-signoff-table.xlsx`,
    bytes: () => workbookToBuffer(wb),
    plans: [{ plan: key.plan({ activities, objectives }) }],
    unsure,
    truth: {
      layout:
        'A Medical Staffing form on one sheet "MS-JP1". Column A holds the numbering ("1", "1.1", "1.2" ... "7"), column B the labels ' +
        '(no colons), column C is empty except three small grey hints ("(8 digits)", "(annual / interim / change)", "(1 in ...)"), and ' +
        'the values are in column D, bordered. Section rows are a number in A and a merged shaded B:F title ("1 Personal details" ... ' +
        '"7 Sign-off"). The timetable (section 3) is a table "Day | Session | Activity | DCC | SPA | ANR" whose PAs sit under the ' +
        'category column they belong to (one of DCC/SPA/ANR per row; no category column), days as "Mon".."Fri", Wednesday PM split into ' +
        'two rows, and a "Totals" row of cached SUMs. Objectives are a table with the numbering in its own column (No. | Objective | ' +
        'Personal / Service | Measure | Due) and due dates shown "mmm yyyy" (real dates). Sign-off is a small table "Role | Name | ' +
        'Signature | Date" starting in B, with rows "Consultant" and "Clinical Director"; dates dd/mm/yy.',
      kind: 'plan',
      today: TODAY,
      policy: POLICY,
      fields: key.fields,
      lists: { activities: activityTotals(activities), objectives: objectiveCounts(objectives) },
      uncalculated: [],
      expect_fire: fire,
      expect_quiet: quiet(fire, unsure),
      notes:
        'Problem: the Clinical Director signed on 28/08/2026, 44 days after the 15/07/2026 meeting (signoff.within-deadline); the ' +
        'consultant signed on day 7. Otherwise compliant: 11 rows give 10 PAs (DCC 7.5, SPA 2, ANR 0.5) = contract; SPA 2.0 differs ' +
        'from the 2.5 consultant norm but item 2.7 records the reason (spa_justification), so spa.expected is quiet; on call Y, 1 in 10 ' +
        '(written as the number 10 beside the hint "(1 in ...)"), category B. "Y" is yes; "None undertaken" is a private practice ' +
        'statement. Each timetable row\'s category is the column its number is in. "Whole time equivalent 1" is wte 1. Objective due ' +
        'dates are real Excel dates (31/01/2027 and 30/06/2027) displayed as "Jan 2027"/"Jun 2027". The hints in C are not values. The ' +
        'sign-off Name and Signature cells are not fields; the Date column gives signed_practitioner_date (Consultant row) and ' +
        'signed_manager_date (Clinical Director row).',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 6. A Medical Staffing tracker: wrapped headers, hidden columns, a Total row

const TRACKER_STATUS = statusOf({
  Complete: 'signed off', 'Awaiting CD signature': 'agreed', 'Awaiting consultant signature': 'agreed', 'Meeting booked': 'draft', 'In discussion': 'in discussion',
});
const TRACKER_COLUMNS: RegisterColumn[] = [
  { header: 'Name', field: 'practitioner_name' },
  { header: 'Staff\nNumber', field: 'employee_number' },
  { header: 'Cost\nCentre', hidden: true },
  { header: 'GMC\nNo.', hidden: true },
  { header: 'Grade', field: 'grade' },
  { header: 'Specialty', field: 'specialty' },
  { header: 'Care\nGroup', field: 'care_group' },
  { header: 'Organisation', field: 'organisation' },
  { header: 'Contracted\nPAs', field: 'contracted_pas' },
  { header: 'DCC\nPAs', field: 'declared_dcc_pas' },
  { header: 'SPA\nPAs', field: 'declared_spa_pas' },
  { header: 'ANR\nPAs', field: 'declared_anr_pas' },
  { header: 'ED\nPAs', field: 'declared_ed_pas' },
  { header: 'Date of\nJob Plan\nMeeting\n2025/26', date: true, hidden: true },
  { header: 'Date of\nJob Plan\nMeeting', field: 'meeting_date', date: true },
  { header: 'Signed by\nConsultant', field: 'signed_practitioner_date', date: true },
  { header: 'Signed by\nClinical\nDirector', field: 'signed_manager_date', date: true },
  { header: 'Job Plan\nStatus', field: 'status', canon: TRACKER_STATUS },
  { header: 'Next\nReview\nDue', field: 'review_date', date: true },
];

function trackerRows(): (string | number | null)[][] {
  const MH = 'Mental Health';
  const LD = 'Learning Disability';
  type Spec = [string, string, string, string, number, number, number, number, number, string | null, string | null, string | null, string | null, string, string | null];
  const specs: Spec[] = [
    ['Dr Alan Armstrong', 'Consultant', 'General Adult Psychiatry', MH, 10, 7.5, 2.5, 0, 0, '2025-05-14', '2026-05-13', '2026-05-20', '2026-06-03', 'Complete', '2027-05-31'],
    ['Dr Beatriz Costa', 'Consultant', 'Old Age Psychiatry', MH, 10, 7, 2.5, 0.5, 0, '2025-04-09', '2026-04-15', '2026-04-22', '2026-05-06', 'Complete', '2027-04-30'],
    ['Dr Callum Doherty', 'Consultant', 'Forensic Psychiatry', MH, 10, 8, 2, 0, 0, '2025-06-11', '2026-06-10', '2026-06-17', '2026-06-24', 'Complete', '2027-06-30'],
    ['Dr Divya Nair', 'Consultant', 'Child and Adolescent Psychiatry', MH, 8, 6, 2, 0, 0, '2025-03-05', '2026-03-04', '2026-03-11', '2026-03-25', 'Complete', '2027-03-31'],
    ['Dr Edward Fenton', 'Consultant', 'Liaison Psychiatry', MH, 10, 7.5, 2.5, 0, 0, '2024-09-04', '2025-09-10', '2025-09-17', '2025-09-24', 'Complete', '2026-09-30'],
    ['Dr Farah Iqbal', 'Consultant', 'General Adult Psychiatry', MH, 10, 7.5, 2.5, 0, 0, '2025-10-01', '2026-10-07', '2026-10-14', null, 'Awaiting CD signature', '2027-10-31'],
    ['Dr Gareth Hughes', 'Consultant', 'Rehabilitation Psychiatry', MH, 10, 7.5, 2.5, 0, 0.5, '2025-02-12', '2026-02-11', '2026-02-18', '2026-03-04', 'Complete', '2027-02-28'],
    ['Dr Helena Novak', 'Consultant', 'Learning Disability Psychiatry', LD, 10, 7.5, 2.5, 0, 0, '2025-11-05', '2026-11-04', null, null, 'Awaiting consultant signature', '2027-11-30'],
    ['Dr Isaac Mensah', 'Consultant', 'General Adult Psychiatry', MH, 10, 8.5, 1, 0.5, 0, '2025-01-15', '2026-01-14', '2026-01-21', '2026-02-04', 'Complete', '2027-01-31'],
    ['Dr Jessica Lamb', 'Consultant', 'Old Age Psychiatry', MH, 10, 7.5, 2.5, 0, 0, '2025-12-03', null, null, null, 'Meeting booked', null],
    ['Dr Kenneth Ogun', 'Consultant', 'Perinatal Psychiatry', MH, 6, 4.5, 1.5, 0, 0, '2025-07-02', '2026-07-01', '2026-07-08', '2026-07-15', 'Complete', '2027-07-31'],
    ['Dr Lorna McBride', 'Consultant', 'Substance Misuse Psychiatry', MH, 10, 7.5, 2.5, 0, 0, '2025-07-09', '2026-07-08', '2026-08-12', '2026-08-14', 'Complete', '2027-07-31'],
    ['Dr Mark Sutherland', 'Consultant', 'Learning Disability Psychiatry', LD, 10, 7.5, 2.5, 0, 0, '2025-08-20', '2026-08-19', '2026-08-26', '2026-09-02', 'Complete', '2027-08-31'],
    ['Dr Nadia Rahim', 'Locum Consultant', 'General Adult Psychiatry', MH, 10, 7.5, 2.5, 0, 0, null, '2026-09-16', '2026-09-23', '2026-09-30', 'Complete', '2027-09-30'],
  ];
  return specs.map(([name, grade, spec, cg, c, dcc, spa, anr, ed, prev, meet, s1, s2, st, rev], i) => [
    name, `${String(5501200 + i * 713)}`, `MH${String(4100 + (i % 4) * 10)}`, `${String(6012345 + i * 1187)}`, grade, spec, cg, CPFT, c, dcc, spa, anr, ed, prev, meet, s1, s2, st, rev,
  ]);
}

const TRACKER_ROW_FIRES: Record<number, RuleId[]> = {
  2: ['spa.expected'],
  4: ['review.annual'],
  5: ['signoff.both-parties', 'signoff.within-deadline'],
  6: ['pa.total-matches-contract'],
  7: ['signoff.both-parties'],
  8: ['spa.minimum', 'spa.expected'],
  9: ['signoff.both-parties'],
  11: ['signoff.within-deadline'],
};

function trackerWrappedHeaders(): BlindExample {
  const rows = trackerRows();
  const first = 4;
  const plans = registerPlans(TRACKER_COLUMNS, rows, first);
  const wb = newWorkbook('Consultant job plan tracker 2026-27');
  const name = 'Tracker 26-27';
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 3 }] });
  ws.mergeCells('A1:S1');
  ws.getCell('A1').value = 'Medical Staffing - Consultant Job Plan Tracker 2026/27';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.mergeCells('A2:S2');
  ws.getCell('A2').value = 'Update after each job plan meeting. Columns C, D and N are hidden (finance and last year).';
  ws.getCell('A2').font = { italic: true, size: 9 };
  TRACKER_COLUMNS.forEach((c, i) => {
    const cell = ws.getCell(3, i + 1);
    cell.value = c.header;
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = fill('FF44546A');
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    cell.border = THIN;
    const col = ws.getColumn(i + 1);
    col.width = i === 0 ? 24 : i === 5 ? 30 : i === 7 ? 38 : i === 17 ? 26 : 11;
    if (c.hidden) col.hidden = true;
  });
  ws.getRow(3).height = 62;
  rows.forEach((r, i) => {
    r.forEach((v, k) => {
      if (v === null) return;
      const cell = ws.getCell(first + i, k + 1);
      if (TRACKER_COLUMNS[k]!.date) {
        cell.value = d(String(v));
        cell.numFmt = 'dd/mm/yyyy';
      } else cell.value = v;
      cell.border = THIN;
    });
  });
  const total = first + rows.length;
  ws.getCell(total, 1).value = 'Total';
  ws.getCell(total, 1).font = BOLD;
  for (let k = 8; k <= 12; k++) {
    const L = colLetter(k);
    const sum = r2(rows.reduce((s, r) => s + (r[k] as number), 0));
    ws.getCell(total, k + 1).value = { formula: `SUBTOTAL(9,${L}${first}:${L}${total - 1})`, result: sum };
    ws.getCell(total, k + 1).font = BOLD;
  }
  ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: total - 1, column: TRACKER_COLUMNS.length } };
  const { union, byRow } = rowFires(TRACKER_ROW_FIRES, first);
  const fire: RuleId[] = [...union, GROUP_RULE];
  return {
    file: `${DIR}/tracker-wrapped-headers.xlsx`,
    bytes: () => workbookToBuffer(wb),
    plans,
    unsure: [],
    truth: {
      layout:
        `A Medical Staffing tracker on sheet "${name}" (frozen panes, an AutoFilter): a merged title (row 1), a merged guidance line ` +
        '(row 2), and the header on row 3 with LINE BREAKS INSIDE the header cells ("Staff\\nNumber", "Care\\nGroup", "Contracted\\nPAs", ' +
        '"DCC\\nPAs", "Date of\\nJob Plan\\nMeeting", "Signed by\\nConsultant", "Signed by\\nClinical\\nDirector", "Job Plan\\nStatus", ' +
        '"Next\\nReview\\nDue"). Three HIDDEN columns: C "Cost\\nCentre", D "GMC\\nNo." and N "Date of\\nJob Plan\\nMeeting\\n2025/26" (last ' +
        'year\'s meeting dates, filled, next to this year\'s visible "Date of\\nJob Plan\\nMeeting" in O). 14 data rows (4-17), then a ' +
        '"Total" row (18) with cached SUBTOTAL formulas under the five PA columns. Dates are Excel dates (dd/mm/yyyy).',
      kind: 'register',
      today: TODAY,
      policy: POLICY,
      rows: rows.length,
      fields: registerFields(name, TRACKER_COLUMNS, plans[0]!.plan, first, rows[0]!),
      columns: registerColumns(TRACKER_COLUMNS),
      uncalculated: [],
      expect_fire: fire,
      expect_quiet: quiet(fire, []),
      row_expect_fire: byRow,
      notes:
        'The hidden column N is LAST YEAR\'s meeting date: meeting_date is column O. A reader that takes N (its header also starts ' +
        '"Date of Job Plan Meeting") would find every plan a year older and fire review.annual wrongly, and would give row 13 (Lamb, ' +
        '"Meeting booked", no meeting yet this year) a meeting. Hidden C (cost centre) and D (GMC number) are not fields. "Signed by ' +
        'Clinical Director" is signed_manager_date. Status: Complete = signed off, Awaiting CD signature / Awaiting consultant signature ' +
        '= agreed, Meeting booked = draft. Row 18 "Total" is not a plan. No staff group column: the grades (Consultant, Locum ' +
        'Consultant) are medical. Today-dependent on 2026-11-23: row 9 (Iqbal, meeting 07/10/2026, CD not signed) has waited 47 days; ' +
        'row 11 (Novak, meeting 04/11/2026) 19 days (within); row 8 (Fenton) was agreed 24/09/2025, 14 months ago (review.annual); row ' +
        '15 (McBride) signed on day 35. Row 10 (Hughes) schedules 10.5 PAs (0.5 ED) on 10; row 12 (Mensah) has SPA 1.0; row 6 (Doherty) ' +
        'SPA 2.0 without a justification column; row 5 (Costa) 7 + 2.5 + 0.5 ANR = 10 is fine; rows 7 and 14 are 8 and 6 PA ' +
        'consultants where the 2.5 norm does not apply. register.completion-report (info) fires once per Care Group when checked as a register.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 7. Days across, AM/PM/EVE down, categories by cell colour only (with a colour legend)

function colourCodedGrid(): BlindExample {
  const key = new KeyRecorder();
  const wb = newWorkbook('Job plan');
  const s = sheet(wb, key, 'My job plan');
  s.widths([26, 26, 26, 26, 26, 26]);
  s.merge('A1:F1');
  s.put('A1', 'Job plan 2026/27', { font: { bold: true, size: 14 } });
  const details: [string, string, PlanFieldName, ExcelJS.CellValue, Canon?][] = [
    ['A3', 'Name', 'practitioner_name', 'Dr Siobhan Tierney'],
    ['C3', 'Grade', 'grade', 'Consultant'],
    ['E3', 'Specialty', 'specialty', 'Psychiatry of Learning Disability'],
    ['A4', 'Care group', 'care_group', 'Learning Disability'],
    ['C4', 'Organisation', 'organisation', CPFT],
    ['E4', 'Staff group', 'staff_group', 'Medical & Dental', 'medical'],
    ['A5', 'PAs (contract)', 'contracted_pas', 8],
    ['C5', 'Hours', 'full_time', 'Part time', false],
    ['E5', 'Plan type', 'plan_kind', 'Annual', 'annual'],
    ['A6', 'Meeting date', 'meeting_date', d('2026-10-14')],
    ['C6', 'Start', 'start_date', d('2026-11-01')],
    ['E6', 'Review by', 'review_date', d('2027-10-31')],
  ];
  for (const [addr, label, field, raw, canon] of details) {
    const value = `${String.fromCharCode(addr.charCodeAt(0) + 1)}${addr.slice(1)}`;
    s.put(addr, `${label}:`, { font: BOLD, align: { horizontal: 'right' } });
    s.field(field, value, raw, canon, { align: { horizontal: 'left' } });
  }
  const GREEN = 'FFC6EFCE';
  const BLUE = 'FFBDD7EE';
  const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
  s.put('A8', null, { border: true, fill: fill('FFF2F2F2') });
  days.forEach((day, i) => s.put(`${'BCDEF'[i]}8`, day, { font: BOLD, border: true, fill: fill('FFF2F2F2'), align: { horizontal: 'center' } }));
  ['AM', 'PM', 'EVE'].forEach((sess, i) => s.put(`A${9 + i}`, sess, { font: BOLD, border: true, fill: fill('FFF2F2F2') }));
  type C = [string, 'DCC' | 'SPA'] | null;
  const grid: C[][] = [
    // AM row, Monday..Friday
    [['Community LD team clinic', 'DCC'], ['Home visits', 'DCC'], null, ['Positive behaviour support MDT', 'DCC'], ['CPD / revalidation', 'SPA']],
    // PM row
    [['Admin', 'DCC'], ['Epilepsy clinic', 'DCC'], null, ['Dementia screening (Down syndrome)', 'DCC'], ['Audit / QI', 'SPA']],
    // EVE row
    [null, null, null, null, null],
  ];
  const sessions = ['AM', 'PM', 'EVE'];
  const activities: Activity[] = [];
  grid.forEach((row, si) => {
    row.forEach((c, di) => {
      const addr = `${'BCDEF'[di]}${9 + si}`;
      if (di === 2 && si < 2) {
        s.put(addr, 'Not working', { border: true, font: { italic: true, color: { argb: 'FF808080' } } });
        return;
      }
      if (!c) {
        s.put(addr, null, { border: true });
        return;
      }
      s.put(addr, c[0], { border: true, fill: fill(c[1] === 'DCC' ? GREEN : BLUE), wrap: true });
      activities.push(act(days[di]!, sessions[si]!, c[0], null, 1));
    });
    s.ws.getRow(9 + si).height = 30;
  });
  s.put('A13', 'Key:', { font: BOLD });
  s.put('B13', null, { fill: fill(GREEN), border: true });
  s.put('C13', '= clinical (DCC)');
  s.put('D13', null, { fill: fill(BLUE), border: true });
  s.put('E13', '= SPA');
  s.merge('A14:F14');
  s.put('A14', 'Every session is 1 PA. Colour each session by type.', { font: { italic: true, size: 9 } });

  s.put('A16', 'Objectives', { font: { bold: true, size: 12 } });
  const objectiveRows: [string, string, string, string][] = [
    ['Personal', 'Complete the RCPsych intellectual disability CPD module on STOMP', 'CPD certificate', '2027-03-31'],
    ['Service', 'Review antipsychotic prescribing for all adults on the LD caseload under STOMP', 'Percentage of caseload reviewed (target 90%)', '2027-09-30'],
  ];
  ['Type', 'Objective', null, 'Measure', null, 'Date'].forEach((h, i) => {
    if (h) s.put(`${'ABCDEF'[i]}17`, h, { font: BOLD, border: true });
  });
  objectiveRows.forEach(([t, o, m, due], i) => {
    const r = 18 + i;
    s.merge(`B${r}:C${r}`);
    s.merge(`D${r}:E${r}`);
    s.put(`A${r}`, t, { border: true });
    s.put(`B${r}`, o, { border: true, wrap: true });
    s.put(`D${r}`, m, { border: true, wrap: true });
    s.put(`F${r}`, d(due), { border: true, numFmt: 'dd/mm/yyyy' });
  });
  const objectives = objectiveRows.map(([t, o, m, due]) => obj(t === 'Personal' ? 'personal' : 'service', o, m, due));

  const other: [number, string, PlanFieldName, ExcelJS.CellValue, Canon?][] = [
    [21, 'On call:', 'on_call_rota', 'N', false],
    [22, 'Private practice:', 'private_practice_statement', 'None'],
    [23, 'External duties:', 'external_duties_statement', 'None'],
    [24, 'Management:', 'managerial_responsibilities', 'None'],
    [25, 'Support:', 'supporting_resources', 'LD team administrator; hot desk at the LD team base; laptop'],
    [27, 'Signed (doctor):', 'signed_practitioner_date', d('2026-10-21')],
    [28, 'Signed (CD):', 'signed_manager_date', d('2026-10-28')],
  ];
  for (const [r, label, field, raw, canon] of other) {
    s.put(`A${r}`, label, { font: BOLD });
    s.merge(`B${r}:D${r}`);
    s.field(field, `B${r}`, raw, canon, { align: { horizontal: 'left' } });
  }

  const fire: RuleId[] = [];
  const unsure: RuleId[] = [GROUP_RULE, 'spa.minimum'];
  return {
    file: `${DIR}/colour-coded-days-across.xlsx`,
    bytes: () => workbookToBuffer(wb),
    plans: [{ plan: key.plan({ activities, objectives }) }],
    unsure,
    truth: {
      layout:
        'One sheet "My job plan". Details as label/value pairs three to a row (labels with colons right-aligned in A, C, E; values in ' +
        'B, D, F). The timetable is a grid with the days Monday-Friday ACROSS row 8 (B-F) and "AM", "PM", "EVE" DOWN column A (rows ' +
        '9-11); the session cells hold only the activity name, and its CATEGORY IS GIVEN ONLY BY THE CELL\'S FILL COLOUR (green = ' +
        'clinical/DCC, blue = SPA) with a colour key on row 13 (coloured empty cells beside "= clinical (DCC)" and "= SPA"); Wednesday ' +
        'AM and PM say "Not working"; the EVE row is empty. A note says every session is 1 PA. Objectives are a small merged-cell table; ' +
        'other information and signatures are label rows with merged value cells.',
      kind: 'plan',
      today: TODAY,
      policy: POLICY,
      fields: key.fields,
      lists: { activities: activityTotals(activities), objectives: objectiveCounts(objectives) },
      uncalculated: [],
      expect_fire: fire,
      expect_quiet: quiet(fire, unsure),
      notes:
        'COLOUR-ONLY CATEGORIES: a careful human reading the colour key sees 6 DCC sessions (green) and 2 SPA sessions (blue: Friday AM ' +
        '"CPD / revalidation" and Friday PM "Audit / QI"), i.e. DCC 6, SPA 2, 8 PAs. The canonical model (and a workbook map) reads cell ' +
        'values, not fills, so the key records the 8 activities UNCATEGORISED (category null; lists dcc_pas and spa_pas 0, total 8) and ' +
        'says so: the categories cannot be read from the cells. spa.minimum is therefore in neither expect_fire nor expect_quiet: ' +
        'judged on the colours the plan has SPA 2.0, which meets the 1.5 minimum (quiet); judged on what can be read (no SPA) it fires. ' +
        'spa.expected is quiet either way (the 2.5 norm applies only to a 10 PA consultant; this one has 8). A reader should report ' +
        'the 8 sessions as uncategorised. Otherwise compliant: 8 PAs scheduled = 8 contracted ("Part time"); not on ' +
        'call ("N"); statements present; one SMART personal and one service objective; signed 7 and 14 days after the 14/10/2026 ' +
        'meeting. "Not working" (Wednesday) is not an activity. "Hours: Part time" is full_time false. "Signed (CD)" is the clinical ' +
        'manager\'s signature.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Writing and checking

export function blindExamples(): BlindExample[] {
  return [weekGridPaInText(), allocatePdfExport(), sasTwoSheet(), zircadianCsv(), numberedForm(), trackerWrappedHeaders(), colourCodedGrid()];
}

export async function generateBlindExamples(root: string): Promise<string[]> {
  const written: string[] = [];
  for (const example of blindExamples()) {
    const path = join(root, example.file);
    await mkdir(dirname(path), { recursive: true });
    const bytes = await example.bytes();
    if (bytes.length > 30 * 1024) throw new Error(`${example.file} is ${bytes.length} bytes (over 30 KB)`);
    await writeFile(path, bytes);
    await writeFile(`${path}.truth.json`, `${JSON.stringify(example.truth, null, 2)}\n`);
    written.push(example.file, `${example.file}.truth.json`);
  }
  return written;
}

export async function checkBlindExamples(root: string): Promise<string[]> {
  const files = loadPolicyFiles([join(root, 'policies')]);
  const library = loadPolicyLibrary(files.policies);
  const problems: string[] = [];
  for (const example of blindExamples()) {
    const { truth } = example;
    const isRegister = truth.kind === 'register';
    const inputs = example.plans.map((p, i) => ({ plan: p.plan, cells: {}, source: `${example.file}#${p.row ?? i}`, kind: isRegister ? ('register-row' as const) : ('plan' as const) }));
    const report = await evaluatePlans(inputs, library, { today: TODAY, groups: isRegister ? 'on' : 'off', evaluatedAt: '2026-01-01T00:00:00Z' });
    const cpft = (f: { policy: { id: string }; notJudged?: unknown }): boolean => f.policy.id === 'cpft-job-planning' && f.notJudged === undefined;
    const perPlan = report.plans.map((p) => new Set(p.findings.filter(cpft).map((f) => f.ruleId)));
    for (const p of report.plans) {
      if (!p.policies.some((a) => a.id === 'cpft-job-planning' && a.version === '2017-04-28')) problems.push(`${p.source}: not judged by ${POLICY} (${p.policies.map((a) => `${a.id}@${a.version}`).join(', ') || 'no policy'})`);
      const others = p.policies.filter((a) => a.id !== 'cpft-job-planning').map((a) => `${a.id}@${a.version}`);
      if (others.length > 0) problems.push(`${p.source}: also judged by ${others.join(', ')}`);
      const notJudged = p.findings.filter((f) => f.policy.id === 'cpft-job-planning' && f.notJudged !== undefined).map((f) => f.ruleId);
      if (notJudged.length > 0 && !isRegister) console.log(`check: note: ${p.source}: not judged: ${notJudged.join(', ')}`);
    }
    const fired = new Set([...perPlan.flatMap((s) => [...s]), ...report.groups.filter(cpft).map((g) => g.ruleId)]);
    for (const r of truth.expect_fire) if (!fired.has(r)) problems.push(`${example.file}: expected ${r} to fire; it did not`);
    for (const r of truth.expect_quiet) if (fired.has(r)) problems.push(`${example.file}: expected ${r} to stay quiet; it fired`);
    for (const r of fired) if (!truth.expect_fire.includes(r) && !truth.expect_quiet.includes(r)) console.log(`check: note: ${example.file}: ${r} fired on the key's plan (listed as neither fire nor quiet)`);
    for (const r of example.unsure) if (!fired.has(r) && r !== GROUP_RULE) console.log(`check: note: ${example.file}: ${r} quiet on the key's plan (listed as neither fire nor quiet)`);
    if (truth.row_expect_fire) {
      example.plans.forEach((p, i) => {
        const want = new Set(truth.row_expect_fire![String(p.row)] ?? []);
        const got = perPlan[i]!;
        const diff = [...new Set([...want, ...got])].filter((r) => want.has(r) !== got.has(r));
        if (diff.length > 0) problems.push(`${example.file} row ${p.row}: expected [${[...want].join(', ')}], engine fired [${[...got].join(', ')}]`);
      });
    }
    if (truth.lists) {
      const facts = deriveFacts(example.plans[0]!.plan, { today: TODAY }, ['total_pas', 'dcc_pas', 'spa_pas']);
      const a = truth.lists.activities;
      for (const [name, want] of [['total_pas', a.total_pas], ['dcc_pas', a.dcc_pas], ['spa_pas', a.spa_pas]] as const) {
        if (facts[name]?.value !== want) problems.push(`${example.file}: lists.activities.${name} is ${want}; the engine computes ${String(facts[name]?.value)}`);
      }
    }
  }
  return problems;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const root = packageRoot();
    for (const file of await generateBlindExamples(root)) console.log(`wrote ${file}`);
    if (process.argv.includes('--check')) {
      const problems = await checkBlindExamples(root);
      for (const p of problems) console.error(`check: ${p}`);
      if (problems.length > 0) process.exitCode = 1;
      else console.log('check: every answer key agrees with the engine on its canonical plans');
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
