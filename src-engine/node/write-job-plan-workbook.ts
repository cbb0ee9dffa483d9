/**
 * Writes a JobPlan as the jobplan workbook template (workbook-maps/jobplan-template.yaml): the sheets, labels and
 * headers a Medical HR team fills in, styled like an NHS form. Used for examples/ and the blank template; it always
 * writes a new file (design.md §8: never re-save a user's workbook with exceljs).
 *
 * Layout per sheet: row 1 a title, row 2 a header, then label rows (fields sheets: label | value | guidance) or
 * data rows (table sheets). The labels and headers are the model's labels, which a test keeps equal to the first
 * alias of each entry in the map, so the core reads back exactly what is written here.
 */
import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { dayNumber, formatUkDate, isIsoDate, toExcelSerial } from '../model/dates.js';
import { parseFrequency } from '../model/frequency.js';
import {
  ACTIVITY_FIELDS,
  ADDITIONAL_PA_FIELDS,
  ANNUALISED_FIELDS,
  OBJECTIVE_FIELDS,
  PLAN_FIELDS,
  type FieldSpec,
  type JobPlan,
  type PlanFieldName,
  type PlanListName,
} from '../model/job-plan.js';
import { columnLetters } from '../workbook/snapshot.js';
import { readZipDirectory } from './read-workbook.js';
import { writeFileAtomic } from './safe-write.js';

export type DatesAs = 'date' | 'serial' | 'uk-text';

export interface WriteJobPlanOptions {
  /**
   * How date fields are written: real Excel dates formatted dd/mm/yyyy (default), bare serial numbers with no date
   * format, or UK text such as `28/04/2017`. The three forms people actually type, so examples exercise each.
   */
  readonly datesAs?: DatesAs;
}

// ---------------------------------------------------------------------------------------------------------------
// Layout

export interface FieldsSheetLayout {
  readonly kind: 'fields';
  readonly sheet: string;
  readonly title: string;
  /** Field names in order; a string entry that is not a field name is a section heading. */
  readonly rows: readonly (PlanFieldName | { readonly heading: string })[];
}

export interface TableSheetLayout {
  readonly kind: 'table';
  readonly sheet: string;
  readonly title: string;
  readonly list: PlanListName;
  readonly columns: readonly string[];
  readonly widths: readonly number[];
  /** Blank rows offered below the data so the template has room to type (and drop-downs to use). */
  readonly minRows: number;
}

export type SheetLayout = FieldsSheetLayout | TableSheetLayout;

/** The template's sheets in order, mirroring workbook-maps/jobplan-template.yaml (a test checks they agree). */
export const JOB_PLAN_TEMPLATE_LAYOUT: readonly SheetLayout[] = [
  {
    kind: 'fields',
    sheet: 'Details',
    title: 'Job plan',
    rows: [
      { heading: 'Practitioner details' },
      'plan_ref', 'practitioner_name', 'employee_number', 'staff_group', 'grade', 'band', 'profession', 'specialty', 'care_group', 'organisation',
      { heading: 'Contract details' },
      'contracted_pas', 'contracted_hours', 'full_time', 'wte', 'contract_start_date', 'attending_weeks', 'flexible_working', 'flexible_working_review_date',
      { heading: 'Job plan details' },
      'plan_kind', 'status', 'meeting_date', 'start_date', 'review_date', 'spa_justification', 'team', 'template_dcc_share', 'variance_note',
      { heading: 'Pay and delivery (from payroll and rosters)' },
      'pas_paid', 'hours_paid', 'planned_hours', 'delivered_hours',
    ],
  },
  {
    kind: 'table',
    sheet: 'Timetable',
    title: 'Weekly timetable',
    list: 'activities',
    columns: ['day', 'session', 'activity', 'category', 'frequency', 'pas', 'hours', 'location', 'notes'],
    widths: [12, 10, 38, 11, 13, 8, 8, 26, 40],
    minRows: 12,
  },
  {
    kind: 'table',
    sheet: 'Annualised',
    title: 'Annualised activities (spread over the attending weeks)',
    list: 'annualised_activities',
    columns: ['activity', 'category', 'occurrences_per_year', 'pas_per_occurrence', 'hours_per_occurrence', 'notes'],
    widths: [40, 11, 14, 14, 14, 44],
    minRows: 5,
  },
  {
    kind: 'fields',
    sheet: 'On-call',
    title: 'On-call',
    rows: ['on_call_rota', 'on_call_rota_name', 'on_call_frequency', 'on_call_category', 'on_call_supplement_pct', 'intensity_band', 'intensity_band_paid'],
  },
  {
    kind: 'table',
    sheet: 'Additional PAs',
    title: 'Additional programmed activities',
    list: 'additional_pas',
    columns: ['pas', 'reason', 'agreed_by', 'start_date', 'end_date', 'fixed_term_contract'],
    widths: [8, 44, 30, 13, 13, 16],
    minRows: 3,
  },
  {
    kind: 'table',
    sheet: 'Objectives',
    title: 'Objectives and outcomes',
    list: 'objectives',
    columns: ['kind', 'objective', 'measure', 'due_date', 'linked_activity'],
    widths: [11, 50, 44, 13, 30],
    minRows: 5,
  },
  {
    kind: 'fields',
    sheet: 'Statements',
    title: 'Statements',
    rows: ['private_practice_statement', 'external_duties_statement', 'supporting_resources', 'managerial_responsibilities', 'section_justification'],
  },
  {
    kind: 'fields',
    sheet: 'Sign-off',
    title: 'Sign-off',
    rows: [
      { heading: 'Agreement' },
      'signed_practitioner_date', 'signed_manager_date',
      { heading: 'Dispute and appeal (only if the plan was not agreed)' },
      'failure_to_agree_date', 'md_referral_date', 'md_meeting_date', 'md_decision_date', 'mediation_outcome_date',
      'appeal_lodged_date', 'appeal_panel_date', 'panel_recommendation_date', 'panel_chair', 'panel_member_appellant', 'panel_member_approved_list',
    ],
  },
];

