import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRunContext } from '../../../src-engine/cli/run-context.js';
import { evaluatePlans } from '../../../src-engine/evaluate/evaluate.js';
import { plansFromWorkbook } from '../../../src-engine/workbook/plans-from-workbook.js';
import { createExcelGateway, HIGHLIGHT_FORMULA } from '../../../src-addin/excel/excel-gateway.js';
import { FINDING_COLUMNS, RESULTS_SHEET } from '../../../src-addin/excel/results-table.js';
import type { EvaluationReport } from '../../../src-engine/report/report.js';
import { createFakeExcel, type FakeExcelState } from '../fake-excel/fake-excel.js';
import { workbookDataFromXlsx } from '../fake-excel/workbook-data.js';

const root = join(import.meta.dirname, '..', '..', '..');

beforeAll(() => {
  // What office.js defines: the enum the gateway names.
  (globalThis as Record<string, unknown>)['Excel'] = { ConditionalFormatType: { custom: 'Custom' } };
});

async function open(file: string) {
  const data = await workbookDataFromXlsx(join(root, 'examples', file));
  const { state, run } = createFakeExcel(data);
  const gateway = createExcelGateway({ run: run as never, title: file });
  return { state, gateway, data };
}

async function judge(gateway: Awaited<ReturnType<typeof open>>['gateway']): Promise<EvaluationReport> {
  const context = loadRunContext({ map: undefined });
  const read = await gateway.read();
  const plans = plansFromWorkbook(read.snapshot!, { map: context.map! });
  return evaluatePlans(plans.plans, context.library, { today: '2026-11-23', evaluatedAt: '2026-11-23T09:00:00.000Z' });
}

const userCells = (state: FakeExcelState) => JSON.stringify(state.sheets.filter((s) => s.name !== RESULTS_SHEET).map((s) => [s.name, s.values, s.numberFormat]));

describe('the Excel gateway', () => {
  it('selects a finding\'s cell, switching sheet, and says when the sheet is gone', async () => {
    const { state, gateway } = await open('breaks-signoff-late.xlsx');
    expect(await gateway.select({ sheet: 'Sign-off', cell: 'B4' })).toBe(true);
    expect(state.activeSheet).toBe('Sign-off');
    expect(state.selected).toEqual({ sheet: 'Sign-off', address: 'B4' });
    expect(await gateway.select({ sheet: 'Gone', cell: 'A1' })).toBe(false);
  });

  it('writes the results sheet as text with the stamp, reuses and clears it the second time, and changes no user cell', async () => {
    const { state, gateway } = await open('breaks-apa-and-objectives.xlsx');
    const before = userCells(state);
    const report = await judge(gateway);
    // A message that looks like a formula must stay text.
    const planted: EvaluationReport = { ...report, plans: report.plans.map((p, i) => (i === 0 ? { ...p, findings: [{ ...p.findings[0]!, message: '=HYPERLINK("http://x","click")' }, ...p.findings.slice(1)] } : p)) };
    await gateway.writeResults!({ report: planted, validatedBy: null });
    const sheet = state.sheets.find((s) => s.name === RESULTS_SHEET)!;
    expect(state.writes.every((w) => w.sheet !== RESULTS_SHEET || w.textFormat)).toBe(true);
    const text = sheet.values.map((r) => r.join('|'));
    expect(text.some((r) => r.includes('cpft-job-planning@2017-04-28') && r.includes(`sha256 ${report.policies[0]!.sha256}`))).toBe(true);
    expect(sheet.values.findIndex((r) => r[0] === FINDING_COLUMNS[0] && r[1] === FINDING_COLUMNS[1])).toBeGreaterThan(0);
    expect(sheet.values.some((r) => r[3] === '=HYPERLINK("http://x","click")')).toBe(true);
    expect(sheet.numberFormat.flat().filter((f) => f !== '@')).toEqual([]);
    expect(state.customProperties.get('jobplan.policy.1')).toBe(`cpft-job-planning@2017-04-28 sha256:${report.policies[0]!.sha256}`);
    expect(state.customProperties.get('jobplan.validated')).toContain('engine ');
    // Again: the same sheet, cleared first, never deleted.
    await gateway.writeResults!({ report, validatedBy: null });
    expect(state.deletedSheets).toEqual([]);
    expect(state.sheets.filter((s) => s.name === RESULTS_SHEET)).toHaveLength(1);
    expect(state.clears.some((c) => c.sheet === RESULTS_SHEET)).toBe(true);
    expect(userCells(state)).toBe(before);
  });

  it('highlights with conditional formats of its own and clears only those', async () => {
    const { state, gateway } = await open('breaks-signoff-late.xlsx');
    const signoff = state.sheets.find((s) => s.name === 'Sign-off')!;
    signoff.conditionalFormats.push({ address: 'B4:B10', formula: '=B4<TODAY()', fill: '#FF0000' }); // the user's own
    const before = userCells(state);
    await gateway.highlight!([{ sheet: 'Sign-off', cell: 'B4', severity: 'error' }, { sheet: 'Details', cell: 'B12', severity: 'warning' }]);
    expect(signoff.conditionalFormats.map((f) => f.formula)).toEqual(['=B4<TODAY()', HIGHLIGHT_FORMULA]);
    expect(userCells(state)).toBe(before);
    await gateway.clearHighlights!();
    expect(state.sheets.flatMap((s) => s.conditionalFormats)).toEqual([{ address: 'B4:B10', formula: '=B4<TODAY()', fill: '#FF0000' }]);
  });

  it('tells the pane when the user edits a sheet, and stops when asked', async () => {
    const { state, gateway } = await open('consultant-compliant.xlsx');
    let calls = 0;
    const stop = await gateway.watchChanges!(() => { calls += 1; });
    await state.change('Timetable', 'F5');
    expect(calls).toBe(1);
    await stop();
    await state.change('Timetable', 'F6');
    expect(calls).toBe(1);
  });
});
