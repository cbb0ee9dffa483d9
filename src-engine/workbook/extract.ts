/**
 * Extraction: WorkbookSnapshot + WorkbookMap → JobPlan, remembering the cell of every value (CellMap).
 * Fields are found by label text and columns by header text, never by fixed addresses.
 *
 * Two shapes of workbook: a single plan (fields and table sheets: one plan per workbook, extractJobPlan) and a
 * register (rows sheets: one plan per row, extractRegister). extractPlans takes either.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CellMap, CellRef } from '../model/cells.js';
import { PLAN_FIELDS, PLAN_LISTS, type FieldSpec, type JobPlan } from '../model/job-plan.js';
import { frequencyDiagnostics } from '../model/check-plan.js';
import { coerceCell, dateOrderOf, orderedDateText } from './coerce.js';
import { newContext, translationsOf, unreadableReason, type Context, type Translations, type UnreadValue } from './extract-context.js';
import { extractPlanSheets } from './extract-plan-sheets.js';
import { fieldLabels, readFields } from './read-fields.js';
import { readGrid } from './read-grid.js';
import { readParagraphs } from './read-paragraphs.js';
import { columnLabelsOf, findTableHeader, readTableRows } from './read-table.js';
import { headerTexts, normaliseHeading, totalRowKind } from './sheet-structure.js';
import { cellAddress, columnLetters, type CellValue, type SheetSnapshot, type WorkbookSnapshot } from './snapshot.js';
import { cutLong } from '../diagnostics/terminal-text.js';
import { fieldEntry, isRegisterMap, labelsFor, normaliseLabel, NOT_FOUND_SHEET, type RowsSheetMap, type SheetMap, type TableSheetMap, type WorkbookMap } from './workbook-map.js';

export type { UnreadValue };

export interface ExtractedPlan {
  readonly plan: JobPlan;
  readonly cells: CellMap;
  /** The workbook (file path) it came from. */
  readonly source: string;
  /**
   * How reports name the plan when it has no plan reference of its own: a register row is `<file> row N`
   * (N the Excel row number). Absent for single-plan workbooks.
   */
  readonly ref?: string;
  /** Problems with this plan's own cells (a register row's bad date, say); sheet-level problems are returned beside the plans. */
  readonly diagnostics?: readonly Diagnostic[];
  /** Values the workbook holds that could not be read (a formula never calculated): rules built on them are not judged. */
  readonly unread?: readonly UnreadValue[];
}

export interface RegisterExtractionResult {
  /** One plan per data row of every rows sheet found, in sheet then row order. */
  readonly plans: ExtractedPlan[];
  /** Problems with the workbook or a sheet as a whole (missing sheet, no header row); each row's own are on its plan. */
  readonly diagnostics: Diagnostic[];
}

export interface ExtractionResult {
  /** Null when the workbook is not a job plan this map understands (a required sheet is missing). */
  readonly plan: ExtractedPlan | null;
  readonly diagnostics: Diagnostic[];
}

/** How far down a table sheet the header row is looked for. */
const HEADER_SEARCH_ROWS = 30;

/**
 * Any map: a register map gives a plan per row, a single-plan map at most one plan. Per-plan diagnostics stay on
 * their plan (`ExtractedPlan.diagnostics`).
 */
export function extractPlans(snapshot: WorkbookSnapshot, map: WorkbookMap): RegisterExtractionResult {
  if (isRegisterMap(map)) return extractRegister(snapshot, map);
  const single = extractJobPlan(snapshot, map);
  // Not the template's sheets at all: perhaps a workbook of job plans laid out one per sheet.
  if (!single.plan && single.diagnostics.some((d) => d.code === 'workbook_not_a_job_plan')) {
    const bySheet = extractPlanSheets(snapshot, map);
    if (bySheet.plans.length > 0) return bySheet;
  }
  if (!single.plan) return { plans: [], diagnostics: single.diagnostics };
  return { plans: [{ ...single.plan, diagnostics: single.diagnostics }], diagnostics: [] };
}

/**
 * A single-plan map (fields, table and grid sections); `rows` sheets are not its business and are ignored. Tables
 * and grids are read first, so the rows they take are not searched for field labels (a `Start date` column header
 * is not the plan's start date); several sections may share one sheet.
 */
