/**
 * exceljs's object model (a loaded Workbook's worksheets, rows and cells) → snapshot values, as snapshot.ts documents:
 * formulas read as their cached result, rich text joined, dates as ISO days, only a merged range's top-left cell keeps
 * its value, Excel errors read as empty and reported. Shared by the CLI's reader (exceljs in Node) and the add-in's
 * browser reader (exceljs's browser build, the same object model). The shapes are described here, not imported: the
 * core imports no exceljs.
 */
import { fromDayNumber, type IsoDate } from '../model/dates.js';
import { isUsableDateCell, NOT_A_DATE, NOT_A_NUMBER, type CellErrorReporter } from './normalise-cell.js';
import { cellAddress, normaliseText, trimRows, type CellValue, type SheetSnapshot } from './snapshot.js';

/** The part of exceljs's object model read here (the same in its Node and browser builds). */
export interface ExcelJsCell {
  readonly value: unknown;
  readonly isMerged: boolean;
  readonly master: unknown;
}
export interface ExcelJsRow {
  eachCell(options: { includeEmpty: boolean }, callback: (cell: ExcelJsCell, colNumber: number) => void): void;
}
export interface ExcelJsWorksheet {
  readonly name: string;
  /** exceljs keeps merged ranges here (master address → range); not in its typings, the same in both builds. */
  readonly _merges?: Readonly<Record<string, { readonly range?: unknown }>>;
  eachRow(options: { includeEmpty: boolean }, callback: (row: ExcelJsRow, rowNumber: number) => void): void;
}

/** An Excel error value (#N/A, #REF! ...) found in a cell or as a formula's cached result. */
export interface ExcelErrorValue {
  readonly error: string;
}

export function isExcelErrorValue(value: CellValue | ExcelErrorValue): value is ExcelErrorValue {
  return typeof value === 'object' && value !== null;
}

/**
 * Normalises one exceljs cell value as snapshot.ts documents. Takes `unknown` on purpose: values come from
 * untrusted files and from two exceljs readers whose shapes differ slightly, so each shape is checked, not assumed.
 *
 * @example
 * normaliseExcelJsValue(new Date(Date.UTC(2017, 3, 28)));          // '2017-04-28'
 * normaliseExcelJsValue({ formula: 'SUM(A1:A3)', result: 10 });    // 10
 * normaliseExcelJsValue({ richText: [{ text: 'Ward ' }, { text: 'round' }] }); // 'Ward round'
 * normaliseExcelJsValue({ error: '#N/A' });                         // { error: '#N/A' }
 */
export function normaliseExcelJsValue(value: unknown): CellValue | ExcelErrorValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return normaliseText(value);
  // Serial numbers stay numbers: only the core knows which fields are dates.
  // NaN and infinity (written by programs other than Excel) are reported, never read as empty without a word.
  if (typeof value === 'number') return Number.isFinite(value) ? value : { error: NOT_A_NUMBER };
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) {
    // exceljs turns a date-formatted number into a Date: one Excel cannot show (serial 60, 1e308) is reported.
    const iso = isoDateFromJsDate(value);
    return isUsableDateCell(iso) ? iso : { error: NOT_A_DATE };
  }
  if (typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.error === 'string') return { error: v.error };
  // Formulas (plain, shared and array) read as their cached result; no result means Excel never calculated it.
  if ('formula' in v || 'sharedFormula' in v) return normaliseExcelJsValue(v.result);
  if (Array.isArray(v.richText)) return normaliseText(richTextToString(v.richText));
  if ('hyperlink' in v) {
    const text = v.text === undefined || v.text === null ? v.hyperlink : v.text;
    return normaliseExcelJsValue(text);
  }
  return null;
}

/** A JS Date from exceljs → its UTC calendar day; exceljs builds dates at UTC midnight, and times of day are dropped. */
export function isoDateFromJsDate(date: Date): IsoDate | null {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return null;
  return fromDayNumber(Math.floor(ms / 86_400_000));
}

function richTextToString(runs: readonly unknown[]): string {
  return runs.map((run) => (typeof run === 'object' && run !== null && typeof (run as { text?: unknown }).text === 'string' ? (run as { text: string }).text : '')).join('');
}

/** One exceljs cell → its snapshot value. Only the top-left cell of a merged range keeps the value. */
export function normaliseExcelJsCell(cell: ExcelJsCell): CellValue | ExcelErrorValue {
  if (cell.isMerged && cell.master !== cell) return null;
  return normaliseExcelJsValue(cell.value);
}

/**
 * A formula (plain, shared or array) with no result in exceljs's object model. exceljs also drops a saved result of
 * 0, false or '', so this is only a candidate: the Node reader confirms it from the sheet's XML.
 */
export function isUncalculatedFormula(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ('formula' in v || 'sharedFormula' in v) && (v.result === undefined || v.result === null);
}

/** The row every row never written shares (snapshot rows are read-only). */
const NO_CELLS: CellValue[] = [];

/**
 * A worksheet → rows from A1, errors reported to `errors` and read as null, trailing empties trimmed. Formula cells
 * without a result are added to `formulasWithoutResult` when given (candidates for `uncalculated`, see above).
 */
export function snapshotWorksheet(worksheet: ExcelJsWorksheet, errors: CellErrorReporter, formulasWithoutResult?: string[]): SheetSnapshot {
  const rows: CellValue[][] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      if (formulasWithoutResult && !(cell.isMerged && cell.master !== cell) && isUncalculatedFormula(cell.value)) formulasWithoutResult.push(cellAddress(rowNumber - 1, colNumber - 1));
      const value = normaliseExcelJsCell(cell);
      let plain: CellValue;
      if (isExcelErrorValue(value)) {
        errors.report(worksheet.name, cellAddress(rowNumber - 1, colNumber - 1), value.error);
        plain = null;
      } else {
        plain = value;
      }
      while (values.length < colNumber - 1) values.push(null);
      values[colNumber - 1] = plain;
    });
    // Rows never written share one empty row, so a sparse sheet costs a pointer per row, not an array.
    while (rows.length < rowNumber - 1) rows.push(NO_CELLS);
    rows[rowNumber - 1] = values;
  });
  const merges = mergesOf(worksheet);
  return { name: worksheet.name, rows: trimRows(rows), ...(merges.length > 0 ? { merges } : {}) };
}

/** The worksheet's merged ranges, as `A1:B2`, sorted by position (rows, then columns) so both readers agree. */
function mergesOf(worksheet: ExcelJsWorksheet): string[] {
  const ranges = Object.values(worksheet._merges ?? {}).map((m) => m.range).filter((r): r is string => typeof r === 'string' && /^[A-Z]+\d+:[A-Z]+\d+$/.test(r));
  return sortRanges(ranges);
}

/** Ranges in reading order of their top-left cells. */
export function sortRanges(ranges: readonly string[]): string[] {
  const key = (range: string): [number, number] => {
    const m = /^([A-Z]+)(\d+)/.exec(range)!;
    let col = 0;
    for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
    return [Number(m[2]), col];
  };
  return [...new Set(ranges)].sort((a, b) => {
    const [ra, ca] = key(a);
    const [rb, cb] = key(b);
    return ra - rb || ca - cb;
  });
}
