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
export async function readWithOffice(data: FakeWorkbookData, options: FakeOptions & { maxCellsPerSync?: number; readMerges?: boolean } = {}): Promise<{ read: OpenWorkbookRead; state: FakeExcelState }> {
  const { state, run } = createFakeExcel(data, options);
  const read = await run((context) => readOpenWorkbook(context as unknown as Excel.RequestContext, data.title ?? 'Book1.xlsx', {
    ...(options.maxCellsPerSync ? { maxCellsPerSync: options.maxCellsPerSync } : {}),
    ...(options.readMerges ? { readMerges: true } : {}),
  }));
  return { read, state };
}

export function sheet(name: string, values: (string | number | boolean)[][], numberFormat?: string[][], valueTypes?: string[][]): FakeSheetData {
  return { name, values, ...(numberFormat ? { numberFormat } : {}), ...(valueTypes ? { valueTypes } : {}) };
}

/**
 * The Node reader's snapshot without merged ranges: what the Office.js reader gives on a host before ExcelApi 1.13,
 * which cannot list merged ranges (getMergedAreasOrNullObject), so the pane there reads a merged label's value as the
 * CLI did before merges were read. From 1.13 the two readers agree on the merges too.
 */
export function withoutMerges<T extends { sheets: readonly object[] } | null | undefined>(snapshot: T): T {
  if (!snapshot) return snapshot;
  return { ...snapshot, sheets: snapshot.sheets.map((s) => Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'merges'))) };
}
