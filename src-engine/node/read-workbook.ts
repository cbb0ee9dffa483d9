/**
 * The Node workbook reader: an .xlsx file (or its bytes) → WorkbookSnapshot, with every user problem returned as a
 * diagnostic. This is the only file that imports exceljs for reading; the normalisation lives in small exported pure
 * functions so the streaming reader planned for big registers can reuse them.
 *
 * Order matters: the bytes are checked (zip? encrypted? legacy .xls?) and the zip directory is bounded *before*
 * exceljs sees them, because exceljs inflates every part into memory with no limit of its own (design.md §8).
 */
import { createRequire } from 'node:module';
import { createInflateRaw } from 'node:zlib';
// Types only at load time: exceljs itself (a third of a second to import) is loaded when the normal reader needs it.
import type ExcelJS from 'exceljs';
import type { Diagnostic, FileLocation } from '../diagnostics/diagnostic.js';
import { INPUT_LIMITS } from '../workbook/input-limits.js';
import { beyondExcelDiagnostic, checkZipDirectory, CLI_XLSX_LIMITS, doctypeDiagnostic, entryData, EXCEL_MAX_COLUMNS, EXCEL_MAX_ROWS, guardXlsxParts, inflatePart, isWorksheetPart, isXmlPart, partBeyondDeclared, unusualPart, withinExcel, XmlPartGuard, type XlsxLimits, type ZipEntry } from '../workbook/xlsx-bounds.js';
import { CellErrorReporter, dateCellValue, isDateFormat, NOT_A_NUMBER } from '../workbook/normalise-cell.js';
import { isExcelErrorValue, normaliseExcelJsValue, snapshotWorksheet, sortRanges, type ExcelErrorValue } from '../workbook/exceljs-cells.js';
import { cellAddress, columnLetters, normaliseText, trimRows, type CellValue, type SheetSnapshot, type WorkbookSnapshot } from '../workbook/snapshot.js';
import { readInputFile } from './input-file.js';

export interface ReadWorkbookOptions {
  /** readWorkbookFile refuses files larger than this many bytes (default INPUT_LIMITS.xlsxFileBytes, 100 MB). */
  readonly maxFileBytes?: number;
  /** Refuse workbooks whose parts inflate to more than this many bytes in total (default 200 MB). */
  readonly maxUncompressedBytes?: number;
  /**
   * readWorkbookFile reads files of at least this many bytes with the streaming reader (default 1 MB, about 7,000
   * register rows): it keeps one copy of the cells instead of exceljs's whole object model. 0 streams every file;
   * Infinity never streams. Both readers give the same snapshot (test/node/read-workbook-stream.test.ts).
   */
  readonly streamFromBytes?: number;
  /**
   * When the streaming path fails on a file (an unusual part order or part name), read it with the normal reader
   * instead (default true). Tests turn it off to be sure the streaming path itself read the file.
   */
  readonly fallbackToNormalReader?: boolean;
}

export interface ReadWorkbookResult {
  /** Null when the file could not be read as a workbook; the diagnostics say why. */
  readonly snapshot: WorkbookSnapshot | null;
  readonly diagnostics: Diagnostic[];
}

export const DEFAULT_MAX_UNCOMPRESSED_BYTES = INPUT_LIMITS.xlsxInflatedBytes;
export const DEFAULT_STREAM_FROM_BYTES = 1024 * 1024;

/** The zip bounds (src-engine/workbook/xlsx-bounds.ts, shared with the browser reader), with the caller's total. */
function limitsFor(options: ReadWorkbookOptions): XlsxLimits {
  const total = options.maxUncompressedBytes;
  return total === undefined ? CLI_XLSX_LIMITS : { ...CLI_XLSX_LIMITS, inflatedBytes: total, partInflatedBytes: Math.min(total, CLI_XLSX_LIMITS.partInflatedBytes) };
}

const SAVE_AS_XLSX = 'open it in Excel and use File > Save As > "Excel Workbook (.xlsx)"';

/**
 * Reads an .xlsx file into a snapshot. The file is only ever read, never written.
 *
 * @example
 * const { snapshot, diagnostics } = await readWorkbookFile('examples/consultant-compliant.xlsx');
 */
export async function readWorkbookFile(path: string, options: ReadWorkbookOptions = {}): Promise<ReadWorkbookResult> {
  const read = await readInputFile(path, {
    maxBytes: options.maxFileBytes ?? INPUT_LIMITS.xlsxFileBytes,
    what: 'a workbook',
    whenTooLarge: 'split the register (by care group, say) into workbooks of fewer rows, or save it without its pictures and unused sheets',
  });
  if (!read.ok) return failure(path, read.problem === 'too_large' ? 'workbook_too_large' : 'workbook_unreadable', read.message);
  const bytes = read.bytes;
  if (bytes.length >= (options.streamFromBytes ?? DEFAULT_STREAM_FROM_BYTES)) return readWorkbookBufferStreaming(bytes, path, options);
  return readWorkbookBuffer(bytes, path, options);
}

/**
 * Reads .xlsx bytes into a snapshot; `source` names them in messages (a path or a title).
 *
 * @example
 * const { snapshot } = await readWorkbookBuffer(await fs.readFile(p), p);
 */
