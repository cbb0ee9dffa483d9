/**
 * Finds a register (one job plan per row, an e-job-planning export): a header row in the first rows of a sheet
 * naming at least four of the model's fields, with rows of data under it. Each column's field is chosen by its
 * header's words and confirmed by its values (a "Sign Off By" column of names is no sign-off date).
 */
import { PLAN_FIELDS, type FieldSpec } from '../../model/job-plan.js';
import { coerceCell } from '../coerce.js';
import { headerTexts, totalRowKind } from '../sheet-structure.js';
import { cellAddress, parseCellAddress, type CellValue, type SheetSnapshot } from '../snapshot.js';
import type { Confidence } from './find-fields.js';
import { matchField, type FieldMatch } from './match-text.js';
import { FIELD_WORDS } from './vocabulary.js';

export interface FoundColumn {
  readonly field: string;
  readonly header: string;
  readonly cell: string;
  readonly confidence: Confidence;
  readonly note?: string;
  /** The column's values (up to 200), for guessing the Trust's words for the model's values. */
  readonly values: readonly CellValue[];
}

export interface FoundRegister {
  readonly headerRow: number;
  readonly dataRows: number;
  readonly columns: readonly FoundColumn[];
  /** Header texts no field was found for. */
  readonly unmatched: readonly string[];
}

const HEADER_SEARCH_ROWS = 30;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The sheet's register, or null when no row reads as a register's header. */
export function findRegister(sheet: SheetSnapshot, extra?: ReadonlyMap<string, ReadonlySet<string>>): FoundRegister | null {
  let best: { row: number; matches: Map<number, FieldMatch[]>; header: ReturnType<typeof headerTexts> } | null = null;
  for (let r = 0; r < Math.min(HEADER_SEARCH_ROWS, sheet.rows.length); r++) {
    const matches = new Map<number, FieldMatch[]>();
    const fields = new Set<string>();
    const header = headerTexts(sheet, r);
    header.texts.forEach((v, c) => {
      if (v === null) return;
      const group = header.combined.get(c);
      const m = matchBoth(v, group, extra).filter((x) => x.strength >= 1);
      if (m.length > 0) { matches.set(c, m); for (const x of m) if (x.strength >= 2) fields.add(x.field); }
    });
    if (fields.size >= 4 && (!best || matches.size > best.matches.size)) best = { row: r, matches, header };
  }
  if (!best) return null;
  const header = best.row;
  const data: (readonly CellValue[])[] = [];
  for (let r = header + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    const first = row.find((v) => v !== null);
    const total = totalRowKind(first);
    if (total === 'total') break;
    if (total === 'subtotal') continue;
    if (row.filter((v) => v !== null).length >= 3) data.push(row);
  }
  if (data.length === 0) return null;

  const candidates: { col: number; match: FieldMatch; fit: number; values: CellValue[] }[] = [];
  for (const [col, matches] of best.matches) {
    const values = data.slice(0, 200).map((row) => row[col] ?? null);
    for (const match of matches) {
      const spec = (PLAN_FIELDS as Record<string, FieldSpec>)[match.field];
      if (spec) candidates.push({ col, match, fit: fitOf(values, spec), values });
    }
  }
  const anyStrong = new Set(candidates.filter((c) => c.match.strength >= 2).map((c) => c.match.field));
  candidates.sort((a, b) => Number(b.fit >= 0.6) - Number(a.fit >= 0.6) || b.match.strength - a.match.strength || b.fit - a.fit || a.col - b.col);
  const fieldTaken = new Set<string>();
  const colTaken = new Set<number>();
  const columns: FoundColumn[] = [];
  for (const c of candidates) {
    if (fieldTaken.has(c.match.field) || colTaken.has(c.col)) continue;
    if (c.match.strength === 1 && anyStrong.has(c.match.field)) continue;
    if (c.fit < 0.5 && c.match.strength < 3) continue;
    fieldTaken.add(c.match.field);
    colTaken.add(c.col);
    // The text the map names the column by: its group's and its own on a two-row header, so extraction finds it.
    const text = (best.header.combined.get(c.col) ?? best.header.texts[c.col] ?? '').trim();
    const confidence: Confidence = c.match.strength >= 3 && c.fit >= 0.8 ? 'sure' : c.fit >= 0.6 ? 'likely' : 'check';
    const note = c.fit < 0.6 ? `only ${Math.round(c.fit * 100)}% of its values read as this field` : c.match.strength === 1 ? `'${text}' is used because no other column names it` : c.match.strength === 2 ? 'matched by its words, not a known header' : undefined;
    columns.push({ field: c.match.field, header: text, cell: cellAddress(header, c.col), confidence, ...(note ? { note } : {}), values: c.values });
  }
  columns.sort((a, b) => parseCellAddress(a.cell)!.col - parseCellAddress(b.cell)!.col);
  const unmatched = best.header.texts.flatMap((v, c) => (v !== null && !colTaken.has(c) ? [(best.header.combined.get(c) ?? v).trim()] : []));
  return { headerRow: header, dataRows: data.length, columns, unmatched };
}

/**
 * A column's matches by its own text and, under a group header, by "Group: text" too, the stronger of each field:
 * "Next review" under "Job plan meeting" stays the review date, "Date" under it becomes the meeting date, and
 * "Consultant" under "Signed off" is a sign-off date as well as a name (its values decide).
 */
function matchBoth(text: string, group: string | undefined, extra?: ReadonlyMap<string, ReadonlySet<string>>): FieldMatch[] {
  const own = matchField(text, FIELD_WORDS, extra);
  if (group === undefined) return own;
  const best = new Map<string, FieldMatch>();
  for (const m of [...matchField(group, FIELD_WORDS, extra), ...own]) if ((best.get(m.field)?.strength ?? 0) < m.strength) best.set(m.field, m);
  return [...best.values()].sort((a, b) => b.strength - a.strength);
}

/** The share of a column's values that read as the field (blank cells not counted); 1 for a column of blanks. */
function fitOf(values: readonly CellValue[], spec: FieldSpec): number {
  const present = values.filter((v) => v !== null);
  if (present.length === 0) return 1;
  let ok = 0;
  for (const v of present) {
    // A column of dates is no name, grade or text field ("Consultant" under "Signed off" holds dates).
    if (spec.type.kind === 'string') { ok += typeof v === 'boolean' || (typeof v === 'string' && ISO_DATE.test(v)) ? 0 : 1; continue; }
    const c = coerceCell(v, spec.type);
    // An enum column in the Trust's own words still fits: the words are translated in the map's values.
    if (c.ok && c.value !== null) ok += 1;
    else if (spec.type.kind === 'enum' && typeof v === 'string') ok += 0.75;
  }
  return ok / present.length;
}
