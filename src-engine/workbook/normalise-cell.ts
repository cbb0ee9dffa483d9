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
    if (!Number.isFinite(value)) return null;
    return isDateFormat(numberFormat) ? serialToIsoDate(value, date1904) : value;
  }
  return null;
}

/** A sheet full of #N/A should not bury everything else: report this many error cells, then one summary. */
const MAX_CELL_ERROR_DIAGNOSTICS = 20;

/** Collects `workbook_cell_error` warnings, capped so one broken column yields a readable report. Both readers use it. */
export class CellErrorReporter {
  readonly #items: Diagnostic[] = [];
  #more = 0;

  constructor(private readonly source: string) {}

  report(sheet: string, cell: string, error: string): void {
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

  toArray(): Diagnostic[] {
    if (this.#more === 0) return [...this.#items];
    return [
      ...this.#items,
      { code: 'workbook_cell_error', severity: 'warning', message: `${this.#more} more cell(s) show Excel errors and are read as empty`, location: { file: this.source, line: 1, col: 1 } },
    ];
  }
}
