import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDICAL_REGISTER_COLUMNS, writeRegisterWorkbook } from '../../../src-engine/node/write-register-workbook.js';
import { readWorkbookFile } from '../../../src-engine/node/read-workbook.js';
import { MAX_CELLS_PER_SYNC, MAX_SPLIT_LEVELS, planBlocks, readOpenWorkbook, splitArea } from '../../../src-addin/excel/read-open-workbook.js';
import { officeCellValue, serialToIsoDate, isDateFormat } from '../../../src-engine/workbook/normalise-cell.js';
import { seededRandom } from '../../../scripts/synthetic-plans.js';
import { syntheticRegisterRow } from '../../../scripts/bench.js';
import { workbookDataFromXlsx } from '../fake-excel/workbook-data.js';
import { createFakeExcel, type FakeWorkbookData, type OfficeValue } from '../fake-excel/fake-excel.js';
import { ROOT, readWithOffice, sheet } from './helpers.js';

describe('cell normalisation shared by both readers', () => {
  it('knows date formats as exceljs does, and turns serials into days', () => {
    expect(['dd/mm/yyyy', 'm/d/yyyy', 'd mmm yyyy', '[$-en-GB]dd mmmm yyyy', 'h:mm', 'mm-dd-yy'].every(isDateFormat)).toBe(true);
    expect(['General', '0.00', '@', '"days"0', '#,##0', ''].some(isDateFormat)).toBe(false);
    expect(serialToIsoDate(46023)).toBe('2026-01-01');
    expect(serialToIsoDate(46023.75)).toBe('2026-01-01');
    expect(serialToIsoDate(44805, true)).toBe('2026-09-02');
  });

  it('reads an Office.js cell: dates, numbers, text, booleans, errors', () => {
    expect(officeCellValue(46023, 'dd/mm/yyyy')).toBe('2026-01-01');
    expect(officeCellValue(46023, 'General')).toBe(46023);
    expect(officeCellValue('  Dr\u00a0A ', 'General')).toBe('Dr A');
    expect(officeCellValue('', 'General')).toBeNull();
    expect(officeCellValue(false, 'General')).toBe(false);
    expect(officeCellValue('#N/A', 'General', 'Error')).toEqual({ error: '#N/A' });
    expect(officeCellValue('#N/A', 'General', 'String')).toBe('#N/A');
  });
});

