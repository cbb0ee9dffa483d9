/**
 * Extraction: WorkbookSnapshot + WorkbookMap → JobPlan, remembering the cell of every value (CellMap).
 * Fields are found by label text and columns by header text, never by fixed addresses.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CellMap, CellRef } from '../model/cells.js';
import { PLAN_FIELDS, PLAN_LISTS, type FieldSpec, type JobPlan } from '../model/job-plan.js';
import { frequencyDiagnostics } from '../model/check-plan.js';
import { coerceCell } from './coerce.js';
import { cellAddress, cellAt, type SheetSnapshot, type WorkbookSnapshot } from './snapshot.js';
import { labelsFor, normaliseLabel, type FieldsSheetMap, type SheetMap, type TableSheetMap, type WorkbookMap } from './workbook-map.js';

export interface ExtractedPlan {
  readonly plan: JobPlan;
  readonly cells: CellMap;
  /** The workbook (file path) it came from. */
  readonly source: string;
}

export interface ExtractionResult {
  /** Null when the workbook is not a job plan this map understands (a required sheet is missing). */
  readonly plan: ExtractedPlan | null;
  readonly diagnostics: Diagnostic[];
}

/** How far down a table sheet the header row is looked for. */
const HEADER_SEARCH_ROWS = 30;

export function extractJobPlan(snapshot: WorkbookSnapshot, map: WorkbookMap): ExtractionResult {
  const diagnostics: Diagnostic[] = [];
  const plan: Record<string, unknown> = {};
  const cells: Record<string, CellRef> = {};
  const ctx: Context = { file: snapshot.source, diagnostics, plan, cells };

  const missing: SheetMap[] = [];
  for (const sheetMap of map.sheets) {
    const sheet = findSheet(snapshot, sheetMap);
    if (!sheet) {
      if (sheetMap.required) missing.push(sheetMap);
      continue;
    }
    if (sheetMap.kind === 'fields') extractFields(sheet, sheetMap, ctx);
    else extractTable(sheet, sheetMap, ctx);
  }
  const found = snapshot.sheets.map((s) => `'${s.name}'`).join(', ') || 'no sheets';
  const advice = 'Use the job plan template (examples/template/job-plan-template.xlsx) or describe your layout in a workbook map (--map).';
  const allMissing = missing.length > 0 && missing.length === map.sheets.filter((s) => s.required).length;
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

interface Context {
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
  const columns = [...header.columns.entries()];
  const lastCol = Math.max(...columns.map(([, c]) => c));
  const firstCol = Math.min(...columns.map(([, c]) => c));
  ctx.cells[sheetMap.list] = { sheet: sheet.name, cell: `${cellAddress(header.row, firstCol)}:${cellAddress(header.row, lastCol)}` };
  const rows: Record<string, unknown>[] = [];
  for (let r = header.row + 1; r < sheet.rows.length; r++) {
    const values = columns.map(([, c]) => cellAt(sheet, r, c));
    if (values.every((v) => v === null)) continue;
    const first = sheet.rows[r]!.find((v) => v !== null);
    if (typeof first === 'string' && /^total\b/i.test(first.trim())) break;
    const index = rows.length;
    const record: Record<string, unknown> = {};
    ctx.cells[`${sheetMap.list}[${index}]`] = { sheet: sheet.name, cell: `${cellAddress(r, firstCol)}:${cellAddress(r, lastCol)}` };
    for (const [field, c] of columns) {
      const ref = { sheet: sheet.name, cell: cellAddress(r, c) };
      ctx.cells[`${sheetMap.list}[${index}].${field}`] = ref;
      setValue(ctx, record, field, cellAt(sheet, r, c), rowFields[field]!, ref);
    }
    rows.push(record);
  }
  ctx.plan[sheetMap.list] = rows;
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

function setValue(ctx: Context, target: Record<string, unknown>, field: string, raw: Parameters<typeof coerceCell>[0], spec: FieldSpec, ref: CellRef): void {
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

