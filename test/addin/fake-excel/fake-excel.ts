/**
 * A strict in-memory stand-in for exactly the part of the Excel JavaScript API jobplan uses, for tests without Excel
 * (in Node, and bundled into the page of the end-to-end test: no Node imports here). Strict as Excel is:
 *
 * - proxies and a queue: calls and property writes are queued and run at `context.sync()`, in order; a failing
 *   operation (a sheet that does not exist, a bad address, a newer API than the host has) rejects that sync;
 * - a property read before it was loaded *and* synced throws PropertyNotLoaded, and loaded values are a snapshot
 *   taken at that sync (like Office.js, they do not follow later changes);
 * - every sync the add-in makes is counted (Excel.run's own closing sync apart, and only when it has work to send),
 *   and its request and response sizes measured as the JSON Office.js would send and get back: either past
 *   `payloadLimit` (5 MB, Excel on the web's limit) rejects the sync as Excel on the web does;
 * - a context is dead once its Excel.run has finished (as in Office.js, objects from it cannot be used again
 *   except through `Excel.run(object.context, ...)`);
 * - APIs newer than ExcelApi `apiVersion` (default 1.7) fail, and `isSetSupported` answers accordingly;
 * - a string beginning with '=', '+', '-' or '@' becomes a formula (or, for '+5'/'-5', a number) unless its cell was
 *   formatted as text ('@') in an earlier sync: a format set in the same batch as the value is not trusted to come
 *   first (Range.values' documentation promises nothing about it);
 * - writes through the API raise the change events a user's edit raises (Excel does), before the writing sync returns;
 * - a workbook may use the 1904 date system: its date cells then hold 1904 serials, as Excel reports them;
 * - loading `items/name` of a collection fills only `name` of each item.
 * - every write is recorded, and the user's own formatting (fills, conditional formats) is kept apart so a test
 *   can prove it untouched.
 */

import { columnLetters } from '../../../src-engine/workbook/snapshot.js';

export type OfficeValue = string | number | boolean;

/** The user's own conditional format on a sheet (jobplan's are added through the API). */
export interface FakeConditionalFormat {
  /** Office.js's ConditionalFormatType: 'Custom', 'CellValue', 'ColorScale' … */
  type: string;
  address: string;
  /** For 'Custom' only. */
  formula?: string;
  fill?: string;
}

export interface FakeSheetData {
  readonly name: string;
  /** Values as Office.js reports them, rows[0][0] being A1: '' for empty, serials for dates, formula results. */
  readonly values: OfficeValue[][];
  /** Number formats per cell ('General' when absent). */
  readonly numberFormat?: string[][];
  /** 'Error' for cells showing an Excel error (their value is the error text); absent or '' otherwise. */
  readonly valueTypes?: string[][];
  /** Cells holding a formula, by A1 address ('B4': '=TODAY()'); their values above are the results. */
  readonly formulas?: Readonly<Record<string, string>>;
  /** Merged ranges ('A11:B11'); only the top-left cell of each holds a value. */
  readonly merges?: readonly string[];
  /** The user's own fill colours by A1 cell address ('B4': '#FFFF00'): formatting jobplan must never change. */
  readonly fills?: Readonly<Record<string, string>>;
  readonly conditionalFormats?: readonly FakeConditionalFormat[];
  readonly visibility?: 'Visible' | 'Hidden' | 'VeryHidden';
  readonly protected?: boolean;
}

export interface FakeWorkbookData {
  /** The workbook's file name (Workbook.name). */
  readonly title?: string;
  /** The 1904 date system (Excel for Mac's old default): date cells then hold 1904 serials, 1,462 less than 1900 ones. */
  readonly date1904?: boolean;
  readonly sheets: readonly FakeSheetData[];
  readonly customProperties?: Readonly<Record<string, string>>;
}

export interface FakeOptions {
  /** The newest ExcelApi requirement set the host supports (default '1.7', Excel 2019). */
  readonly apiVersion?: string;
  /** Request and response size limit per sync in bytes (default 5 MB, Excel on the web). */
  readonly payloadLimit?: number;
  /** installFakeOffice: Office.onReady answers after this many milliseconds (Excel can be slow to start an add-in). */
  readonly onReadyDelayMs?: number;
}

export interface SheetState {
  readonly id: string;
  name: string;
  values: OfficeValue[][];
  numberFormat: string[][];
  /** The request in which each cell's number format was set (0: it came with the workbook). */
  formatSetAt: number[][];
  valueTypes: string[][];
  /** Cells holding a formula (written as "=..." into a cell not formatted as text), by A1 address. */
  formulas: Map<string, string>;
  merges: string[];
  fills: Record<string, string>;
  conditionalFormats: FakeConditionalFormat[];
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  protected: boolean;
  changeHandlers: ((event: FakeChangeEvent) => Promise<void> | void)[];
}

export interface FakeAddedEvent {
  readonly worksheetId: string;
  readonly source: 'Local' | 'Remote';
  readonly type: string;
}

export interface FakeChangeEvent {
  readonly worksheetId: string;
  readonly address: string;
  readonly source: 'Local' | 'Remote';
  readonly changeType: string;
  readonly type: string;
}

/** What a test inspects after the add-in ran. */
export interface FakeExcelState {
  readonly sheets: SheetState[];
  readonly title: string;
  /** Every context.sync() the add-in made (Excel.run's closing sync is counted apart, in closingSyncs). */
  syncs: number;
  /** Closing syncs of Excel.run that had something queued (a real round trip; one with nothing to send is none). */
  closingSyncs: number;
  /** Requests sent to Excel so far (syncs and closing syncs that carried work): a format set in request N protects values written from N + 1. */
  requests: number;
  /** True when the workbook uses the 1904 date system (its date serials count days from 1 January 1904). */
  readonly date1904: boolean;
  /** Change events raised by the add-in's own writes, delivered or in flight; await settleEvents() before asserting. */
  readonly ownWriteEvents: FakeChangeEvent[];
  /** Resolves when every event handler called so far has finished. */
  settleEvents(): Promise<void>;
  /** Bytes of the largest request and the largest response Excel accepted so far. */
  largestRequest: number;
  largestResponse: number;
  /** Syncs refused for passing the payload limit. */
  refusedSyncs: number;
  selected: { sheet: string; address: string } | null;
  activeSheet: string;
  readonly customProperties: Map<string, string>;
  /**
   * Each range write: sheet, address, size, whether every written cell was formatted as text at the time (set in
   * this batch or before), and whether every string written was stored as text (none became a formula or a number).
   */
  readonly writes: { sheet: string; address: string; rows: number; columns: number; textFormat: boolean; storedAsText: boolean }[];
  /** Writes to a range's own format (fill, font …): jobplan makes none on the user's sheets. */
  readonly formatWrites: { sheet: string; address: string; what: string }[];
  readonly addedSheets: string[];
  readonly deletedSheets: string[];
  /** Each range cleared (the results sheet is cleared before it is written again). */
  readonly clears: { sheet: string; address: string }[];
  /** Workbook-level change handlers (ExcelApi 1.9 worksheets.onChanged). */
  workbookChangeHandlers: ((event: FakeChangeEvent) => Promise<void> | void)[];
  /** Handlers of WorksheetCollection.onAdded (ExcelApi 1.7). */
  sheetAddedHandlers: ((event: FakeAddedEvent) => Promise<void> | void)[];
  /** Fire a change on a sheet, as a user's edit would. */
  change(sheet: string, address: string): Promise<void>;
  /** Raises onChanged on a sheet's handlers and the workbook's (the fake's own writes call it as they run). */
  raiseChange(sheet: SheetState, address: string, source: 'Local' | 'Remote'): void;
  /** Add a sheet as the user would (firing onAdded). */
  addSheet(name: string, values?: OfficeValue[][]): Promise<void>;
}

