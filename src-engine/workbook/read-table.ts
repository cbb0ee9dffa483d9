/**
 * A `table` section: a header row (found anywhere on the sheet by its column header texts) and the rows under it,
 * filling one list of the plan. Sub-headings inside the table may set a row field (`Personal objectives` /
 * `Service objectives` → the objective's kind); a repeat of the header row under each sub-heading is skipped. The
 * table ends at a `Total` row, at another section's label or heading, or (on a sheet of several sections) at a blank row.
 */
import type { CellRef } from '../model/cells.js';
import { PLAN_LISTS, type FieldSpec, type PlanListName } from '../model/job-plan.js';
import { setValue, type Context } from './extract-context.js';
import { firstValue, headingOf, isBlankRow, normaliseHeading, totalRowKind } from './sheet-structure.js';
import { cellAddress, cellAt, type CellValue, type SheetSnapshot } from './snapshot.js';
import { labelsFor, normaliseLabel, type TableSheetMap } from './workbook-map.js';

export interface ColumnLabels {
  readonly field: string;
  readonly labels: ReadonlySet<string>;
}

export interface TableHeader {
  readonly row: number;
  readonly columns: ReadonlyMap<string, number>;
}

/** Column keys of a timetable's per-category PA columns: `pas@DCC`. */
const CATEGORY_COLUMN = /^pas@(.+)$/;

export function columnLabelsOf(sheetMap: TableSheetMap): ColumnLabels[] {
  const rowFields = PLAN_LISTS[sheetMap.list] as Record<string, FieldSpec>;
  const columns = Object.entries(sheetMap.columns).filter(([field]) => rowFields[field]).map(([field, aliases]) => ({ field, labels: labelsFor(aliases, rowFields[field]!.label) }));
  const categories = Object.entries(sheetMap.category_pas ?? {}).map(([category, aliases]) => ({ field: `pas@${category}`, labels: labelsFor(aliases, `${category} PAs`) }));
  return [...columns, ...categories];
}

/** Which of the columns a row's texts name (field → column index). */
export function headerMatches(row: readonly CellValue[] | undefined, columns: readonly ColumnLabels[]): Map<string, number> {
  const found = new Map<string, number>();
  row?.forEach((value, c) => {
    if (typeof value !== 'string') return;
    const text = normaliseLabel(value);
    const hit = columns.find((l) => l.labels.has(text) && !found.has(l.field));
    if (hit) found.set(hit.field, c);
  });
  return found;
}

/**
 * The table's header row: the row naming most of its columns (at least two, or one for a one-column map), and more
 * of them than any other table of the map names there, so the timetable's header is never taken for another's.
 */
export function findTableHeader(sheet: SheetSnapshot, columns: readonly ColumnLabels[], others: readonly (readonly ColumnLabels[])[] = [], skip: ReadonlySet<number> = new Set()): TableHeader | null {
  const needed = Math.min(2, columns.length);
  let best: TableHeader | null = null;
  for (let r = 0; r < sheet.rows.length; r++) {
    if (skip.has(r)) continue;
    const found = headerMatches(sheet.rows[r], columns);
    if (found.size < needed || found.size <= (best?.columns.size ?? 0)) continue;
    if (others.some((o) => headerMatches(sheet.rows[r], o).size > found.size)) continue;
    best = { row: r, columns: found };
  }
  return best;
}

export interface TableReadOptions {
  /** End at the first blank row (a table sharing its sheet with other sections one below another). */
  readonly endAtBlankRow: boolean;
  /** Sub-headings that set a row field: field → value → heading texts. */
  readonly sections?: TableSheetMap['sections'];
  /** Label texts of the map's fields (normalised): a row starting with one ends the table (a sign-off block below). */
  readonly stopLabels?: ReadonlySet<string>;
  /** Headings (normalised) that end the table: the sections other entries of the map are scoped to. */
  readonly stopHeadings?: ReadonlySet<string>;
  /** End at any heading that is not one of the table's own sub-headings (a sheet holding several sections). */
  readonly endAtHeading?: boolean;
}

/**
 * The rows under a table's header → the plan's list, each value remembering its cell. Returns the rows it read
 * (header and sub-headings included), for a caller that must not read them again.
 */
