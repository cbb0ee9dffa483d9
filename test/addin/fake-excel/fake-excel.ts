/**
 * A strict in-memory stand-in for the part of the Excel JavaScript API jobplan uses, for tests without Excel (in
 * Node, and bundled into the page of the end-to-end test). Strict as Excel is: a property read before it was loaded
 * *and* synced throws PropertyNotLoaded, so a missing load() fails here as it would in Excel; every sync is counted,
 * and every write is recorded. No Node imports: it runs in a browser too.
 */

export type OfficeValue = string | number | boolean;

export interface FakeSheetData {
  readonly name: string;
  /** Values as Office.js reports them: '' for empty, numbers for dates (serials), formula results. */
  readonly values: OfficeValue[][];
  /** Number formats per cell ('General' when absent). */
  readonly numberFormat?: string[][];
  /** 'Error' for cells showing an Excel error (their value is the error text), else absent. */
  readonly valueTypes?: string[][];
}

export interface FakeWorkbookData {
  readonly title?: string;
  readonly sheets: readonly FakeSheetData[];
}

interface SheetState {
  name: string;
  values: OfficeValue[][];
  numberFormat: string[][];
  valueTypes: string[][];
  conditionalFormats: ConditionalFormatEntry[];
  changeHandlers: ((event: unknown) => Promise<void> | void)[];
}

/** What a test inspects after the add-in ran. */
export interface FakeExcelState {
  readonly sheets: SheetState[];
  syncs: number;
  selected: { sheet: string; address: string } | null;
  activeSheet: string;
  readonly customProperties: Map<string, string>;
  /** Each range write: sheet, address, rows × columns, and whether it set the text format first. */
  readonly writes: { sheet: string; address: string; rows: number; columns: number; textFormat: boolean }[];
  readonly deletedSheets: string[];
  /** Each range cleared (the results sheet is cleared before it is written again). */
  readonly clears: { sheet: string; address: string }[];
  /** Fire a change on a sheet, as a user's edit would. */
  change(sheet: string, address: string): Promise<void>;
}

