/**
 * `jobplan map suggest`: proposes a workbook map for a workbook jobplan has never seen. It finds a register's
 * header row, or a single plan's timetable grid, tables (timetable rows, objectives under their sub-headings,
 * additional PAs), label and value pairs (right, below, past hints, sign-off rows with a Date label) and section
 * headings that tell two same-named labels apart; it guesses the Trust's words for statuses and plan types; and
 * it says, for every entry, where it was found and how sure it is, and what it could not find.
 */
import { PLAN_FIELDS, PLAN_LISTS, type PlanFieldName, type PlanListName } from '../../model/job-plan.js';
import { parseCellAddress, RESULTS_SHEET_NAME, type SheetSnapshot, type WorkbookSnapshot } from '../snapshot.js';
import { NOT_FOUND_SHEET, type FieldEntry, type FieldsSheetMap, type GridSheetMap, type RowsSheetMap, type SheetMap, type TableSheetMap, type WorkbookMap } from '../workbook-map.js';
import { findFields, type Confidence, type FoundField } from './find-fields.js';
import { findGrid, type FoundGrid } from './find-grid.js';
import { findParagraphs, type FoundParagraphs } from './find-paragraphs.js';
import { findRegister, type FoundRegister } from './find-register.js';
import { findTables, type FoundTable } from './find-tables.js';
import { guessListValues, guessValues, type ValueGuess } from './guess-values.js';
import { matchField, matchKey } from './match-text.js';
import { LIST_WORDS } from './vocabulary.js';

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

const SIGN_OFF_FIELDS = ['signed_practitioner_date', 'signed_manager_date'] as const;

/** Fewer labels than this, and no timetable or objectives, is not a job plan. */
const MIN_PLAN_FIELDS = 4;

/** What a suggested map reads a missing section with, so its absence is reported ("not judged"), never read as empty. */
const DEFAULT_COLUMNS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  activities: { day: ['Day'], activity: ['Activity'], category: ['Category'], pas: ['PAs'] },
  objectives: { objective: ['Objective'], measure: ['Measure'], due_date: ['Due date'] },
};

export function suggestMap(snapshot: WorkbookSnapshot, options: SuggestOptions): MapSuggestion {
  const extra = knownLabels(options.knownMaps ?? []);
  const withData = snapshot.sheets.filter((s) => s.name.trim().toLowerCase() !== RESULTS_SHEET_NAME && s.rows.some((r) => r.some((v) => v !== null)));
  // A hidden sheet is a template's lookups (drop-down lists, a stray example date), not what the user sees and means:
  // it is left out whenever a visible sheet holds anything, and the map says so.
  const visible = withData.filter((s) => s.state === undefined);
  const sheets = visible.length > 0 ? visible : withData;
  const hiddenNotes = withData.filter((s) => !sheets.includes(s)).map((s) => `'${s.name}' is ${s.state === 'veryHidden' ? 'very hidden' : 'hidden'} in Excel: left out of the map (add it by hand if it holds the plan)`);
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
    if (registers.length > 0) {
      // An activity export (one row per timetabled activity): one practitioner's is one plan, read as such.
      const byActivity = registers.map((r) => ({ ...r, activities: activityColumns(r.sheet, r.found) })).find((r) => r.activities !== null);
      if (byActivity?.activities) {
        const people = practitionersOf(byActivity.sheet, byActivity.found);
        if (people === 1) return withNotes(suggestActivityExport(byActivity.sheet, byActivity.found, byActivity.activities, options), hiddenNotes);
        return withNotes(suggestRegister(registers, options), [...hiddenNotes, `'${byActivity.sheet.name}' lists one row per activity of ${people} practitioners: jobplan reads one plan per row or per sheet, so reading it refuses the sheet rather than judge each activity as a plan; export one row per job plan, or one file per practitioner`]);
      }
      return withNotes(suggestRegister(registers, options), hiddenNotes);
    }
  }
  return withNotes(suggestPlan(sheets, grids, tables, paragraphs, extra, options), hiddenNotes);
}

function withNotes(suggestion: MapSuggestion, notes: readonly string[]): MapSuggestion {
  return notes.length === 0 ? suggestion : { ...suggestion, notes: [...notes, ...suggestion.notes] };
}

/** A register's header columns that are a timetable's (Day, Session, Activity, Activity Type, PAs), if it has an activity column and one more. */
function activityColumns(sheet: SheetSnapshot, found: FoundRegister): Map<string, string> | null {
  const taken = new Set(found.columns.map((c) => parseCellAddress(c.cell)?.col));
  const out = new Map<string, string>();
  (sheet.rows[found.headerRow] ?? []).forEach((v, c) => {
    if (typeof v !== 'string' || taken.has(c)) return;
    const hit = matchField(v, LIST_WORDS['activities']!).find((m) => m.strength >= 3 && !out.has(m.field));
    if (hit) out.set(hit.field, v.trim());
  });
  return out.has('activity') && (out.has('day') || out.has('session')) && (out.has('pas') || out.has('hours')) ? out : null;
}

