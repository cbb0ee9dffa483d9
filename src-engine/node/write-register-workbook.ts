/**
 * Writes job plans as a register workbook (workbook-maps/register.yaml): Medical HR's master log, one job plan per
 * row under a header row, plus a Guidance sheet describing each column. Used for the register template, the example
 * registers and the benchmark's synthetic registers of up to 100,000 rows, so it always uses exceljs's streaming
 * writer (design.md §7: 4.9 s / 371 MB for 100,000 rows, against 36 s / 3.2 GB with the normal API). Like every
 * writer here it writes a new file, never over a user's workbook, and its output is byte-stable (fixed timestamps).
 *
 * The header texts are the first header of each column in workbook-maps/register.yaml (a test keeps them equal),
 * so the core reads back exactly what is written here.
 */
import { readFile, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { dayNumber, formatUkDate, isIsoDate, toExcelSerial } from '../model/dates.js';
import { PLAN_FIELDS, type FieldSpec, type JobPlan, type PlanFieldName } from '../model/job-plan.js';
import { columnLetters } from '../workbook/snapshot.js';
import { readZipDirectory } from './read-workbook.js';
import { writeFileAtomic } from './safe-write.js';
import type { DatesAs } from './write-job-plan-workbook.js';

export const REGISTER_SHEET = 'Register';
export const REGISTER_GUIDANCE_SHEET = 'Guidance';

/** Header text of each register column, in the template's column order (= workbook-maps/register.yaml's order). */
export const REGISTER_HEADERS = {
  plan_ref: 'Job plan ref',
  practitioner_name: 'Surname, forename',
  employee_number: 'Assignment number',
  staff_group: 'Staff group',
  grade: 'Grade',
  band: 'AfC band',
  profession: 'Profession',
  specialty: 'Specialty',
  care_group: 'Care group',
  team: 'Team',
  organisation: 'Organisation',
  contracted_pas: 'Contracted PAs',
  contracted_hours: 'Contracted hours',
  wte: 'WTE',
  full_time: 'Full time',
  contract_start_date: 'Start date in post',
  declared_dcc_pas: 'DCC PAs',
  declared_spa_pas: 'SPA PAs',
  declared_anr_pas: 'ANR PAs',
  declared_ed_pas: 'ED PAs',
  declared_dcc_hours: 'DCC hours',
  declared_spa_hours: 'SPA hours',
  declared_anr_hours: 'ANR hours',
  declared_ed_hours: 'ED hours',
  declared_apa_pas: 'Additional PAs',
  apa_end_date: 'APA end date',
  template_dcc_share: 'Template DCC share',
  variance_note: 'Variance note',
  spa_justification: 'SPA justification',
  plan_kind: 'Plan type',
  status: 'Status',
  meeting_date: 'Job plan meeting',
  signed_practitioner_date: 'Signed by practitioner',
  signed_manager_date: 'Signed by manager',
  start_date: 'Date agreed',
  review_date: 'Next review due',
  failure_to_agree_date: 'Failure to agree',
  md_referral_date: 'Referred to MD',
  md_meeting_date: 'MD meeting',
  md_decision_date: 'MD decision',
  mediation_outcome_date: 'Mediation outcome',
  appeal_lodged_date: 'Appeal lodged',
  appeal_panel_date: 'Appeal panel',
  panel_recommendation_date: 'Panel recommendation',
  on_call_rota: 'On call',
  on_call_frequency: 'On-call frequency (1 in N)',
  on_call_category: 'On-call category',
  intensity_band: 'Intensity band (planned)',
  intensity_band_paid: 'Intensity band (paid)',
  pas_paid: 'PAs paid (ESR)',
  hours_paid: 'Hours paid (ESR)',
  planned_hours: 'Planned hours',
  delivered_hours: 'Delivered hours',
} as const satisfies Partial<Record<PlanFieldName, string>>;

export type RegisterField = keyof typeof REGISTER_HEADERS;

/** Every register column, in the template's order. */
export const REGISTER_TEMPLATE_COLUMNS = Object.keys(REGISTER_HEADERS) as RegisterField[];

/** The columns of a medical (consultant and SAS) register: PAs, sign-off, disputes, on-call banding, PAs paid. */
export const MEDICAL_REGISTER_COLUMNS: readonly RegisterField[] = [
  'plan_ref', 'practitioner_name', 'grade', 'specialty', 'care_group', 'contracted_pas',
  'declared_dcc_pas', 'declared_spa_pas', 'declared_anr_pas', 'declared_ed_pas', 'declared_apa_pas', 'apa_end_date',
  'plan_kind', 'status', 'contract_start_date', 'meeting_date', 'signed_practitioner_date', 'signed_manager_date', 'start_date', 'review_date',
  'failure_to_agree_date', 'md_referral_date', 'md_meeting_date', 'on_call_rota', 'on_call_frequency', 'on_call_category',
  'intensity_band', 'intensity_band_paid', 'pas_paid', 'spa_justification', 'staff_group', 'employee_number', 'organisation',
];

/** The columns of an Agenda for Change register: hours, bands, teams, template DCC share, planned and delivered hours. */
export const AFC_REGISTER_COLUMNS: readonly RegisterField[] = [
  'plan_ref', 'practitioner_name', 'staff_group', 'profession', 'band', 'grade', 'specialty', 'care_group', 'team', 'contracted_hours', 'wte',
  'declared_dcc_hours', 'declared_spa_hours', 'declared_anr_hours', 'declared_ed_hours', 'template_dcc_share', 'variance_note',
  'status', 'meeting_date', 'signed_practitioner_date', 'signed_manager_date', 'start_date', 'review_date',
  'hours_paid', 'planned_hours', 'delivered_hours', 'employee_number',
];

export interface WriteRegisterOptions {
  /** Which columns, in order (default: every register column, as in the template). */
  readonly columns?: readonly RegisterField[];
  /** Row 1's title. */
  readonly title?: string;
  /** How dates are written (default real dates formatted dd/mm/yyyy); see write-job-plan-workbook.ts. */
  readonly datesAs?: DatesAs;
  /** Add the Guidance sheet (default true). */
  readonly guidance?: boolean;
  /** Rows offered drop-downs below the header, for typing into (default: the rows written, at least 500). */
  readonly dropDownRows?: number;
}

export interface WriteRegisterResult {
  /** Data rows written. */
  readonly rows: number;
  /** The Excel row number of the header row (data starts below it). */
  readonly headerRow: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Style: NHS identity colours, as in the job plan template

const NHS_BLUE = 'FF005EB8';
const PALE_GREY = 'FFE8EDEE';
const DARK_GREY = 'FF425563';
const WHITE = 'FFFFFFFF';
const DATE_FORMAT = 'dd/mm/yyyy';
const FIXED_TIMESTAMP = new Date(Date.UTC(2017, 0, 1));
const TITLE_ROW = 1;
const HEADER_ROW = 2;

const WIDTHS: Readonly<Partial<Record<RegisterField, number>>> = {
  plan_ref: 14, practitioner_name: 24, grade: 22, profession: 20, specialty: 28, care_group: 22, team: 24,
  organisation: 28, variance_note: 36, spa_justification: 36, employee_number: 14, status: 13, staff_group: 13,
};

/**
 * Writes `plans` (any iterable, consumed once, so a generator of 100,000 plans is never held in memory) as a
 * register at `path`, overwriting it. Values of the wrong type (a hand-edited plan) are written as text, so the
 * core reports them against their cell.
 *
 * @example
 * await writeRegisterWorkbook(plans, 'register.xlsx', { columns: MEDICAL_REGISTER_COLUMNS, title: 'Job plan register 2026' });
 */
export async function writeRegisterWorkbook(plans: Iterable<JobPlan>, path: string, options: WriteRegisterOptions = {}): Promise<WriteRegisterResult> {
  // Written beside the target and renamed into place, so a failed run never leaves half a workbook at `path`.
  let result: WriteRegisterResult | undefined;
  await writeFileAtomic(path, async (partial) => {
    result = await writeRegisterTo(plans, partial, options);
  });
  return result!;
}

async function writeRegisterTo(plans: Iterable<JobPlan>, partial: string, options: WriteRegisterOptions): Promise<WriteRegisterResult> {
  const columns = options.columns ?? REGISTER_TEMPLATE_COLUMNS;
  if (columns.length === 0) throw new Error('internal: a register needs at least one column');
  const specs = columns.map((c) => (PLAN_FIELDS as Readonly<Record<string, FieldSpec>>)[c]!);
  const datesAs = options.datesAs ?? 'date';
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: partial, useStyles: true, useSharedStrings: true });
  workbook.creator = 'jobplan';
  workbook.lastModifiedBy = 'jobplan';
  workbook.created = FIXED_TIMESTAMP;
  workbook.modified = FIXED_TIMESTAMP;

  const last = columnLetters(columns.length - 1);
  const ws = workbook.addWorksheet(REGISTER_SHEET, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: HEADER_ROW }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  // Column styles: Excel applies them to what is typed later too. Each data cell is given its column's style object
  // itself: exceljs caches a style's id by object, so 100,000 rows cost one style lookup per column, not per cell.
  const styles = specs.map((spec) => columnStyle(spec, datesAs));
  ws.columns = columns.map((field, i) => ({
    width: WIDTHS[field] ?? Math.max(11, Math.min(24, REGISTER_HEADERS[field].length + 2)),
    style: styles[i]!,
  }));
  ws.autoFilter = `A${HEADER_ROW}:${last}${HEADER_ROW}`;

  const title = ws.getRow(TITLE_ROW);
  title.getCell(1).value = options.title ?? 'Job plan register';
  title.getCell(1).font = { bold: true, size: 14, color: { argb: NHS_BLUE } };
  title.height = 22;
  title.commit();
  const header = ws.getRow(HEADER_ROW);
  columns.forEach((field, i) => {
    const cell = header.getCell(i + 1);
    cell.value = REGISTER_HEADERS[field];
    cell.font = { bold: true, color: { argb: WHITE } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: NHS_BLUE } };
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  header.height = 30;
  header.commit();

  let r = HEADER_ROW + 1;
  for (const plan of plans) {
    const row = ws.getRow(r);
    for (let i = 0; i < columns.length; i++) {
      const value = (plan as Readonly<Record<string, unknown>>)[columns[i]!];
      if (value === null || value === undefined) continue;
      const cell = row.getCell(i + 1);
      cell.style = styles[i]!;
      cell.value = cellValue(specs[i]!, value, datesAs);
    }
    row.commit();
    r += 1;
  }
  const rows = r - HEADER_ROW - 1;
  const dropDownTo = HEADER_ROW + Math.max(options.dropDownRows ?? Math.max(rows, 500), 1);
  // exceljs has range data validations at run time (one <dataValidation sqref="N3:N502">) but no typing for them.
  const validations = (ws as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
  columns.forEach((field, i) => {
    const choices = choicesFor(specs[i]!);
    if (!choices) return;
    const letters = columnLetters(i);
    validations.add(`${letters}${HEADER_ROW + 1}:${letters}${dropDownTo}`, {
      type: 'list', allowBlank: true, formulae: [`"${choices.join(',')}"`],
      showErrorMessage: true, errorStyle: 'warning', errorTitle: REGISTER_HEADERS[field], error: `Choose one of: ${choices.join(', ')}`,
    });
  });
  ws.commit();
  if (options.guidance !== false) writeGuidance(workbook, columns, specs);
  await workbook.commit();
  await fixZipTimestampsInFile(partial);
  return { rows, headerRow: HEADER_ROW };
}

function writeGuidance(workbook: ExcelJS.stream.xlsx.WorkbookWriter, columns: readonly RegisterField[], specs: readonly FieldSpec[]): void {
  const ws = workbook.addWorksheet(REGISTER_GUIDANCE_SHEET, { views: [{ state: 'frozen', xSplit: 0, ySplit: 2 }] });
  ws.columns = [{ width: 8 }, { width: 28 }, { width: 80 }, { width: 44 }];
  const title = ws.getRow(1);
  title.getCell(1).value = 'How to fill in the register: one row per job plan; jobplan finds each column by its header';
  title.getCell(1).font = { bold: true, size: 14, color: { argb: NHS_BLUE } };
  title.commit();
  const header = ws.getRow(2);
  ['Column', 'Header', 'What to enter', 'Choices'].forEach((text, i) => {
    const cell = header.getCell(i + 1);
    cell.value = text;
    cell.font = { bold: true, color: { argb: WHITE } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: NHS_BLUE } };
  });
  header.commit();
  columns.forEach((field, i) => {
    const spec = specs[i]!;
    const row = ws.getRow(3 + i);
    row.getCell(1).value = columnLetters(i);
    row.getCell(2).value = REGISTER_HEADERS[field];
    row.getCell(2).font = { bold: true };
    row.getCell(2).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: PALE_GREY } };
    row.getCell(3).value = spec.type.kind === 'date' ? `${spec.description} A date (dd/mm/yyyy).` : spec.description;
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(3).font = { color: { argb: DARK_GREY } };
    const choices = choicesFor(spec);
    if (choices) row.getCell(4).value = choices.join(', ');
    row.commit();
  });
  ws.commit();
}

