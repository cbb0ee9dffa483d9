/**
 * Reads the open workbook into a WorkbookSnapshot with Office.js: the same snapshot the Node reader makes of the
 * saved file (test/addin/excel/contract.test.ts holds every example workbook to it).
 *
 * Round trips are what make an add-in slow, so the number of `context.sync()` calls does not depend on the number of
 * sheets or rows: one for the sheet names (and the workbook's date system, asked as DATE(1904,1,1): 0 in a 1904
 * workbook), one for every sheet's used-range size (one `getUsedRangeOrNullObject(true)` per sheet), then the cells
 * of every sheet (`values` and `numberFormat`) in one sync for any workbook under about MAX_CELLS_PER_SYNC cells.
 * A used range bigger than that is first checked for emptiness: a stray value at XFD5000 stretches a 5,000-row
 * register's used range to 82 million cells (about 500 syncs to read). Its halves' used ranges, asked for in one
 * sync, show where the data is; a range mostly empty is replaced by those parts, and halved again (one sync per
 * level, a few levels at most), so only the rows and columns holding data are read. Only a workbook whose cells would pass Excel on the web's 5 MB response limit is read in
 * more syncs, one per block of rows of about that size (never one per row or per sheet); and should a block still
 * come back too big (very long texts), it is halved and asked for again. One more sync is made only when some cell
 * shows the text of an Excel error (#N/A …), to ask Excel whether it is an error or that text.
 *
 * Where ExcelApi 1.9 is there, the formulas of each sheet (its special cells of type Formulas, counted with the sizes,
 * their text loaded with the cells) are looked at for TODAY() and NOW(): Excel recalculates them on opening, so a
 * check that uses such a cell changes from day to day, and the CLI (which reads the saved value) may see an older
 * date. Each such cell is named in a warning. No sync is added for it.
 */
import { sortRanges } from '../../src-engine/workbook/exceljs-cells.js';
import { formatCellReference, type Diagnostic } from '../../src-engine/diagnostics/diagnostic.js';
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

