/**
 * `jobplan map suggest`: proposes a workbook map for a workbook jobplan has never seen. It finds a register's
 * header row, or a single plan's timetable grid, tables (timetable rows, objectives under their sub-headings,
 * additional PAs), label and value pairs (right, below, past hints, sign-off rows with a Date label) and section
 * headings that tell two same-named labels apart; it guesses the Trust's words for statuses and plan types; and
 * it says, for every entry, where it was found and how sure it is, and what it could not find.
 */
import { PLAN_LISTS, type PlanFieldName, type PlanListName } from '../../model/job-plan.js';
import { parseCellAddress, RESULTS_SHEET_NAME, type SheetSnapshot, type WorkbookSnapshot } from '../snapshot.js';
import type { FieldEntry, FieldsSheetMap, GridSheetMap, RowsSheetMap, SheetMap, TableSheetMap, WorkbookMap } from '../workbook-map.js';
import { findFields, type Confidence, type FoundField } from './find-fields.js';
import { findGrid, type FoundGrid } from './find-grid.js';
import { findParagraphs, type FoundParagraphs } from './find-paragraphs.js';
import { findRegister, type FoundRegister } from './find-register.js';
import { findTables, type FoundTable } from './find-tables.js';
import { guessListValues, guessValues, type ValueGuess } from './guess-values.js';
import { matchKey } from './match-text.js';

export interface SuggestOptions {
  /** The map's id (kebab-case). */
  readonly id: string;
  /** Maps the Trust already has: their labels and headers are known words too. */
  readonly knownMaps?: readonly WorkbookMap[];
}

/** One line of explanation for a part of the map, keyed by its path (`sheets.0`, `sheets.0.fields.grade`). */
export type MapComments = ReadonlyMap<string, string>;

export interface MapSuggestion {
  readonly map: WorkbookMap;
  readonly kind: 'plan' | 'register';
  readonly comments: MapComments;
  /** Model fields found (with their cell), for the summary. */
  readonly found: readonly { readonly field: string; readonly where: string; readonly confidence: Confidence }[];
  /** Fields and sections the rules use that the workbook did not show. */
  readonly missing: readonly string[];
  /** Values the map translates, and any it could not. */
  readonly values: readonly ValueGuess[];
  readonly notes: readonly string[];
}

/** The fields a plan's rules most depend on: reported when the workbook does not show them. */
const KEY_FIELDS: readonly PlanFieldName[] = [
  'practitioner_name', 'grade', 'organisation', 'specialty', 'contracted_pas', 'plan_kind', 'status', 'meeting_date', 'start_date',
  'review_date', 'signed_practitioner_date', 'signed_manager_date', 'contract_start_date', 'on_call_rota', 'private_practice_statement',
  'external_duties_statement', 'managerial_responsibilities', 'supporting_resources',
];
const REGISTER_KEY_FIELDS: readonly PlanFieldName[] = [
  'practitioner_name', 'grade', 'organisation', 'specialty', 'contracted_pas', 'status', 'meeting_date', 'signed_practitioner_date',
  'signed_manager_date', 'review_date', 'declared_dcc_pas', 'declared_spa_pas',
];

/** Fewer labels than this, and no timetable or objectives, is not a job plan. */
const MIN_PLAN_FIELDS = 4;

/** What a suggested map reads a missing section with, so its absence is reported ("not judged"), never read as empty. */
const DEFAULT_COLUMNS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  activities: { day: ['Day'], activity: ['Activity'], category: ['Category'], pas: ['PAs'] },
  objectives: { objective: ['Objective'], measure: ['Measure'], due_date: ['Due date'] },
};