export function extractJobPlan(snapshot: WorkbookSnapshot, map: WorkbookMap): ExtractionResult {
  const ctx = newContext(snapshot, map);
  const { diagnostics } = ctx;
  const stopLabels = new Set(map.sheets.flatMap((s) => (s.kind === 'fields' ? [...fieldLabels(s)] : [])));
  const stopHeadings = new Set(map.sheets.flatMap((s) => (s.kind === 'fields' ? Object.values(s.fields).flatMap((f) => (f ? fieldEntry(f).section ?? [] : [])) : [])).map(normaliseHeading));
  const allTables = map.sheets.filter((s): s is TableSheetMap => s.kind === 'table').map(columnLabelsOf);

  const missing: SheetMap[] = [];
  const taken = new Map<string, Set<number>>();
  const takenOn = (sheet: SheetSnapshot): Set<number> => {
    let set = taken.get(sheet.name);
    if (!set) taken.set(sheet.name, (set = new Set()));
    return set;
  };
  const only = onlySheetStandIn(snapshot, map);
  if (only) {
    diagnostics.push({
      code: 'workbook_sheet_renamed',
      severity: 'info',
      message: `the map describes one sheet, '${only.mapSheet}'; this workbook's only sheet, '${only.sheet.name}', is read as it`,
      location: { file: snapshot.source, sheet: only.sheet.name, cell: 'A1' },
    });
  }
  const sheetFor = (sheetMap: SheetMap): SheetSnapshot | undefined => findSheet(snapshot, sheetMap) ?? only?.sheet;
  const sharing = new Map<string, number>();
  for (const sheetMap of map.sheets) {
    const sheet = sheetFor(sheetMap);
    if (sheet) sharing.set(sheet.name, (sharing.get(sheet.name) ?? 0) + 1);
  }
  const ordered = [...map.sheets.filter((s) => s.kind === 'table' || s.kind === 'grid' || s.kind === 'paragraphs'), ...map.sheets.filter((s) => s.kind === 'fields')];
  for (const sheetMap of ordered) {
    const sheet = sheetFor(sheetMap);
    if (!sheet) {
      if (sheetMap.required) missing.push(sheetMap);
      else sectionNotFound(ctx, sheetMap, `the workbook has no '${sheetMap.sheet}' sheet`);
      continue;
    }
    if (sheetMap.kind === 'fields') {
      // A fields section none of whose labels is on the sheet is missing, not blank: its fields are not judged.
      const found = readFields(sheet, sheetMap, ctx, { skipRows: takenOn(sheet), stopLabels });
      if (found === 0 && Object.keys(sheetMap.fields).length > 0) sectionNotFound(ctx, sheetMap, `none of its labels is on sheet '${sheet.name}'`);
    }
    else if (sheetMap.kind === 'paragraphs') {
      const read = readParagraphs(sheet, sheetMap, ctx);
      for (const r of read.rows) takenOn(sheet).add(r);
      if (!read.found) {
        missingSection(ctx, sheet, sheetMap.required === true, `no heading ${sheetMap.under.map((u) => `'${u}'`).join(' or ')} found on sheet '${sheet.name}' for the ${LIST_WORDS[sheetMap.list]}`);
        sectionNotFound(ctx, sheetMap, `no ${LIST_WORDS[sheetMap.list]} were found under a heading ${sheetMap.under.map((u) => `'${u}'`).join(' or ')} on sheet '${sheet.name}'`);
      }
    } else if (sheetMap.kind === 'grid') {
      const grid = readGrid(sheet, sheetMap, ctx);
      for (const r of grid.rows) takenOn(sheet).add(r);
      if (!grid.found) {
        missingSection(ctx, sheet, sheetMap.required === true, `no timetable grid found on sheet '${sheet.name}': expected a header row naming the sessions ${Object.keys(sheetMap.sessions).map((n) => `'${n}'`).join(', ')} with days (Monday …) under it`);
        sectionNotFound(ctx, sheetMap, `no timetable grid was found on sheet '${sheet.name}'`);
      }
    } else if (sheetMap.kind === 'table') {
      const columns = columnLabelsOf(sheetMap);
      const header = findTableHeader(sheet, columns, allTables.filter((t) => t !== columns), takenOn(sheet));
      if (!header) {
        missingSection(ctx, sheet, sheetMap.required === true, `no header row found on sheet '${sheet.name}'; expected column headers such as ${columns.slice(0, 4).map((l) => `'${[...l.labels][0]}'`).join(', ')}`);
        sectionNotFound(ctx, sheetMap, `no ${LIST_WORDS[sheetMap.list]} table was found on sheet '${sheet.name}'`);
        continue;
      }
      duplicateHeaders(sheet, header, columns, ctx.file, diagnostics);
      const shared = (sharing.get(sheet.name) ?? 0) > 1;
      const used = readTableRows(sheet, sheetMap.list, header, ctx, { endAtBlankRow: false, ...(sheetMap.sections ? { sections: sheetMap.sections } : {}), ...(shared ? { stopLabels, stopHeadings, endAtHeading: true } : {}) });
      for (const r of used) takenOn(sheet).add(r);
    }
  }
  const found = snapshot.sheets.map((s) => `'${s.name}'`).join(', ') || 'no sheets';
  const advice = 'Use the job plan template (examples/template/job-plan-template.xlsx), or describe your layout in a workbook map (jobplan map suggest writes one).';
  const requiredSheets = new Set(map.sheets.filter((s) => s.required && s.kind !== 'rows').map((s) => s.sheet));
  const missingSheets = map.sheets.filter((s) => missing.includes(s)).map((s) => s.sheet).filter((name, i, all) => all.indexOf(name) === i);
  const allMissing = missing.length > 0 && missingSheets.length === requiredSheets.size;
  if (allMissing) {
    diagnostics.push({
      code: 'workbook_not_a_job_plan',
      severity: 'error',
      message: `this does not look like a job plan workbook: none of the sheets ${missingSheets.map((m) => `'${m}'`).join(', ')} were found; it has ${found}. ${advice}`,
      location: { file: snapshot.source, line: 1, col: 1 },
    });
  } else {
    for (const name of missingSheets) {
      const sheetMap = missing.find((m) => m.sheet === name)!;
      diagnostics.push({
        code: 'workbook_missing_sheet',
        severity: 'error',
        message: `no sheet named '${sheetMap.sheet}'${aliasText(sheetMap.aliases)}; the workbook has ${found}. ${advice}`,
        location: { file: snapshot.source, line: 1, col: 1 },
      });
    }
  }
  if (missing.length > 0) return { plan: null, diagnostics };
  diagnostics.push(...frequencyDiagnostics(ctx.plan as JobPlan, ctx.cells, snapshot.source));
  // A value missing with its section but read from another section of the map is known after all.
  const unread = (ctx.unread ?? []).filter((u) => u.cell !== null || !(u.key in ctx.cells || ((ctx.plan[u.key] as unknown[] | undefined)?.length ?? 0) > 0));
  return { plan: { plan: ctx.plan as JobPlan, cells: ctx.cells, source: snapshot.source, ...(unread.length > 0 ? { unread } : {}) }, diagnostics };
}