export function readTableRows(sheet: SheetSnapshot, list: PlanListName, header: TableHeader, ctx: Context, options: TableReadOptions): number[] {
  const rowFields = PLAN_LISTS[list] as Record<string, FieldSpec>;
  const columns = [...header.columns.entries()];
  const lastCol = Math.max(...columns.map(([, c]) => c));
  const firstCol = Math.min(...columns.map(([, c]) => c));
  ctx.cells[list] = { sheet: sheet.name, cell: `${cellAddress(header.row, firstCol)}:${cellAddress(header.row, lastCol)}` };
  const headerColumns: ColumnLabels[] = columns.map(([field]) => ({ field, labels: new Set([normaliseLabel(String(cellAt(sheet, header.row, header.columns.get(field)!)))]) }));
  const sectionTexts = sectionLookup(options.sections);
  const current = new Map<string, { value: string; cell: CellRef }>();
  // The first sub-heading often sits just above the first header row ("Personal objectives", then the header).
  for (let r = header.row - 1; r >= Math.max(0, header.row - 2) && sectionTexts.size > 0; r--) {
    const heading = headingOf(sheet.rows[r]);
    const hit = heading !== null ? sectionTexts.get(normaliseHeading(heading)) : undefined;
    if (hit) {
      current.set(hit.field, { value: hit.value, cell: { sheet: sheet.name, cell: cellAddress(r, sheet.rows[r]!.findIndex((v) => v !== null)) } });
      break;
    }
  }
  const used = [header.row];
  const rows: Record<string, unknown>[] = [];
  let afterBlank = false;
  const categoryColumns = columns.filter(([field]) => CATEGORY_COLUMN.test(field));
  const plainColumns = columns.filter(([field]) => !CATEGORY_COLUMN.test(field));
  for (let r = header.row + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r];
    if (isBlankRow(row)) {
      if (options.endAtBlankRow && sectionTexts.size === 0) break;
      afterBlank = true;
      continue;
    }
    const blankAbove = afterBlank;
    afterBlank = false;
    const first = firstValue(row);
    // A total ends the table; its row stays free for a label on it ("Total PAs:" naming the contract on a form).
    if (totalRowKind(first) !== null) break;
    const heading = headingOf(row);
    if (heading !== null) {
      const hit = sectionTexts.get(normaliseHeading(heading));
      if (hit) {
        const col = row!.findIndex((v) => v !== null);
        current.set(hit.field, { value: hit.value, cell: { sheet: sheet.name, cell: cellAddress(r, col) } });
        used.push(r);
        continue;
      }
      // On a sheet of several sections, any other heading starts the next section ("Section E: On-call").
      if (options.stopHeadings?.has(normaliseHeading(heading)) || (sectionTexts.size > 0 && isNumberedHeading(heading)) || options.endAtHeading) break;
    }
    // Another section's label below the table (a sign-off block): the table has ended. A table's own value that
    // happens to equal a label (an objective of type "Service") is not one: labels there must read as labels.
    // After a blank row, any field label on the row starts the next section ("6.1 | Private practice | … | None").
    if (blankAbove && options.stopLabels && row!.some((v) => typeof v === 'string' && options.stopLabels!.has(normaliseLabel(v)))) break;
    if (typeof first === 'string' && options.stopLabels?.has(normaliseLabel(first))) {
      const col = row!.indexOf(first);
      // After a blank row, a field's label starts the next section even in a table column ("Signed by doctor?").
      if (/:\s*$/.test(first) || !columns.some(([, c]) => c === col) || blankAbove) break;
    }
    // The header again (under each sub-heading): not data.
    if (headerMatches(row, headerColumns).size >= Math.min(2, columns.length)) {
      used.push(r);
      continue;
    }
    const values = columns.map(([, c]) => cellAt(sheet, r, c));
    if (values.every((v) => v === null)) continue;
    // A timetable row with no activity, PAs or hours ("Wednesday: non-working day") is a note, not an activity.
    if (list === 'activities' && ['activity', 'pas', 'hours'].every((f) => header.columns.get(f) === undefined || cellAt(sheet, r, header.columns.get(f)!) === null)
      && !categoryColumns.some(([, c]) => cellAt(sheet, r, c) !== null)) continue;
    used.push(r);
    // PAs under a column per category: one activity per category with PAs on the row.
    const byCategory = categoryColumns.filter(([, c]) => cellAt(sheet, r, c) !== null);
    for (const split of byCategory.length > 0 ? byCategory : [null]) {
      const index = rows.length;
      const record: Record<string, unknown> = {};
      ctx.cells[`${list}[${index}]`] = { sheet: sheet.name, cell: `${cellAddress(r, firstCol)}:${cellAddress(r, lastCol)}` };
      for (const [field, c] of plainColumns) {
        const ref = { sheet: sheet.name, cell: cellAddress(r, c) };
        ctx.cells[`${list}[${index}].${field}`] = ref;
        setValue(ctx, record, field, cellAt(sheet, r, c), rowFields[field]!, ref, { translation: `${list}.${field}`, cell: `${list}[${index}].${field}` });
      }
      if (split) {
        const [key, c] = split;
        const ref = { sheet: sheet.name, cell: cellAddress(r, c) };
        ctx.cells[`${list}[${index}].pas`] = ref;
        ctx.cells[`${list}[${index}].category`] = ref;
        record['category'] = CATEGORY_COLUMN.exec(key)![1];
        setValue(ctx, record, 'pas', cellAt(sheet, r, c), rowFields['pas']!, ref, { translation: `${list}.pas`, cell: `${list}[${index}].pas` });
      }
      for (const [field, { value, cell }] of current) {
        if (record[field] !== undefined || !rowFields[field]) continue;
        ctx.cells[`${list}[${index}].${field}`] = cell;
        setValue(ctx, record, field, value, rowFields[field]!, cell, { translation: `${list}.${field}`, cell: `${list}[${index}].${field}` });
      }
      rows.push(record);
    }
  }
  ctx.plan[list] = rows;
  return used;
}

function isNumberedHeading(text: string): boolean {
  return /^\s*(?:section\s+)?\d{1,2}(?:\.\d{1,2})*\s*[.):-]?\s+\S/i.test(text);
}

function sectionLookup(sections: TableSheetMap['sections']): Map<string, { field: string; value: string }> {
  const out = new Map<string, { field: string; value: string }>();
  for (const [field, byValue] of Object.entries(sections ?? {})) {
    for (const [value, texts] of Object.entries(byValue)) for (const t of texts) out.set(normaliseHeading(t), { field, value });
  }
  return out;
}
