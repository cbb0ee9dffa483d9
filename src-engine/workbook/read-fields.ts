/**
 * A `fields` section: label cells and their values, wherever they are on the sheet. A value is found right of its
 * label (past blanks and merged cells, stopping at another label), below it, at an exact offset, or after a second
 * label on the same row (a sign-off row's `Date`). A label may be scoped by the section heading above it, so one
 * label text can mean two fields. Every value remembers its cell.
 */
import type { CellRef } from '../model/cells.js';
import { PLAN_FIELDS, type FieldSpec } from '../model/job-plan.js';
import { setValue, type Context } from './extract-context.js';
import { looksLikeLabel, normaliseHeading, sectionsOf } from './sheet-structure.js';
import { cellAddress, cellAt, parseCellAddress, type SheetSnapshot } from './snapshot.js';
import { fieldEntry, labelsFor, normaliseLabel, type FieldsSheetMap, type ValuePosition } from './workbook-map.js';

/** How far below a label a value is looked for. */
const BELOW_REACH = 2;
/** How many rows under a signatory's label its `Date` label is looked for. */
const AFTER_REACH = 2;

interface Entry {
  readonly field: string;
  readonly spec: FieldSpec;
  readonly labels: ReadonlySet<string>;
  readonly position: ValuePosition;
  readonly sections: ReadonlySet<string> | null;
  readonly after: ReadonlySet<string> | null;
}

export interface FieldsReadOptions {
  /** Rows a table or grid has read: their texts are not labels here. */
  readonly skipRows?: ReadonlySet<number>;
  /** Every label text of the map (normalised): a value search stops at any of them. */
  readonly stopLabels?: ReadonlySet<string>;
}

/** Every label text of these entries, normalised (for other readers to stop at). */
export function fieldLabels(sheetMap: FieldsSheetMap): Set<string> {
  const out = new Set<string>();
  for (const [field, raw] of Object.entries(sheetMap.fields)) {
    const spec = (PLAN_FIELDS as Record<string, FieldSpec>)[field];
    if (!spec || !raw) continue;
    for (const l of labelsFor(fieldEntry(raw).labels, spec.label)) out.add(l);
  }
  return out;
}

function entriesOf(sheetMap: FieldsSheetMap): Entry[] {
  const out: Entry[] = [];
  for (const [field, raw] of Object.entries(sheetMap.fields)) {
    const spec = (PLAN_FIELDS as Record<string, FieldSpec>)[field];
    if (!spec || !raw) continue;
    const entry = fieldEntry(raw);
    const position = entry.value ?? 'right';
    out.push({
      field, spec, labels: labelsFor(entry.labels, spec.label), position,
      sections: entry.section ? new Set(entry.section.map(normaliseHeading)) : null,
      after: typeof position === 'object' && 'after' in position ? new Set(position.after.map(normaliseLabel)) : null,
    });
  }
  return out;
}

/** Reads the section's fields from the sheet into the context; returns how many of its labels were found. */
export function readFields(sheet: SheetSnapshot, sheetMap: FieldsSheetMap, ctx: Context, options: FieldsReadOptions = {}): number {
  const entries = entriesOf(sheetMap);
  const stop = options.stopLabels ?? new Set(entries.flatMap((e) => [...e.labels]));
  const sections = entries.some((e) => e.sections) ? sectionsOf(sheet) : [];
  const byLabel = new Map<string, Entry[]>();
  for (const e of entries) for (const l of e.labels) byLabel.set(l, [...(byLabel.get(l) ?? []), e]);
  // Scoped entries first, so a label under its own heading goes to the field that asked for that heading.
  for (const list of byLabel.values()) list.sort((a, b) => Number(b.sections !== null) - Number(a.sections !== null));

  const layout: Layout = { sheet, stop, mergeEnds: mergeEnds(sheet) };
  /** Value cells read so far → the field each was read as. */
  const valueCells = new Map<string, string>();
  const found = new Map<string, CellRef>();
  let count = 0;
  // A label at an exact offset from its value (`value: { below: 1 }`) is the map's word for that cell, even in a
  // table's header row: an activity export's "Employee" column header over the practitioner's name.
  const exactOnly = (r: number): boolean => options.skipRows?.has(r) === true;
  const exact = (e: Entry): boolean => typeof e.position === 'object' && ('below' in e.position || 'right' in e.position);
  sheet.rows.forEach((row, r) => {
    if (exactOnly(r) && !entries.some(exact)) return;
    row.forEach((value, c) => {
      if (typeof value !== 'string' || valueCells.has(`${r},${c}`)) return;
      // `Name: Dr A Smith` in one cell: the label before the colon, its value after it (entries with value: inline).
      const inline = inlineSplit(value);
      const inlineCandidates = inline ? byLabel.get(inline.label)?.filter((e) => e.position === 'inline') : undefined;
      const candidates = (inlineCandidates && inlineCandidates.length > 0 ? inlineCandidates : byLabel.get(normaliseLabel(value))?.filter((e) => e.position !== 'inline'))?.filter((e) => !exactOnly(r) || exact(e));
      if (!candidates || candidates.length === 0) return;
      const section = sections[r] ?? null;
      const entry = candidates.find((e) => (e.sections === null || (section !== null && e.sections.has(section))) && !(e.field in ctx.cells) && !found.has(e.field));
      if (!entry) {
        // The same label again for a field already read: say so once, with both cells, unless a heading scopes it.
        const again = candidates.find((e) => found.has(e.field) && e.sections === null);
        const first = again ? found.get(again.field)! : null;
        if (again && first && first.sheet === sheet.name) {
          ctx.diagnostics.push({
            code: 'map_label_ambiguous',
            severity: 'warning',
            message: `the label '${value}' (${again.spec.label}) appears again here; ${first.sheet}!${first.cell.split(':')[0]}'s value was read. If this one is a different field, give the map's entries a section: [heading]`,
            location: { file: ctx.file, sheet: sheet.name, cell: cellAddress(r, c) },
          });
        }
        return;
      }
      count += 1;
      const at = locateValue(layout, r, c, entry);
      const claimedBy = at.found ? valueCells.get(`${at.row},${at.col}`) : undefined;
      if (claimedBy !== undefined) {
        // Two labels pointing at one value cell: one of them is mapped wrongly; say which cell and which fields.
        ctx.diagnostics.push({
          code: 'map_cell_claimed_twice',
          severity: 'warning',
          message: `${cellAddress(at.row, at.col)} is read as both ${(PLAN_FIELDS as Record<string, FieldSpec>)[claimedBy]?.label ?? claimedBy} and ${entry.spec.label}; check where the map says each value sits`,
          location: { file: ctx.file, sheet: sheet.name, cell: cellAddress(at.row, at.col) },
        });
      }
      if (at.found) valueCells.set(`${at.row},${at.col}`, entry.field);
      const ref = { sheet: sheet.name, cell: cellAddress(at.row, at.col) };
      found.set(entry.field, { sheet: sheet.name, cell: cellAddress(r, c) });
      ctx.cells[entry.field] = ref;
      const raw = entry.position === 'inline' ? inline?.value ?? null : at.found ? cellAt(sheet, at.row, at.col) : null;
      setValue(ctx, ctx.plan, entry.field, raw, entry.spec, ref);
    });
  });
  return count;
}