const LIST_WORDS: Readonly<Record<string, string>> = { activities: 'timetable', annualised_activities: 'annualised activities', additional_pas: 'additional PAs', objectives: 'objectives' };

/**
 * A section the map describes but the workbook lacks: its values are unknown, not empty, so the rules that need them
 * say they were not judged (a missing Statements sheet is not "no private practice statement").
 */
function sectionNotFound(ctx: Context, sheetMap: SheetMap, why: string): void {
  if (sheetMap.kind === 'rows') return;
  if (sheetMap.kind === 'fields') {
    for (const field of Object.keys(sheetMap.fields)) {
      if (field in ctx.cells) continue;
      ctx.unread?.push({ key: field, cell: null, reason: `${why}, so ${PLAN_FIELDS[field as keyof typeof PLAN_FIELDS]?.label ?? field} is not known` });
    }
    return;
  }
  // Annualised activities and additional PAs are often left out of a Trust's form when there are none: absent is none.
  if (sheetMap.list === 'annualised_activities' || sheetMap.list === 'additional_pas') return;
  ctx.unread?.push({ key: sheetMap.list, cell: null, reason: `${why}, so the ${LIST_WORDS[sheetMap.list]} is not known` });
}

function missingSection(ctx: Context, sheet: SheetSnapshot, required: boolean, message: string): void {
  ctx.diagnostics.push({ code: 'workbook_missing_header', severity: required ? 'error' : 'warning', message, location: { file: ctx.file, sheet: sheet.name, cell: 'A1' } });
}

/**
 * A map of a one-sheet form ("JP 2026-27", "Sheet1", the consultant's name) read on another copy of the form whose
 * one sheet has another name: that sheet, when no sheet has the map's name. Never for a workbook of several sheets.
 */
function onlySheetStandIn(snapshot: WorkbookSnapshot, map: WorkbookMap): { sheet: SheetSnapshot; mapSheet: string } | null {
  const own = map.sheets.filter((s) => s.sheet !== NOT_FOUND_SHEET);
  const names = new Set(own.map((s) => normaliseLabel(s.sheet)));
  if (names.size !== 1 || own.some((s) => findSheet(snapshot, s))) return null;
  const sheets = snapshot.sheets.filter((s) => s.rows.some((r) => r.some((v) => v !== null)));
  if (sheets.length !== 1) return null;
  // Only a sheet that looks like the form: at least three of the map's labels on it (a budget is not a job plan).
  const labels = new Set(map.sheets.flatMap((s) => (s.kind === 'fields' ? [...fieldLabels(s)] : s.kind === 'table' ? Object.values(s.columns).flat().map(normaliseLabel) : [])));
  let seen = 0;
  for (const row of sheets[0]!.rows) for (const v of row) if (typeof v === 'string' && labels.has(normaliseLabel(v))) seen += 1;
  return seen >= 3 ? { sheet: sheets[0]!, mapSheet: map.sheets[0]!.sheet } : null;
}

/** The sheet a map entry names (by its name or an alias, matched as labels are). */
export function findSheet(snapshot: WorkbookSnapshot, sheetMap: SheetMap): SheetSnapshot | undefined {
  const names = new Set([sheetMap.sheet, ...(sheetMap.aliases ?? [])].map(normaliseLabel));
  return snapshot.sheets.find((s) => names.has(normaliseLabel(s.name)));
}

function aliasText(aliases: readonly string[] | undefined): string {
  return aliases && aliases.length > 0 ? ` (or ${aliases.map((a) => `'${a}'`).join(', ')})` : '';
}


// ---------------------------------------------------------------------------------------------------------------
// Registers: one job plan per row

const REGISTER_ADVICE = 'Use the register template (examples/template/job-plan-register-template.xlsx) or describe your layout in a workbook map (--map).';
const LIST_KEYS: readonly string[] = Object.keys(PLAN_LISTS);

/**
 * A register map (`rows` sheets) → one plan per data row. Every plan's CellMap points at its own row
 * (`contracted_pas` → `Register!F12`); fields and lists the register has no column for point at the whole row
 * (`Register!A12:AR12`), so every finding names the row it is about. Blank rows are skipped and a row starting
 * with "Total" ends the table. A blank cell under a mapped column reads as null (the register has the column, the
 * value is not recorded); a field the register has no column for is absent.
 */