/** How many practitioners an activity export holds: distinct names (or staff numbers) under its header. */
function practitionersOf(sheet: SheetSnapshot, found: FoundRegister): number {
  const who = found.columns.find((c) => c.field === 'employee_number') ?? found.columns.find((c) => c.field === 'practitioner_name');
  if (!who) return 0;
  const col = parseCellAddress(who.cell)!.col;
  const names = new Set<string>();
  for (let r = found.headerRow + 1; r < sheet.rows.length; r++) {
    const v = sheet.rows[r]?.[col];
    if (v !== null && v !== undefined) names.add(String(v).trim().toLowerCase());
  }
  return names.size;
}

/**
 * One practitioner's activity export as one plan: each plan column read from the first row under its header (the
 * same on every row), the activity columns as the timetable.
 */
function suggestActivityExport(sheet: SheetSnapshot, found: FoundRegister, activities: ReadonlyMap<string, string>, options: SuggestOptions): MapSuggestion {
  const comments = new Map<string, string>();
  const fields: Record<string, FieldEntry> = {};
  for (const c of found.columns) {
    fields[c.field] = { labels: [c.header], value: { below: 1 } };
    comments.set(`sheets.0.fields.${c.field}`, `${c.cell}, the row under it (${c.confidence})`);
  }
  const fieldsMap: FieldsSheetMap = { sheet: sheet.name, required: true, kind: 'fields', fields };
  comments.set('sheets.0', `one row per activity of one practitioner: the plan's columns are read from the first row under the header (row ${found.headerRow + 1})`);
  const table: TableSheetMap = { sheet: sheet.name, kind: 'table', list: 'activities', columns: Object.fromEntries([...activities].map(([field, text]) => [field, [text]])) };
  comments.set('sheets.1', `the timetable: one activity a row, ${found.dataRows} rows`);
  const values = [...found.columns.flatMap((c) => guessValues(c.field, c.values.slice(0, 1)))];
  const map: WorkbookMap = { map: options.id, title: `${sheet.name}: one practitioner's job plan, one activity per row (suggested by jobplan map suggest)`, version: 1, ...valuesOf(values), sheets: [fieldsMap, table] };
  const foundFields = [...found.columns.map((c) => ({ field: c.field, where: `'${sheet.name}'!${c.cell}`, confidence: c.confidence })), { field: 'activities', where: `'${sheet.name}'!A${found.headerRow + 1}`, confidence: 'likely' as Confidence }];
  const missing: string[] = [...KEY_FIELDS.filter((f) => !found.columns.some((c) => c.field === f)), 'objectives'];
  comments.set('sheets.2', 'NOT FOUND: an activity export holds no objectives; the rules that need them will say "not judged"');
  // Nor statements: described with their usual labels, so reading finds none and says they are not known.
  const statements = (['private_practice_statement', 'external_duties_statement', 'managerial_responsibilities', 'supporting_resources', 'on_call_rota'] as const).filter((f) => !(f in fields));
  comments.set('sheets.3', 'NOT FOUND: an activity export holds no statements or on-call answer (described as a Statements sheet it does not have); the rules that need them will say "not judged"');
  const withObjectives: WorkbookMap = {
    ...map,
    sheets: [...map.sheets, { sheet: sheet.name, kind: 'table', list: 'objectives', columns: DEFAULT_COLUMNS['objectives']! }, { sheet: 'Statements', kind: 'fields', fields: Object.fromEntries(statements.map((f) => [f, [PLAN_FIELDS[f].label]])) }],
  };
  return { map: withObjectives, kind: 'plan', comments, found: foundFields, missing, values, notes: [] };
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
  // Sign-off the form does not show (signatures ticked Yes/No, a signature box without dates): described on a sheet
  // the workbook does not have, so reading says the dates are not known and the sign-off rules are not judged,
  // rather than finding a plan "not signed" that may well be.
  const unsigned = SIGN_OFF_FIELDS.filter((f) => !seen.has(f));
  if (unsigned.length > 0) {
    comments.set(`sheets.${sheetMaps.length}`, `NOT FOUND: no ${unsigned.map((f) => PLAN_FIELDS[f].label.toLowerCase()).join(' or ')} date was recognised; the sign-off rules will say "not judged". Describe where the dates are (sheet and label) if the workbook has them`);
    sheetMaps.push({ sheet: NOT_FOUND_SHEET, kind: 'fields', fields: Object.fromEntries(unsigned.map((f) => [f, [PLAN_FIELDS[f].label]])) });
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
