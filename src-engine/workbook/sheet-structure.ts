/**
 * What a sheet's layout says beyond its values: which rows are section headings ("2. Weekly timetable", a merged
 * title row), which heading a row sits under, and which texts are labels. Shared by the fields, table and grid readers.
 */
import type { CellValue, SheetSnapshot } from './snapshot.js';
import { normaliseLabel } from './workbook-map.js';

/** A heading's text for matching: numbering (`2.`, `2)`, `Section 2:`, `A.`) and a trailing colon dropped. */
export function normaliseHeading(text: string): string {
  return normaliseLabel(text)
    .replace(/^(?:section|part|step)\s+\w{1,3}\s*[:.)-]?\s*/i, '')
    .replace(/^(?:\d{1,2}(?:\.\d{1,2})*|[a-h]|[ivx]{1,4})\s*[.)]\s*/i, '')
    .replace(/^\d{1,2}\s+(?=\D)/, '')
    .trim();
}

/** True for a row with exactly one value, a text that is not a `label:` awaiting its value: a section heading. */
export function headingOf(row: readonly CellValue[] | undefined): string | null {
  if (!row) return null;
  let text: string | null = null;
  let number = false;
  for (const v of row) {
    if (v === null) continue;
    // A section number in a cell of its own before the heading's text ("6 | Other information").
    if (text === null && !number && isSectionNumber(v)) {
      number = true;
      continue;
    }
    if (text !== null || typeof v !== 'string') return null;
    text = v;
  }
  if (text === null || text.length > (number ? 60 : 120) || /:\s*$/.test(text)) return null;
  return text;
}

function isSectionNumber(v: CellValue): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 && v < 50;
  return typeof v === 'string' && /^\s*(?:\d{1,2}|[A-H]|[ivx]{1,4})[.)]?\s*$/i.test(v);
}

/** Per row, the nearest heading above it (not the row itself), normalised; null before the first. */
export function sectionsOf(sheet: SheetSnapshot): (string | null)[] {
  const out: (string | null)[] = [];
  let current: string | null = null;
  for (let r = 0; r < sheet.rows.length; r++) {
    out.push(current);
    const heading = headingOf(sheet.rows[r]);
    if (heading !== null) current = normaliseHeading(heading);
  }
  return out;
}

/** A text that ends in a colon reads as a label awaiting its value (`Name:`), whatever the map calls it. */
export function looksLikeLabel(value: CellValue): boolean {
  return typeof value === 'string' && /:\s*$/.test(value) && value.length <= 80;
}

/** The first value in a row, or null. */
export function firstValue(row: readonly CellValue[] | undefined): CellValue {
  if (!row) return null;
  for (const v of row) if (v !== null) return v;
  return null;
}

export function isBlankRow(row: readonly CellValue[] | undefined): boolean {
  return !row || row.every((v) => v === null);
}