/** Errors as Office.js raises them (OfficeExtension.Error): a `code` such as 'ItemNotFound'. */
export class FakeOfficeError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'RichApi.Error';
    this.code = code;
  }
}

export class PropertyNotLoadedError extends FakeOfficeError {
  constructor(what: string) {
    super('PropertyNotLoaded', `The property '${what}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A1 addresses

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

interface Box {
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
}

const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;

/** 'B4', 'A12:AR12', "'Sign-off'!B4"; null when it is not an address. */
export function parseAddress(address: string): Box | null {
  const local = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const [a, b, extra] = local.replace(/\$/g, '').split(':');
  if (extra !== undefined || a === undefined) return null;
  const m1 = /^([A-Z]{1,3})(\d{1,7})$/i.exec(a);
  const m2 = /^([A-Z]{1,3})(\d{1,7})$/i.exec(b ?? a);
  if (!m1 || !m2) return null;
  const row = Number(m1[2]) - 1;
  const col = colIndex(m1[1]!);
  const box = { row, col, rows: Number(m2[2]) - row, cols: colIndex(m2[1]!) - col + 1 };
  if (row < 0 || box.rows < 1 || box.cols < 1 || row + box.rows > MAX_ROWS || col + box.cols > MAX_COLS) return null;
  return box;
}

export function a1(box: Box): string {
  const start = `${columnLetters(box.col)}${box.row + 1}`;
  return box.rows === 1 && box.cols === 1 ? start : `${start}:${columnLetters(box.col + box.cols - 1)}${box.row + box.rows}`;
}

function overlaps(x: Box, y: Box): boolean {
  return x.row < y.row + y.rows && y.row < x.row + x.rows && x.col < y.col + y.cols && y.col < x.col + x.cols;
}

function versionAtLeast(have: string, need: string): boolean {
  const [h1 = 0, h2 = 0] = have.split('.').map(Number);
  const [n1 = 0, n2 = 0] = need.split('.').map(Number);
  return h1 > n1 || (h1 === n1 && h2 >= n2);
}

// ---------------------------------------------------------------------------------------------------------------
// The request context: the queue, sync, payload sizes

class FakeContext {
  readonly state: FakeExcelState;
  readonly options: Required<FakeOptions>;
  readonly workbook: FakeWorkbook;
  alive = true;
  /** True while a sync's loads are answered: objects made then (a collection's items) come with Excel's answer. */
  answering = false;
  readonly #queue: { op: () => void; bytes: number }[] = [];
  readonly #loads = new Set<Loadable>();
  /** Cells written by this request's operations: each raises a change event once the operations have run. */
  #changed: { sheet: SheetState; address: string }[] = [];

  constructor(state: FakeExcelState, options: Required<FakeOptions>) {
    this.state = state;
    this.options = options;
    this.workbook = new FakeWorkbook(this);
  }

  /** Every API call goes through here: a dead context is an error at once, as in Office.js. */
  check(): void {
    if (!this.alive) throw new FakeOfficeError('InvalidObjectPath', 'The object is used outside the Excel.run that made it; use Excel.run(object.context, ...) to use it again.');
  }

  requireApi(version: string, what: string): void {
    this.check();
    if (!versionAtLeast(this.options.apiVersion, version)) {
      // Office.js fails the call when the host lacks the API; an add-in must ask isSetSupported first.
      throw new FakeOfficeError('ApiNotFound', `${what} needs ExcelApi ${version}; this host has ExcelApi ${this.options.apiVersion}`);
    }
  }

  /**
   * Queues an operation, its request size estimated as the JSON of the action Office.js would send for it (a method
   * call or property set on an object path, with its arguments), so long values cost what they would.
   */
  queue(op: () => void, name: string, args: readonly unknown[] = []): void {
    this.check();
    const action = { Id: this.#queue.length + 1, ActionType: 'Method', Name: name, ObjectPathId: this.#queue.length + 1, ArgumentInfo: { Arguments: args } };
    this.#queue.push({ op, bytes: JSON.stringify(action).length });
  }

  /** Called by write operations as they run: the change event Excel raises for a write through the API. */
  changed(sheet: SheetState, address: string): void {
    this.#changed.push({ sheet, address });
  }

  wantLoad(l: Loadable): void {
    this.check();
    this.#loads.add(l);
  }

  /** Whether anything waits to be sent. */
  get pending(): boolean {
    return this.#queue.length > 0 || this.#loads.size > 0;
  }

  async sync(): Promise<void> {
    this.check();
    this.state.syncs += 1;
    await this.send();
  }

  /** Excel.run's own sync at the end of the batch: a round trip only when something is queued. */
  async closingSync(): Promise<void> {
    if (!this.pending) return;
    this.state.closingSyncs += 1;
    await this.send();
  }

  private async send(): Promise<void> {
    this.state.requests += 1;
    const ops = this.#queue.splice(0);
    const loads = [...this.#loads];
    this.#loads.clear();
    const queries = loads.map((l, i) => JSON.stringify({ Id: ops.length + i + 1, ActionType: 'Query', ObjectPathId: i + 1, QueryInfo: { Select: l.requested() } }).length);
    const request = ops.reduce((sum, o) => sum + o.bytes, 0) + queries.reduce((sum, n) => sum + n, 0);
    if (request > this.options.payloadLimit) {
      this.state.refusedSyncs += 1;
      throw new FakeOfficeError('RequestPayloadSizeLimitExceeded', `the request is ${request} bytes, over the ${this.options.payloadLimit}-byte limit`);
    }
    this.state.largestRequest = Math.max(this.state.largestRequest, request);
    this.#changed = [];
    try {
      for (const { op } of ops) op();
    } finally {
      // Excel raises onChanged for writes made through the API too, as soon as they are made: before this sync
      // returns to the add-in, so an add-in must know which changes are its own before it writes.
      for (const { sheet, address } of this.#changed.splice(0)) this.state.raiseChange(sheet, address, 'Local');
    }
    // Loads are answered after the queued operations, as Excel answers a batch.
    this.answering = true;
    let answers: Record<string, unknown>[];
    try {
      answers = loads.map((l) => l.answer());
    } finally {
      this.answering = false;
    }
    const response = answers.reduce((sum, a) => sum + JSON.stringify(a).length, 0);
    if (response > this.options.payloadLimit) {
      this.state.refusedSyncs += 1;
      throw new FakeOfficeError('ResponsePayloadSizeLimitExceeded', `the response is ${response} bytes, over the ${this.options.payloadLimit}-byte limit`);
    }
    this.state.largestResponse = Math.max(this.state.largestResponse, response);
    loads.forEach((l, i) => l.settle(answers[i]!));
    for (const l of loads) l.afterSync();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Proxies: properties readable only once loaded and synced

abstract class Loadable {
  protected readonly ctx: FakeContext;
  readonly #label: string;
  readonly #pending = new Set<string>();
  #loaded: Record<string, unknown> = {};
  #syncedOnce = false;

  constructor(ctx: FakeContext, label: string) {
    ctx.check();
    this.ctx = ctx;
    this.#label = label;
  }

  get context(): FakeContext {
    return this.ctx;
  }

  /** The property names this object can load, with how to read each from the live state. */
  protected abstract readers(): Record<string, () => unknown>;

  load(props?: string | string[]): this {
    const list = typeof props === 'string' ? props.split(',') : Array.isArray(props) ? props : [];
    if (list.length === 0) throw new FakeOfficeError('InvalidArgument', `fake Excel: ${this.#label}.load() with no properties loads everything; name the properties`);
    const readers = this.readers();
    for (const raw of list) {
      const p = raw.trim();
      if (!(p in readers)) throw new FakeOfficeError('InvalidArgument', `fake Excel: ${this.#label} has no loadable property '${p}' in this fake`);
      this.#pending.add(p);
    }
    this.ctx.wantLoad(this);
    return this;
  }

  /** The properties asked for since the last sync (the query Office.js would send). */
  requested(): string[] {
    return [...this.#pending];
  }

  /** At sync: the values asked for, read from the state now. */
  answer(): Record<string, unknown> {
    const readers = this.readers();
    const out: Record<string, unknown> = {};
    for (const p of this.#pending) out[p] = readers[p]!();
    return out;
  }

  settle(values: Record<string, unknown>): void {
    this.#loaded = { ...this.#loaded, ...values };
    this.#pending.clear();
  }

  afterSync(): void {
    this.#syncedOnce = true;
  }

  /** Objects made before a sync whose existence Excel has answered (isNullObject). */
  markSynced(): void {
    this.#syncedOnce = true;
  }

  protected get synced(): boolean {
    return this.#syncedOnce;
  }

  protected loaded<T>(prop: string): T {
    if (!(prop in this.#loaded)) throw new PropertyNotLoadedError(`${this.#label}.${prop}`);
    return this.#loaded[prop] as T;
  }
}

/** `isNullObject` is readable after any sync that followed the call which made the object (no load needed). */
abstract class MaybeNull extends Loadable {
  readonly #isNull: () => boolean;
  #answered: boolean | null = null;

  constructor(ctx: FakeContext, label: string, isNull: () => boolean) {
    super(ctx, label);
    this.#isNull = isNull;
    // Any sync answers the existence question; an item made while Excel answers a load exists already.
    if (ctx.answering) this.#answered = isNull();
    else ctx.wantLoad(this);
  }

  override answer(): Record<string, unknown> {
    this.#answered = this.#isNull();
    // A null object's properties stay unloaded (reading one throws), but loading them is no error.
    return this.#answered ? {} : super.answer();
  }

  get isNullObject(): boolean {
    if (this.#answered === null) throw new PropertyNotLoadedError('isNullObject');
    return this.#answered;
  }

  protected get isNull(): boolean {
    return this.#isNull();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Ranges

/** The smallest box holding every non-empty value of the sheet inside `within`; null when there is none. */
function usedBox(sheet: SheetState, within: Box): Box | null {
  let top = Infinity;
  let left = Infinity;
  let bottom = -1;
  let right = -1;
  const lastRow = Math.min(sheet.values.length, within.row + within.rows);
  for (let r = within.row; r < lastRow; r++) {
    const row = sheet.values[r];
    if (!row) continue;
    // forEach skips the holes of a sparse row (a stray value far to the right costs one visit, not 16,384).
    row.forEach((v, c) => {
      if (v === '' || v === undefined || c < within.col || c >= within.col + within.cols) return;
      top = Math.min(top, r);
      bottom = Math.max(bottom, r);
      left = Math.min(left, c);
      right = Math.max(right, c);
    });
  }
  return bottom < 0 ? null : { row: top, col: left, rows: bottom - top + 1, cols: right - left + 1 };
}

function slice<T>(grid: T[][], box: Box, blank: T): T[][] {
  return Array.from({ length: box.rows }, (_, r) => Array.from({ length: box.cols }, (_, c) => grid[box.row + r]?.[box.col + c] ?? blank));
}

function typeOf(value: OfficeValue): string {
  if (value === '') return 'Empty';
  if (typeof value === 'number') return 'Double';
  if (typeof value === 'boolean') return 'Boolean';
  return 'String';
}

export class FakeRange extends MaybeNull {
  readonly #sheet: () => SheetState;
  readonly #box: () => Box | null;

  constructor(ctx: FakeContext, sheet: () => SheetState, box: () => Box | null, isNull: () => boolean = () => false) {
    super(ctx, 'Range', isNull);
    this.#sheet = sheet;
    this.#box = box;
  }

  /** The box at sync time; a bad address fails the sync. */
  #at(): Box {
    const box = this.#box();
    if (!box) throw new FakeOfficeError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format (range address).');
    return box;
  }

  protected readers(): Record<string, () => unknown> {
    return {
      address: () => `${quoteSheet(this.#sheet().name)}!${a1(this.#at())}`,
      rowIndex: () => this.#at().row,
      columnIndex: () => this.#at().col,
      rowCount: () => this.#at().rows,
      columnCount: () => this.#at().cols,
      values: () => slice(this.#sheet().values, this.#at(), ''),
      numberFormat: () => slice(this.#sheet().numberFormat, this.#at(), 'General'),
      formulas: () => {
        const box = this.#at();
        const sheet = this.#sheet();
        return slice(sheet.values, box, '' as OfficeValue).map((row, r) => row.map((v, c) => sheet.formulas.get(a1({ row: box.row + r, col: box.col + c, rows: 1, cols: 1 })) ?? v));
      },
      valueTypes: () => {
        const box = this.#at();
        const values = slice(this.#sheet().values, box, '' as OfficeValue);
        return slice(this.#sheet().valueTypes, box, '').map((row, r) => row.map((t, c) => t || typeOf(values[r]![c]!)));
      },
    };
  }

  get address(): string { return this.loaded('address'); }
  get rowIndex(): number { return this.loaded('rowIndex'); }
  get columnIndex(): number { return this.loaded('columnIndex'); }
  get rowCount(): number { return this.loaded('rowCount'); }
  get columnCount(): number { return this.loaded('columnCount'); }
  get values(): OfficeValue[][] { return this.loaded('values'); }
  get numberFormat(): string[][] { return this.loaded('numberFormat'); }
  get valueTypes(): string[][] { return this.loaded('valueTypes'); }
  get formulas(): OfficeValue[][] { return this.loaded('formulas'); }

  set values(values: OfficeValue[][]) {
    this.ctx.queue(() => {
      const box = this.#at();
      const sheet = this.#sheet();
      if (!Array.isArray(values) || values.length !== box.rows || values.some((r) => !Array.isArray(r) || r.length !== box.cols)) {
        throw new FakeOfficeError('InvalidArgument', `${values.length}×${values[0]?.length} values for a ${box.rows}×${box.cols} range`);
      }
      let textFormat = true;
      let storedAsText = true;
      const request = this.ctx.state.requests;
      values.forEach((row, r) => row.forEach((v, c) => {
        const at = { row: box.row + r, col: box.col + c };
        const format = sheet.numberFormat[at.row]?.[at.col] ?? 'General';
        if (format !== '@') textFormat = false;
        // Only a text format already in the workbook before this request is sure to apply first.
        const committedText = format === '@' && (sheet.formatSetAt[at.row]?.[at.col] ?? 0) < request;
        const key = a1({ ...at, rows: 1, cols: 1 });
        const stored = typeof v === 'string' && !committedText ? enteredText(v) : { value: v };
        if (stored.formula !== undefined) {
          // Excel makes it a formula; the fake does not calculate, it records it.
          storedAsText = false;
          sheet.formulas.set(key, stored.formula);
          (sheet.values[at.row] ??= [])[at.col] = '#NAME?';
          (sheet.valueTypes[at.row] ??= [])[at.col] = 'Error';
        } else {
          if (typeof v === 'string' && typeof stored.value !== 'string') storedAsText = false;
          sheet.formulas.delete(key);
          (sheet.values[at.row] ??= [])[at.col] = stored.value;
          if (sheet.valueTypes[at.row]) sheet.valueTypes[at.row]![at.col] = '';
        }
      }));
      this.ctx.state.writes.push({ sheet: sheet.name, address: a1(box), rows: box.rows, columns: box.cols, textFormat, storedAsText });
      this.ctx.changed(sheet, a1(box));
    }, 'values', [values]);
  }

  set numberFormat(formats: string[][]) {
    this.ctx.queue(() => {
      const box = this.#at();
      if (!Array.isArray(formats) || formats.length !== box.rows || formats.some((r) => !Array.isArray(r) || r.length !== box.cols)) {
        throw new FakeOfficeError('InvalidArgument', `number formats of the wrong shape for a ${box.rows}×${box.cols} range`);
      }
      const sheet = this.#sheet();
      const request = this.ctx.state.requests;
      formats.forEach((row, r) => row.forEach((f, c) => {
        (sheet.numberFormat[box.row + r] ??= [])[box.col + c] = f;
        (sheet.formatSetAt[box.row + r] ??= [])[box.col + c] = request;
      }));
    }, 'numberFormat', [formats]);
  }

  select(): void {
    this.ctx.queue(() => {
      const box = this.#at();
      const sheet = this.#sheet();
      if (this.ctx.state.activeSheet !== sheet.name) throw new FakeOfficeError('InvalidSelection', 'a range can be selected only on the active sheet');
      this.ctx.state.selected = { sheet: sheet.name, address: a1(box) };
    }, 'select');
  }

  clear(): void {
    this.ctx.queue(() => {
      const box = this.#at();
      const sheet = this.#sheet();
      this.ctx.state.clears.push({ sheet: sheet.name, address: a1(box) });
      const inside = (r: number, c: number): boolean => overlaps(box, { row: r, col: c, rows: 1, cols: 1 });
      sheet.values.forEach((row, r) => row?.forEach((_, c) => { if (inside(r, c)) row[c] = ''; }));
      sheet.numberFormat.forEach((row, r) => row?.forEach((_, c) => { if (inside(r, c)) row[c] = 'General'; }));
      for (const key of [...sheet.formulas.keys()]) if (overlaps(box, parseAddress(key)!)) sheet.formulas.delete(key);
      this.ctx.changed(sheet, a1(box));
    }, 'clear');
  }

  /** A loadable property read from the live state now (for a collection answering its items' properties). */
  peek(prop: string): unknown {
    return this.readers()[prop]!();
  }

  /** The cells of this range holding formulas (ExcelApi 1.9): a null object when there are none. Only 'Formulas' is modelled. */
  getSpecialCellsOrNullObject(cellType: string): FakeRangeAreas {
    this.ctx.requireApi('1.9', 'Range.getSpecialCellsOrNullObject');
    if (cellType !== 'Formulas') throw new FakeOfficeError('InvalidArgument', `fake Excel: only getSpecialCellsOrNullObject('Formulas') is modelled`);
    const cells = (): Box[] => {
      const box = this.#at();
      return [...this.#sheet().formulas.keys()].map((k) => parseAddress(k)!).filter((b) => overlaps(b, box)).sort((a, b) => a.row - b.row || a.col - b.col);
    };
    return new FakeRangeAreas(this.ctx, this.#sheet, cells);
  }

  /**
   * The merged areas whose top-left cell lies in this range (ExcelApi 1.13, as Excel documents it): a null object when
   * there are none.
   */
  getMergedAreasOrNullObject(): FakeRangeAreas {
    this.ctx.requireApi('1.13', 'Range.getMergedAreasOrNullObject');
    const cells = (): Box[] => {
      const box = this.#at();
      return this.#sheet().merges.map((m) => parseAddress(m)!).filter((b) => b.row >= box.row && b.row < box.row + box.rows && b.col >= box.col && b.col < box.col + box.cols);
    };
    return new FakeRangeAreas(this.ctx, this.#sheet, cells);
  }

  /** The used range (values only) inside this range (ExcelApi 1.4). */
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    this.ctx.requireApi('1.4', 'Range.getUsedRangeOrNullObject');
    if (valuesOnly !== true) throw new FakeOfficeError('InvalidArgument', 'fake Excel: only getUsedRangeOrNullObject(true) is modelled');
    const used = (): Box | null => usedBox(this.#sheet(), this.#at());
    return new FakeRange(this.ctx, this.#sheet, used, () => used() === null);
  }

  getCell(r: number, c: number): FakeRange {
    return new FakeRange(this.ctx, this.#sheet, () => {
      const box = this.#at();
      return { row: box.row + r, col: box.col + c, rows: 1, cols: 1 };
    });
  }

  /** The range's own format: jobplan never writes it on the user's sheets; every write is recorded. */
  get format(): { fill: { color: string } } {
    const record = (what: string): void => this.ctx.queue(() => this.ctx.state.formatWrites.push({ sheet: this.#sheet().name, address: a1(this.#at()), what }), what);
    return { fill: { set color(_c: string) { record('fill.color'); }, get color(): string { throw new PropertyNotLoadedError('RangeFill.color'); } } };
  }

  get conditionalFormats(): FakeConditionalFormats {
    return new FakeConditionalFormats(this.ctx, this.#sheet, () => this.#at());
  }
}

/** Several ranges of one sheet (Excel.RangeAreas): formula cells, each its own area, or merged ranges. */
export class FakeRangeAreas extends MaybeNull {
  readonly #sheet: () => SheetState;
  readonly #cells: () => Box[];
  readonly areas: FakeRangeCollection;

  constructor(ctx: FakeContext, sheet: () => SheetState, cells: () => Box[]) {
    super(ctx, 'RangeAreas', () => cells().length === 0);
    this.#sheet = sheet;
    this.#cells = cells;
    this.areas = new FakeRangeCollection(ctx, sheet, cells);
  }
  protected readers(): Record<string, () => unknown> {
    return {
      address: () => this.#cells().map((b) => `${quoteSheet(this.#sheet().name)}!${a1(b)}`).join(', '),
      cellCount: () => this.#cells().reduce((n, b) => n + b.rows * b.cols, 0),
      areaCount: () => this.#cells().length,
    };
  }
  get address(): string { return this.loaded('address'); }
  get cellCount(): number { return this.loaded('cellCount'); }
  get areaCount(): number { return this.loaded('areaCount'); }
}

/** RangeAreas.areas: its ranges, each filled with only the properties loaded (items/formulas, items/rowIndex …). */
class FakeRangeCollection extends Loadable {
  readonly #sheet: () => SheetState;
  readonly #cells: () => Box[];
  #items: FakeRange[] | null = null;
  #boxes: Box[] = [];
  #answered = false;

  constructor(ctx: FakeContext, sheet: () => SheetState, cells: () => Box[]) {
    super(ctx, 'RangeCollection');
    this.#sheet = sheet;
    this.#cells = cells;
  }
  protected readers(): Record<string, () => unknown> {
    const list = (prop: string) => (): unknown => {
      if (!this.#items) {
        this.#boxes = this.#cells();
        this.#items = this.#boxes.map((b) => {
          const range = new FakeRange(this.ctx, this.#sheet, () => b);
          range.markSynced();
          return range;
        });
      }
      const items = this.#items;
      const answers = items.map((range) => range.peek(prop));
      items.forEach((range, i) => range.settle({ [prop]: answers[i] }));
      this.#answered = true;
      return answers;
    };
    return { 'items/address': list('address'), 'items/formulas': list('formulas'), 'items/rowIndex': list('rowIndex'), 'items/columnIndex': list('columnIndex') };
  }
  override answer(): Record<string, unknown> {
    this.#items = null;
    return super.answer();
  }
  get items(): FakeRange[] {
    if (!this.#answered || !this.#items) throw new PropertyNotLoadedError('RangeCollection.items');
    return this.#items;
  }
}

function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

// ---------------------------------------------------------------------------------------------------------------
// Conditional formats

class FakeConditionalFormatRule extends Loadable {
  readonly #entry: () => FakeConditionalFormat;
  constructor(ctx: FakeContext, entry: () => FakeConditionalFormat) {
    super(ctx, 'ConditionalFormatRule');
    this.#entry = entry;
  }
  protected readers(): Record<string, () => unknown> {
    return { formula: () => this.#entry().formula ?? '' };
  }
  get formula(): string { return this.loaded('formula'); }
  set formula(f: string) {
    this.ctx.queue(() => { this.#entry().formula = f; }, 'formula', [f]);
  }
}

class FakeCustomConditionalFormat {
  readonly rule: FakeConditionalFormatRule;
  readonly format: { fill: { color: string } };

  constructor(ctx: FakeContext, entry: () => FakeConditionalFormat) {
    // Asking a non-custom format for its custom part fails, as Office.js does.
    const custom = (): FakeConditionalFormat => {
      const e = entry();
      if (e.type !== 'Custom') throw new FakeOfficeError('InvalidOperation', `the conditional format is of type ${e.type}, not Custom`);
      return e;
    };
    this.rule = new FakeConditionalFormatRule(ctx, custom);
    this.format = {
      fill: {
        set color(c: string) { ctx.queue(() => { custom().fill = c; }, 'color', [c]); },
        get color(): string { throw new PropertyNotLoadedError('ConditionalRangeFill.color'); },
      },
    };
  }
}

class FakeConditionalFormatItem extends Loadable {
  readonly #entry: FakeConditionalFormat;
  readonly #sheet: () => SheetState;
  readonly custom: FakeCustomConditionalFormat;

  constructor(ctx: FakeContext, sheet: () => SheetState, entry: FakeConditionalFormat) {
    super(ctx, 'ConditionalFormat');
    this.#entry = entry;
    this.#sheet = sheet;
    this.custom = new FakeCustomConditionalFormat(ctx, () => entry);
  }
  protected readers(): Record<string, () => unknown> {
    return { type: () => this.#entry.type };
  }
  get type(): string { return this.loaded('type'); }
  delete(): void {
    this.ctx.queue(() => {
      const sheet = this.#sheet();
      sheet.conditionalFormats = sheet.conditionalFormats.filter((f) => f !== this.#entry);
    }, 'delete');
  }
}

class FakeConditionalFormats extends Loadable {
  readonly #sheet: () => SheetState;
  readonly #box: () => Box;
  #items: FakeConditionalFormatItem[] | null = null;

  constructor(ctx: FakeContext, sheet: () => SheetState, box: () => Box) {
    super(ctx, 'ConditionalFormatCollection');
    this.#sheet = sheet;
    this.#box = box;
  }

  protected readers(): Record<string, () => unknown> {
    return {
      'items/type': () => {
        const box = this.#box();
        const entries = this.#sheet().conditionalFormats.filter((f) => overlaps(parseAddress(f.address)!, box));
        this.#items = entries.map((e) => {
          const item = new FakeConditionalFormatItem(this.ctx, this.#sheet, e);
          item.settle({ type: e.type });
          return item;
        });
        return entries.map((e) => e.type);
      },
    };
  }

  get items(): FakeConditionalFormatItem[] {
    this.loaded('items/type');
    return this.#items!;
  }

  add(type: string): { custom: FakeCustomConditionalFormat } {
    this.ctx.requireApi('1.6', 'conditionalFormats.add');
    if (type !== 'Custom') throw new FakeOfficeError('InvalidArgument', `fake Excel: only custom conditional formats are modelled (got ${type})`);
    const entry: FakeConditionalFormat = { type: 'Custom', address: '', formula: '', fill: '' };
    this.ctx.queue(() => {
      const sheet = this.#sheet();
      if (sheet.protected) throw new FakeOfficeError('AccessDenied', `the sheet '${sheet.name}' is protected`);
      entry.address = a1(this.#box());
      sheet.conditionalFormats.push(entry);
    }, 'add', [type]);
    return { custom: new FakeCustomConditionalFormat(this.ctx, () => entry) };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Worksheets

interface EventResult {
  readonly context: FakeContext;
  remove(): void;
}

type Handler<E> = (event: E) => Promise<void> | void;

class FakeEvent<E = FakeChangeEvent> {
  readonly #ctx: FakeContext;
  readonly #list: () => Handler<E>[];
  readonly #set: (handlers: Handler<E>[]) => void;

  constructor(ctx: FakeContext, list: () => Handler<E>[], set: (handlers: Handler<E>[]) => void) {
    this.#ctx = ctx;
    this.#list = list;
    this.#set = set;
  }

  add(handler: Handler<E>): EventResult {
    const ctx = this.#ctx;
    ctx.queue(() => this.#set([...this.#list(), handler]), 'addHandler');
    return {
      context: ctx,
      remove: () => ctx.queue(() => this.#set(this.#list().filter((h) => h !== handler)), 'removeHandler'),
    };
  }
}

class FakeProtection extends Loadable {
  readonly #sheet: () => SheetState;
  constructor(ctx: FakeContext, sheet: () => SheetState) {
    super(ctx, 'WorksheetProtection');
    this.#sheet = sheet;
  }
  protected readers(): Record<string, () => unknown> {
    return { protected: () => this.#sheet().protected };
  }
  get protected(): boolean { return this.loaded('protected'); }
}

export class FakeWorksheet extends MaybeNull {
  readonly #sheet: () => SheetState;

  constructor(ctx: FakeContext, sheet: () => SheetState | undefined, isNull: () => boolean, missing: string) {
    super(ctx, 'Worksheet', isNull);
    this.#sheet = () => {
      const s = sheet();
      if (!s) throw new FakeOfficeError('ItemNotFound', `The requested resource doesn't exist (worksheet '${missing}').`);
      return s;
    };
  }

  protected readers(): Record<string, () => unknown> {
    return { name: () => this.#sheet().name, id: () => this.#sheet().id, visibility: () => this.#sheet().visibility };
  }

  get name(): string { return this.loaded('name'); }
  get id(): string { return this.loaded('id'); }
  get visibility(): string { return this.loaded('visibility'); }

  get protection(): FakeProtection {
    return new FakeProtection(this.ctx, this.#sheet);
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    if (valuesOnly !== true) throw new FakeOfficeError('InvalidArgument', 'fake Excel: only getUsedRangeOrNullObject(true) is modelled');
    const used = (): Box | null => usedBox(this.#sheet(), { row: 0, col: 0, rows: MAX_ROWS, cols: MAX_COLS });
    return new FakeRange(this.ctx, this.#sheet, used, () => used() === null);
  }

  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    this.ctx.requireApi('1.7', 'getRangeByIndexes');
    return new FakeRange(this.ctx, this.#sheet, () => (row >= 0 && col >= 0 && rows > 0 && cols > 0 && row + rows <= MAX_ROWS && col + cols <= MAX_COLS ? { row, col, rows, cols } : null));
  }

  /** A cell or range by address; with none, the whole sheet. */
  getRange(address?: string): FakeRange {
    if (address === undefined) return new FakeRange(this.ctx, this.#sheet, () => ({ row: 0, col: 0, rows: MAX_ROWS, cols: MAX_COLS }));
    return new FakeRange(this.ctx, this.#sheet, () => parseAddress(address));
  }

  getCell(row: number, col: number): FakeRange {
    return new FakeRange(this.ctx, this.#sheet, () => ({ row, col, rows: 1, cols: 1 }));
  }

  activate(): void {
    this.ctx.queue(() => {
      const sheet = this.#sheet();
      if (sheet.visibility !== 'Visible') throw new FakeOfficeError('InvalidOperation', `the sheet '${sheet.name}' is hidden and cannot be activated`);
      this.ctx.state.activeSheet = sheet.name;
    }, 'activate');
  }

  get onChanged(): FakeEvent {
    this.ctx.requireApi('1.7', 'Worksheet.onChanged');
    return new FakeEvent(this.ctx, () => this.#sheet().changeHandlers, (h) => { this.#sheet().changeHandlers = h; });
  }

  delete(): void {
    this.ctx.queue(() => {
      const sheet = this.#sheet();
      this.ctx.state.sheets.splice(this.ctx.state.sheets.indexOf(sheet), 1);
      this.ctx.state.deletedSheets.push(sheet.name);
    }, 'delete');
  }
}

class FakeWorksheets extends Loadable {
  #items: FakeWorksheet[] | null = null;

  constructor(ctx: FakeContext) {
    super(ctx, 'WorksheetCollection');
  }

  protected readers(): Record<string, () => unknown> {
    const list = (prop: 'name' | 'id' | 'visibility') => (): unknown => {
      const sheets = this.ctx.state.sheets;
      // The items are those of this sync (made once per answer, so every loaded path describes the same items),
      // each with only the properties loaded: `items/name` fills name, and reading id then throws, as in Office.js.
      if (!this.#items || this.#items.length !== sheets.length) this.#items = sheets.map((s) => this.#item(s));
      this.#items.forEach((ws, i) => ws.settle({ [prop]: sheets[i]![prop] }));
      return sheets.map((s) => s[prop]);
    };
    return { 'items/name': list('name'), 'items/id': list('id'), 'items/visibility': list('visibility') };
  }

  #item(s: SheetState): FakeWorksheet {
    const ws = new FakeWorksheet(this.ctx, () => this.ctx.state.sheets.find((x) => x === s), () => false, s.name);
    ws.markSynced();
    return ws;
  }

  override answer(): Record<string, unknown> {
    this.#items = null;
    return super.answer();
  }

  get items(): FakeWorksheet[] {
    this.loaded('items/name');
    return this.#items!;
  }

  /** By name (any case) or by id, as Office.js's getItem takes either. */
  #find(key: string): SheetState | undefined {
    return this.ctx.state.sheets.find((s) => s.name.toLowerCase() === key.toLowerCase() || s.id === key);
  }

  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => this.#find(name), () => this.#find(name) === undefined, name);
  }

  getItem(name: string): FakeWorksheet {
    const ws = new FakeWorksheet(this.ctx, () => this.#find(name), () => false, name);
    // Excel answers a missing item with ItemNotFound when the batch runs.
    this.ctx.queue(() => { if (!this.#find(name)) throw new FakeOfficeError('ItemNotFound', `no worksheet '${name}'`); }, 'getItem', [name]);
    return ws;
  }

  add(name: string): FakeWorksheet {
    let made: SheetState | undefined;
    this.ctx.queue(() => {
      if (this.#find(name)) throw new FakeOfficeError('ItemAlreadyExists', `a sheet named '${name}' exists`);
      made = newSheet(name, this.ctx.state.sheets.length);
      this.ctx.state.sheets.push(made);
      this.ctx.state.addedSheets.push(name);
    }, 'add', [name]);
    return new FakeWorksheet(this.ctx, () => made, () => made === undefined, name);
  }

  get onAdded(): FakeEvent<FakeAddedEvent> {
    this.ctx.requireApi('1.7', 'WorksheetCollection.onAdded');
    return new FakeEvent(this.ctx, () => this.ctx.state.sheetAddedHandlers, (h) => { this.ctx.state.sheetAddedHandlers = h; });
  }

  get onChanged(): FakeEvent {
    this.ctx.requireApi('1.9', 'WorksheetCollection.onChanged');
    return new FakeEvent(this.ctx, () => this.ctx.state.workbookChangeHandlers, (h) => { this.ctx.state.workbookChangeHandlers = h; });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The workbook and its custom properties

class FakeCustomProperty extends Loadable {
  readonly #key: string;
  constructor(ctx: FakeContext, key: string) {
    super(ctx, 'CustomProperty');
    this.#key = key;
  }
  protected readers(): Record<string, () => unknown> {
    return { key: () => this.#key, value: () => this.ctx.state.customProperties.get(this.#key) };
  }
  get key(): string { return this.loaded('key'); }
  get value(): string { return this.loaded('value'); }
  delete(): void {
    this.ctx.queue(() => { this.ctx.state.customProperties.delete(this.#key); }, 'delete');
  }
}

class FakeCustomProperties extends Loadable {
  #items: FakeCustomProperty[] | null = null;
  constructor(ctx: FakeContext) {
    super(ctx, 'CustomPropertyCollection');
  }
  protected readers(): Record<string, () => unknown> {
    return {
      'items/key': () => {
        const keys = [...this.ctx.state.customProperties.keys()];
        this.#items = keys.map((k) => {
          const p = new FakeCustomProperty(this.ctx, k);
          p.settle({ key: k });
          return p;
        });
        return keys;
      },
    };
  }
  get items(): FakeCustomProperty[] {
    this.loaded('items/key');
    return this.#items!;
  }
  add(key: string, value: string): FakeCustomProperty {
    this.ctx.requireApi('1.7', 'properties.custom');
    this.ctx.queue(() => {
      if (key.length > 255) throw new FakeOfficeError('InvalidArgument', `custom property key longer than 255 characters`);
      if (typeof value === 'string' && value.length > 255) throw new FakeOfficeError('InvalidArgument', `custom property '${key}' longer than 255 characters`);
      // Keys are case-insensitive: an existing key of other case is replaced.
      for (const k of [...this.ctx.state.customProperties.keys()]) if (k.toLowerCase() === key.toLowerCase()) this.ctx.state.customProperties.delete(k);
      this.ctx.state.customProperties.set(key, value);
    }, 'add', [key, value]);
    return new FakeCustomProperty(this.ctx, key);
  }
}

/** A worksheet function's result (Excel.FunctionResult): `value` (or `error`) once loaded and synced. */
class FakeFunctionResult extends Loadable {
  readonly #compute: () => { value: unknown; error: string };
  constructor(ctx: FakeContext, compute: () => { value: unknown; error: string }) {
    super(ctx, 'FunctionResult');
    this.#compute = compute;
  }
  protected readers(): Record<string, () => unknown> {
    return { value: () => this.#compute().value, error: () => this.#compute().error };
  }
  get value(): unknown { return this.loaded('value'); }
  get error(): string { return this.loaded('error'); }
}

const MS_PER_DAY = 86_400_000;

/** Workbook.functions: DATE only, answered in the workbook's own date system (1900 or 1904). */
class FakeFunctions {
  readonly #ctx: FakeContext;
  constructor(ctx: FakeContext) {
    this.#ctx = ctx;
  }
  date(year: number, month: number, day: number): FakeFunctionResult {
    this.#ctx.requireApi('1.2', 'Workbook.functions');
    return new FakeFunctionResult(this.#ctx, () => {
      const epoch = this.#ctx.state.date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
      const serial = (Date.UTC(year, month - 1, day) - epoch) / MS_PER_DAY;
      return serial < 0 ? { value: null, error: '#NUM!' } : { value: serial, error: '' };
    });
  }
}

class FakeWorkbook extends Loadable {
  readonly worksheets: FakeWorksheets;
  readonly properties: { readonly custom: FakeCustomProperties };
  readonly functions: FakeFunctions;

  constructor(ctx: FakeContext) {
    super(ctx, 'Workbook');
    this.worksheets = new FakeWorksheets(ctx);
    this.properties = { custom: new FakeCustomProperties(ctx) };
    this.functions = new FakeFunctions(ctx);
  }
  protected readers(): Record<string, () => unknown> {
    return { name: () => this.ctx.state.title };
  }
  get name(): string {
    return this.loaded('name');
  }
}

let sheetIds = 0;

function newSheet(name: string, position: number): SheetState {
  sheetIds += 1;
  return { id: `{sheet-${sheetIds}-${position}}`, name, values: [], numberFormat: [], formatSetAt: [], valueTypes: [], formulas: new Map(), merges: [], fills: {}, conditionalFormats: [], visibility: 'Visible', protected: false, changeHandlers: [] };
}

/**
 * What Excel stores for a string written to a cell not (yet) formatted as text: '=…', '@…' and '+…'/'-…' are taken
 * as formulas (Range.values' documentation names '=', '+' and '-'; '@' is the implicit intersection operator), except
 * that '+5' and '-5' are numbers; a leading apostrophe marks text and is not stored.
 */
function enteredText(v: string): { value: OfficeValue; formula?: string } {
  if (v.startsWith("'")) return { value: v.slice(1) };
  if (v.length < 2 || !/^[=+\-@]/.test(v)) return { value: v };
  if (/^[+-]\s*\d+(\.\d+)?(E[+-]?\d+)?$/i.test(v)) return { value: Number(v.replace(/\s+/g, '')) };
  return { value: '#NAME?', formula: v.startsWith('=') ? v : `=${v}` };
}

// ---------------------------------------------------------------------------------------------------------------
// Excel.run and the Office globals

export type FakeRun = <T>(first: ((context: FakeContext) => Promise<T>) | { context: FakeContext } | FakeContext, batch?: (context: FakeContext) => Promise<T>) => Promise<T>;

export interface FakeExcel {
  readonly state: FakeExcelState;
  /** Excel.run: `run(batch)`, or `run(object, batch)` to use again the context an object (an event handler) came from. */
  readonly run: FakeRun;
  readonly isSetSupported: (name: string, version?: string) => boolean;
}

/** Builds the fake's state from workbook data. */
export function createFakeExcel(data: FakeWorkbookData, options: FakeOptions = {}): FakeExcel {
  const opts: Required<FakeOptions> = { apiVersion: options.apiVersion ?? '1.7', payloadLimit: options.payloadLimit ?? 5 * 1024 * 1024, onReadyDelayMs: options.onReadyDelayMs ?? 0 };
  const sheets: SheetState[] = data.sheets.map((s, i) => ({
    ...newSheet(s.name, i),
    values: s.values.map((r) => [...r]),
    numberFormat: (s.numberFormat ?? []).map((r) => [...r]),
    valueTypes: (s.valueTypes ?? []).map((r) => [...r]),
    formulas: new Map(Object.entries(s.formulas ?? {})),
    merges: [...(s.merges ?? [])],
    fills: { ...(s.fills ?? {}) },
    conditionalFormats: (s.conditionalFormats ?? []).map((f) => ({ ...f })),
    visibility: s.visibility ?? 'Visible',
    protected: s.protected ?? false,
  }));
  const inFlight: Promise<void>[] = [];
  const state: FakeExcelState = {
    sheets, title: data.title ?? 'Book1.xlsx', syncs: 0, closingSyncs: 0, requests: 0, date1904: data.date1904 === true, largestRequest: 0, largestResponse: 0, refusedSyncs: 0, selected: null,
    activeSheet: sheets.find((s) => s.visibility === 'Visible')?.name ?? '', customProperties: new Map(Object.entries(data.customProperties ?? {})),
    writes: [], formatWrites: [], addedSheets: [], deletedSheets: [], clears: [], workbookChangeHandlers: [], sheetAddedHandlers: [], ownWriteEvents: [],
    async settleEvents() {
      while (inFlight.length > 0) await Promise.all(inFlight.splice(0));
    },
    raiseChange(sheet, address, source) {
      const event: FakeChangeEvent = { worksheetId: sheet.id, address, source, changeType: 'RangeEdited', type: 'WorksheetChanged' };
      state.ownWriteEvents.push(event);
      // Handlers start now (an add-in's check of the sheet id runs before this sync returns); they finish later.
      for (const handler of [...state.workbookChangeHandlers, ...sheet.changeHandlers]) inFlight.push(Promise.resolve(handler(event)));
    },
    async change(sheet, address) {
      const s = sheets.find((x) => x.name === sheet);
      if (!s) throw new Error(`fake Excel: no sheet '${sheet}' to change`);
      const event: FakeChangeEvent = { worksheetId: s.id, address, source: 'Local', changeType: 'RangeEdited', type: 'WorksheetChanged' };
      for (const handler of [...state.workbookChangeHandlers, ...s.changeHandlers]) await handler(event);
    },
    async addSheet(name, values = []) {
      const s = { ...newSheet(name, sheets.length), values: values.map((r) => [...r]) };
      sheets.push(s);
      for (const handler of [...state.sheetAddedHandlers]) await handler({ worksheetId: s.id, source: 'Local', type: 'WorksheetAdded' });
    },
  };
  const run: FakeRun = async (first, maybeBatch) => {
    let batch: (context: FakeContext) => Promise<never>;
    let context: FakeContext;
    if (typeof first === 'function') {
      batch = first as never;
      context = new FakeContext(state, opts);
    } else {
      batch = maybeBatch as never;
      context = first instanceof FakeContext ? first : first.context;
      context.alive = true;
    }
    try {
      const result = await batch(context);
      await context.closingSync(); // Excel.run sends what is left queued at the end (nothing to send: no round trip)
      return result;
    } finally {
      context.alive = false;
    }
  };
  const isSetSupported = (name: string, version = '1.1'): boolean => name === 'ExcelApi' && versionAtLeast(opts.apiVersion, version);
  return { state, run, isSetSupported };
}

/**
 * Installs `Office` and `Excel` globals backed by the fake, as office.js would inside Excel (the end-to-end test
 * serves this in place of office.js). Returns the state for the test to inspect.
 *
 * @example
 * const state = installFakeOffice(globalThis, { title: 'plan.xlsx', sheets: [{ name: 'Details', values: [['Name', 'Dr A']] }] });
 */
export function installFakeOffice(target: object, data: FakeWorkbookData, options: FakeOptions = {}): FakeExcelState {
  const { state, run, isSetSupported } = createFakeExcel(data, options);
  const globals = target as Record<string, unknown>;
  globals['Excel'] = {
    run,
    ConditionalFormatType: { custom: 'Custom', cellValue: 'CellValue', colorScale: 'ColorScale' },
    SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
    ErrorCodes: { itemNotFound: 'ItemNotFound', invalidArgument: 'InvalidArgument', responsePayloadSizeLimitExceeded: 'ResponsePayloadSizeLimitExceeded' },
  };
  globals['Office'] = {
    HostType: { Excel: 'Excel' },
    onReady: async (callback?: (info: { host: string; platform: string }) => void) => {
      const info = { host: 'Excel', platform: 'OfficeOnline' };
      if (options.onReadyDelayMs) await new Promise((resolve) => setTimeout(resolve, options.onReadyDelayMs));
      callback?.(info);
      return info;
    },
    context: {
      requirements: { isSetSupported },
      document: { url: state.title },
      displayLanguage: 'en-GB',
    },
  };
  return state;
}
