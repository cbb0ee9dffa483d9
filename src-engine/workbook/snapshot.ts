/**
 * What both workbook readers (exceljs in Node, Office.js in Excel) hand the core: every sheet as a 2-D array
 * of plain values starting at A1. The contract suite proves the two readers produce identical snapshots.
 */

/**
 * The sheet the Excel add-in writes its results to. It is jobplan's output, never job plan data: a workbook saved
 * with it and checked again (by the CLI, or in a browser) is judged exactly as before it was written.
 */
export const RESULTS_SHEET_NAME = 'jobplan results';

/** A cell's value after normalisation: empty → null, dates → ISO `YYYY-MM-DD` strings, formulas → their result. */
export type CellValue = string | number | boolean | null;

export interface SheetSnapshot {
  readonly name: string;
  /** rows[0][0] is A1. Trailing empty rows and columns are trimmed. */
  readonly rows: readonly (readonly CellValue[])[];
  /**
   * Cells (A1 addresses) holding a formula with no saved result: the file was written by a program that does not
   * calculate (an export, a script) and never opened in Excel. They read as null; extraction reports any it needs.
   * Absent when there are none (Excel itself always saves results, so the add-in's reader never has any).
   */
  readonly uncalculated?: readonly string[];
  /**
   * Merged ranges (`A11:B11`), in sheet order. Only a range's top-left cell holds its value; extraction uses them to
   * find a merged label's value beyond its last column. Absent when the sheet has none.
   */
  readonly merges?: readonly string[];
  /** Excel's sheet visibility when not visible: `hidden` (Unhide shows it) or `veryHidden` (only VBA can). */
  readonly state?: 'hidden' | 'veryHidden';
}

export interface WorkbookSnapshot {
  /** Where it came from, for messages: a file path or a workbook title. */
  readonly source: string;
  readonly sheets: readonly SheetSnapshot[];
}

/** 0-based column index → column letters (0 → A, 26 → AA). */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** 0-based row and column → A1 address. */
export function cellAddress(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

/** `B12` → row 11, column 1 (0-based), the inverse of cellAddress; null for anything else. */
export function parseCellAddress(address: string | undefined): { row: number; col: number } | null {
  const m = address ? /^([A-Z]+)(\d+)$/.exec(address) : null;
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

export function cellAt(sheet: SheetSnapshot, row: number, col: number): CellValue {
  return sheet.rows[row]?.[col] ?? null;
}

/**
 * Normalises a raw value from any reader: trims text, turns empty text into null, keeps numbers and booleans.
 * Dates must already be ISO strings (each reader converts its own date representation).
 */
export function normaliseText(value: string): string | null {
  const trimmed = value.replace(/\u00a0/g, ' ').trim();
  return trimmed === '' ? null : trimmed;
}

/** Drops trailing nulls from each row and trailing empty rows, so readers agree on the used range. */
export function trimRows(rows: CellValue[][]): CellValue[][] {
  for (const row of rows) {
    while (row.length > 0 && row[row.length - 1] === null) row.pop();
  }
  while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
  return rows;
}