export class PropertyNotLoadedError extends Error {
  readonly code = 'PropertyNotLoaded';
  constructor(what: string) {
    super(`The property '${what}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A1 addresses

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function colLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function parseAddress(address: string): { row: number; col: number; rows: number; cols: number } {
  const local = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const [a, b] = local.replace(/\$/g, '').split(':');
  const m1 = /^([A-Z]+)(\d+)$/i.exec(a!);
  const m2 = /^([A-Z]+)(\d+)$/i.exec(b ?? a!);
  if (!m1 || !m2) throw new Error(`InvalidArgument: bad address '${address}'`);
  const row = Number(m1[2]) - 1;
  const col = colIndex(m1[1]!);
  return { row, col, rows: Number(m2[2]) - row, cols: colIndex(m2[1]!) - col + 1 };
}

function a1(row: number, col: number, rows: number, cols: number): string {
  const start = `${colLetters(col)}${row + 1}`;
  return rows === 1 && cols === 1 ? start : `${start}:${colLetters(col + cols - 1)}${row + rows}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Proxies: properties readable only once loaded and synced

class Loadable {
  readonly #ctx: FakeContext;
  readonly #pending = new Set<string>();
  readonly #loaded = new Set<string>();
  readonly #label: string;
  readonly #bornAtSync: number;

  constructor(ctx: FakeContext, label: string) {
    this.#ctx = ctx;
    this.#label = label;
    this.#bornAtSync = ctx.state.syncs;
  }

  /** `isNullObject` needs no load(), but a sync after the object was asked for (as in Excel). */
  protected needSync(what: string): void {
    if (this.#ctx.state.syncs <= this.#bornAtSync) throw new PropertyNotLoadedError(what);
  }

  load(props?: string | string[] | Record<string, unknown>): this {
    const list = typeof props === 'string' ? props.split(',') : Array.isArray(props) ? props : props ? Object.keys(props) : [];
    if (list.length === 0) throw new Error('fake Excel: load() with no properties loads everything; name the properties');
    for (const p of list) this.#pending.add(p.trim());
    this.#ctx.pendingLoads.add(this);
    return this;
  }

  /** Called by sync(): what was asked for becomes readable, with its values as of now. */
  settle(): void {
    for (const p of this.#pending) this.#loaded.add(p);
    this.#pending.clear();
    this.capture();
  }

  protected capture(): void {}

  protected need(prop: string): void {
    if (!this.#loaded.has(prop)) throw new PropertyNotLoadedError(`${this.#label}.${prop}`);
  }
}

class FakeRange extends Loadable {
  readonly #state: FakeExcelState;
  readonly #sheet: SheetState;
  readonly #ctx: FakeContext;
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
  readonly #null: boolean;
  #captured: { values: OfficeValue[][]; numberFormat: string[][]; valueTypes: string[][] } | null = null;
  #textFormat = false;

  constructor(ctx: FakeContext, sheet: SheetState, row: number, col: number, rows: number, cols: number, isNull = false) {
    super(ctx, 'Range');
    this.#ctx = ctx;
    this.#state = ctx.state;
    this.#sheet = sheet;
    this.row = row;
    this.col = col;
    this.rows = rows;
    this.cols = cols;
    this.#null = isNull;
  }

  protected override capture(): void {
    const slice = <T>(grid: T[][], blank: T): T[][] => Array.from({ length: this.rows }, (_, r) => Array.from({ length: this.cols }, (_, c) => grid[this.row + r]?.[this.col + c] ?? blank));
    this.#captured = { values: slice(this.#sheet.values, ''), numberFormat: slice(this.#sheet.numberFormat, 'General'), valueTypes: slice(this.#sheet.valueTypes, '') };
  }

  get isNullObject(): boolean {
    this.needSync('Range.isNullObject');
    return this.#null;
  }
  get rowIndex(): number {
    this.need('rowIndex');
    return this.row;
  }
  get columnIndex(): number {
    this.need('columnIndex');
    return this.col;
  }
  get rowCount(): number {
    this.need('rowCount');
    return this.rows;
  }
  get columnCount(): number {
    this.need('columnCount');
    return this.cols;
  }
  get address(): string {
    this.need('address');
    return `${this.#sheet.name}!${a1(this.row, this.col, this.rows, this.cols)}`;
  }
  get values(): OfficeValue[][] {
    this.need('values');
    return this.#captured!.values;
  }
  set values(values: OfficeValue[][]) {
    this.#ctx.queue(() => {
      if (values.length !== this.rows || values.some((r) => r.length !== this.cols)) throw new Error(`InvalidArgument: ${values.length}×${values[0]?.length} values for a ${this.rows}×${this.cols} range`);
      values.forEach((row, r) => row.forEach((v, c) => {
        (this.#sheet.values[this.row + r] ??= [])[this.col + c] = v;
      }));
      this.#state.writes.push({ sheet: this.#sheet.name, address: a1(this.row, this.col, this.rows, this.cols), rows: this.rows, columns: this.cols, textFormat: this.#textFormat });
    });
  }
  get numberFormat(): string[][] {
    this.need('numberFormat');
    return this.#captured!.numberFormat;
  }
  set numberFormat(formats: string[][]) {
    // Applied in order with the values: a text format set before the values makes "=1+1" stay text.
    if (formats.every((row) => row.every((f) => f === '@'))) this.#textFormat = true;
    this.#ctx.queue(() => formats.forEach((row, r) => row.forEach((f, c) => {
      (this.#sheet.numberFormat[this.row + r] ??= [])[this.col + c] = f;
    })));
  }
  get valueTypes(): string[][] {
    this.need('valueTypes');
    return this.#captured!.valueTypes.map((row, r) => row.map((t, c) => t || typeOf(this.#captured!.values[r]![c]!)));
  }

  select(): void {
    this.#ctx.queue(() => {
      this.#state.selected = { sheet: this.#sheet.name, address: a1(this.row, this.col, this.rows, this.cols) };
    });
  }

