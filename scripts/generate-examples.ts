/**
 * Regenerates examples/*.xlsx from examples/plans/*.json, plus the blank template and a deliberately wrong workbook.
 * Run with `npm run examples` after `npm run build`. Output is byte-stable, so unchanged plans give unchanged files.
 *
 * Dates are written in the three forms users actually type (real dates, bare serial numbers, UK text), one example
 * each at least, so every example run also exercises the core's date coercion.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import type { JobPlan } from '../src-engine/model/job-plan.js';
import { packageRoot } from '../src-engine/node/package-root.js';
import { saveWorkbook, writeJobPlanWorkbook, type DatesAs } from '../src-engine/node/write-job-plan-workbook.js';

const DATES_AS: Readonly<Record<string, DatesAs>> = {
  'sas-part-time-compliant': 'uk-text',
  'breaks-review-overdue': 'serial',
};

export interface GeneratedFile {
  readonly path: string;
  readonly from: string | null;
  readonly datesAs: DatesAs | null;
}

/**
 * Writes every example workbook into `outDir` (default `<root>/examples`) from `<root>/examples/plans/*.json`.
 * Throws with the file name when a plan is not valid JSON: examples are ours, so a broken one is a bug to fix.
 */
export async function generateExamples(root: string = packageRoot(), outDir: string = join(root, 'examples')): Promise<GeneratedFile[]> {
  const plansDir = join(root, 'examples', 'plans');
  const names = (await readdir(plansDir)).filter((n) => n.endsWith('.json')).sort();
  const written: GeneratedFile[] = [];
  for (const name of names) {
    const from = join(plansDir, name);
    const plan = parsePlan(await readFile(from, 'utf8'), from);
    const stem = name.slice(0, -'.json'.length);
    const datesAs = DATES_AS[stem] ?? 'date';
    const path = join(outDir, `${stem}.xlsx`);
    await writeJobPlanWorkbook(plan, path, { datesAs });
    written.push({ path, from, datesAs });
  }
  // The blank template lives in its own folder so validating examples/ checks only the example plans.
  await mkdir(join(outDir, 'template'), { recursive: true });
  const template = join(outDir, 'template', 'job-plan-template.xlsx');
  await writeJobPlanWorkbook({}, template);
  written.push({ path: template, from: null, datesAs: null });
  const wrong = join(outDir, 'not-a-job-plan.xlsx');
  await saveWorkbook(buildBudgetWorkbook(), wrong);
  written.push({ path: wrong, from: null, datesAs: null });
  return written;
}

function parsePlan(text: string, file: string): JobPlan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`${file}: a job plan must be a JSON object`);
  // `$schema` is for editors only; it is not a job plan field.
  const { $schema: _schema, ...plan } = data as Record<string, unknown>;
  return plan as JobPlan;
}

/** A plausible workbook that is not a job plan (a care group pay budget), to show the "missing sheet" message. */
export function buildBudgetWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'jobplan';
  workbook.lastModifiedBy = 'jobplan';
  workbook.created = new Date(Date.UTC(2017, 0, 1));
  workbook.modified = new Date(Date.UTC(2017, 0, 1));
  const ws = workbook.addWorksheet('Budget', { views: [{ state: 'frozen', xSplit: 0, ySplit: 2 }] });
  ws.columns = [{ width: 14 }, { width: 44 }, { width: 16 }, { width: 18 }, { width: 16 }];
  ws.getCell('A1').value = 'Mental Health care group: medical pay budget 2026/27 (month 7)';
  ws.getCell('A1').font = { bold: true, size: 14 };
  const header = ws.getRow(2);
  header.values = ['Cost centre', 'Description', 'Annual budget (£)', 'Actual to date (£)', 'Variance (£)'];
  header.font = { bold: true };
  const lines: [string, string, number, number][] = [
    ['MH4010', 'Consultant psychiatrists: adult inpatient', 1_284_000, 763_410],
    ['MH4011', 'Consultant psychiatrists: community mental health teams', 2_112_500, 1_251_880],
    ['MH4020', 'Specialty doctors', 846_200, 509_130],
    ['MH4030', 'Locum medical cover', 310_000, 244_970],
    ['MH4040', 'On-call availability supplements', 96_400, 55_910],
    ['MH4050', 'Additional programmed activities', 142_000, 90_250],
  ];
  lines.forEach(([code, description, budget, actual], i) => {
    const r = 3 + i;
    ws.getRow(r).values = [code, description, budget, actual];
    // Variance as Excel would show it: seven months of twelve spent.
    ws.getCell(r, 5).value = { formula: `C${r}*7/12-D${r}`, result: Math.round(budget * 7 / 12 - actual) };
  });
  const totalRow = 3 + lines.length;
  const sum = (col: number): number => lines.reduce((acc, line) => acc + (line[col] as number), 0);
  ws.getRow(totalRow).values = ['Total', ''];
  ws.getCell(totalRow, 3).value = { formula: `SUM(C3:C${totalRow - 1})`, result: sum(2) };
  ws.getCell(totalRow, 4).value = { formula: `SUM(D3:D${totalRow - 1})`, result: sum(3) };
  ws.getCell(totalRow, 5).value = { formula: `SUM(E3:E${totalRow - 1})`, result: lines.reduce((acc, [, , b, a]) => acc + Math.round(b * 7 / 12 - a), 0) };
  ws.getRow(totalRow).font = { bold: true };
  for (let r = 3; r <= totalRow; r++) for (const c of [3, 4, 5]) ws.getCell(r, c).numFmt = '#,##0;[Red]-#,##0';
  return workbook;
}

// Run only when executed directly (node dist/scripts/generate-examples.js), not when imported by a test.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const root = packageRoot();
    for (const file of await generateExamples(root)) {
      const how = file.datesAs ? ` (dates as ${file.datesAs})` : '';
      console.log(`wrote ${file.path.slice(root.length + 1)}${how}`);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
