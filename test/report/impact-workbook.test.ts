/**
 * The report workbook's Impact sheet (`jobplan report --impact`), written whole and streamed (a register past
 * STREAMING_FINDING_ROWS finding rows): the same rows either way, texts guarded against formula injection, the sheet
 * before Policies, none without an impact.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePlans, type PlanInput } from '../../src-engine/evaluate/evaluate.js';
import { IMPACT_HEADER, IMPACT_SHEET, REPORT_SHEETS, ReportWorkbookStream, writeReportWorkbook } from '../../src-engine/node/write-report-workbook.js';
import { sha256Hex } from '../../src-engine/policy/hash.js';
import { policyImpact, type PolicyImpact } from '../../src-engine/policy/impact.js';
import { loadPolicy } from '../../src-engine/policy/load-policy.js';
import { summariseRegister, type RegisterSummary } from '../../src-engine/report/register-summary.js';
import type { EvaluationReport } from '../../src-engine/report/report.js';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'jobplan-impact-workbook-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function policy(path: string) {
  const text = readFileSync(join(root, path), 'utf8');
  return loadPolicy({ path, text, sha256: sha256Hex(new TextEncoder().encode(text)) }).policy!;
}

const v2017 = policy('policies/cpft-job-planning/2017-04-28.yaml');
const v2022 = policy('policies/cpft-job-planning/2022-11-01.yaml');

function row(ref: string, spa: number, name: string, source = 'register.xlsx'): PlanInput {
  return {
    source, kind: 'register-row', cells: { plan_ref: { sheet: 'Register', cell: 'A2' }, declared_spa_pas: { sheet: 'Register', cell: 'H9' } },
    plan: {
      plan_ref: ref, practitioner_name: name, organisation: 'CPFT', staff_group: 'medical', grade: 'Consultant', specialty: 'Old Age Psychiatry', care_group: 'Mental Health',
      contracted_pas: 10, declared_dcc_pas: 10 - spa, declared_spa_pas: spa, meeting_date: '2026-05-01',
    } as PlanInput['plan'],
  };
}

const INJECTION = "=cmd|' /C calc'!A0";
const plans = [row('JP-1', 1, INJECTION), row('JP-2', 2.5, 'Second, Plan'), row('JP-3', 1.25, 'Third, Plan'), row('JP-1', 1, INJECTION, 'copy/register.xlsx')];

async function read(path: string): Promise<{ names: string[]; rows: unknown[][]; views: Partial<ExcelJS.WorksheetView>[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(IMPACT_SHEET);
  const rows: unknown[][] = [];
  ws?.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return { names: wb.worksheets.map((w) => w.name), rows, views: ws?.views ?? [] };
}

describe('the Impact sheet of the report workbook', () => {
  let impact: PolicyImpact;
  let summary: RegisterSummary;
  let report: EvaluationReport;
  beforeAll(async () => {
    impact = await policyImpact(plans, v2017, v2022, { today: '2026-11-23' });
    const library = { policies: [v2017], diagnostics: [], versionDiagnostics: [], selection: null };
    report = await evaluatePlans(plans, library, { today: '2026-11-23', evaluatedAt: '2026-11-23T09:00:00.000Z' });
    summary = await summariseRegister(report, plans, library);
  });

  it.each([['written whole', false], ['streamed', true]] as const)('%s: a row per changed rule of a plan, each plan once, the texts guarded', async (name, streaming) => {
    const path = join(dir, `${name.replace(/ /g, '-')}.xlsx`);
    expect(await writeReportWorkbook(summary, report, path, { streaming, impact })).toEqual({ ok: true });
    const { names, rows, views } = await read(path);
    expect(names).toEqual([...REPORT_SHEETS.slice(0, 4), IMPACT_SHEET, 'Policies']);
    expect(rows[0]).toEqual(['What this amendment would change: cpft-job-planning@2017-04-28 → cpft-job-planning@2022-11-01 (ILLUSTRATIVE)']);
    expect(rows[2]).toEqual([...IMPACT_HEADER]);
    expect(rows.slice(3)).toEqual([
      ['JP-1', `'${INJECTION}`, 'Old Age Psychiatry', 'Mental Health', 'spa.minimum', 'finding goes', 'error', 'no finding', 'spa_minimum 1.5 PA → 1 PA', expect.stringMatching(/^SPA is 1 PA a week/), 'register.xlsx', 'Register!H9', 'copy/register.xlsx'],
      ['JP-3', 'Third, Plan', 'Old Age Psychiatry', 'Mental Health', 'spa.minimum', 'finding goes', 'error', 'no finding', 'spa_minimum 1.5 PA → 1 PA', expect.stringMatching(/^SPA is 1\.25 PAs a week/), 'register.xlsx', 'Register!H9'],
    ]);
    // The header stays in view below the two lines of context.
    expect(views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });

  it('the workbook written as the run goes (ReportWorkbookStream) carries it too', async () => {
    const path = join(dir, 'stream.xlsx');
    const stream = new ReportWorkbookStream(path);
    for (const p of report.plans) await stream.plan(p);
    expect(await stream.finish(summary, { ...report, plans: [] }, impact)).toEqual({ ok: true });
    expect((await read(path)).rows.slice(3).map((r) => r[0])).toEqual(['JP-1', 'JP-3']);
  });

  it('no impact, no sheet', async () => {
    const path = join(dir, 'none.xlsx');
    await writeReportWorkbook(summary, report, path);
    expect((await read(path)).names).toEqual([...REPORT_SHEETS]);
  });
});
