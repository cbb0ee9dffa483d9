/**
 * Extraction: WorkbookSnapshot + WorkbookMap → JobPlan, remembering the cell of every value (CellMap).
 * Fields are found by label text and columns by header text, never by fixed addresses.
 *
 * Two shapes of workbook: a single plan (fields and table sheets: one plan per workbook, extractJobPlan) and a
 * register (rows sheets: one plan per row, extractRegister). extractPlans takes either.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CellMap, CellRef } from '../model/cells.js';
import { PLAN_FIELDS, PLAN_LISTS, type FieldSpec, type JobPlan, type PlanListName } from '../model/job-plan.js';
import { frequencyDiagnostics } from '../model/check-plan.js';
import { coerceCell } from './coerce.js';
import { extractPlanSheets } from './extract-plan-sheets.js';
import { cellAddress, cellAt, columnLetters, type SheetSnapshot, type WorkbookSnapshot } from './snapshot.js';
import { isRegisterMap, labelsFor, normaliseLabel, type FieldsSheetMap, type RowsSheetMap, type SheetMap, type TableSheetMap, type WorkbookMap } from './workbook-map.js';

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

/** A single-plan map (fields and table sheets); `rows` sheets are not its business and are ignored. */
export function extractJobPlan(snapshot: WorkbookSnapshot, map: WorkbookMap): ExtractionResult {
  const diagnostics: Diagnostic[] = [];
  const plan: Record<string, unknown> = {};
  const cells: Record<string, CellRef> = {};
  const ctx: Context = { file: snapshot.source, diagnostics, plan, cells };

  const missing: SheetMap[] = [];
  for (const sheetMap of map.sheets) {
    if (sheetMap.kind === 'rows') continue;
    const sheet = findSheet(snapshot, sheetMap);
    if (!sheet) {
      if (sheetMap.required) missing.push(sheetMap);
      continue;
    }
    if (sheetMap.kind === 'fields') extractFields(sheet, sheetMap, ctx);
    else if (sheetMap.kind === 'table') extractTable(sheet, sheetMap, ctx);
  }
  const found = snapshot.sheets.map((s) => `'${s.name}'`).join(', ') || 'no sheets';
  const advice = 'Use the job plan template (examples/template/job-plan-template.xlsx) or describe your layout in a workbook map (--map).';
  const allMissing = missing.length > 0 && missing.length === map.sheets.filter((s) => s.required && s.kind !== 'rows').length;
  if (allMissing) {
    diagnostics.push({
      code: 'workbook_not_a_job_plan',
      severity: 'error',
      message: `this does not look like a job plan workbook: none of the sheets ${missing.map((m) => `'${m.sheet}'`).join(', ')} were found; it has ${found}. ${advice}`,
      location: { file: snapshot.source, line: 1, col: 1 },
    });
  } else {
    for (const sheetMap of missing) {
      diagnostics.push({
        code: 'workbook_missing_sheet',
        severity: 'error',
        message: `no sheet named '${sheetMap.sheet}'${aliasText(sheetMap.aliases)}; the workbook has ${found}. ${advice}`,
        location: { file: snapshot.source, line: 1, col: 1 },
      });
    }
  }
  const missingRequired = missing.length > 0;
  if (missingRequired) return { plan: null, diagnostics };
  diagnostics.push(...frequencyDiagnostics(plan as JobPlan, cells, snapshot.source));
  return { plan: { plan: plan as JobPlan, cells, source: snapshot.source }, diagnostics };
}

export interface Context {
  readonly file: string;
  readonly diagnostics: Diagnostic[];
  readonly plan: Record<string, unknown>;
  readonly cells: Record<string, CellRef>;
}

function findSheet(snapshot: WorkbookSnapshot, sheetMap: SheetMap): SheetSnapshot | undefined {
  const names = new Set([sheetMap.sheet, ...(sheetMap.aliases ?? [])].map(normaliseLabel));
  return snapshot.sheets.find((s) => names.has(normaliseLabel(s.name)));
}

function aliasText(aliases: readonly string[] | undefined): string {
  return aliases && aliases.length > 0 ? ` (or ${aliases.map((a) => `'${a}'`).join(', ')})` : '';
}

