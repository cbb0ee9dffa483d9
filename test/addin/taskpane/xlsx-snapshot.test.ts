/**
 * Outside Excel the pane reads the .xlsx with exceljs's browser build and src-addin/browser/xlsx-snapshot.ts. Here
 * that normalisation runs over the same exceljs object model (the npm package; the browser build is the same code)
 * and must give, for every example workbook, the very snapshot and warnings of the CLI's reader.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkXlsxBytes, readXlsxBytes, type ExcelJsModule } from '../../../src-addin/browser/xlsx-snapshot.js';
import { normaliseExcelJsValue, readWorkbookBuffer } from '../../../src-engine/node/read-workbook.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.xlsx')).sort();

describe('the browser .xlsx reader gives the CLI reader\'s snapshot (contract)', () => {
  it.each(examples)('%s', async (file) => {
    const bytes = new Uint8Array(readFileSync(join(root, 'examples', file)));
    const browser = await readXlsxBytes(ExcelJS as unknown as ExcelJsModule, bytes, file);
    const node = await readWorkbookBuffer(bytes, file);
    expect(browser.snapshot).toEqual(node.snapshot);
    expect(browser.diagnostics).toEqual(node.diagnostics);
  });

  it('normalises each kind of cell value as the CLI does', () => {
    const values: unknown[] = [null, undefined, '  Ward round\u00a0', '', 7.5, Number.NaN, true, new Date(Date.UTC(2017, 3, 28)), { formula: 'SUM(A1:A3)', result: 10 }, { sharedFormula: 'A1', result: 'x' },
      { formula: 'NOW()' }, { richText: [{ text: 'Ward ' }, { text: 'round' }] }, { hyperlink: 'https://x', text: 'link' }, { hyperlink: 'https://y' }, { error: '#N/A' }, { formula: 'A1', result: { error: '#REF!' } }];
    // The browser reader uses the core's normaliseExcelJsValue itself; what it gives for each kind of value:
    // NaN is no value Excel can hold: reported as an error value (issue 12, item 3), never read as empty without a word.
    expect(values.map(normaliseExcelJsValue)).toEqual([null, null, 'Ward round', null, 7.5, { error: 'not a finite number' }, true, '2017-04-28', 10, 'x', null, 'Ward round', 'link', 'https://y', { error: '#N/A' }, { error: '#REF!' }]);
  });

  it('says in plain words when the file is not an .xlsx workbook', () => {
    expect(checkXlsxBytes(new Uint8Array(), 'a.xlsx')?.message).toMatch(/is empty/);
    expect(checkXlsxBytes(new TextEncoder().encode('name,grade\n'), 'a.csv')?.message).toMatch(/not an Excel workbook; open it in Excel/);
    expect(checkXlsxBytes(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.xls')?.code).toBe('workbook_not_xlsx');
  });
});
