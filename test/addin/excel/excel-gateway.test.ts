/**
 * The Excel gateway against the strict fake, installed as the `Office` and `Excel` globals exactly as the task pane
 * meets them (createExcelGateway() with no options: Excel.run, isSetSupported and the title from Office).
 */
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadRunContext, type RunContext } from '../../../src-engine/cli/run-context.js';
import { evaluatePlans } from '../../../src-engine/evaluate/evaluate.js';
import { plansFromWorkbook } from '../../../src-engine/workbook/plans-from-workbook.js';
import { readWorkbookFile } from '../../../src-engine/node/read-workbook.js';
import type { EvaluationReport, Finding } from '../../../src-engine/report/report.js';
import { createExcelGateway, HIGHLIGHT_FILL, HIGHLIGHT_MARKER, highlightFormula, highlightRanges, writeBlocks } from '../../../src-addin/excel/excel-gateway.js';
import { FINDING_COLUMNS, RESULTS_SHEET, resultsRows, stampProperties } from '../../../src-addin/excel/results-table.js';
import type { WorkbookGateway } from '../../../src-addin/excel/workbook-gateway.js';
import { installFakeOffice, type FakeExcelState, type FakeOptions, type FakeWorkbookData } from '../fake-excel/fake-excel.js';
import { workbookDataFromXlsx } from '../fake-excel/workbook-data.js';
import { ROOT, withoutMerges } from './helpers.js';

let runContext: RunContext;
beforeAll(() => {
  runContext = loadRunContext({ map: undefined });
});

const globals = globalThis as unknown as Record<string, unknown>;
afterEach(() => {
  delete globals['Excel'];
  delete globals['Office'];
});

async function open(file: string, options: FakeOptions = {}, edit?: (data: FakeWorkbookData) => FakeWorkbookData): Promise<{ state: FakeExcelState; gateway: WorkbookGateway & { lastReadSyncs(): number } }> {
  let data = await workbookDataFromXlsx(join(ROOT, 'examples', file));
  if (edit) data = edit(data);
  const state = installFakeOffice(globalThis, data, options);
  return { state, gateway: createExcelGateway() };
}

async function judge(gateway: WorkbookGateway): Promise<EvaluationReport> {
  const read = await gateway.read();
  const plans = plansFromWorkbook(read.snapshot!, { map: runContext.map! });
  return evaluatePlans(plans.plans, runContext.library, { today: '2026-11-23', evaluatedAt: '2026-11-23T09:00:00.000Z' });
}

/** The user's cells and own formatting, to prove them untouched. */
const userSide = (state: FakeExcelState): string =>
  JSON.stringify(state.sheets.filter((s) => s.name !== RESULTS_SHEET).map((s) => [s.name, s.values, s.numberFormat, s.fills, s.conditionalFormats.filter((f) => !(f.formula ?? '').includes(HIGHLIGHT_MARKER))]));

