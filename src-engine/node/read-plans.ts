/**
 * Turns the files a user names into job plans for the core: `.xlsx` workbooks through the exceljs reader and
 * a workbook map, `.json` files holding one plan or a list of plans. Problems become diagnostics that name the
 * file and the cell or line; nothing here writes to the user's files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PlanInput } from '../evaluate/evaluate.js';
import { checkJobPlan } from '../model/check-plan.js';
import type { JobPlan } from '../model/job-plan.js';
import { extractJobPlan } from '../workbook/extract.js';
import { parseWorkbookMap, type WorkbookMap } from '../workbook/workbook-map.js';
import { parseYaml, pointerToPath } from '../yaml/yaml-document.js';
import { displayPath } from './load-policy-files.js';
import { readWorkbookFile } from './read-workbook.js';

export interface ReadPlansResult {
  readonly plans: PlanInput[];
  /** Problems that stopped a whole file from being read. */
  readonly diagnostics: Diagnostic[];
  /** The files read, for the report. */
  readonly files: string[];
}

export function loadWorkbookMap(path: string): { map: WorkbookMap | null; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { map: null, diagnostics: [{ code: 'map_not_found', severity: 'error', message: `cannot read the workbook map ${path}` }] };
  }
  return parseWorkbookMap(text, displayPath(path));
}

/** Expands folders into the .xlsx and .json files inside them (not recursing, skipping Excel's ~$ lock files). */
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
    if (!isDir) files.push(path);
    else {
      const inside = readdirSync(path).filter((n) => /\.(xlsx|json)$/i.test(n) && !n.startsWith('~$')).sort().map((n) => join(path, n));
      if (inside.length === 0) diagnostics.push({ code: 'input_empty_folder', severity: 'warning', message: `${path} holds no .xlsx or .json files` });
      files.push(...inside);
    }
  }
  return { files, diagnostics };
}

export async function readPlans(paths: readonly string[], map: WorkbookMap): Promise<ReadPlansResult> {
  const { files, diagnostics } = expandInputs(paths);
  const plans: PlanInput[] = [];
  for (const file of files) {
    const ext = extname(file).toLowerCase();
    if (ext === '.json') readJsonPlans(file, plans, diagnostics);
    else if (ext === '.xlsx' || ext === '.xlsm') await readWorkbookPlan(file, map, plans, diagnostics);
    else diagnostics.push({ code: 'input_unsupported', severity: 'error', message: `${displayPath(file)}: jobplan reads .xlsx workbooks and .json job plans; save the file as an Excel Workbook (.xlsx)` });
  }
  return { plans, diagnostics, files: files.map(displayPath) };
}

async function readWorkbookPlan(file: string, map: WorkbookMap, plans: PlanInput[], diagnostics: Diagnostic[]): Promise<void> {
  const shown = displayPath(file);
  const read = await readWorkbookFile(file);
  const withFile = read.diagnostics.map((d) => withSource(d, shown));
  if (!read.snapshot) {
    diagnostics.push(...withFile);
    return;
  }
  const extracted = extractJobPlan({ ...read.snapshot, source: shown }, map);
  if (!extracted.plan) {
    diagnostics.push(...withFile, ...extracted.diagnostics);
    return;
  }
  plans.push({ plan: extracted.plan.plan, cells: extracted.plan.cells, source: shown, diagnostics: [...withFile, ...extracted.diagnostics] });
}

function withSource(d: Diagnostic, file: string): Diagnostic {
  if (!d.location) return { ...d, location: { file, line: 1, col: 1 } };
  return { ...d, location: { ...d.location, file } };
}

function readJsonPlans(file: string, plans: PlanInput[], diagnostics: Diagnostic[]): void {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    diagnostics.push({ code: 'input_unreadable', severity: 'error', message: `cannot read ${shown}: ${(e as Error).message}` });
    return;
  }
  // JSON is YAML 1.2, and the YAML parser keeps positions, so errors get line:col.
  const parsed = parseYaml(text, shown, 'plan_json_error');
  if (!parsed.ok) {
    diagnostics.push(...parsed.diagnostics);
    return;
  }
  const data = parsed.document.data;
  const list = Array.isArray(data) ? data : [data];
  list.forEach((item, index) => {
    const prefix = Array.isArray(data) ? [index] : [];
    const problems = checkJobPlan(item);
    const planDiagnostics: Diagnostic[] = problems.map((p) => ({ code: p.code, severity: 'error', message: p.message, location: parsed.document.locate([...prefix, ...pointerToPath(p.path)], p.message.includes('unexpected property') ? 'key' : 'value') }));
    if (problems.some((p) => p.code === 'plan_schema_error')) {
      diagnostics.push(...planDiagnostics);
      return;
    }
    const { $schema: _schema, ...plan } = item as JobPlan & { $schema?: string };
    plans.push({ plan, cells: {}, source: Array.isArray(data) ? `${shown}[${index}]` : shown, diagnostics: planDiagnostics });
  });
}