/** `Name: Dr A Smith` → the normalised label and the text after the colon (null when nothing follows). */
export function inlineSplit(text: string): { label: string; value: string | null } | null {
  const i = text.indexOf(':');
  if (i <= 0 || i > 60) return null;
  const rest = text.slice(i + 1).trim();
  return { label: normaliseLabel(text.slice(0, i)), value: rest === '' ? null : rest };
}

interface Layout {
  readonly sheet: SheetSnapshot;
  readonly stop: ReadonlySet<string>;
  /** Top-left cell (`r,c`) of each merged range → its last row and column. */
  readonly mergeEnds: ReadonlyMap<string, { readonly row: number; readonly col: number }>;
}

/** Each merged range's top-left cell (`r,c`) → its last row and column. */
export function mergeEnds(sheet: SheetSnapshot): Map<string, { row: number; col: number }> {
  const out = new Map<string, { row: number; col: number }>();
  for (const range of sheet.merges ?? []) {
    const [from, to] = range.split(':').map(parseCellAddress);
    if (from && to) out.set(`${from.row},${from.col}`, to);
  }
  return out;
}

/** Where the value of the label at (r, c) is: the cell found, or (found false) the cell it should be typed in. */
function locateValue(layout: Layout, r: number, c: number, entry: Entry): { row: number; col: number; found: boolean } {
  const position = entry.position;
  if (position === 'inline') return { row: r, col: c, found: true };
  const end = layout.mergeEnds.get(`${r},${c}`) ?? { row: r, col: c };
  if (position === 'right') return nextRight(layout, r, end.col);
  if (position === 'below') return scanBelow(layout, end.row, c);
  if ('right' in position) return { row: r, col: end.col + position.right, found: true };
  if ('below' in position) return { row: end.row + position.below, col: c, found: true };
  // On the label's row (`Signed (Consultant): | S Jones | Date: | 12/05/2026`), else on the rows just under it
  // (`Consultant signature: | C Blake` over `Date: | 08/07/2026`), up to a row holding another label.
  for (let rr = r; rr <= end.row + AFTER_REACH; rr++) {
    const row = layout.sheet.rows[rr] ?? [];
    if (rr > end.row && row.some((v) => isStop(v, layout.stop) && !entry.after!.has(normaliseLabel(String(v))))) break;
    for (let k = rr === r ? end.col + 1 : c; k < row.length; k++) {
      const v = row[k];
      if (typeof v === 'string' && entry.after!.has(normaliseLabel(v))) return nextRight(layout, rr, layout.mergeEnds.get(`${rr},${k}`)?.col ?? k);
    }
  }
  return { row: r, col: end.col + 1, found: false };
}

function isStop(value: unknown, stop: ReadonlySet<string>): boolean {
  return typeof value === 'string' && (stop.has(normaliseLabel(value)) || looksLikeLabel(value));
}

/**
 * The value of a label ending in column `last` (its merged range's last column): the next cell. Its text is the
 * value even when it reads like another label (a care group typed as "Grade"), unless it ends in a colon or is itself
 * followed by a value: then it starts the next label:value pair, and this label's value is not recorded.
 */
function nextRight(layout: Layout, r: number, last: number): { row: number; col: number; found: boolean } {
  const { sheet, stop } = layout;
  const col = last + 1;
  const next = cellAt(sheet, r, col);
  if (next === null) return { row: r, col, found: false };
  const nextEnd = layout.mergeEnds.get(`${r},${col}`)?.col ?? col;
  const pairStarts = isStop(next, stop) && (looksLikeLabel(next) || cellAt(sheet, r, nextEnd + 1) !== null);
  return { row: r, col, found: !pairStarts };
}

function scanBelow(layout: Layout, r: number, c: number): { row: number; col: number; found: boolean } {
  for (let k = r + 1; k <= r + BELOW_REACH; k++) {
    const v = cellAt(layout.sheet, k, c);
    if (v === null) continue;
    if (isStop(v, layout.stop)) break;
    return { row: k, col: c, found: true };
  }
  return { row: r + 1, col: c, found: false };
}