const LIST_FIELDS: Readonly<Record<PlanListName, Readonly<Record<string, FieldSpec>>>> = {
  activities: ACTIVITY_FIELDS,
  annualised_activities: ANNUALISED_FIELDS,
  additional_pas: ADDITIONAL_PA_FIELDS,
  objectives: OBJECTIVE_FIELDS,
};

/** The text written for a field's label or column header. */
export function labelOf(list: PlanListName | null, field: string): string {
  const spec = list === null ? (PLAN_FIELDS as Readonly<Record<string, FieldSpec>>)[field] : LIST_FIELDS[list][field];
  if (!spec) throw new Error(`internal: no field '${field}' in ${list ?? 'PLAN_FIELDS'}`);
  return spec.label;
}

/** Drop-down choices per field; shown as a warning (not a hard stop) so a synonym the core understands can be kept. */
const YES_NO = ['Yes', 'No'];
const SUGGESTIONS: Readonly<Record<string, readonly string[]>> = {
  'activities.day': ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  'activities.session': ['AM', 'PM', 'EVE'],
  'activities.frequency': ['Weekly', '1 in 2', '1 in 3', '1 in 4', '2 in 4', 'Fortnightly'],
};

function choicesFor(spec: FieldSpec): readonly string[] | null {
  if (spec.type.kind === 'boolean') return YES_NO;
  if (spec.type.kind === 'enum') return spec.type.values.map(displayEnum);
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Style: NHS identity colours (NHS Blue, Pale Grey, Dark Grey)

const NHS_BLUE = 'FF005EB8';
const PALE_GREY = 'FFE8EDEE';
const DARK_GREY = 'FF425563';
const WHITE = 'FFFFFFFF';
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFAEB7BD' } },
  bottom: { style: 'thin', color: { argb: 'FFAEB7BD' } },
  left: { style: 'thin', color: { argb: 'FFAEB7BD' } },
  right: { style: 'thin', color: { argb: 'FFAEB7BD' } },
};
const DATE_FORMAT = 'dd/mm/yyyy';
/** Fixed so regenerating the examples gives the same bytes. */
const FIXED_TIMESTAMP = new Date(Date.UTC(2017, 0, 1));

// ---------------------------------------------------------------------------------------------------------------
// Building

/** An empty workbook with fixed metadata, so regenerating an example gives the same bytes. */
function newWorkbook(title: string): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'jobplan';
  workbook.lastModifiedBy = 'jobplan';
  workbook.created = FIXED_TIMESTAMP;
  workbook.modified = FIXED_TIMESTAMP;
  workbook.title = title;
  return workbook;
}

