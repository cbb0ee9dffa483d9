/**
 * How Excel's own cell values become snapshot values, for readers that see what Excel sees (Office.js in the task
 * pane gives a number and its number format where exceljs gives a Date). Pure, so the Node reader and the add-in
 * share one definition of "a date cell" and the contract suite can hold them to it.
 */
import { fromDayNumber, type IsoDate } from '../model/dates.js';
import { normaliseText, type CellValue } from './snapshot.js';

/** exceljs's utils.isDateFmt: a number format with date or time letters outside quotes and brackets. */
export function isDateFormat(numFmt: unknown): boolean {
  if (typeof numFmt !== 'string' || numFmt === '') return false;
  return /[ymdhMsb]+/.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** An Excel date serial → its calendar day (exceljs's utils.excelToDate, then the day; times of day dropped). */
export function serialToIsoDate(serial: number, date1904 = false): IsoDate | null {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
  if (!Number.isFinite(ms)) return null;
  return fromDayNumber(Math.floor(ms / 86_400_000));
}

/** An Excel error shown in a cell (#N/A, #REF! …): read as empty, reported with its cell. */
export interface CellError {
  readonly error: string;
}

/**
 * One cell as Office.js reports it (`values`, `numberFormat`, `valueTypes` of a range) → a snapshot value.
 * Numbers in a date format are dates; an `Error` value type is an error, not the text "#N/A".
 */
export function officeCellValue(value: unknown, numberFormat: unknown, valueType: unknown): CellValue | CellError {
  if (valueType === 'Error') return { error: typeof value === 'string' ? value : '#VALUE!' };
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return normaliseText(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    return isDateFormat(numberFormat) ? serialToIsoDate(value) : value;
  }
  return null;
}