/** Halvings of a mostly empty used range at most (one sync each); 2^8 parts is far more than real sheets need. */
export const MAX_SPLIT_LEVELS = 8;
/** A used range whose halves hold less than this share of its cells is mostly empty, and is split. */
const DENSE_ENOUGH = 0.5;
/** Formula cells of a sheet looked at for TODAY()/NOW() at most (their text goes with the cells' response). */
export const MAX_FORMULAS_SCANNED = 10_000;
/** Volatile cells named one by one; past this, one line says how many more. */
const MAX_VOLATILE_WARNINGS = 20;
/** Functions Excel recalculates every time the workbook opens, whose result the saved file keeps from its last save. */
const VOLATILE = /(^|[^A-Z0-9_.])(TODAY|NOW)\s*\(/i;

/** Past this many cells, a range still mostly empty after MAX_SPLIT_LEVELS is not read: the pane says where it is. */
export const MAX_SPARSE_CELLS = 20 * MAX_CELLS_PER_SYNC;

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

/** A rectangle of one sheet (0-based indexes), as Excel's used ranges report them. */
export interface Area {
  readonly sheet: number;
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
}

/** A block of rows of one area, asked for in one piece. */
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

const cellsOf = (a: { rows: number; cols: number }): number => a.rows * a.cols;

/**
 * Splits each used range into blocks of whole rows of at most `maxCells` cells, and gathers blocks into batches of at
 * most `maxCells` cells: each batch is one sync. Pure (tested on its own).
 */
export function planBlocks(sizes: readonly ({ rowIndex: number; columnIndex: number; rowCount: number; columnCount: number } | null)[], maxCells = MAX_CELLS_PER_SYNC): Block[][] {
  const areas = sizes.flatMap((size, sheet) => (size ? [{ sheet, row: size.rowIndex, col: size.columnIndex, rows: size.rowCount, cols: size.columnCount }] : []));
  return planAreaBlocks(areas, maxCells);
}

/** planBlocks for any areas, several per sheet allowed (the parts of a sparse used range). Pure. */
export function planAreaBlocks(areas: readonly Area[], maxCells = MAX_CELLS_PER_SYNC): Block[][] {
  const batches: Block[][] = [];
  let current: Block[] = [];
  let cells = 0;
  for (const area of areas) {
    if (area.rows === 0 || area.cols === 0) continue;
    const rowsPerBlock = Math.max(1, Math.floor(maxCells / area.cols));
    for (let offset = 0; offset < area.rows; offset += rowsPerBlock) {
      const rows = Math.min(rowsPerBlock, area.rows - offset);
      const blockCells = rows * area.cols;
      if (current.length > 0 && cells + blockCells > maxCells) {
        batches.push(current);
        current = [];
        cells = 0;
      }
      current.push({ sheet: area.sheet, firstRow: area.row + offset, firstCol: area.col, rows, cols: area.cols });
      cells += blockCells;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The two halves of an area, cut across its longer side. Pure. */
export function splitArea(area: Area): [Area, Area] {
  if (area.rows >= area.cols) {
    const top = Math.ceil(area.rows / 2);
    return [{ ...area, rows: top }, { ...area, row: area.row + top, rows: area.rows - top }];
  }
  const left = Math.ceil(area.cols / 2);
  return [{ ...area, cols: left }, { ...area, col: area.col + left, cols: area.cols - left }];
}

function halves(block: Block): Block[] {
  if (block.rows < 2) throw new Error(`one row of ${block.cols} cells is more than Excel can send in one response`);
  const top = Math.ceil(block.rows / 2);
  return [{ ...block, rows: top }, { ...block, firstRow: block.firstRow + top, rows: block.rows - top }];
}

const areaAddress = (a: Area): string => (a.rows === 1 && a.cols === 1 ? cellAddress(a.row, a.col) : `${cellAddress(a.row, a.col)}:${cellAddress(a.row + a.rows - 1, a.col + a.cols - 1)}`);

/** Reads every worksheet of the workbook open in `context` (call inside Excel.run). */
export async function readOpenWorkbook(context: Excel.RequestContext, title: string, options: { readonly maxCellsPerSync?: number; readonly findVolatile?: boolean; readonly readMerges?: boolean } = {}): Promise<OpenWorkbookRead> {
  const maxCells = options.maxCellsPerSync ?? MAX_CELLS_PER_SYNC;
  let syncs = 0;
  const sync = async (): Promise<void> => {
    syncs += 1;
    await context.sync();
  };
  const diagnostics: Diagnostic[] = [];

  // 1. The sheets, in tab order (hidden ones too, as the Node reader reads them), and the date system: DATE(1904,1,1)
  //    is serial 0 in a 1904 workbook and 1462 in a 1900 one. Workbook.use1904DateSystem would say it directly but is
  //    in no released ExcelApi requirement set (preview only); worksheet functions are ExcelApi 1.2.
  const worksheets = context.workbook.worksheets;
  worksheets.load('items/name,items/visibility');
  const epoch = context.workbook.functions.date(1904, 1, 1).load('value');
  await sync();
  const date1904 = epoch.value === 0;
  const sheets = worksheets.items.filter((ws) => !OWN_SHEETS.includes(ws.name));

  // 2. The size of each sheet's used range, values only (formatted blank rows of a template are not "used").
  const used = sheets.map((ws) => ws.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount'));
  // With them, how many formula cells each sheet has (ExcelApi 1.9): their text is asked for with the cells.
  const formulaCells = options.findVolatile === true ? sheets.map((ws) => ws.getRange().getSpecialCellsOrNullObject('Formulas').load('cellCount')) : [];
  // And its merged ranges (ExcelApi 1.13), so a merged label's value is found right of the merge as the CLI finds it.
  const merged = options.readMerges === true ? sheets.map((ws) => ws.getRange().getMergedAreasOrNullObject().load('address')) : [];
  await sync();
  const areas: Area[] = [];
  let suspect: Area[] = [];
  /** Each sheet's used range as Excel reports it, and the parts found in it when it was mostly empty. */
  const usedAreas = new Map<number, Area>();
  const pieces: Area[] = [];
  used.forEach((range, sheet) => {
    if (range.isNullObject) return;
    const area = { sheet, row: range.rowIndex, col: range.columnIndex, rows: range.rowCount, cols: range.columnCount };
    usedAreas.set(sheet, area);
    (cellsOf(area) > maxCells ? suspect : areas).push(area);
  });

  // 2b. Used ranges too big for one sync: are they mostly empty? One sync per level asks for the used ranges of every
  //     suspect's halves; a suspect whose halves hold most of its cells is read as it is, any other is replaced by
  //     its halves' used ranges (those still big are looked at again at the next level).
  for (let level = 0; suspect.length > 0 && level < MAX_SPLIT_LEVELS; level++) {
    const asked = suspect.map((area) => ({
      area,
      usedHalves: splitArea(area).map((h) => sheets[area.sheet]!.getRangeByIndexes(h.row, h.col, h.rows, h.cols).getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount')),
    }));
    // One sync per halving level (at most MAX_SPLIT_LEVELS), never one per sheet or area.
    await sync();
    suspect = [];
    for (const { area, usedHalves } of asked) {
      const found = usedHalves.filter((p) => !p.isNullObject).map((p) => ({ sheet: area.sheet, row: p.rowIndex, col: p.columnIndex, rows: p.rowCount, cols: p.columnCount }));
      if (found.reduce((n, p) => n + cellsOf(p), 0) >= DENSE_ENOUGH * cellsOf(area)) areas.push(area);
      else for (const p of found) (cellsOf(p) > maxCells ? suspect : pieces).push(p);
    }
  }
  // The parts of a mostly empty used range are read unless, together (with what is still mostly empty after every
  // level), they are more than MAX_SPARSE_CELLS: values scattered that widely are not read; the pane says where.
  for (const [sheet, usedArea] of usedAreas) {
    const mine = [...pieces, ...suspect].filter((a) => a.sheet === sheet);
    if (mine.reduce((n, a) => n + cellsOf(a), 0) <= MAX_SPARSE_CELLS) {
      areas.push(...mine);
      continue;
    }
    const name = sheets[sheet]!.name;
    diagnostics.push({
      code: 'workbook_sparse_range',
      severity: 'error',
      message: `Values are scattered across ${formatCellReference(name, areaAddress(usedArea))} (${cellsOf(usedArea).toLocaleString('en-GB')} cells, mostly empty), too widely for jobplan to read in Excel: clear the stray values far from the data (Ctrl+End on the sheet goes to the last one), or check the saved file with jobplan validate. Only the parts of the sheet holding most of its cells were read.`,
      location: { file: title, sheet: name, cell: areaAddress(usedArea) },
    });
  }
  areas.sort((a, b) => a.sheet - b.sheet || a.row - b.row || a.col - b.col);

  // 3. The cells: one sync per batch of at most maxCellsPerSync cells (one batch for any ordinary workbook). The
  //    formulas' text (bounded by MAX_FORMULAS_SCANNED a sheet) goes with the first batch that Excel answers.
  const scanned = formulaCells.flatMap((cells, sheet) => (!cells.isNullObject && cells.cellCount <= MAX_FORMULAS_SCANNED ? [{ sheet, cells }] : []));
  type FormulaAreas = { sheet: number; areas: Excel.RangeCollection }[];
  let formulas: FormulaAreas | null = null;
  const pending = planAreaBlocks(areas, maxCells);
  const loaded: LoadedBlock[] = [];
  while (pending.length > 0) {
    const batch = pending.shift()!;
    const ranges = batch.map((b) => ({ ...b, range: sheets[b.sheet]!.getRangeByIndexes(b.firstRow, b.firstCol, b.rows, b.cols).load('values,numberFormat') }));
    const asked: FormulaAreas = formulas ?? scanned.map(({ sheet, cells }) => ({ sheet, areas: cells.areas.load('items/rowIndex,items/columnIndex,items/formulas') }));
    try {
      // Bounded by the payload limit, not by rows or sheets: one sync per ~3.3 MB of cells.
      await sync();
      loaded.push(...ranges);
      formulas = asked;
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
  const unusable: { sheet: string; cell: string; error: string }[] = [];
  for (const block of loaded) {
    const { values, numberFormat } = block.range;
    const rows = rowsBySheet[block.sheet]!;
    values.forEach((row, r) => {
      // Several areas may share a row (the data, and a stray value far to its right): each fills its own columns.
      const target = (rows[block.firstRow + r] ??= []);
      row.forEach((value, c) => {
        if (typeof value === 'string' && EXCEL_ERROR_TEXTS.has(value)) {
          candidates.push({ block, r, c });
          return;
        }
        const cell = officeCellValue(value, numberFormat[r]?.[c], undefined, date1904);
        if (cell !== null && typeof cell !== 'object') target[block.firstCol + c] = cell;
        // A number that is not finite, or a date cell Excel cannot show (serial 60, negative): an error at the cell, as in the CLI.
        else if (cell !== null) unusable.push({ sheet: sheets[block.sheet]!.name, cell: cellAddress(block.firstRow + r, block.firstCol + c), error: cell.error });
      });
    });
  }
  const checked = candidates.slice(0, MAX_ERROR_CHECKS).map((k) => ({ ...k, cell: sheets[k.block.sheet]!.getCell(k.block.firstRow + k.r, k.block.firstCol + k.c).load('valueTypes') }));
  if (checked.length > 0) await sync();
  // Reported in the Node reader's order: sheet by sheet, row by row.
  const errors = new CellErrorReporter(title);
  for (const u of unusable) errors.report(u.sheet, u.cell, u.error);
  candidates.forEach((k, i) => {
    const text = k.block.range.values[k.r]![k.c] as string;
    const type = i < checked.length ? checked[i]!.cell.valueTypes[0]?.[0] : 'Error';
    const row = k.block.firstRow + k.r;
    const col = k.block.firstCol + k.c;
    if (type === 'Error') errors.report(sheets[k.block.sheet]!.name, cellAddress(row, col), text);
    else rowsBySheet[k.block.sheet]![row]![col] = officeCellValue(text, 'General') as CellValue;
  });

  // 5. Cells whose formula calls TODAY() or NOW(), named so a check that uses one is known to change from day to day.
  const volatile: { sheet: string; cell: string; formula: string }[] = [];
  for (const { sheet, areas: ranges } of formulas ?? []) {
    for (const range of ranges.items) {
      range.formulas.forEach((row, r) => row.forEach((formula, c) => {
        if (typeof formula === 'string' && VOLATILE.test(formula)) volatile.push({ sheet: sheets[sheet]!.name, cell: cellAddress(range.rowIndex + r, range.columnIndex + c), formula });
      }));
    }
  }
  for (const v of volatile.slice(0, MAX_VOLATILE_WARNINGS)) {
    diagnostics.push({
      code: 'workbook_volatile_cell',
      severity: 'warning',
      message: `${formatCellReference(v.sheet, v.cell)} holds ${v.formula}, which Excel works out again each time the workbook is opened: a check that uses this cell can give another answer tomorrow, and jobplan validate (which reads the value last saved in the file) may see an older date. Type the date itself if it should not change.`,
      location: { file: title, sheet: v.sheet, cell: v.cell },
    });
  }
  if (volatile.length > MAX_VOLATILE_WARNINGS) {
    diagnostics.push({ code: 'workbook_volatile_cell', severity: 'warning', message: `${volatile.length - MAX_VOLATILE_WARNINGS} more cell(s) use TODAY() or NOW()`, location: { file: title, line: 1, col: 1 } });
  }

  const snapshots: SheetSnapshot[] = sheets.map((ws, i) => {
    const rows = rowsBySheet[i]!;
    // Holes (cells never written: blanks, or columns between two areas) are nulls, as the Node reader gives them.
    for (let r = 0; r < rows.length; r++) rows[r] = Array.from(rows[r] ?? [], (v) => v ?? null);
    const merges = mergesOf(merged[i]);
    // A hidden sheet is read like any other, and said to be hidden, as the Node reader says it.
    const state = ws.visibility === 'Hidden' ? 'hidden' as const : ws.visibility === 'VeryHidden' ? 'veryHidden' as const : null;
    return { name: ws.name, rows: trimRows(rows), ...(merges.length > 0 ? { merges } : {}), ...(state ? { state } : {}) };
  });
  return { snapshot: { source: title, sheets: snapshots }, diagnostics: [...diagnostics, ...errors.toArray()], syncs };
}

/**
 * `Sheet1!A11:B11, Sheet1!A12:B12` → ['A11:B11', 'A12:B12'] in reading order, as the Node reader lists them. Only the
 * cell references are taken from the address, so a sheet name holding a comma or a `!` cannot split it wrongly.
 */
function mergesOf(areas: Excel.RangeAreas | undefined): string[] {
  if (!areas || areas.isNullObject) return [];
  const refs = [...areas.address.matchAll(/!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?/g)]
    .filter((m) => m[3] !== undefined && `${m[1]}${m[2]}` !== `${m[3]}${m[4]}`)
    .map((m) => `${m[1]}${m[2]}:${m[3]}${m[4]}`);
  return sortRanges(refs);
}
