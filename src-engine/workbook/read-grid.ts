/**
 * A `grid` timetable: days by sessions, an activity per cell (the AM/PM grid of the NHS Employers / BMA template).
 * Days run down a column (`days: rows`) or across a row (`days: columns`; read as the same grid turned on its side).
 * Each cell's category comes from a marker in its text (`Clinic (DCC)`) or the map's values; its frequency from the
 * text (`(1 in 2 weeks)`). Per-day PA columns by category (`DCC PAs`, `SPA PAs`) give the PAs when the grid has
 * them. A grid repeated under `Week 1`, `Week 2` headings is a rota: each block counts 1 in N weeks.
 */
import type { CellRef } from '../model/cells.js';
import { ACTIVITY_FIELDS, CATEGORIES, type Category } from '../model/job-plan.js';
import { parseFrequency } from '../model/frequency.js';
import { coerceCell } from './coerce.js';
import { setValue, type Context } from './extract-context.js';
import { cellAddress, type CellValue, type SheetSnapshot } from './snapshot.js';
import { labelsFor, normaliseLabel, type GridSheetMap } from './workbook-map.js';

const DAYS: readonly [string, RegExp][] = [
  ['Monday', /^mon(day)?\.?$/], ['Tuesday', /^tue(s(day)?)?\.?$/], ['Wednesday', /^wed(nesday)?\.?$/], ['Thursday', /^thu(r(s(day)?)?)?\.?$/],
  ['Friday', /^fri(day)?\.?$/], ['Saturday', /^sat(urday)?\.?$/], ['Sunday', /^sun(day)?\.?$/],
];

export function dayName(value: CellValue): string | null {
  if (typeof value !== 'string') return null;
  const t = normaliseLabel(value).replace(/\s*\(.*\)$/, '');
  return DAYS.find(([, re]) => re.test(t))?.[0] ?? null;
}

/** The grid as rows and columns whichever way it is laid out, with addresses of the real cells. */
export interface GridView {
  readonly rows: number;
  readonly cols: number;
  at(r: number, c: number): CellValue;
  address(r: number, c: number): string;
  /** The sheet cell of a view cell, as `row,col`. */
  key(r: number, c: number): string;
}

export function viewOf(sheet: SheetSnapshot, daysIn: 'rows' | 'columns'): GridView {
  const width = Math.max(0, ...sheet.rows.map((r) => r.length));
  if (daysIn === 'rows') return { rows: sheet.rows.length, cols: width, at: (r, c) => sheet.rows[r]?.[c] ?? null, address: (r, c) => cellAddress(r, c), key: (r, c) => `${r},${c}` };
  return { rows: width, cols: sheet.rows.length, at: (r, c) => sheet.rows[c]?.[r] ?? null, address: (r, c) => cellAddress(c, r), key: (r, c) => `${c},${r}` };
}

interface Block {
  readonly header: number;
  readonly sessions: ReadonlyMap<number, string>;
  readonly categories: ReadonlyMap<number, Category>;
  readonly week: number | null;
}

/** Each category's abbreviation (as a word, in capitals) and its name in words (any case). */
const CATEGORY_MARKERS: readonly [Category, string, RegExp][] = [
  ['DCC', 'DCC', /direct clinical care/i],
  ['SPA', 'SPA', /supporting professional activit/i],
  ['ANR', 'ANR', /additional nhs responsibilit/i],
  ['ED', 'ED', /external dut/i],
  ['Private', 'PP', /private practice/i],
];
/** A cell saying no session is worked ("Non-working day", "Day off", "-"): no activity, no PAs. */
const NO_SESSION = /^(?:non[- ]?working(?: day| session)?|not working|day off|off|no session|not worked|n\/a|-|–|—)$/;
const SEPARATOR = '[\\s()\\[\\]\\-–:,/]';

