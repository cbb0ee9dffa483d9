/**
 * Reads the open workbook into a WorkbookSnapshot with Office.js: the same snapshot the Node reader makes of the
 * saved file (test/addin/excel/contract.test.ts holds every example workbook to it).
 *
 * Round trips are what make an add-in slow, so the number of `context.sync()` calls does not depend on the number of
 * sheets or rows: one for the sheet names, one for every sheet's used-range size (one `getUsedRangeOrNullObject(true)`
 * per sheet), then the cells of every sheet (`values` and `numberFormat`) in one sync for any workbook under about
 * MAX_CELLS_PER_SYNC cells. Only a workbook whose cells would pass Excel on the web's 5 MB response limit is read in
 * more syncs, one per block of rows of about that size (never one per row or per sheet); and should a block still
 * come back too big (very long texts), it is halved and asked for again. One more sync is made only when some cell
 * shows the text of an Excel error (#N/A …), to ask Excel whether it is an error or that text.
 */
import type { Diagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { CellErrorReporter, EXCEL_ERROR_TEXTS, officeCellValue } from '../../src-engine/workbook/normalise-cell.js';
import { cellAddress, RESULTS_SHEET_NAME, trimRows, type CellValue, type SheetSnapshot, type WorkbookSnapshot } from '../../src-engine/workbook/snapshot.js';

/**
 * Cells whose values and number formats are asked for in one sync. A register cell costs about 18 bytes of response
 * (a value and a 'General' format with JSON punctuation: 3.0 MB for the 165,066 cells of a synthetic 5,000-plan
 * register), so 180,000 cells is about 3.3 MB, inside Excel on the web's 5 MB. Texts longer than that average are
 * caught by the fallback: a block Excel refuses as too big is halved and asked for again.
 */
export const MAX_CELLS_PER_SYNC = 180_000;

/** At most this many candidate error cells are confirmed with Excel (one sync); past it, such texts are taken as errors. */
export const MAX_ERROR_CHECKS = 2_000;

/** Sheets jobplan writes itself: never read as job plan data. */
export const OWN_SHEETS: readonly string[] = [RESULTS_SHEET_NAME];

export interface OpenWorkbookRead {
  readonly snapshot: WorkbookSnapshot;
  readonly diagnostics: readonly Diagnostic[];
  /** How many times the read called context.sync() (the tests hold it constant). */
  readonly syncs: number;
}

/** A block of rows of one sheet's used range, asked for in one piece. */
interface Block {
  readonly sheet: number;
  readonly firstRow: number;
  readonly firstCol: number;
  readonly rows: number;
  readonly cols: number;
}

interface LoadedBlock extends Block {
  readonly range: Excel.Range;
}

/** Payload-limit errors: Excel on the web refuses a request or response past 5 MB. */
function isPayloadTooLarge(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 'ResponsePayloadSizeLimitExceeded' || code === 'RequestPayloadSizeLimitExceeded' || code === 'PayloadTooLarge';
}

/**
 * Splits each used range into blocks of whole rows of at most `maxCells` cells, and gathers blocks into batches of at
 * most `maxCells` cells: each batch is one sync. Pure (tested on its own).
 */
export function planBlocks(sizes: readonly ({ rowIndex: number; columnIndex: number; rowCount: number; columnCount: number } | null)[], maxCells = MAX_CELLS_PER_SYNC): Block[][] {
  const batches: Block[][] = [];
  let current: Block[] = [];
  let cells = 0;
  sizes.forEach((size, sheet) => {
    if (!size || size.rowCount === 0 || size.columnCount === 0) return;
    const rowsPerBlock = Math.max(1, Math.floor(maxCells / size.columnCount));
    for (let offset = 0; offset < size.rowCount; offset += rowsPerBlock) {
      const rows = Math.min(rowsPerBlock, size.rowCount - offset);
      const blockCells = rows * size.columnCount;
      if (current.length > 0 && cells + blockCells > maxCells) {
        batches.push(current);
        current = [];
        cells = 0;
      }
      current.push({ sheet, firstRow: size.rowIndex + offset, firstCol: size.columnIndex, rows, cols: size.columnCount });
      cells += blockCells;
    }
  });
  if (current.length > 0) batches.push(current);
  return batches;
}

function halves(block: Block): Block[] {
  if (block.rows < 2) throw new Error(`one row of ${block.cols} cells is more than Excel can send in one response`);
  const top = Math.ceil(block.rows / 2);
  return [{ ...block, rows: top }, { ...block, firstRow: block.firstRow + top, rows: block.rows - top }];
}

/** Reads every worksheet of the workbook open in `context` (call inside Excel.run). */
export async function readOpenWorkbook(context: Excel.RequestContext, title: string, options: { readonly maxCellsPerSync?: number } = {}): Promise<OpenWorkbookRead> {
  let syncs = 0;
  const sync = async (): Promise<void> => {
    syncs += 1;
    await context.sync();
  };

  // 1. The sheets, in tab order (hidden ones too, as the Node reader reads them).
  const worksheets = context.workbook.worksheets;
  worksheets.load('items/name');
  await sync();
  const sheets = worksheets.items.filter((ws) => !OWN_SHEETS.includes(ws.name));

  // 2. The size of each sheet's used range, values only (formatted blank rows of a template are not "used").
  const used = sheets.map((ws) => ws.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount'));
  await sync();
  const sizes = used.map((range) => (range.isNullObject ? null : { rowIndex: range.rowIndex, columnIndex: range.columnIndex, rowCount: range.rowCount, columnCount: range.columnCount }));

  // 3. The cells: one sync per batch of at most maxCellsPerSync cells (one batch for any ordinary workbook).
  const pending = planBlocks(sizes, options.maxCellsPerSync ?? MAX_CELLS_PER_SYNC);
  const loaded: LoadedBlock[] = [];
  while (pending.length > 0) {
    const batch = pending.shift()!;
    const ranges = batch.map((b) => ({ ...b, range: sheets[b.sheet]!.getRangeByIndexes(b.firstRow, b.firstCol, b.rows, b.cols).load('values,numberFormat') }));
    try {
      // Bounded by the payload limit, not by rows or sheets: one sync per ~3.3 MB of cells.
      await sync();
      loaded.push(...ranges);
    } catch (error) {
      if (!isPayloadTooLarge(error)) throw error;
      // Texts far longer than the estimate: the same cells in two halves, each its own batch.
      const split = batch.flatMap(halves);
      pending.unshift(...split.map((b) => [b]));
    }
  }

  // 4. Cells showing an error's text: Excel's value type tells an error from the text (one sync, only if any).
  const rowsBySheet: CellValue[][][] = sheets.map(() => []);
  const candidates: { block: LoadedBlock; r: number; c: number }[] = [];
  for (const block of loaded) {
    const { values, numberFormat } = block.range;
    const rows = rowsBySheet[block.sheet]!;
    values.forEach((row, r) => {
      const target: CellValue[] = new Array<CellValue>(block.firstCol).fill(null);
      row.forEach((value, c) => {
        if (typeof value === 'string' && EXCEL_ERROR_TEXTS.has(value)) {
          candidates.push({ block, r, c });
          target.push(null);
          return;
        }
        const cell = officeCellValue(value, numberFormat[r]?.[c]);
        target.push(cell !== null && typeof cell === 'object' ? null : cell);
      });
      rows[block.firstRow + r] = target;
    });
  }
  const checked = candidates.slice(0, MAX_ERROR_CHECKS).map((k) => ({ ...k, cell: sheets[k.block.sheet]!.getCell(k.block.firstRow + k.r, k.block.firstCol + k.c).load('valueTypes') }));
  if (checked.length > 0) await sync();
  // Reported in the Node reader's order: sheet by sheet, row by row.
  const errors = new CellErrorReporter(title);
  candidates.forEach((k, i) => {
    const text = k.block.range.values[k.r]![k.c] as string;
    const type = i < checked.length ? checked[i]!.cell.valueTypes[0]?.[0] : 'Error';
    const row = k.block.firstRow + k.r;
    const col = k.block.firstCol + k.c;
    if (type === 'Error') errors.report(sheets[k.block.sheet]!.name, cellAddress(row, col), text);
    else rowsBySheet[k.block.sheet]![row]![col] = officeCellValue(text, 'General') as CellValue;
  });

  const snapshots: SheetSnapshot[] = sheets.map((ws, i) => {
    const rows = rowsBySheet[i]!;
    for (let r = 0; r < rows.length; r++) rows[r] ??= [];
    return { name: ws.name, rows: trimRows(rows) };
  });
  return { snapshot: { source: title, sheets: snapshots }, diagnostics: errors.toArray(), syncs };
}