export function extractRegister(snapshot: WorkbookSnapshot, map: WorkbookMap): RegisterExtractionResult {
  const diagnostics: Diagnostic[] = [];
  const plans: ExtractedPlan[] = [];
  const rowsSheets = map.sheets.filter((s): s is RowsSheetMap => s.kind === 'rows');
  const missing: RowsSheetMap[] = [];
  let found = 0;
  const translations = translationsOf(map);
  for (const sheetMap of rowsSheets) {
    const sheet = findSheet(snapshot, sheetMap) ?? registerSheetByHeader(snapshot, sheetMap);
    if (!sheet) {
      if (sheetMap.required) missing.push(sheetMap);
      continue;
    }
    found += 1;
    extractRows(sheet, sheetMap, snapshot.source, plans, diagnostics, translations);
  }
  const sheetsFound = snapshot.sheets.map((s) => `'${s.name}'`).join(', ') || 'no sheets';
  if (found === 0) {
    const names = rowsSheets.map((m) => `'${m.sheet}'${aliasText(m.aliases)}`).join(', ');
    diagnostics.push({
      code: 'workbook_not_a_register',
      severity: 'error',
      message: `this does not look like a job plan register: no sheet named ${names} was found; it has ${sheetsFound}. ${REGISTER_ADVICE}`,
      location: { file: snapshot.source, line: 1, col: 1 },
    });
  } else {
    for (const sheetMap of missing) {
      diagnostics.push({
        code: 'workbook_missing_sheet',
        severity: 'error',
        message: `no sheet named '${sheetMap.sheet}'${aliasText(sheetMap.aliases)}; the workbook has ${sheetsFound}. ${REGISTER_ADVICE}`,
        location: { file: snapshot.source, line: 1, col: 1 },
      });
    }
  }
  return { plans, diagnostics };
}

/** How many of a register map's columns a sheet's header row must name for the sheet to be read as the register. */
export const REGISTER_HEADER_MINIMUM = 4;

/**
 * A sheet not named as the map expects (an e-job-planning export on `Sheet1`, a CSV file) whose header row names at
 * least REGISTER_HEADER_MINIMUM of the map's columns: the one naming most.
 */
export function registerSheetByHeader(snapshot: WorkbookSnapshot, sheetMap: RowsSheetMap): SheetSnapshot | undefined {
  const labels = registerLabels(sheetMap);
  let best: { sheet: SheetSnapshot; size: number } | undefined;
  for (const sheet of snapshot.sheets) {
    const header = findBestHeader(sheet, labels);
    const size = header?.columns.size ?? 0;
    if (size >= REGISTER_HEADER_MINIMUM && size > (best?.size ?? 0)) best = { sheet, size };
  }
  return best?.sheet;
}

function registerLabels(sheetMap: RowsSheetMap): { field: string; labels: Set<string> }[] {
  const specs = PLAN_FIELDS as Readonly<Record<string, FieldSpec>>;
  return Object.entries(sheetMap.columns)
    .filter(([field]) => specs[field] !== undefined)
    .map(([field, aliases]) => ({ field, labels: labelsFor(aliases, specs[field]!.label) }));
}

interface RegisterColumn {
  readonly field: string;
  readonly col: number;
  readonly letters: string;
  readonly spec: FieldSpec;
}