function extractFields(sheet: SheetSnapshot, sheetMap: FieldsSheetMap, ctx: Context): void {
  const byLabel = new Map<string, string>();
  for (const [field, aliases] of Object.entries(sheetMap.fields)) {
    const spec = (PLAN_FIELDS as Record<string, FieldSpec>)[field]!;
    for (const label of labelsFor(aliases, spec.label)) if (!byLabel.has(label)) byLabel.set(label, field);
  }
  // A matched label's value cell is never read as a label itself (a care group typed as "Service", say).
  const valueCells = new Set<string>();
  sheet.rows.forEach((row, r) => {
    row.forEach((value, c) => {
      if (typeof value !== 'string' || valueCells.has(`${r},${c}`)) return;
      const field = byLabel.get(normaliseLabel(value));
      if (field === undefined || field in ctx.cells) return; // first label wins
      valueCells.add(`${r},${c + 1}`);
      const spec = (PLAN_FIELDS as Record<string, FieldSpec>)[field]!;
      const ref = { sheet: sheet.name, cell: cellAddress(r, c + 1) };
      ctx.cells[field] = ref;
      setValue(ctx, ctx.plan, field, cellAt(sheet, r, c + 1), spec, ref);
    });
  });
}

function extractTable(sheet: SheetSnapshot, sheetMap: TableSheetMap, ctx: Context): void {
  const rowFields = PLAN_LISTS[sheetMap.list] as Record<string, FieldSpec>;
  const labels = Object.entries(sheetMap.columns).map(([field, aliases]) => ({ field, labels: labelsFor(aliases, rowFields[field]!.label) }));
  const header = findHeader(sheet, labels);
  if (!header) {
    ctx.diagnostics.push({
      code: 'workbook_missing_header',
      severity: sheetMap.required ? 'error' : 'warning',
      message: `no header row found on sheet '${sheet.name}' in its first ${HEADER_SEARCH_ROWS} rows; expected column headers such as ${labels.slice(0, 4).map((l) => `'${[...l.labels][0]}'`).join(', ')}`,
      location: { file: ctx.file, sheet: sheet.name, cell: 'A1' },
    });
    ctx.plan[sheetMap.list] = [];
    return;
  }
  readTableRows(sheet, sheetMap.list, header, ctx, { endAtBlankRow: false });
}

/**
 * The rows under a table's header → the plan's list, each value remembering its cell. A row starting "Total" ends
 * the table; so does a blank row when `endAtBlankRow` (a table sharing its sheet with other sections), else blank
 * rows are skipped. Returns the rows it read (header and total included), for a caller that must not read them again.
 */
export function readTableRows(sheet: SheetSnapshot, list: PlanListName, header: { row: number; columns: ReadonlyMap<string, number> }, ctx: Context, options: { readonly endAtBlankRow: boolean }): number[] {
  const rowFields = PLAN_LISTS[list] as Record<string, FieldSpec>;
  const columns = [...header.columns.entries()];
  const lastCol = Math.max(...columns.map(([, c]) => c));
  const firstCol = Math.min(...columns.map(([, c]) => c));
  ctx.cells[list] = { sheet: sheet.name, cell: `${cellAddress(header.row, firstCol)}:${cellAddress(header.row, lastCol)}` };
  const used = [header.row];
  const rows: Record<string, unknown>[] = [];
  for (let r = header.row + 1; r < sheet.rows.length; r++) {
    const values = columns.map(([, c]) => cellAt(sheet, r, c));
    if (values.every((v) => v === null)) {
      if (options.endAtBlankRow) break;
      continue;
    }
    used.push(r);
    const first = sheet.rows[r]!.find((v) => v !== null);
    if (typeof first === 'string' && /^total\b/i.test(first.trim())) break;
    const index = rows.length;
    const record: Record<string, unknown> = {};
    ctx.cells[`${list}[${index}]`] = { sheet: sheet.name, cell: `${cellAddress(r, firstCol)}:${cellAddress(r, lastCol)}` };
    for (const [field, c] of columns) {
      const ref = { sheet: sheet.name, cell: cellAddress(r, c) };
      ctx.cells[`${list}[${index}].${field}`] = ref;
      setValue(ctx, record, field, cellAt(sheet, r, c), rowFields[field]!, ref);
    }
    rows.push(record);
  }
  ctx.plan[list] = rows;
  return used;
}

function findHeader(sheet: SheetSnapshot, labels: readonly { field: string; labels: Set<string> }[]): { row: number; columns: Map<string, number> } | null {
  const needed = Math.min(2, labels.length);
  for (let r = 0; r < Math.min(sheet.rows.length, HEADER_SEARCH_ROWS); r++) {
    const columns = new Map<string, number>();
    sheet.rows[r]!.forEach((value, c) => {
      if (typeof value !== 'string') return;
      const text = normaliseLabel(value);
      const hit = labels.find((l) => l.labels.has(text) && !columns.has(l.field));
      if (hit) columns.set(hit.field, c);
    });
    if (columns.size >= needed) return { row: r, columns };
  }
  return null;
}

