/**
 * Turns the files a user names into job plans for the core: `.xlsx` workbooks through the exceljs reader and
 * a workbook map, `.csv` and tab-separated registers through the CSV reader (a workbook of one sheet, then the
 * same path as a workbook), `.json` files holding one plan or a list of plans. Problems become diagnostics that
 * name the file and the cell or line; nothing here writes to the user's files.
 *
 * A workbook is either one job plan (the job plan template's sheets) or a register of plans (one per row). Unless a
 * map is forced, each workbook's sheet names decide: a `Register`-like sheet (workbook-maps/register.yaml) makes it
 * a register, anything else is read with the single-plan map. Big files are read with the streaming reader
 * (read-workbook.ts decides by size). A CSV is always a register (read-csv.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PlanInput } from '../evaluate/evaluate.js';
import { checkJobPlan } from '../model/check-plan.js';
import type { JobPlan } from '../model/job-plan.js';
import { plansFromWorkbook, type MapChoice, type WorkbookPlans } from '../workbook/plans-from-workbook.js';
import type { WorkbookSnapshot } from '../workbook/snapshot.js';
import { isRegisterMap, parseWorkbookMap, type WorkbookMap } from '../workbook/workbook-map.js';
import { pointerToPath } from '../yaml/yaml-document.js';
import { INPUT_LIMITS } from '../workbook/input-limits.js';
import { readInputFileSync } from './input-file.js';
import { displayPath } from './load-policy-files.js';
import { packageRoot } from './package-root.js';
import { parseJsonBytes } from './json-text.js';
import { readCsvFile } from './read-csv.js';
import { readWorkbookFile, type ReadWorkbookResult } from './read-workbook.js';

export interface ReadPlansResult {
  readonly plans: PlanInput[];
  /** Problems that stopped a whole file from being read, and problems of a register workbook as a whole. */
  readonly diagnostics: Diagnostic[];
  /** The files read, for the report. */
  readonly files: string[];
  /** The ids of the workbook maps actually used (`jobplan-template`, `jobplan-register`, or a forced map's), in first-use order. */
  readonly mapsUsed: string[];
}

export interface ReadPlansOptions {
  /**
   * Choose the map per workbook by its sheet names: the register map for a workbook with a register sheet, `map`
   * otherwise. Default: true when `map` is the shipped single-plan map (`map: jobplan-template`), i.e. no --map
   * was given; a map of the user's own is always used as given. Pass false when `--map` names the shipped file.
   */
  readonly autoSelectMap?: boolean;
  /** The register map for auto-selection (default: workbook-maps/register.yaml shipped with jobplan). */
  readonly registerMap?: WorkbookMap;
  /** The maps auto-selection chooses from by fit (default: every map in workbook-maps/). */
  readonly candidates?: readonly WorkbookMap[];
}

/** The id of the shipped single-plan map: the one auto-selection may swap for the register map. */
export const SINGLE_PLAN_MAP_ID = 'jobplan-template';

export const defaultRegisterMapPath = (): string => join(packageRoot(), 'workbook-maps', 'register.yaml');

let shippedRegisterMap: WorkbookMap | undefined;