  clear(): void {
    this.#ctx.queue(() => {
      this.#state.clears.push({ sheet: this.#sheet.name, address: a1(this.row, this.col, this.rows, this.cols) });
      const inside = (r: number, c: number) => r >= this.row && r < this.row + this.rows && c >= this.col && c < this.col + this.cols;
      this.#sheet.values.forEach((row, r) => row?.forEach((_, c) => { if (inside(r, c)) row[c] = ''; }));
      this.#sheet.numberFormat.forEach((row, r) => row?.forEach((_, c) => { if (inside(r, c)) row[c] = 'General'; }));
    });
  }

  getCell(r: number, c: number): FakeRange {
    return new FakeRange(this.#ctx, this.#sheet, this.row + r, this.col + c, 1, 1);
  }

  getResizedRange(deltaRows: number, deltaCols: number): FakeRange {
    return new FakeRange(this.#ctx, this.#sheet, this.row, this.col, this.rows + deltaRows, this.cols + deltaCols);
  }

  readonly format = { font: { bold: false }, autofitColumns: (): void => undefined, columnWidth: 0 };

  get conditionalFormats(): FakeConditionalFormats {
    return new FakeConditionalFormats(this.#ctx, this.#sheet, a1(this.row, this.col, this.rows, this.cols));
  }
}

function typeOf(value: OfficeValue): string {
  if (value === '') return 'Empty';
  if (typeof value === 'number') return 'Double';
  if (typeof value === 'boolean') return 'Boolean';
  return 'String';
}

interface ConditionalFormatEntry {
  address: string;
  formula: string;
  fill: string;
}

class FakeConditionalFormats extends Loadable {
  readonly #ctx: FakeContext;
  readonly #sheet: SheetState;
  readonly #address: string;
  #items: { type: string; custom: { rule: { formula: string } }; delete(): void }[] | null = null;

  constructor(ctx: FakeContext, sheet: SheetState, address: string) {
    super(ctx, 'ConditionalFormatCollection');
    this.#ctx = ctx;
    this.#sheet = sheet;
    this.#address = address;
  }

  protected override capture(): void {
    this.#items = this.#sheet.conditionalFormats.filter((f) => overlaps(f.address, this.#address)).map((entry) => ({
      type: 'Custom',
      custom: { rule: { formula: entry.formula } },
      delete: () => this.#ctx.queue(() => {
        this.#sheet.conditionalFormats = this.#sheet.conditionalFormats.filter((f) => f !== entry);
      }),
    }));
  }

  get items(): { type: string; custom: { rule: { formula: string } }; delete(): void }[] {
    this.need('items/type');
    this.need('items/custom/rule/formula');
    return this.#items!;
  }

  add(type: string): { custom: { rule: { formula: string }; format: { fill: { color: string } } } } {
    if (type !== 'Custom') throw new Error(`fake Excel: only custom conditional formats are modelled (got ${type})`);
    const entry: ConditionalFormatEntry = { address: this.#address, formula: '', fill: '' };
    const custom = {
      rule: { set formula(f: string) { entry.formula = f; }, get formula() { return entry.formula; } },
      format: { fill: { set color(c: string) { entry.fill = c; }, get color() { return entry.fill; } } },
    };
    this.#ctx.queue(() => this.#sheet.conditionalFormats.push(entry));
    return { custom };
  }
}

function overlaps(a: string, b: string): boolean {
  const x = parseAddress(a);
  const y = parseAddress(b);
  return x.row < y.row + y.rows && y.row < x.row + x.rows && x.col < y.col + y.cols && y.col < x.col + x.cols;
}

class FakeWorksheet extends Loadable {
  readonly state: SheetState;
  readonly #ctx: FakeContext;
  readonly #null: boolean;

  constructor(ctx: FakeContext, state: SheetState, isNull = false) {
    super(ctx, 'Worksheet');
    this.#ctx = ctx;
    this.state = state;
    this.#null = isNull;
  }

  get isNullObject(): boolean {
    this.needSync('Worksheet.isNullObject');
    return this.#null;
  }

  get name(): string {
    this.need('name');
    return this.state.name;
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    if (valuesOnly !== true) throw new Error('fake Excel: only getUsedRangeOrNullObject(true) is modelled');
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    this.state.values.forEach((row, r) => row?.forEach((v, c) => {
      if (v === '' || v === undefined) return;
      top = Math.min(top, r);
      bottom = Math.max(bottom, r);
      left = Math.min(left, c);
      right = Math.max(right, c);
    }));
    if (bottom < 0) return new FakeRange(this.#ctx, this.state, 0, 0, 0, 0, true);
    return new FakeRange(this.#ctx, this.state, top, left, bottom - top + 1, right - left + 1);
  }

  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    return new FakeRange(this.#ctx, this.state, row, col, rows, cols);
  }

  /** A cell or range by address; with none, the whole sheet. */
  getRange(address?: string): FakeRange {
    if (address === undefined) return new FakeRange(this.#ctx, this.state, 0, 0, 1_048_576, 16_384);
    const a = parseAddress(address);
    return new FakeRange(this.#ctx, this.state, a.row, a.col, a.rows, a.cols);
  }

  activate(): void {
    this.#ctx.queue(() => {
      this.#ctx.state.activeSheet = this.state.name;
    });
  }

  readonly onChanged = {
    add: (handler: (event: unknown) => Promise<void> | void): { remove(): void } => {
      this.state.changeHandlers.push(handler);
      return { remove: () => { this.state.changeHandlers = this.state.changeHandlers.filter((h) => h !== handler); } };
    },
  };

  delete(): void {
    this.#ctx.queue(() => {
      this.#ctx.state.sheets.splice(this.#ctx.state.sheets.indexOf(this.state), 1);
      this.#ctx.state.deletedSheets.push(this.state.name);
    });
  }
}

class FakeWorksheets extends Loadable {
  readonly #ctx: FakeContext;
  #items: FakeWorksheet[] | null = null;