export async function readWorkbookBuffer(buffer: Uint8Array, source: string, options: ReadWorkbookOptions = {}): Promise<ReadWorkbookResult> {
  const limits = limitsFor(options);
  const problem = checkContainer(buffer, source);
  if (problem) return { snapshot: null, diagnostics: [problem] };
  // Every part is inflated and checked (sizes, DOCTYPE, rows and columns within Excel's) before exceljs is given the
  // bytes: exceljs inflates every part into memory and allocates for any row or column number it meets.
  const entries = checkZipDirectory(buffer, source, limits);
  if (!Array.isArray(entries)) return { snapshot: null, diagnostics: [entries] };
  const guarded = guardXlsxParts(buffer, entries, source);
  if ('code' in guarded) return { snapshot: null, diagnostics: [guarded] };
  // exceljs makes a cell object for every cell a merged range covers; the streaming reader keeps only its corners.
  if (guarded.largeMerge && options.fallbackToNormalReader !== false) return readWorkbookBufferStreaming(buffer, source, { ...options, fallbackToNormalReader: false });

  const { default: exceljs } = await import('exceljs');
  const workbook = new exceljs.Workbook();
  try {
    // exceljs's typings declare their own ArrayBuffer-like `Buffer`; at run time it reads a Node Buffer (via JSZip).
    await workbook.xlsx.load(toNodeBuffer(buffer) as unknown as ExcelJS.Buffer);
  } catch (error) {
    return failure(source, 'workbook_unreadable', `${source} could not be read as an Excel workbook (${errorText(error)}); the file may be damaged: ${SAVE_AS_XLSX} and try again.`);
  }

  const errors = new CellErrorReporter(source);
  let candidates = 0;
  const sheets: SheetSnapshot[] = workbook.worksheets.map((ws) => {
    const formulas: string[] = [];
    const sheet = snapshotWorksheet(ws, errors, formulas);
    candidates += formulas.length;
    return ws.state === 'hidden' || ws.state === 'veryHidden' ? { ...sheet, state: ws.state } : sheet;
  });
  // exceljs cannot tell a formula never calculated from one whose saved result is 0: the sheet XML can.
  const confirmed = candidates > 0 ? await uncalculatedFormulaCells(buffer, source, limits) : null;
  const withUncalculated = confirmed ? sheets.map((s) => (confirmed.get(s.name)?.length ? { ...s, uncalculated: confirmed.get(s.name)! } : s)) : sheets;
  return { snapshot: { source, sheets: withUncalculated }, diagnostics: errors.toArray() };
}

