/**
 * What a sheet's layout says beyond its values: which rows are section headings ("2. Weekly timetable", a merged
 * title row), which heading a row sits under, and which texts are labels. Shared by the fields, table and grid readers.
 */
import { parseCellAddress, type CellValue, type SheetSnapshot } from './snapshot.js';
import { normaliseLabel } from './workbook-map.js';

/** A heading's text for matching: numbering (`2.`, `2)`, `Section 2:`, `A.`) and a trailing colon dropped. */
export function normaliseHeading(text: string): string {
  return normaliseLabel(text)
    .replace(/^(?:section|part|step)\s+\w{1,3}\s*[:.)-]?\s*/i, '')
    .replace(/^(?:\d{1,2}(?:\.\d{1,2})*|[a-h]|[ivx]{1,4})\s*[.)]\s*/i, '')
    .replace(/^\d{1,2}\s+(?=\D)/, '')
    .trim();
}

/**
 * Whether a row's first text labels a total: `total` ("Total", "Grand total", "Weekly total", "Cyfanswm / Total": a
 * table's or register's last row) or `subtotal` ("Mental Health sub-total", "Subtotal": a register's block ends and
 * more plans follow); null for anything else. Either half of a bilingual label counts.
 */
export function totalRowKind(first: CellValue | undefined): 'total' | 'subtotal' | null {
  if (typeof first !== 'string') return null;
  let kind: 'total' | 'subtotal' | null = null;
  for (const half of first.trim().toLowerCase().split(/\s+\/\s+/)) {
    if (/^(?:grand\s+|weekly\s+|overall\s+)?totals?\b/.test(half)) return 'total';
    if (/\bsub[\s-]?totals?\b/.test(half) || /\S\s+totals?\s*:?$/.test(half)) kind = 'subtotal';
  }
  return kind;
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

/**
 * A header row's texts, column by column, when the header may take two rows: a header merged down over both rows
 * ("Care Group" in rows 2:3) gives its text to the lower row, and a group header merged across the row above
 * ("Job plan PAs" over DCC | SPA | ANR | ED) gives each column under it a `combined` text, "Job plan PAs: DCC", so
 * "Date" under "Job plan meeting" and "Consultant" under "Signed off" say what they are.
 */
export function headerTexts(sheet: SheetSnapshot, r: number): { readonly texts: readonly (string | null)[]; readonly combined: ReadonlyMap<number, string> } {
  const row = sheet.rows[r] ?? [];
  const texts: (string | null)[] = row.map((v) => (typeof v === 'string' && v.trim() !== '' ? v : null));
  const combined = new Map<number, string>();
  if (r === 0 || !sheet.merges || sheet.merges.length === 0) return { texts, combined };
  const above = sheet.rows[r - 1] ?? [];
  for (const range of sheet.merges) {
    const [from, to] = range.split(':').map((a) => parseCellAddress(a));
    if (!from || !to || from.row !== r - 1) continue;
    const text = above[from.col];
    if (typeof text !== 'string' || text.trim() === '') continue;
    if (to.row === r && from.col === to.col) {
      if (texts[from.col] === null || texts[from.col] === undefined) texts[from.col] = text;
    } else if (to.row === r - 1 && to.col > from.col) {
      for (let c = from.col; c <= to.col; c++) {
        const sub = texts[c];
        if (sub) combined.set(c, `${text.trim()}: ${sub.trim()}`);
      }
    }
  }
  return { texts, combined };
}
