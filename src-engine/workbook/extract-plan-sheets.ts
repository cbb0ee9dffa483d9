/**
 * A workbook of job plans laid out one per sheet (a directorate's workbook with a sheet per consultant, say): each
 * sheet holds a whole plan, its details as label/value pairs and its timetable, annualised activities, additional
 * PAs and objectives as tables one below another. The same workbook map as the template describes it: its `fields`
 * sections are found by label anywhere on the sheet and its `table` sections by their header row anywhere on the
 * sheet, each table ending at its first blank row (or a "Total" row). A sheet without the map's required sections
 * (an index or a guidance sheet) is skipped and named in a note.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CellRef } from '../model/cells.js';
import { frequencyDiagnostics } from '../model/check-plan.js';
import { PLAN_LISTS, type FieldSpec, type JobPlan } from '../model/job-plan.js';
import type { ExtractedPlan, RegisterExtractionResult } from './extract.js';
import { translationsOf, uncalculatedOf, type Context, type Translations } from './extract-context.js';
import { fieldLabels, readFields } from './read-fields.js';
import { readTableRows } from './read-table.js';
import type { SheetSnapshot, WorkbookSnapshot } from './snapshot.js';
import { labelsFor, normaliseLabel, type FieldsSheetMap, type TableSheetMap, type WorkbookMap } from './workbook-map.js';

interface TableLabels {
  readonly map: TableSheetMap;
  readonly columns: readonly { readonly field: string; readonly labels: ReadonlySet<string> }[];
}

/** Every sheet that holds a job plan → one plan, named by its sheet. */
export function extractPlanSheets(snapshot: WorkbookSnapshot, map: WorkbookMap): RegisterExtractionResult {
  const tables: TableLabels[] = map.sheets.filter((s): s is TableSheetMap => s.kind === 'table').map((t) => {
    const rowFields = PLAN_LISTS[t.list] as Record<string, FieldSpec>;
    return { map: t, columns: Object.entries(t.columns).map(([field, aliases]) => ({ field, labels: labelsFor(aliases, rowFields[field]!.label) })) };
  });
  const fieldSections = map.sheets.filter((s): s is FieldsSheetMap => s.kind === 'fields');
  const plans: ExtractedPlan[] = [];
  const skipped: string[] = [];
  const translations = translationsOf(map);
  const uncalculated = uncalculatedOf(snapshot);
  const stopLabels = new Set(fieldSections.flatMap((f) => [...fieldLabels(f)]));
  for (const sheet of snapshot.sheets) {
    const plan = extractSheet(sheet, snapshot.source, tables, fieldSections, { translations, uncalculated, stopLabels });
    if (plan) plans.push(plan);
    else skipped.push(`'${sheet.name}'`);
  }
  const diagnostics: Diagnostic[] = [];
  if (plans.length > 0 && skipped.length > 0) {
    diagnostics.push({
      code: 'workbook_sheets_skipped',
      severity: 'info',
      message: `read ${plans.length} job plan(s), one per sheet; skipped ${skipped.join(', ')}: no job plan details, timetable and sign-off found on them`,
      location: { file: snapshot.source, line: 1, col: 1 },
    });
  }
  return { plans, diagnostics };
}

interface Shared {
  readonly translations: Translations;
  readonly uncalculated: ReadonlyMap<string, ReadonlySet<string>>;
  readonly stopLabels: ReadonlySet<string>;
}

function extractSheet(sheet: SheetSnapshot, file: string, tables: readonly TableLabels[], fieldSections: readonly FieldsSheetMap[], shared: Shared): ExtractedPlan | null {
  const diagnostics: Diagnostic[] = [];
  const plan: Record<string, unknown> = {};
  const cells: Record<string, CellRef> = {};
  const ctx: Context = { file, diagnostics, plan, cells, unread: [], translations: shared.translations, uncalculated: shared.uncalculated };
  // Tables first: the rows they take are then not searched for field labels (an "End date" column header is not the
  // plan's end date).
  const taken = new Set<number>();
  for (const table of tables) {
    const found = readTable(sheet, table, tables, ctx, taken);
    if (!found && table.map.required) return null;
  }
  for (const section of fieldSections) {
    const found = readFields(sheet, section, ctx, { skipRows: taken, stopLabels: shared.stopLabels });
    if (found === 0 && section.required) return null;
  }
  diagnostics.push(...frequencyDiagnostics(plan as JobPlan, cells, file));
  const unread = ctx.unread ?? [];
  return { plan: plan as JobPlan, cells, source: file, ref: sheet.name, diagnostics, ...(unread.length > 0 ? { unread } : {}) };
}

/** How many of a table's columns a row's texts name. */
function matches(row: readonly unknown[], table: TableLabels): Map<string, number> {
  const columns = new Map<string, number>();
  row.forEach((value, c) => {
    if (typeof value !== 'string') return;
    const text = normaliseLabel(value);
    const hit = table.columns.find((l) => l.labels.has(text) && !columns.has(l.field));
    if (hit) columns.set(hit.field, c);
  });
  return columns;
}

/**
 * The table's header row: the row naming most of its columns (at least two), and more of them than of any other
 * table's, so the timetable's header (Day, Session, Activity …) is never taken for the annualised activities'.
 */
function findHeader(sheet: SheetSnapshot, table: TableLabels, all: readonly TableLabels[], taken: ReadonlySet<number>): { row: number; columns: Map<string, number> } | null {
  let best: { row: number; columns: Map<string, number> } | null = null;
  sheet.rows.forEach((row, r) => {
    if (taken.has(r)) return;
    const columns = matches(row, table);
    if (columns.size < Math.min(2, table.columns.length)) return;
    if (all.some((other) => other !== table && matches(row, other).size >= columns.size)) return;
    if (!best || columns.size > best.columns.size) best = { row: r, columns };
  });
  return best;
}

function readTable(sheet: SheetSnapshot, table: TableLabels, all: readonly TableLabels[], ctx: Context, taken: Set<number>): boolean {
  const header = findHeader(sheet, table, all, taken);
  const list = table.map.list;
  if (!header) {
    ctx.plan[list] = [];
    return false;
  }
  // On a sheet of several sections a table ends at its first blank row, or at its total.
  for (const r of readTableRows(sheet, list, header, ctx, { endAtBlankRow: true })) taken.add(r);
  return true;
}
