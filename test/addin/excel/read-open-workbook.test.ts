import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkbookFile } from '../../../src-engine/node/read-workbook.js';
import { readOpenWorkbook } from '../../../src-addin/excel/read-open-workbook.js';
import { createFakeExcel, type FakeWorkbookData } from '../fake-excel/fake-excel.js';
import { workbookDataFromXlsx } from '../fake-excel/workbook-data.js';

const root = join(import.meta.dirname, '..', '..', '..');
const examples = [
  ...readdirSync(join(root, 'examples')).filter((n) => n.endsWith('.xlsx')).map((n) => join('examples', n)),
  ...readdirSync(join(root, 'examples', 'template')).map((n) => join('examples', 'template', n)),
];

async function readWithOffice(data: FakeWorkbookData) {
  const { state, run } = createFakeExcel(data);
  // The fake's context has the shape of Excel.RequestContext for the calls the reader makes.
  const read = await run((context) => readOpenWorkbook(context as unknown as Excel.RequestContext, data.title ?? 'Book1'));
  return { read, state };
}

describe('the Office.js reader and the Node reader give the same snapshot (contract)', () => {
  it.each(examples)('%s', async (file) => {
    const node = await readWorkbookFile(join(root, file));
    const { read } = await readWithOffice(await workbookDataFromXlsx(join(root, file), node.snapshot!.source));
    expect(read.snapshot).toEqual(node.snapshot);
    expect(read.diagnostics).toEqual(node.diagnostics);
  });
});

describe('reading the open workbook', () => {
  const sheet = (name: string, values: (string | number | boolean)[][], numberFormat?: string[][], valueTypes?: string[][]) => ({ name, values, ...(numberFormat ? { numberFormat } : {}), ...(valueTypes ? { valueTypes } : {}) });

  it('reads dates in a date format as days, serials in General as numbers, errors as empty with a warning', async () => {
    const { read } = await readWithOffice({ title: 'plan.xlsx', sheets: [sheet('Details', [['Meeting date', 46023], ['Serial', 46023], ['Broken', '#N/A'], ['  Name ', ' Dr A ']], [['General', 'dd/mm/yyyy'], ['General', 'General'], ['General', 'General'], ['General', 'General']], [['', ''], ['', ''], ['', 'Error'], ['', '']])] });
    expect(read.snapshot.sheets[0]!.rows).toEqual([['Meeting date', '2026-01-01'], ['Serial', 46023], ['Broken'], ['Name', 'Dr A']]);
    expect(read.diagnostics.map((d) => [d.code, d.location])).toEqual([['workbook_cell_error', { file: 'plan.xlsx', sheet: 'Details', cell: 'B3' }]]);
  });

  it('places a used range that does not start at A1 where it is, and skips jobplan\'s own results sheet', async () => {
    const { read } = await readWithOffice({ sheets: [sheet('Timetable', [['', '', ''], ['', '', ''], ['', 'Day', 'PAs'], ['', 'Monday', 1]]), sheet('jobplan results', [['x']])] });
    expect(read.snapshot.sheets.map((s) => s.name)).toEqual(['Timetable']);
    expect(read.snapshot.sheets[0]!.rows).toEqual([[], [], [null, 'Day', 'PAs'], [null, 'Monday', 1]]);
  });

  it('syncs the same few times for the smallest example and for a 5,000-row register', async () => {
    const small = await readWithOffice(await workbookDataFromXlsx(join(root, 'examples', 'not-a-job-plan.xlsx')));
    const largest = await readWithOffice(await workbookDataFromXlsx(join(root, 'examples', 'register-cpft-2026.xlsx')));
    const rows = Array.from({ length: 5_000 }, (_, i) => [`JP-${i}`, 'Dr X', 10, 7.5, 2.5, 46023, 'Psychiatry', 'Mental Health', 1, 0, 0, 0]);
    const big = await readWithOffice({ sheets: [sheet('Register', [['Plan reference', 'Practitioner', 'Contracted PAs', 'DCC', 'SPA', 'Meeting date', 'Specialty', 'Care group', 'A', 'B', 'C', 'D'], ...rows])] });
    expect(big.read.snapshot.sheets[0]!.rows).toHaveLength(5_001);
    console.log(`syncs for a read: smallest example ${small.read.syncs}, largest example ${largest.read.syncs}, 5,000-row register ${big.read.syncs}`);
    expect(small.read.syncs).toBe(3);
    expect(largest.read.syncs).toBe(small.read.syncs);
    expect(big.read.syncs).toBe(small.read.syncs);
  });

  it('a register too big for one request is read in a bounded number of syncs, not one per row', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [`JP-${i}`, 10, 7.5, 2.5, 'Psychiatry']);
    const { read } = await readWithOffice({ sheets: [sheet('Register', [['Plan reference', 'Contracted PAs', 'DCC', 'SPA', 'Specialty'], ...rows])] });
    // 100,005 cells: two batches of at most 80,000 cells, plus the names and the sizes.
    expect(read.syncs).toBe(4);
    expect(read.snapshot.sheets[0]!.rows[20_000]).toEqual(['JP-19999', 10, 7.5, 2.5, 'Psychiatry']);
  });
});
