/**
 * Reads the open workbook into a WorkbookSnapshot with Office.js: the same snapshot the Node reader makes of the
 * saved file (the contract suite, test/addin/excel/contract.test.ts, holds them to it).
 *
 * Round trips are what make an add-in slow, so the number of `context.sync()` calls is fixed, not per sheet or per
 * row: one for the sheet names, one for every sheet's used-range size, then the cells of every sheet in as few
 * syncs as Excel on the web's 5 MB request/response limit allows (one for any ordinary workbook: CELLS_PER_SYNC).
 */
import type { Diagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { CellErrorReporter } from '../../src-engine/workbook/cell-errors.js';
import { officeCellValue } from '../../src-engine/workbook/excel-values.js';
import { cellAddress, trimRows, type CellValue, type SheetSnapshot, type WorkbookSnapshot } from '../../src-engine/workbook/snapshot.js';

/**
 * Cells whose values, number formats and value types are fetched in one sync: at about 40 bytes a cell for the three
 * together, 80,000 cells stay under Excel on the web's 5 MB payload limit.
 */
export const CELLS_PER_SYNC = 80_000;

/** Sheets jobplan writes itself: never read as job plan data. */
export const OWN_SHEETS: readonly string[] = ['jobplan results'];

export interface OpenWorkbookRead {
  readonly snapshot: WorkbookSnapshot;
  readonly diagnostics: readonly Diagnostic[];
  /** How many times the read called context.sync() (the tests hold it constant). */
  readonly syncs: number;
}

interface Block {
  readonly sheet: number;
  readonly firstRow: number;
  readonly firstCol: number;
  readonly range: Excel.Range;
}

/** Reads every worksheet of the workbook open in `context` (call inside Excel.run). */
export async function readOpenWorkbook(context: Excel.RequestContext, title: string): Promise<OpenWorkbookRead> {
  let syncs = 0;
  const sync = async (): Promise<void> => {
    syncs += 1;
    await context.sync();
  };
  const worksheets = context.workbook.worksheets;
  worksheets.load('items/name');
  await sync();
  const sheets = worksheets.items.filter((ws) => !OWN_SHEETS.includes(ws.name));

  // The size of each sheet's used range (values only: formatted blank rows of a template are not "used").
  const used = sheets.map((ws) => {
    const range = ws.getUsedRangeOrNullObject(true);
    range.load('rowIndex,columnIndex,rowCount,columnCount');
    return range;
  });
  await sync();

  // The cells, in row blocks of at most CELLS_PER_SYNC cells, gathered into syncs of at most CELLS_PER_SYNC cells.
  const batches: Block[][] = [[]];
  let cellsInBatch = 0;
  used.forEach((range, sheet) => {
    if (range.isNullObject || range.rowCount === 0 || range.columnCount === 0) return;
    const rowsPerBlock = Math.max(1, Math.floor(CELLS_PER_SYNC / range.columnCount));
    for (let offset = 0; offset < range.rowCount; offset += rowsPerBlock) {
      const rows = Math.min(rowsPerBlock, range.rowCount - offset);
      const cells = rows * range.columnCount;
      if (cellsInBatch > 0 && cellsInBatch + cells > CELLS_PER_SYNC) {
        batches.push([]);
        cellsInBatch = 0;
      }
      const block = sheets[sheet]!.getRangeByIndexes(range.rowIndex + offset, range.columnIndex, rows, range.columnCount);
      batches[batches.length - 1]!.push({ sheet, firstRow: range.rowIndex + offset, firstCol: range.columnIndex, range: block });
      cellsInBatch += cells;
    }
  });

  const rowsBySheet: CellValue[][][] = sheets.map(() => []);
  const errors = new CellErrorReporter(title);
  for (const batch of batches) {
    if (batch.length === 0) continue;
    for (const block of batch) block.range.load('values,numberFormat,valueTypes');
    await sync();
    for (const block of batch) {
      const rows = rowsBySheet[block.sheet]!;
      const { values, numberFormat, valueTypes } = block.range;
      values.forEach((row, r) => {
        const target: CellValue[] = [];
        for (let c = 0; c < block.firstCol; c++) target.push(null);
        row.forEach((value, c) => {
          const cell = officeCellValue(value, numberFormat[r]?.[c], valueTypes[r]?.[c]);
          if (cell !== null && typeof cell === 'object') {
            errors.report(sheets[block.sheet]!.name, cellAddress(block.firstRow + r, block.firstCol + c), cell.error);
            target.push(null);
          } else target.push(cell);
        });
        rows[block.firstRow + r] = target;
      });
    }
  }
  const snapshots: SheetSnapshot[] = sheets.map((ws, i) => {
    const rows = rowsBySheet[i]!;
    for (let r = 0; r < rows.length; r++) rows[r] ??= [];
    return { name: ws.name, rows: trimRows(rows) };
  });
  return { snapshot: { source: title, sheets: snapshots }, diagnostics: errors.toArray(), syncs };
}
