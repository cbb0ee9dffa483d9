/**
 * Writes job plan workbooks laid out the way OTHER NHS Trusts lay them out (not like examples/template/), each with
 * an answer key beside it (`<file>.truth.json`), so workbook maps and `jobplan map suggest` can be tested on layouts
 * their authors did not design:
 *
 *   examples/trusts/            six files: an NHS Employers/BMA-style one-sheet form, a days-across grid, a two-week
 *                               rota, a Word form pasted into Excel, an e-job-planning export (.xlsx and .csv twice)
 *   test/fixtures/trust-layouts held out: four more layouts in styles again different (values two rows below their
 *                               labels, a timed grid, a register with odd two-level headers, a tab-separated export)
 *
 * Every plan is fictional. The answer key records what a careful human reading the sheet would write down, in the
 * model's canonical field names and values (src-engine/model/job-plan.ts), the sizes of its lists, the formulas
 * Excel never calculated, and which rules of the CPFT policy (policies/cpft-job-planning/2017-04-28.yaml) must and
 * must not fire, judged with --today 2026-11-23.
 *
 * The output is byte-stable: fixed workbook metadata and zip timestamps (saveWorkbook), no clock, no randomness.
 *
 *   npm run examples:trusts                       # build, then write the files
 *   node dist/scripts/generate-trust-examples.js --check
 *                                                 # also judge each answer key's canonical plan with the engine and
 *                                                 # confirm its expect_fire / expect_quiet and list totals
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { evaluatePlans } from '../src-engine/evaluate/evaluate.js';
import { deriveFacts } from '../src-engine/facts/catalogue.js';
import type { Activity, AdditionalPa, JobPlan, Objective, PlanFieldName } from '../src-engine/model/job-plan.js';
import { loadPolicyFiles } from '../src-engine/node/load-policy-files.js';
import { packageRoot } from '../src-engine/node/package-root.js';
import { workbookToBuffer } from '../src-engine/node/write-job-plan-workbook.js';
import { loadPolicyLibrary } from '../src-engine/policy/policy-library.js';

// ---------------------------------------------------------------------------------------------------------------
// The answer key

export type Canon = string | number | boolean | null;

export interface TruthField {
  readonly cell: string;
  readonly value: Canon;
}

export interface Truth {
  layout: string;
  kind: 'plan' | 'register';
  /** The --today the expectations were worked out for (overdue and waiting-for-signature rules count to it). */
  today: string;
  /** The policy version that judges the plans by date (the illustrative 2022-11-01 version is never chosen by date). */
  policy: string;
  fields: Record<string, TruthField>;
  lists?: {
    activities: { count: number; total_pas: number; dcc_pas: number; spa_pas: number };
    objectives: { personal: number; service: number };
    additional_pas?: { count: number; pas: number };
  };
  rows?: number;
  columns?: Record<string, string>;
  uncalculated: string[];
  expect_fire: string[];
  expect_quiet: string[];
  /** Registers: the rules each data row must fire, by the row's number on the sheet (rows not listed fire none). */
  row_expect_fire?: Record<string, string[]>;
  notes: string;
}

export interface TrustExample {
  /** Path relative to the package root. */
  readonly file: string;
  readonly bytes: () => Promise<Buffer>;
  readonly truth: Truth;
  /** The canonical plans the answer key describes (one for a plan workbook, one per data row for a register). */
  readonly plans: readonly { readonly plan: JobPlan; readonly row?: number }[];
  /** Rules the answer key lists in neither expect_fire nor expect_quiet (not judgeable from the sheet). */
  readonly unsure: readonly string[];
}

export const TODAY = '2026-11-23';
export const POLICY = 'cpft-job-planning@2017-04-28';

/** Every rule of policies/cpft-job-planning/2017-04-28.yaml, in file order. */
export const CPFT_RULES = [
  'pa.total-matches-contract', 'spa.minimum', 'spa.expected', 'spa.external-study-leave',
  'apa.time-limited', 'apa.agreed-by-amd', 'apa.contract-recorded',
  'objectives.smart', 'objectives.service', 'private-practice.statement', 'oncall.recorded', 'sections.complete',
  'signoff.both-parties', 'signoff.within-deadline', 'new-starter.interim-plan', 'review.annual',
  'dispute.referral-deadline', 'dispute.meeting-deadline', 'appeal.lodge-deadline', 'appeal.panel-deadline',
  'appeal.recommendation-deadline', 'appeal.panel-composition', 'register.completion-report',
] as const;
export type RuleId = (typeof CPFT_RULES)[number];

/** The group rule runs only when two or more plans are checked together, so a single plan's key lists it in neither. */
export const GROUP_RULE: RuleId = 'register.completion-report';

export function quiet(fire: readonly RuleId[], unsure: readonly RuleId[]): string[] {
  return CPFT_RULES.filter((r) => !fire.includes(r) && !unsure.includes(r));
}

export const CPFT = 'Cumbria Partnership NHS Foundation Trust';

// ---------------------------------------------------------------------------------------------------------------
// Writing cells and recording what they mean

/** Fixed so regenerating gives the same bytes (the zip entries' own stamps are fixed by workbookToBuffer). */
export const FIXED_TIMESTAMP = new Date(Date.UTC(2026, 0, 1));
const DATE_FORMAT = 'dd/mm/yyyy';

export function newWorkbook(title: string, creator = 'jobplan'): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = creator;
  workbook.lastModifiedBy = creator;
  workbook.created = FIXED_TIMESTAMP;
  workbook.modified = FIXED_TIMESTAMP;
  workbook.title = title;
  return workbook;
}

/** A date as exceljs writes it: midnight UTC, so the serial number is the day itself. */
export function d(iso: string): Date {
  const [y, m, day] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, day));
}

export function ukText(iso: string): string {
  const [y, m, day] = iso.split('-');
  return `${day}/${m}/${y}`;
}

export const MONTH_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `14-May-2026`, as some e-job-planning systems export dates. */
function dashText(iso: string): string {
  const [y, m, day] = iso.split('-') as [string, string, string];
  return `${day}-${MONTH_ABBR[Number(m) - 1]}-${y}`;
}

/** A cell reference as jobplan prints it: the sheet quoted when its name is not a plain word. */
export function ref(sheet: string, cell: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet);
  return `${plain ? sheet : `'${sheet.replace(/'/g, "''")}'`}!${cell}`;
}

