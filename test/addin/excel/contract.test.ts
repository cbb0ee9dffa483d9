/**
 * The contract between the two readers: for every example workbook, the add-in's Office.js reader (over the fake,
 * given what Excel would report for the file: serials in date formats, formula results, error texts) and the CLI's
 * Node reader (exceljs) produce the same snapshot and the same warnings.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkbookFile } from '../../../src-engine/node/read-workbook.js';
import { workbookDataFromXlsx } from '../fake-excel/workbook-data.js';
import { EXAMPLE_WORKBOOKS, ROOT, readWithOffice, withoutMerges } from './helpers.js';

describe('the Office.js reader and the Node reader give the same snapshot (contract)', () => {
  it('covers every example workbook and both templates', () => {
    expect(EXAMPLE_WORKBOOKS.length).toBeGreaterThanOrEqual(20);
    expect(EXAMPLE_WORKBOOKS).toContain(join('examples', 'template', 'job-plan-template.xlsx'));
    expect(EXAMPLE_WORKBOOKS).toContain(join('examples', 'template', 'job-plan-register-template.xlsx'));
  });

  it.each(EXAMPLE_WORKBOOKS)('%s', async (file) => {
    const node = await readWorkbookFile(join(ROOT, file));
    expect(node.snapshot).not.toBeNull();
    const { read } = await readWithOffice(await workbookDataFromXlsx(join(ROOT, file), node.snapshot!.source));
    expect(read.snapshot).toEqual(withoutMerges(node.snapshot));
    expect(read.diagnostics).toEqual(node.diagnostics);
  });

  // Trust layouts lean on merged labels ("Job plan effective from:" over A11:B11, its value in C11).
  const MERGED = [...EXAMPLE_WORKBOOKS, ...readdirSync(join(ROOT, 'examples', 'trusts')).filter((n) => n.endsWith('.xlsx')).map((n) => join('examples', 'trusts', n))];
  it.each(MERGED)('%s, merged ranges included, on ExcelApi 1.13 in the same syncs', async (file) => {
    const node = await readWorkbookFile(join(ROOT, file));
    const data = await workbookDataFromXlsx(join(ROOT, file), node.snapshot!.source);
    const without = await readWithOffice(data, { apiVersion: '1.13' });
    const { read, state } = await readWithOffice(data, { apiVersion: '1.13', readMerges: true });
    // A formula the file never calculated is a file's problem only: Excel calculates it when it opens the workbook.
    const fileOnly = { ...node.snapshot!, sheets: node.snapshot!.sheets.map(({ uncalculated: _, ...sheet }) => sheet) };
    expect(read.snapshot).toEqual(fileOnly);
    expect(read.diagnostics).toEqual(node.diagnostics);
    expect(state.syncs).toBe(without.state.syncs);
  });

  it('the merged label\'s value is read as the CLI reads it (examples/trusts/bma-style-consultant.xlsx)', async () => {
    const file = join(ROOT, 'examples', 'trusts', 'bma-style-consultant.xlsx');
    const { read } = await readWithOffice(await workbookDataFromXlsx(file), { apiVersion: '1.13', readMerges: true });
    expect(read.snapshot.sheets[0]!.merges).toEqual(expect.arrayContaining(['A11:B11', 'A12:B12']));
  });

  it('holds for a workbook whose dates, errors, formulas and blanks are all Excel can make them', async () => {
    // Written by exceljs with real dates, a date formula, an error, rich text and a used range away from A1.
    const { default: ExcelJS } = await import('exceljs');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sign-off');
    ws.getCell('C3').value = 'Meeting date';
    ws.getCell('D3').value = new Date(Date.UTC(2026, 8, 1));
    ws.getCell('D3').numFmt = 'dd/mm/yyyy';
    ws.getCell('D4').value = { formula: 'D3+28', result: new Date(Date.UTC(2026, 8, 29)) };
    ws.getCell('D4').numFmt = 'd mmm yyyy';
    ws.getCell('D5').value = 46023;
    ws.getCell('D6').value = { error: '#N/A' };
    ws.getCell('D7').value = { richText: [{ text: ' Ward ' }, { text: 'round ' }] };
    ws.getCell('D8').value = true;
    ws.getCell('E9').value = '   ';
    const hidden = wb.addWorksheet('Lists', { state: 'hidden' });
    hidden.getCell('A1').value = 'Weekly';
    const dir = mkdtempSync(join(tmpdir(), 'jobplan-contract-'));
    const file = join(dir, 'made.xlsx');
    await wb.xlsx.writeFile(file);
    try {
      const node = await readWorkbookFile(file);
      const { read } = await readWithOffice(await workbookDataFromXlsx(file, node.snapshot!.source));
      expect(read.snapshot).toEqual(withoutMerges(node.snapshot));
      expect(read.diagnostics).toEqual(node.diagnostics);
      expect(read.snapshot.sheets[0]!.rows[3]![3]).toBe('2026-09-29');
      expect(read.snapshot.sheets.map((s) => s.name)).toEqual(['Sign-off', 'Lists']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('holds for a 1904 workbook (Excel for Mac\'s old date system): the same dates, though Excel reports other serials', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'jobplan-contract-1904-'));
    try {
      const wb = new ExcelJS.Workbook();
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet('Sign-off');
      ws.getCell('A1').value = 'Meeting date';
      ws.getCell('B1').value = new Date(Date.UTC(2026, 8, 1));
      ws.getCell('B1').numFmt = 'dd/mm/yyyy';
      const file = join(dir, 'mac.xlsx');
      await wb.xlsx.writeFile(file);
      const node = await readWorkbookFile(file);
      const data = await workbookDataFromXlsx(file, node.snapshot!.source);
      expect(data.date1904).toBe(true);
      expect(data.sheets[0]!.values[0]![1]).toBe(46266 - 1462);
      const { read } = await readWithOffice(data);
      expect(read.snapshot).toEqual(withoutMerges(node.snapshot));
      expect(read.snapshot.sheets[0]!.rows[0]).toEqual(['Meeting date', '2026-09-01']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