/** The shipped register map (parsed once). Its problems are jobplan's bugs, so they throw. */
export function loadRegisterMap(): WorkbookMap {
  if (shippedRegisterMap) return shippedRegisterMap;
  const loaded = loadWorkbookMap(defaultRegisterMapPath());
  if (!loaded.map) throw new Error(`internal: the shipped register map is broken: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  shippedRegisterMap = loaded.map;
  return loaded.map;
}

export function loadWorkbookMap(path: string): { map: WorkbookMap | null; diagnostics: Diagnostic[] } {
  const read = readInputFileSync(path, { maxBytes: INPUT_LIMITS.yamlFileBytes, what: 'a workbook map', whenTooLarge: 'a map is a short YAML file: check that this is the map you meant' });
  if (!read.ok) return { map: null, diagnostics: [{ code: read.problem === 'not_found' ? 'map_not_found' : 'map_unreadable', severity: 'error', message: `cannot read the workbook map: ${read.message}` }] };
  return parseWorkbookMap(read.bytes.toString('utf8'), displayPath(path));
}

/** What a folder run reads: workbooks, CSV and tab-separated registers, JSON plans. (`.txt` only when named.) */
const FOLDER_EXTENSIONS = /\.(xlsx|xlsm|csv|tsv|tab|json)$/i;
const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.xlsm']);
/** Read as delimited text: `.txt` too, but only when named (Excel's "Text (Tab delimited)" and "Unicode Text"). */
const TEXT_EXTENSIONS = new Set(['.csv', '.tsv', '.tab', '.txt']);
const SAVE_AS_XLSX = 'save it as an Excel Workbook (.xlsx)';
/** Files listed per folder in the "skipped" note before the rest are counted. */
const SKIPPED_LISTED = 20;

/**
 * Expands folders into the workbooks, CSV registers and JSON plans inside them (not recursing: folders inside are
 * left alone). Every other file (Excel's ~$ lock files, .docx, .ods …) is skipped and named, with why, in one info
 * per folder.
 */
export function expandInputs(paths: readonly string[]): { files: string[]; diagnostics: Diagnostic[] } {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      diagnostics.push({ code: 'input_not_found', severity: 'error', message: `${path} does not exist` });
      continue;
    }
    if (!isDir) {
      files.push(path);
      continue;
    }
    const inside: string[] = [];
    const skipped: string[] = [];
    let entries;
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch (e) {
      diagnostics.push({ code: 'input_unreadable', severity: 'error', message: `cannot read the folder ${displayPath(path)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check its permissions` });
      continue;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.isDirectory()) continue;
      const why = skipReason(entry.name);
      if (why === null) inside.push(join(path, entry.name));
      else skipped.push(why === '' ? entry.name : `${entry.name} (${why})`);
    }
    if (inside.length === 0) diagnostics.push({ code: 'input_empty_folder', severity: 'warning', message: `${path} holds no .xlsx, .csv or .json files` });
    if (skipped.length > 0) {
      const listed = skipped.slice(0, SKIPPED_LISTED).join(', ') + (skipped.length > SKIPPED_LISTED ? ` and ${skipped.length - SKIPPED_LISTED} more` : '');
      diagnostics.push({ code: 'input_skipped', severity: 'info', message: `${displayPath(path)}: skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'} jobplan does not read: ${listed}` });
    }
    files.push(...inside);
  }
  return { files, diagnostics };
}

/** Null when a folder run reads the entry; otherwise why it is skipped ('' when the name says enough). */
function skipReason(name: string): string | null {
  if (name.startsWith('~$')) return /\.xl[a-z]*$/i.test(name) ? "Excel's lock file" : 'an Office lock file';
  if (name.startsWith('.~lock.')) return "LibreOffice's lock file";
  if (FOLDER_EXTENSIONS.test(name)) return null;
  const ext = extname(name).toLowerCase();
  if (ext === '.xls' || ext === '.xlsb' || ext === '.ods') return SAVE_AS_XLSX;
  if (ext === '.txt') return 'name it to read it as tab-separated text';
  return '';
}

export async function readPlans(paths: readonly string[], map: WorkbookMap, options: ReadPlansOptions = {}): Promise<ReadPlansResult> {
  const reading = readPlanFiles(paths, map, options);
  const plans: PlanInput[] = [];
  for await (const batch of reading.batches()) for (const plan of batch) plans.push(plan);
  return { plans, diagnostics: reading.diagnostics, files: reading.files, mapsUsed: [...reading.mapsUsed] };
}

/** The plans of the files named, a file at a time: what readPlans returns, without holding every file's plans at once. */
export interface PlanFileReading {
  /** The files to read (folders expanded), as reports name them. */
  readonly files: string[];
  /** Problems so far: complete once batches() is done. */
  readonly diagnostics: Diagnostic[];
  /** The ids of the workbook maps used so far, in first-use order. */
  readonly mapsUsed: Set<string>;
  /** Each file's plans in turn (a file with none gives none). */
  batches(): AsyncGenerator<PlanInput[]>;
}

/**
 * Reads the files one after another, handing over each file's plans before reading the next: a run judges a file's
 * plans and lets them go. (Within one file the plans come together: the reader returns a file's snapshot whole.)
 */