/**
 * Builds the workbook in memory. An empty plan (`{}`) gives the blank template with every label and header.
 *
 * @example
 * const wb = buildJobPlanWorkbook(plan, { datesAs: 'uk-text' });
 */
export function buildJobPlanWorkbook(plan: JobPlan, options: WriteJobPlanOptions = {}): ExcelJS.Workbook {
  const datesAs = options.datesAs ?? 'date';
  const workbook = newWorkbook(plan.plan_ref ? `Job plan ${plan.plan_ref}` : 'Job plan');

  const ctx: BuildContext = { plan, datesAs, fieldRows: new Map() };
  for (const layout of JOB_PLAN_TEMPLATE_LAYOUT) {
    const ws = workbook.addWorksheet(layout.sheet, {
      // Tables freeze their title and header rows so headers stay visible while scrolling a long timetable.
      views: layout.kind === 'table' ? [{ state: 'frozen', xSplit: 0, ySplit: 2 }] : [],
      pageSetup: { paperSize: 9, orientation: layout.kind === 'table' ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    if (layout.kind === 'fields') writeFieldsSheet(ws, layout, ctx);
    else writeTableSheet(ws, layout, ctx);
  }
  return workbook;
}

/**
 * Several job plans in one workbook, one plan per sheet (named by practitioner, else plan reference): every section
 * of the template one below another with a blank row between, as a directorate that keeps a sheet per consultant
 * lays them out. jobplan reads such a workbook with the same map as the template (one plan per sheet).
 */
export function buildJobPlanSheetsWorkbook(plans: readonly JobPlan[], options: WriteJobPlanOptions & { readonly index?: boolean } = {}): ExcelJS.Workbook {
  const datesAs = options.datesAs ?? 'date';
  const workbook = newWorkbook(`Job plans (${plans.length}, one per sheet)`);
  const names = plans.map((p, i) => sheetName(p.practitioner_name ?? p.plan_ref ?? `Plan ${i + 1}`));
  if (options.index !== false) {
    // A contents sheet, as such workbooks usually have: jobplan skips it (it holds no plan).
    const index = workbook.addWorksheet('Contents');
    index.columns = [{ width: 34 }, { width: 22 }, { width: 30 }];
    writeTitle(index, 'Job plans in this workbook', 3);
    writeHeader(index.getRow(2), ['Sheet', 'Plan reference', 'Specialty']);
    plans.forEach((p, i) => { index.getRow(i + 3).values = [names[i]!, p.plan_ref ?? '', p.specialty ?? '']; });
  }
  plans.forEach((plan, i) => {
    const ws = workbook.addWorksheet(names[i]!, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    ws.columns = [36, 42, 38, 12, 13, 8, 8, 26, 40].map((width) => ({ width }));
    const ctx: BuildContext = { plan, datesAs, fieldRows: new Map() };
    let row = 1;
    for (const layout of JOB_PLAN_TEMPLATE_LAYOUT) {
      row = (layout.kind === 'fields' ? writeFieldsSheet(ws, layout, ctx, row) : writeTableSheet(ws, layout, ctx, row)) + 1;
    }
  });
  return workbook;
}

/** A valid, unique-enough sheet name: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31).trim() || 'Plan';
}

/** Builds and writes the workbook to `path` (overwriting it). */
export async function writeJobPlanWorkbook(plan: JobPlan, path: string, options: WriteJobPlanOptions = {}): Promise<void> {
  await saveWorkbook(buildJobPlanWorkbook(plan, options), path);
}

/** Serialises any workbook with fixed zip timestamps, so the same content always gives the same bytes. */
export async function workbookToBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  // exceljs types the result as its own ArrayBuffer-like `Buffer`; in Node it is a Node Buffer.
  const bytes = (await workbook.xlsx.writeBuffer()) as unknown as Buffer;
  return fixZipTimestamps(Buffer.from(bytes));
}

export async function saveWorkbook(workbook: ExcelJS.Workbook, path: string): Promise<void> {
  const bytes = await workbookToBuffer(workbook);
  await writeFileAtomic(path, (partial) => writeFile(partial, bytes));
}

interface BuildContext {
  readonly plan: JobPlan;
  readonly datesAs: DatesAs;
  /** Field → its 1-based row on its sheet, for formulas that refer across sheets. */
  readonly fieldRows: Map<string, { sheet: string; row: number }>;
}

/** Writes a fields section from row `start` (a sheet of its own starts at 1); returns the row after it. */
function writeFieldsSheet(ws: ExcelJS.Worksheet, layout: FieldsSheetLayout, ctx: BuildContext, start = 1): number {
  if (start === 1) ws.columns = [{ width: 36 }, { width: 42 }, { width: 72 }];
  writeTitle(ws, layout.title, 3, start);
  writeHeader(ws.getRow(start + 1), ['Field', 'Value', 'Guidance']);
  let r = start + 2;
  for (const entry of layout.rows) {
    const row = ws.getRow(r);
    if (typeof entry === 'object') {
      ws.mergeCells(r, 1, r, 3);
      const cell = row.getCell(1);
      cell.value = entry.heading;
      cell.font = { bold: true, color: { argb: NHS_BLUE } };
      cell.border = { bottom: { style: 'medium', color: { argb: NHS_BLUE } } };
      r += 1;
      continue;
    }
    const spec = (PLAN_FIELDS as Readonly<Record<string, FieldSpec>>)[entry]!;
    const label = row.getCell(1);
    label.value = spec.label;
    label.font = { bold: true };
    label.fill = solid(PALE_GREY);
    label.border = THIN;
    label.alignment = { vertical: 'top' };
    const value = row.getCell(2);
    setValue(value, spec, ctx.plan[entry], ctx.datesAs);
    value.border = THIN;
    value.alignment = { vertical: 'top', wrapText: true, horizontal: 'left' };
    const choices = choicesFor(spec);
    if (choices) value.dataValidation = listValidation(choices, spec.label, true);
    const guidance = row.getCell(3);
    guidance.value = spec.description;
    guidance.font = { italic: true, color: { argb: DARK_GREY } };
    guidance.alignment = { vertical: 'top', wrapText: true };
    ctx.fieldRows.set(entry, { sheet: ws.name, row: r });
    r += 1;
  }
  return r;
}

/**
 * Writes a table section from row `start` (a sheet of its own starts at 1, with blank rows to type in); returns the
 * row after its total. A section on a shared sheet has no blank rows: a blank row ends a table there.
 */
function writeTableSheet(ws: ExcelJS.Worksheet, layout: TableSheetLayout, ctx: BuildContext, start = 1): number {
  const specs = layout.columns.map((field) => LIST_FIELDS[layout.list][field]!);
  if (start === 1) ws.columns = layout.widths.map((width) => ({ width }));
  writeTitle(ws, layout.title, layout.columns.length, start);
  writeHeader(ws.getRow(start + 1), specs.map((s) => s.label));
  // The lists are typed per list; as plain records they can be written column by column.
  const records = (ctx.plan[layout.list] ?? []) as readonly Readonly<Record<string, unknown>>[];
  const rowCount = start === 1 ? Math.max(records.length, layout.minRows) : records.length;
  const first = start + 2;
  for (let i = 0; i < rowCount; i++) {
    const row = ws.getRow(first + i);
    const record = records[i] ?? {};
    layout.columns.forEach((field, c) => {
      const cell = row.getCell(c + 1);
      const spec = specs[c]!;
      setValue(cell, spec, record[field], ctx.datesAs);
      cell.border = THIN;
      cell.alignment = { vertical: 'top', wrapText: spec.type.kind === 'string' };
      const choices = choicesFor(spec);
      const suggestions = SUGGESTIONS[`${layout.list}.${field}`];
      if (choices) cell.dataValidation = listValidation(choices, spec.label, true);
      else if (suggestions) cell.dataValidation = listValidation(suggestions, spec.label, false);
    });
  }
  const last = first + rowCount - 1;
  if (layout.list === 'activities') writeTimetableTotal(ws, layout, records, first, last);
  if (layout.list === 'annualised_activities') writeAnnualisedTotal(ws, layout, ctx, records, first, last);
  return last + (layout.list === 'activities' || layout.list === 'annualised_activities' ? 2 : 1);
}

function writeTitle(ws: ExcelJS.Worksheet, title: string, width: number, row = 1): void {
  const cell = ws.getCell(row, 1);
  cell.value = title;
  cell.font = { bold: true, size: 14, color: { argb: NHS_BLUE } };
  ws.getRow(row).height = 22;
  if (width > 1) ws.mergeCells(row, 1, row, width);
}

function writeHeader(row: ExcelJS.Row, texts: readonly string[]): void {
  texts.forEach((text, i) => {
    const cell = row.getCell(i + 1);
    cell.value = text;
    cell.font = { bold: true, color: { argb: WHITE } };
    cell.fill = solid(NHS_BLUE);
    cell.border = THIN;
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
}

/**
 * Writes one value by its field type. User text is always a plain string (exceljs stores strings as shared strings,
 * so text starting with `=` stays text). A value of the wrong type (a hand-edited JSON plan) is written as text
 * rather than refused, so the core reports it against the cell.
 */
function setValue(cell: ExcelJS.Cell, spec: FieldSpec, value: unknown, datesAs: DatesAs): void {
  if (spec.type.kind === 'date' && datesAs === 'date') cell.numFmt = DATE_FORMAT;
  if (spec.type.kind === 'date' && datesAs === 'uk-text') cell.numFmt = '@';
  if (value === null || value === undefined) return;
  switch (spec.type.kind) {
    case 'date':
      cell.value = typeof value === 'string' && isIsoDate(value) ? dateValue(value, datesAs) : String(value);
      return;
    case 'boolean':
      cell.value = typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value);
      return;
    case 'number':
      cell.value = typeof value === 'number' ? value : String(value);
      return;
    case 'enum':
      cell.value = displayEnum(String(value));
      return;
    case 'string':
      cell.value = String(value);
      return;
  }
}

function dateValue(iso: string, datesAs: DatesAs): Date | number | string {
  if (datesAs === 'serial') return toExcelSerial(iso);
  if (datesAs === 'uk-text') return formatUkDate(iso);
  return new Date(dayNumber(iso) * 86_400_000);
}

/** Enum values are stored lower case in the model ('signed off'); forms show them capitalised ('Signed off'). */
function displayEnum(value: string): string {
  return value.length === 0 ? value : value.charAt(0).toUpperCase() + value.slice(1);
}

function listValidation(choices: readonly string[], label: string, warn: boolean): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [`"${choices.join(',')}"`],
    showErrorMessage: warn,
    errorStyle: 'warning',
    errorTitle: label,
    error: `Choose one of: ${choices.join(', ')}`,
  };
}

function solid(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

// ---------------------------------------------------------------------------------------------------------------
// Totals: formulas Excel recalculates, with cached results computed here so exceljs-based readers see a value

/**
 * Weekly weight of a timetable frequency: blank/weekly = 1, "1 in N" = 1/N, "N in M" = N/M, fortnightly = 1/2.
 * Text the core cannot parse counts as weekly, as the core's own arithmetic does (it reports the text separately).
 */
export function frequencyWeight(frequency: string | null | undefined): number {
  const parsed = parseFrequency(frequency);
  return parsed.ok ? parsed.weight : 1;
}

/** Frequency-weighted sum of one numeric column of the timetable (PAs or hours), rounded to 4 places. */
export function weightedTimetableTotal(activities: readonly Readonly<Record<string, unknown>>[], column: 'pas' | 'hours'): number {
  const sum = activities.reduce((acc, a) => {
    const v = a[column];
    const freq = a.frequency;
    return acc + (typeof v === 'number' ? v * frequencyWeight(typeof freq === 'string' ? freq : null) : 0);
  }, 0);
  return round4(sum);
}

/**
 * The Excel expression for one row's weight, when Excel would compute the same weight as the core; otherwise the
 * core's weight as a constant (e.g. "every 3 weeks", which the short formula does not understand).
 */
function weightExpression(freqRef: string, frequency: unknown): string {
  const text = typeof frequency === 'string' ? frequency.trim() : '';
  const simple = text === '' || /^\d+ in \d+$/.test(text) || /^(weekly|every week|fortnightly|alternate weeks)$/i.test(text);
  if (!simple) return String(frequencyWeight(text));
  return `IF(${freqRef}="",1,IFERROR(LEFT(${freqRef},FIND(" in ",${freqRef})-1)/MID(${freqRef},FIND(" in ",${freqRef})+4,9),IF(OR(${freqRef}="fortnightly",${freqRef}="alternate weeks"),0.5,1)))`;
}

/** Excel caps a formula at 8192 characters; long timetables fall back to constant weights in a SUMPRODUCT. */
const MAX_FORMULA_LENGTH = 8000;

function writeTimetableTotal(ws: ExcelJS.Worksheet, layout: TableSheetLayout, records: readonly Readonly<Record<string, unknown>>[], first: number, last: number): void {
  const row = ws.getRow(last + 1);
  const freqCol = columnLetters(layout.columns.indexOf('frequency'));
  row.getCell(1).value = 'Total PAs';
  for (const column of ['pas', 'hours'] as const) {
    const col = columnLetters(layout.columns.indexOf(column));
    const terms: string[] = [];
    const weights: number[] = [];
    for (let r = first; r <= last; r++) {
      const frequency = records[r - first]?.frequency;
      terms.push(`${col}${r}*${weightExpression(`${freqCol}${r}`, frequency)}`);
      weights.push(frequencyWeight(typeof frequency === 'string' ? frequency : null));
    }
    let formula = terms.join('+');
    if (formula.length > MAX_FORMULA_LENGTH) formula = `SUMPRODUCT(${col}${first}:${col}${last},{${weights.join(';')}})`;
    row.getCell(layout.columns.indexOf(column) + 1).value = { formula, result: weightedTimetableTotal(records, column) };
  }
  styleTotalRow(row, layout.columns.length);
}

function writeAnnualisedTotal(ws: ExcelJS.Worksheet, layout: TableSheetLayout, ctx: BuildContext, records: readonly Readonly<Record<string, unknown>>[], first: number, last: number): void {
  const row = ws.getRow(last + 1);
  row.getCell(1).value = 'Total per week (over the attending weeks)';
  const weeksAt = ctx.fieldRows.get('attending_weeks');
  const planWeeks = ctx.plan.attending_weeks;
  // Same default as the core (facts/plan-arithmetic.ts): 42 attending weeks when the plan does not say.
  const weeks = typeof planWeeks === 'number' && planWeeks > 0 ? planWeeks : 42;
  const weeksRef = weeksAt ? `'${weeksAt.sheet}'!$B$${weeksAt.row}` : null;
  const divisor = weeksRef ? `IF(N(${weeksRef})>0,${weeksRef},42)` : '42';
  const nCol = columnLetters(layout.columns.indexOf('occurrences_per_year'));
  for (const column of ['pas_per_occurrence', 'hours_per_occurrence'] as const) {
    const col = columnLetters(layout.columns.indexOf(column));
    const sum = records.reduce((acc, a) => {
      const n = a.occurrences_per_year;
      const each = a[column];
      return acc + (typeof n === 'number' && typeof each === 'number' ? n * each : 0);
    }, 0);
    row.getCell(layout.columns.indexOf(column) + 1).value = {
      formula: `SUMPRODUCT(${nCol}${first}:${nCol}${last},${col}${first}:${col}${last})/${divisor}`,
      result: round4(sum / weeks),
    };
  }
  styleTotalRow(row, layout.columns.length);
}

function styleTotalRow(row: ExcelJS.Row, width: number): void {
  for (let c = 1; c <= width; c++) {
    const cell = row.getCell(c);
    cell.font = { bold: true };
    cell.fill = solid(PALE_GREY);
    cell.border = { ...THIN, top: { style: 'medium', color: { argb: NHS_BLUE } } };
  }
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

// ---------------------------------------------------------------------------------------------------------------
// Byte-stable output

/** MS-DOS date of 2017-01-01 (years since 1980 << 9 | month << 5 | day); time 00:00. */
const DOS_DATE = ((2017 - 1980) << 9) | (1 << 5) | 1;

/**
 * JSZip (inside exceljs) stamps every zip entry with the current time, so two runs differ in a few bytes.
 * Overwrite those stamps in the local and central headers with a fixed date; the CRCs cover data only.
 */
function fixZipTimestamps(zip: Buffer): Buffer {
  const entries = readZipDirectory(zip);
  if (!entries) throw new Error('internal: exceljs wrote a zip whose directory cannot be read');
  for (const entry of entries) {
    zip.writeUInt16LE(0, entry.centralOffset + 12);
    zip.writeUInt16LE(DOS_DATE, entry.centralOffset + 14);
    zip.writeUInt16LE(0, entry.localHeaderOffset + 10);
    zip.writeUInt16LE(DOS_DATE, entry.localHeaderOffset + 12);
  }
  return zip;
}