/** Per sheet, the formula cells with no saved result, read from the sheet XML by the streaming scanner. */
async function uncalculatedFormulaCells(buffer: Uint8Array, source: string, limits: XlsxLimits): Promise<Map<string, readonly string[]> | null> {
  const entries = checkZipDirectory(buffer, source, limits);
  if (!Array.isArray(entries)) return null;
  try {
    const sheets = await streamSheets(buffer, entries, source, new CellErrorReporter(source));
    if (!Array.isArray(sheets)) return null;
    return new Map(sheets.map((s) => [s.name, s.uncalculated ?? []]));
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Normalisation (pure; shared with a future streaming reader)

// The zip directory reader lives in the core (src-engine/workbook/xlsx-bounds.ts), shared with the browser reader.
export { readZipDirectory, type ZipEntry } from '../workbook/xlsx-bounds.js';

// Shared with the add-in's Office.js reader (src-engine/workbook/normalise-cell.ts); re-exported for existing callers.
export { CellErrorReporter, isDateFormat } from '../workbook/normalise-cell.js';

// The exceljs object model → snapshot values: in the core (src-engine/workbook/exceljs-cells.ts), because the
// add-in's browser reader walks the same object model (exceljs's browser build).
export { isExcelErrorValue, isoDateFromJsDate, normaliseExcelJsValue, normaliseExcelJsCell, snapshotWorksheet, type ExcelErrorValue } from '../workbook/exceljs-cells.js';

// ---------------------------------------------------------------------------------------------------------------
// Streaming reader, for big registers
//
// The normal reader holds the whole workbook as exceljs objects (a Row and a Cell per cell, styles on each): about
// 1.5 GB for 100,000 register rows (design.md §7). This reader keeps one copy of the cells, the snapshot itself.
//
// It does not use exceljs's stream.xlsx.WorkbookReader: in exceljs 4.4 its single pass over the zip loses parts
// (exceljs issue #3064: "Cannot read properties of undefined (reading 'sheets')", which it throws on this project's
// own example workbooks), and its worksheet reader reads some cells differently from the normal reader (formula
// results in date format stay numbers, boolean and error formula results become numbers, merged cells keep stray
// values). Instead, as the fix proposed upstream does, the parts are found through the zip's central directory (the
// file's bytes are in memory anyway for the guards): the workbook, relationships, shared strings and styles are
// parsed by the very exceljs classes the normal reader uses, and each worksheet is inflated as a stream and scanned
// here, cell by cell as exceljs's normal reader interprets it (its xlsx/xform/sheet/cell-xform.js).
//
// The zip-bomb guard needs no second pass: the directory's declared sizes are checked first, and every part inflated
// here is cut off the moment it produces more than it declared. Parts never inflated (themes, images) cannot hurt.

/**
 * Reads .xlsx bytes with the streaming reader. Same guards and the same snapshot as readWorkbookBuffer; faster and
 * far leaner on big files. Should the streaming path fail on a file the normal reader might still read (an unusual
 * structure), the normal reader is used instead, unless `fallbackToNormalReader` is false.
 *
 * @example
 * const { snapshot } = await readWorkbookBufferStreaming(await fs.readFile(p), p);
 */
export async function readWorkbookBufferStreaming(buffer: Uint8Array, source: string, options: ReadWorkbookOptions = {}): Promise<ReadWorkbookResult> {
  const problem = checkContainer(buffer, source);
  if (problem) return { snapshot: null, diagnostics: [problem] };
  const entries = checkZipDirectory(buffer, source, limitsFor(options));
  if (!Array.isArray(entries)) return { snapshot: null, diagnostics: [entries] };
  const errors = new CellErrorReporter(source);
  let sheets: SheetSnapshot[] | Diagnostic | null;
  try {
    sheets = await streamSheets(buffer, entries, source, errors);
  } catch {
    sheets = null;
  }
  if (sheets === null) {
    if (options.fallbackToNormalReader !== false) return readWorkbookBuffer(buffer, source, options);
    return failure(source, 'workbook_unreadable', `${source} could not be read by the streaming reader; ${SAVE_AS_XLSX} and try again.`);
  }
  if (!Array.isArray(sheets)) return { snapshot: null, diagnostics: [sheets] };
  return { snapshot: { source, sheets }, diagnostics: errors.toArray() };
}

/**
 * Scans one worksheet part's XML, given in any number of pieces, as the streaming reader does: for testing the scanner
 * on XML no writer at hand produces, and on pieces split anywhere. `dateStyleIds` are the style ids whose number format
 * is a date format; `sharedStrings` are the shared strings as exceljs's normal reader holds them.
 */
export function scanSheetXml(name: string, pieces: Iterable<string>, options: { readonly sharedStrings?: readonly unknown[]; readonly dateStyleIds?: readonly number[]; readonly date1904?: boolean; readonly source?: string } = {}): { sheet: SheetSnapshot; diagnostics: Diagnostic[] } {
  const errors = new CellErrorReporter(options.source ?? 'sheet.xml');
  const dates = new Set(options.dateStyleIds ?? []);
  const source = options.source ?? 'sheet.xml';
  const scanner = new SheetScanner(name, { shared: new SharedStringValues(options.sharedStrings), isDateStyle: (id) => dates.has(id), date1904: options.date1904 === true, errors, source });
  try {
    for (const piece of pieces) scanner.feed(piece);
  } catch (error) {
    if (error instanceof RefusedSheet) return { sheet: { name, rows: [] }, diagnostics: [error.diagnostic] };
    throw error;
  }
  return { sheet: scanner.finish(), diagnostics: errors.toArray() };
}

// The exceljs classes the normal reader parses these parts with (exceljs 4.4 internals: not in its typings, so each
// is given the small interface used here).
interface XformParser<T> {
  parseStream(stream: Iterable<string>): Promise<T>;
}
interface WorkbookModel {
  readonly sheets?: readonly { readonly name: string; readonly rId: string }[];
  readonly properties?: { readonly date1904?: boolean };
}
interface SharedStringsParser extends XformParser<unknown> {
  readonly model?: { readonly values?: readonly unknown[] };
}
interface StylesParser extends XformParser<unknown> {
  getStyleModel(id: number): { readonly numFmt?: unknown } | null | undefined;
}
interface XformClasses {
  readonly Relationships: new () => XformParser<readonly { readonly Id: string; readonly Target: string }[]>;
  readonly Workbook: new () => XformParser<WorkbookModel>;
  readonly SharedStrings: new () => SharedStringsParser;
  readonly Styles: new () => StylesParser;
}
let xforms: XformClasses | undefined;

/** Loaded on first use: should a future exceljs move them, the streaming path fails over to the normal reader. */
function loadXforms(): XformClasses {
  if (xforms) return xforms;
  const require = createRequire(import.meta.url);
  xforms = {
    Relationships: require('exceljs/lib/xlsx/xform/core/relationships-xform.js') as XformClasses['Relationships'],
    Workbook: require('exceljs/lib/xlsx/xform/book/workbook-xform.js') as XformClasses['Workbook'],
    SharedStrings: require('exceljs/lib/xlsx/xform/strings/shared-strings-xform.js') as XformClasses['SharedStrings'],
    Styles: require('exceljs/lib/xlsx/xform/style/styles-xform.js') as XformClasses['Styles'],
  };
  return xforms;
}

/** The worksheets in workbook order, a diagnostic (too large, damaged part), or null when this path cannot read the file. */
async function streamSheets(buffer: Uint8Array, entries: readonly ZipEntry[], source: string, errors: CellErrorReporter): Promise<SheetSnapshot[] | Diagnostic | null> {
  const Xforms = loadXforms();
  const byName = new Map(entries.map((e) => [e.name, e]));
  const part = async (name: string): Promise<string | Diagnostic | null> => {
    const entry = byName.get(name);
    if (!entry) return null;
    let text = '';
    const decoder = new TextDecoder('utf-8');
    const failed = await inflateEntry(buffer, entry, source, (chunk) => {
      text += decoder.decode(chunk, { stream: true });
    });
    if (failed) return failed;
    text += decoder.decode();
    // A DOCTYPE is refused before exceljs's parser sees the part (XmlPartGuard: the same rule as the normal path's).
    return /<!doctype/i.test(text) ? doctypeDiagnostic(source, name) : text;
  };
  const read = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];
  const [relsXml, workbookXml, sharedXml, stylesXml] = await Promise.all(read.map(part));
  for (const p of [relsXml, workbookXml, sharedXml, stylesXml]) if (typeof p === 'object' && p !== null) return p;
  // The XML parts this path never parses are still held to the rule "no DOCTYPE in any part" (they are small).
  for (const entry of entries) {
    if (!isXmlPart(entry.name) || isWorksheetPart(entry.name) || read.includes(entry.name)) continue;
    const guard = new XmlPartGuard(source, entry.name, null);
    const decoder = new TextDecoder('utf-8');
    const failed = inflatePart(buffer, entry, source, (chunk) => guard.feed(decoder.decode(chunk, { stream: true })));
    if (failed) return failed;
  }
  if (typeof workbookXml !== 'string' || typeof relsXml !== 'string') return null;
  const rels = await new Xforms.Relationships().parseStream(pieces(relsXml));
  const workbook = await new Xforms.Workbook().parseStream(pieces(workbookXml));
  // A workbook part that does not parse to a list of sheets is left to the normal reader to judge.
  if (!workbook || !Array.isArray(workbook.sheets)) return null;
  let shared: readonly unknown[] | undefined;
  if (typeof sharedXml === 'string') {
    const parser = new Xforms.SharedStrings();
    await parser.parseStream(pieces(sharedXml));
    shared = parser.model?.values ?? [];
  }
  // Without a styles part nothing is a date, as in the normal reader.
  let styles: StylesParser | null = null;
  if (typeof stylesXml === 'string') {
    styles = new Xforms.Styles();
    await styles.parseStream(pieces(stylesXml));
  }
  const targets = new Map((rels ?? []).map((r) => [r.Id, r.Target]));
  const ctx: ScanContext = {
    shared: new SharedStringValues(shared),
    isDateStyle: dateStyleLookup(styles),
    date1904: workbook.properties?.date1904 === true,
    errors,
    source,
    dates: new Map(),
  };
  const sheets: SheetSnapshot[] = [];
  for (const sheet of workbook.sheets) {
    const target = targets.get(sheet.rId);
    if (target === undefined) continue;
    // The normal reader's rule: the target relative to xl/, and only parts named like worksheets (so no chart sheets).
    const path = `xl/${target.replace(/^(\s|\/xl\/)+/, '')}`;
    const entry = byName.get(path);
    if (!entry || !/xl\/worksheets\/sheet(\d+)[.]xml/.test(path)) continue;
    const scanner = new SheetScanner(sheet.name, ctx);
    const decoder = new TextDecoder('utf-8');
    let refused: Diagnostic | null = null;
    const failed = await inflateEntry(buffer, entry, source, (chunk) => {
      if (refused) return false;
      try {
        scanner.feed(decoder.decode(chunk, { stream: true }));
      } catch (error) {
        if (!(error instanceof RefusedSheet)) throw error;
        refused = error.diagnostic;
        return false;
      }
      return true;
    });
    if (refused) return refused;
    if (failed) return failed;
    scanner.feed(decoder.decode());
    const state = (sheet as { state?: unknown }).state;
    sheets.push(state === 'hidden' || state === 'veryHidden' ? { ...scanner.finish(), state } : scanner.finish());
  }
  return sheets;
}

/**
 * XML text in 16 KB pieces, as the normal reader feeds its parser: exceljs's parser collects every event of a piece
 * before handling any, so one 10 MB piece of shared strings would hold a million event objects at once.
 */
function* pieces(text: string, size = 16 * 1024): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/**
 * Inflated pieces stay small enough (with their decoded text) for V8's young generation, where garbage is cheap;
 * pieces over ~128 KB go to the large-object space and pile up until a full collection (hundreds of MB at 100,000 rows).
 */
const INFLATE_CHUNK_BYTES = 32 * 1024;

/**
 * Inflates one zip part, handing its bytes to `sink` as they come (zlib works on its thread pool meanwhile). Stops
 * with workbook_too_large as soon as the part produces more than its directory entry declared, and quietly when the
 * sink returns false.
 */
async function inflateEntry(buffer: Uint8Array, entry: ZipEntry, source: string, sink: (chunk: Uint8Array) => boolean | void): Promise<Diagnostic | null> {
  const data = entryData(buffer, entry);
  if (!data || (entry.method !== 0 && entry.method !== 8) || (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize)) return unusualPart(source, entry);
  if (entry.method === 0) {
    sink(data);
    return null;
  }
  const tooLarge = partBeyondDeclared(source, entry);
  const inflater = createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES });
  inflater.end(data);
  let produced = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      produced += chunk.length;
      if (produced > entry.uncompressedSize) {
        inflater.destroy();
        return tooLarge;
      }
      // The sink has seen enough (a sheet beyond Excel's size): stop inflating.
      if (sink(chunk) === false) {
        inflater.destroy();
        return null;
      }
    }
  } catch (error) {
    return diag(source, 'workbook_unreadable', `${source} could not be read as an Excel workbook (${errorText(error)} in part '${entry.name}'); the file may be damaged: ${SAVE_AS_XLSX} and try again.`);
  }
  return null;
}