export function readPlanFiles(paths: readonly string[], map: WorkbookMap, options: ReadPlansOptions = {}): PlanFileReading {
  const { files, diagnostics } = expandInputs(paths);
  const mapsUsed = new Set<string>();
  const autoSelect = options.autoSelectMap ?? map.map === SINGLE_PLAN_MAP_ID;
  // A Trust's broken map in workbook-maps/ is reported (and left out), not silently ignored.
  if (autoSelect && !options.candidates && files.some((f) => extname(f).toLowerCase() !== '.json')) diagnostics.push(...loadInstalledMaps().diagnostics);
  return {
    files: files.map(displayPath),
    diagnostics,
    mapsUsed,
    async *batches() {
      for (const file of files) {
        const ext = extname(file).toLowerCase();
        const plans: PlanInput[] = [];
        if (ext === '.json') readJsonPlans(file, plans, diagnostics);
        else if (WORKBOOK_EXTENSIONS.has(ext) || TEXT_EXTENSIONS.has(ext)) {
          const used = await readWorkbookPlans(file, map, autoSelect, options, plans, diagnostics);
          if (used) mapsUsed.add(used);
        } else diagnostics.push({ code: 'input_unsupported', severity: 'error', message: unsupportedMessage(file, ext) });
        if (plans.length > 0) yield plans;
      }
    },
  };
}

function unsupportedMessage(file: string, ext: string): string {
  const reads = 'jobplan reads .xlsx workbooks, registers saved as .csv or tab-separated text (.tsv, .txt) and .json job plans';
  if (ext === '.xls' || ext === '.xlsb' || ext === '.ods') return `${displayPath(file)}: ${reads}; open it and ${SAVE_AS_XLSX}`;
  return `${displayPath(file)}: ${reads}; save the file as an Excel Workbook (.xlsx) or as CSV`;
}

/**
 * Reads one workbook's plans (one, or one per register row); returns the id of the map used, or null if unreadable.
 * A CSV or tab-separated file is a workbook of one sheet, and always a register: see csvChoice.
 */
async function readWorkbookPlans(file: string, map: WorkbookMap, autoSelect: boolean, options: ReadPlansOptions, plans: PlanInput[], diagnostics: Diagnostic[]): Promise<string | null> {
  const read = await readWorkbook(file, map, autoSelect, options);
  if (!read.plans) {
    diagnostics.push(...read.diagnostics);
    return null;
  }
  diagnostics.push(...read.plans.diagnostics);
  for (const plan of read.plans.plans) plans.push(plan);
  return read.plans.mapUsed;
}

/**
 * One workbook (or CSV) → its plans, read with `map`, or (autoSelect) with whichever installed map reads it best:
 * every map in workbook-maps/, the template and register maps first. Null plans when the file cannot be read.
 */
export async function readWorkbook(file: string, map: WorkbookMap, autoSelect: boolean, options: ReadPlansOptions = {}): Promise<{ plans: WorkbookPlans | null; diagnostics: Diagnostic[] }> {
  const shown = displayPath(file);
  const text = TEXT_EXTENSIONS.has(extname(file).toLowerCase());
  const read: ReadWorkbookResult = text ? await readCsvFile(file) : await readWorkbookFile(file);
  const withFile = read.diagnostics.map((d) => withSource(d, shown));
  if (!read.snapshot) return { plans: null, diagnostics: withFile };
  const snapshot: WorkbookSnapshot = { ...read.snapshot, source: shown };
  const registerMap = autoSelect ? options.registerMap ?? loadRegisterMap() : undefined;
  const installed = autoSelect ? options.candidates ?? loadInstalledMaps().maps : [];
  const candidates = text ? installed.filter(isRegisterMap) : installed;
  const choice: MapChoice = text
    ? csvChoice(map, registerMap, snapshot)
    : { map, ...(registerMap ? { registerMap } : {}), ...(candidates.length > 1 ? { candidates } : {}) };
  return { plans: plansFromWorkbook(snapshot, choice, withFile), diagnostics: [] };
}