/** The category a cell's text names (`Clinic (DCC)`, `SPA - audit`), and the text without the marker. */
export function categoryMarker(text: string): { category: Category | null; rest: string } {
  for (const [category, short, words] of CATEGORY_MARKERS) {
    const abbreviation = new RegExp(`(?:^|${SEPARATOR})${short}(?=$|${SEPARATOR})`);
    if (!abbreviation.test(text) && !words.test(text)) continue;
    const rest = text
      .replace(new RegExp(`\\s*[([]\\s*${short}\\s*[)\\]]`), '')
      .replace(new RegExp(`^\\s*${short}\\s*[-–:]\\s*|\\s*[-–:]\\s*${short}\\s*$|\\s+${short}\\s*$`), '')
      .trim();
    return { category, rest: rest === '' ? text : rest };
  }
  return { category: null, rest: text };
}

/** PAs written in a cell's text (`Clinic letters\nDCC 0.5 PA`, `Ward round (1.5 PAs)`), and the text without them. */
export function pasInText(text: string): { pas: number | null; rest: string } {
  const m = /[(\s,;-]*\b(\d{1,2}(?:\.\d{1,2})?)\s*PAs?\b\)?/i.exec(text);
  if (!m) return { pas: null, rest: text };
  const rest = (text.slice(0, m.index) + text.slice(m.index + m[0].length)).replace(/\s{2,}/g, ' ').trim();
  return { pas: Number(m[1]), rest: rest === '' ? text : rest };
}

/** A frequency written in a cell's text (`(1 in 2 weeks)`, `alternate weeks`), and the text without it. */
export function frequencyInText(text: string): { frequency: string | null; rest: string } {
  const patterns = [
    /\(\s*(\d+\s*(?:in|of|\/)\s*\d+)(?:\s*weeks?)?\s*\)/i,
    /\(\s*(alternate weeks|fortnightly|every other week|every \d+ weeks|weekly)\s*\)/i,
    /[-–,]?\s*\b(\d+\s+in\s+\d+)(?:\s*weeks?)?\s*$/i,
    /[-–,]?\s*\b(alternate weeks|fortnightly|every other week|every \d+ weeks)\s*$/i,
  ];
  for (const re of patterns) {
    const m = re.exec(text);
    if (!m) continue;
    const frequency = m[1]!.replace(/\s+/g, ' ').toLowerCase();
    if (!parseFrequency(frequency).ok) continue;
    return { frequency, rest: (text.slice(0, m.index) + text.slice(m.index + m[0].length)).replace(/\s{2,}/g, ' ').trim() };
  }
  return { frequency: null, rest: text };
}

