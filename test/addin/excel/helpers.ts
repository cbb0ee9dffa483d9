/** Shared by the Excel-layer tests: run the reader over the fake, and example workbook paths. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readOpenWorkbook, type OpenWorkbookRead } from '../../../src-addin/excel/read-open-workbook.js';
import { createFakeExcel, type FakeExcelState, type FakeOptions, type FakeSheetData, type FakeWorkbookData } from '../fake-excel/fake-excel.js';

export const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Every example workbook, the templates included, as paths relative to the repository. */
export const EXAMPLE_WORKBOOKS: readonly string[] = [
  ...readdirSync(join(ROOT, 'examples')).filter((n) => n.endsWith('.xlsx')).sort().map((n) => join('examples', n)),
  ...readdirSync(join(ROOT, 'examples', 'template')).filter((n) => n.endsWith('.xlsx')).sort().map((n) => join('examples', 'template', n)),
];

/** Reads the fake workbook with the Office.js reader; `state.syncs` counts every sync, Excel.run's final one included. */
export async function readWithOffice(data: FakeWorkbookData, options: FakeOptions & { maxCellsPerSync?: number } = {}): Promise<{ read: OpenWorkbookRead; state: FakeExcelState }> {
  const { state, run } = createFakeExcel(data, options);
  const read = await run((context) => readOpenWorkbook(context as unknown as Excel.RequestContext, data.title ?? 'Book1.xlsx', options.maxCellsPerSync ? { maxCellsPerSync: options.maxCellsPerSync } : {}));
  return { read, state };
}

export function sheet(name: string, values: (string | number | boolean)[][], numberFormat?: string[][], valueTypes?: string[][]): FakeSheetData {
  return { name, values, ...(numberFormat ? { numberFormat } : {}), ...(valueTypes ? { valueTypes } : {}) };
}