describe('reading the open workbook', () => {
  it('reads dates in a date format as days, serials in General as numbers, errors as empty with a warning', async () => {
    const { read } = await readWithOffice({
      title: 'plan.xlsx',
      sheets: [sheet('Details', [['Meeting date', 46023], ['Serial', 46023], ['Broken', '#N/A'], ['  Name ', ' Dr A '], ['Typed', '#REF!'], ['Signed', true]],
        [['General', 'dd/mm/yyyy'], ['General', 'General'], ['General', 'General'], ['General', 'General'], ['General', '@'], ['General', 'General']],
        [['', ''], ['', ''], ['', 'Error'], ['', ''], ['', 'String'], ['', '']])],
    });
    expect(read.snapshot.sheets[0]!.rows).toEqual([['Meeting date', '2026-01-01'], ['Serial', 46023], ['Broken'], ['Name', 'Dr A'], ['Typed', '#REF!'], ['Signed', true]]);
    expect(read.diagnostics.map((d) => [d.code, d.location])).toEqual([['workbook_cell_error', { file: 'plan.xlsx', sheet: 'Details', cell: 'B3' }]]);
    // Names, sizes, cells, and one more to tell the error #N/A from the text '#REF!'.
    expect(read.syncs).toBe(4);
  });

  it('a date cell Excel cannot show (serial 60, the 29/02/1900 that never was; a negative serial) is an error at its cell, as in the CLI, never an empty cell with no word', async () => {
    const { read } = await readWithOffice({
      title: 'plan.xlsx',
      sheets: [sheet('Details', [['Signed', 60], ['Meeting date', -3], ['Start', 46023]], [['General', 'dd/mm/yyyy'], ['General', 'dd/mm/yyyy'], ['General', 'dd/mm/yyyy']])],
    });
    expect(read.snapshot.sheets[0]!.rows).toEqual([['Signed'], ['Meeting date'], ['Start', '2026-01-01']]);
    expect(read.diagnostics.map((d) => [d.code, d.severity, d.location])).toEqual([
      ['workbook_bad_date', 'error', { file: 'plan.xlsx', sheet: 'Details', cell: 'B1' }],
      ['workbook_bad_date', 'error', { file: 'plan.xlsx', sheet: 'Details', cell: 'B2' }],
    ]);
  });

  it('reads a 1904 workbook\'s dates as the dates they are (its serials count from 1 January 1904), in no extra sync', async () => {
    const values = [['Meeting date', 44804], ['Signed', 44833]];
    const formats = [['General', 'dd/mm/yyyy'], ['General', 'd mmm yyyy']];
    const { read: mac } = await readWithOffice({ date1904: true, sheets: [sheet('Sign-off', values, formats)] });
    expect(mac.snapshot.sheets[0]!.rows).toEqual([['Meeting date', '2026-09-01'], ['Signed', '2026-09-30']]);
    expect(mac.syncs).toBe(3);
    // The same serials in a 1900 workbook are 1,462 days earlier (what the pane read for every 1904 workbook before).
    const { read: windows } = await readWithOffice({ sheets: [sheet('Sign-off', values, formats)] });
    expect(windows.snapshot.sheets[0]!.rows[0]).toEqual(['Meeting date', '2022-08-31']);
  });

  it('names each cell whose formula calls TODAY() or NOW() (Excel recalculates them on opening; the CLI reads the saved value), in no extra sync', async () => {
    const data: FakeWorkbookData = {
      title: 'plan.xlsx',
      sheets: [{
        name: 'Sign-off',
        values: [['Meeting date', 46266], ['Review due', 46349], ['Signed', 46294], ['Printed', 46349.5], ['Note', 'TODAY() is typed here as text']],
        numberFormat: [['General', 'dd/mm/yyyy'], ['General', 'dd/mm/yyyy'], ['General', 'dd/mm/yyyy'], ['General', 'dd/mm/yyyy hh:mm'], ['General', 'General']],
        formulas: { B2: '=TODAY()', B3: '=B1+28', B4: '=now( )' },
      }],
    };
    const { state, run } = createFakeExcel(data, { apiVersion: '1.9' });
    const read = await run((context) => readOpenWorkbook(context as unknown as Excel.RequestContext, 'plan.xlsx', { findVolatile: true }));
    const volatile = read.diagnostics.filter((d) => d.code === 'workbook_volatile_cell');
    expect(volatile.map((d) => [d.severity, d.location])).toEqual([
      ['warning', { file: 'plan.xlsx', sheet: 'Sign-off', cell: 'B2' }],
      ['warning', { file: 'plan.xlsx', sheet: 'Sign-off', cell: 'B4' }],
    ]);
    expect(volatile[0]!.message).toMatch(/^'Sign-off'!B2 holds =TODAY\(\), which Excel works out again each time the workbook is opened/);
    expect(read.syncs).toBe(3);
    expect(state.closingSyncs).toBe(0);
    // The cells themselves read as ever.
    expect(read.snapshot.sheets[0]!.rows[1]).toEqual(['Review due', '2026-11-23']);
    // Without ExcelApi 1.9 (findVolatile off) the same read, without the warning.
    const { read: old } = await readWithOffice(data);
    expect(old.diagnostics).toEqual([]);
    expect(old.snapshot).toEqual(read.snapshot);
  });

  it('places a used range that does not start at A1 where it is, and skips jobplan\'s own results sheet', async () => {
    const { read } = await readWithOffice({ sheets: [sheet('Timetable', [['', '', ''], ['', '', ''], ['', 'Day', 'PAs'], ['', 'Monday', 1]]), sheet('jobplan results', [['x']]), sheet('Empty', [])] });
    expect(read.snapshot.sheets.map((s) => s.name)).toEqual(['Timetable', 'Empty']);
    expect(read.snapshot.sheets[0]!.rows).toEqual([[], [], [null, 'Day', 'PAs'], [null, 'Monday', 1]]);
    expect(read.snapshot.sheets[1]!.rows).toEqual([]);
  });

  it('reads a used range starting deep in a wide sheet (row 500, column AB)', async () => {
    const values: string[][] = Array.from({ length: 501 }, () => Array<string>(29).fill(''));
    values[499]![27] = 'Plan reference';
    values[500]![28] = 'JP-1';
    const { read } = await readWithOffice({ sheets: [sheet('Register', values)] });
    const rows = read.snapshot.sheets[0]!.rows;
    expect(rows).toHaveLength(501);
    expect(rows[499]![27]).toBe('Plan reference');
    expect(rows[500]).toEqual([...Array<null>(28).fill(null), 'JP-1']);
  });

  it('plans blocks of whole rows, gathered into batches of at most the cell budget', () => {
    const sizes = [{ rowIndex: 0, columnIndex: 0, rowCount: 10, columnCount: 5 }, null, { rowIndex: 3, columnIndex: 2, rowCount: 25, columnCount: 4 }];
    expect(planBlocks(sizes, 1_000)).toEqual([[{ sheet: 0, firstRow: 0, firstCol: 0, rows: 10, cols: 5 }, { sheet: 2, firstRow: 3, firstCol: 2, rows: 25, cols: 4 }]]);
    const split = planBlocks(sizes, 60);
    expect(split.flat().reduce((n, b) => n + b.rows * b.cols, 0)).toBe(150);
    expect(split.every((batch) => batch.reduce((n, b) => n + b.rows * b.cols, 0) <= 60)).toBe(true);
  });
});