/** Reads the grid into the plan's activities; returns the sheet rows it used (for other readers to skip). */
export function readGrid(sheet: SheetSnapshot, sheetMap: GridSheetMap, ctx: Context): { found: boolean; rows: Set<number> } {
  const daysIn = sheetMap.days ?? 'rows';
  const view = viewOf(sheet, daysIn);
  const sessionLabels = Object.entries(sheetMap.sessions).map(([name, aliases]) => ({ name, labels: labelsFor(aliases, name) }));
  const categoryLabels = Object.entries(sheetMap.category_pas ?? {})
    .filter(([c]) => (CATEGORIES as readonly string[]).includes(c))
    .map(([category, aliases]) => ({ category: category as Category, labels: labelsFor(aliases, `${category} PAs`) }));
  const blocks = findBlocks(view, sessionLabels, categoryLabels);
  const usedRows = new Set<number>();
  const activities: Record<string, unknown>[] = [];
  if (blocks.length === 0) {
    ctx.plan['activities'] = [];
    return { found: false, rows: usedRows };
  }
  const weekBlocks = blocks.length >= 2 && blocks.every((b) => b.week !== null) ? blocks.length : 1;
  if (blocks.length >= 2 && weekBlocks === 1) {
    ctx.diagnostics.push({
      code: 'workbook_grid_repeated',
      severity: 'warning',
      message: `the timetable grid appears ${blocks.length} times on sheet '${sheet.name}' without 'Week 1', 'Week 2' headings; every copy is counted every week. If it is a rota, head each copy 'Week N'`,
      location: { file: ctx.file, sheet: sheet.name, cell: view.address(blocks[1]!.header, 0) },
    });
  }
  const pasPerSession = sheetMap.pas_per_session ?? 1;
  const first = blocks[0]!;
  const headerCols = [...first.sessions.keys(), ...first.categories.keys()];
  ctx.cells['activities'] = { sheet: sheet.name, cell: `${view.address(first.header, Math.min(...headerCols))}:${view.address(first.header, Math.max(...headerCols))}` };
  const add = (fields: Record<string, { value: CellValue; ref: CellRef }>, rowRef: CellRef): void => {
    const index = activities.length;
    const record: Record<string, unknown> = {};
    ctx.cells[`activities[${index}]`] = rowRef;
    for (const [field, { value, ref }] of Object.entries(fields)) {
      ctx.cells[`activities[${index}].${field}`] = ref;
      setValue(ctx, record, field, value, ACTIVITY_FIELDS[field as keyof typeof ACTIVITY_FIELDS], ref, { translation: `activities.${field}`, cell: `activities[${index}].${field}` });
    }
    activities.push(record);
  };
  blocks.forEach((block, b) => {
    const end = b + 1 < blocks.length ? blocks[b + 1]!.header : view.rows;
    const blockFrequency = weekBlocks > 1 ? `1 in ${weekBlocks}` : null;
    const firstSession = Math.min(...block.sessions.keys());
    for (let r = block.header + 1; r < end; r++) {
      let day: string | null = null;
      for (let c = 0; c < firstSession && day === null; c++) day = dayName(view.at(r, c));
      if (day === null) {
        // Rows of the grid end at the first row that names no day (a total, a note); blank rows are passed over.
        const blank = Array.from({ length: view.cols }, (_, c) => view.at(r, c)).every((v) => v === null);
        if (blank) continue;
        break;
      }
      if (daysIn === 'rows') usedRows.add(r);
      const cells: { session: string; text: string; category: Category | null; frequency: string | null; pas: number | null; ref: CellRef }[] = [];
      for (const [c, session] of block.sessions) {
        const raw = view.at(r, c);
        if (typeof raw !== 'string' || NO_SESSION.test(normaliseLabel(raw))) continue;
        const ref = { sheet: sheet.name, cell: view.address(r, c) };
        const freq = frequencyInText(raw);
        const own = pasInText(freq.rest);
        const marked = categoryMarker(own.rest);
        const category = marked.category ?? translatedCategory(ctx, marked.rest) ?? translatedCategory(ctx, raw);
        cells.push({ session, text: marked.rest, category, frequency: combine(blockFrequency, freq.frequency), pas: own.pas, ref });
      }
      const dayRef = { sheet: sheet.name, cell: `${view.address(r, Math.min(...block.sessions.keys(), ...block.categories.keys()))}:${view.address(r, Math.max(...block.sessions.keys(), ...block.categories.keys()))}` };
      if (block.categories.size > 0) {
        // The day's PAs come from its category columns; the session cells name the activities.
        const unmarked = cells.filter((x) => x.category === null);
        let unmarkedGiven = false;
        for (const [c, category] of block.categories) {
          const raw = view.at(r, c);
          const pas = coerceCell(raw, ACTIVITY_FIELDS.pas.type);
          if (raw === null || (pas.ok && (pas.value === null || pas.value === 0))) continue;
          const own = cells.filter((x) => x.category === category);
          const named = own.length > 0 ? own : unmarkedGiven ? [] : unmarked;
          if (own.length === 0) unmarkedGiven = true;
          const text = named.map((x) => x.text).join('; ') || `${category} (${day})`;
          const ref = { sheet: sheet.name, cell: view.address(r, c) };
          add({
            day: { value: day, ref: dayRef },
            session: { value: named.map((x) => x.session).join(', ') || null, ref: named[0]?.ref ?? ref },
            activity: { value: text, ref: named[0]?.ref ?? ref },
            category: { value: category, ref },
            frequency: { value: blockFrequency, ref: named[0]?.ref ?? ref },
            pas: { value: raw, ref },
          }, dayRef);
        }
        continue;
      }
      for (const x of cells) {
        if (x.category === null) {
          ctx.diagnostics.push({
            code: 'workbook_grid_no_category',
            severity: 'warning',
            message: `'${x.text}' has no category, so it counts as neither DCC nor SPA; write it in the cell (e.g. '${x.text} (DCC)') or add the text to the map's values under activities.category`,
            location: { file: ctx.file, sheet: x.ref.sheet, cell: x.ref.cell },
          });
        }
        add({
          day: { value: day, ref: dayRef },
          session: { value: x.session, ref: x.ref },
          activity: { value: x.text, ref: x.ref },
          category: { value: x.category, ref: x.ref },
          frequency: { value: x.frequency, ref: x.ref },
          pas: { value: x.pas ?? pasPerSession, ref: x.ref },
        }, x.ref);
      }
    }
    if (daysIn === 'rows') usedRows.add(block.header);
  });
  ctx.plan['activities'] = activities;
  return { found: true, rows: usedRows };
}

