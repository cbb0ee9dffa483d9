/**
 * Finds objectives written one paragraph each under an "Objectives" heading, with labels inside the text
 * ("Personal: … Measure: … Due: …"), as a Word form pasted into Excel has them. Only the labels the paragraphs use
 * go into the map.
 */
import { headingOf } from '../sheet-structure.js';
import { cellAddress, type SheetSnapshot } from '../snapshot.js';

export interface FoundParagraphs {
  readonly headingText: string;
  readonly headingCell: string;
  readonly parts: Readonly<Record<string, readonly string[] | Readonly<Record<string, readonly string[]>>>>;
  readonly rows: ReadonlySet<number>;
  readonly items: number;
}

/** Label words in the text → the part they start. */
const PART_WORDS: readonly { readonly field: string; readonly value: string | null; readonly words: RegExp }[] = [
  { field: 'kind', value: 'personal', words: /^(personal|individual|development|professional development)$/i },
  { field: 'kind', value: 'service', words: /^(service|team|departmental|organisational|trust)$/i },
  { field: 'measure', value: null, words: /^(measure|how measured|success measure|measured by|evidence|how we will know)$/i },
  { field: 'due_date', value: null, words: /^(due|due date|by|by when|timescale|target date|deadline|to be achieved by|review date)$/i },
  { field: 'linked_activity', value: null, words: /^(linked activity|related activity)$/i },
];

const LABEL_IN_TEXT = /(?:^|(?<=[\s.;,]))([A-Za-z][A-Za-z ]{0,24}?)\s*:/g;

export function findParagraphs(sheet: SheetSnapshot, taken: ReadonlySet<number>): FoundParagraphs | null {
  for (let r = 0; r < sheet.rows.length; r++) {
    if (taken.has(r)) continue;
    const heading = headingOf(sheet.rows[r]);
    if (heading === null || !/objective/i.test(heading) || heading.length > 60) continue;
    const rows = new Set<number>([r]);
    const used = new Map<string, { field: string; value: string | null; labels: Set<string> }>();
    let items = 0;
    for (let k = r + 1; k < Math.min(sheet.rows.length, r + 40); k++) {
      const row = sheet.rows[k] ?? [];
      if (row.every((v) => v === null)) continue;
      const longest = row.filter((v): v is string => typeof v === 'string').sort((a, b) => b.length - a.length)[0];
      if (longest === undefined) break;
      let labels = 0;
      for (const m of longest.matchAll(LABEL_IN_TEXT)) {
        const word = m[1]!.trim();
        const part = PART_WORDS.find((p) => p.words.test(word));
        if (!part) continue;
        labels += 1;
        const key = `${part.field}|${part.value ?? ''}`;
        const entry = used.get(key) ?? { field: part.field, value: part.value, labels: new Set<string>() };
        entry.labels.add(word);
        used.set(key, entry);
      }
      if (labels === 0) break;
      rows.add(k);
      items += 1;
    }
    if (items === 0 || ![...used.values()].some((u) => u.field !== 'kind')) continue;
    const parts: Record<string, string[] | Record<string, string[]>> = {};
    for (const u of used.values()) {
      if (u.value === null) parts[u.field] = [...u.labels];
      else {
        const byValue = (parts[u.field] ??= {}) as Record<string, string[]>;
        byValue[u.value] = [...u.labels];
      }
    }
    const col = (sheet.rows[r] ?? []).findIndex((v) => v !== null);
    return { headingText: heading.trim(), headingCell: cellAddress(r, col), parts, rows, items };
  }
  return null;
}