describe('syncs for a validation read do not grow with the workbook', () => {
  let register5000: FakeWorkbookData;
  let register5000File: string;
  let work: string;

  beforeAll(async () => {
    // A 5,000-plan register written exactly as the benchmark writes its synthetic registers.
    work = mkdtempSync(join(tmpdir(), 'jobplan-syncs-'));
    register5000File = join(work, 'register-5000.xlsx');
    const random = seededRandom(1234);
    const rows = function* () {
      for (let i = 0; i < 5_000; i++) yield syntheticRegisterRow(random, i);
    };
    await writeRegisterWorkbook(rows(), register5000File, { columns: MEDICAL_REGISTER_COLUMNS, title: 'Synthetic register of 5,000 job plans', guidance: false });
    register5000 = await workbookDataFromXlsx(register5000File);
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the smallest example, the largest examples and a 5,000-plan register take the same syncs', async () => {
    const counts: Record<string, { reader: number; total: number; largestResponse: number }> = {};
    for (const name of ['not-a-job-plan.xlsx', 'register-cpft-2026.xlsx', 'job-plans-by-sheet.xlsx']) {
      const { read, state } = await readWithOffice(await workbookDataFromXlsx(join(ROOT, 'examples', name)));
      counts[name] = { reader: read.syncs, total: state.syncs, largestResponse: state.largestResponse };
    }
    const { read, state } = await readWithOffice(register5000);
    counts['register-5000.xlsx'] = { reader: read.syncs, total: state.syncs, largestResponse: state.largestResponse };
    const cells = register5000.sheets.reduce((n, s) => n + s.values.length * (s.values[0]?.length ?? 0), 0);
    console.log(`syncs for a read (reader's own / with Excel.run's closing sync; largest response): ${JSON.stringify(counts)}; 5,000-plan register: ${cells} cells`);
    expect(read.snapshot.sheets[0]!.rows.length).toBeGreaterThan(5_000);
    expect(cells).toBeLessThanOrEqual(MAX_CELLS_PER_SYNC);
    expect(new Set(Object.values(counts).map((c) => c.reader))).toEqual(new Set([3]));
    // Excel.run's closing sync has nothing left to send: no round trip.
    expect(new Set(Object.values(counts).map((c) => c.total))).toEqual(new Set([3]));
    // Every request and response inside Excel on the web's 5 MB (the fake refuses anything over it).
    expect(Math.max(...Object.values(counts).map((c) => c.largestResponse))).toBeLessThan(5 * 1024 * 1024);
  });

  it('the 5,000-plan register reads the same through Office.js as through the Node reader', async () => {
    const node = await readWorkbookFile(register5000File);
    const { read } = await readWithOffice(register5000);
    expect({ ...read.snapshot, source: node.snapshot!.source }).toEqual(node.snapshot);
  });

  it('a register past one request is read in a bounded number of syncs (one per block of cells, not per row)', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => [`JP-${i}`, 10, 7.5, 2.5, 'Psychiatry', 46023]);
    const formats = rows.map(() => ['General', 'General', 'General', 'General', 'General', 'dd/mm/yyyy']);
    const { read, state } = await readWithOffice({ sheets: [sheet('Register', [['Plan reference', 'Contracted PAs', 'DCC', 'SPA', 'Specialty', 'Meeting'], ...rows], [Array<string>(6).fill('General'), ...formats])] });
    // 240,006 cells: the names, the sizes, one look at the halves' used ranges (full: the range is read as it is),
    // then two blocks under 180,000 cells.
    expect(read.syncs).toBe(3 + Math.ceil(240_006 / MAX_CELLS_PER_SYNC));
    expect(read.snapshot.sheets[0]!.rows[40_000]).toEqual(['JP-39999', 10, 7.5, 2.5, 'Psychiatry', '2026-01-01']);
    expect(state.largestResponse).toBeLessThan(5 * 1024 * 1024);
  });

  it('halves a block Excel refuses as too big (long texts), and still reads every cell', async () => {
    const long = 'x'.repeat(400);
    const rows = Array.from({ length: 2_000 }, (_, i) => [`JP-${i}`, `${long}${i}`]);
    // 2,000 rows of ~400 characters: ~800 KB, past a 300 KB limit, so the one planned block is halved until it fits.
    const { read, state } = await readWithOffice({ sheets: [sheet('Objectives', rows)] }, { payloadLimit: 300_000 });
    expect(read.snapshot.sheets[0]!.rows).toHaveLength(2_000);
    expect(read.snapshot.sheets[0]!.rows[1_999]).toEqual(['JP-1999', `${long}1999`]);
    expect(state.largestResponse).toBeLessThanOrEqual(300_000);
    expect(read.syncs).toBeGreaterThan(3);
    expect(read.syncs).toBeLessThan(20);
  });
  it('a stray value at XFD5000 of the 5,000-plan register costs one sync more, not 500: only the columns and rows holding data are read', async () => {
    const stray = (d: FakeWorkbookData): FakeWorkbookData => ({
      ...d,
      sheets: d.sheets.map((s, i) => {
        if (i !== 0) return s;
        const values = s.values.map((r) => [...r]);
        // A sparse row: the value sits at column 16,384 without 16,000 blanks before it (as Excel keeps it).
        const row: OfficeValue[] = (values[4_999] ??= []);
        row[16_383] = 'stray';
        return { ...s, values };
      }),
    });
    const data = stray(register5000);
    const { read, state } = await readWithOffice(data);
    const usedBefore = { rowIndex: 0, columnIndex: 0, rowCount: data.sheets[0]!.values.length, columnCount: 16_384 };
    // What reading the whole used range (A1:XFD5002) would take: the names, the sizes, then a sync per block.
    const before = 2 + planBlocks([usedBefore]).length;
    console.log(`5,000-plan register with a stray value at XFD5000: ${before} syncs reading the whole used range, ${read.syncs} now (largest response ${state.largestResponse} bytes)`);
    expect(before).toBeGreaterThan(500);
    expect(read.syncs).toBe(4);
    expect(state.largestResponse).toBeLessThan(5 * 1024 * 1024);
    // Everything else reads as before, and the stray value is where it was.
    const plain = (await readWithOffice(register5000)).read.snapshot.sheets[0]!.rows;
    const rows = read.snapshot.sheets[0]!.rows;
    expect(rows.length).toBe(plain.length);
    expect(rows[4_999]![16_383]).toBe('stray');
    expect(rows[4_999]!.slice(0, plain[4_999]!.length)).toEqual(plain[4_999]);
    expect(rows.filter((_, r) => r !== 4_999)).toEqual(plain.filter((_, r) => r !== 4_999));
  });

  it('a used range of A1:XFD1048576 (one value in the last cell) is read in a few syncs', async () => {
    const values: OfficeValue[][] = [['Plan reference', 'SPA'], ['JP-1', 2.5]];
    (values[1_048_575] ??= [])[16_383] = 'x';
    const { read } = await readWithOffice({ sheets: [sheet('Register', values)] });
    expect(read.syncs).toBeLessThanOrEqual(5);
    expect(read.snapshot.sheets[0]!.rows[1]).toEqual(['JP-1', 2.5]);
    expect(read.snapshot.sheets[0]!.rows[1_048_575]![16_383]).toBe('x');
  });

  it('values scattered so widely that no halving bounds them are not read: the pane says where they are', async () => {
    // A value every 2,048 rows down the diagonal: each halving leaves parts still mostly empty.
    const values: OfficeValue[][] = [];
    for (let i = 0; i < 512; i++) (values[i * 2_048] ??= [])[i * 32] = `v${i}`;
    const { read } = await readWithOffice({ title: 'scattered.xlsx', sheets: [sheet('Scattered', values)] });
    expect(read.syncs).toBeLessThanOrEqual(2 + MAX_SPLIT_LEVELS + 3);
    const sparse = read.diagnostics.filter((d) => d.code === 'workbook_sparse_range');
    expect(sparse.length).toBeGreaterThan(0);
    expect(sparse[0]!.message).toMatch(/^Values are scattered across Scattered![A-Z]+\d+:[A-Z]+\d+ \([\d,]+ cells, mostly empty\)/);
    expect(sparse[0]!.location).toMatchObject({ file: 'scattered.xlsx', sheet: 'Scattered' });
  });

  it('halves an area across its longer side', () => {
    expect(splitArea({ sheet: 0, row: 0, col: 0, rows: 5_000, cols: 16_384 })).toEqual([{ sheet: 0, row: 0, col: 0, rows: 5_000, cols: 8_192 }, { sheet: 0, row: 0, col: 8_192, rows: 5_000, cols: 8_192 }]);
    expect(splitArea({ sheet: 1, row: 10, col: 2, rows: 7, cols: 3 })).toEqual([{ sheet: 1, row: 10, col: 2, rows: 4, cols: 3 }, { sheet: 1, row: 14, col: 2, rows: 3, cols: 3 }]);
  });
});