function dateStyleLookup(styles: StylesParser | null): (styleId: number) => boolean {
  const cache = new Map<number, boolean>();
  return (styleId) => {
    let isDate = cache.get(styleId);
    if (isDate === undefined) {
      const numFmt = styles?.getStyleModel(styleId)?.numFmt;
      isDate = isDateFormat(numFmt);
      cache.set(styleId, isDate);
    }
    return isDate;
  };
}

/**
 * `text` as a string of its own. A string cut from a larger one keeps the larger one alive in V8: a name from the
 * shared strings held the whole 8 MB shared-strings part of every file of a folder run for as long as the run kept
 * the name (the register rules' summary keeps each plan's reference and groups), about 75 MB per 100,000-row file.
 */
export function ownString(text: string): string {
  // Short strings are copied by V8 anyway; concatenating then cutting forces a flat copy of the rest.
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** The shared strings (as exceljs's normal reader parses them), normalised once per string rather than once per cell. */
class SharedStringValues {
  readonly #raw: readonly unknown[] | undefined;
  readonly #values: (CellValue | undefined)[] = [];

  constructor(raw: readonly unknown[] | undefined) {
    this.#raw = raw;
  }

  get available(): boolean {
    return this.#raw !== undefined;
  }

  at(index: number): CellValue {
    let value = this.#values[index];
    if (value === undefined) {
      value = this.#normalise(this.#raw?.[index]);
      this.#values[index] = value;
    }
    return value;
  }

  #normalise(raw: unknown): CellValue {
    const value = normaliseExcelJsValue(raw);
    if (isExcelErrorValue(value)) return null;
    return typeof value === 'string' ? ownString(value) : value;
  }
}

/** Excel's `_xHHHH_` escapes for characters XML cannot carry (a carriage return is `_x000D_`). */
function decodeExcelEscapes(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-F]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text → its characters: line ends normalised and entities decoded, as an XML parser delivers text. */
function decodeXmlText(raw: string): string {
  let text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (text.includes('&')) {
    text = text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
      if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
      return XML_ENTITIES[name] ?? whole;
    });
  }
  return text;
}