export function suggestMap(snapshot: WorkbookSnapshot, options: SuggestOptions): MapSuggestion {
  const extra = knownLabels(options.knownMaps ?? []);
  const sheets = snapshot.sheets.filter((s) => s.name.trim().toLowerCase() !== RESULTS_SHEET_NAME && s.rows.some((r) => r.some((v) => v !== null)));
  const grids = new Map<SheetSnapshot, FoundGrid>();
  const tables = new Map<SheetSnapshot, FoundTable[]>();
  const paragraphs = new Map<SheetSnapshot, FoundParagraphs>();
  for (const sheet of sheets) {
    const grid = findGrid(sheet);
    if (grid) grids.set(sheet, grid);
    const found = findTables(sheet, grid?.rows ?? new Set()).filter((t) => !grid || !t.rows.has(t.headerRow) || ![...t.rows].some((r) => grid.rows.has(r)));
    tables.set(sheet, found);
    if (!found.some((t) => t.list === 'objectives')) {
      const taken = new Set<number>([...(grid?.rows ?? []), ...found.flatMap((t) => [...t.rows])]);
      const p = findParagraphs(sheet, taken);
      if (p) paragraphs.set(sheet, p);
    }
  }
  const planSections = grids.size > 0 || paragraphs.size > 0 || [...tables.values()].some((list) => list.some((t) => t.list === 'activities' || t.list === 'objectives'));
  if (!planSections) {
    const registers = sheets.map((sheet) => ({ sheet, found: findRegister(sheet, extra) })).filter((x): x is { sheet: SheetSnapshot; found: FoundRegister } => x.found !== null);
    if (registers.length > 0) return suggestRegister(registers, options);
  }
  return suggestPlan(sheets, grids, tables, paragraphs, extra, options);
}

