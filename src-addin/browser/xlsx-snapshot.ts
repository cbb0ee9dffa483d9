/**
 * An .xlsx file read in the browser (exceljs's browser build) → the same WorkbookSnapshot the CLI's reader
 * (src-engine/node/read-workbook.ts) makes of it, through the same core normalisation of exceljs's object model
 * (src-engine/workbook/exceljs-cells.ts). test/addin/taskpane/xlsx-snapshot.test.ts runs it over every example
 * workbook and requires snapshots identical to the CLI's.
 *
 * exceljs is given as a parameter (the worker loads its browser build with importScripts; Node tests pass the
 * npm package), so this file imports no exceljs and no DOM.
 */
import type { Diagnostic } from '../../src-engine/index.js';
import { snapshotWorksheet, type ExcelJsWorksheet } from '../../src-engine/workbook/exceljs-cells.js';
import { INPUT_LIMITS } from '../../src-engine/workbook/input-limits.js';
import { CellErrorReporter } from '../../src-engine/workbook/normalise-cell.js';
import { BROWSER_XLSX_LIMITS, checkZipDirectory, guardXlsxParts } from '../../src-engine/workbook/xlsx-bounds.js';
import type { SheetSnapshot, WorkbookSnapshot } from '../../src-engine/workbook/snapshot.js';

export interface XlsxWorkbook {
  readonly worksheets: readonly ExcelJsWorksheet[];
  readonly xlsx: { load(data: ArrayBuffer | Uint8Array): Promise<unknown> };
}
export interface ExcelJsModule {
  readonly Workbook: new () => XlsxWorkbook;
}

/** A browser tab has less room than the CLI's process (src-engine/workbook/input-limits.ts). */
export const MAX_BROWSER_FILE_BYTES = INPUT_LIMITS.browserXlsxFileBytes;
const SAVE_AS_XLSX = 'open it in Excel and use File > Save As > "Excel Workbook (.xlsx)"';

/** A loaded exceljs workbook → snapshot + the reader's warnings (cells showing Excel errors). */
export function snapshotOfWorkbook(workbook: XlsxWorkbook, source: string): { snapshot: WorkbookSnapshot; diagnostics: Diagnostic[] } {
  // The core's capped reporter, the one the CLI's reader uses.
  const errors = new CellErrorReporter(source);
  const sheets: SheetSnapshot[] = workbook.worksheets.map((ws) => snapshotWorksheet(ws, errors));
  return { snapshot: { source, sheets }, diagnostics: errors.toArray() };
}

/** The reader's first checks on the bytes, so the user hears "save as .xlsx", not a zip library's error. */
export function checkXlsxBytes(bytes: Uint8Array, source: string): Diagnostic | null {
  const fail = (code: string, message: string): Diagnostic => ({ code, severity: 'error', message, location: { file: source, line: 1, col: 1 } });
  if (bytes.length === 0) return fail('workbook_not_xlsx', `${source} is empty; ${SAVE_AS_XLSX}.`);
  if (bytes.length > MAX_BROWSER_FILE_BYTES) return fail('workbook_too_large', `${source} is ${(bytes.length / 1048576).toFixed(0)} MB, too big to check in a browser tab; check it with the jobplan command line instead.`);
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return fail('workbook_not_xlsx', `${source} is an old-format Excel (.xls) file or a password-protected workbook, not an .xlsx workbook; ${SAVE_AS_XLSX} (without a password).`);
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) return fail('workbook_not_xlsx', `${source} is not an Excel workbook; ${SAVE_AS_XLSX}.`);
  return null;
}

/**
 * The zip and XML bounds the CLI's reader applies (src-engine/workbook/xlsx-bounds.ts), before exceljs (which inflates
 * every part and allocates for any row or column it is given) sees the bytes: entries, per-part and total inflated
 * size, ratio, no DOCTYPE, every sheet within Excel's 1,048,576 rows by 16,384 columns.
 */
export function checkXlsxParts(bytes: Uint8Array, source: string): Diagnostic | null {
  const entries = checkZipDirectory(bytes, source, BROWSER_XLSX_LIMITS);
  if (!Array.isArray(entries)) return entries;
  const guarded = guardXlsxParts(bytes, entries, source);
  if ('code' in guarded) return guarded;
  if (guarded.largeMerge) {
    // The CLI reads such a sheet with its streaming reader; exceljs would make a cell object for every merged cell.
    return { code: 'workbook_too_large', severity: 'error', message: `${source} has a merged range of more than a million cells, which the add-in cannot read in a browser tab; unmerge it in Excel, or check the file with the jobplan command line.`, location: { file: source, line: 1, col: 1 } };
  }
  return null;
}

/** Reads .xlsx bytes with the given exceljs; every user problem comes back as a diagnostic. */
export async function readXlsxBytes(exceljs: ExcelJsModule, bytes: Uint8Array, source: string): Promise<{ snapshot: WorkbookSnapshot | null; diagnostics: Diagnostic[] }> {
  const problem = checkXlsxBytes(bytes, source) ?? checkXlsxParts(bytes, source);
  if (problem) return { snapshot: null, diagnostics: [problem] };
  const workbook = new exceljs.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    return { snapshot: null, diagnostics: [{ code: 'workbook_unreadable', severity: 'error', message: `${source} could not be read as an Excel workbook (${error instanceof Error ? error.message : String(error)}); the file may be damaged: ${SAVE_AS_XLSX} and try again.`, location: { file: source, line: 1, col: 1 } }] };
  }
  return snapshotOfWorkbook(workbook, source);
}
