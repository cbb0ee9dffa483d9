/**
 * Writes a SECOND blind set of job plan workbooks and exports, in styles the first sets (examples/trusts/,
 * test/fixtures/trust-layouts/, test/fixtures/trust-layouts-blind/) do not cover, each with its answer key
 * (`<file>.truth.json`, the Truth format of scripts/generate-trust-examples.ts), into test/fixtures/trust-layouts-blind-2/:
 *
 *   two-row-header-register.xlsx         merged group headers ("Job plan PAs" over DCC | SPA | ANR | ED, "Signed off" over
 *                                        Consultant | Clinical Director), ungrouped headers merged down over both rows
 *   semicolon-decimal-comma-export.csv   a European-locale export: semicolons, decimal commas ("7,5"), dates 01.04.26
 *   us-dates-text-register.xlsx          a system export with text dates month first (05/19/2026, 03/04/2026 = 4 March)
 *   department-blocks-subtotals.xlsx     department heading rows, blank spacers, sub-total rows, PAs typed as "7.5 PAs",
 *                                        a Total PAs column that disagrees with its parts, text dates ("1st April 2026")
 *   afc-hours-register.xlsx              an Agenda for Change (nursing/AHP) register in HOURS ("Contracted Hrs" 37.5)
 *   ejp-activity-rows.csv                an e-job-planning export with one row per ACTIVITY (long format) for one doctor
 *   welsh-bilingual-named-sheet.xlsx     a Welsh/English form on a sheet named after the doctor, a hidden "Lookups"
 *                                        sheet first, signatures as Yes/No ticks with no dates
 *
 * Every plan is fictional. The key records what a careful human reading the sheet would write down, in the model's
 * canonical field names and values (src-engine/model/job-plan.ts). The rules each key expects to fire are the
 * engine's findings on the key's own canonical plans (worked out here, then read by a human: see each `notes`), so
 * the scorecard measures reading alone.
 *
 * Byte-stable: fixed workbook metadata and zip timestamps, no clock, no randomness.
 *
 *   npm run build && node dist/scripts/generate-blind-trust-layouts-2.js
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type ExcelJS from 'exceljs';
import { evaluatePlans } from '../src-engine/evaluate/evaluate.js';
import type { Activity, JobPlan, PlanFieldName } from '../src-engine/model/job-plan.js';
import { packageRoot } from '../src-engine/node/package-root.js';
import { workbookToBuffer } from '../src-engine/node/write-job-plan-workbook.js';
import { loadPolicyLibrary } from '../src-engine/policy/policy-library.js';
import { act, activityTotals, BOLD, colLetter, CPFT, csvField, d, fill, newWorkbook, ref, TODAY, type Canon, type Truth, type TruthField } from './generate-trust-examples.js';

const DIR = 'test/fixtures/trust-layouts-blind-2';
const CPFT_POLICY = 'cpft-job-planning@2017-04-28';
const NHSE_POLICY = 'nhse-non-medical-job-planning@2022-11-01';

type Raw = string | number | Date | null;

interface Example {
  readonly file: string;
  readonly bytes: () => Promise<Buffer>;
  readonly truth: Omit<Truth, 'expect_fire' | 'expect_quiet' | 'row_expect_fire'>;
  readonly plans: readonly { readonly plan: JobPlan; readonly row?: number }[];
  /**
   * Rules the key lists as neither firing nor quiet: what the workbook cannot say (an export with no objectives or
   * statements), where "not judged" is the right answer and a finding on the blank would be as wrong as silence.
   */
  readonly unsure?: readonly string[];
}

interface Column {
  readonly header: string;
  readonly field?: PlanFieldName;
  /** The group header above it (two-row headers). */
  readonly group?: string;
}

/** One register row: per column its raw cell and its canonical value (undefined: the same as raw). */
type Row = readonly (readonly [Raw, Canon?])[];

function canonOfCell([raw, canon]: readonly [Raw, Canon?]): Canon {
  if (canon !== undefined) return canon;
  if (raw === null) return null;
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  return raw;
}

function registerPlans(columns: readonly Column[], rows: readonly Row[], first: number, rowsAt?: readonly number[]): { plan: JobPlan; row: number }[] {
  return rows.map((r, i) => {
    const plan: Record<string, Canon> = {};
    columns.forEach((c, k) => {
      const v = canonOfCell(r[k]!);
      if (c.field && v !== null) plan[c.field] = v;
    });
    return { plan: plan as JobPlan, row: rowsAt?.[i] ?? first + i };
  });
}

function registerFields(sheet: string, columns: readonly Column[], row: Row, at: number): Record<string, TruthField> {
  const out: Record<string, TruthField> = {};
  columns.forEach((c, k) => {
    if (c.field) out[c.field] = { cell: ref(sheet, `${colLetter(k)}${at}`), value: canonOfCell(row[k]!) };
  });
  return out;
}

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};

function putRow(ws: ExcelJS.Worksheet, at: number, row: Row, dateFormat = 'dd/mm/yyyy'): void {
  row.forEach(([raw], k) => {
    if (raw === null) return;
    const cell = ws.getCell(at, k + 1);
    cell.value = raw;
    if (raw instanceof Date) cell.numFmt = dateFormat;
    cell.border = THIN;
  });
}

const D = (iso: string): readonly [Raw, Canon?] => [d(iso), iso];
const N = (n: number): readonly [Raw, Canon?] => [n];
const S = (s: string, canon?: Canon): readonly [Raw, Canon?] => [s, canon];
const BLANK: readonly [Raw, Canon?] = [null];

// ---------------------------------------------------------------------------------------------------------------
// 1. Two-row header: merged group headers over short sub-headers; ungrouped headers merged down over both rows

const TWO_ROW_COLUMNS: Column[] = [
  { group: 'Practitioner', header: 'Name', field: 'practitioner_name' },
  { group: 'Practitioner', header: 'Staff No.', field: 'employee_number' },
  { group: 'Practitioner', header: 'Grade', field: 'grade' },
  { group: 'Practitioner', header: 'Specialty', field: 'specialty' },
  { header: 'Care Group', field: 'care_group' },
  { header: 'Organisation', field: 'organisation' },
  { header: 'Contracted PAs', field: 'contracted_pas' },
  { group: 'Job plan PAs', header: 'DCC', field: 'declared_dcc_pas' },
  { group: 'Job plan PAs', header: 'SPA', field: 'declared_spa_pas' },
  { group: 'Job plan PAs', header: 'ANR', field: 'declared_anr_pas' },
  { group: 'Job plan PAs', header: 'ED', field: 'declared_ed_pas' },
  { group: 'Job plan meeting', header: 'Date', field: 'meeting_date' },
  { group: 'Job plan meeting', header: 'Next review', field: 'review_date' },
  { group: 'Signed off', header: 'Consultant', field: 'signed_practitioner_date' },
  { group: 'Signed off', header: 'Clinical Director', field: 'signed_manager_date' },
  { header: 'Status', field: 'status' },
];