/** exceljs's utils.xmlDecode, which its normal reader applies (again) to `t="str"` text. */
function excelJsXmlDecode(text: string): string {
  return text.includes('&') ? text.replace(/&([a-z]*);/g, (c) => ({ '&lt;': '<', '&gt;': '>', '&amp;': '&', '&apos;': "'", '&quot;': '"' })[c] ?? c) : text;
}

interface ScanContext {
  readonly shared: SharedStringValues;
  readonly isDateStyle: (styleId: number) => boolean;
  readonly date1904: boolean;
  readonly errors: CellErrorReporter;
  /** The file, for the diagnostics of a sheet beyond Excel's size. */
  readonly source: string;
  /** Date serials already converted: a register repeats few dates many times, and shares one string per date. */
  readonly dates?: Map<number, CellValue | ExcelErrorValue>;
}

/** The tags the scanner acts on; everything else is skipped. */
const enum Tag {
  Other,
  Row,
  C,
  V,
  F,
  T,
  R,
  SheetData,
  MergeCell,
  Dimension,
}

/** The tag named by s[start, end), compared by character codes (no string is made per tag). */
function tagCode(s: string, start: number, end: number): Tag {
  const c0 = s.charCodeAt(start);
  switch (end - start) {
    case 1:
      return c0 === 99 ? Tag.C : c0 === 118 ? Tag.V : c0 === 102 ? Tag.F : c0 === 116 ? Tag.T : c0 === 114 ? Tag.R : Tag.Other;
    case 3:
      return c0 === 114 && s.startsWith('row', start) ? Tag.Row : Tag.Other;
    case 9:
      if (c0 === 115 && s.startsWith('sheetData', start)) return Tag.SheetData;
      if (c0 === 100 && s.startsWith('dimension', start)) return Tag.Dimension;
      return c0 === 109 && s.startsWith('mergeCell', start) ? Tag.MergeCell : Tag.Other;
    default:
      return Tag.Other;
  }
}

function isSpace(ch: number): boolean {
  return ch === 32 || ch === 10 || ch === 9 || ch === 13;
}

const enum Capture {
  None,
  /** `<v>`, and `<t>` outside a rich-text run: the cell's value text. */
  Value,
  Formula,
  /** `<t>` inside a rich-text run `<r>`. */
  Run,
}

/** Thrown by the scanner for a sheet it must not read (beyond Excel's size, a DOCTYPE); carries the diagnostic. */
class RefusedSheet extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** The row every row never written shares (rows are read-only once scanned). */
const NO_CELLS: CellValue[] = [];

/**
 * Scans one worksheet's XML, fed in pieces of any size, into snapshot rows. Only what the snapshot needs is read:
 * rows, cells (reference, style, type, value, formula, inline string) and merged ranges.
 */
class SheetScanner {
  readonly #name: string;
  readonly #ctx: ScanContext;
  readonly #rows: CellValue[][] = [];
  readonly #merges: string[] = [];
  /** Formula cells with no saved result (`<f>` and no `<v>`), as [row, col]. */
  readonly #uncalculated: [number, number][] = [];
  #carry = '';
  #inSheetData = false;
  #row: CellValue[] | null = null;
  #rowIndex = -1;
  // The cell being read
  #inCell = false;
  #col = -1;
  #styleId = 0;
  #type: string | undefined;
  #formula = '';
  #shareType: string | undefined;
  #value: string | undefined;
  /** The runs of a rich-text inline string (`<is><r><t>..</t></r>..</is>`), else null. */
  #runs: string[] | null = null;
  #inRun = false;
  #run = '';
  #capture = Capture.None;
  #text = '';

  constructor(name: string, ctx: ScanContext) {
    this.#name = name;
    this.#ctx = ctx;
  }