export function setValue(ctx: Context, target: Record<string, unknown>, field: string, raw: Parameters<typeof coerceCell>[0], spec: FieldSpec, ref: CellRef): void {
  const result = coerceCell(raw, spec.type);
  if (result.ok) {
    if (result.value !== null) target[field] = result.value;
    return;
  }
  ctx.diagnostics.push({
    code: result.code,
    severity: 'error',
    message: `${spec.label}: ${result.message}`,
    location: { file: ctx.file, sheet: ref.sheet, cell: ref.cell },
  });
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
  for (const sheetMap of rowsSheets) {
    const sheet = findSheet(snapshot, sheetMap);
    if (!sheet) {
      if (sheetMap.required) missing.push(sheetMap);
      continue;
    }
    found += 1;
    extractRows(sheet, sheetMap, snapshot.source, plans, diagnostics);
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

interface RegisterColumn {
  readonly field: string;
  readonly col: number;
  readonly letters: string;
  readonly spec: FieldSpec;
}

function extractRows(sheet: SheetSnapshot, sheetMap: RowsSheetMap, file: string, plans: ExtractedPlan[], diagnostics: Diagnostic[]): void {
  const specs = PLAN_FIELDS as Readonly<Record<string, FieldSpec>>;
  const labels = Object.entries(sheetMap.columns)
    .filter(([field]) => specs[field] !== undefined)
    .map(([field, aliases]) => ({ field, labels: labelsFor(aliases, specs[field]!.label) }));
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
  const columns: RegisterColumn[] = [...header.columns.entries()]
    .map(([field, col]) => ({ field, col, letters: columnLetters(col), spec: specs[field]! }))
    .sort((a, b) => a.col - b.col);
  const cells = new RowCellsHandler(sheet.name, columns, Object.keys(PLAN_FIELDS));
  // Every plan of the sheet starts as a copy of one template holding all its columns' fields (null until read), so
  // all of them share one object shape. Adding 30-odd fields one by one, some skipped, would give nearly every row
  // its own hidden class and turn the objects into slow dictionaries: about 1.9 KB a plan instead of 0.3 KB.
  const template: Readonly<Record<string, null>> = Object.fromEntries(columns.map((c) => [c.field, null]));
  const rows = sheet.rows;
  const before = plans.length;
  for (let r = header.row + 1; r < rows.length; r++) {
    const row = rows[r];
    if (row === undefined || row.length === 0) continue;
    const first = row.find((v) => v !== null);
    if (typeof first === 'string' && /^total\b/i.test(first)) break;
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
    for (const c of columns) {
      const raw = row[c.col] ?? null;
      if (raw === null) continue;
      const result = coerceCell(raw, c.spec.type);
      if (result.ok) {
        if (result.value !== null) plan[c.field] = result.value;
        continue;
      }
      (rowDiagnostics ??= []).push({
        code: result.code,
        severity: 'error',
        message: `${c.spec.label}: ${result.message}`,
        location: { file, sheet: sheet.name, cell: `${c.letters}${r + 1}` },
      });
    }
    const ref = typeof plan.plan_ref === 'string' ? plan.plan_ref : `${file} row ${r + 1}`;
    plans.push({
      plan: plan as JobPlan,
      cells: cells.forRow(r + 1),
      source: file,
      ref,
      ...(rowDiagnostics ? { diagnostics: rowDiagnostics } : {}),
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

/** The row (among the first rows) naming the most mapped columns; at least two unless the map has only one. */
function findBestHeader(sheet: SheetSnapshot, labels: readonly { field: string; labels: Set<string> }[]): { row: number; columns: Map<string, number> } | null {
  const needed = Math.min(2, labels.length);
  let best: { row: number; columns: Map<string, number> } | null = null;
  for (let r = 0; r < Math.min(sheet.rows.length, HEADER_SEARCH_ROWS); r++) {
    const columns = new Map<string, number>();
    sheet.rows[r]!.forEach((value, c) => {
      if (typeof value !== 'string') return;
      const text = normaliseLabel(value);
      const hit = labels.find((l) => l.labels.has(text) && !columns.has(l.field));
      if (hit) columns.set(hit.field, c);
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
