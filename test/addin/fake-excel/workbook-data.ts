/**
 * Node side of the fake: an .xlsx file → the values, number formats and value types Office.js would report for it
 * (dates as serial numbers in their date format, in the workbook's own date system: a 1904 workbook's serials are
 * 1,462 less; formulas as results, errors as their text with type 'Error').
 * Read with exceljs, independently of jobplan's own readers, so the contract test compares two honest readings.
 * Node only (exceljs and the file system): kept apart from fake-excel.ts, which must also run in a browser page.
 *
 * @example
 * const state = installFakeOffice(globalThis, await workbookDataFromXlsx('examples/consultant-compliant.xlsx'));
 */
import ExcelJS from 'exceljs';
import type { FakeSheetData, FakeWorkbookData, OfficeValue } from './fake-excel.js';

const MS_PER_DAY = 86_400_000;

/** Days from 1 January 1900 to 1 January 1904 in Excel's count: a 1904 workbook's serial is this much less. */
const DAYS_1900_TO_1904 = 1462;

function officeValue(value: unknown, date1904: boolean): { value: OfficeValue; error?: boolean } {
  if (value === null || value === undefined) return { value: '' };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { value };
  if (value instanceof Date) return { value: value.getTime() / MS_PER_DAY + 25569 - (date1904 ? DAYS_1900_TO_1904 : 0) };
  const v = value as Record<string, unknown>;
  if (typeof v.error === 'string') return { value: v.error, error: true };
  if ('formula' in v || 'sharedFormula' in v) return officeValue(v.result, date1904);
  if (Array.isArray(v.richText)) return { value: (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('') };
  if ('hyperlink' in v) return officeValue(v.text ?? v.hyperlink, date1904);
  return { value: '' };
}

export async function workbookDataFromXlsx(path: string, title = path.split('/').pop() ?? path): Promise<FakeWorkbookData> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  // exceljs reads a 1904 workbook's serials into the right Dates; Excel reports them as 1904 serials.
  const date1904 = workbook.properties.date1904 === true;
  const sheets: FakeSheetData[] = workbook.worksheets.map((ws) => {
    const values: OfficeValue[][] = [];
    const numberFormat: string[][] = [];
    const valueTypes: string[][] = [];
    const formulas: Record<string, string> = {};
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const master = !cell.isMerged || cell.master === cell;
        const v = master ? officeValue(cell.value, date1904) : { value: '' as OfficeValue };
        (values[r - 1] ??= [])[c - 1] = v.value;
        (numberFormat[r - 1] ??= [])[c - 1] = cell.numFmt || 'General';
        if (v.error) (valueTypes[r - 1] ??= [])[c - 1] = 'Error';
        // exceljs gives a shared formula's own text too (translated from its master).
        if (master && cell.formula) formulas[cell.address] = `=${cell.formula}`;
      });
    });
    let width = 0;
    for (let r = 0; r < values.length; r++) width = Math.max(width, values[r]?.length ?? 0);
    for (let r = 0; r < values.length; r++) {
      values[r] = Array.from({ length: width }, (_, c) => values[r]?.[c] ?? '');
      numberFormat[r] = Array.from({ length: width }, (_, c) => numberFormat[r]?.[c] ?? 'General');
      valueTypes[r] = Array.from({ length: width }, (_, c) => valueTypes[r]?.[c] ?? '');
    }
    const visibility = ws.state === 'hidden' ? 'Hidden' : ws.state === 'veryHidden' ? 'VeryHidden' : 'Visible';
    // exceljs keeps a sheet's merged ranges in its model (`A11:B11`).
    const merges = ((ws.model as { merges?: string[] }).merges ?? []).filter((m) => /^[A-Z]+\d+:[A-Z]+\d+$/.test(m));
    return { name: ws.name, values, numberFormat, valueTypes, visibility, ...(Object.keys(formulas).length > 0 ? { formulas } : {}), ...(merges.length > 0 ? { merges } : {}) };
  });
  return { title, sheets, ...(date1904 ? { date1904 } : {}) };
}