function knownLabels(maps: readonly WorkbookMap[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (field: string, labels: readonly string[]): void => {
    const set = out.get(field) ?? new Set<string>();
    for (const l of labels) set.add(matchKey(l));
    out.set(field, set);
  };
  for (const map of maps) {
    for (const sheet of map.sheets) {
      if (sheet.kind === 'fields') for (const [field, entry] of Object.entries(sheet.fields)) if (entry) add(field, Array.isArray(entry) ? entry : (entry as { labels: readonly string[] }).labels);
      if (sheet.kind === 'rows') for (const [field, labels] of Object.entries(sheet.columns)) add(field, labels);
    }
  }
  return out;
}

function suggestRegister(registers: readonly { sheet: SheetSnapshot; found: FoundRegister }[], options: SuggestOptions): MapSuggestion {
  // The sheet whose header names the most fields is the register; others (a summary, a lookup) are left out.
  const best = [...registers].sort((a, b) => b.found.columns.length - a.found.columns.length)[0]!;
  const { sheet, found } = best;
  const comments = new Map<string, string>();
  const columns: Record<string, readonly string[]> = {};
  for (const c of found.columns) {
    columns[c.field] = [c.header];
    comments.set(`sheets.0.columns.${c.field}`, `${c.cell}, ${found.dataRows} rows (${c.confidence})${c.note ? `: ${c.note}` : ''}`);
  }
  const sheetMap: RowsSheetMap = { sheet: sheet.name, required: true, kind: 'rows', columns };
  comments.set('sheets.0', `header row ${found.headerRow + 1} of '${sheet.name}', ${found.dataRows} rows of plans; any sheet whose header names four of these columns is read too (another month's export on Sheet1, a .csv)`);
  if (found.unmatched.length > 0) comments.set('sheets.0.unmatched', `columns not used: ${found.unmatched.map((t) => `'${t}'`).join(', ')}`);
  const values = found.columns.flatMap((c) => guessValues(c.field, c.values));
  const map: WorkbookMap = { map: options.id, title: `${sheet.name}: a register, one job plan per row (suggested by jobplan map suggest)`, version: 1, ...valuesOf(values), sheets: [sheetMap] };
  const foundFields = found.columns.map((c) => ({ field: c.field, where: `'${sheet.name}'!${c.cell}`, confidence: c.confidence }));
  const missing = REGISTER_KEY_FIELDS.filter((f) => !found.columns.some((c) => c.field === f));
  const notes = registers.length > 1 ? [`other sheets also look like registers (${registers.filter((r) => r !== best).map((r) => `'${r.sheet.name}'`).join(', ')}); '${sheet.name}' names the most fields`] : [];
  return { map, kind: 'register', comments, found: foundFields, missing, values, notes };
}

function suggestPlan(sheets: readonly SheetSnapshot[], grids: ReadonlyMap<SheetSnapshot, FoundGrid>, tables: ReadonlyMap<SheetSnapshot, FoundTable[]>, paragraphs: ReadonlyMap<SheetSnapshot, FoundParagraphs>, extra: ReadonlyMap<string, ReadonlySet<string>>, options: SuggestOptions): MapSuggestion {
  const comments = new Map<string, string>();
  const notes: string[] = [];
  const perSheet = new Map<SheetSnapshot, FoundField[]>();
  const seen = new Map<string, { sheet: SheetSnapshot; field: FoundField }>();
  const rank: Record<Confidence, number> = { sure: 3, likely: 2, check: 1 };
  for (const sheet of sheets) {
    const taken = new Set<string>();
    const grid = grids.get(sheet);
    for (const k of grid?.cells ?? []) taken.add(k);
    for (const t of tables.get(sheet) ?? []) for (const r of t.rows) for (let c = 0; c < (sheet.rows[r]?.length ?? 0); c++) taken.add(`${r},${c}`);
    for (const r of paragraphs.get(sheet)?.rows ?? []) for (let c = 0; c < (sheet.rows[r]?.length ?? 0); c++) taken.add(`${r},${c}`);
    const { fields, notes: sheetNotes } = findFields(sheet, taken, extra);
    notes.push(...sheetNotes.map((n) => `'${sheet.name}'!${n}`));
    for (const f of fields) {
      const before = seen.get(f.field);
      if (before && rank[before.field.confidence] >= rank[f.confidence]) continue;
      seen.set(f.field, { sheet, field: f });
    }
  }
  for (const { sheet, field } of seen.values()) perSheet.set(sheet, [...(perSheet.get(sheet) ?? []), field]);

  const mainSheet = [...perSheet.entries()].sort((a, b) => b[1].length - a[1].length)[0]?.[0] ?? sheets[0];
  const sheetMaps: SheetMap[] = [];
  const values: ValueGuess[] = [];
  const found: { field: string; where: string; confidence: Confidence }[] = [];
  let hasTimetable = false;
  let hasObjectives = false;
  for (const sheet of sheets) {
    const fields = perSheet.get(sheet) ?? [];
    const index = (): number => sheetMaps.length;
    if (fields.length > 0) {
      const i = index();
      const entries: Record<string, FieldEntry> = {};
      for (const f of fields.sort((a, b) => cellOrder(a.labelCell) - cellOrder(b.labelCell))) {
        const plain = f.position === 'right' && f.section === null;
        entries[f.field] = plain ? [f.label] : { labels: [f.label], ...(f.position !== 'right' ? { value: f.position } : {}), ...(f.section ? { section: [f.section] } : {}) };
        const shown = f.value === null ? 'blank' : `'${shorten(String(f.value))}'`;
        comments.set(`sheets.${i}.fields.${f.field}`, `${f.labelCell} → ${f.valueCell} ${shown} (${f.confidence})${f.note ? `: ${f.note}` : ''}`);
        found.push({ field: f.field, where: `'${sheet.name}'!${f.valueCell}`, confidence: f.confidence });
        values.push(...guessValues(f.field, [f.value]));
        if (f.inverted) values.push(...['Yes', 'Y', 'No', 'N'].map((text) => ({ field: f.field, text, value: text.startsWith('N') })));
      }
      const map: FieldsSheetMap = { sheet: sheet.name, ...(sheet === mainSheet ? { required: true } : {}), kind: 'fields', fields: entries };
      sheetMaps.push(map);
      comments.set(`sheets.${i}`, `${fields.length} label${fields.length === 1 ? '' : 's'} with ${fields.length === 1 ? 'its value' : 'their values'}`);
    }
    const grid = grids.get(sheet);
    if (grid) {
      const i = index();
      const map: GridSheetMap = {
        sheet: sheet.name, kind: 'grid', list: 'activities', ...(grid.days === 'columns' ? { days: 'columns' as const } : {}),
        sessions: Object.fromEntries(grid.sessions),
        ...(grid.categoryPas.size > 0 ? { category_pas: Object.fromEntries(grid.categoryPas) } : {}),
      };
      sheetMaps.push(map);
      hasTimetable = true;
      comments.set(`sheets.${i}`, `a timetable grid at ${grid.headerCell}, days ${grid.days === 'rows' ? 'down a column' : 'across a row'}${grid.blocks > 1 ? `, ${grid.blocks} week blocks (a rota: each counts 1 in ${grid.blocks})` : ''}, ${grid.activityCells} session cells${grid.categoryPas.size > 0 ? '; PAs from the category columns' : '; one PA a session unless the text says otherwise'}`);
      found.push({ field: 'activities', where: `'${sheet.name}'!${grid.headerCell}`, confidence: 'sure' });
    }
    for (const t of tables.get(sheet) ?? []) {
      const i = index();
      const list = t.list as PlanListName;
      const map: TableSheetMap = {
        sheet: sheet.name, kind: 'table', list,
        columns: Object.fromEntries([...t.columns].filter(([field]) => field in PLAN_LISTS[list]).map(([field, text]) => [field, [text]])),
        ...(t.sections.size > 0 ? { sections: { kind: Object.fromEntries(t.sections) } } : {}),
        ...(t.categoryPas.size > 0 ? { category_pas: Object.fromEntries([...t.categoryPas].map(([c, text]) => [c, [text]])) } : {}),
      };
      if (sheetMaps.some((m) => m.kind === 'table' && m.sheet === sheet.name && m.list === list)) {
        notes.push(`'${sheet.name}'!${t.headerCell}: a second ${list} table on the sheet is not in the map (only the first is read)`);
        continue;
      }
      sheetMaps.push(map);
      for (const [field, column] of t.values) values.push(...guessListValues(list, field, column));
      if (list === 'activities') hasTimetable = true;
      if (list === 'objectives') hasObjectives = true;
      comments.set(`sheets.${i}`, `a ${list.replace('_', ' ')} table, header at ${t.headerCell}, ${t.dataRows} row${t.dataRows === 1 ? '' : 's'}${t.sections.size > 0 ? `; sub-headings set the kind (${[...t.sections.values()].flat().map((s) => `'${s}'`).join(', ')})` : ''}`);
      found.push({ field: list, where: `'${sheet.name}'!${t.headerCell}`, confidence: 'sure' });
    }
  }
  // A few stray matches on a sheet with no timetable or objectives is not a job plan (a budget, a rota).
  if (!hasTimetable && !hasObjectives && seen.size < MIN_PLAN_FIELDS) {
    return { map: { map: options.id, version: 1, sheets: sheetMaps }, kind: 'plan', comments, found: [], missing: [...KEY_FIELDS], values: [], notes };
  }
  for (const sheet of sheets) {
    const p = paragraphs.get(sheet);
    if (!p) continue;
    comments.set(`sheets.${sheetMaps.length}`, `objectives written one paragraph each under '${p.headingText}' (${p.headingCell}), ${p.items} item${p.items === 1 ? '' : 's'}; the labels inside the text start each part`);
    sheetMaps.push({ sheet: sheet.name, kind: 'paragraphs', list: 'objectives', under: [p.headingText], parts: p.parts });
    hasObjectives = true;
    found.push({ field: 'objectives', where: `'${sheet.name}'!${p.headingCell}`, confidence: 'likely' });
  }
  const missing: string[] = KEY_FIELDS.filter((f) => !seen.has(f));
  // A section the workbook does not show is still described, so reading it says "not found" and the rules that need
  // it are not judged, rather than judging an empty timetable or no objectives.
  const home = mainSheet?.name ?? 'Sheet1';
  if (!hasTimetable) {
    comments.set(`sheets.${sheetMaps.length}`, 'NOT FOUND: no timetable (grid or table) was recognised; the rules that need it will say "not judged". Describe it here if the workbook has one');
    sheetMaps.push({ sheet: home, kind: 'table', list: 'activities', columns: DEFAULT_COLUMNS['activities']! });
    missing.push('timetable');
  }
  if (!hasObjectives) {
    comments.set(`sheets.${sheetMaps.length}`, 'NOT FOUND: no objectives table was recognised; the rules that need objectives will say "not judged". Describe it here if the workbook has one');
    sheetMaps.push({ sheet: home, kind: 'table', list: 'objectives', columns: DEFAULT_COLUMNS['objectives']! });
    missing.push('objectives');
  }
  const title = sheets.length > 0 ? `${sheets.map((s) => s.name).join(', ')}: one job plan (suggested by jobplan map suggest)` : 'suggested map';
  const map: WorkbookMap = { map: options.id, title, version: 1, ...valuesOf(values), sheets: sheetMaps };
  return { map, kind: 'plan', comments, found, missing, values, notes };
}

function valuesOf(guesses: readonly ValueGuess[]): Pick<WorkbookMap, 'values'> {
  const out: Record<string, Record<string, string | boolean>> = {};
  for (const g of guesses) {
    if (g.value === null) continue;
    (out[g.field] ??= {})[g.text] = g.value;
  }
  return Object.keys(out).length > 0 ? { values: out } : {};
}

/** Reading order of a cell address: row, then column. */
function cellOrder(address: string): number {
  const at = parseCellAddress(address);
  return at ? at.row * 20000 + at.col : 0;
}

function shorten(text: string): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length > 40 ? `${t.slice(0, 37)}…` : t;
}
