/**
 * A `paragraphs` section: a list written one paragraph per item under a heading, as a Word form pasted into Excel
 * writes its objectives ("1. | Personal: Complete the leadership programme. Measure: certificate. Due: 31/03/2027.").
 * Labels inside the text start each field; a label may instead set a value ("Personal:" → kind personal) and the
 * text after it is the item's main text. Every value remembers the cell of its paragraph.
 */
import type { CellRef } from '../model/cells.js';
import { PLAN_LISTS, type FieldSpec } from '../model/job-plan.js';
import { setValue, type Context } from './extract-context.js';
import { headingOf, normaliseHeading } from './sheet-structure.js';
import { cellAddress, type SheetSnapshot } from './snapshot.js';
import type { ParagraphsSheetMap } from './workbook-map.js';

interface Part {
  readonly label: string;
  readonly field: string;
  /** Set when the label itself is the value (`Personal:` → personal); its text then runs into the main field. */
  readonly value: string | null;
}

function partsOf(sheetMap: ParagraphsSheetMap): Part[] {
  const out: Part[] = [];
  for (const [field, spec] of Object.entries(sheetMap.parts)) {
    if (Array.isArray(spec)) for (const label of spec) out.push({ label, field, value: null });
    else for (const [value, labels] of Object.entries(spec as Record<string, readonly string[]>)) for (const label of labels) out.push({ label, field, value });
  }
  // Longer labels first, so "Due date:" is found before "Due:".
  return out.sort((a, b) => b.label.length - a.label.length);
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The item's fields from its text. */
export function splitParagraph(text: string, parts: readonly Part[], mainField: string): Record<string, string> {
  const pattern = new RegExp(`(?:^|(?<=[\\s.;,]))(${parts.map((p) => escape(p.label.replace(/:?\s*$/, ''))).join('|')})\\s*:`, 'gi');
  const hits: { index: number; end: number; part: Part }[] = [];
  for (const m of text.matchAll(pattern)) {
    const part = parts.find((p) => p.label.replace(/:?\s*$/, '').toLowerCase() === m[1]!.toLowerCase());
    if (part) hits.push({ index: m.index, end: m.index + m[0].length, part });
  }
  const out: Record<string, string> = {};
  const clean = (s: string): string => s.trim().replace(/^[-–:,;\s]+|[.;,\s]+$/g, '').trim();
  const lead = clean(text.slice(0, hits[0]?.index ?? text.length));
  if (lead !== '') out[mainField] = lead;
  hits.forEach((hit, i) => {
    const segment = clean(text.slice(hit.end, hits[i + 1]?.index ?? text.length));
    if (hit.part.value !== null) {
      out[hit.part.field] = hit.part.value;
      if (segment !== '' && out[mainField] === undefined) out[mainField] = segment;
    } else if (segment !== '') out[hit.part.field] = segment;
  });
  return out;
}

/** Reads the paragraphs under the section's heading into its list; returns the rows it used. */
export function readParagraphs(sheet: SheetSnapshot, sheetMap: ParagraphsSheetMap, ctx: Context): { found: boolean; rows: Set<number> } {
  const used = new Set<number>();
  const under = new Set(sheetMap.under.map(normaliseHeading));
  const start = sheet.rows.findIndex((row) => {
    const h = headingOf(row);
    return h !== null && under.has(normaliseHeading(h));
  });
  if (start < 0) return { found: false, rows: used };
  used.add(start);
  const parts = partsOf(sheetMap);
  const mainField = sheetMap.text ?? (sheetMap.list === 'objectives' ? 'objective' : 'activity');
  const rowFields = PLAN_LISTS[sheetMap.list] as Record<string, FieldSpec>;
  const items: Record<string, unknown>[] = [];
  for (let r = start + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    const texts = row.map((v, c) => ({ v, c })).filter((x): x is { v: string; c: number } => typeof x.v === 'string');
    if (row.every((v) => v === null)) continue;
    const longest = texts.sort((a, b) => b.v.length - a.v.length)[0];
    // The next heading (a short line with none of the section's labels in it) or a label ends the section.
    const heading = headingOf(row);
    const hasPart = longest !== undefined && Object.keys(splitParagraph(longest.v, parts, mainField)).some((k) => k !== mainField);
    if (!longest || (heading !== null && !hasPart) || /:\s*$/.test(longest.v)) break;
    used.add(r);
    const ref: CellRef = { sheet: sheet.name, cell: cellAddress(r, longest.c) };
    const index = items.length;
    const record: Record<string, unknown> = {};
    ctx.cells[`${sheetMap.list}[${index}]`] = ref;
    for (const [field, value] of Object.entries(splitParagraph(longest.v, parts, mainField))) {
      const spec = rowFields[field];
      if (!spec) continue;
      ctx.cells[`${sheetMap.list}[${index}].${field}`] = ref;
      setValue(ctx, record, field, value, spec, ref, { translation: `${sheetMap.list}.${field}`, cell: `${sheetMap.list}[${index}].${field}` });
    }
    items.push(record);
  }
  ctx.plan[sheetMap.list] = items;
  ctx.cells[sheetMap.list] = { sheet: sheet.name, cell: cellAddress(start, 0) };
  return { found: true, rows: used };
}