describe('reading through the gateway', () => {
  it('gives the Node reader\'s snapshot, with the workbook\'s name from Office, in three syncs', async () => {
    const { gateway } = await open('breaks-signoff-late.xlsx');
    expect(gateway.title).toBe('breaks-signoff-late.xlsx');
    const read = await gateway.read();
    const node = await readWorkbookFile(join(ROOT, 'examples', 'breaks-signoff-late.xlsx'));
    expect(read.snapshot).toEqual(withoutMerges({ ...node.snapshot!, source: 'breaks-signoff-late.xlsx' }));
    expect(gateway.lastReadSyncs()).toBe(3);
  });

  it('warns of a TODAY() cell where the host has ExcelApi 1.9, and reads the same without the warning on 1.7', async () => {
    const withToday = (d: FakeWorkbookData): FakeWorkbookData => ({ ...d, sheets: d.sheets.map((s) => (s.name === 'Sign-off' ? { ...s, formulas: { ...(s.formulas ?? {}), B4: '=TODAY()' } } : s)) });
    const newer = await open('breaks-signoff-late.xlsx', { apiVersion: '1.9' }, withToday);
    const read = await newer.gateway.read();
    expect(read.diagnostics.filter((d) => d.code === 'workbook_volatile_cell').map((d) => d.location)).toEqual([{ file: 'breaks-signoff-late.xlsx', sheet: 'Sign-off', cell: 'B4' }]);
    expect(newer.gateway.lastReadSyncs()).toBe(3);
    delete globals['Excel'];
    delete globals['Office'];
    const older = await open('breaks-signoff-late.xlsx', { apiVersion: '1.7' }, withToday);
    const oldRead = await older.gateway.read();
    expect(oldRead.diagnostics.filter((d) => d.code === 'workbook_volatile_cell')).toEqual([]);
    expect(oldRead.snapshot).toEqual(read.snapshot);
  });

  it('says in plain words when Excel cannot give the cells (no crash)', async () => {
    installFakeOffice(globalThis, { sheets: [{ name: 'Details', values: [['x']] }] });
    const gateway = createExcelGateway({ run: (async () => { throw Object.assign(new Error('Wait until the cell is no longer being edited'), { code: 'InvalidOperationInCellEditMode' }); }) as never });
    const read = await gateway.read();
    expect(read.snapshot).toBeNull();
    expect(read.diagnostics[0]!.message).toMatch(/could not give jobplan the workbook's cells .*press Enter/);
  });

  it('finds the same findings as the CLI for the example it reads', async () => {
    const { gateway } = await open('breaks-signoff-late.xlsx');
    const report = await judge(gateway);
    expect(report.plans[0]!.findings.map((f) => [f.ruleId, f.cells])).toEqual([['signoff.within-deadline', [{ sheet: 'Details', cell: 'B26' }, { sheet: 'Sign-off', cell: 'B4' }]]]);
  });
});

describe('selecting a finding\'s cell', () => {
  it('activates the sheet and selects the cell or range', async () => {
    const { state, gateway } = await open('breaks-signoff-late.xlsx');
    expect(state.activeSheet).toBe('Details');
    expect(await gateway.select({ sheet: 'Sign-off', cell: 'B4' })).toBe(true);
    expect(state.activeSheet).toBe('Sign-off');
    expect(state.selected).toEqual({ sheet: 'Sign-off', address: 'B4' });
    expect(await gateway.select({ sheet: 'details', cell: 'A12:D12' })).toBe(true);
    expect(state.selected).toEqual({ sheet: 'Details', address: 'A12:D12' });
  });

  it('answers false when the sheet is gone, hidden, or the address is not a cell', async () => {
    const { state, gateway } = await open('breaks-signoff-late.xlsx', {}, (d) => ({ ...d, sheets: [...d.sheets, { name: 'Lists', values: [['Weekly']], visibility: 'Hidden' }] }));
    expect(await gateway.select({ sheet: 'Gone', cell: 'A1' })).toBe(false);
    expect(await gateway.select({ sheet: 'Lists', cell: 'A1' })).toBe(false);
    expect(await gateway.select({ sheet: 'Sign-off', cell: 'not a cell' })).toBe(false);
    expect(state.selected).toBeNull();
  });
});

describe('the results sheet', () => {
  it('is written as text under a visible stamp, one 2-D write, messages beginning with "=", "+", "-" or "@" staying text', async () => {
    const { state, gateway } = await open('breaks-apa-and-objectives.xlsx');
    const before = userSide(state);
    const report = await judge(gateway);
    const planted = ['=HYPERLINK("http://x","click")', '+44 1228 000000', '-1 PA below the minimum', '@SUM(A1:A9)'];
    const template = report.plans[0]!.findings[0]!;
    const plantedReport: EvaluationReport = { ...report, plans: report.plans.map((p, i) => (i === 0 ? { ...p, findings: [...planted.map((message) => ({ ...template, message })), ...p.findings.slice(1)] } : p)) };
    const syncsBefore = state.syncs;
    await gateway.writeResults!({ report: plantedReport, validatedBy: 'A. Clerk' });
    // Lookup; the sheet, the stamp and the text format; then the (one block of) values, in a later request than
    // their format, so Excel cannot take a message for a formula. Excel.run's closing sync has nothing to send.
    expect(state.syncs - syncsBefore).toBe(3);
    expect(state.closingSyncs).toBe(0);
    const sheet = state.sheets.find((s) => s.name === RESULTS_SHEET)!;
    expect(state.writes.filter((w) => w.sheet === RESULTS_SHEET)).toHaveLength(1);
    expect(state.writes.every((w) => w.sheet === RESULTS_SHEET && w.textFormat && w.storedAsText)).toBe(true);
    expect(sheet.formulas.size).toBe(0);
    for (const message of planted) expect(sheet.values.some((r) => r[3] === message), message).toBe(true);
    const text = sheet.values.map((r) => r.join('|')).join('\n');
    for (const expected of ['breaks-apa-and-objectives.xlsx', 'cpft-job-planning@2017-04-28', `sha256 ${report.policies[0]!.sha256}`, report.engineVersion, '2026-11-23T09:00:00.000Z', 'by A. Clerk', '2026-11-23']) expect(text).toContain(expected);
    expect(sheet.values.findIndex((r) => r[0] === FINDING_COLUMNS[0] && r[1] === FINDING_COLUMNS[1])).toBeGreaterThan(3);
    expect(userSide(state)).toBe(before);
  });

  it('stamps custom document properties of at most 255 characters, JSON with every policy\'s sha256', async () => {
    const { state, gateway } = await open('breaks-signoff-late.xlsx');
    const report = await judge(gateway);
    await gateway.writeResults!({ report, validatedBy: null });
    const validation = JSON.parse(state.customProperties.get('jobplan.validation')!) as Record<string, unknown>;
    expect(validation).toMatchObject({ engine: report.engineVersion, evaluatedAt: '2026-11-23T09:00:00.000Z', today: '2026-11-23', findings: [1, 0, 0], policies: 1, workbook: 'breaks-signoff-late.xlsx' });
    expect(JSON.parse(state.customProperties.get('jobplan.policy.1')!)).toEqual({ id: 'cpft-job-planning', version: '2017-04-28', sha256: report.policies[0]!.sha256 });
    expect([...state.customProperties.values()].every((v) => v.length <= 255)).toBe(true);
  });

  it('is reused and cleared the second time, never deleted; stale stamps go, the user\'s own properties stay', async () => {
    const { state, gateway } = await open('breaks-apa-and-objectives.xlsx', {}, (d) => ({ ...d, customProperties: { Department: 'Medical HR' } }));
    const before = userSide(state);
    const report = await judge(gateway);
    const twoPolicies: EvaluationReport = { ...report, policies: [...report.policies, { ...report.policies[0]!, id: 'another-policy' }] };
    await gateway.writeResults!({ report: twoPolicies, validatedBy: null });
    expect(state.customProperties.has('jobplan.policy.2')).toBe(true);
    const firstLength = state.sheets.find((s) => s.name === RESULTS_SHEET)!.values.length;
    const clean: EvaluationReport = { ...report, plans: report.plans.map((p) => ({ ...p, findings: [] })) };
    await gateway.writeResults!({ report: clean, validatedBy: null });
    expect(state.addedSheets).toEqual([RESULTS_SHEET]);
    expect(state.deletedSheets).toEqual([]);
    expect(state.sheets.filter((s) => s.name === RESULTS_SHEET)).toHaveLength(1);
    expect(state.clears.filter((c) => c.sheet === RESULTS_SHEET)).toHaveLength(1);
    // The old findings are gone, not left below the shorter new table.
    const rows = state.sheets.find((s) => s.name === RESULTS_SHEET)!.values.filter((r) => r.some((v) => v !== ''));
    expect(rows.length).toBeLessThan(firstLength);
    expect(rows.filter((r) => ['error', 'warning', 'info'].includes(String(r[0])))).toEqual([]);
    expect(state.customProperties.has('jobplan.policy.2')).toBe(false);
    expect(state.customProperties.get('Department')).toBe('Medical HR');
    expect(userSide(state)).toBe(before);
  });

  it('writes a 5,000-plan register\'s findings in a few syncs, each request under 5 MB', async () => {
    const { state, gateway } = await open('breaks-signoff-late.xlsx');
    const report = await judge(gateway);
    const template = report.plans[0]!.findings[0]!;
    const finding = (i: number): Finding => ({ ...template, message: `${template.message} (${i}) ${'x'.repeat(150)}` });
    const big: EvaluationReport = { ...report, plans: Array.from({ length: 5_000 }, (_, i) => ({ ...report.plans[0]!, ref: `JP-${i}`, findings: [finding(i), finding(i + 1), finding(i + 2)] })) };
    const syncsBefore = state.syncs;
    await gateway.writeResults!({ report: big, validatedBy: null });
    const written = state.writes.filter((w) => w.sheet === RESULTS_SHEET);
    expect(written.reduce((n, w) => n + w.rows, 0)).toBe(resultsRows({ report: big, validatedBy: null }, gateway.title).length);
    expect(written.length).toBeGreaterThan(1);
    expect(state.syncs - syncsBefore).toBe(written.length + 2);
    expect(state.largestRequest).toBeLessThan(5 * 1024 * 1024);
    expect(state.sheets.find((s) => s.name === RESULTS_SHEET)!.values.length).toBeGreaterThan(15_000);
  });

  it('plans write blocks by their bytes', () => {
    const grid = Array.from({ length: 100 }, (_, i) => [`row ${i}`, 'x'.repeat(100)]);
    const blocks = writeBlocks(grid, 2_000);
    expect(blocks.reduce((n, b) => n + b.count, 0)).toBe(100);
    expect(blocks.every((b, i) => i === 0 || b.start === blocks[i - 1]!.start + blocks[i - 1]!.count)).toBe(true);
    expect(blocks.length).toBeGreaterThan(5);
    expect(writeBlocks(grid)).toEqual([{ start: 0, count: 100 }]);
  });

  it('keeps each stamp property within 255 characters even for a very long policy id', () => {
    const report = { engineVersion: '0.1.0', evaluatedAt: '2026-11-23T09:00:00.000Z', asOf: null, today: '2026-11-23', plans: [], groups: [], diagnostics: [],
      policies: [{ id: 'p'.repeat(300), version: '2017-04-28', sha256: 'a'.repeat(64), illustrative: false }],
      summary: { plans: 0, findings: { error: 0, warning: 0, info: 0 }, groupFindings: { error: 0, warning: 0, info: 0 }, diagnostics: { error: 0, warning: 0, info: 0 } } } as unknown as EvaluationReport;
    const props = stampProperties(report, 'w'.repeat(300));
    expect(props.every(([, v]) => v.length <= 255)).toBe(true);
    expect(JSON.parse(props[1]![1]).sha256).toBe('a'.repeat(64));
  });
});

describe('highlights', () => {
  const withUserFormatting = (d: FakeWorkbookData): FakeWorkbookData => ({
    ...d,
    sheets: d.sheets.map((s) => (s.name === 'Sign-off'
      ? { ...s, fills: { B4: '#FFFF00', A1: '#005EB8' }, conditionalFormats: [{ type: 'Custom', address: 'B4:B10', formula: '=B4<TODAY()', fill: '#FF0000' }, { type: 'CellValue', address: 'C4:C10' }] }
      : s.name === 'Objectives' ? { ...s, protected: true } : s)),
  });

  it('adds jobplan\'s own conditional formats, and clearing removes only those, the user\'s formatting untouched', async () => {
    const { state, gateway } = await open('breaks-signoff-late.xlsx', {}, withUserFormatting);
    const signoff = state.sheets.find((s) => s.name === 'Sign-off')!;
    const before = userSide(state);
    await gateway.highlight!([
      { sheet: 'Sign-off', cell: 'B4', severity: 'warning' },
      { sheet: 'Sign-off', cell: 'B4', severity: 'error' },
      { sheet: 'Details', cell: 'B26', severity: 'error' },
      { sheet: 'Objectives', cell: 'A2', severity: 'info' }, // protected: skipped, no failure
      { sheet: 'Gone', cell: 'A1', severity: 'info' }, // deleted meanwhile: skipped
    ]);
    expect(signoff.conditionalFormats).toEqual([
      { type: 'Custom', address: 'B4:B10', formula: '=B4<TODAY()', fill: '#FF0000' },
      { type: 'CellValue', address: 'C4:C10' },
      { type: 'Custom', address: 'B4', formula: highlightFormula('error'), fill: HIGHLIGHT_FILL.error },
    ]);
    expect(state.sheets.find((s) => s.name === 'Details')!.conditionalFormats).toEqual([{ type: 'Custom', address: 'B26', formula: highlightFormula('error'), fill: HIGHLIGHT_FILL.error }]);
    expect(state.formatWrites).toEqual([]);
    expect(userSide(state)).toBe(before);

    // Highlighting again replaces the previous highlights rather than piling them up.
    await gateway.highlight!([{ sheet: 'Sign-off', cell: 'B5', severity: 'info' }]);
    expect(state.sheets.flatMap((s) => s.conditionalFormats).filter((f) => f.formula?.includes(HIGHLIGHT_MARKER)).map((f) => f.address)).toEqual(['B5']);

    await gateway.clearHighlights!();
    expect(state.sheets.flatMap((s) => s.conditionalFormats)).toEqual([{ type: 'Custom', address: 'B4:B10', formula: '=B4<TODAY()', fill: '#FF0000' }, { type: 'CellValue', address: 'C4:C10' }]);
    expect(state.formatWrites).toEqual([]);
    expect(userSide(state)).toBe(before);
  });

  it('takes the same syncs for one highlight as for a thousand', async () => {
    const { state, gateway } = await open('register-cpft-2026.xlsx');
    const many = Array.from({ length: 1_000 }, (_, i) => ({ sheet: 'Register', cell: `${['F', 'H', 'K', 'M'][i % 4]}${3 + 2 * i}`, severity: (['error', 'warning', 'info'] as const)[i % 3]! }));
    const syncsOf = async (work: () => Promise<void>): Promise<number> => {
      const before = state.syncs;
      await work();
      return state.syncs - before;
    };
    // The first time there is nothing of jobplan's to remove, so one sync (reading the formats' formulas) is saved.
    const first = await syncsOf(() => gateway.highlight!([{ sheet: 'Register', cell: 'F3', severity: 'error' }]));
    const one = await syncsOf(() => gateway.highlight!([{ sheet: 'Register', cell: 'F3', severity: 'error' }]));
    const thousand = await syncsOf(() => gateway.highlight!(many));
    const thousandAgain = await syncsOf(() => gateway.highlight!(many));
    const clear = await syncsOf(() => gateway.clearHighlights!());
    console.log(`syncs: first highlight ${first}, one highlight ${one}, 1,000 highlights ${thousand} (again ${thousandAgain}), clear ${clear}`);
    expect(first).toBe(one - 1);
    expect(thousand).toBe(one);
    expect(thousandAgain).toBe(one);
    expect(clear).toBe(one);
    // Names; formats and protection; the formats' formulas; the additions (Excel.run's closing sync sends nothing).
    expect(one).toBe(4);
    expect(state.sheets.flatMap((s) => s.conditionalFormats)).toEqual([]);
  });

  it('joins runs down a column at one severity, each cell once at its worst severity', () => {
    expect(highlightRanges([
      { sheet: 'Register', cell: 'F3', severity: 'error' },
      { sheet: 'Register', cell: 'F4', severity: 'error' },
      { sheet: 'Register', cell: 'f5', severity: 'warning' },
      { sheet: 'Register', cell: 'F5', severity: 'error' },
      { sheet: 'Register', cell: 'F7', severity: 'error' },
      { sheet: 'Register', cell: 'A12:AR12', severity: 'info' },
    ])).toEqual([
      { sheet: 'Register', cell: 'A12:AR12', severity: 'info' },
      { sheet: 'Register', cell: 'F3:F5', severity: 'error' },
      { sheet: 'Register', cell: 'F7', severity: 'error' },
    ]);
  });
});

describe('watching the user\'s edits', () => {
  it('ExcelApi 1.7: a handler per sheet (and per sheet added later), none on the results sheet; stops when asked', async () => {
    const { state, gateway } = await open('consultant-compliant.xlsx');
    await gateway.writeResults!({ report: await judge(gateway), validatedBy: null });
    let calls = 0;
    const stop = await gateway.watchChanges!(() => { calls += 1; });
    expect(state.workbookChangeHandlers).toHaveLength(0);
    await state.change('Timetable', 'F5');
    await state.change(RESULTS_SHEET, 'A1');
    expect(calls).toBe(1);
    // A sheet the user adds while watching is watched too.
    await state.addSheet('Dr New', [['Job plan details']]);
    await state.change('Dr New', 'B2');
    expect(calls).toBe(2);
    await stop();
    await state.change('Timetable', 'F6');
    await state.change('Dr New', 'B3');
    expect(calls).toBe(2);
    expect(state.sheets.every((s) => s.changeHandlers.length === 0)).toBe(true);
    expect(state.sheetAddedHandlers).toHaveLength(0);
  });

  it('ExcelApi 1.9: one workbook-wide handler that ignores jobplan\'s own results sheet, written first after watching began', async () => {
    const { state, gateway } = await open('consultant-compliant.xlsx', { apiVersion: '1.9' });
    let calls = 0;
    const stop = await gateway.watchChanges!(() => { calls += 1; });
    expect(state.workbookChangeHandlers).toHaveLength(1);
    expect(state.sheets.every((s) => s.changeHandlers.length === 0)).toBe(true);
    // The results sheet is written after watching began: its changes are still jobplan's own.
    // Excel raises change events for the add-in's own writes (the fake too, before the writing sync returns): the
    // sheet's id must be known inside the batch, before its first write, or live mode re-validates its own results.
    await gateway.writeResults!({ report: await judge(gateway), validatedBy: null });
    await state.settleEvents();
    const resultsId = state.sheets.find((s) => s.name === RESULTS_SHEET)!.id;
    expect(state.ownWriteEvents.filter((e) => e.worksheetId === resultsId).length).toBeGreaterThan(0);
    expect(calls).toBe(0);
    // Written again (cleared, then written): still jobplan's own.
    await gateway.writeResults!({ report: await judge(gateway), validatedBy: null });
    await state.settleEvents();
    await state.change(RESULTS_SHEET, 'A1');
    expect(calls).toBe(0);
    await state.change('Details', 'B4');
    expect(calls).toBe(1);
    await stop();
    expect(state.workbookChangeHandlers).toHaveLength(0);
  });
});