function extractRows(sheet: SheetSnapshot, sheetMap: RowsSheetMap, file: string, plans: ExtractedPlan[], diagnostics: Diagnostic[], translations: Translations): void {
  const specs = PLAN_FIELDS as Readonly<Record<string, FieldSpec>>;
  const labels = registerLabels(sheetMap);
  const uncalculated = new Set(sheet.uncalculated ?? []);
  const header = findBestHeader(sheet, labels);
  if (!header) {
    diagnostics.push({
      code: 'workbook_missing_header',
      severity: sheetMap.required ? 'error' : 'warning',
      message: `no header row found on sheet '${sheet.name}' in its first ${HEADER_SEARCH_ROWS} rows; expected column headers such as ${labels.slice(0, 4).map((l) => `'${[...l.labels][0]}'`).join(', ')}`,
      location: { file, sheet: sheet.name, cell: 'A1' },
    });
    return;
  }
  duplicateHeaders(sheet, header, labels, file, diagnostics);
  const columns: RegisterColumn[] = [...header.columns.entries()]
    .map(([field, col]) => ({ field, col, letters: columnLetters(col), spec: specs[field]! }))
    .sort((a, b) => a.col - b.col);
  const cells = new RowCellsHandler(sheet.name, columns, Object.keys(PLAN_FIELDS));
  // Every plan of the sheet starts as a copy of one template holding all its columns' fields (null until read), so
  // all of them share one object shape. Adding 30-odd fields one by one, some skipped, would give nearly every row
  // its own hidden class and turn the objects into slow dictionaries: about 1.9 KB a plan instead of 0.3 KB.
  const template: Readonly<Record<string, null>> = Object.fromEntries(columns.map((c) => [c.field, null]));
  const notInRegister = [...unrecordedByRegister(new Set(columns.map((c) => c.field)), sheet.name), ...unreadPartColumns(sheet, header.row, columns)];
  const rows = sheet.rows;
  const before = plans.length;
  const totalColumn = ownTotalColumn(sheet, header.row, columns);
  const longFormat = activityRowsOf(sheet, header.row, columns);
  if (longFormat) {
    diagnostics.push({
      code: 'workbook_register_activity_rows',
      severity: 'error',
      message: `sheet '${sheet.name}' lists one row per activity (${longFormat}), not one job plan per row: reading each row as a plan would judge each activity as a whole plan, so none is read. Export one row per job plan, or map it as one plan (jobplan map suggest does when the sheet holds one practitioner)`,
      location: { file, sheet: sheet.name, cell: cellAddress(header.row, 0) },
    });
    return;
  }
  const dateColumns = columns.filter((c) => c.spec.type.kind === 'date');
  const order = dateOrderOf(textDates(rows, header.row + 1, dateColumns));
  for (let r = header.row + 1; r < rows.length; r++) {
    const row = rows[r];
    if (row === undefined || row.length === 0) continue;
    const first = row.find((v) => v !== null);
    const total = totalRowKind(first);
    if (total === 'total') break;
    // A department's sub-total is no plan, and more plans follow it.
    if (total === 'subtotal') continue;
    if (isBlockHeading(row, columns, sheet, header.row)) {
      diagnostics.push({
        code: 'workbook_register_heading_row',
        severity: 'info',
        message: `row ${r + 1} holds only '${cutLong(String(first), 80)}': read as a heading over the rows below it, not as a job plan`,
        location: { file, sheet: sheet.name, cell: cellAddress(r, row.findIndex((v) => v !== null)) },
      });
      continue;
    }
    let blank = true;
    for (const c of columns) {
      if ((row[c.col] ?? null) !== null) {
        blank = false;
        break;
      }
    }
    if (blank) continue;
    const plan: Record<string, unknown> = { ...template };
    let rowDiagnostics: Diagnostic[] | undefined;
    let unread: UnreadValue[] | undefined;
    for (const c of columns) {
      let raw = row[c.col] ?? null;
      if (raw === null) {
        if (uncalculated.size > 0 && uncalculated.has(`${c.letters}${r + 1}`)) {
          const cell = { sheet: sheet.name, cell: `${c.letters}${r + 1}` };
          (unread ??= []).push({ key: c.field, cell, reason: `the formula in ${sheet.name}!${cell.cell} has no saved result (the file was not calculated in Excel)` });
          (rowDiagnostics ??= []).push({ code: 'workbook_formula_not_calculated', severity: 'warning', message: `${c.spec.label}: the cell holds a formula with no saved result, so its value is unknown; open and save the workbook in Excel, then check it again`, location: { file, ...cell } });
        }
        continue;
      }
      const table = translations.get(c.field);
      if (table && typeof raw !== 'boolean') raw = table.get(normaliseLabel(String(raw))) ?? raw;
      let orderNote: string | undefined;
      if (order.order !== 'day-first' && c.spec.type.kind === 'date') {
        const ordered = orderedDateText(raw, order);
        if (ordered.ambiguous) {
          // The sheet writes dates both ways, and this one reads as two dates: not read, rather than guessed.
          const cell = { sheet: sheet.name, cell: `${c.letters}${r + 1}` };
          (rowDiagnostics ??= []).push({ code: 'workbook_ambiguous_date', severity: 'warning', message: `${c.spec.label}: '${cutLong(String(raw), 40)}' could be either day or month first, and this sheet writes dates both ways ('${order.evidence ?? ''}' is month first); enter it as DD/MM/YYYY or as a date`, location: { file, ...cell } });
          (unread ??= []).push({ key: c.field, cell, reason: `${c.spec.label.toLowerCase()} '${cutLong(String(raw), 40)}' could be day or month first` });
          continue;
        }
        raw = ordered.value;
        orderNote = ordered.note;
      }
      const result = coerceCell(raw, c.spec.type);
      if (result.ok) {
        if (result.value !== null) plan[c.field] = result.value;
        const note = orderNote ?? result.note;
        if (note) (rowDiagnostics ??= []).push({ code: 'workbook_value_read_as', severity: 'info', message: `${c.spec.label}: ${note}`, location: { file, sheet: sheet.name, cell: `${c.letters}${r + 1}` } });
        continue;
      }
      const cell = { sheet: sheet.name, cell: `${c.letters}${r + 1}` };
      (rowDiagnostics ??= []).push({ code: result.code, severity: 'error', message: `${c.spec.label}: ${result.message}`, location: { file, ...cell } });
      // A value that is there but unreadable is not a blank: the rules built on it are not judged.
      (unread ??= []).push({ key: c.field, cell, reason: unreadableReason(raw, c.spec) });
    }
    if (totalColumn) {
      const said = totalDisagrees(row, plan, totalColumn);
      if (said) (rowDiagnostics ??= []).push({ code: 'workbook_total_disagrees', severity: 'warning', message: said, location: { file, sheet: sheet.name, cell: `${columnLetters(totalColumn.col)}${r + 1}` } });
    }
    const ref = typeof plan.plan_ref === 'string' ? plan.plan_ref : `${file} row ${r + 1}`;
    plans.push({
      plan: plan as JobPlan,
      cells: cells.forRow(r + 1),
      source: file,
      ref,
      ...(rowDiagnostics ? { diagnostics: rowDiagnostics } : {}),
      ...(unread ? { unread: [...notInRegister, ...unread] } : notInRegister.length > 0 ? { unread: notInRegister } : {}),
    });
  }
  if (plans.length === before) {
    diagnostics.push({
      code: 'workbook_register_empty',
      severity: 'warning',
      message: `sheet '${sheet.name}' has a header row (row ${header.row + 1}) but no job plans under it`,
      location: { file, sheet: sheet.name, cell: cellAddress(header.row, columns[0]!.col) },
    });
  }
}

