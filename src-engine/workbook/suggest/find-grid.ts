/**
 * Finds a timetable laid out as a grid: a header row of sessions (AM / PM, Morning, `09:00-13:00`) with days under
 * it (days in rows), or the same turned on its side (days across, sessions down). Per-day PA columns by category
 * (`DCC PAs`, `SPA`) in the header row are found too.
 */
import { CATEGORIES, type Category } from '../../model/job-plan.js';
import { dayName, viewOf, type GridView } from '../read-grid.js';
import type { SheetSnapshot } from '../snapshot.js';
import { keyWithoutBrackets } from './match-text.js';
import { sessionName } from './vocabulary.js';

export interface FoundGrid {
  readonly days: 'rows' | 'columns';
  /** Session name → the header texts naming it. */
  readonly sessions: ReadonlyMap<string, readonly string[]>;
  readonly categoryPas: ReadonlyMap<Category, readonly string[]>;
  /** Sheet cells the grid covers (`r,c`), so no other finder reads them. */
  readonly cells: ReadonlySet<string>;
  /** Sheet rows the grid covers (days in rows), for tables and labels to skip. */
  readonly rows: ReadonlySet<number>;
  readonly headerCell: string;
  readonly blocks: number;
  readonly activityCells: number;
}

const CATEGORY_HEADERS: readonly [Category, RegExp][] = [
  ['DCC', /^(dcc|direct clinical care)( pas?| sessions| pa s)?$/],
  ['SPA', /^(spa|supporting professional activities?)( pas?| sessions| pa s)?$/],
  ['ANR', /^(anr|additional nhs responsibilit(y|ies)|other nhs)( pas?| sessions)?$/],
  ['ED', /^(ed|external dut(y|ies))( pas?| sessions)?$/],
];

/** The category a header names when its column holds that category's PAs (`DCC PAs`, `SPA`). */
export function categoryHeader(text: string): Category | null {
  const key = keyWithoutBrackets(text);
  return CATEGORY_HEADERS.find(([, re]) => re.test(key))?.[0] ?? null;
}

/** The grid on this sheet, either way round (the one with more activity cells), or null. */
export function findGrid(sheet: SheetSnapshot): FoundGrid | null {
  const inRows = findIn(viewOf(sheet, 'rows'), 'rows');
  const inColumns = findIn(viewOf(sheet, 'columns'), 'columns');
  if (inRows && inColumns) return inRows.activityCells >= inColumns.activityCells ? inRows : inColumns;
  return inRows ?? inColumns;
}

function findIn(view: GridView, days: 'rows' | 'columns'): FoundGrid | null {
  const sessions = new Map<string, string[]>();
  const categoryPas = new Map<Category, string[]>();
  const cells = new Set<string>();
  const rows = new Set<number>();
  let headerCell: string | null = null;
  let blocks = 0;
  let activityCells = 0;
  for (let r = 0; r < view.rows; r++) {
    const found = new Map<number, string>();
    const cats = new Map<number, Category>();
    for (let c = 0; c < view.cols; c++) {
      const v = view.at(r, c);
      if (typeof v !== 'string') continue;
      const name = sessionName(v);
      if (name !== null) found.set(c, name);
      else {
        const category = categoryHeader(v);
        if (category !== null) cats.set(c, category);
      }
    }
    if (found.size < 2) continue;
    // Category PA columns belong to the header only when they run on from its sessions without a gap.
    let runEnd = Math.max(...found.keys());
    while (runEnd + 1 < view.cols && view.at(r, runEnd + 1) !== null) runEnd += 1;
    for (const c of [...cats.keys()]) if (c < Math.min(...found.keys()) || c > runEnd) cats.delete(c);
    const first = Math.min(...found.keys());
    let dayCol = -1;
    for (let c = 0; c < first && dayCol < 0; c++) if (dayName(view.at(r + 1, c)) !== null || dayName(view.at(r + 2, c)) !== null) dayCol = c;
    if (dayCol < 0) continue;
    blocks += 1;
    headerCell ??= view.address(r, first);
    // Two headers of the same kind (two morning slots) keep their own texts as names.
    const names = new Map<number, string>();
    const counts = new Map<string, number>();
    for (const name of found.values()) counts.set(name, (counts.get(name) ?? 0) + 1);
    for (const [c, name] of found) names.set(c, (counts.get(name) ?? 0) > 1 ? String(view.at(r, c)).trim() : name);
    for (const [c, name] of names) {
      const text = String(view.at(r, c)).trim();
      const list = sessions.get(name) ?? [];
      if (!list.includes(text)) list.push(text);
      sessions.set(name, list);
    }
    for (const [c, category] of cats) {
      const text = String(view.at(r, c)).trim();
      const list = categoryPas.get(category) ?? [];
      if (!list.includes(text)) list.push(text);
      categoryPas.set(category, list);
    }
    // The grid's cells: from the day column to the header's last text (a Location column included), nothing beside.
    let lastCol = Math.max(...found.keys(), ...cats.keys());
    while (lastCol + 1 < view.cols && view.at(r, lastCol + 1) !== null) lastCol += 1;
    const claim = (row: number): void => {
      for (let c = dayCol; c <= lastCol; c++) cells.add(view.key(row, c));
      if (days === 'rows') rows.add(row);
    };
    claim(r);
    for (let k = r + 1; k < view.rows; k++) {
      if (dayName(view.at(k, dayCol)) === null) {
        const blank = Array.from({ length: view.cols }, (_, c) => view.at(k, c)).every((v) => v === null);
        if (blank) continue;
        break;
      }
      claim(k);
      for (const c of found.keys()) if (typeof view.at(k, c) === 'string') activityCells += 1;
      r = k;
    }
  }
  if (blocks === 0 || headerCell === null) return null;
  return { days, sessions, categoryPas: new Map([...categoryPas].filter(([c]) => (CATEGORIES as readonly string[]).includes(c))), cells, rows, headerCell, blocks, activityCells };
}
