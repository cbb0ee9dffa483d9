/**
 * Finds the plan's tables on a sheet (a timetable listed row by row, objectives, additional PAs, annualised
 * activities): a header row naming at least two of a list's columns, one of them the list's own (an Activity, an
 * Objective column). Sub-headings that say an objective's kind ("Personal objectives") are found around it.
 */
import { headingOf, totalRowKind } from '../sheet-structure.js';
import { cellAddress, type CellValue, type SheetSnapshot } from '../snapshot.js';
import { categoryHeader } from './find-grid.js';
import { matchField } from './match-text.js';
import { FIELD_WORDS, LIST_KEYS, LIST_WORDS, OBJECTIVE_KIND_WORDS } from './vocabulary.js';

export interface FoundTable {
  readonly list: string;
  readonly headerRow: number;
  /** Row field → the header text naming its column. */
  readonly columns: ReadonlyMap<string, string>;
  /** Row field → the values in its column, for guessing the Trust's words. */
  readonly values: ReadonlyMap<string, readonly CellValue[]>;
  /** Objective kind → the sub-heading texts setting it. */
  readonly sections: ReadonlyMap<string, readonly string[]>;
  /** A timetable's per-category PA columns (`DCC | SPA | ANR`): category → header text. */
  readonly categoryPas: ReadonlyMap<string, string>;
  readonly rows: ReadonlySet<number>;
  readonly dataRows: number;
  readonly headerCell: string;
}

/** The list a row's texts are the header of, with the column each field is in; null when none. */
export function tableHeader(row: readonly CellValue[] | undefined): { list: string; columns: Map<string, { col: number; text: string }> } | null {
  if (!row) return null;
  let best: { list: string; columns: Map<string, { col: number; text: string }> } | null = null;
  // A row naming plan fields ("Contracted PAs | Job plan type | External duties") is a record's labels, not a table's.
  const planLabels = row.filter((v) => typeof v === 'string' && categoryHeader(v) === null && matchField(v, FIELD_WORDS).some((m) => m.strength >= 3)).length;
  for (const [list, words] of Object.entries(LIST_WORDS)) {
    const columns = new Map<string, { col: number; text: string }>();
    let phrases = 0;
    row.forEach((v, c) => {
      if (typeof v !== 'string') return;
      const hit = matchField(v, words).find((m) => m.strength >= 2 && !columns.has(m.field));
      if (!hit) return;
      columns.set(hit.field, { col: c, text: v.trim() });
      if (hit.strength >= 3) phrases += 1;
    });
    if (columns.size < 2 || phrases < 2 || planLabels >= columns.size || !(LIST_KEYS[list] ?? []).some((k) => columns.has(k))) continue;
    if (!best || columns.size > best.columns.size) best = { list, columns };
  }
  return best;
}

function kindOf(text: string): string | null {
  const personal = OBJECTIVE_KIND_WORDS['personal']!.test(text);
  const service = OBJECTIVE_KIND_WORDS['service']!.test(text);
  if (personal === service) return null;
  return personal ? 'personal' : 'service';
}

/** Every table on the sheet, skipping rows already taken (a grid's). */
export function findTables(sheet: SheetSnapshot, taken: ReadonlySet<number>): FoundTable[] {
  const out: FoundTable[] = [];
  for (let r = 0; r < sheet.rows.length; r++) {
    if (taken.has(r)) continue;
    const header = tableHeader(sheet.rows[r]);
    if (!header) continue;
    const headerTexts = new Set([...header.columns.values()].map((c) => c.text.toLowerCase()));
    const rows = new Set<number>([r]);
    const sections = new Map<string, string[]>();
    const addSection = (kind: string, text: string): void => {
      sections.set(kind, [...(sections.get(kind) ?? []), text.trim()]);
    };
    const needsKind = header.list === 'objectives' && !header.columns.has('kind');
    // A sub-heading right above the header ("Personal objectives") sets the kind of the rows under it.
    if (needsKind) {
      for (let k = r - 1; k >= Math.max(0, r - 2); k--) {
        const h = headingOf(sheet.rows[k]);
        const kind = h ? kindOf(h) : null;
        if (h && kind) { addSection(kind, h); rows.add(k); break; }
      }
    }
    let dataRows = 0;
    let k = r + 1;
    for (; k < sheet.rows.length; k++) {
      const row = sheet.rows[k] ?? [];
      if (row.every((v) => v === null)) {
        // A blank row ends the table unless a sub-heading or more rows of it follow.
        // A blank row ends the table, unless a sub-heading of it or its header again follows.
        const next = sheet.rows[k + 1];
        const nextHeading = headingOf(next);
        if (next && isRepeatOf(next, headerTexts)) continue;
        if (needsKind && nextHeading && kindOf(nextHeading)) continue;
        break;
      }
      const first = row.find((v) => v !== null);
      if (totalRowKind(first) !== null) break;
      if (isRepeatOf(row, headerTexts)) { rows.add(k); continue; }
      const heading = headingOf(row);
      if (heading !== null) {
        const kind = needsKind ? kindOf(heading) : null;
        if (kind) { addSection(kind, heading); rows.add(k); continue; }
        break;
      }
      if (row.some((v) => typeof v === 'string' && /:\s*$/.test(v))) break;
      rows.add(k);
      dataRows += 1;
    }
    const columns = new Map([...header.columns].map(([field, c]) => [field, c.text]));
    const values = new Map([...header.columns].map(([field, c]) => [field, [...rows].filter((x) => x !== r).map((x) => sheet.rows[x]?.[c.col] ?? null)]));
    const categoryPas = new Map<string, string>();
    if (header.list === 'activities') {
      (sheet.rows[r] ?? []).forEach((v, c) => {
        if (typeof v !== 'string' || [...header.columns.values()].some((x) => x.col === c)) return;
        const category = categoryHeader(v);
        if (category && !categoryPas.has(category)) categoryPas.set(category, v.trim());
      });
    }
    const firstCol = Math.min(...[...header.columns.values()].map((c) => c.col));
    out.push({ list: header.list, headerRow: r, columns, values, sections, categoryPas, rows, dataRows, headerCell: cellAddress(r, firstCol) });
    r = k - 1;
  }
  return out;
}

function isRepeatOf(row: readonly CellValue[] | undefined, headerTexts: ReadonlySet<string>): boolean {
  if (!row) return false;
  const texts = row.filter((v): v is string => typeof v === 'string').map((v) => v.trim().toLowerCase());
  return texts.length >= 2 && texts.filter((t) => headerTexts.has(t)).length >= Math.min(2, headerTexts.size);
}