export function canonOf(raw: ExcelJS.CellValue | undefined): Canon {
  if (raw === undefined || raw === null) return null;
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  if (typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') return raw.trim() === '' ? null : raw.trim();
  return null;
}

export const BOLD: Partial<ExcelJS.Font> = { bold: true };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FF9AA5B1' } },
  left: { style: 'thin', color: { argb: 'FF9AA5B1' } },
  bottom: { style: 'thin', color: { argb: 'FF9AA5B1' } },
  right: { style: 'thin', color: { argb: 'FF9AA5B1' } },
};
export function fill(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

/** One sheet being written, recording each field's cell and canonical value into the answer key as it goes. */
class SheetWriter {
  constructor(
    readonly ws: ExcelJS.Worksheet,
    private readonly key: KeyRecorder,
  ) {}

  get name(): string {
    return this.ws.name;
  }

  /** Writes a cell that is not a field: a label, a heading, a hint. */
  put(addr: string, value: ExcelJS.CellValue, style: { font?: Partial<ExcelJS.Font>; fill?: ExcelJS.Fill; numFmt?: string; border?: boolean; wrap?: boolean } = {}): ExcelJS.Cell {
    const cell = this.ws.getCell(addr);
    cell.value = value;
    if (style.font) cell.font = style.font;
    if (style.fill) cell.fill = style.fill;
    if (style.numFmt) cell.numFmt = style.numFmt;
    if (style.border) cell.border = THIN;
    if (style.wrap) cell.alignment = { wrapText: true, vertical: 'top' };
    return cell;
  }

  /**
   * Writes a field's value (undefined leaves the cell blank) and records it. `canon` is the value a careful reader
   * records when it is not simply the cell's own value (an enum's canonical word, a date typed as text ...).
   */
  field(name: PlanFieldName, addr: string, raw: ExcelJS.CellValue | undefined, canon?: Canon, numFmt?: string): void {
    const cell = this.ws.getCell(addr);
    if (raw !== undefined) cell.value = raw;
    if (raw instanceof Date) cell.numFmt = numFmt ?? DATE_FORMAT;
    else if (numFmt) cell.numFmt = numFmt;
    this.key.record(name, ref(this.ws.name, addr), canon === undefined ? canonOf(raw) : canon);
  }

  heading(range: string, text: string, argb = 'FFD9E2F3'): void {
    const first = range.split(':')[0]!;
    if (range.includes(':')) this.ws.mergeCells(range);
    this.put(first, text, { font: BOLD, fill: fill(argb) });
  }

  widths(widths: readonly number[]): void {
    widths.forEach((w, i) => (this.ws.getColumn(i + 1).width = w));
  }
}

export class KeyRecorder {
  readonly fields: Record<string, TruthField> = {};
  readonly uncalculated: string[] = [];

  record(name: PlanFieldName, cell: string, value: Canon): void {
    if (this.fields[name]) throw new Error(`internal: ${name} recorded twice (${this.fields[name].cell}, ${cell})`);
    this.fields[name] = { cell, value };
  }

  /** The canonical plan: every recorded field with a value. */
  plan(lists: Pick<JobPlan, 'activities' | 'objectives' | 'additional_pas'>): JobPlan {
    const scalars = Object.fromEntries(Object.entries(this.fields).filter(([, f]) => f.value !== null).map(([k, f]) => [k, f.value]));
    return { ...scalars, ...lists } as JobPlan;
  }
}

function sheet(workbook: ExcelJS.Workbook, key: KeyRecorder, name: string): SheetWriter {
  return new SheetWriter(workbook.addWorksheet(name), key);
}

// ---------------------------------------------------------------------------------------------------------------
// Lists

export function weightOf(frequency: string | null | undefined): number {
  if (!frequency) return 1;
  const m = /^(\d+) in (\d+)$/.exec(frequency);
  if (!m) throw new Error(`internal: frequency ${frequency}`);
  return Number(m[1]) / Number(m[2]);
}

export const r2 = (n: number): number => Math.round(n * 10000) / 10000;

export function activityTotals(activities: readonly Activity[]): { count: number; total_pas: number; dcc_pas: number; spa_pas: number } {
  const weekly = (a: Activity): number => (a.pas ?? 0) * weightOf(a.frequency);
  const sum = (keep: (a: Activity) => boolean): number => r2(activities.filter(keep).reduce((s, a) => s + weekly(a), 0));
  return {
    count: activities.length,
    total_pas: sum((a) => a.category !== 'Private'),
    dcc_pas: sum((a) => a.category === 'DCC'),
    spa_pas: sum((a) => a.category === 'SPA'),
  };
}

export function objectiveCounts(objectives: readonly Objective[]): { personal: number; service: number } {
  return { personal: objectives.filter((o) => o.kind === 'personal').length, service: objectives.filter((o) => o.kind === 'service').length };
}

export function act(day: string, session: string, activity: string, category: Activity['category'], pas: number, extra: Partial<Activity> = {}): Activity {
  return { day, session, activity, ...(category ? { category } : {}), pas, ...extra };
}

export function obj(kind: 'personal' | 'service', objective: string, measure: string | null, due: string | null): Objective {
  return { kind, objective, ...(measure ? { measure } : {}), ...(due ? { due_date: due as Objective['due_date'] } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// 1. NHS Employers / BMA-style one-sheet consultant job plan

function bmaStyleConsultant(): TrustExample {
  const key = new KeyRecorder();
  const wb = newWorkbook('Consultant job plan 2026/27');
  const s = sheet(wb, key, 'Job Plan');
  s.widths([30, 30, 26, 24, 30, 14, 12, 12]);
  s.heading('A1:H1', 'Consultant Job Plan 2026/27', 'FFFFFFFF');
  s.ws.getCell('A1').font = { bold: true, size: 14 };
  s.ws.mergeCells('A2:H2');
  s.put('A2', 'Based on the NHS Employers / BMA model consultant job plan. Complete every section; write None where nothing applies.', { font: { italic: true } });

  s.heading('A4:H4', '1. Personal details');
  s.put('A5', 'Name:', { font: BOLD });
  s.field('practitioner_name', 'B5', 'Dr Samuel Jones');
  s.put('D5', 'Grade:', { font: BOLD });
  s.field('grade', 'E5', 'Consultant');
  s.put('A6', 'Specialty:', { font: BOLD });
  s.field('specialty', 'B6', 'Old Age Psychiatry');
  s.put('D6', 'Employee number:', { font: BOLD });
  s.field('employee_number', 'E6', '30417725');
  s.put('A7', 'Directorate:', { font: BOLD });
  s.field('care_group', 'B7', 'Mental Health Care Group');
  s.put('D7', 'Organisation:', { font: BOLD });
  s.field('organisation', 'E7', CPFT);
  s.put('A8', 'Job plan reference:', { font: BOLD });
  s.field('plan_ref', 'B8', 'OAP-JP-2026-07');
  s.put('D8', 'Full time / part time:', { font: BOLD });
  s.field('full_time', 'E8', 'Full time', true);
  s.put('A9', 'Contracted PAs:', { font: BOLD });
  s.field('contracted_pas', 'B9', 10);
  s.put('D9', 'Type of job plan:', { font: BOLD });
  s.field('plan_kind', 'E9', 'Annual review', 'annual');
  s.put('A10', 'Date of job plan meeting:', { font: BOLD });
  s.field('meeting_date', 'B10', d('2026-04-22'));
  s.put('D10', 'Job plan status:', { font: BOLD });
  s.field('status', 'E10', 'Signed off', 'signed off');
  s.ws.mergeCells('A11:B11');
  s.put('A11', 'Job plan effective from:', { font: BOLD });
  s.field('start_date', 'C11', d('2026-06-01'));
  s.put('D11', 'Next review date:', { font: BOLD });
  s.field('review_date', 'E11', d('2027-04-30'));
  s.ws.mergeCells('A12:B12');
  s.put('A12', 'Date started in post:', { font: BOLD });
  s.field('contract_start_date', 'C12', d('2018-09-03'));
  s.put('D12', 'Staff group:', { font: BOLD });
  s.field('staff_group', 'E12', 'Medical and Dental', 'medical');

  s.heading('A14:H14', '2. Weekly timetable');
  ['Day', 'AM', 'PM', 'DCC PAs', 'SPA PAs', 'Location'].forEach((h, i) => s.put(`${'ABCDEF'[i]}15`, h, { font: BOLD, fill: fill('FFF2F2F2'), border: true }));
  const grid: [string, string, string, number, number | null, string][] = [
    ['Monday', 'Ward round (Ruby Ward)', "Ward MDT and carers' meetings (to 18:30)", 2.5, null, 'Ruby Ward, Carleton Clinic'],
    ['Tuesday', 'Memory assessment clinic', 'Patient-related admin', 2, null, 'Memory Service, Eden House'],
    ['Wednesday', 'Community home visits', 'Audit, CPD and appraisal', 1, 1, 'North Carlisle CMHT'],
    ['Thursday', 'Ward round (Ruby Ward)', 'Care home liaison / supervision of trainees', 1.5, 0.5, 'Ruby Ward and care homes'],
    ['Friday', 'Outpatient clinic', 'Outpatient follow-ups and letters', 2, null, 'Memory Service, Eden House'],
  ];
  grid.forEach(([day, am, pm, dcc, spa, where], i) => {
    const r = 16 + i;
    s.put(`A${r}`, day, { font: BOLD, border: true });
    s.put(`B${r}`, am, { border: true, wrap: true });
    s.put(`C${r}`, pm, { border: true, wrap: true });
    s.put(`D${r}`, dcc, { border: true });
    s.put(`E${r}`, spa, { border: true });
    s.put(`F${r}`, where, { border: true, wrap: true });
  });
  s.put('A21', 'Total', { font: BOLD });
  s.put('D21', { formula: 'SUM(D16:D20)', result: 9 }, { font: BOLD });
  s.put('E21', { formula: 'SUM(E16:E20)', result: 1.5 }, { font: BOLD });

  s.heading('A23:H23', 'Summary of programmed activities', 'FFF2F2F2');
  const summary: [string, PlanFieldName, number][] = [
    ['Direct Clinical Care', 'declared_dcc_pas', 9],
    ['Supporting Professional Activities', 'declared_spa_pas', 1.5],
    ['Additional NHS Responsibilities', 'declared_anr_pas', 0],
    ['External Duties', 'declared_ed_pas', 0],
  ];
  summary.forEach(([label, field, value], i) => {
    const r = 24 + i;
    s.ws.mergeCells(`A${r}:B${r}`);
    s.put(`A${r}`, label);
    s.field(field, `C${r}`, value);
  });
  s.ws.mergeCells('A28:B28');
  s.put('A28', 'Total PAs', { font: BOLD });
  s.put('C28', { formula: 'SUM(C24:C27)', result: 10.5 }, { font: BOLD });

  s.heading('A30:H30', '3. Objectives');
  const objectiveBlock = (row: number, title: string, rows: [string, string, ExcelJS.CellValue][]): number => {
    s.ws.mergeCells(`A${row}:H${row}`);
    s.put(`A${row}`, title, { font: { bold: true, italic: true } });
    const h = row + 1;
    for (const [range, text] of [[`A${h}:C${h}`, 'Objective'], [`D${h}:F${h}`, 'Measure'], [`G${h}:H${h}`, 'Timescale']] as const) {
      s.ws.mergeCells(range);
      s.put(range.split(':')[0]!, text, { font: BOLD, fill: fill('FFF2F2F2'), border: true });
    }
    rows.forEach(([objective, measure, due], i) => {
      const r = h + 1 + i;
      s.ws.mergeCells(`A${r}:C${r}`);
      s.ws.mergeCells(`D${r}:F${r}`);
      s.ws.mergeCells(`G${r}:H${r}`);
      s.put(`A${r}`, objective, { wrap: true, border: true });
      s.put(`D${r}`, measure, { wrap: true, border: true });
      s.put(`G${r}`, due, { border: true, ...(due instanceof Date ? { numFmt: DATE_FORMAT } : {}) });
    });
    return h + 1 + rows.length;
  };
  objectiveBlock(31, 'Personal objectives', [
    ["Complete the Faculty of Old Age Psychiatry's advanced memory assessment module", 'Certificate of completion added to appraisal portfolio', d('2026-12-31')],
    ['Build a teaching portfolio for core psychiatry trainees', 'Written feedback from at least six trainees', null],
  ]);
  objectiveBlock(35, 'Service objectives', [
    ['Reduce memory clinic waits from referral to diagnosis to under 12 weeks', 'Monthly waiting-list report (median weeks)', 'March 2027'],
    ['Re-audit antipsychotic prescribing in dementia on Ruby Ward against NICE NG97', 'Re-audit presented at the care group audit meeting', 'September 2027'],
  ]);
  const objectives = [
    obj('personal', "Complete the Faculty of Old Age Psychiatry's advanced memory assessment module", 'Certificate of completion added to appraisal portfolio', '2026-12-31'),
    obj('personal', 'Build a teaching portfolio for core psychiatry trainees', 'Written feedback from at least six trainees', null),
    obj('service', 'Reduce memory clinic waits from referral to diagnosis to under 12 weeks', 'Monthly waiting-list report (median weeks)', '2027-03-31'),
    obj('service', 'Re-audit antipsychotic prescribing in dementia on Ruby Ward against NICE NG97', 'Re-audit presented at the care group audit meeting', '2027-09-30'),
  ];

  s.heading('A40:H40', '4. Other information');
  s.put('A41', 'On-call rota:', { font: BOLD });
  s.field('on_call_rota', 'B41', 'Yes', true);
  s.put('C41', 'Frequency:', { font: BOLD });
  s.field('on_call_frequency', 'D41', '1 in 8', 8);
  s.put('E41', 'Category:', { font: BOLD });
  s.field('on_call_category', 'F41', 'A');
  s.put('A42', 'External duties:', { font: BOLD });
  s.ws.mergeCells('B42:H42');
  s.field('external_duties_statement', 'B42', 'Member of the RCPsych Faculty of Old Age Psychiatry executive committee: four meetings a year in London, taken as professional leave; no fee.');
  s.put('A43', 'Private practice:', { font: BOLD });
  s.field('private_practice_statement', 'B43', 'None');
  s.put('A44', 'Managerial responsibilities:', { font: BOLD });
  s.field('managerial_responsibilities', 'B44', 'None');
  s.put('A45', 'Supporting resources:', { font: BOLD });
  s.ws.mergeCells('B45:H45');
  s.field('supporting_resources', 'B45', 'Shared medical secretary (0.6 WTE), office and clinic rooms at Eden House, Trust laptop with remote access.');

  s.heading('A47:H47', '5. Sign-off');
  s.put('A48', 'Signed (Consultant):', { font: BOLD });
  s.put('B48', 'S Jones');
  s.put('C48', 'Date:', { font: BOLD });
  s.field('signed_practitioner_date', 'D48', d('2026-05-12'));
  s.put('A49', 'Signed (Clinical Director):', { font: BOLD });
  s.put('B49', 'Dr P Rao');
  s.put('C49', 'Date:', { font: BOLD });
  s.field('signed_manager_date', 'D49', d('2026-05-20'));

  const activities = [
    act('Monday', 'AM/PM', "Ward round (Ruby Ward); Ward MDT and carers' meetings (to 18:30)", 'DCC', 2.5, { location: 'Ruby Ward, Carleton Clinic' }),
    act('Tuesday', 'AM/PM', 'Memory assessment clinic; Patient-related admin', 'DCC', 2, { location: 'Memory Service, Eden House' }),
    act('Wednesday', 'AM/PM', 'Community home visits', 'DCC', 1, { location: 'North Carlisle CMHT' }),
    act('Wednesday', 'AM/PM', 'Audit, CPD and appraisal', 'SPA', 1, { location: 'North Carlisle CMHT' }),
    act('Thursday', 'AM/PM', 'Ward round (Ruby Ward); care home liaison', 'DCC', 1.5, { location: 'Ruby Ward and care homes' }),
    act('Thursday', 'AM/PM', 'Supervision of trainees', 'SPA', 0.5, { location: 'Ruby Ward and care homes' }),
    act('Friday', 'AM/PM', 'Outpatient clinic; Outpatient follow-ups and letters', 'DCC', 2, { location: 'Memory Service, Eden House' }),
  ];
  const fire: RuleId[] = ['pa.total-matches-contract', 'spa.expected'];
  const unsure: RuleId[] = [GROUP_RULE];
  return {
    file: 'examples/trusts/bma-style-consultant.xlsx',
    bytes: () => workbookToBuffer(wb),
    plans: [{ plan: key.plan({ activities, objectives }) }],
    unsure,
    truth: {
      layout:
        'NHS Employers/BMA model job plan on one sheet "Job Plan": a merged title, then numbered section headings as merged title rows ' +
        '(1. Personal details, 2. Weekly timetable, 3. Objectives, 4. Other information, 5. Sign-off). The front block holds label:value pairs, ' +
        'two pairs per row (labels in A and D, values in B and E), with two MERGED labels (A11:B11 "Job plan effective from:", A12:B12 ' +
        '"Date started in post:") whose values sit in C. The timetable is an AM/PM grid, days Monday-Friday down column A, AM and PM ' +
        'session text in B and C, each day\'s PAs by category in "DCC PAs" (D) and "SPA PAs" (E), a Location column and a Total row with ' +
        'cached SUM formulas. A PA summary block (merged labels A:B, numbers in C) under its own heading "Summary of programmed activities" ' +
        'uses the label "External Duties", which recurs as the statement "External duties:" under "4. Other information". Objectives sit ' +
        'under sub-headings "Personal objectives" and "Service objectives", each followed by a repeated merged header row (Objective | ' +
        'Measure | Timescale) and with no type column. On-call is three pairs on one row (On-call rota: | Yes | Frequency: | 1 in 8 | ' +
        'Category: | A). Sign-off rows read Signed (Consultant): | S Jones | Date: | 12/05/2026. Dates are real Excel dates (dd/mm/yyyy) ' +
        'except two objective timescales typed as a month and year.',
      kind: 'plan',
      today: TODAY,
      policy: POLICY,
      fields: key.fields,
      lists: { activities: activityTotals(activities), objectives: objectiveCounts(objectives) },
      uncalculated: [],
      expect_fire: fire,
      expect_quiet: quiet(fire, unsure),
      notes:
        'Problems: the timetable schedules 10.5 PAs (DCC 9 + SPA 1.5; Monday runs 2.5 PAs) on a 10 PA contract (pa.total-matches-contract), ' +
        'and a full-time consultant has 1.5 SPA, not the 2.5 norm, with no SPA justification (spa.expected). SPA is exactly the 1.5 minimum, ' +
        'so spa.minimum stays quiet. The Clinical Director signed on day 28 after the meeting (22/04 to 20/05/2026): on the deadline, so ' +
        'signoff.within-deadline stays quiet. activities.count is 7: with category_pas columns a grid gives one activity per day and ' +
        'category that has PAs (Mon DCC, Tue DCC, Wed DCC, Wed SPA, Thu DCC, Thu SPA, Fri DCC); there are 10 non-blank session cells. ' +
        'Blank DCC/SPA cells mean 0. The summary block (declared_*_pas) agrees with the grid; "Total PAs" (C28, 10.5) and the grid Total ' +
        'row (D21/E21) are cached formulas, not fields. Objective timescales "March 2027" and "September 2027" are due dates, read as the ' +
        'last day of the month (2027-03-31, 2027-09-30); one personal objective has no timescale (not SMART), the other is SMART. ' +
        '"S Jones" and "Dr P Rao" are the signatories\' names, not fields. The row-2 guidance line is a single merged text cell, so a ' +
        'reader may take it for a section heading.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Days across the columns, sessions down; details one record with values below labels

function gridDaysInColumns(): TrustExample {
  const key = new KeyRecorder();
  const wb = newWorkbook('Job plan 2026/27');
  const t = sheet(wb, key, 'Timetable');
  t.widths([12, 30, 30, 34, 30, 30]);
  t.ws.mergeCells('A1:F1');
  t.put('A1', 'Weekly timetable 2026/27 - Dr Amira Haddad, Consultant Psychiatrist', { font: { bold: true, size: 13 } });
  t.ws.mergeCells('A2:F2');
  t.put('A2', 'Each session is one PA (4 hours) unless marked otherwise', { font: { italic: true } });
  const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
  t.put('A3', 'Session', { font: BOLD, fill: fill('FFDDEBF7'), border: true });
  days.forEach((day, i) => t.put(`${'BCDEF'[i]}3`, day, { font: BOLD, fill: fill('FFDDEBF7'), border: true }));
  const cells: [string, string, string][] = [
    ['B4', 'Morning', 'Ward round, Mulberry Ward (DCC)'],
    ['C4', 'Morning', 'Outpatient clinic (DCC)'],
    ['D4', 'Morning', 'ECT theatre (DCC) (1 in 2 weeks)'],
    ['E4', 'Morning', 'Ward round, Mulberry Ward (DCC)'],
    ['F4', 'Morning', 'CPD and revalidation (SPA)'],
    ['B5', 'Afternoon', 'Ward MDT (DCC)'],
    ['C5', 'Afternoon', 'Clinical admin (DCC)'],
    ['D5', 'Afternoon', 'Audit and quality improvement (SPA)'],
    ['E5', 'Afternoon', 'Home treatment team reviews (DCC)'],
    ['F5', 'Afternoon', 'Clinical admin (DCC)'],
    ['D6', 'Evening', 'Postgraduate teaching programme (SPA) fortnightly'],
  ];
  t.put('A4', 'Morning', { font: BOLD, border: true });
  t.put('A5', 'Afternoon', { font: BOLD, border: true });
  t.put('A6', 'Evening', { font: BOLD, border: true });
  for (const [addr, , text] of cells) t.put(addr, text, { border: true, wrap: true });
  for (const addr of ['B6', 'C6', 'E6', 'F6']) t.put(addr, null, { border: true });
  const activities: Activity[] = cells.map(([addr, session, text]) => {
    const day = days['BCDEF'.indexOf(addr[0]!)]!;
    const category = /\(SPA\)/.test(text) ? 'SPA' : 'DCC';
    const half = /1 in 2 weeks|fortnightly/.test(text);
    const name = text.replace(/\s*\((DCC|SPA)\)/, '').replace(/\s*\(1 in 2 weeks\)|\s*fortnightly/, '');
    return act(day, session, name, category, 1, half ? { frequency: '1 in 2' } : {});
  });

  const det = sheet(wb, key, 'Details');
  det.ws.mergeCells('A1:H1');
  det.put('A1', 'Job plan details (one record; complete the row under the headings)', { font: { bold: true, size: 13 } });
  const record: [string, PlanFieldName, ExcelJS.CellValue, Canon?][] = [
    ['Consultant', 'practitioner_name', 'Dr Amira Haddad'],
    ['Grade', 'grade', 'Consultant'],
    ['Specialty', 'specialty', 'General Adult Psychiatry'],
    ['Care group', 'care_group', 'Mental Health'],
    ['Organisation', 'organisation', CPFT],
    ['Employee no.', 'employee_number', '40218863'],
    ['Contracted PAs', 'contracted_pas', 10],
    ['FT/PT', 'full_time', 'FT', true],
    ['Job plan type', 'plan_kind', 'Annual', 'annual'],
    ['Status', 'status', 'Signed off', 'signed off'],
    ['Job plan meeting', 'meeting_date', ukText('2026-07-07'), '2026-07-07'],
    ['Consultant signed', 'signed_practitioner_date', ukText('2026-07-14'), '2026-07-14'],
    ['Clinical manager signed', 'signed_manager_date', ukText('2026-07-28'), '2026-07-28'],
    ['Plan start', 'start_date', ukText('2026-08-01'), '2026-08-01'],
    ['Review due', 'review_date', ukText('2027-07-31'), '2027-07-31'],
    ['On-call rota', 'on_call_rota', 'No', false],
    ['Private practice', 'private_practice_statement', 'I undertake no private practice or fee-paying work.'],
    ['External duties', 'external_duties_statement', 'None'],
    ['Managerial responsibilities', 'managerial_responsibilities', 'None'],
    ['Supporting resources', 'supporting_resources', 'Ward administrator, shared office at the Carleton Clinic, Trust laptop and smartphone.'],
  ];
  record.forEach(([label, field, raw, canon], i) => {
    const col = String.fromCharCode(65 + i);
    det.ws.getColumn(i + 1).width = Math.max(14, Math.min(34, label.length + 4));
    det.put(`${col}3`, label, { font: BOLD, fill: fill('FFDDEBF7'), border: true, wrap: true });
    det.field(field, `${col}4`, raw, canon, typeof raw === 'string' && /^\d\d\/\d\d\/\d{4}$/.test(raw) ? '@' : undefined);
    det.ws.getCell(`${col}4`).border = THIN;
    det.ws.getCell(`${col}4`).alignment = { wrapText: true, vertical: 'top' };
  });

  const o = sheet(wb, key, 'Objectives');
  o.widths([12, 60, 44, 14]);
  ['Type', 'Objective', 'Success measure', 'Target date'].forEach((h, i) => o.put(`${'ABCD'[i]}1`, h, { font: BOLD, fill: fill('FFDDEBF7'), border: true }));
  const objectiveRows: [string, string, string, string][] = [
    ['Personal', 'Complete ECT accreditation training (ECTAS) as the lead consultant for ECT', 'ECTAS training certificate', '2027-03-31'],
    ['Personal', 'Supervise a trainee quality improvement project on physical health monitoring', 'Project presented at the Trust QI forum', '2027-06-30'],
    ['Service', 'Reduce Mulberry Ward average length of stay from 42 to 35 days', 'Monthly bed management report', '2027-07-31'],
  ];
  objectiveRows.forEach(([type, objective, measure, due], i) => {
    const r = 2 + i;
    o.put(`A${r}`, type, { border: true });
    o.put(`B${r}`, objective, { border: true, wrap: true });
    o.put(`C${r}`, measure, { border: true, wrap: true });
    o.put(`D${r}`, ukText(due), { border: true, numFmt: '@' });
  });
  const objectives = objectiveRows.map(([type, objective, measure, due]) => obj(type === 'Personal' ? 'personal' : 'service', objective, measure, due));

  const fire: RuleId[] = [];
  const unsure: RuleId[] = [GROUP_RULE];
  return {
    file: 'examples/trusts/grid-days-in-columns.xlsx',
    bytes: () => workbookToBuffer(wb),
    plans: [{ plan: key.plan({ activities, objectives }) }],
    unsure,
    truth: {
      layout:
        'Three sheets. "Timetable" is a grid with the days Monday-Friday ACROSS the header row (row 3, B-F) and the sessions "Morning", ' +
        '"Afternoon" and "Evening" DOWN column A (rows 4-6); each non-blank cell is one activity whose category is a marker in the text ' +
        '("Outpatient clinic (DCC)", "Audit and quality improvement (SPA)"), two of them with a frequency in the text ("ECT theatre (DCC) ' +
        '(1 in 2 weeks)", "Postgraduate teaching programme (SPA) fortnightly"); one session is one PA; two merged title/guidance rows sit ' +
        'above the header. "Details" is ONE record laid out like a table: 20 labels across row 3 and each value directly BELOW its label ' +
        'in row 4. Dates everywhere are typed as UK text (dd/mm/yyyy, text-formatted cells), not Excel dates. "Objectives" is a plain ' +
        'table with a Type column (Personal/Service).',
      kind: 'plan',
      today: TODAY,
      policy: POLICY,
      fields: key.fields,
      lists: { activities: activityTotals(activities), objectives: objectiveCounts(objectives) },
      uncalculated: [],
      expect_fire: fire,
      expect_quiet: quiet(fire, unsure),
      notes:
        'Fully compliant: 11 session cells give 10 PAs a week (DCC 7.5, SPA 2.5) because ECT theatre (Wednesday morning) and the evening ' +
        'teaching programme each count half (1 in 2 weeks); signatures 7 and 21 days after the 07/07/2026 meeting; all statements present ' +
        '(private practice, external duties "None", managerial "None", supporting resources); two SMART personal and one service objective. ' +
        'Not on an on-call rota ("No" is recorded, which fills the on-call section). "FT/PT: FT" means full time. A reader that ignores ' +
        'the frequencies would count 11 PAs and report pa.total-matches-contract wrongly. The evening row has one activity (D6); its other ' +
        'cells are blank. The frequency words are not part of the activity names.' +
        ' No staff group is recorded: besides CPFT, a policy limited only by staff group (today the NHS England non-medical pack) also judges it unless --policy cpft-job-planning is given; those findings are not part of this key.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 3. A two-week rota: Week 1 and Week 2 grids; details on a Cover sheet with values in column D

function week1Week2Rota(): TrustExample {
  const key = new KeyRecorder();
  const wb = newWorkbook('Specialty doctor job plan');
  const c = sheet(wb, key, 'Cover');
  c.widths([34, 4, 4, 60, 40, 16]);
  c.put('A1', 'JOB PLAN - SPECIALTY DOCTOR', { font: { bold: true, size: 14 } });
  c.put('A2', 'Cover sheet', { font: { italic: true } });
  const rows: [number, string, PlanFieldName, ExcelJS.CellValue, Canon?][] = [
    [4, 'Doctor', 'practitioner_name', 'Dr Ewa Kowalczyk'],
    [5, 'Grade', 'grade', 'Specialty Doctor'],
    [6, 'Specialty', 'specialty', 'General Adult Psychiatry (Home Treatment)'],
    [7, 'Care group', 'care_group', 'Mental Health'],
    [8, 'Employer', 'organisation', CPFT],
    [9, 'Assignment number', 'employee_number', '51120987'],
    [10, 'Contracted PAs per week', 'contracted_pas', 10],
    [11, 'Working pattern', 'full_time', 'Full time', true],
    [12, 'Date started in post', 'contract_start_date', 'September 2019', '2019-09-01'],
    [13, 'Flexible working agreement', 'flexible_working', 'Yes', true],
    [14, 'Flexible working review date', 'flexible_working_review_date', 'Ongoing', null],
    [15, 'Job plan type', 'plan_kind', 'Annual job plan review', 'annual'],
    [16, 'Job plan meeting date', 'meeting_date', d('2026-11-02')],
    [17, 'Job plan start date', 'start_date', d('2026-12-01')],
    [18, 'Next review date', 'review_date', 'March 2027', '2027-03-31'],
    [19, 'On-call rota', 'on_call_rota', 'Yes', true],
    [20, 'Rota', 'on_call_rota_name', 'North Cumbria psychiatry second-on-call rota'],
    [21, 'Rota frequency', 'on_call_frequency', '1 in 10', 10],
    [22, 'Availability category', 'on_call_category', 'Category B', 'B'],
    [25, 'Private practice', 'private_practice_statement', 'None'],
    [26, 'External duties', 'external_duties_statement', 'None'],
    [27, 'Managerial responsibilities', 'managerial_responsibilities', 'None'],
    [28, 'Supporting resources', 'supporting_resources', 'Shared team administrator, hot desk at the Home Treatment Team base, Trust laptop and mobile phone'],
    [31, 'Doctor signed', 'signed_practitioner_date', d('2026-11-09')],
    [32, 'Clinical manager signed', 'signed_manager_date', undefined],
    [33, 'Status', 'status', 'Awaiting 2nd Sign Off', 'agreed'],
  ];
  for (const [r, label, field, raw, canon] of rows) {
    c.put(`A${r}`, label, { font: BOLD });
    c.field(field, `D${r}`, raw, canon);
    c.ws.getCell(`D${r}`).border = THIN;
  }
  c.put('A24', 'Statements', { font: BOLD, fill: fill('FFE2EFDA') });
  c.put('A30', 'Sign-off', { font: BOLD, fill: fill('FFE2EFDA') });
  c.put('A35', 'Objectives', { font: BOLD, fill: fill('FFE2EFDA') });
  ['Objective', null, null, 'Type', 'Measure', 'Review by'].forEach((h, i) => {
    if (h) c.put(`${'ABCDEF'[i]}36`, h, { font: BOLD, border: true });
  });
  const objectiveRows: [string, string, string, ExcelJS.CellValue, string][] = [
    ['Complete the leadership module of the SAS development programme', 'Personal', 'Module certificate', d('2027-03-31'), '2027-03-31'],
    ['Gain approval as a Section 12(2) doctor', 'Personal', 'Section 12 approval letter', 'June 2027', '2027-06-30'],
    ['Introduce a 72-hour follow-up call after discharge from home treatment', 'Service', 'Audit of 50 consecutive discharges', d('2027-03-31'), '2027-03-31'],
  ];
  objectiveRows.forEach(([objective, type, measure, due], i) => {
    const r = 37 + i;
    c.put(`A${r}`, objective, { wrap: true, border: true });
    c.put(`D${r}`, type, { border: true });
    c.put(`E${r}`, measure, { wrap: true, border: true });
    c.put(`F${r}`, due, { border: true, ...(due instanceof Date ? { numFmt: DATE_FORMAT } : {}) });
  });
  const objectives = objectiveRows.map(([objective, type, measure, , due]) => obj(type === 'Personal' ? 'personal' : 'service', objective, measure, due));

  const t = sheet(wb, key, 'Timetable');
  t.widths([14, 44, 44]);
  t.put('A1', 'Two-week rota (Home Treatment Team): the pattern repeats every two weeks', { font: { bold: true, size: 13 } });
  const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
  const weeks: [number, [string, string][]][] = [
    [3, [
      ['HTT handover and reviews - DCC', 'Home visits - DCC'],
      ['Clinic - DCC', 'CPD - SPA'],
      ['Ward round - DCC', 'Clinical admin - DCC'],
      ['Home visits - DCC', 'MDT meeting - DCC'],
      ['Crisis assessments - DCC', 'Clinical admin - DCC'],
    ]],
    [11, [
      ['HTT handover and reviews - DCC', 'Home visits - DCC'],
      ['Clinic - DCC', 'Audit - SPA'],
      ['Ward round - DCC', 'Teaching (medical students) - SPA'],
      ['Home visits - DCC', 'MDT meeting - DCC'],
      ['Crisis assessments - DCC', 'Clinical admin - DCC'],
    ]],
  ];
  const activities: Activity[] = [];
  weeks.forEach(([top, grid], w) => {
    t.put(`A${top}`, `Week ${w + 1}`, { font: { bold: true, size: 12 } });
    ['Day', 'AM', 'PM'].forEach((h, i) => t.put(`${'ABC'[i]}${top + 1}`, h, { font: BOLD, fill: fill('FFFCE4D6'), border: true }));
    grid.forEach(([am, pm], i) => {
      const r = top + 2 + i;
      t.put(`A${r}`, days[i]!, { font: BOLD, border: true });
      t.put(`B${r}`, am, { border: true });
      t.put(`C${r}`, pm, { border: true });
      for (const [session, text] of [['AM', am], ['PM', pm]] as const) {
        const [name, category] = text.split(' - ') as [string, 'DCC' | 'SPA'];
        activities.push(act(days[i]!, session, name, category, 1, { frequency: '1 in 2', notes: `Week ${w + 1}` }));
      }
    });
  });

  const fire: RuleId[] = ['signoff.both-parties'];
  const unsure: RuleId[] = [GROUP_RULE];
  return {
    file: 'examples/trusts/week1-week2-rota.xlsx',
    bytes: () => workbookToBuffer(wb),
    plans: [{ plan: key.plan({ activities, objectives }) }],
    unsure,
    truth: {
      layout:
        'Two sheets. "Cover" holds the details with each label in column A and its value in column D (B and C blank and narrow), grouped ' +
        'under one-cell headings "Statements", "Sign-off" and "Objectives"; the objectives are a small table under the Cover details ' +
        '(Objective in A, Type in D, Measure in E, Review by in F). "Timetable" is a two-week rota: two grid blocks under the headings ' +
        '"Week 1" (row 3) and "Week 2" (row 11), each with its own header row (Day | AM | PM) and the days Monday-Friday down column A; each ' +
        'cell reads "<activity> - DCC" or "<activity> - SPA". Some values are words where a date or number would go: "September 2019", ' +
        '"Ongoing", "March 2027", "1 in 10", "Category B".',
      kind: 'plan',
      today: TODAY,
      policy: POLICY,
      fields: key.fields,
      lists: { activities: activityTotals(activities), objectives: objectiveCounts(objectives) },
      uncalculated: [],
      expect_fire: fire,
      expect_quiet: quiet(fire, unsure),
      notes:
        'Problem: status "Awaiting 2nd Sign Off" (canonical "agreed"): the doctor signed on 09/11/2026, the clinical manager has not ' +
        '(signoff.both-parties). signoff.within-deadline is quiet on 2026-11-23 (21 days since the 02/11/2026 meeting) but fires from ' +
        '2026-12-01 (day 29) while the signature is missing. Each of the 20 rota cells counts 1 in 2 weeks: 10 PAs a week, DCC 8.5 ' +
        '(17 cells), SPA 1.5 (3 cells), the norm for a specialty doctor, so spa.expected is quiet. Month-only dates: "September 2019" ' +
        '(start in post, a start-type date) is 2019-09-01; "March 2027" (next review, a deadline) is 2027-03-31; the objective due ' +
        '"June 2027" is 2027-06-30. "Ongoing" as the flexible working review date means not recorded (null), with a note. "Category B" ' +
        'is on-call category B. Week numbers are kept in each activity\'s notes in the canonical plan.' +
        ' No staff group is recorded: besides CPFT, a policy limited only by staff group (today the NHS England non-medical pack) also judges it unless --policy cpft-job-planning is given; those findings are not part of this key.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 4. A Word form pasted into Excel

function wordFormPasted(): TrustExample {
  const key = new KeyRecorder();
  const wb = newWorkbook('Consultant job plan');
  const s = sheet(wb, key, 'Sheet1');
  s.widths([40, 70, 40, 18, 8]);
  const caps = (addr: string, text: string): void => void s.put(addr, text, { font: BOLD });
  const label = (addr: string, text: string): void => void s.put(addr, text);
  caps('A1', 'CUMBRIA PARTNERSHIP NHS FOUNDATION TRUST');
  caps('A2', 'CONSULTANT JOB PLAN');
  caps('A4', 'PERSONAL DETAILS');
  label('A6', 'Name:');
  s.field('practitioner_name', 'B6', 'Dr Catherine Blake');
  label('A7', 'Post:');
  s.field('grade', 'B7', 'Consultant Psychiatrist');
  label('A8', 'Specialty:');
  s.field('specialty', 'B8', 'Adult Community Mental Health');
  label('A9', 'Employing organisation:');
  s.field('organisation', 'B9', CPFT);
  label('A10', 'Care group:');
  s.field('care_group', 'B10', 'Mental Health');
  label('A11', 'Full or part time:');
  s.field('full_time', 'B11', 'Full time', true);
  caps('A13', 'JOB PLAN REVIEW');
  label('A14', 'Type of review:');
  s.field('plan_kind', 'B14', 'Annual', 'annual');
  label('A15', 'Date of meeting:');
  s.field('meeting_date', 'B15', '3rd June 2026', '2026-06-03');
  label('A16', 'Job plan to start:');
  s.field('start_date', 'B16', '1 July 2026', '2026-07-01');
  label('A17', 'Next review due:');
  s.field('review_date', 'B17', 'June 2027', '2027-06-30');
  caps('A18', 'WEEKLY TIMETABLE');
  ['Day', 'Session', 'Activity', 'Type of PA', 'PAs'].forEach((h, i) => s.put(`${'ABCDE'[i]}19`, h, { font: BOLD, border: true }));
  const table: [string | null, string, string, string, 'DCC' | 'SPA', number][] = [
    ['Monday', 'AM', 'Community clinic', 'DCC', 'DCC', 1],
    [null, 'PM', 'Clinical administration', 'DCC', 'DCC', 1],
    ['Tuesday', 'AM', 'CMHT referrals meeting and MDT', 'DCC', 'DCC', 1],
    [null, 'PM', 'Home visits', 'DCC', 'DCC', 1],
    ['Wednesday', 'AM', 'Community clinic', 'DCC', 'DCC', 1],
    [null, 'PM', 'Depot and clozapine clinic reviews', 'Direct clinical care', 'DCC', 1],
    ['Thursday', 'AM', 'Supervision of specialty trainee and CPD', 'SPA', 'SPA', 1],
    [null, 'PM', 'Community clinic', 'DCC', 'DCC', 1],
    ['Friday', 'AM', 'Crisis and duty assessments', 'DCC', 'DCC', 1],
    [null, 'PM', 'Clinical administration', 'DCC', 'DCC', 1],
  ];
  const activities: Activity[] = [];
  let day = '';
  table.forEach(([dayCell, session, activity, type, category, pas], i) => {
    const r = 20 + i;
    if (dayCell) day = dayCell;
    s.put(`A${r}`, dayCell, { border: true });
    s.put(`B${r}`, session, { border: true });
    s.put(`C${r}`, activity, { border: true });
    s.put(`D${r}`, type, { border: true });
    s.put(`E${r}`, pas, { border: true });
    activities.push(act(day, session, activity, category, pas));
  });
  s.put('A30', 'Total PAs:', { font: BOLD });
  // A formula with no cached result, as a file written by a program other than Excel (and never opened in Excel) has.
  s.field('contracted_pas', 'E30', { formula: 'SUM(E20:E29)' }, null);
  key.uncalculated.push(ref('Sheet1', 'E30'));
  caps('A32', 'ON-CALL');
  label('A33', 'On call:');
  s.field('on_call_rota', 'B33', 'No', false);
  caps('A35', 'OBJECTIVES');
  const objectiveLines: [string, string][] = [
    ['1.', "Personal: Complete the Trust's clinical leadership programme (cohort 7). Measure: programme certificate. Due: 31/03/2027."],
    ['2.', 'Personal: Publish the CMHT clozapine monitoring audit. Measure: abstract accepted at the RCPsych International Congress. Due: 30/06/2027.'],
    ['3.', 'Service: Reduce routine CMHT waits to 6 weeks from referral. Measure: monthly performance dashboard. Due: 31/03/2027.'],
  ];
  objectiveLines.forEach(([n, text], i) => {
    s.put(`A${37 + i}`, n);
    s.put(`B${37 + i}`, text, { wrap: true });
  });
  const objectives = [
    obj('personal', "Complete the Trust's clinical leadership programme (cohort 7)", 'programme certificate', '2027-03-31'),
    obj('personal', 'Publish the CMHT clozapine monitoring audit', 'abstract accepted at the RCPsych International Congress', '2027-06-30'),
    obj('service', 'Reduce routine CMHT waits to 6 weeks from referral', 'monthly performance dashboard', '2027-03-31'),
  ];
  caps('A41', 'OTHER INFORMATION');
  label('A43', 'Private practice / fee paying work:');
  s.field('private_practice_statement', 'B43', undefined);
  label('A44', 'External duties:');
  s.field('external_duties_statement', 'B44', 'None');
  label('A45', 'Managerial responsibilities:');
  s.field('managerial_responsibilities', 'B45', 'None');
  label('A46', 'Resources provided:');
  s.field('supporting_resources', 'B46', 'Medical secretary (1 WTE, shared with one other consultant), office at Kendal CMHT, laptop');
  caps('A48', 'SIGNATURES');
  label('A50', 'Consultant signature:');
  s.put('B50', 'C Blake');
  label('A51', 'Date:');
  s.field('signed_practitioner_date', 'B51', '08/07/2026', '2026-07-08');
  label('A52', 'Clinical Director signature:');
  s.put('B52', 'Dr M Hussain');
  label('A53', 'Date:');
  s.field('signed_manager_date', 'B53', '24/06/2026', '2026-06-24');

  const fire: RuleId[] = ['spa.minimum', 'signoff.within-deadline', 'private-practice.statement'];
  const unsure: RuleId[] = [GROUP_RULE, 'pa.total-matches-contract', 'spa.expected', 'sections.complete'];
  return {
    file: 'examples/trusts/word-form-pasted.xlsx',
    bytes: () => workbookToBuffer(wb),
    plans: [{ plan: key.plan({ activities, objectives }) }],
    unsure,
    truth: {
      layout:
        'A Word job plan form pasted into Excel (sheet "Sheet1"): headings in bold capitals in column A on rows of their own, labels with ' +
        'trailing colons in A and values in B on the same row, blank rows between blocks, wide column B. In the middle of the sheet the ' +
        'timetable is a plain table (header row 19: Day | Session | Activity | Type of PA | PAs) whose Day cell is filled only on the first ' +
        'row of each day (the PM row under it is blank, meaning the same day), followed by a row "Total PAs:" whose PAs cell E30 is a ' +
        'FORMULA WITH NO CACHED VALUE (SUM(E20:E29)). Objectives are a numbered list (1., 2., 3. in A, the text in B) with the type as a ' +
        'leading word ("Personal:", "Service:") and the measure and due date inside the same sentence. Signatures are two label rows ' +
        'each followed by a "Date:" row (the label "Date:" appears twice). Dates are text: "3rd June 2026", "1 July 2026", "June 2027", ' +
        '"08/07/2026".',
      kind: 'plan',
      today: TODAY,
      policy: POLICY,
      fields: key.fields,
      lists: { activities: activityTotals(activities), objectives: objectiveCounts(objectives) },
      uncalculated: key.uncalculated,
      expect_fire: fire,
      expect_quiet: quiet(fire, unsure),
      notes:
        'The form uses "Total PAs:" for the contracted PAs, and its value is an uncalculated formula: contracted_pas is not known (null) ' +
        'until the workbook is opened and saved in Excel (it would then show 10). So pa.total-matches-contract and spa.expected (which ' +
        'needs the contract to be 10 PAs) cannot be judged, and sections.complete (which counts contracted PAs as a required section) ' +
        'should say it could not be judged rather than fire: none of the three is listed. Problems that do not depend on it: SPA is 1.0 ' +
        '(Thursday AM only), below the 1.5 minimum (spa.minimum; note the illustrative 2022-11-01 CPFT version, chosen only with ' +
        '--illustrative, lowers the minimum to 1 and would not fire); the consultant signed 35 days after the 03/06/2026 meeting ' +
        '(signoff.within-deadline; the Clinical Director signed on day 21); the private practice line is left blank ' +
        '(private-practice.statement). "Post: Consultant Psychiatrist" is the grade. The first "Date:" (B51) belongs to the consultant, ' +
        'the second (B53) to the Clinical Director. "3rd June 2026" has an ordinal. "June 2027" as the next review is a deadline, read as ' +
        '2027-06-30. Objectives: the type, text, measure and due date are all in one sentence; each has a measure and a due date, so ' +
        'objectives.smart and objectives.service are quiet when they are split out.' +
        ' No staff group is recorded: besides CPFT, a policy limited only by staff group (today the NHS England non-medical pack) also judges it unless --policy cpft-job-planning is given; those findings are not part of this key.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Registers

interface RegisterRow {
  name: string;
  ref: string;
  number: string;
  grade: string;
  specialty: string;
  care_group: string;
  contracted: number;
  dcc: number;
  spa: number;
  anr: number;
  ed: number;
  /** As the system writes it; canonical below. */
  status: string;
  statusCanon: JobPlan['status'];
  meeting: string | null;
  signed1: string | null;
  signed2: string | null;
  review: string | null;
  kind?: string;
  kindCanon?: JobPlan['plan_kind'];
  joined?: string | null;
}

function rowPlan(r: RegisterRow, columns: readonly PlanFieldName[]): JobPlan {
  const all: Partial<Record<PlanFieldName, Canon | undefined>> = {
    plan_ref: r.ref,
    practitioner_name: r.name,
    employee_number: r.number,
    grade: r.grade,
    staff_group: 'medical',
    specialty: r.specialty,
    care_group: r.care_group,
    organisation: CPFT,
    contracted_pas: r.contracted,
    declared_dcc_pas: r.dcc,
    declared_spa_pas: r.spa,
    declared_anr_pas: r.anr,
    declared_ed_pas: r.ed,
    status: r.statusCanon ?? null,
    meeting_date: r.meeting,
    signed_practitioner_date: r.signed1,
    signed_manager_date: r.signed2,
    review_date: r.review,
    plan_kind: r.kindCanon ?? null,
    contract_start_date: r.joined ?? null,
  };
  return Object.fromEntries(columns.filter((c) => all[c] !== null && all[c] !== undefined).map((c) => [c, all[c]])) as JobPlan;
}

const S = (status: string, canon: NonNullable<JobPlan['status']>): { status: string; statusCanon: JobPlan['status'] } => ({ status, statusCanon: canon });

/** The 25 rows of the e-job-planning export (generated 01/11/2026). */
function ejpRows(): RegisterRow[] {
  const MH = 'Mental Health';
  const CF = 'Children, Young People and Families';
  const LD = 'Learning Disability';
  type Spec = [string, string, string, string, number, number, number, number, number, ReturnType<typeof S>, string | null, string | null, string | null, string | null];
  const specs: Spec[] = [
    ['Dr Helen Marsh', 'Consultant', 'General Adult Psychiatry', MH, 10, 7.5, 2.5, 0, 0, S('Signed Off', 'signed off'), '2026-03-10', '2026-03-18', '2026-03-30', '2027-03-31'],
    ["Dr Sinéad O'Connor", 'Consultant', 'Old Age Psychiatry', MH, 10, 7, 2, 1, 0, S('Locked', 'signed off'), '2026-02-04', '2026-02-11', '2026-02-25', '2027-02-28'],
    ['Dr Rajesh Iyer', 'Specialty Doctor', 'General Adult Psychiatry', MH, 10, 8.5, 1.5, 0, 0, S('Signed Off', 'signed off'), '2026-05-12', '2026-05-19', '2026-06-02', '2027-05-31'],
    ['Dr Amélie Durand', 'Consultant', 'Child and Adolescent Psychiatry', CF, 10, 8, 1, 1, 0, S('Signed Off', 'signed off'), '2026-01-20', '2026-01-27', '2026-02-10', '2027-01-31'],
    ['Dr Thomas Bell', 'Consultant', 'Learning Disability Psychiatry', LD, 10, 7.5, 2.5, 0, 0, S('Awaiting 2nd Sign Off', 'agreed'), '2026-09-15', '2026-09-22', null, '2027-09-30'],
    ['Dr Zoë Hartley-Brown', 'Specialty Doctor', 'Old Age Psychiatry', MH, 6, 4.5, 1.5, 0, 0, S('Signed Off', 'signed off'), '2026-04-14', '2026-04-21', '2026-05-20', '2027-04-30'],
    ['Dr Michael Osei', 'Consultant', 'Forensic Psychiatry', MH, 10, 7.5, 2.5, 0, 0, S('In Discussion', 'in discussion'), '2026-10-20', null, null, null],
    ['Dr Fiona Carr', 'Associate Specialist', 'Community Paediatrics', CF, 8, 6.5, 1.5, 0, 0, S('Signed Off', 'signed off'), '2025-08-12', '2025-08-19', '2025-09-01', '2026-08-31'],
    ['Dr David Nwosu', 'Consultant', 'General Adult Psychiatry', MH, 10, 7.5, 2.5, 1, 0, S('Signed Off', 'signed off'), '2026-06-09', '2026-06-16', '2026-06-30', '2027-06-30'],
    ['Dr Claire Fenwick', 'Specialist', 'Liaison Psychiatry', MH, 10, 8.5, 1.5, 0, 0, S('Signed Off', 'signed off'), '2026-03-03', '2026-03-10', '2026-03-24', '2027-03-31'],
    ['Dr Ahmed Rashid', 'Consultant', 'Rehabilitation Psychiatry', MH, 10, 7, 2.5, 0, 0.5, S('Locked', 'signed off'), '2026-02-17', '2026-02-24', '2026-03-03', '2027-02-28'],
    ['Dr Laura Whitehead', 'Specialty Doctor', 'Child and Adolescent Psychiatry', CF, 10, 9, 1, 0, 0, S('Locked', 'signed off'), '2026-05-05', '2026-05-12', '2026-05-19', '2027-05-31'],
    ['Dr Peter Ambrose', 'Consultant', 'Old Age Psychiatry', MH, 8, 6, 2, 0, 0, S('Signed Off', 'signed off'), '2026-06-23', '2026-06-30', '2026-07-07', '2027-06-30'],
    ['Dr Grace Mbeki', 'Consultant', 'General Adult Psychiatry', MH, 10, 7.5, 2.5, 0, 0, S('Failure to Agree', 'disputed'), '2026-07-07', null, null, null],
    ['Dr Owen Pritchard', 'Consultant', 'Learning Disability Psychiatry', LD, 10, 7.5, 2.5, 0, 0, S('Signed Off', 'signed off'), '2025-10-14', '2025-10-21', '2025-11-04', '2026-10-31'],
    ['Dr Hannah Kerr', 'Specialty Doctor', 'Old Age Psychiatry', MH, 10, 8, 2, 0, 0, S('Signed Off', 'signed off'), '2026-08-11', '2026-08-18', '2026-08-25', '2027-08-31'],
    ['Dr Ian McAllister', 'Consultant', 'Substance Misuse Psychiatry', MH, 10, 7.5, 2.5, 0, 0, S('Awaiting 1st Sign Off', 'agreed'), '2026-10-27', null, null, null],
    ['Dr Priya Menon', 'Consultant', 'Perinatal Psychiatry', CF, 6, 4.5, 1.5, 0, 0, S('Signed Off', 'signed off'), '2026-04-28', '2026-05-05', '2026-05-12', '2027-04-30'],
    ['Dr Stephen Rowe', 'Associate Specialist', 'General Adult Psychiatry', MH, 10, 8.5, 1.5, 0, 0, S('Locked', 'signed off'), '2026-01-13', '2026-01-20', '2026-02-03', '2027-01-31'],
    ['Dr Joanna Lewis', 'Consultant', 'Child and Adolescent Psychiatry', CF, 10, 7.5, 2.5, 0, 0, S('Signed Off', 'signed off'), '2026-08-04', '2026-09-08', '2026-09-10', '2027-08-31'],
    ['Dr Kwame Asante', 'Specialty Doctor', 'Learning Disability Psychiatry', LD, 10, 8.5, 1.5, 0, 0, S('In Discussion', 'in discussion'), null, null, null, null],
    ['Dr Eleanor Grant', 'Consultant', 'General Adult Psychiatry', MH, 10, 8, 2, 0, 0, S('Signed Off', 'signed off'), '2026-09-01', '2026-09-08', '2026-09-15', '2027-09-30'],
    ['Dr Martin Doyle', 'Consultant', 'Old Age Psychiatry', MH, 10, 7.5, 2.5, 0, 0, S('Signed Off', 'signed off'), '2026-07-21', '2026-07-28', '2026-08-04', '2027-07-31'],
    ['Dr Rachel Tan', 'Specialist', 'General Adult Psychiatry', MH, 9, 7.5, 1.5, 0, 0, S('Signed Off', 'signed off'), '2026-03-24', '2026-03-31', '2026-04-14', '2027-03-31'],
    ['Dr Benjamin Hughes', 'Consultant', 'Forensic Psychiatry', MH, 10, 6.5, 2.5, 0, 0, S('Signed Off', 'signed off'), '2026-05-26', '2026-06-02', '2026-06-09', '2027-05-31'],
  ];
  return specs.map(([name, grade, specialty, care_group, contracted, dcc, spa, anr, ed, st, meeting, signed1, signed2, review], i) => ({
    name, grade, specialty, care_group, contracted, dcc, spa, anr, ed, ...st, meeting, signed1, signed2, review,
    ref: `EJP-${String(4501 + i * 7).padStart(6, '0')}`,
    number: `0${String(4471203 + i * 1913)}`,
  }));
}

/** Rules each e-job-planning export row fires on 2026-11-23, by its position (0-based) in ejpRows(). */
const EJP_ROW_FIRES: Record<number, RuleId[]> = {
  1: ['spa.expected'],
  3: ['spa.minimum', 'spa.expected'],
  4: ['signoff.both-parties', 'signoff.within-deadline'],
  5: ['signoff.within-deadline'],
  6: ['signoff.both-parties', 'signoff.within-deadline'],
  7: ['review.annual'],
  8: ['pa.total-matches-contract'],
  11: ['spa.minimum', 'spa.expected'],
  14: ['review.annual'],
  15: ['spa.expected'],
  16: ['signoff.both-parties'],
  19: ['signoff.within-deadline'],
  20: ['signoff.both-parties'],
  21: ['spa.expected'],
  24: ['pa.total-matches-contract'],
};

const EJP_HEADERS = [
  'Employee Name', 'Assignment No', 'Job Plan ID', 'Grade', 'Staff Group', 'Speciality', 'Directorate', 'Organisation', 'Contracted PAs', 'DCC', 'SPA',
  'Other NHS', 'External', 'Job Plan Status', 'Meeting Date', '1st Sign Off By', '1st Sign Off Date', '2nd Sign Off By', '2nd Sign Off Date',
  'Next Review Date',
] as const;
const EJP_COLUMNS: Partial<Record<PlanFieldName, (typeof EJP_HEADERS)[number]>> = {
  practitioner_name: 'Employee Name',
  employee_number: 'Assignment No',
  plan_ref: 'Job Plan ID',
  grade: 'Grade',
  staff_group: 'Staff Group',
  specialty: 'Speciality',
  care_group: 'Directorate',
  organisation: 'Organisation',
  contracted_pas: 'Contracted PAs',
  declared_dcc_pas: 'DCC',
  declared_spa_pas: 'SPA',
  declared_anr_pas: 'Other NHS',
  declared_ed_pas: 'External',
  status: 'Job Plan Status',
  meeting_date: 'Meeting Date',
  signed_practitioner_date: '1st Sign Off Date',
  signed_manager_date: '2nd Sign Off Date',
  review_date: 'Next Review Date',
};

/** The 2nd signatory of each directorate (the Clinical Director). */
const SIGNATORY: Record<string, string> = {
  'Mental Health': 'Dr K Whitfield (Clinical Director)',
  'Children, Young People and Families': 'Dr A Sandhu (Clinical Director)',
  'Learning Disability': 'Dr J Moffat (Clinical Director)',
};

/** One export row as the system writes it: [header, value] pairs, dates as ISO strings for the caller to format. */
function ejpValues(r: RegisterRow): (string | number | null)[] {
  return [
    r.name, r.number, r.ref, r.grade, 'Medical and Dental', r.specialty, r.care_group, CPFT, r.contracted, r.dcc, r.spa, r.anr, r.ed, r.status,
    r.meeting, r.signed1 ? r.name : null, r.signed1, r.signed2 ? SIGNATORY[r.care_group]! : null, r.signed2, r.review,
  ];
}
const EJP_DATE_COLUMNS = new Set([14, 16, 18, 19]);

function registerTruthFields(sheetName: string, row: number, headers: readonly string[], columns: Partial<Record<PlanFieldName, string>>, plan: JobPlan, raw: (string | number | null)[]): Record<string, TruthField> {
  const out: Record<string, TruthField> = {};
  for (const [field, header] of Object.entries(columns) as [PlanFieldName, string][]) {
    const i = headers.indexOf(header);
    if (i < 0) throw new Error(`internal: no header ${header}`);
    const value = (plan[field] as Canon | undefined) ?? null;
    out[field] = { cell: ref(sheetName, `${colLetter(i)}${row}`), value: raw[i] === null ? null : value };
  }
  return out;
}

export function colLetter(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function rowFires(fires: Record<number, RuleId[]>, firstRow: number): { union: RuleId[]; byRow: Record<string, string[]> } {
  const union = CPFT_RULES.filter((r) => Object.values(fires).some((list) => list.includes(r)));
  const byRow = Object.fromEntries(Object.entries(fires).map(([i, list]) => [String(firstRow + Number(i)), [...list]]));
  return { union, byRow };
}

const EJP_LAYOUT =
  'An e-job-planning system\'s compliance export: row 1 a title "Job Plan Compliance Export", row 2 "Generated: 01/11/2026 09:14", row 3 ' +
  'blank, row 4 the header with system-style column names (Employee Name, Assignment No, Job Plan ID, Grade, Staff Group, Speciality, Directorate, ' +
  'Organisation, Contracted PAs, DCC, SPA, Other NHS, External, Job Plan Status, Meeting Date, 1st Sign Off By, 1st Sign Off Date, ' +
  '2nd Sign Off By, 2nd Sign Off Date, Next Review Date), then 25 data rows (rows 5-29), one job plan per row; no Total row. ' +
  'Statuses are the system\'s words (Signed Off, Locked, Awaiting 1st Sign Off, Awaiting 2nd Sign Off, In Discussion, Failure to Agree).';

function ejpNotes(extra: string): string {
  return (
    extra +
    ' Sign-off order: the 1st sign-off is the doctor\'s own (1st Sign Off By names the doctor), the 2nd the Clinical Director\'s, so ' +
    '1st Sign Off Date is signed_practitioner_date and 2nd Sign Off Date is signed_manager_date; the "By" columns are not fields. ' +
    'Statuses: Signed Off and Locked are "signed off", Awaiting 1st/2nd Sign Off are "agreed", In Discussion is "in discussion", ' +
    'Failure to Agree is "disputed". Staff Group "Medical and Dental" is staff group medical. "Other NHS" is ANR PAs and "External" is ED PAs; the export has no timetable, so totals come from ' +
    'the DCC/SPA/Other NHS/External columns. A register row holds no objectives, statements or APA rows, so those rules stay quiet. ' +
    'Rows 6 (Dr Sinéad O\'Connor), 8 (Dr Amélie Durand) and 10 (Dr Zoë Hartley-Brown) carry accented names. Today-dependent: ' +
    'row 9 (Dr Thomas Bell) and row 11 (Dr Michael Osei) fire signoff.within-deadline because a signature is still missing more than ' +
    '28 days after the meeting on 2026-11-23; row 21 (Dr Ian McAllister, meeting 27/10/2026) is on day 27 and fires it only from ' +
    '2026-11-25. Row 18 (Dr Grace Mbeki, Failure to Agree) is disputed, so missing signatures do not fire. Row 25 (Dr Kwame Asante) ' +
    'has no meeting date and no signatures: signoff.both-parties only. register.completion-report (info, a group rule) fires once per ' +
    'Directorate when the register is checked as a whole.'
  );
}

function ejpExportXlsx(): TrustExample {
  const rows = ejpRows();
  const columns = Object.keys(EJP_COLUMNS) as PlanFieldName[];
  const plans = rows.map((r, i) => ({ plan: rowPlan(r, columns), row: 5 + i }));
  const wb = newWorkbook('Job Plan Compliance Export');
  const ws = wb.addWorksheet('Sheet1');
  ws.getCell('A1').value = 'Job Plan Compliance Export';
  ws.getCell('A1').font = { bold: true, size: 12 };
  ws.getCell('A2').value = 'Generated: 01/11/2026 09:14';
  EJP_HEADERS.forEach((h, i) => {
    const cell = ws.getCell(4, i + 1);
    cell.value = h;
    cell.font = BOLD;
    cell.fill = fill('FFD9D9D9');
    ws.getColumn(i + 1).width = Math.max(12, h.length + 2);
  });
  ws.getColumn(1).width = 26;
  ws.getColumn(6).width = 32;
  ws.getColumn(7).width = 36;
  ws.getColumn(8).width = 40;
  ws.getColumn(16).width = 26;
  ws.getColumn(18).width = 34;
  rows.forEach((r, i) => {
    ejpValues(r).forEach((v, c) => {
      const cell = ws.getCell(5 + i, c + 1);
      if (v === null) return;
      if (EJP_DATE_COLUMNS.has(c)) {
        cell.value = d(String(v));
        cell.numFmt = DATE_FORMAT;
      } else cell.value = v;
    });
  });
  ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4 + rows.length, column: EJP_HEADERS.length } };
  const { union, byRow } = rowFires(EJP_ROW_FIRES, 5);
  const fire: RuleId[] = [...union, GROUP_RULE];
  return {
    file: 'examples/trusts/ejp-export-register.xlsx',
    bytes: () => workbookToBuffer(wb),
    plans,
    unsure: [],
    truth: {
      layout: `${EJP_LAYOUT} Sheet "Sheet1"; dates are real Excel dates (dd/mm/yyyy); an AutoFilter covers the table.`,
      kind: 'register',
      today: TODAY,
      policy: POLICY,
      rows: rows.length,
      fields: registerTruthFields('Sheet1', 5, EJP_HEADERS, EJP_COLUMNS, plans[0]!.plan, ejpValues(rows[0]!)),
      columns: EJP_COLUMNS as Record<string, string>,
      uncalculated: [],
      expect_fire: fire,
      expect_quiet: quiet(fire, []),
      row_expect_fire: byRow,
      notes: ejpNotes('Assignment numbers have a leading zero and are text.'),
    },
  };
}

/** Windows-1252 bytes of text that is ASCII apart from a few letters this file uses. */
const CP1252: Record<string, number> = { 'é': 0xe9, 'ë': 0xeb, '£': 0xa3 };
function windows1252(text: string): Buffer {
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = ch.charCodeAt(0);
    if (code < 0x80) out[i] = code;
    else if (CP1252[ch] !== undefined) out[i] = CP1252[ch];
    else throw new Error(`internal: no Windows-1252 byte for ${ch}`);
  }
  return out;
}

export function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The export as Excel's "CSV" writes it: CRLF line endings, the title lines kept, dates as dd/mm/yyyy text. */
function ejpCsvText(): string {
  const lines = [
    'Job Plan Compliance Export',
    'Generated: 01/11/2026 09:14',
    '',
    EJP_HEADERS.map(csvField).join(','),
    ...ejpRows().map((r) => ejpValues(r).map((v, c) => csvField(v !== null && EJP_DATE_COLUMNS.has(c) ? ukText(String(v)) : v)).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

function ejpExportCsv(variant: 'windows-1252' | 'utf-8-bom'): TrustExample {
  const rows = ejpRows();
  const columns = Object.keys(EJP_COLUMNS) as PlanFieldName[];
  const plans = rows.map((r, i) => ({ plan: rowPlan(r, columns), row: 5 + i }));
  const base = variant === 'windows-1252' ? 'ejp-export-register' : 'ejp-export-register-utf8';
  const text = ejpCsvText();
  const bytes = variant === 'windows-1252' ? windows1252(text) : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  const { union, byRow } = rowFires(EJP_ROW_FIRES, 5);
  const fire: RuleId[] = [...union, GROUP_RULE];
  const encoding =
    variant === 'windows-1252'
      ? 'encoded in Windows-1252 with no byte order mark (Excel\'s plain "CSV (Comma delimited)"): the accented names are single bytes (é 0xE9, ë 0xEB) and the file is not valid UTF-8'
      : 'encoded in UTF-8 with a byte order mark (Excel\'s "CSV UTF-8 (Comma delimited)")';
  return {
    file: `examples/trusts/${base}.csv`,
    bytes: () => Promise.resolve(bytes),
    plans,
    unsure: [],
    truth: {
      layout:
        `${EJP_LAYOUT} The same export as examples/trusts/ejp-export-register.xlsx saved as CSV, ${encoding}; CRLF line endings; the ` +
        'title lines and the blank line 3 are kept, so line N is row N; dates are dd/mm/yyyy text; the Directorate "Children, Young ' +
        `People and Families" is quoted because it holds commas. jobplan reads it as one sheet named "${base}".`,
      kind: 'register',
      today: TODAY,
      policy: POLICY,
      rows: rows.length,
      fields: registerTruthFields(base, 5, EJP_HEADERS, EJP_COLUMNS, plans[0]!.plan, ejpValues(rows[0]!)),
      columns: EJP_COLUMNS as Record<string, string>,
      uncalculated: [],
      expect_fire: fire,
      expect_quiet: quiet(fire, []),
      row_expect_fire: byRow,
      notes: ejpNotes(
        `Cells are cited as ${base}.csv:<line>:<field> by jobplan and as '${base}'!<A1> here. Assignment numbers keep their leading zero (text).`,
      ),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Held out 1: boxed form, each value two rows below its label (a hint row between)

function twoBelowForm(): TrustExample {
  const key = new KeyRecorder();
  const wb = newWorkbook('Job plan - new consultant');
  const s = sheet(wb, key, 'Job Plan Form');
  s.widths([14, 16, 16, 14, 16, 16, 14, 16, 16]);
  s.heading('A1:I1', 'Job Plan - New Consultant (Interim)', 'FFFFFFFF');
  s.ws.getCell('A1').font = { bold: true, size: 14 };
  s.ws.mergeCells('A2:I2');
  s.put('A2', 'Please complete every box. Answers go in the white box under each heading.', { font: { italic: true } });
  const LABEL_FILL = fill('FFD0CECE');
  const HINT: Partial<ExcelJS.Font> = { italic: true, color: { argb: 'FF7F7F7F' }, size: 9 };
  /** A box: label merged over three columns at `row`, an optional hint under it, the value two rows below. */
  const box = (col: 'A' | 'D' | 'G', row: number, label: string, hint: string | null, field: PlanFieldName | null, raw: ExcelJS.CellValue | undefined, canon?: Canon, wide = false): void => {
    const last = wide ? 'I' : String.fromCharCode(col.charCodeAt(0) + 2);
    s.ws.mergeCells(`${col}${row}:${last}${row}`);
    s.put(`${col}${row}`, label, { font: BOLD, fill: LABEL_FILL, border: true });
    s.ws.mergeCells(`${col}${row + 1}:${last}${row + 1}`);
    if (hint) s.put(`${col}${row + 1}`, hint, { font: HINT });
    s.ws.mergeCells(`${col}${row + 2}:${last}${row + 2}`);
    if (field) s.field(field, `${col}${row + 2}`, raw, canon, raw instanceof Date ? 'd mmmm yyyy' : undefined);
    s.ws.getCell(`${col}${row + 2}`).border = THIN;
    s.ws.getCell(`${col}${row + 2}`).alignment = { wrapText: true, vertical: 'top' };
  };
  s.heading('A4:I4', 'Section A: About you');
  box('A', 5, 'Full name', '(as shown on ESR)', 'practitioner_name', 'Dr Oluwaseun Adeyemi');
  box('D', 5, 'Grade', null, 'grade', 'Consultant');
  box('G', 5, 'Employee number', '(8 digits)', 'employee_number', '61230458');
  box('A', 8, 'Specialty', null, 'specialty', 'Crisis and Home Treatment Psychiatry');
  box('D', 8, 'Care group', '(directorate)', 'care_group', 'Mental Health');
  box('G', 8, 'Organisation', null, 'organisation', CPFT);
  box('A', 11, 'Contracted PAs', '(excluding additional PAs)', 'contracted_pas', 10);
  box('D', 11, 'Full time / part time', null, 'full_time', 'Full time', true);
  box('G', 11, 'Date started in post', '(dd/mm/yyyy)', 'contract_start_date', d('2026-03-02'));
  s.heading('A15:I15', 'Section B: This job plan');
  box('A', 16, 'Type of job plan', '(annual / interim / change)', 'plan_kind', 'Interim (new starter)', 'interim');
  box('D', 16, 'Date of job plan meeting', '(dd/mm/yyyy)', 'meeting_date', d('2026-04-08'));
  box('G', 16, 'Effective from', null, 'start_date', d('2026-04-13'));
  box('A', 19, 'Next review', '(month and year)', 'review_date', 'April 2027', '2027-04-30');
  box('D', 19, 'Status', null, 'status', 'Signed off', 'signed off');
  box('G', 19, 'Staff group', null, 'staff_group', 'Medical & Dental', 'medical');

  s.heading('A23:I23', 'Section C: Timetable');
  ['Day', 'Time', 'Description', 'Category', 'No. of PAs', 'Where'].forEach((h, i) => s.put(`${'ABCDEF'[i]}24`, h, { font: BOLD, fill: LABEL_FILL, border: true }));
  const DCC = 'Direct Clinical Care';
  const SPA = 'Supporting Professional Activities';
  const table: [string, string, string, string, number, string][] = [
    ['Monday', '09:00-13:00', 'Crisis team handover and reviews', DCC, 1, 'Crisis Team, Carleton Clinic'],
    ['Monday', '13:00-17:00', 'Crisis assessments', DCC, 1, 'Carlisle and Eden'],
    ['Tuesday', '09:00-13:00', 'Home treatment reviews', DCC, 1, 'Community'],
    ['Tuesday', '13:00-17:00', 'CPD', SPA, 1, 'Carleton Clinic'],
    ['Wednesday', '09:00-13:00', 'Crisis team MDT', DCC, 1, 'Crisis Team, Carleton Clinic'],
    ['Wednesday', '13:00-17:00', 'Clinical administration', DCC, 1, 'Carleton Clinic'],
    ['Thursday', '09:00-13:00', 'Home treatment reviews', DCC, 1, 'Community'],
    ['Thursday', '13:00-17:00', 'Audit and clinical governance', SPA, 1, 'Carleton Clinic'],
    ['Friday', '09:00-13:00', 'Crisis assessments', DCC, 1, 'Carlisle and Eden'],
    ['Friday', '13:00-15:00', 'Clinical administration', DCC, 0.5, 'Carleton Clinic'],
    ['Friday', '15:00-17:00', 'Teaching and supervision of trainees', SPA, 0.5, 'Carleton Clinic'],
    ['Saturday', '09:00-13:00', 'Weekend crisis team reviews (additional PA)', DCC, 1, 'Crisis Team, Carleton Clinic'],
  ];
  table.forEach((row, i) => row.forEach((v, c) => s.put(`${'ABCDEF'[c]}${25 + i}`, v, { border: true, wrap: c === 2 || c === 5 })));
  s.put('A37', 'Total', { font: BOLD });
  s.put('E37', { formula: 'SUM(E25:E36)', result: 11 }, { font: BOLD });
  const activities = table.map(([day, time, what, category, pas, where]) => act(day, time, what, category === DCC ? 'DCC' : 'SPA', pas, { location: where }));

  s.heading('A39:I39', 'Section D: Additional PAs');
  ['PAs', 'Purpose', 'Agreed by', 'From', 'To', 'Fixed-term contract issued'].forEach((h, i) => s.put(`${'ABCDEF'[i]}40`, h, { font: BOLD, fill: LABEL_FILL, border: true, wrap: true }));
  s.put('A41', 1, { border: true });
  s.put('B41', 'Weekend crisis team reviews during the consultant vacancy', { border: true, wrap: true });
  s.put('C41', 'Dr M Byrne (AMD)', { border: true, wrap: true });
  s.put('D41', d('2026-04-13'), { border: true, numFmt: 'd mmmm yyyy' });
  s.put('E41', 'March 2027', { border: true });
  s.put('F41', 'Yes', { border: true });
  const additional_pas: AdditionalPa[] = [
    { pas: 1, reason: 'Weekend crisis team reviews during the consultant vacancy', agreed_by: 'Dr M Byrne (AMD)', start_date: '2026-04-13' as AdditionalPa['start_date'], end_date: '2027-03-31' as AdditionalPa['end_date'], fixed_term_contract: true },
  ];

  s.heading('A43:I43', 'Section E: On-call');
  box('A', 44, 'On-call rota', '(Yes / No)', 'on_call_rota', 'Yes', true);
  box('D', 44, 'Frequency (1 in N)', null, 'on_call_frequency', 7);
  box('G', 44, 'Category (A or B)', null, 'on_call_category', undefined);
  box('A', 47, 'Rota name', null, 'on_call_rota_name', 'Consultant psychiatrist on-call (north)', undefined, true);

  s.heading('A51:I51', 'Section F: Statements');
  box('A', 52, 'Private practice and fee-paying work', '(write None if none)', 'private_practice_statement', 'None', undefined, true);
  box('A', 55, 'External duties', '(write None if none)', 'external_duties_statement', 'None', undefined, true);
  box('A', 58, 'Managerial responsibilities', null, 'managerial_responsibilities', 'None', undefined, true);
  box('A', 61, 'Supporting resources', '(secretarial, office, IT)', 'supporting_resources', 'Crisis team administrator; shared consultant office at the Carleton Clinic; Trust laptop', undefined, true);

  s.heading('A65:I65', 'Section G: Objectives');
  for (const [range, text] of [['A66:A66', 'Category'], ['B66:D66', 'Objective'], ['E66:G66', 'Measure'], ['H66:I66', 'By when']] as const) {
    if (range.split(':')[0] !== range.split(':')[1]) s.ws.mergeCells(range);
    s.put(range.split(':')[0]!, text, { font: BOLD, fill: LABEL_FILL, border: true });
  }
  const objectiveRows: [string, string, string, string][] = [
    ['Individual', 'Complete the Trust consultant induction and mentoring programme', 'Sign-off by the allocated mentor', '2026-09-30'],
    ['Team', 'Establish a weekly reflective practice group for the crisis team', 'Attendance log and staff survey', '2027-03-31'],
  ];
  objectiveRows.forEach(([category, objective, measure, due], i) => {
    const r = 67 + i;
    s.ws.mergeCells(`B${r}:D${r}`);
    s.ws.mergeCells(`E${r}:G${r}`);
    s.ws.mergeCells(`H${r}:I${r}`);
    s.put(`A${r}`, category, { border: true });
    s.put(`B${r}`, objective, { border: true, wrap: true });
    s.put(`E${r}`, measure, { border: true, wrap: true });
    s.put(`H${r}`, d(due), { border: true, numFmt: 'd mmmm yyyy' });
  });
  const objectives = objectiveRows.map(([category, objective, measure, due]) => obj(category === 'Individual' ? 'personal' : 'service', objective, measure, due));

  s.heading('A70:I70', 'Section H: Signatures');
  box('A', 71, 'Consultant signed', '(date)', 'signed_practitioner_date', d('2026-04-15'));
  box('D', 71, 'Clinical Director signed', '(date)', 'signed_manager_date', d('2026-04-20'));

  const fire: RuleId[] = ['oncall.recorded', 'new-starter.interim-plan'];
  const unsure: RuleId[] = [GROUP_RULE];
  return {
    file: 'test/fixtures/trust-layouts/two-below-form.xlsx',
    bytes: () => workbookToBuffer(wb),
    plans: [{ plan: key.plan({ activities, objectives, additional_pas }) }],
    unsure,
    truth: {
      layout:
        'A boxed form on one sheet "Job Plan Form", three boxes across (columns A-C, D-F, G-I) or one box across the sheet (A-I). Each ' +
        'box is a shaded label merged over its columns, then a hint row in small grey italics (e.g. "(as shown on ESR)", "(dd/mm/yyyy)", ' +
        '"(Yes / No)"; blank for some boxes), then the value, TWO rows below the label, in a bordered merged cell. The nearest non-blank ' +
        'cell under a label is therefore often the hint, not the value. Sections are merged heading rows ("Section A: About you" ... ' +
        '"Section H: Signatures"). The timetable is a table (Day | Time | Description | Category | No. of PAs | Where) with time ranges ' +
        'such as 09:00-13:00, categories written out in words ("Direct Clinical Care", "Supporting Professional Activities") and a Total row ' +
        'with a cached SUM formula; an Additional PAs table; objectives in a merged-cell table whose type column is "Category" with the words ' +
        '"Individual" and "Team". Dates are real Excel dates shown as "2 March 2026", except "April 2027" and "March 2027" typed as text.',
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
        'Problems: on an on-call rota (Yes, 1 in 7) with the category box left blank (oncall.recorded); an interim plan for a consultant ' +
        'who started in post on 02/03/2026 and was agreed on 20/04/2026, 1.6 months later (new-starter.interim-plan; due within 1 month). ' +
        'Compliant otherwise: 11 PAs scheduled (DCC 8.5 including the Saturday additional PA, SPA 2.5) = 10 contracted + 1 additional PA; ' +
        'the additional PA is agreed by the AMD, has a fixed-term contract and runs 13/04/2026 to "March 2027", an end date read as ' +
        '2027-03-31 (11.6 months, within 12), so the apa rules are quiet; signatures 7 and 12 days after the meeting. "Interim (new ' +
        'starter)" is plan kind interim. "Individual" objectives are personal and "Team" ones service. "April 2027" as the next review is ' +
        'a deadline, 2027-04-30. The hint rows are not values: "(8 digits)" is not the employee number. The Category box (G46) is blank: ' +
        'on_call_category is not recorded.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Held out 2: a timed grid (09:00-13:00 / 13:00-17:00 / 17:00-21:00) with tick marks, for a part-time specialist

function timedGridChecks(): TrustExample {
  const key = new KeyRecorder();
  const wb = newWorkbook('SAS job plan');
  const s = sheet(wb, key, 'JP 2026-27');
  s.widths([36, 36, 36, 30, 30]);
  s.put('A1', 'JOB PLAN 2026/27 - SAS DOCTORS', { font: { bold: true, size: 14 } });
  s.put('A2', 'Medical Staffing | Learning Disability Care Group', { font: { italic: true } });
  const pairs: [string, string, PlanFieldName | null, ExcelJS.CellValue, Canon?][] = [
    ['A4', 'Doctor', 'practitioner_name', 'Dr Isobel Fraser'],
    ['D4', 'GMC no.', null, '7061234'],
    ['A5', 'Grade', 'grade', 'Specialist'],
    ['D5', 'Specialty', 'specialty', 'Psychiatry of Learning Disability'],
    ['A6', 'Employer', 'organisation', CPFT],
    ['D6', 'Care group', 'care_group', 'Learning Disability'],
    ['A7', 'Contracted PAs', 'contracted_pas', '8 PAs', 8],
    ['D7', 'Working pattern', 'full_time', 'LTFT', false],
    ['A8', 'Flexible working agreement in place?', 'flexible_working', '✓', true],
    ['D8', 'Flexible working review', 'flexible_working_review_date', d('2027-01-31')],
    ['A9', 'On an on-call rota?', 'on_call_rota', 'No', false],
    ['D9', 'Plan type', 'plan_kind', 'Annual', 'annual'],
    ['A10', 'Job planning meeting', 'meeting_date', d('2026-09-16')],
    ['D10', 'Plan effective', 'start_date', d('2026-10-01')],
    ['A11', 'Next review', 'review_date', d('2027-09-30')],
    ['D11', 'Stage', 'status', 'Complete', 'signed off'],
    ['A12', 'Staff group', 'staff_group', 'Medical & Dental', 'medical'],
  ];
  for (const [addr, label, field, raw, canon] of pairs) {
    s.put(addr, label, { font: BOLD, fill: fill('FFEDEDED') });
    const valueAddr = `${String.fromCharCode(addr.charCodeAt(0) + 1)}${addr.slice(1)}`;
    if (field) s.field(field, valueAddr, raw, canon);
    else s.put(valueAddr, raw);
  }
  s.heading('A13:D13', 'Weekly timetable', 'FFDDEBF7');
  ['Day', '09:00-13:00', '13:00-17:00', '17:00-21:00'].forEach((h, i) => s.put(`${'ABCD'[i]}14`, h, { font: BOLD, border: true, fill: fill('FFDDEBF7') }));
  const grid: [string, string | null, string | null, string | null][] = [
    ['Monday', 'Community LD team clinic (DCC)', 'Clinical admin (DCC)', null],
    ['Tuesday', 'Home and residential visits (DCC)', 'CPD and revalidation (SPA)', 'Evening epilepsy clinic (DCC) (1 in 2 weeks)'],
    ['Wednesday', 'Non-working day', null, null],
    ['Thursday', 'Intensive support team MDT (DCC)', 'Specialist assessment clinic (DCC)', null],
    ['Friday', 'Home and residential visits (DCC)', 'Teaching: core psychiatry trainees (SPA) (1 in 2 weeks)', null],
  ];
  const sessions = ['09:00-13:00', '13:00-17:00', '17:00-21:00'];
  const activities: Activity[] = [];
  grid.forEach(([day, ...cells], i) => {
    const r = 15 + i;
    s.put(`A${r}`, day, { font: BOLD, border: true });
    if (day === 'Wednesday') {
      s.ws.mergeCells(`B${r}:D${r}`);
      s.put(`B${r}`, cells[0]!, { border: true, font: { italic: true } });
      return;
    }
    cells.forEach((text, c) => {
      s.put(`${'BCD'[c]}${r}`, text, { border: true, wrap: true });
      if (!text) return;
      const category = /\(SPA\)/.test(text) ? 'SPA' : 'DCC';
      const name = text.replace(/\s*\((DCC|SPA)\)/, '').replace(/\s*\(1 in 2 weeks\)/, '');
      activities.push(act(day, sessions[c]!, name, category, 1, /1 in 2 weeks/.test(text) ? { frequency: '1 in 2' } : {}));
    });
  });
  s.ws.mergeCells('A20:D20');
  s.put('A20', 'Each session (including the 17:00-21:00 evening session) = 1 PA', { font: { italic: true, size: 9 } });

  s.heading('A22:D22', 'Other information', 'FFDDEBF7');
  const other: [number, string, PlanFieldName, string][] = [
    [23, 'Private practice', 'private_practice_statement', 'I do not undertake private practice.'],
    [24, 'External duties', 'external_duties_statement', 'Member of the regional LeDeR (learning disability mortality review) panel: six half-days a year, unpaid, by agreement'],
    [25, 'Managerial responsibilities', 'managerial_responsibilities', 'None'],
    [26, 'Supporting resources', 'supporting_resources', 'Team administrator, desk at the Milbourne Street LD team base, Trust laptop'],
  ];
  for (const [r, label, field, value] of other) {
    s.put(`A${r}`, label, { font: BOLD, fill: fill('FFEDEDED') });
    s.ws.mergeCells(`B${r}:D${r}`);
    s.field(field, `B${r}`, value);
  }
  s.heading('A28:D28', 'Objectives', 'FFDDEBF7');
  ['Personal or service', 'Objective', 'How we will know', 'When'].forEach((h, i) => s.put(`${'ABCD'[i]}29`, h, { font: BOLD, border: true }));
  const objectiveRows: [string, string, string, ExcelJS.CellValue, string][] = [
    ['Personal', 'Complete the RCPsych Specialist Capabilities Framework portfolio', 'Portfolio signed off by the Associate Medical Director', 'July 2027', '2027-07-31'],
    ['Service', 'Set up annual health check clinics with two GP practices', 'Completed health checks (target 60)', d('2027-03-31'), '2027-03-31'],
  ];
  objectiveRows.forEach(([type, objective, measure, due], i) => {
    const r = 30 + i;
    s.put(`A${r}`, type, { border: true });
    s.put(`B${r}`, objective, { border: true, wrap: true });
    s.put(`C${r}`, measure, { border: true, wrap: true });
    s.put(`D${r}`, due, { border: true, ...(due instanceof Date ? { numFmt: DATE_FORMAT } : {}) });
  });
  const objectives = objectiveRows.map(([type, objective, measure, , due]) => obj(type === 'Personal' ? 'personal' : 'service', objective, measure, due));
  s.heading('A33:D33', 'Sign-off', 'FFDDEBF7');
  s.put('A34', 'Agreed by doctor', { font: BOLD, fill: fill('FFEDEDED') });
  s.field('signed_practitioner_date', 'B34', d('2026-09-23'));
  s.put('C34', 'Agreed by Clinical Director', { font: BOLD, fill: fill('FFEDEDED') });
  s.field('signed_manager_date', 'D34', d('2026-10-07'));

  const fire: RuleId[] = [];
  const unsure: RuleId[] = [GROUP_RULE];
  return {
    file: 'test/fixtures/trust-layouts/timed-grid-checks.xlsx',
    bytes: () => workbookToBuffer(wb),
    plans: [{ plan: key.plan({ activities, objectives }) }],
    unsure,
    truth: {
      layout:
        'One sheet "JP 2026-27". A details block of label/value pairs with NO colons, two pairs per row (labels in A and D, values in the ' +
        'next column, B and E), on shaded label cells; yes/no answers as a tick (✓) or "No", a question-style label ("On an on-call rota?"), ' +
        'and one label that is not a plan field (GMC no.). The timetable is a grid with the days down column A and TIME RANGES as the ' +
        'session headers ("09:00-13:00", "13:00-17:00", "17:00-21:00"), each cell an activity with a category marker "(DCC)"/"(SPA)", two ' +
        'with "(1 in 2 weeks)", and Wednesday a merged "Non-working day" that is not an activity. Other information as label | merged ' +
        'value rows, an objectives table (Personal or service | Objective | How we will know | When) and a sign-off row with two ' +
        'label/date pairs (Agreed by doctor | date | Agreed by Clinical Director | date). Dates are Excel dates except "July 2027".',
      kind: 'plan',
      today: TODAY,
      policy: POLICY,
      fields: key.fields,
      lists: { activities: activityTotals(activities), objectives: objectiveCounts(objectives) },
      uncalculated: [],
      expect_fire: fire,
      expect_quiet: quiet(fire, unsure),
      notes:
        'Fully compliant part-time Specialist (8 PAs, LTFT): 9 activities give 8 PAs a week (DCC 6.5, SPA 1.5, the norm for a non-consultant) ' +
        'because the Tuesday evening epilepsy clinic and the Friday teaching each count 1 in 2 weeks; signatures 7 and 21 days after the ' +
        '16/09/2026 meeting; all statements and both kinds of objective present; not on call. "Non-working day" (Wednesday, merged B19:D19) ' +
        'is not an activity: a reader that takes it as one session adds an uncategorised PA (9 PAs, pa.total-matches-contract would fire ' +
        'wrongly). "8 PAs" is the number 8; "LTFT" means part time (full_time false); the tick means Yes. "Stage: Complete" is signed off. ' +
        '"July 2027" as an objective due date is 2027-07-31. "GMC no." (E4) is not a job plan field.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Held out 3: a quarterly register with odd, two-level headers

const ODD_HEADERS = [
  'Consultant (Surname, Forename)', 'Staff No.', 'Post', 'Staff Group', 'Care Group', 'Specialty', 'Trust', 'Total Sessions', 'DCC Sessions', 'SPA Sessions',
  'Other Sessions', 'Plan Stage', 'Date of JP Meeting', 'Doctor Signed', 'CD Signed', 'Review Due',
] as const;
const ODD_COLUMNS: Partial<Record<PlanFieldName, (typeof ODD_HEADERS)[number]>> = {
  practitioner_name: 'Consultant (Surname, Forename)',
  employee_number: 'Staff No.',
  grade: 'Post',
  staff_group: 'Staff Group',
  care_group: 'Care Group',
  specialty: 'Specialty',
  organisation: 'Trust',
  contracted_pas: 'Total Sessions',
  declared_dcc_pas: 'DCC Sessions',
  declared_spa_pas: 'SPA Sessions',
  declared_anr_pas: 'Other Sessions',
  status: 'Plan Stage',
  meeting_date: 'Date of JP Meeting',
  signed_practitioner_date: 'Doctor Signed',
  signed_manager_date: 'CD Signed',
  review_date: 'Review Due',
};

function oddRows(): RegisterRow[] {
  const MH = 'Mental Health';
  const LD = 'Learning Disability';
  type Spec = [string, string, string, string, number, number, number, number, ReturnType<typeof S>, string | null, string | null, string | null, string | null];
  const specs: Spec[] = [
    ['Whitfield, Karen', 'Consultant', MH, 'General Adult Psychiatry', 10, 7.5, 2.5, 0, S('Signed off', 'signed off'), '2026-09-08', '2026-09-15', '2026-09-29', '2027-09-30'],
    ['Okonjo, Chidi', 'Consultant', MH, 'Old Age Psychiatry', 10, 7, 2, 1, S('Approved', 'signed off'), '2026-05-05', '2026-05-12', '2026-05-26', '2027-05-31'],
    ['Lindqvist, Maja', 'Consultant', MH, 'General Adult Psychiatry', 10, 7.5, 2.5, 1, S('Signed off', 'signed off'), '2026-06-16', '2026-06-23', '2026-07-07', '2027-06-30'],
    ['Harper, James', 'Consultant', MH, 'Forensic Psychiatry', 10, 7.5, 2.5, 0, S('Submitted', 'agreed'), '2026-10-13', '2026-10-20', null, '2027-10-31'],
    ['Banerjee, Anjali', 'Consultant', MH, 'Perinatal Psychiatry', 8, 6, 2, 0, S('Signed off', 'signed off'), '2026-02-10', '2026-02-17', '2026-03-03', '2027-02-28'],
    ['McKenzie, Ross', 'Consultant', LD, 'Learning Disability Psychiatry', 10, 8, 1, 1, S('Signed off', 'signed off'), '2026-03-17', '2026-03-24', '2026-04-14', '2027-03-31'],
    ['Achterberg, Pieter', 'Consultant', MH, 'Liaison Psychiatry', 10, 7.5, 2.5, 0, S('Under discussion', 'in discussion'), '2026-11-10', null, null, null],
    ['Fitzgerald, Niamh', 'Consultant', MH, 'Old Age Psychiatry', 10, 7.5, 2.5, 0, S('Signed off', 'signed off'), '2025-07-22', '2025-07-29', '2025-08-12', '2026-07-31'],
    ['Sato, Kenji', 'Consultant', LD, 'Learning Disability Psychiatry', 10, 7.5, 2.5, 0, S('Not started', 'draft'), null, null, null, null],
    ['Duffy, Aoife', 'Consultant', MH, 'General Adult Psychiatry', 10, 7.5, 2.5, 0, S('Mediation', 'disputed'), '2026-08-18', null, null, null],
    ['Grant, Malcolm', 'Locum Consultant', MH, 'General Adult Psychiatry', 10, 7.5, 2.5, 0, S('Signed off', 'signed off'), '2026-04-21', '2026-05-26', '2026-05-28', '2027-04-30'],
    ['Petrov, Elena', 'Consultant', MH, 'Rehabilitation Psychiatry', 10, 6.5, 2.5, 0.5, S('Signed off', 'signed off'), '2026-06-02', '2026-06-09', '2026-06-16', '2027-06-30'],
    ['Ward, Simon', 'Consultant', MH, 'Substance Misuse Psychiatry', 10, 7.5, 2.5, 0, S('Approved', 'signed off'), '2026-01-13', '2026-01-20', '2026-02-03', '2027-01-31'],
    ['Chaudhry, Imran', 'Consultant', LD, 'Learning Disability Psychiatry', 6, 4.5, 1.5, 0, S('Signed off', 'signed off'), '2026-05-19', '2026-05-26', '2026-06-02', '2027-05-31'],
    ["O'Neill, Bridget", 'Consultant', MH, 'Old Age Psychiatry', 10, 7.5, 2.5, 0, S('Signed off', 'signed off'), '2026-07-14', '2026-07-21', '2026-08-11', '2027-07-31'],
    ['Baxter, Tom', 'Consultant', MH, 'General Adult Psychiatry', 10, 7.5, 2.5, 0, S('Signed off', 'signed off'), '2025-11-18', '2025-11-20', '2025-11-25', '2026-11-30'],
    ['Rahman, Nusrat', 'Consultant', MH, 'Child and Adolescent Psychiatry', 10, 7, 3, 0, S('Signed off', 'signed off'), '2026-03-31', '2026-04-07', '2026-04-21', '2027-03-31'],
    ['Evans, Gareth', 'Consultant', LD, 'Learning Disability Psychiatry', 10, 7.5, 2.5, 0, S('Submitted', 'agreed'), '2026-10-30', '2026-11-02', null, '2027-10-31'],
  ];
  return specs.map(([name, grade, care_group, specialty, contracted, dcc, spa, anr, st, meeting, signed1, signed2, review], i) => ({
    name, grade, care_group, specialty, contracted, dcc, spa, anr, ed: 0, ...st, meeting, signed1, signed2, review,
    ref: '',
    number: `00${String(712345 + i * 331)}`,
  }));
}

const ODD_ROW_FIRES: Record<number, RuleId[]> = {
  1: ['spa.expected'],
  2: ['pa.total-matches-contract'],
  3: ['signoff.both-parties', 'signoff.within-deadline'],
  5: ['spa.minimum', 'spa.expected'],
  6: ['signoff.both-parties'],
  7: ['review.annual'],
  8: ['signoff.both-parties'],
  10: ['signoff.within-deadline'],
  11: ['pa.total-matches-contract'],
  16: ['spa.expected'],
  17: ['signoff.both-parties'],
};

function registerOddHeaders(): TrustExample {
  const rows = oddRows();
  const columns = Object.keys(ODD_COLUMNS) as PlanFieldName[];
  const plans = rows.map((r, i) => ({ plan: rowPlan(r, columns), row: 5 + i }));
  const values = (r: RegisterRow): (string | number | null)[] => [
    r.name, r.number, r.grade, 'Medical & Dental', r.care_group, r.specialty, CPFT, r.contracted, r.dcc, r.spa, r.anr, r.status, r.meeting, r.signed1, r.signed2, r.review,
  ];
  const dateCols = new Set([12, 13, 14, 15]);
  const wb = newWorkbook('Consultant job plans Q3 2026/27');
  const ws = wb.addWorksheet('Q3 return');
  ws.mergeCells('A1:P1');
  ws.getCell('A1').value = 'Consultant job plans - quarterly return Q3 2026/27 (to the Medical Directorate)';
  ws.getCell('A1').font = { bold: true, size: 13 };
  ws.mergeCells('A2:P2');
  ws.getCell('A2').value = 'Return by 15/01/2027. One row per consultant; sessions are PAs per week.';
  ws.getCell('A2').font = { italic: true };
  ws.mergeCells('H3:K3');
  ws.getCell('H3').value = 'Sessions per week';
  ws.mergeCells('M3:O3');
  ws.getCell('M3').value = 'Key dates';
  for (const a of ['H3', 'M3']) {
    ws.getCell(a).font = BOLD;
    ws.getCell(a).alignment = { horizontal: 'center' };
    ws.getCell(a).fill = fill('FFBDD7EE');
  }
  ODD_HEADERS.forEach((h, i) => {
    const cell = ws.getCell(4, i + 1);
    cell.value = h;
    cell.font = BOLD;
    cell.fill = fill('FFDDEBF7');
    cell.alignment = { wrapText: true, vertical: 'top' };
    cell.border = THIN;
    ws.getColumn(i + 1).width = i === 0 ? 30 : i === 6 ? 40 : i === 5 ? 30 : i === 3 ? 18 : 13;
  });
  rows.forEach((r, i) => {
    values(r).forEach((v, c) => {
      if (v === null) return;
      const cell = ws.getCell(5 + i, c + 1);
      if (dateCols.has(c)) {
        cell.value = d(String(v));
        cell.numFmt = 'dd-mmm-yy';
      } else cell.value = v;
    });
  });
  const total = 5 + rows.length;
  ws.getCell(total, 1).value = 'Total';
  ws.getCell(total, 1).font = BOLD;
  const sums = [7, 8, 9, 10].map((c) => rows.reduce((s, r) => s + (values(r)[c] as number), 0));
  [8, 9, 10, 11].forEach((col, k) => {
    const letter = colLetter(col - 1);
    ws.getCell(total, col).value = { formula: `SUM(${letter}5:${letter}${total - 1})`, result: r2(sums[k]!) };
    ws.getCell(total, col).font = BOLD;
  });
  const { union, byRow } = rowFires(ODD_ROW_FIRES, 5);
  const fire: RuleId[] = [...union, GROUP_RULE];
  return {
    file: 'test/fixtures/trust-layouts/register-odd-headers.xlsx',
    bytes: () => workbookToBuffer(wb),
    plans,
    unsure: [],
    truth: {
      layout:
        'A care groups\' quarterly return on sheet "Q3 return": a merged title (row 1) and guidance line (row 2), then a TWO-LEVEL header: ' +
        'row 3 holds merged group captions over some columns ("Sessions per week" over H-K, "Key dates" over M-O) and row 4 the real ' +
        'headers, several of them odd: "Consultant (Surname, Forename)" (names written "Surname, Forename"), "Staff No.", "Post", ' +
        '"Staff Group" ("Medical & Dental"), "Trust", ' +
        '"Total Sessions", "DCC Sessions", "SPA Sessions", "Other Sessions", "Plan Stage", "Date of JP Meeting", "Doctor Signed", "CD Signed", ' +
        '"Review Due". 18 data rows (5-22) and a "Total" row (23) of cached SUM formulas under the session columns. Dates are Excel dates ' +
        'shown as dd-mmm-yy. No plan reference column.',
      kind: 'register',
      today: TODAY,
      policy: POLICY,
      rows: rows.length,
      fields: registerTruthFields('Q3 return', 5, ODD_HEADERS, ODD_COLUMNS, plans[0]!.plan, values(rows[0]!)),
      columns: ODD_COLUMNS as Record<string, string>,
      uncalculated: [],
      expect_fire: fire,
      expect_quiet: quiet(fire, []),
      row_expect_fire: byRow,
      notes:
        '"Total Sessions" is the consultant\'s contracted sessions (PAs), not the sum of the split: rows where DCC + SPA + Other differ ' +
        'from it are the PA problems (row 7 Lindqvist 11 on 10; row 16 Petrov 9.5 on 10). "Other Sessions" are Additional NHS ' +
        'Responsibilities. "Medical & Dental" is staff group medical. "Plan Stage": Signed off / Approved = signed off, Submitted = agreed, Under discussion = in discussion, Not ' +
        'started = draft, Mediation = disputed. The name is kept as written ("Whitfield, Karen"). Staff numbers have leading zeros (text). ' +
        'Row 23 "Total" ends the register and is not a plan. "Locum Consultant" (row 15) is a consultant. Boundary and today-dependent ' +
        'rows on 2026-11-23: row 19 (O\'Neill) signed on day 28 exactly (quiet); row 20 (Baxter) was agreed on 25/11/2025, 11.9 months ' +
        'ago, so review.annual is quiet (it fires from 2026-11-26); row 11 (Achterberg, meeting 10/11/2026) has waited 13 days; row 22 (Evans, ' +
        'meeting 30/10/2026) has waited 24 days and fires signoff.within-deadline from 2026-11-28; row 8 (Harper, meeting 13/10/2026) has ' +
        'waited 41 days. Row 14 (Duffy, Mediation) is disputed, so its missing signatures do not fire. Row 13 (Sato, Not started) has no ' +
        'meeting: signoff.both-parties only. register.completion-report (info) fires once per Care Group when checked as a register.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Held out 4: a tab-separated export from another e-job-planning system

const TSV_HEADERS = [
  'Clinician', 'Assignment No', 'Grade', 'Staff Group', 'Service Line', 'Division', 'Organisation', 'Job Plan Type', 'Stage', 'Date Joined', 'PAs in Contract',
  'DCC PAs (avg/wk)', 'SPA PAs (avg/wk)', 'ANR PAs (avg/wk)', 'ED PAs (avg/wk)', 'Discussion Date', 'Clinician Signed Date',
  'Final Signatory Date', 'Next Review',
] as const;
const TSV_COLUMNS: Partial<Record<PlanFieldName, (typeof TSV_HEADERS)[number]>> = {
  practitioner_name: 'Clinician',
  employee_number: 'Assignment No',
  grade: 'Grade',
  staff_group: 'Staff Group',
  specialty: 'Service Line',
  care_group: 'Division',
  organisation: 'Organisation',
  plan_kind: 'Job Plan Type',
  status: 'Stage',
  contract_start_date: 'Date Joined',
  contracted_pas: 'PAs in Contract',
  declared_dcc_pas: 'DCC PAs (avg/wk)',
  declared_spa_pas: 'SPA PAs (avg/wk)',
  declared_anr_pas: 'ANR PAs (avg/wk)',
  declared_ed_pas: 'ED PAs (avg/wk)',
  meeting_date: 'Discussion Date',
  signed_practitioner_date: 'Clinician Signed Date',
  signed_manager_date: 'Final Signatory Date',
  review_date: 'Next Review',
};

function tsvRows(): RegisterRow[] {
  const CMH = 'Community Mental Health';
  const IP = 'Inpatient and Acute';
  type K = [string, JobPlan['plan_kind']];
  const annual: K = ['Annual', 'annual'];
  const starter: K = ['New Starter', 'interim'];
  const change: K = ['Change in duties', 'change'];
  type Spec = [string, string, string, string, K, ReturnType<typeof S>, string | null, number, number, number, number, number, string | null, string | null, string | null, string | null];
  const specs: Spec[] = [
    ['Dr Alasdair Munro', 'Consultant', 'Adult Community Psychiatry (Penrith)', CMH, annual, S('Signed Off', 'signed off'), null, 10, 7.5, 2.5, 0, 0, '2026-03-12', '2026-03-19', '2026-04-02', '2027-03-31'],
    ['Dr Bethan Lloyd', 'Specialty Doctor', 'Adult Community Psychiatry (Kendal)', CMH, starter, S('In Progress', 'in discussion'), '2026-09-01', 10, 8.5, 1.5, 0, 0, '2026-09-21', null, null, null],
    ['Dr Chen Wei', 'Consultant', 'Acute Inpatient Psychiatry', IP, annual, S('Locked', 'signed off'), null, 10, 8, 2, 0, 0, '2026-02-24', '2026-03-03', '2026-03-10', '2027-02-28'],
    ['Dr Deborah Quinn', 'Associate Specialist', 'Acute Inpatient Psychiatry', IP, annual, S('Signed Off', 'signed off'), null, 10, 8.5, 1.5, 0, 0, '2026-05-07', '2026-05-14', '2026-05-21', '2027-05-31'],
    ['Dr Emeka Obi', 'Consultant', 'Psychiatric Intensive Care', IP, change, S('Awaiting Sign Off', 'agreed'), null, 10, 7.5, 2.5, 0, 0, '2026-11-03', '2026-11-10', null, '2027-11-30'],
    ['Dr Freya Holm', 'Specialty Doctor', 'Adult Community Psychiatry (Penrith)', CMH, starter, S('Signed Off', 'signed off'), '2026-07-06', 6, 4.5, 1.5, 0, 0, '2026-07-20', '2026-07-24', '2026-07-30', '2027-01-31'],
    ['Dr Gavin Reid', 'Consultant', 'Early Intervention in Psychosis', CMH, annual, S('Signed Off', 'signed off'), null, 10, 7.5, 2, 0.5, 0, '2026-06-11', '2026-06-18', '2026-06-25', '2027-06-30'],
    ['Dr Harriet Long', 'Consultant', 'Acute Inpatient Psychiatry', IP, annual, S('Signed Off', 'signed off'), null, 10, 7.5, 2.5, 0, 0, '2025-09-15', '2025-09-22', '2025-10-06', '2026-09-30'],
    ['Dr Ibrahim Sesay', 'Specialist', 'Adult Community Psychiatry (Kendal)', CMH, annual, S('Signed Off', 'signed off'), null, 10, 9, 1, 0, 0, '2026-04-16', '2026-04-23', '2026-05-07', '2027-04-30'],
    ['Dr Jennifer Moss', 'Consultant', 'Early Intervention in Psychosis', CMH, annual, S('Signed Off', 'signed off'), null, 10, 7.5, 2.5, 0, 1, '2026-01-29', '2026-02-05', '2026-02-12', '2027-01-31'],
    ['Dr Kieran Walsh', 'Consultant', 'Acute Inpatient Psychiatry', IP, starter, S('Signed Off', 'signed off'), '2026-03-02', 10, 7.5, 2.5, 0, 0, '2026-04-06', '2026-04-13', '2026-04-27', '2026-10-31'],
    ['Dr Lucy Brennan', 'Specialty Doctor', 'Psychiatric Intensive Care', IP, annual, S('Signed Off', 'signed off'), null, 10, 8.5, 1.5, 0, 0, '2026-06-02', '2026-06-09', '2026-07-10', '2027-06-30'],
    ['Dr Mohammed Al-Sayed', 'Consultant', 'Adult Community Psychiatry (Carlisle)', CMH, annual, S('Locked', 'signed off'), null, 10, 7.5, 2.5, 0, 0, '2026-08-20', '2026-08-27', '2026-09-03', '2027-08-31'],
    ['Dr Natalie Price', 'Consultant', 'Adult Community Psychiatry (Carlisle)', CMH, annual, S('Signed Off', 'signed off'), null, 8, 6, 2, 0, 0, '2026-05-28', '2026-06-04', '2026-06-11', '2027-05-31'],
    ['Dr Oscar Lindgren', 'Specialty Doctor', 'Acute Inpatient Psychiatry', IP, annual, S('In Progress', 'in discussion'), null, 10, 8.5, 1.5, 0, 0, null, null, null, null],
  ];
  return specs.map(([name, grade, specialty, care_group, [kind, kindCanon], st, joined, contracted, dcc, spa, anr, ed, meeting, signed1, signed2, review], i) => ({
    name, grade, specialty, care_group, kind, kindCanon, ...st, joined, contracted, dcc, spa, anr, ed, meeting, signed1, signed2, review,
    ref: '',
    number: `00${String(348127 + i * 577)}`,
  }));
}

const TSV_ROW_FIRES: Record<number, RuleId[]> = {
  1: ['signoff.both-parties', 'signoff.within-deadline', 'new-starter.interim-plan'],
  2: ['spa.expected'],
  4: ['signoff.both-parties'],
  6: ['spa.expected'],
  7: ['review.annual'],
  8: ['spa.minimum', 'spa.expected'],
  9: ['pa.total-matches-contract'],
  10: ['new-starter.interim-plan'],
  11: ['signoff.within-deadline'],
  14: ['signoff.both-parties'],
};

function tsvExport(): TrustExample {
  const rows = tsvRows();
  const columns = Object.keys(TSV_COLUMNS) as PlanFieldName[];
  const plans = rows.map((r, i) => ({ plan: rowPlan(r, columns), row: 2 + i }));
  const values = (r: RegisterRow): (string | number | null)[] => [
    r.name, r.number, r.grade, 'Medical', r.specialty, r.care_group, CPFT, r.kind ?? null, r.status, r.joined ?? null, r.contracted, r.dcc, r.spa, r.anr, r.ed,
    r.meeting, r.signed1, r.signed2, r.review,
  ];
  const dateCols = new Set([9, 15, 16, 17, 18]);
  const lines = [
    TSV_HEADERS.join('\t'),
    ...rows.map((r) => values(r).map((v, c) => (v === null ? '' : dateCols.has(c) ? dashText(String(v)) : String(v))).join('\t')),
  ];
  const bytes = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
  const { union, byRow } = rowFires(TSV_ROW_FIRES, 2);
  const fire: RuleId[] = [...union, GROUP_RULE];
  return {
    file: 'test/fixtures/trust-layouts/ejp-export-tab.tsv',
    bytes: () => Promise.resolve(bytes),
    plans,
    unsure: [],
    truth: {
      layout:
        'A tab-separated export from a different e-job-planning system, UTF-8 without a byte order mark, CRLF line endings, the header on ' +
        'line 1 (no title lines) and 15 data lines (2-16). Headers in that system\'s words: Clinician, Assignment No, Grade, Staff Group, Service Line, ' +
        'Division, Organisation, Job Plan Type, Stage, Date Joined, PAs in Contract, DCC PAs (avg/wk), SPA PAs (avg/wk), ANR PAs (avg/wk), ' +
        'ED PAs (avg/wk), Discussion Date, Clinician Signed Date, Final Signatory Date, Next Review. Dates as text like "14-May-2026"; ' +
        'empty fields for dates not yet reached. jobplan reads it as one sheet named "ejp-export-tab".',
      kind: 'register',
      today: TODAY,
      policy: POLICY,
      rows: rows.length,
      fields: registerTruthFields('ejp-export-tab', 2, TSV_HEADERS, TSV_COLUMNS, plans[0]!.plan, values(rows[0]!)),
      columns: TSV_COLUMNS as Record<string, string>,
      uncalculated: [],
      expect_fire: fire,
      expect_quiet: quiet(fire, []),
      row_expect_fire: byRow,
      notes:
        '"Discussion Date" is the job plan meeting; the clinician signs first and the "Final Signatory" is the clinical manager. Job Plan ' +
        'Type: Annual = annual, New Starter = interim, Change in duties = change. Stage: Signed Off and Locked = signed off, Awaiting Sign ' +
        'Off = agreed, In Progress = in discussion. "Service Line" is the specialty and "Division" the care group. Date Joined (start in ' +
        'post) is filled only for new starters. Today-dependent on 2026-11-23: line 3 (Dr Bethan Lloyd, new starter from 01/09/2026, ' +
        'meeting 21/09/2026, unsigned) fires new-starter.interim-plan (2.7 months to today) and signoff.within-deadline (63 days); line 6 ' +
        '(Dr Emeka Obi, meeting 03/11/2026) has waited 20 days and fires signoff.within-deadline from 2026-12-02. Line 7 (Dr Freya Holm) ' +
        'was agreed 24 days after starting: within the month. Line 12 (Dr Kieran Walsh) was agreed 1.8 months after starting. Line 16 (Dr ' +
        'Oscar Lindgren) has no discussion date: signoff.both-parties only. Assignment numbers keep their leading zeros. ' +
        'register.completion-report (info) fires once per Division when checked as a register.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Writing and checking

export function trustExamples(): TrustExample[] {
  return [
    bmaStyleConsultant(),
    gridDaysInColumns(),
    week1Week2Rota(),
    wordFormPasted(),
    ejpExportXlsx(),
    ejpExportCsv('windows-1252'),
    ejpExportCsv('utf-8-bom'),
    twoBelowForm(),
    timedGridChecks(),
    registerOddHeaders(),
    tsvExport(),
  ];
}

export async function generateTrustExamples(root: string): Promise<string[]> {
  const written: string[] = [];
  for (const example of trustExamples()) {
    const path = join(root, example.file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, await example.bytes());
    await writeFile(`${path}.truth.json`, `${JSON.stringify(example.truth, null, 2)}\n`);
    written.push(example.file, `${example.file}.truth.json`);
  }
  return written;
}

/**
 * Judges each answer key's canonical plan(s) with the engine (register rows as register rows) and reports where the
 * key's expect_fire / expect_quiet, row_expect_fire or list totals disagree. Returns the problems found.
 */
export async function checkTrustExamples(root: string): Promise<string[]> {
  const files = loadPolicyFiles([join(root, 'policies')]);
  const library = loadPolicyLibrary(files.policies);
  const problems: string[] = [];
  const notes = new Set<string>();
  for (const example of trustExamples()) {
    const { truth } = example;
    const isRegister = truth.kind === 'register';
    const inputs = example.plans.map((p, i) => ({ plan: p.plan, cells: {}, source: `${example.file}#${p.row ?? i}`, kind: isRegister ? ('register-row' as const) : ('plan' as const) }));
    const report = await evaluatePlans(inputs, library, { today: TODAY, groups: isRegister ? 'on' : 'off', evaluatedAt: '2026-01-01T00:00:00Z' });
    const cpft = (f: { policy: { id: string }; notJudged?: unknown }): boolean => f.policy.id === 'cpft-job-planning' && f.notJudged === undefined;
    const perPlan = report.plans.map((p) => new Set(p.findings.filter(cpft).map((f) => f.ruleId)));
    for (const p of report.plans) {
      if (!p.policies.some((a) => a.id === 'cpft-job-planning' && a.version === '2017-04-28')) problems.push(`${p.source}: not judged by ${POLICY} (${p.policies.map((a) => `${a.id}@${a.version}`).join(', ') || 'no policy'})`);
      const others = p.policies.filter((a) => a.id !== 'cpft-job-planning').map((a) => `${a.id}@${a.version}`);
      if (others.length > 0) notes.add(`${example.file}: also judged by ${others.join(', ')} (no staff group recorded)`);
    }
    const fired = new Set([...perPlan.flatMap((s) => [...s]), ...report.groups.filter(cpft).map((g) => g.ruleId)]);
    for (const r of truth.expect_fire) if (!fired.has(r)) problems.push(`${example.file}: expected ${r} to fire; it did not`);
    for (const r of truth.expect_quiet) if (fired.has(r)) problems.push(`${example.file}: expected ${r} to stay quiet; it fired`);
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
  for (const n of notes) console.log(`check: note: ${n}`);
  return problems;
}

// Run only when executed directly (node dist/scripts/generate-trust-examples.js), not when imported by a test.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const root = packageRoot();
    for (const file of await generateTrustExamples(root)) console.log(`wrote ${file}`);
    if (process.argv.includes('--check')) {
      const problems = await checkTrustExamples(root);
      for (const p of problems) console.error(`check: ${p}`);
      if (problems.length > 0) process.exitCode = 1;
      else console.log('check: every answer key agrees with the engine on its canonical plans');
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