function translatedCategory(ctx: Context, text: string): Category | null {
  const hit = ctx.translations?.get('activities.category')?.get(normaliseLabel(text));
  return typeof hit === 'string' && (CATEGORIES as readonly string[]).includes(hit) ? (hit as Category) : null;
}

/** A week block's `1 in N` and a cell's own frequency together (`1 in 2` within a 2-week rota is `1 in 4`). */
function combine(block: string | null, cell: string | null): string | null {
  if (block === null) return cell;
  if (cell === null) return block;
  const b = parseFrequency(block);
  const c = parseFrequency(cell);
  if (!b.ok || !c.ok) return cell;
  const weight = b.weight * c.weight;
  const n = Math.round(1 / weight);
  return Math.abs(1 / n - weight) < 1e-9 ? `1 in ${n}` : cell;
}

function findBlocks(view: GridView, sessions: readonly { name: string; labels: ReadonlySet<string> }[], categories: readonly { category: Category; labels: ReadonlySet<string> }[]): Block[] {
  const needed = Math.min(2, sessions.length);
  const blocks: Block[] = [];
  for (let r = 0; r < view.rows; r++) {
    const found = new Map<number, string>();
    const cats = new Map<number, Category>();
    for (let c = 0; c < view.cols; c++) {
      const v = view.at(r, c);
      if (typeof v !== 'string') continue;
      const text = normaliseLabel(v);
      const s = sessions.find((x) => x.labels.has(text) && ![...found.values()].includes(x.name));
      if (s) found.set(c, s.name);
      else {
        const k = categories.find((x) => x.labels.has(text) && ![...cats.values()].includes(x.category));
        if (k) cats.set(c, k.category);
      }
    }
    if (found.size < needed) continue;
    // A grid needs a day under its header.
    let hasDay = false;
    const firstSession = Math.min(...found.keys());
    for (let c = 0; c < firstSession && !hasDay; c++) hasDay = dayName(view.at(r + 1, c)) !== null || dayName(view.at(r + 2, c)) !== null;
    if (!hasDay) continue;
    blocks.push({ header: r, sessions: found, categories: cats, week: weekAbove(view, r) });
  }
  return blocks;
}

/** `Week 1` (or `Week 2 of 2`, `Wk 1`) in the three rows above a grid's header, or in its corner cell. */
function weekAbove(view: GridView, header: number): number | null {
  for (let r = header; r >= Math.max(0, header - 3); r--) {
    for (let c = 0; c < Math.min(view.cols, 12); c++) {
      const v = view.at(r, c);
      const m = typeof v === 'string' ? /^\s*(?:week|wk)\s*(\d{1,2})\b/i.exec(v) : null;
      if (m) return Number(m[1]);
    }
  }
  return null;
}