  constructor(ctx: FakeContext) {
    super(ctx, 'WorksheetCollection');
    this.#ctx = ctx;
  }

  protected override capture(): void {
    this.#items = this.#ctx.state.sheets.map((s) => {
      const ws = new FakeWorksheet(this.#ctx, s);
      ws.load('name');
      ws.settle();
      return ws;
    });
  }

  get items(): FakeWorksheet[] {
    this.need('items/name');
    return this.#items!;
  }

  getItemOrNullObject(name: string): FakeWorksheet {
    const state = this.#ctx.state.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
    return new FakeWorksheet(this.#ctx, state ?? newSheet(name), state === undefined);
  }

  getItem(name: string): FakeWorksheet {
    const state = this.#ctx.state.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (!state) throw new Error(`ItemNotFound: no sheet '${name}'`);
    return new FakeWorksheet(this.#ctx, state);
  }

  add(name: string): FakeWorksheet {
    const state = newSheet(name);
    this.#ctx.queue(() => {
      if (this.#ctx.state.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) throw new Error(`ItemAlreadyExists: '${name}'`);
      this.#ctx.state.sheets.push(state);
    });
    return new FakeWorksheet(this.#ctx, state);
  }
}

function newSheet(name: string): SheetState {
  return { name, values: [], numberFormat: [], valueTypes: [], conditionalFormats: [], changeHandlers: [] };
}

class FakeContext {
  readonly state: FakeExcelState;
  readonly pendingLoads = new Set<Loadable>();
  readonly #queue: (() => void)[] = [];
  readonly workbook: {
    worksheets: FakeWorksheets;
    properties: { custom: { add(key: string, value: string): void } };
  };

  constructor(state: FakeExcelState) {
    this.state = state;
    this.workbook = {
      worksheets: new FakeWorksheets(this),
      properties: { custom: { add: (key, value) => this.queue(() => {
        if (value.length > 255) throw new Error(`InvalidArgument: custom property '${key}' longer than 255 characters`);
        state.customProperties.set(key, value);
      }) } },
    };
  }

  queue(op: () => void): void {
    this.#queue.push(op);
  }

  async sync(): Promise<void> {
    this.state.syncs += 1;
    for (const op of this.#queue.splice(0)) op();
    for (const l of [...this.pendingLoads]) l.settle();
    this.pendingLoads.clear();
  }
}

/** Builds the fake's state from workbook data. */
export function createFakeExcel(data: FakeWorkbookData): { state: FakeExcelState; run: <T>(batch: (context: FakeContext) => Promise<T>) => Promise<T> } {
  const sheets: SheetState[] = data.sheets.map((s) => ({
    name: s.name,
    values: s.values.map((r) => [...r]),
    numberFormat: (s.numberFormat ?? []).map((r) => [...r]),
    valueTypes: (s.valueTypes ?? []).map((r) => [...r]),
    conditionalFormats: [],
    changeHandlers: [],
  }));
  const state: FakeExcelState = {
    sheets, syncs: 0, selected: null, activeSheet: sheets[0]?.name ?? '', customProperties: new Map(), writes: [], deletedSheets: [], clears: [],
    async change(sheet, address) {
      const s = sheets.find((x) => x.name === sheet);
      for (const handler of s?.changeHandlers ?? []) await handler({ worksheetId: sheet, address, source: 'Local', changeType: 'RangeEdited' });
    },
  };
  const run = async <T>(batch: (context: FakeContext) => Promise<T>): Promise<T> => {
    const context = new FakeContext(state);
    const result = await batch(context);
    await context.sync(); // Excel.run syncs what is left queued at the end
    return result;
  };
  return { state, run };
}

/**
 * Installs `Office` and `Excel` globals backed by the fake, as office.js would inside Excel (the end-to-end test
 * serves this in place of office.js). Returns the state for the test to inspect.
 */
export function installFakeOffice(target: Record<string, unknown>, data: FakeWorkbookData): FakeExcelState {
  const { state, run } = createFakeExcel(data);
  target['Excel'] = {
    run,
    ConditionalFormatType: { custom: 'Custom' },
  };
  target['Office'] = {
    HostType: { Excel: 'Excel' },
    onReady: async (callback?: (info: { host: string; platform: string }) => void) => {
      const info = { host: 'Excel', platform: 'OfficeOnline' };
      callback?.(info);
      return info;
    },
    context: {
      requirements: { isSetSupported: (name: string, version: string) => name === 'ExcelApi' && Number(version) <= 1.9 },
      document: { url: data.title ?? 'Book1.xlsx' },
      displayLanguage: 'en-GB',
    },
  };
  return state;
}
