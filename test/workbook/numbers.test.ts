/**
 * Fail closed on numbers (issue 12, item 3): a number that is not finite, a date-formatted number that is no date
 * Excel can show (serial 60, the fictitious 29/02/1900; 1e308), and a date before 1950 are diagnostics naming the
 * cell, on every reader, never read as empty (or as a date) without a word.
 */
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readXlsxBytes, type ExcelJsModule } from '../../src-addin/browser/xlsx-snapshot.js';
import type { Diagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { readWorkbookBuffer, readWorkbookBufferStreaming, type ReadWorkbookResult } from '../../src-engine/node/read-workbook.js';
import { coerceCell } from '../../src-engine/workbook/coerce.js';
import { normaliseExcelJsValue } from '../../src-engine/workbook/exceljs-cells.js';
import { NOT_A_DATE, NOT_A_NUMBER, officeCellValue } from '../../src-engine/workbook/normalise-cell.js';

/** A workbook whose A column holds the given raw numbers in General format and B column in a date format. */
async function workbookOf(values: readonly string[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Details');
  values.forEach((_, i) => {
    ws.getCell(`A${i + 1}`).value = 1;
    const date = ws.getCell(`B${i + 1}`);
    date.value = 1;
    date.numFmt = 'dd/mm/yyyy';
  });
  const parts = unzipSync(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  let sheet = strFromU8(parts['xl/worksheets/sheet1.xml']!);
  values.forEach((v, i) => {
    sheet = sheet.replace(new RegExp(`(<c r="A${i + 1}"[^>]*>)<v>1</v>`), `$1<v>${v}</v>`).replace(new RegExp(`(<c r="B${i + 1}"[^>]*>)<v>1</v>`), `$1<v>${v}</v>`);
  });
  parts['xl/worksheets/sheet1.xml'] = strToU8(sheet);
  return zipSync(parts);
}

const readers: Record<string, (bytes: Uint8Array) => Promise<ReadWorkbookResult>> = {
  normal: (bytes) => readWorkbookBuffer(bytes, 'plan.xlsx'),
  streaming: (bytes) => readWorkbookBufferStreaming(bytes, 'plan.xlsx', { fallbackToNormalReader: false }),
  browser: (bytes) => readXlsxBytes(ExcelJS as unknown as ExcelJsModule, bytes, 'plan.xlsx'),
};

const at = (d: Diagnostic): string => `${d.code}@${d.location && 'cell' in d.location ? d.location.cell : '?'}:${d.severity}`;

describe.each(Object.keys(readers))('the %s reader', (name) => {
  it('reports NaN, INF and 1e309 cells, and date cells holding 1e308, 60 or -5, as errors at their cells, read as empty', async () => {
    const result = await readers[name]!(await workbookOf(['NaN', 'INF', '1e309', '1e308', '60', '-5', '46023']));
    const rows = result.snapshot!.sheets[0]!.rows;
    expect(rows.map((r) => r[0] ?? null)).toEqual([null, null, null, 1e308, 60, -5, 46023]);
    expect(rows.map((r) => r[1] ?? null)).toEqual([null, null, null, null, null, null, '2026-01-01']);
    expect(result.diagnostics.map(at).sort()).toEqual([
      'workbook_bad_date@B1:error', 'workbook_bad_date@B2:error', 'workbook_bad_date@B3:error', 'workbook_bad_date@B4:error', 'workbook_bad_date@B5:error', 'workbook_bad_date@B6:error',
      'workbook_bad_number@A1:error', 'workbook_bad_number@A2:error', 'workbook_bad_number@A3:error',
    ]);
    const serial60 = result.diagnostics.find((d) => at(d).startsWith('workbook_bad_date@B5'))!;
    expect(serial60.message).toContain('29 February that never was');
    expect(serial60.message).not.toContain('28/02/1900');
  });
});

describe('cell values shared by the readers', () => {
  it('exceljs values: NaN and Infinity, and Dates Excel cannot show, are error values; a time of day alone is kept', () => {
    expect(normaliseExcelJsValue(Number.NaN)).toEqual({ error: NOT_A_NUMBER });
    expect(normaliseExcelJsValue(Number.POSITIVE_INFINITY)).toEqual({ error: NOT_A_NUMBER });
    expect(normaliseExcelJsValue(new Date(Number.NaN))).toEqual({ error: NOT_A_DATE });
    expect(normaliseExcelJsValue(new Date(Date.UTC(1900, 1, 28)))).toEqual({ error: NOT_A_DATE });
    expect(normaliseExcelJsValue(new Date(Date.UTC(1899, 11, 30, 9)))).toBe('1899-12-30');
    expect(normaliseExcelJsValue(new Date(Date.UTC(1900, 2, 1)))).toBe('1900-03-01');
  });

  it('Office.js values: serial 60 in a date format is no date; a non-finite number is reported', () => {
    expect(officeCellValue(60, 'dd/mm/yyyy')).toEqual({ error: NOT_A_DATE });
    expect(officeCellValue(46023, 'dd/mm/yyyy')).toBe('2026-01-01');
    expect(officeCellValue(Number.NaN, 'General')).toEqual({ error: NOT_A_NUMBER });
  });
});

describe('coercing to a field', () => {
  const number = { kind: 'number', minimum: 0 } as const;
  const date = { kind: 'date' } as const;

  it('a 400-digit number, NaN or a negative number of PAs is refused', () => {
    expect(coerceCell('1'.repeat(400), number)).toMatchObject({ ok: false, code: 'workbook_bad_number' });
    expect(coerceCell(Number.NaN, number)).toMatchObject({ ok: false, code: 'workbook_bad_number' });
    expect(coerceCell(-10, number)).toMatchObject({ ok: false, code: 'workbook_bad_number' });
    expect(coerceCell('7.5', number)).toEqual({ ok: true, value: 7.5 });
  });

  it('a date before 1950, from a date cell or typed, is refused; a real date is read', () => {
    for (const value of ['1900-02-28', '01/01/1900', '1949-12-31', 'March 1900']) {
      expect(coerceCell(value, date)).toMatchObject({ ok: false, code: 'workbook_bad_date', message: expect.stringContaining('before 1950') });
    }
    expect(coerceCell('1899-12-30', date)).toMatchObject({ ok: false, code: 'workbook_bad_date' });
    expect(coerceCell('1950-01-01', date)).toEqual({ ok: true, value: '1950-01-01' });
    expect(coerceCell('28/04/2017', date)).toEqual({ ok: true, value: '2017-04-28' });
  });
});
