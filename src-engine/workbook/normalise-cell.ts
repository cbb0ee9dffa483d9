/**
 * How a cell's value becomes a snapshot value, for the parts both workbook readers share: the Node reader (exceljs,
 * which hands it Dates) and the add-in's Office.js reader (which hands it date serials with their number format).
 * Pure and free of Node and Office.js, so both readers use one definition of "a date cell" and of "an error cell",
 * and the contract suite (test/addin/excel/contract.test.ts) holds the two readers to the same snapshot.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { fromDayNumber, type IsoDate } from '../model/dates.js';
import { normaliseText, type CellValue } from './snapshot.js';

/** An Excel error shown in a cell (#N/A, #REF! …): read as empty, reported with its cell. */
export interface CellError {
  readonly error: string;
}

/**
 * exceljs's utils.isDateFmt, the rule both readers follow: a number format with date or time letters outside quotes
 * and brackets ('dd/mm/yyyy', '[$-en-GB]d mmm yyyy', 'h:mm'; not 'General', '0.00', '@').
 */
export function isDateFormat(numFmt: unknown): boolean {
  if (typeof numFmt !== 'string' || numFmt === '') return false;
  return /[ymdhMsb]+/.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/**
 * An Excel date serial → its calendar day: exceljs's utils.excelToDate (so both readers agree on every serial,
 * including the 1900 leap-year quirk), then the UTC day; times of day are dropped.
 */
export function serialToIsoDate(serial: number, date1904 = false): IsoDate | null {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
  if (!Number.isFinite(ms)) return null;
  return fromDayNumber(Math.floor(ms / 86_400_000));
}

/**
 * Error texts for cells jobplan cannot use though Excel shows no error: a number that is not finite (NaN or infinity,
 * written by a program other than Excel, which cannot hold them), and a date-formatted number that is no date. Both
 * readers hand them to CellErrorReporter.report like Excel's own errors; it reports them as errors (the value was
 * meant to be read), not as warnings. They cannot be confused with Excel's error texts, which all start with '#'.
 */
export const NOT_A_NUMBER = 'not a finite number';
export const NOT_A_DATE = 'not a date';

/**
 * Whether a date-formatted cell's day (as both readers convert it, exceljs's excelToDate) is a day Excel can show:
 * from 1 March 1900 to 31 December 9999, or day 0 (a time of day alone, `09:00`, whose date part is dropped). Excel's
 * days 1 to 60 count a 29 February 1900 that never was (serial 60 shows as 29/02/1900), so they are refused rather
 * than read a day out; a negative or vast serial shows as ##### in Excel.
 */
export function isUsableDateCell(iso: IsoDate | null): iso is IsoDate {
  if (iso === null) return false;
  if (iso === '1899-12-30') return true;
  return iso >= '1900-03-01' && iso <= '9999-12-31' && /^\d{4}-/.test(iso);
}

/** A date-formatted cell's serial → its ISO day, or NOT_A_DATE / NOT_A_NUMBER as an error value (both readers). */
export function dateCellValue(serial: number, date1904 = false): IsoDate | CellError {
  if (!Number.isFinite(serial)) return { error: NOT_A_DATE };
  const iso = serialToIsoDate(serial, date1904);
  return isUsableDateCell(iso) ? iso : { error: NOT_A_DATE };
}

/**
 * The texts Excel shows for its error values. Office.js reports an error cell's value as this text (its value type
 * says 'Error'); a reader that does not load value types treats exactly these texts as candidate errors.
 */
export const EXCEL_ERROR_TEXTS: ReadonlySet<string> = new Set([
  '#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!', '#FIELD!',
  '#BLOCKED!', '#UNKNOWN!', '#BUSY!', '#CONNECT!', '#PYTHON!', '#EXTERNAL!',
]);

/**
 * One cell as Office.js reports it (a range's `values` and `numberFormat`, and when known its `valueTypes`) → a
 * snapshot value. Numbers in a date format are dates (ISO days); empty text is null; text is trimmed; an `Error`
 * value type is an error, never the text "#N/A".
 *
 * @example
 * officeCellValue(46023, 'dd/mm/yyyy');        // '2026-01-01'
 * officeCellValue(46023, 'General');           // 46023
 * officeCellValue('#N/A', 'General', 'Error'); // { error: '#N/A' }
 * officeCellValue('  Dr A ', 'General');       // 'Dr A'
 */
export function officeCellValue(value: unknown, numberFormat: unknown, valueType?: unknown, date1904 = false): CellValue | CellError {
  if (valueType === 'Error') return { error: typeof value === 'string' ? value : '#VALUE!' };
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return normaliseText(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { error: NOT_A_NUMBER };
    return isDateFormat(numberFormat) ? dateCellValue(value, date1904) : value;
  }
  return null;
}

/** A sheet full of #N/A should not bury everything else: report this many error cells, then one summary. */
const MAX_CELL_ERROR_DIAGNOSTICS = 20;

/** Collects `workbook_cell_error` warnings, capped so one broken column yields a readable report. Both readers use it. */
export class CellErrorReporter {
  readonly #items: Diagnostic[] = [];
  #more = 0;
  readonly #unusableItems: Diagnostic[] = [];
  #moreUnusable = 0;

  constructor(private readonly source: string) {}

  report(sheet: string, cell: string, error: string): void {
    if (error === NOT_A_NUMBER || error === NOT_A_DATE) {
      this.#unusable(sheet, cell, error);
      return;
    }
    if (this.#items.length >= MAX_CELL_ERROR_DIAGNOSTICS) {
      this.#more += 1;
      return;
    }
    this.#items.push({
      code: 'workbook_cell_error',
      severity: 'warning',
      message: `the cell shows the Excel error ${error}, so it is read as empty; fix the formula or value in Excel`,
      location: { file: this.source, sheet, cell },
    });
  }

  /** A value jobplan cannot use though Excel shows no error: an error, because a value was meant and is lost. */
  #unusable(sheet: string, cell: string, error: string): void {
    if (this.#unusableItems.length >= MAX_CELL_ERROR_DIAGNOSTICS) {
      this.#moreUnusable += 1;
      return;
    }
    const number = error === NOT_A_NUMBER;
    this.#unusableItems.push({
      code: number ? 'workbook_bad_number' : 'workbook_bad_date',
      severity: 'error',
      message: number
        ? 'the cell holds a number that is not finite (NaN or infinity, which Excel cannot hold: the file was written by another program), so it is read as empty; enter the value again in Excel'
        : "the cell is formatted as a date but holds no date Excel can show (a negative or vast number, or a day before 1 March 1900, when Excel's calendar counts a 29 February that never was), so it is read as empty; enter the date as DD/MM/YYYY",
      location: { file: this.source, sheet, cell },
    });
  }

  toArray(): Diagnostic[] {
    const unusable = this.#moreUnusable === 0 ? this.#unusableItems : [
      ...this.#unusableItems,
      { code: 'workbook_bad_number', severity: 'error' as const, message: `${this.#moreUnusable} more cell(s) hold numbers or dates jobplan cannot use and are read as empty`, location: { file: this.source, line: 1, col: 1 } },
    ];
    if (this.#more === 0) return [...unusable, ...this.#items];
    return [
      ...unusable,
      ...this.#items,
      { code: 'workbook_cell_error', severity: 'warning', message: `${this.#more} more cell(s) show Excel errors and are read as empty`, location: { file: this.source, line: 1, col: 1 } },
    ];
  }
}