function columnStyle(spec: FieldSpec, datesAs: DatesAs): Partial<ExcelJS.Style> {
  if (spec.type.kind === 'date') return datesAs === 'date' ? { numFmt: DATE_FORMAT } : datesAs === 'uk-text' ? { numFmt: '@' } : {};
  if (spec.type.kind === 'string') return { alignment: { vertical: 'top' } };
  return {};
}

/** One value by its field type, as the job plan template writes it (enums capitalised, booleans Yes/No). */
function cellValue(spec: FieldSpec, value: unknown, datesAs: DatesAs): ExcelJS.CellValue {
  switch (spec.type.kind) {
    case 'date':
      if (typeof value !== 'string' || !isIsoDate(value)) return String(value);
      if (datesAs === 'serial') return toExcelSerial(value);
      if (datesAs === 'uk-text') return formatUkDate(value);
      return new Date(dayNumber(value) * 86_400_000);
    case 'boolean':
      return typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value);
    case 'number':
      return typeof value === 'number' ? value : String(value);
    case 'enum':
      return displayEnum(String(value));
    case 'string':
      return String(value);
  }
}

function choicesFor(spec: FieldSpec): readonly string[] | null {
  if (spec.type.kind === 'boolean') return ['Yes', 'No'];
  if (spec.type.kind === 'enum') return spec.type.values.map(displayEnum);
  return null;
}

function displayEnum(value: string): string {
  return value.length === 0 ? value : value.charAt(0).toUpperCase() + value.slice(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Byte-stable output

/** MS-DOS date of 2017-01-01; time 00:00 (as write-job-plan-workbook.ts stamps). */
const DOS_DATE = ((2017 - 1980) << 9) | (1 << 5) | 1;

/**
 * The zip library inside exceljs's streaming writer stamps every entry with the current time. Overwrite those stamps
 * in the local and central headers (the CRCs cover data only). The file is read whole: a 100,000-row register is
 * about 10 MB compressed, and only its headers change.
 */
async function fixZipTimestampsInFile(path: string): Promise<void> {
  const zip = await readFile(path);
  const entries = readZipDirectory(zip);
  if (!entries) throw new Error('internal: exceljs wrote a zip whose directory cannot be read');
  for (const entry of entries) {
    zip.writeUInt16LE(0, entry.centralOffset + 12);
    zip.writeUInt16LE(DOS_DATE, entry.centralOffset + 14);
    zip.writeUInt16LE(0, entry.localHeaderOffset + 10);
    zip.writeUInt16LE(DOS_DATE, entry.localHeaderOffset + 12);
  }
  await writeFile(path, zip); // the temporary file, before it is renamed into place
}