/**
 * A register's own total of the week's parts ("Total PAs") that the map does not read: with two or more parts read,
 * the column whose total to check each row's parts against. Typed by hand, it can disagree with them.
 */
function ownTotalColumn(sheet: SheetSnapshot, headerRow: number, columns: readonly RegisterColumn[]): { col: number; text: string; parts: readonly RegisterColumn[] } | null {
  const parts = columns.filter((c) => PA_TOTAL_FIELDS.includes(c.field));
  if (parts.length < 2) return null;
  const mapped = new Set(columns.map((c) => c.col));
  const texts = sheet.rows[headerRow] ?? [];
  for (let c = 0; c < texts.length; c++) {
    const v = texts[c];
    if (mapped.has(c) || typeof v !== 'string') continue;
    if (/^(total|total pas?|total sessions|total programmed activities|total hours|total hrs|job plan total|jp total|total job plan pas)$/.test(normaliseLabel(v).replace(/[^a-z ]+/g, ' ').replace(/\s+/g, ' ').trim())) return { col: c, text: v.trim(), parts };
  }
  return null;
}

/** What to say when a row's own total is not the sum of the parts read (null when it is, or cannot tell). */
function totalDisagrees(row: readonly CellValue[], plan: Readonly<Record<string, unknown>>, total: { col: number; text: string; parts: readonly RegisterColumn[] }): string | null {
  const said = row[total.col];
  if (typeof said !== 'number') return null;
  const read = total.parts.map((p) => [p, plan[p.field]] as const);
  if (read.some(([, v]) => typeof v !== 'number')) return null;
  const sum = read.reduce((s, [, v]) => s + (v as number), 0);
  if (Math.abs(sum - said) < 0.001) return null;
  const shown = (n: number): string => String(Math.round(n * 100) / 100);
  return `'${cutLong(total.text, 40)}' says ${shown(said)}, but ${read.map(([p, v]) => `${p.spec.label} ${shown(v as number)}`).join(' + ')} = ${shown(sum)}; the parts are what is judged, so check which is right`;
}

/** Header texts of a timetable's row-by-row columns: beside a register's columns they mean one row per activity. */
const ACTIVITY_HEADERS = new Set(['day', 'weekday', 'day of week', 'session', 'time', 'am pm', 'activity', 'activity type', 'activity description', 'activity category', 'pa type', 'pa category', 'type of activity', 'pas per session', 'activity pas']);
const ACTIVITY_KEYS = new Set(['activity', 'activity type', 'activity description', 'activity category', 'type of activity']);

/**
 * Whether a register sheet is an activity export in long form: its header names a timetable's columns (an Activity
 * and a Day or Session column the map does not read), and one practitioner fills consecutive rows. Says which, for
 * the message; null for a register of one plan per row.
 */
function activityRowsOf(sheet: SheetSnapshot, headerRow: number, columns: readonly RegisterColumn[]): string | null {
  const mapped = new Set(columns.map((c) => c.col));
  const texts = (sheet.rows[headerRow] ?? []).flatMap((v, c) => (typeof v === 'string' && !mapped.has(c) ? [normaliseLabel(v)] : []));
  const activityTexts = texts.filter((t) => ACTIVITY_HEADERS.has(t));
  if (activityTexts.length < 2 || !activityTexts.some((t) => ACTIVITY_KEYS.has(t))) return null;
  // The plan's identity, else every column the map reads: the same on two rows running is one plan told twice.
  const identity = columns.find((c) => c.field === 'plan_ref' || c.field === 'employee_number') ?? columns.find((c) => c.field === 'practitioner_name');
  const keyOf = (row: readonly CellValue[] | undefined): string | null => {
    if (!row) return null;
    const values = (identity ? [identity] : columns).map((c) => row[c.col] ?? null);
    return values.every((v) => v === null) ? null : JSON.stringify(values);
  };
  let previous: string | null = null;
  for (let r = headerRow + 1; r < sheet.rows.length && r < headerRow + 500; r++) {
    const key = keyOf(sheet.rows[r]);
    if (key !== null && key === previous) {
      const who = identity ? `'${cutLong(String(sheet.rows[r]![identity.col]), 40)}' fills` : 'the same values fill';
      return `${who} rows ${r} and ${r + 1}, under headers such as ${activityTexts.slice(0, 3).map((t) => `'${t}'`).join(', ')}`;
    }
    previous = key;
  }
  return null;
}

/** The register's date cells typed as text, for telling the order its dates are written in. */
function* textDates(rows: SheetSnapshot['rows'], first: number, columns: readonly RegisterColumn[]): Generator<CellValue> {
  if (columns.length === 0) return;
  for (let r = first; r < rows.length; r++) {
    const row = rows[r];
    if (!row) continue;
    for (const c of columns) {
      const v = row[c.col];
      // Only a d/m/y text can tell; an Excel date (ISO text by now) or a number cannot.
      if (typeof v === 'string' && v.length <= 12 && (v[1] === '/' || v[2] === '/' || v[1] === '.' || v[2] === '.' || v[1] === '-' || v[2] === '-')) yield v;
    }
  }
}

/**
 * A register row that is a block's heading ("MENTAL HEALTH" alone over that department's plans), not a plan: its
 * only value is one text, written in capitals, or one the sheet's other columns hold as a value (a care group or
 * specialty), or with a word that names a group of staff. A plan row with just a name keeps being read as a plan.
 */