let installedMaps: { maps: WorkbookMap[]; diagnostics: Diagnostic[] } | undefined;

/**
 * Every map in jobplan's workbook-maps/ folder (the shipped template and register maps first, then a Trust's own,
 * by file name), parsed once. A broken map is reported and left out.
 */
export function loadInstalledMaps(): { maps: WorkbookMap[]; diagnostics: Diagnostic[] } {
  if (installedMaps) return installedMaps;
  const dir = join(packageRoot(), 'workbook-maps');
  const names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
  const maps: WorkbookMap[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of names) {
    const loaded = loadWorkbookMap(join(dir, name));
    diagnostics.push(...loaded.diagnostics);
    if (loaded.map) maps.push(loaded.map);
  }
  const rank = (m: WorkbookMap): number => (m.map === SINGLE_PLAN_MAP_ID ? 0 : m.map === 'jobplan-register' ? 1 : 2);
  maps.sort((a, b) => rank(a) - rank(b));
  installedMaps = { maps, diagnostics };
  return installedMaps;
}

/**
 * The map a CSV is read with: a register map (the user's own, or the shipped one unless a single-plan map of the
 * user's was forced), with the CSV's one sheet, named after its file, as the map's register sheet. A register sheet
 * is otherwise found by its name (`Register`, `Job plans` …), which an export's file name rarely is.
 */
function csvChoice(map: WorkbookMap, registerMap: WorkbookMap | undefined, snapshot: WorkbookSnapshot): { map: WorkbookMap } {
  const chosen = isRegisterMap(map) ? map : registerMap;
  const sheet = snapshot.sheets[0]?.name;
  if (!chosen || sheet === undefined) return { map };
  let named = false;
  return {
    map: {
      ...chosen,
      sheets: chosen.sheets.map((s) => {
        if (s.kind !== 'rows') return s;
        // The first register sheet is the CSV; any others of a Trust's own map cannot be in a one-sheet file.
        if (named) return { ...s, required: false };
        named = true;
        return { ...s, aliases: [...(s.aliases ?? []), sheet] };
      }),
    },
  };
}

function withSource(d: Diagnostic, file: string): Diagnostic {
  if (!d.location) return { ...d, location: { file, line: 1, col: 1 } };
  return { ...d, location: { ...d.location, file } };
}

function readJsonPlans(file: string, plans: PlanInput[], diagnostics: Diagnostic[]): void {
  const shown = displayPath(file);
  const read = readInputFileSync(file, { maxBytes: INPUT_LIMITS.jsonFileBytes, what: 'a JSON file', whenTooLarge: 'split the plans into several files', shown });
  if (!read.ok) {
    diagnostics.push({ code: read.problem === 'too_large' ? 'plan_json_too_large' : 'input_unreadable', severity: 'error', message: read.message, location: { file: shown, line: 1, col: 1 } });
    return;
  }
  const bytes = read.bytes;
  // Read as JSON (JSON.parse), not as YAML; the YAML parser only locates problems (line:col).
  const parsed = parseJsonBytes(bytes, shown, 'plan_json_error');
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.ok) return;
  const data = parsed.data;
  if (Array.isArray(data) && data.length === 0) {
    diagnostics.push({ code: 'plan_json_empty', severity: 'error', message: 'the file holds an empty list: no plans to check', location: parsed.locate([]) });
    return;
  }
  const list = Array.isArray(data) ? data : [data];
  list.forEach((item, index) => {
    const prefix = Array.isArray(data) ? [index] : [];
    const problems = checkJobPlan(item);
    const planDiagnostics: Diagnostic[] = problems.map((p) => ({ code: p.code, severity: 'error', message: p.message, location: parsed.locate([...prefix, ...pointerToPath(p.path)], p.message.includes('unexpected property') ? 'key' : 'value') }));
    if (problems.some((p) => p.code === 'plan_schema_error')) {
      diagnostics.push(...planDiagnostics);
      return;
    }
    const { $schema: _schema, ...plan } = item as JobPlan & { $schema?: string };
    plans.push({ plan, cells: {}, source: Array.isArray(data) ? `${shown}[${index}]` : shown, diagnostics: planDiagnostics });
  });
}