function twoRowHeader(): Example {
  const MH = 'Mental Health';
  const CF = 'Children and Families';
  const rows: Row[] = [
    [S('Dr Imogen Thwaite'), S('6012001'), S('Consultant'), S('General Adult Psychiatry'), S(MH), S(CPFT), N(10), N(7.5), N(2.5), N(0), N(0), D('2026-04-14'), D('2027-04-30'), D('2026-04-21'), D('2026-05-05'), S('Signed off', 'signed off')],
    [S('Dr Kwame Asante'), S('6012002'), S('Consultant'), S('Old Age Psychiatry'), S(MH), S(CPFT), N(10), N(8), N(2), N(0), N(0), D('2026-02-10'), D('2027-02-28'), D('2026-02-17'), D('2026-02-24'), S('Signed off', 'signed off')],
    [S('Dr Lucy Marr'), S('6012003'), S('Specialty Doctor'), S('General Adult Psychiatry'), S(MH), S(CPFT), N(8), N(6.5), N(1.5), N(0), N(0), D('2026-09-15'), D('2027-09-30'), D('2026-09-22'), BLANK, S('Agreed', 'agreed')],
    [S('Dr Owen Pritchard'), S('6012004'), S('Consultant'), S('Child and Adolescent Psychiatry'), S(CF), S(CPFT), N(10), N(7.5), N(2.5), N(0.5), N(0), D('2026-06-02'), D('2027-06-30'), D('2026-06-09'), D('2026-06-16'), S('Signed off', 'signed off')],
    [S('Dr Sunita Rao'), S('6012005'), S('Consultant'), S('Perinatal Psychiatry'), S(CF), S(CPFT), N(6), N(4.5), N(1.5), N(0), N(0), D('2025-10-07'), D('2026-10-31'), D('2025-10-14'), D('2025-10-21'), S('Signed off', 'signed off')],
    [S('Dr Hamish Baird'), S('6012006'), S('Associate Specialist'), S('Forensic Psychiatry'), S(MH), S(CPFT), N(10), N(9), N(1), N(0), N(0), D('2026-07-07'), D('2027-07-31'), D('2026-07-14'), D('2026-08-25'), S('Signed off', 'signed off')],
    [S('Dr Priya Menon'), S('6012007'), S('Consultant'), S('Liaison Psychiatry'), S(MH), S(CPFT), N(10), N(7.5), N(2.5), N(0), N(0), BLANK, BLANK, BLANK, BLANK, S('Not started', 'draft')],
    [S('Dr Gareth Lloyd'), S('6012008'), S('Consultant'), S('Learning Disability Psychiatry'), S(CF), S(CPFT), N(10), N(7), N(2.5), N(0), N(0.5), D('2026-03-03'), D('2027-03-31'), D('2026-03-10'), D('2026-03-17'), S('Signed off', 'signed off')],
  ];
  const name = 'JP Register 2026-27';
  const wb = newWorkbook('Job plan register 2026-27');
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.mergeCells('A1:P1');
  ws.getCell('A1').value = 'Consultant and SAS job plan register 2026/27';
  ws.getCell('A1').font = { bold: true, size: 14 };
  // Group headers on row 2 (merged across their columns), sub-headers on row 3; an ungrouped header is merged down.
  let k = 0;
  while (k < TWO_ROW_COLUMNS.length) {
    const c = TWO_ROW_COLUMNS[k]!;
    if (!c.group) {
      ws.mergeCells(2, k + 1, 3, k + 1);
      ws.getCell(2, k + 1).value = c.header;
      k += 1;
      continue;
    }
    let end = k;
    while (TWO_ROW_COLUMNS[end + 1]?.group === c.group) end += 1;
    ws.mergeCells(2, k + 1, 2, end + 1);
    ws.getCell(2, k + 1).value = c.group;
    for (let j = k; j <= end; j++) ws.getCell(3, j + 1).value = TWO_ROW_COLUMNS[j]!.header;
    k = end + 1;
  }
  for (let j = 1; j <= TWO_ROW_COLUMNS.length; j++) {
    for (const r of [2, 3]) {
      const cell = ws.getCell(r, j);
      cell.font = BOLD;
      cell.fill = fill('FFD9E1F2');
      cell.border = THIN;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
    ws.getColumn(j).width = j === 1 ? 22 : j === 4 || j === 6 ? 30 : 12;
  }
  const first = 4;
  rows.forEach((r, i) => putRow(ws, first + i, r));
  return {
    file: `${DIR}/two-row-header-register.xlsx`,
    bytes: () => workbookToBuffer(wb),
    plans: registerPlans(TWO_ROW_COLUMNS, rows, first),
    truth: {
      layout:
        `One sheet "${name}": a merged title (row 1), then a TWO-ROW header: row 2 holds merged group headers ("Practitioner" over A:D, ` +
        '"Job plan PAs" over H:K, "Job plan meeting" over L:M, "Signed off" over N:O) and row 3 their sub-headers ("Name", "Staff No.", ' +
        '"Grade", "Specialty", "DCC", "SPA", "ANR", "ED", "Date", "Next review", "Consultant", "Clinical Director"); the ungrouped ' +
        'headers "Care Group", "Organisation", "Contracted PAs" and "Status" are merged down over rows 2:3 (their text is in row 2 only). ' +
        '8 data rows (4-11), Excel dates.',
      kind: 'register',
      today: TODAY,
      policy: CPFT_POLICY,
      rows: rows.length,
      fields: registerFields(name, TWO_ROW_COLUMNS, rows[0]!, first),
      columns: Object.fromEntries(TWO_ROW_COLUMNS.filter((c) => c.field).map((c) => [c.field!, c.group ? `${c.group} / ${c.header}` : c.header])),
      uncalculated: [],
      notes:
        'A reader must join the two header rows: "Date" alone is the job plan MEETING date (its group), "Consultant" under "Signed off" ' +
        "is the consultant's sign-off date (not the grade), \"Clinical Director\" the manager's. The merged-down headers (Care Group, " +
        'Organisation, Contracted PAs, Status) hold their text in row 2 only: a reader taking row 3 alone as the header loses them and ' +
        'judges every plan without contracted PAs. Row 8 (Rao) was last agreed in October 2025 (review.annual on 2026-11-23); row 9 ' +
        '(Baird, Associate Specialist, SPA 1) was signed off 49 days after the meeting; row 6 (Marr) awaits the CD 69 days after the ' +
        'meeting; row 7 (Pritchard) schedules 10.5 on 10; row 5 (Asante) has SPA 2; row 10 (Menon) has no meeting yet.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 2. A European-locale export: semicolons, decimal commas, dates 01.04.26

const EU_COLUMNS: Column[] = [
  { header: 'Mitarbeiter / Employee', field: 'practitioner_name' },
  { header: 'Grade', field: 'grade' },
  { header: 'Specialty', field: 'specialty' },
  { header: 'Directorate', field: 'care_group' },
  { header: 'Organisation', field: 'organisation' },
  { header: 'Contract PAs', field: 'contracted_pas' },
  { header: 'DCC PAs', field: 'declared_dcc_pas' },
  { header: 'SPA PAs', field: 'declared_spa_pas' },
  { header: 'Meeting date', field: 'meeting_date' },
  { header: 'Signed consultant', field: 'signed_practitioner_date' },
  { header: 'Signed CD', field: 'signed_manager_date' },
  { header: 'Review due', field: 'review_date' },
];

const dotted = (iso: string): readonly [Raw, Canon?] => {
  const [y, m, day] = iso.split('-') as [string, string, string];
  return [`${day}.${m}.${y.slice(2)}`, iso];
};
const comma = (n: number): readonly [Raw, Canon?] => [String(n).replace('.', ','), n];

function semicolonExport(): Example {
  const rows: Row[] = [
    [S('Dr Anke Vogel'), S('Consultant'), S('General Adult Psychiatry'), S('Mental Health'), S('CPFT'), comma(10), comma(7.5), comma(2.5), dotted('2026-05-05'), dotted('2026-05-12'), dotted('2026-05-19'), dotted('2027-05-31')],
    [S('Dr Tomasz Nowak'), S('Specialty Doctor'), S('Old Age Psychiatry'), S('Mental Health'), S('CPFT'), comma(7.5), comma(6), comma(1.5), dotted('2026-06-09'), dotted('2026-06-16'), dotted('2026-06-23'), dotted('2027-06-30')],
    [S('Dr Ines Duarte'), S('Consultant'), S('Liaison Psychiatry'), S('Mental Health'), S('CPFT'), comma(10), comma(8.5), comma(1.5), dotted('2026-03-10'), dotted('2026-03-17'), dotted('2026-03-24'), dotted('2027-03-31')],
    [S('Dr Lars Eriksen'), S('Consultant'), S('Child and Adolescent Psychiatry'), S('Children and Families'), S('CPFT'), comma(8.5), comma(6), comma(2.5), dotted('2026-02-03'), dotted('2026-02-10'), dotted('2026-02-17'), dotted('2027-02-28')],
    [S('Dr Elena Rossi'), S('Specialist'), S('Forensic Psychiatry'), S('Mental Health'), S('CPFT'), comma(10), comma(8.5), comma(1.5), dotted('2026-10-13'), dotted('2026-10-20'), BLANK, dotted('2027-10-31')],
    [S('Dr Jan de Vries'), S('Consultant'), S('Perinatal Psychiatry'), S('Children and Families'), S('CPFT'), comma(10), comma(7.5), comma(2.5), dotted('2025-09-16'), dotted('2025-09-23'), dotted('2025-09-30'), dotted('2026-09-30')],
  ];
  const base = 'semicolon-decimal-comma-export';
  const lines = [
    'Job planning export;;;;;;;;;;;',
    EU_COLUMNS.map((c) => c.header).join(';'),
    ...rows.map((r) => r.map(([raw]) => (raw === null ? '' : String(raw))).join(';')),
  ];
  const first = 3;
  return {
    file: `${DIR}/${base}.csv`,
    bytes: () => Promise.resolve(Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')),
    plans: registerPlans(EU_COLUMNS, rows, first),
    truth: {
      layout:
        'A CSV written by Excel in a European locale: SEMICOLON separated, a title line padded with semicolons, the header on line 2, 6 ' +
        'data lines (3-8). Numbers use a DECIMAL COMMA ("7,5" is seven and a half PAs; "10" ten), dates are dd.mm.yy with a two-digit ' +
        `year ("05.05.26" is 5 May 2026). jobplan reads it as one sheet named "${base}".`,
      kind: 'register',
      today: TODAY,
      policy: CPFT_POLICY,
      rows: rows.length,
      fields: registerFields(base, EU_COLUMNS, rows[0]!, first),
      columns: Object.fromEntries(EU_COLUMNS.filter((c) => c.field).map((c) => [c.field!, c.header])),
      uncalculated: [],
      notes:
        '"7,5" is 7.5 (a decimal comma in a semicolon file, never seventy-five, never seven). Line 4 (Nowak) is a 7.5 PA specialty ' +
        'doctor (6 + 1.5 = 7.5, fine). Line 5 (Duarte) has SPA 1.5, below the consultant norm of 2.5. Line 6 (Eriksen) schedules 8.5 on ' +
        '8.5. Line 7 (Rossi) awaits the CD 41 days after the meeting. Line 8 (de Vries) was signed off 30/09/2025, over 12 months ago.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Text dates month first (a US-configured system export)

const US_COLUMNS: Column[] = [
  { header: 'Employee Name', field: 'practitioner_name' },
  { header: 'Job Title', field: 'grade' },
  { header: 'Department', field: 'specialty' },
  { header: 'Division', field: 'care_group' },
  { header: 'Employer', field: 'organisation' },
  { header: 'Contracted PAs', field: 'contracted_pas' },
  { header: 'DCC', field: 'declared_dcc_pas' },
  { header: 'SPA', field: 'declared_spa_pas' },
  { header: 'Meeting Date', field: 'meeting_date' },
  { header: 'Employee Sign-off', field: 'signed_practitioner_date' },
  { header: 'Manager Sign-off', field: 'signed_manager_date' },
  { header: 'Next Review', field: 'review_date' },
];

const usText = (iso: string): readonly [Raw, Canon?] => {
  const [y, m, day] = iso.split('-') as [string, string, string];
  return [`${m}/${day}/${y}`, iso];
};

function usDates(): Example {
  const rows: Row[] = [
    // Every date of row 4 is ambiguous (both parts 12 or below): read day first it is a different, plausible date.
    [S('Dr Nathan Cole'), S('Consultant'), S('General Adult Psychiatry'), S('Mental Health'), S(CPFT), N(10), N(7.5), N(2.5), usText('2026-03-04'), usText('2026-03-11'), usText('2026-04-01'), usText('2027-03-31')],
    [S('Dr Abigail Stone'), S('Consultant'), S('Old Age Psychiatry'), S('Mental Health'), S(CPFT), N(10), N(7.5), N(2.5), usText('2026-05-19'), usText('2026-05-26'), usText('2026-06-09'), usText('2027-05-31')],
    [S('Dr Ryan Fischer'), S('Specialty Doctor'), S('Liaison Psychiatry'), S('Mental Health'), S(CPFT), N(10), N(8.5), N(1.5), usText('2025-11-05'), usText('2025-11-07'), usText('2025-11-10'), usText('2026-11-05')],
    [S('Dr Megan Ortiz'), S('Consultant'), S('Child and Adolescent Psychiatry'), S('Children and Families'), S(CPFT), N(10), N(7.5), N(2.5), usText('2026-10-02'), usText('2026-10-09'), usText('2026-10-12'), usText('2027-10-02')],
    [S('Dr Samuel Green'), S('Consultant'), S('Forensic Psychiatry'), S('Mental Health'), S(CPFT), N(10), N(7.5), N(2.5), usText('2026-08-20'), usText('2026-08-27'), usText('2026-09-28'), usText('2027-08-31')],
    [S('Dr Hannah Wu'), S('Consultant'), S('Perinatal Psychiatry'), S('Children and Families'), S(CPFT), N(10), N(8), N(2), usText('2026-07-08'), usText('2026-07-10'), usText('2026-07-13'), usText('2027-07-08')],
  ];
  const name = 'Export';
  const wb = newWorkbook('Job plan export');
  const ws = wb.addWorksheet(name);
  US_COLUMNS.forEach((c, k) => {
    ws.getCell(1, k + 1).value = c.header;
    ws.getCell(1, k + 1).font = BOLD;
    ws.getColumn(k + 1).width = k === 0 || k === 2 || k === 4 ? 28 : 14;
  });
  const first = 2;
  rows.forEach((r, i) => putRow(ws, first + i, r));
  return {
    file: `${DIR}/us-dates-text-register.xlsx`,
    bytes: () => workbookToBuffer(wb),
    plans: registerPlans(US_COLUMNS, rows, first),
    truth: {
      layout:
        'A system export (sheet "Export", header on row 1, 6 data rows 2-7) from a system configured for US dates: every date is TEXT, ' +
        'MONTH FIRST ("05/19/2026"). Some dates are ambiguous read alone ("03/04/2026", "10/02/2026", "07/08/2026"); others can only be ' +
        'month first ("05/19/2026", "08/20/2026"), which settles the order for the whole export.',
      kind: 'register',
      today: TODAY,
      policy: CPFT_POLICY,
      rows: rows.length,
      fields: registerFields(name, US_COLUMNS, rows[0]!, first),
      columns: Object.fromEntries(US_COLUMNS.filter((c) => c.field).map((c) => [c.field!, c.header])),
      uncalculated: [],
      notes:
        'A careful reader sees "05/19/2026" and "08/20/2026" and reads the whole export month first: row 2 (Cole) met on 4 March 2026 ' +
        '("03/04/2026"), not 3 April, and the manager signed on 1 April ("04/01/2026"), 28 days later (within the deadline); read day ' +
        'first the manager would have signed on 4 January, BEFORE the meeting. Row 4 (Fischer) met on 5 November 2025 ("11/05/2025"): ' +
        'over 12 months before 2026-11-23, so review.annual fires; read day first it would be 11 May 2025. Row 6 (Green) signed off 39 ' +
        'days after the meeting. Row 7 (Wu) met on 8 July ("07/08/2026"), not 7 August. Row 4 (Fischer) is a specialty doctor on 10 PAs.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Department blocks: heading rows, blank spacers, sub-total rows, PAs as text, a Total column that disagrees

const DEPT_COLUMNS: Column[] = [
  { header: 'Consultant', field: 'practitioner_name' },
  { header: 'Grade', field: 'grade' },
  { header: 'Specialty', field: 'specialty' },
  { header: 'Contracted PAs', field: 'contracted_pas' },
  { header: 'DCC', field: 'declared_dcc_pas' },
  { header: 'SPA', field: 'declared_spa_pas' },
  { header: 'Other', field: 'declared_anr_pas' },
  { header: 'Total PAs' },
  { header: 'JP meeting', field: 'meeting_date' },
  { header: 'Signed (doctor)', field: 'signed_practitioner_date' },
  { header: 'Signed (CD)', field: 'signed_manager_date' },
  { header: 'Review by', field: 'review_date' },
];

function deptBlocks(): Example {
  const pas = (n: number, text?: string): readonly [Raw, Canon?] => [text ?? n, n];
  type Block = { dept: string; rows: Row[] };
  const blocks: Block[] = [
    {
      dept: 'Mental Health',
      rows: [
        [S('Dr Colin Ferguson'), S('Consultant'), S('General Adult Psychiatry'), pas(10, '10 PAs'), pas(7.5, '7.5 PAs'), pas(2.5, '2.5 PAs'), pas(0), pas(10), D('2026-04-08'), D('2026-04-15'), D('2026-04-22'), D('2027-04-30')],
        [S('Dr Aisha Begum'), S('Consultant'), S('Old Age Psychiatry'), pas(10), pas(7.5), pas(2.5), pas(1), pas(10), D('2026-05-13'), D('2026-05-20'), D('2026-05-27'), D('2027-05-31')],
        [S('Dr Neil Watt'), S('Specialty Doctor'), S('General Adult Psychiatry'), pas(8, '8'), pas(6.5, '6.5'), pas(1.5, '1.5'), pas(0, '0'), pas(8, '8'), S('1st April 2026', '2026-04-01'), S('8th April 2026', '2026-04-08'), S('15th April 2026', '2026-04-15'), S('April 2027', '2027-04-30')],
      ],
    },
    {
      dept: 'Children and Families',
      rows: [
        [S('Dr Fiona Kerr'), S('Consultant'), S('Child and Adolescent Psychiatry'), pas(10), pas(7.5), pas(2.5), pas(0), pas(10), D('2026-06-17'), D('2026-06-24'), D('2026-07-01'), D('2027-06-30')],
        [S('Dr Ravi Shah'), S('Consultant'), S('Perinatal Psychiatry'), pas(10), pas(8), pas(1.5), pas(0), pas(9.5), D('2025-09-10'), D('2025-09-17'), D('2025-09-24'), D('2026-09-30')],
      ],
    },
    {
      dept: 'Learning Disabilities',
      rows: [
        [S('Dr Moira Stewart'), S('Consultant'), S('Learning Disability Psychiatry'), pas(10), pas(7.5), pas(2.5), pas(0), pas(10), D('2026-09-09'), D('2026-09-16'), BLANK, D('2027-09-30')],
      ],
    },
  ];
  const name = 'All consultants';
  const wb = newWorkbook('Consultant job plans by department');
  const ws = wb.addWorksheet(name);
  ws.getCell('A1').value = 'Consultant job plans 2026/27 by department';
  ws.getCell('A1').font = { bold: true, size: 14 };
  DEPT_COLUMNS.forEach((c, k) => {
    ws.getCell(3, k + 1).value = c.header;
    ws.getCell(3, k + 1).font = BOLD;
    ws.getCell(3, k + 1).border = THIN;
    ws.getColumn(k + 1).width = k === 0 || k === 2 ? 28 : 13;
  });
  let at = 4;
  const allRows: Row[] = [];
  const rowsAt: number[] = [];
  let grand = [0, 0, 0, 0, 0];
  for (const block of blocks) {
    ws.getCell(at, 1).value = block.dept.toUpperCase();
    ws.getCell(at, 1).font = { bold: true, color: { argb: 'FF1F3864' } };
    ws.getCell(at, 1).fill = fill('FFE2EFDA');
    at += 1;
    const sums = [0, 0, 0, 0, 0];
    for (const r of block.rows) {
      putRow(ws, at, r);
      allRows.push(r);
      rowsAt.push(at);
      [3, 4, 5, 6, 7].forEach((k, j) => (sums[j]! += canonOfCell(r[k]!) as number));
      at += 1;
    }
    ws.getCell(at, 1).value = `${block.dept} sub-total`;
    ws.getCell(at, 1).font = { bold: true, italic: true };
    ws.getCell(at, 2).value = `${block.rows.length} consultants`;
    [3, 4, 5, 6, 7].forEach((k, j) => {
      ws.getCell(at, k + 1).value = { formula: `SUM(${colLetter(k)}${at - block.rows.length}:${colLetter(k)}${at - 1})`, result: sums[j]! };
      ws.getCell(at, k + 1).font = { bold: true, italic: true };
    });
    grand = grand.map((g, j) => g + sums[j]!);
    at += 2; // the sub-total, then a blank spacer row
  }
  ws.getCell(at, 1).value = 'GRAND TOTAL';
  ws.getCell(at, 1).font = BOLD;
  [3, 4, 5, 6, 7].forEach((k, j) => (ws.getCell(at, k + 1).value = grand[j]!));
  return {
    file: `${DIR}/department-blocks-subtotals.xlsx`,
    bytes: () => workbookToBuffer(wb),
    plans: registerPlans(DEPT_COLUMNS, allRows, 0, rowsAt),
    truth: {
      layout:
        `One sheet "${name}", a title on row 1, the header on row 3, then the plans in DEPARTMENT BLOCKS: a heading row with the ` +
        'department name in capitals alone in A ("MENTAL HEALTH"), the plans, a "<Department> sub-total" row (a count in B, SUM formulas ' +
        'with cached results under the PA columns), a BLANK spacer row, the next block; a "GRAND TOTAL" row at the end. Some PAs are ' +
        'typed as text ("10 PAs", "7.5 PAs"; "8", "6.5" as numbers stored as text), one row\'s dates are typed ("1st April 2026", review ' +
        '"April 2027"). The "Total PAs" column is typed by hand: for Dr Begum (row 6) it says 10 where her parts add to 11 (7.5 + 2.5 + 1).',
      kind: 'register',
      today: TODAY,
      policy: CPFT_POLICY,
      rows: allRows.length,
      fields: registerFields(name, DEPT_COLUMNS, allRows[0]!, rowsAt[0]!),
      columns: Object.fromEntries(DEPT_COLUMNS.filter((c) => c.field).map((c) => [c.field!, c.header])),
      uncalculated: [],
      notes:
        'Six plans (rows 5-7, 11-12, 16). Heading rows, sub-total rows, spacer rows and the grand total are not plans: read as a ' +
        'plan, a sub-total row would be a practitioner called "Mental Health sub-total" with 28 contracted PAs. The register does ' +
        'not end at the first blank row: the Children and Families and Learning Disabilities blocks follow it. There is no Care Group ' +
        'column: the department of each block is written only in its heading row (so care_group is not a key field). "Other" PAs are ' +
        'ANR. Begum (row 6) schedules 11 PAs on a 10 PA contract (pa.total-matches-contract), whatever her Total column says; Shah ' +
        '(row 12) schedules 9.5 on 10 with SPA 1.5 and was signed off 24/09/2025 (review.annual); Stewart (row 16) awaits the CD 75 days.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 5. An Agenda for Change register in hours

const AFC_COLUMNS: Column[] = [
  { header: 'Name', field: 'practitioner_name' },
  { header: 'Role', field: 'grade' },
  { header: 'AfC Band', field: 'band' },
  { header: 'Profession', field: 'profession' },
  { header: 'Team', field: 'team' },
  { header: 'Staff Group', field: 'staff_group' },
  { header: 'Organisation', field: 'organisation' },
  { header: 'Contracted Hrs', field: 'contracted_hours' },
  { header: 'Clinical Hrs', field: 'declared_dcc_hours' },
  { header: 'Non-clinical Hrs', field: 'declared_spa_hours' },
  { header: 'Employee signed', field: 'signed_practitioner_date' },
  { header: 'Manager approved', field: 'signed_manager_date' },
  { header: 'Next review', field: 'review_date' },
];

function afcHours(): Example {
  const hrs = (n: number, text?: string): readonly [Raw, Canon?] => [text ?? n, n];
  const NHSE = 'Northshire Community Health NHS Trust';
  const rows: Row[] = [
    [S('Grace Okafor'), S('Clinical Nurse Specialist'), S('Band 7'), S('Nursing'), S('Tissue Viability'), S('AfC', 'non-medical'), S(NHSE), hrs(37.5, '37.5 hrs'), hrs(30), hrs(7.5), D('2026-04-13'), D('2026-04-20'), D('2027-04-20')],
    [S('Tom Reilly'), S('Physiotherapist'), S('Band 6'), S('Physiotherapy'), S('MSK Outpatients'), S('AfC', 'non-medical'), S(NHSE), hrs(37.5), hrs(33.5), hrs(4), D('2026-05-26'), D('2026-06-01'), D('2027-06-01')],
    [S('Jess Parry'), S('Occupational Therapist'), S('Band 6'), S('Occupational Therapy'), S('Community Rehab'), S('AfC', 'non-medical'), S(NHSE), hrs(22.5), hrs(18), hrs(4.5), D('2025-08-04'), D('2025-08-11'), D('2026-08-11')],
    [S('Hollie Dunn'), S('Speech and Language Therapist'), S('Band 5'), S('Speech and Language Therapy'), S('Paediatric SLT'), S('AfC', 'non-medical'), S(NHSE), hrs(37.5), hrs(31), hrs(6.5), D('2026-09-07'), D('2026-09-14'), D('2027-09-14')],
    [S('Marcus Bell'), S('Advanced Nurse Practitioner'), S('Band 8a'), S('Nursing'), S('Urgent Care'), S('AfC', 'non-medical'), S(NHSE), hrs(30), hrs(24), hrs(6), D('2026-11-02'), BLANK, BLANK],
  ];
  const name = 'AHP & Nursing JPs';
  const wb = newWorkbook('AHP and nursing job plans');
  const ws = wb.addWorksheet(name);
  ws.getCell('A1').value = 'Nursing and AHP job plans - hours per week';
  ws.getCell('A1').font = { bold: true, size: 13 };
  AFC_COLUMNS.forEach((c, k) => {
    ws.getCell(2, k + 1).value = c.header;
    ws.getCell(2, k + 1).font = BOLD;
    ws.getColumn(k + 1).width = k < 5 ? 26 : 14;
  });
  const first = 3;
  rows.forEach((r, i) => putRow(ws, first + i, r));
  return {
    file: `${DIR}/afc-hours-register.xlsx`,
    bytes: () => workbookToBuffer(wb),
    plans: registerPlans(AFC_COLUMNS, rows, first),
    truth: {
      layout:
        `One sheet "${name}": a title (row 1), the header (row 2), 5 data rows (3-7). An Agenda for Change register planned in HOURS: ` +
        '"Contracted Hrs" (37.5 full time; one typed "37.5 hrs"), "Clinical Hrs" and "Non-clinical Hrs", "AfC Band" written "Band 7", ' +
        '"Staff Group" written "AfC". Sign-offs "Employee signed" and "Manager approved". Excel dates.',
      kind: 'register',
      today: TODAY,
      policy: NHSE_POLICY,
      rows: rows.length,
      fields: registerFields(name, AFC_COLUMNS, rows[0]!, first),
      columns: Object.fromEntries(AFC_COLUMNS.filter((c) => c.field).map((c) => [c.field!, c.header])),
      uncalculated: [],
      notes:
        'Hours, never PAs: 37.5 contracted HOURS read as 37.5 PAs would be a confident misread. "Band 7" is band 7. "Clinical Hrs" are ' +
        'the DCC hours, "Non-clinical Hrs" the supporting (SPA) hours. The band is kept as written ("Band 7"). Parry (row 5) was agreed 11/08/2025, over 12 months before ' +
        '2026-11-23. Bell (row 7) has signed; the manager has not approved, so the plan is not active.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 6. An e-job-planning export with one row per activity (long format)

function activityRows(): Example {
  const header = ['Employee', 'Assignment No', 'Grade', 'Specialty', 'Organisation', 'Contracted PAs', 'Day', 'Session', 'Activity', 'Activity Type', 'PAs', 'Meeting Date', 'Consultant Signed', 'Manager Signed'];
  const who = ['Dr Helen Armitage', '7744120', 'Consultant', 'General Adult Psychiatry', CPFT, '10'];
  const dates = ['12/10/2026', '19/10/2026', '26/10/2026'];
  const acts: [string, string, string, 'DCC' | 'SPA', number][] = [
    ['Monday', 'AM', 'Outpatient clinic', 'DCC', 1],
    ['Monday', 'PM', 'Clinic admin', 'DCC', 1],
    ['Tuesday', 'AM', 'Ward round', 'DCC', 1],
    ['Tuesday', 'PM', 'CPD and audit', 'SPA', 1],
    ['Wednesday', 'AM', 'Home treatment team review', 'DCC', 1],
    ['Wednesday', 'PM', 'Teaching and supervision', 'SPA', 1],
    ['Thursday', 'AM', 'Outpatient clinic', 'DCC', 1],
    ['Thursday', 'PM', 'MDT meeting', 'DCC', 1],
    ['Friday', 'AM', 'Ward round', 'DCC', 1.5],
    ['Friday', 'PM', 'Revalidation and appraisal', 'SPA', 0.5],
  ];
  const lines = [header.join(','), ...acts.map(([day, session, what, type, pas]) => [...who, day, session, what, type, String(pas), ...dates].map((v) => csvField(v)).join(','))];
  const base = 'ejp-activity-rows';
  const sheetName = base;
  const fields: Record<string, TruthField> = {
    practitioner_name: { cell: ref(sheetName, 'A2'), value: 'Dr Helen Armitage' },
    employee_number: { cell: ref(sheetName, 'B2'), value: '7744120' },
    grade: { cell: ref(sheetName, 'C2'), value: 'Consultant' },
    specialty: { cell: ref(sheetName, 'D2'), value: 'General Adult Psychiatry' },
    organisation: { cell: ref(sheetName, 'E2'), value: CPFT },
    contracted_pas: { cell: ref(sheetName, 'F2'), value: 10 },
    meeting_date: { cell: ref(sheetName, 'L2'), value: '2026-10-12' },
    signed_practitioner_date: { cell: ref(sheetName, 'M2'), value: '2026-10-19' },
    signed_manager_date: { cell: ref(sheetName, 'N2'), value: '2026-10-26' },
  };
  const activities: Activity[] = acts.map(([day, session, what, type, pas]) => act(day, session, what, type, pas));
  const plan = { ...Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.value])), activities } as JobPlan;
  return {
    file: `${DIR}/${base}.csv`,
    bytes: () => Promise.resolve(Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')),
    plans: [{ plan }],
    unsure: ['objectives.smart', 'objectives.service', 'private-practice.statement', 'oncall.recorded', 'sections.complete'],
    truth: {
      layout:
        'An e-job-planning "activity export" as CSV: the header on line 1, then ONE LINE PER TIMETABLED ACTIVITY (10 lines, 2-11) of ONE ' +
        'consultant, whose identity, contract, meeting and sign-off columns repeat on every line; the activity columns are Day, Session, ' +
        'Activity, Activity Type (DCC/SPA) and PAs (that activity\'s PAs, NOT the plan\'s). Dates dd/mm/yyyy text.',
      kind: 'plan',
      today: TODAY,
      policy: CPFT_POLICY,
      fields,
      lists: { activities: activityTotals(activities), objectives: { personal: 0, service: 0 } },
      uncalculated: [],
      notes:
        'One plan, not ten: read one row per plan, each line would be a "plan" of 1 PA against a 10 PA contract (or worse, its PAs ' +
        'column read as the contracted PAs). The ten activities add to 10 PAs (7.5 DCC, 2.5 SPA). The export has no objectives, ' +
        'statements, on-call or review date columns: those rules cannot be judged from it, so the key lists objectives.*, ' +
        'private-practice.statement, oncall.recorded and sections.complete as neither firing nor quiet ("not judged" is right).',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 7. A Welsh/English form on a sheet named after the doctor, a hidden Lookups sheet, signatures as Yes/No ticks

function welshForm(): Example {
  const wb = newWorkbook('Cynllun Swydd / Job Plan');
  const lookups = wb.addWorksheet('Lookups', { state: 'hidden' });
  const lists: [string, string[]][] = [
    ['Gradd / Grade', ['Consultant', 'Specialty Doctor', 'Specialist', 'Associate Specialist']],
    ['Math / Type', ['DCC', 'SPA', 'ANR', 'ED']],
    ['Ie/Na / Yes/No', ['Ydw / Yes', 'Nac ydw / No']],
    ['Dyddiad y cyfarfod / Date of meeting', ['01/04/2025']],
  ];
  lists.forEach(([h, vs], k) => {
    lookups.getCell(1, k + 1).value = h;
    vs.forEach((v, i) => (lookups.getCell(i + 2, k + 1).value = v));
  });
  const name = 'Dr Eleri Morgan';
  const ws = wb.addWorksheet(name);
  ws.getColumn(1).width = 44;
  ws.getColumn(2).width = 34;
  ws.getColumn(3).width = 30;
  ws.getColumn(4).width = 22;
  ws.getColumn(5).width = 16;
  ws.getCell('A1').value = 'Cynllun Swydd Meddyg Ymgynghorol / Consultant Job Plan';
  ws.getCell('A1').font = { bold: true, size: 14 };
  const fields: Record<string, TruthField> = {};
  const put = (field: PlanFieldName | null, row: number, label: string, raw: Raw, canon?: Canon): void => {
    ws.getCell(`A${row}`).value = label;
    ws.getCell(`A${row}`).font = BOLD;
    if (raw !== null) ws.getCell(`B${row}`).value = raw;
    if (raw instanceof Date) ws.getCell(`B${row}`).numFmt = 'dd/mm/yyyy';
    if (field) fields[field] = { cell: ref(name, `B${row}`), value: canonOfCell([raw, canon]) };
  };
  put('practitioner_name', 3, 'Enw / Name', 'Dr Eleri Morgan');
  put('grade', 4, 'Gradd / Grade', 'Consultant');
  put('specialty', 5, 'Arbenigedd / Specialty', 'Old Age Psychiatry');
  put('organisation', 6, 'Sefydliad / Organisation', 'Bwrdd Iechyd Gogledd Cymru / North Wales Health Board');
  put('contracted_pas', 7, "Sesiynau wedi'u contractio / Contracted sessions", 10);
  put('meeting_date', 8, 'Dyddiad y cyfarfod / Date of meeting', d('2026-09-22'), '2026-09-22');
  put('start_date', 9, 'Dyddiad dechrau / Start date', '1 Hydref 2026 / 1 October 2026', '2026-10-01');
  put('plan_kind', 10, 'Math o gynllun / Type of plan', 'Adolygiad blynyddol / Annual review', 'annual');
  ws.getCell('A12').value = 'Amserlen / Timetable';
  ws.getCell('A12').font = { bold: true, size: 12 };
  ['Diwrnod / Day', 'Sesiwn / Session', 'Gweithgaredd / Activity', 'Math / Type', 'Sesiynau / Sessions'].forEach((h, k) => {
    ws.getCell(13, k + 1).value = h;
    ws.getCell(13, k + 1).font = BOLD;
    ws.getCell(13, k + 1).fill = fill('FFFCE4D6');
  });
  const acts: [string, string, string, 'DCC' | 'SPA', number][] = [
    ['Dydd Llun / Monday', 'AM', 'Clinig cof / Memory clinic', 'DCC', 1],
    ['Dydd Llun / Monday', 'PM', 'Gwaith gweinyddol clinig / Clinic admin', 'DCC', 1],
    ['Dydd Mawrth / Tuesday', 'AM', 'Rownd ward / Ward round', 'DCC', 1],
    ['Dydd Mawrth / Tuesday', 'PM', 'Datblygiad proffesiynol / CPD', 'SPA', 1],
    ['Dydd Mercher / Wednesday', 'AM', 'Ymweliadau cartref / Home visits', 'DCC', 1],
    ['Dydd Mercher / Wednesday', 'PM', 'Cyfarfod tîm / Team meeting', 'DCC', 1],
    ['Dydd Iau / Thursday', 'AM', 'Clinig cof / Memory clinic', 'DCC', 1],
    ['Dydd Iau / Thursday', 'PM', 'Addysgu / Teaching', 'SPA', 1.5],
    ['Dydd Gwener / Friday', 'AM', 'Ymgynghoriadau / Liaison', 'DCC', 1.5],
  ];
  acts.forEach((a, i) => a.forEach((v, k) => (ws.getCell(14 + i, k + 1).value = v)));
  ws.getCell('A23').value = 'Cyfanswm / Total';
  ws.getCell('E23').value = { formula: 'SUM(E14:E22)', result: 10 };
  ws.getCell('A25').value = 'Llofnodion / Signatures';
  ws.getCell('A25').font = { bold: true, size: 12 };
  ['', 'Wedi llofnodi? / Signed?', 'Dyddiad / Date'].forEach((h, k) => (ws.getCell(26, k + 1).value = h || null));
  ws.getCell('A27').value = 'Meddyg / Doctor';
  ws.getCell('B27').value = 'Ydw / Yes';
  ws.getCell('A28').value = 'Cyfarwyddwr Clinigol / Clinical Director';
  ws.getCell('B28').value = 'Nac ydw / No';
  fields['signed_practitioner_date'] = { cell: ref(name, 'C27'), value: null };
  fields['signed_manager_date'] = { cell: ref(name, 'C28'), value: null };
  const activities: Activity[] = acts.map(([day, session, what, type, pas]) => act(day.split(' / ')[1]!, session, what, type, pas));
  const scalars = Object.fromEntries(Object.entries(fields).filter(([, f]) => f.value !== null).map(([k, f]) => [k, f.value]));
  return {
    file: `${DIR}/welsh-bilingual-named-sheet.xlsx`,
    bytes: () => workbookToBuffer(wb),
    plans: [{ plan: { ...scalars, activities } as JobPlan }],
    unsure: ['objectives.smart', 'objectives.service', 'signoff.both-parties', 'signoff.within-deadline'],
    truth: {
      layout:
        'A bilingual (Welsh / English) consultant job plan form. The first sheet, "Lookups", is HIDDEN (drop-down lists: grades, ' +
        'categories, Yes/No, and a stray example date under "Dyddiad y cyfarfod / Date of meeting"). The plan is on a sheet named after ' +
        `the doctor ("${name}"): labels "Welsh / English" in A, values in B; a timetable "Diwrnod / Day | Sesiwn / Session | ` +
        'Gweithgaredd / Activity | Math / Type | Sesiynau / Sessions" (rows 14-22) with a Total row; the signatures are a small table ' +
        '"Wedi llofnodi? / Signed? | Dyddiad / Date" where the doctor has ticked "Ydw / Yes" and the Clinical Director "Nac ydw / No", ' +
        'and NO date is written. The start date is "1 Hydref 2026 / 1 October 2026".',
      kind: 'plan',
      today: TODAY,
      policy: CPFT_POLICY,
      fields,
      lists: { activities: activityTotals(activities), objectives: { personal: 0, service: 0 } },
      uncalculated: [],
      notes:
        '"Sesiynau" (sessions) are PAs. No sign-off date is recorded: the doctor says Yes without a date, the Clinical Director has not ' +
        'signed. Nothing may be read from the hidden Lookups sheet (its "01/04/2025" is not the meeting date). The form has no ' +
        'objectives section (objectives.* listed as neither firing nor quiet: "not judged" is right). The sign-off rules are listed as ' +
        'neither too: a human reads the CD\'s "No" as unsigned, but a reader that cannot read the ticks must say "not judged", since ' +
        'the same form with two "Yes" ticks is signed (without dates). It has no statements, review ' +
        'date or on-call section, which a form that asks nothing about them leaves unanswered (private-practice.statement and ' +
        'sections.complete fire).',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Writing: the expectations are the engine's findings on each key's canonical plans

export function blindExamples2(): Example[] {
  return [twoRowHeader(), semicolonExport(), usDates(), deptBlocks(), afcHours(), activityRows(), welshForm()];
}

function ruleIds(root: string, policy: string): string[] {
  const [id, version] = policy.split('@') as [string, string];
  const text = readFileSync(join(root, 'policies', id, `${version}.yaml`), 'utf8');
  return [...text.matchAll(/^ {2}- id: (\S+)/gm)].map((m) => m[1]!);
}

async function expectations(root: string, example: Example): Promise<Pick<Truth, 'expect_fire' | 'expect_quiet' | 'row_expect_fire'>> {
  const { truth } = example;
  const [id, version] = truth.policy.split('@') as [string, string];
  const path = join(root, 'policies', id, `${version}.yaml`);
  const library = loadPolicyLibrary([{ path, text: readFileSync(path, 'utf8') }]);
  const register = truth.kind === 'register';
  const inputs = example.plans.map((p, i) => ({ plan: p.plan, cells: {}, source: `${example.file}#${p.row ?? i}`, kind: register ? ('register-row' as const) : ('plan' as const) }));
  const report = await evaluatePlans(inputs, library, { today: TODAY, policy: { id, version }, groups: register ? 'on' : 'off', evaluatedAt: '2026-01-01T00:00:00Z' });
  const fired = (p: (typeof report.plans)[number]): string[] => [...new Set(p.findings.filter((f) => f.notJudged === undefined).map((f) => f.ruleId))].sort();
  const all = new Set([...report.plans.flatMap(fired), ...report.groups.map((g) => g.ruleId)]);
  const rules = ruleIds(root, truth.policy);
  const out: Pick<Truth, 'expect_fire' | 'expect_quiet' | 'row_expect_fire'> = {
    expect_fire: rules.filter((r) => all.has(r) && !(example.unsure ?? []).includes(r)),
    expect_quiet: rules.filter((r) => !all.has(r) && !(example.unsure ?? []).includes(r)),
  };
  if (register) {
    out.row_expect_fire = Object.fromEntries(report.plans.map((p, i) => [String(example.plans[i]!.row), fired(p)]).filter(([, f]) => f!.length > 0));
  }
  return out;
}

export async function generateBlindExamples2(root: string): Promise<string[]> {
  const written: string[] = [];
  for (const example of blindExamples2()) {
    const path = join(root, example.file);
    await mkdir(dirname(path), { recursive: true });
    const bytes = await example.bytes();
    if (bytes.length > 30 * 1024) throw new Error(`${example.file} is ${bytes.length} bytes (over 30 KB)`);
    await writeFile(path, bytes);
    const truth = { ...example.truth, ...(await expectations(root, example)) };
    // Keep the key's field order as the other sets write it, notes last.
    const { notes, ...rest } = truth;
    await writeFile(`${path}.truth.json`, `${JSON.stringify({ ...rest, notes }, null, 2)}\n`);
    written.push(example.file, `${example.file}.truth.json`);
  }
  return written;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    for (const file of await generateBlindExamples2(packageRoot())) console.log(`wrote ${file}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