function isBlockHeading(row: readonly CellValue[], columns: readonly RegisterColumn[], sheet: SheetSnapshot, headerRow: number): boolean {
  let only: CellValue = null;
  for (const v of row) {
    if (v === null) continue;
    if (only !== null) return false;
    only = v;
  }
  if (typeof only !== 'string' || /\d/.test(only)) return false;
  const text = only.trim();
  if (/[A-Z]{2}/.test(text) && text === text.toUpperCase()) return true;
  if (/\b(directorate|division|care group|department|service line|specialt(y|ies)|locality)\b/i.test(text)) return true;
  const key = normaliseLabel(text);
  const groupColumns = columns.filter((c) => c.field === 'care_group' || c.field === 'specialty' || c.field === 'team');
  for (let r = headerRow + 1; r < sheet.rows.length && r < headerRow + 2000; r++) {
    for (const c of groupColumns) {
      const v = sheet.rows[r]?.[c.col];
      if (typeof v === 'string' && normaliseLabel(v) === key) return true;
    }
  }
  return false;
}

const PA_TOTAL_FIELDS = ['declared_dcc_pas', 'declared_spa_pas', 'declared_anr_pas', 'declared_ed_pas', 'declared_dcc_hours', 'declared_spa_hours', 'declared_anr_hours', 'declared_ed_hours'];
/** Fields a register row's rules turn on: without a column for one, a blank would be judged as "not done". */
const DECISIVE_REGISTER_FIELDS = ['meeting_date', 'signed_practitioner_date', 'signed_manager_date'] as const;

/**
 * What a register cannot say because it has no column for it: the PAs planned (no DCC/SPA/ANR/ED columns), the
 * meeting and the signatures. The rules built on them are "not judged" for its rows, never judged on a blank (an
 * export without sign-off columns is not a register of unsigned plans).
 */
function unrecordedByRegister(fields: ReadonlySet<string>, sheet: string): UnreadValue[] {
  const out: UnreadValue[] = [];
  if (!PA_TOTAL_FIELDS.slice(0, 2).concat(PA_TOTAL_FIELDS.slice(4, 6)).some((f) => fields.has(f))) {
    out.push({ key: 'activities', cell: null, reason: `the register '${sheet}' has no columns for the DCC, SPA, ANR and ED PAs (or hours), so the time planned is not known` });
  }
  for (const field of DECISIVE_REGISTER_FIELDS) {
    if (!fields.has(field)) out.push({ key: field, cell: null, reason: `the register '${sheet}' has no column for ${PLAN_FIELDS[field].label.toLowerCase()}` });
  }
  return out;
}

/** A header naming a share of the week (a register's "ED", "Other", "External duties PAs" column). */
const PART_HEADER = /^(dcc|spa|anr|ed|other|external|external duties|additional nhs responsibilities|other nhs|other nhs responsibilities|non clinical|clinical)( pas?| sessions| hours| hrs)?$/;

/**
 * A register that reads some of the week's parts (DCC, SPA) but has a column for another the map does not read
 * ("ED", "Other"): the total planned would be judged without it, so the time planned is not known instead.
 */
function unreadPartColumns(sheet: SheetSnapshot, headerRow: number, columns: readonly RegisterColumn[]): UnreadValue[] {
  const parts = columns.filter((c) => PA_TOTAL_FIELDS.includes(c.field));
  if (parts.length === 0) return [];
  const mapped = new Set(columns.map((c) => c.col));
  const { texts, combined } = headerTexts(sheet, headerRow);
  const out: UnreadValue[] = [];
  texts.forEach((text, c) => {
    if (text === null || mapped.has(c)) return;
    const own = normaliseLabel(text).replace(/[^a-z ]+/g, ' ').replace(/\s+/g, ' ').trim();
    if (!PART_HEADER.test(own)) return;
    // Numbers under it, or it is a notes column that happens to be called "Other".
    const numbers = sheet.rows.slice(headerRow + 1, headerRow + 50).filter((row) => typeof row?.[c] === 'number').length;
    if (numbers === 0) return;
    const hours = parts.every((p) => p.field.endsWith('_hours'));
    const missing = PA_TOTAL_FIELDS.filter((f) => f.endsWith(hours ? '_hours' : '_pas') && !parts.some((p) => p.field === f));
    if (missing.length === 0) return;
    const shown = cutLong(combined.get(c) ?? text, 40);
    out.push({ key: missing[0]!, cell: null, reason: `the register '${sheet.name}' has a column '${shown}' (${columnLetters(c)}) that the map does not read, so the ${hours ? 'hours' : 'PAs'} planned are not fully known; add it to the map` });
  });
  return out;
}

/**
 * Two columns headed for the same field, in a register or a plan's table (two "PAs" columns, "PAs" and "Total PAs"
 * both aliases): the first is read, and the user is told which, so the other is not silently ignored.
 */