  feed(chunk: string): void {
    if (chunk === '') return;
    const s = this.#carry === '' ? chunk : this.#carry + chunk;
    this.#carry = '';
    const n = s.length;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        if (this.#capture !== Capture.None) this.#text += s.slice(i);
        return;
      }
      if (lt > i && this.#capture !== Capture.None) this.#text += s.slice(i, lt);
      const next = s.charCodeAt(lt + 1);
      if (next === 47 /* / */) {
        // A closing tag: no attributes, so the first `>` ends it.
        const gt = s.indexOf('>', lt + 2);
        if (gt < 0) {
          this.#carry = s.slice(lt);
          return;
        }
        let end = gt;
        while (end > lt + 2 && isSpace(s.charCodeAt(end - 1))) end -= 1;
        this.#close(tagCode(s, lt + 2, end));
        i = gt + 1;
        continue;
      }
      if (next === 33 /* ! */) {
        // A comment, CDATA section or declaration: skipped. (exceljs's normal reader drops CDATA text too: it listens
        // only for tags and text.)
        if (n - lt < 9) {
          this.#carry = s.slice(lt);
          return;
        }
        const cdata = s.startsWith('<![CDATA[', lt);
        const comment = !cdata && s.startsWith('<!--', lt);
        if (!cdata && !comment && s.slice(lt + 2, lt + 9).toUpperCase() === 'DOCTYPE') throw new RefusedSheet(doctypeDiagnostic(this.#ctx.source, '', this.#name));
        const close = s.indexOf(cdata ? ']]>' : comment ? '-->' : '>', lt + 2);
        if (close < 0) {
          this.#carry = s.slice(lt);
          return;
        }
        i = close + (cdata || comment ? 3 : 1);
        continue;
      }
      const gt = tagEnd(s, lt + 1);
      if (gt < 0) {
        this.#carry = s.slice(lt);
        return;
      }
      let nameEnd = lt + 1;
      while (nameEnd < gt) {
        const ch = s.charCodeAt(nameEnd);
        if (ch === 47 || isSpace(ch)) break;
        nameEnd += 1;
      }
      const tag = tagCode(s, lt + 1, nameEnd);
      this.#open(tag, s, nameEnd, gt);
      if (s.charCodeAt(gt - 1) === 47 /* self-closing */) this.#close(tag);
      i = gt + 1;
    }
  }

  finish(): SheetSnapshot {
    this.#closeRow();
    const rows = this.#rows;
    // Rows never written share one empty row: a sheet with cells in A1 and XFD1048576 costs a pointer per row between.
    for (let r = 0; r < rows.length; r++) if (rows[r] === undefined) rows[r] = NO_CELLS;
    // Only the top-left cell of a merged range keeps its value, as in the normal reader.
    for (const ref of this.#merges) {
      const [a, b] = ref.split(':');
      if (a === undefined || b === undefined) continue;
      const from = decodeRef(a);
      const to = decodeRef(b);
      if (!from || !to) continue;
      for (let r = from.row; r <= to.row && r < rows.length; r++) {
        const row = rows[r]!;
        for (let c = from.col; c <= to.col && c < row.length; c++) if (r !== from.row || c !== from.col) row[c] = null;
      }
    }
    const covered = (r: number, c: number): boolean => this.#merges.some((ref) => {
      const [a, b] = ref.split(':');
      const from = a ? decodeRef(a) : null;
      const to = b ? decodeRef(b) : null;
      return from !== null && to !== null && r >= from.row && r <= to.row && c >= from.col && c <= to.col && (r !== from.row || c !== from.col);
    });
    const uncalculated = this.#uncalculated.filter(([r, c]) => !covered(r, c)).map(([r, c]) => cellAddress(r, c));
    // A single-cell "merge" is no merge (exceljs drops it too).
    const merges = sortRanges(this.#merges.filter((ref) => /^[A-Z]+\d+:[A-Z]+\d+$/.test(ref) && ref.split(':')[0] !== ref.split(':')[1]));
    return { name: this.#name, rows: trimRows(rows), ...(uncalculated.length > 0 ? { uncalculated } : {}), ...(merges.length > 0 ? { merges } : {}) };
  }

  #open(tag: Tag, s: string, from: number, to: number): void {
    if (!this.#inSheetData) {
      if (tag === Tag.SheetData) this.#inSheetData = true;
      else if (tag === Tag.MergeCell || tag === Tag.Dimension) {
        const ref = attribute(s, from, to, 'ref');
        // Declared ranges are held to Excel's size too (the normal path's guard refuses them before exceljs).
        if (ref && !ref.split(':').every(withinExcel)) throw new RefusedSheet(beyondExcelDiagnostic(this.#ctx.source, this.#name, ref, 'range'));
        if (ref && tag === Tag.MergeCell) this.#merges.push(ref);
      }
      return;
    }
    switch (tag) {
      case Tag.Row: {
        this.#closeRow();
        const r = attribute(s, from, to, 'r');
        this.#rowIndex = r ? parseInt(r, 10) - 1 : this.#rowIndex + 1;
        // Checked before anything is allocated for the row (a row far past the last would make a vast array).
        if (this.#rowIndex >= EXCEL_MAX_ROWS) throw new RefusedSheet(beyondExcelDiagnostic(this.#ctx.source, this.#name, r ?? String(this.#rowIndex + 1), 'row'));
        this.#row = [];
        return;
      }
      case Tag.C:
        this.#inCell = true;
        this.#formula = '';
        this.#shareType = undefined;
        this.#value = undefined;
        this.#runs = null;
        this.#cellAttributes(s, from, to);
        return;
      case Tag.F:
        if (!this.#inCell) return;
        this.#shareType = attribute(s, from, to, 't');
        this.#startCapture(Capture.Formula);
        return;
      case Tag.V:
        if (this.#inCell) this.#startCapture(Capture.Value);
        return;
      case Tag.T:
        if (this.#inCell) this.#startCapture(this.#inRun ? Capture.Run : Capture.Value);
        return;
      case Tag.R:
        if (!this.#inCell) return;
        this.#runs ??= [];
        this.#inRun = true;
        this.#run = '';
        return;
      default:
        return;
    }
  }

  /** A cell's r, s and t attributes, read in one pass over the tag (any order, either quote). */
  #cellAttributes(s: string, from: number, to: number): void {
    let ref: string | undefined;
    let style: string | undefined;
    let type: string | undefined;
    let i = from;
    while (i < to) {
      const eq = s.indexOf('=', i);
      if (eq < 0 || eq >= to) break;
      let nameStart = i;
      while (isSpace(s.charCodeAt(nameStart))) nameStart += 1;
      let nameEnd = eq;
      while (nameEnd > nameStart && isSpace(s.charCodeAt(nameEnd - 1))) nameEnd -= 1;
      let q = eq + 1;
      while (isSpace(s.charCodeAt(q))) q += 1;
      const quote = s.charCodeAt(q);
      if (quote !== 34 && quote !== 39) break;
      const end = s.indexOf(quote === 34 ? '"' : "'", q + 1);
      if (end < 0 || end > to) break;
      if (nameEnd - nameStart === 1) {
        const name = s.charCodeAt(nameStart);
        if (name === 114 /* r */) ref = s.slice(q + 1, end);
        else if (name === 115 /* s */) style = s.slice(q + 1, end);
        else if (name === 116 /* t */) type = decodeXmlText(s.slice(q + 1, end));
      }
      i = end + 1;
    }
    const col = ref ? columnIndex(ref) : -1;
    this.#col = col >= 0 ? col : this.#col + 1;
    // Past XFD, or (a reference of 8 characters or more) a row past 1,048,576: refused before a cell is placed.
    if (this.#col >= EXCEL_MAX_COLUMNS || (ref !== undefined && ref.length >= 8 && !withinExcel(ref))) {
      throw new RefusedSheet(beyondExcelDiagnostic(this.#ctx.source, this.#name, ref ?? columnLetters(this.#col) + String(this.#rowIndex + 1), 'cell'));
    }
    this.#styleId = style ? parseInt(style, 10) : 0;
    this.#type = type;
  }

  #close(tag: Tag): void {
    if (!this.#inSheetData) return;
    switch (tag) {
      case Tag.SheetData:
        this.#closeRow();
        this.#inSheetData = false;
        return;
      case Tag.Row:
        this.#closeRow();
        return;
      case Tag.C:
        if (this.#inCell) this.#closeCell();
        return;
      case Tag.F:
      case Tag.V:
      case Tag.T:
        this.#endCapture();
        return;
      case Tag.R:
        if (this.#inRun && this.#runs) this.#runs.push(this.#run);
        this.#inRun = false;
        return;
      default:
        return;
    }
  }

  #startCapture(capture: Capture): void {
    this.#capture = capture;
    this.#text = '';
  }

  #endCapture(): void {
    const capture = this.#capture;
    this.#capture = Capture.None;
    if (capture === Capture.None || this.#text === '') return;
    // An XML parser delivers no text event for empty text; exceljs only appends what it is given.
    const text = decodeXmlText(this.#text);
    this.#text = '';
    if (capture === Capture.Formula) this.#formula += text;
    else if (capture === Capture.Run) this.#run += decodeExcelEscapes(text);
    else this.#value = this.#value === undefined ? ownString(text) : ownString(this.#value + text);
  }

  #closeRow(): void {
    if (this.#row === null) return;
    if (this.#rowIndex >= 0) this.#rows[this.#rowIndex] = this.#row;
    this.#row = null;
  }

  #date(value: unknown): CellValue | ExcelErrorValue {
    const cache = this.#ctx.dates;
    if (typeof value !== 'number' || !cache) return dateCellValue(Number(value), this.#ctx.date1904);
    let iso = cache.get(value);
    if (iso === undefined) {
      iso = dateCellValue(value, this.#ctx.date1904);
      cache.set(value, iso);
    }
    return iso;
  }

  /** One cell, as exceljs's normal reader builds its value (cell-xform.js parseClose and reconcile), then normalised. */
  #closeCell(): void {
    this.#inCell = false;
    this.#capture = Capture.None;
    const row = this.#row;
    if (row === null || this.#col < 0) return;
    const type = this.#type;
    const text = this.#value;
    const date = this.#styleId ? this.#ctx.isDateStyle(this.#styleId) : false;
    let value: CellValue | ExcelErrorValue;
    if (this.#formula !== '' || this.#shareType !== undefined) {
      let result: unknown;
      if (text === undefined && this.#runs === null) this.#uncalculated.push([this.#rowIndex, this.#col]);
      if (this.#runs !== null) result = undefined;
      else if (text) {
        if (type === 'str') result = excelJsXmlDecode(text);
        else if (type === 'b') result = parseInt(text, 10) !== 0;
        else if (type === 'e') result = { error: text };
        else result = parseFloat(text);
      }
      // The normal reader turns a date-formatted result into a Date, then keeps the result only if it is truthy
      // (exceljs's FormulaValue drops 0, false and ''), so those read as empty.
      if (result !== undefined && date) value = this.#date(result);
      else value = result ? normaliseExcelJsValue(result) : null;
    } else if (this.#runs !== null) {
      value = normaliseText(this.#runs.join(''));
    } else if (text !== undefined) {
      switch (type) {
        case 's': {
          const index = parseInt(text, 10);
          value = this.#ctx.shared.available ? this.#ctx.shared.at(index) : normaliseExcelJsValue(index);
          break;
        }
        case 'str':
          value = normaliseText(excelJsXmlDecode(text));
          break;
        case 'inlineStr':
          value = normaliseText(text);
          break;
        case 'b':
          value = parseInt(text, 10) !== 0;
          break;
        case 'e':
          value = { error: text };
          break;
        default: {
          const number = parseFloat(text);
          value = date ? this.#date(number) : Number.isFinite(number) ? number : { error: NOT_A_NUMBER };
        }
      }
    } else {
      return;
    }
    if (isExcelErrorValue(value)) {
      this.#ctx.errors.report(this.#name, cellAddress(this.#rowIndex, this.#col), value.error);
      value = null;
    }
    if (value === null) return;
    while (row.length < this.#col) row.push(null);
    row[this.#col] = value;
  }
}

/**
 * Index of the `>` ending the tag that starts at `from`, skipping `>` inside double-quoted attribute values (what
 * Excel and exceljs write); -1 if the tag is not complete in `s` yet.
 */
function tagEnd(s: string, from: number): number {
  let gt = s.indexOf('>', from);
  let i = from;
  while (gt >= 0) {
    const quote = s.indexOf('"', i);
    if (quote < 0 || quote > gt) return gt;
    const close = s.indexOf('"', quote + 1);
    if (close < 0) return -1;
    i = close + 1;
    if (close > gt) gt = s.indexOf('>', i);
  }
  return -1;
}

/** The value of attribute `name` in the tag text s[from, to), or undefined. */
function attribute(s: string, from: number, to: number, name: string): string | undefined {
  let at = s.indexOf(name, from);
  while (at >= 0 && at < to) {
    const before = s.charCodeAt(at - 1);
    let eq = at + name.length;
    while (s.charCodeAt(eq) === 32) eq += 1;
    if ((before === 32 || before === 9 || before === 10 || before === 13) && s.charCodeAt(eq) === 61 /* = */) {
      let q = eq + 1;
      while (s.charCodeAt(q) === 32) q += 1;
      const quote = s[q];
      if (quote === '"' || quote === "'") {
        const end = s.indexOf(quote, q + 1);
        if (end >= 0 && end < to) return decodeXmlText(s.slice(q + 1, end));
      }
      return undefined;
    }
    at = s.indexOf(name, at + 1);
  }
  return undefined;
}

/** 0-based column of an A1 reference (`AB12` → 27), or -1. */
function columnIndex(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch >= 65 && ch <= 90) col = col * 26 + (ch - 64);
    else if (ch >= 97 && ch <= 122) col = col * 26 + (ch - 96);
    else break;
  }
  return i === 0 ? -1 : col - 1;
}

function decodeRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref);
  if (!m) return null;
  return { row: parseInt(m[2]!, 10) - 1, col: columnIndex(m[1]!) };
}

// ---------------------------------------------------------------------------------------------------------------
// Guards: what the bytes are, and how big they would become

const ZIP_LOCAL = 0x04034b50;
const ZIP_END = 0x06054b50;
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Recognises non-xlsx files by their first bytes, so the user hears "save as .xlsx", not a zip library's error. */
function checkContainer(buffer: Uint8Array, source: string): Diagnostic | null {
  if (CFB_MAGIC.every((b, i) => buffer[i] === b)) {
    // Excel saves password-protected .xlsx as an OLE compound file holding an "EncryptedPackage" stream;
    // any other compound file is a legacy .xls (or .doc).
    if (containsUtf16(buffer, 'EncryptedPackage')) {
      return diag(source, 'workbook_encrypted', `${source} is password-protected; jobplan cannot read encrypted workbooks. Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), save and try again.`);
    }
    return diag(source, 'workbook_not_xlsx', `${source} is an old-format Excel (.xls) or other Office file, not an .xlsx workbook; ${SAVE_AS_XLSX}.`);
  }
  if (buffer.length < 4 || readU32(buffer, 0) !== ZIP_LOCAL) {
    if (buffer.length >= 4 && readU32(buffer, 0) === ZIP_END) return diag(source, 'workbook_not_xlsx', `${source} is an empty zip archive, not an Excel workbook; ${SAVE_AS_XLSX}.`);
    const kind = buffer.length === 0 ? 'is empty' : !looksLikeText(buffer) ? 'is not an Excel workbook' : looksLikeMarkup(buffer)
      // Some systems export web pages or Excel 2003 XML with an .xls/.xlsx name; Excel opens them, jobplan cannot.
      ? 'is a web page or XML file with an Excel file name, not an Excel workbook'
      : 'is a text file (CSV or similar), not an Excel workbook';
    return diag(source, 'workbook_not_xlsx', `${source} ${kind}; ${SAVE_AS_XLSX}.`);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

function readU16(b: Uint8Array, p: number): number {
  return (b[p] ?? 0) | ((b[p + 1] ?? 0) << 8);
}

function readU32(b: Uint8Array, p: number): number {
  return (readU16(b, p) + readU16(b, p + 2) * 0x10000) >>> 0;
}

function containsUtf16(buffer: Uint8Array, text: string): boolean {
  const needle = Buffer.from(text, 'utf16le');
  return toNodeBuffer(buffer).includes(needle);
}

function looksLikeText(buffer: Uint8Array): boolean {
  const head = buffer.subarray(0, 512);
  return head.every((b) => b === 9 || b === 10 || b === 13 || b >= 32);
}

function looksLikeMarkup(buffer: Uint8Array): boolean {
  return /^(\ufeff)?\s*</.test(new TextDecoder().decode(buffer.subarray(0, 64)));
}

function toNodeBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function fileStart(file: string): FileLocation {
  return { file, line: 1, col: 1 };
}

function diag(source: string, code: string, message: string): Diagnostic {
  return { code, severity: 'error', message, location: fileStart(source) };
}

function failure(source: string, code: string, message: string): ReadWorkbookResult {
  return { snapshot: null, diagnostics: [diag(source, code, message)] };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