function duplicateHeaders(sheet: SheetSnapshot, header: { readonly row: number; readonly columns: ReadonlyMap<string, number> }, labels: readonly { readonly field: string; readonly labels: ReadonlySet<string> }[], file: string, diagnostics: Diagnostic[]): void {
  const row = sheet.rows[header.row] ?? [];
  // Under a group header a column is named by both ("Signed off: Consultant" is no second practitioner column).
  const { combined } = headerTexts(sheet, header.row);
  for (const { field, labels: texts } of labels) {
    const read = header.columns.get(field);
    if (read === undefined) continue;
    const others: number[] = [];
    row.forEach((value, c) => {
      if (c === read || typeof value !== 'string' || !texts.has(normaliseLabel(value))) return;
      const group = combined.get(c);
      if (group === undefined || texts.has(normaliseLabel(group))) others.push(c);
    });
    if (others.length === 0) continue;
    const quote = (c: number) => `${columnLetters(c)} ('${cutLong(String(row[c]), 80)}')`;
    diagnostics.push({
      code: 'workbook_duplicate_header',
      severity: 'warning',
      message: `${others.length === 1 ? 'two columns are' : `${others.length + 1} columns are`} headed for ${field}: ${[read, ...others].map(quote).join(' and ')}; jobplan read column ${columnLetters(read)} and ignored the other${others.length === 1 ? '' : 's'}. Rename or remove the column that is not meant, so it is clear which one is checked`,
      location: { file, sheet: sheet.name, cell: `${columnLetters(others[0]!)}${header.row + 1}` },
    });
  }
}

const DATE_GROUP = /\b(sign(ed|ature|atures)?|sign-?off|agreed|approved|approval|dates?)\b/i;

/** The row (among the first rows) naming the most mapped columns; at least two unless the map has only one. */
function findBestHeader(sheet: SheetSnapshot, labels: readonly { field: string; labels: Set<string> }[]): { row: number; columns: Map<string, number> } | null {
  const needed = Math.min(2, labels.length);
  let best: { row: number; columns: Map<string, number> } | null = null;
  for (let r = 0; r < Math.min(sheet.rows.length, HEADER_SEARCH_ROWS); r++) {
    const columns = new Map<string, number>();
    // A two-row header: a column is named by its group and own text ("Signed off: Consultant") or its own alone.
    const { texts, combined } = headerTexts(sheet, r);
    texts.forEach((value, c) => {
      if (value === null) return;
      const group = combined.get(c);
      const names = group === undefined ? [normaliseLabel(value)] : [normaliseLabel(group), normaliseLabel(value)];
      for (const text of names) {
        const hit = labels.find((l) => l.labels.has(text) && !columns.has(l.field));
        // Under a group of sign-offs or dates, a word alone ("Consultant" under "Signed off") names whose date it
        // is, never a text field: a column of dates is not the practitioner's name.
        if (hit && group !== undefined && text !== normaliseLabel(group) && DATE_GROUP.test(group.split(':')[0]!) && (PLAN_FIELDS as Readonly<Record<string, FieldSpec>>)[hit.field]?.type.kind !== 'date') continue;
        if (hit) {
          columns.set(hit.field, c);
          break;
        }
      }
    });
    if (columns.size >= needed && columns.size > (best?.columns.size ?? 0)) best = { row: r, columns };
  }
  return best;
}

/**
 * The CellMap of one register row, computed on demand: a register of 100,000 rows would otherwise hold millions of
 * small CellRef objects that only the few cells named by findings ever need. Each row's map is a Proxy over a
 * one-field target (its row number) sharing this handler; it reads like a plain frozen object (keys, `in`, JSON).
 */
class RowCellsHandler implements ProxyHandler<{ readonly row: number }> {
  readonly #sheet: string;
  readonly #cellOf: ReadonlyMap<string, string>;
  readonly #rowKeys: ReadonlySet<string>;
  readonly #keys: readonly string[];
  readonly #first: string;
  readonly #last: string;

  constructor(sheet: string, columns: readonly RegisterColumn[], fields: readonly string[]) {
    this.#sheet = sheet;
    this.#cellOf = new Map(columns.map((c) => [c.field, c.letters]));
    this.#rowKeys = new Set([...fields.filter((f) => !this.#cellOf.has(f)), ...LIST_KEYS]);
    this.#keys = [...this.#cellOf.keys(), ...this.#rowKeys];
    this.#first = columns[0]!.letters;
    this.#last = columns[columns.length - 1]!.letters;
  }

  forRow(excelRow: number): CellMap {
    return new Proxy({ row: excelRow }, this) as unknown as CellMap;
  }

  #ref(target: { readonly row: number }, key: string | symbol): CellRef | undefined {
    if (typeof key !== 'string') return undefined;
    const letters = this.#cellOf.get(key);
    if (letters !== undefined) return { sheet: this.#sheet, cell: `${letters}${target.row}` };
    if (this.#rowKeys.has(key)) return { sheet: this.#sheet, cell: `${this.#first}${target.row}:${this.#last}${target.row}` };
    return undefined;
  }

  get(target: { readonly row: number }, key: string | symbol): unknown {
    return this.#ref(target, key);
  }

  has(_target: { readonly row: number }, key: string | symbol): boolean {
    return typeof key === 'string' && (this.#cellOf.has(key) || this.#rowKeys.has(key));
  }

  ownKeys(): string[] {
    return [...this.#keys];
  }

  getOwnPropertyDescriptor(target: { readonly row: number }, key: string | symbol): PropertyDescriptor | undefined {
    const value = this.#ref(target, key);
    return value === undefined ? undefined : { value, writable: false, enumerable: true, configurable: true };
  }

  set(): boolean {
    return false;
  }

  defineProperty(): boolean {
    return false;
  }

  deleteProperty(): boolean {
    return false;
  }
}
