/**
 * The bounds an .xlsx must keep before any workbook library is given it, shared by the CLI's reader
 * (src-engine/node/read-workbook.ts) and the add-in's browser reader (src-addin/browser/xlsx-snapshot.ts):
 *
 * - the zip's central directory: entries, declared inflated sizes (per part and in all) and compression ratio;
 * - every part really inflates to no more than it declares (a crafted directory can understate sizes), counted as it
 *   is inflated and stopped at once, never kept;
 * - no part holds a DOCTYPE (Excel never writes one; it is how XML entity bombs and external entities come in);
 * - every sheet keeps to Excel's own size, 1,048,576 rows by 16,384 columns (XFD), as declared (`<dimension ref>`)
 *   and as met (`<row r>`, `<c r>`, merged ranges): exceljs allocates for a row or column number it is given, so one
 *   cell in row 2,000,000,000 would hang it or exhaust memory long before it finished.
 *
 * Inflation here is fflate's (pure JavaScript, the same in Node and the browser); the sheets are scanned with one
 * regular expression over tags, which needs no parser and allocates nothing per cell. Pure: no Node built-ins.
 */
import { Inflate } from 'fflate';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { INPUT_LIMITS, megabytes } from './input-limits.js';

export interface XlsxLimits {
  /** All parts, inflated. */
  readonly inflatedBytes: number;
  /** One part, inflated. */
  readonly partInflatedBytes: number;
  /** Parts in the zip. */
  readonly entries: number;
  /** Inflated ÷ compressed, checked from `ratioFromBytes` inflated (in all, and per part). */
  readonly ratio: number;
  readonly ratioFromBytes: number;
}

export const CLI_XLSX_LIMITS: XlsxLimits = {
  inflatedBytes: INPUT_LIMITS.xlsxInflatedBytes,
  partInflatedBytes: INPUT_LIMITS.xlsxPartInflatedBytes,
  entries: INPUT_LIMITS.xlsxEntries,
  ratio: INPUT_LIMITS.xlsxCompressionRatio,
  ratioFromBytes: INPUT_LIMITS.xlsxRatioFromBytes,
};

export const BROWSER_XLSX_LIMITS: XlsxLimits = { ...CLI_XLSX_LIMITS, inflatedBytes: INPUT_LIMITS.browserXlsxInflatedBytes };

/**
 * The WHATWG TextDecoder, present in every runtime the core runs in (browsers, workers, Node) but not in the core's
 * ES2022 library typings: declared here, as used.
 */
declare const TextDecoder: new (label?: string) => { decode(input?: Uint8Array, options?: { stream?: boolean }): string };

const SAVE_AS_XLSX = 'open it in Excel and use File > Save As > "Excel Workbook (.xlsx)"';
const NOT_VALID = 'the file is not a valid workbook: open it in Excel and save it again, or export it again';

// ---------------------------------------------------------------------------------------------------------------
// The zip directory

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;

export interface ZipEntry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
  /** Byte offset of this entry's central directory record (for tools that patch it). */
  readonly centralOffset: number;
}

/**
 * Reads a zip's central directory (with zip64 sizes) without inflating anything. Returns null when there is no
 * readable directory. Hand-written rather than a zip library's listing because those read the whole archive to list it.
 */
export function readZipDirectory(buffer: Uint8Array): ZipEntry[] | null {
  const end = findEndOfCentralDirectory(buffer);
  if (end < 0) return null;
  let count = readU16(buffer, end + 10);
  let size = readU32(buffer, end + 12);
  let offset = readU32(buffer, end + 16);
  if ((count === 0xffff || size === 0xffffffff || offset === 0xffffffff) && end >= 20 && readU32(buffer, end - 20) === ZIP64_LOCATOR) {
    const z64 = readU64(buffer, end - 20 + 8);
    if (z64 + 56 > buffer.length || readU32(buffer, z64) !== ZIP64_END) return null;
    count = readU64(buffer, z64 + 32);
    size = readU64(buffer, z64 + 40);
    offset = readU64(buffer, z64 + 48);
  }
  if (offset + size > buffer.length) return null;
  // Each record takes at least 46 bytes: a count the directory cannot hold is a lie, refused before looping on it.
  if (count * 46 > size) return null;
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buffer.length || readU32(buffer, p) !== ZIP_CENTRAL) return null;
    const nameLength = readU16(buffer, p + 28);
    const extraLength = readU16(buffer, p + 30);
    const commentLength = readU16(buffer, p + 32);
    let compressedSize = readU32(buffer, p + 20);
    let uncompressedSize = readU32(buffer, p + 24);
    let localHeaderOffset = readU32(buffer, p + 42);
    const nameStart = p + 46;
    if (nameStart + nameLength + extraLength > buffer.length) return null;
    // Zip64 extra field (id 1): 8-byte values, present only for the fields whose 4-byte slot is 0xFFFFFFFF, in this order.
    for (let e = nameStart + nameLength; e + 4 <= nameStart + nameLength + extraLength; ) {
      const id = readU16(buffer, e);
      const len = readU16(buffer, e + 2);
      if (id === 1) {
        let q = e + 4;
        if (uncompressedSize === 0xffffffff && q + 8 <= e + 4 + len) { uncompressedSize = readU64(buffer, q); q += 8; }
        if (compressedSize === 0xffffffff && q + 8 <= e + 4 + len) { compressedSize = readU64(buffer, q); q += 8; }
        if (localHeaderOffset === 0xffffffff && q + 8 <= e + 4 + len) localHeaderOffset = readU64(buffer, q);
      }
      e += 4 + len;
    }
    entries.push({
      name: new TextDecoder().decode(buffer.subarray(nameStart, nameStart + nameLength)),
      flags: readU16(buffer, p + 8),
      method: readU16(buffer, p + 10),
      compressedSize,
      uncompressedSize,
      localHeaderOffset,
      centralOffset: p,
    });
    p = nameStart + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndOfCentralDirectory(buffer: Uint8Array): number {
  // The end record is 22 bytes plus a comment of at most 65535 bytes, so it is found by scanning back from the end.
  const stop = Math.max(0, buffer.length - 22 - 0xffff);
  for (let p = buffer.length - 22; p >= stop; p--) {
    if (readU32(buffer, p) === ZIP_END && p + 22 + readU16(buffer, p + 20) <= buffer.length) return p;
  }
  return -1;
}

/** An entry's compressed bytes, or null when its local header is not where the directory says. */
export function entryData(buffer: Uint8Array, entry: ZipEntry): Uint8Array | null {
  const p = entry.localHeaderOffset;
  if (p + 30 > buffer.length || readU32(buffer, p) !== ZIP_LOCAL) return null;
  const start = p + 30 + readU16(buffer, p + 26) + readU16(buffer, p + 28);
  if (start + entry.compressedSize > buffer.length) return null;
  return buffer.subarray(start, start + entry.compressedSize);
}

/**
 * The cheap half of the guard: the zip directory alone, nothing inflated. Returns the entries, or why not: not a
 * workbook, encrypted, too many parts, too large when inflated (a part or in all), or a ratio no workbook has.
 */
export function checkZipDirectory(buffer: Uint8Array, source: string, limits: XlsxLimits = CLI_XLSX_LIMITS): ZipEntry[] | Diagnostic {
  const entries = readZipDirectory(buffer);
  if (!entries) return fileDiagnostic(source, 'workbook_unreadable', `${source} is damaged: its zip directory cannot be read (a partly copied or truncated file?); ${SAVE_AS_XLSX} from the original.`);
  if (entries.length > limits.entries) {
    return fileDiagnostic(source, 'workbook_too_large', `${source} holds ${entries.length.toLocaleString('en-GB')} parts, more than the ${limits.entries.toLocaleString('en-GB')} jobplan reads (a workbook has tens); it is not a job plan workbook. Re-save it in Excel if it is genuine.`);
  }
  if (!entries.some((e) => e.name.toLowerCase() === 'xl/workbook.xml')) {
    const hint = entries.some((e) => e.name.toLowerCase() === 'xl/workbook.bin') ? 'an Excel Binary Workbook (.xlsb)' : 'a zip archive but not an Excel workbook (no xl/workbook.xml)';
    return fileDiagnostic(source, 'workbook_not_xlsx', `${source} is ${hint}; ${SAVE_AS_XLSX}.`);
  }
  if (entries.some((e) => (e.flags & 1) !== 0)) {
    return fileDiagnostic(source, 'workbook_encrypted', `${source} has encrypted parts; jobplan cannot read encrypted files. Save an unencrypted copy as "Excel Workbook (.xlsx)" and try again.`);
  }
  let total = 0;
  let compressed = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    compressed += e.compressedSize;
    if (e.uncompressedSize > limits.partInflatedBytes) {
      return fileDiagnostic(source, 'workbook_too_large', `${source}: part '${cut(e.name)}' would expand to ${megabytes(e.uncompressedSize)}, more than the ${megabytes(limits.partInflatedBytes)} jobplan reads from one part; split the register (by care group, say) into smaller workbooks.`);
    }
    if (e.uncompressedSize > limits.ratioFromBytes && e.uncompressedSize > Math.max(e.compressedSize, 1) * limits.ratio) return bomb(source, e.uncompressedSize, e.compressedSize);
  }
  if (total > limits.inflatedBytes) {
    return fileDiagnostic(source, 'workbook_too_large', `${source} would expand to ${megabytes(total)} in memory, more than the ${megabytes(limits.inflatedBytes)} limit; split the register (by care group, say) into smaller workbooks.`);
  }
  if (total > limits.ratioFromBytes && total > compressed * limits.ratio) return bomb(source, total, compressed);
  return entries;
}

function bomb(source: string, inflated: number, compressed: number): Diagnostic {
  return fileDiagnostic(source, 'workbook_too_large', `${source} expands ${Math.round(inflated / Math.max(compressed, 1))}:1 (to ${megabytes(inflated)}), which no real workbook does; it may be a zip bomb. Re-save it in Excel if it is genuine.`);
}

/** A part stored with a method other than deflate or store, or whose bytes are not where the directory says. */
export function unusualPart(source: string, entry: ZipEntry): Diagnostic {
  return fileDiagnostic(source, 'workbook_unreadable', `${source} is damaged or uses an unusual zip format (part '${cut(entry.name)}'); ${SAVE_AS_XLSX} and try again.`);
}

/** A part that inflates to more than its directory entry declared. */
export function partBeyondDeclared(source: string, entry: ZipEntry): Diagnostic {
  return fileDiagnostic(source, 'workbook_too_large', `${source}: part '${cut(entry.name)}' expands beyond the size it declares, so the file is damaged or crafted; jobplan will not open it. Re-save it in Excel if it is genuine.`);
}

// ---------------------------------------------------------------------------------------------------------------
// Parts: DOCTYPE, and sheets within Excel's size

export const EXCEL_MAX_ROWS = INPUT_LIMITS.excelRows;
export const EXCEL_MAX_COLUMNS = INPUT_LIMITS.excelColumns;
/** A merged range larger than this is read by the streaming reader: exceljs creates a cell object for each cell it covers. */
export const LARGE_MERGE_CELLS = 1_000_000;

/** A DOCTYPE in a part: refused on every path. */
export function doctypeDiagnostic(source: string, part: string, sheet?: string): Diagnostic {
  const where = sheet !== undefined ? `sheet '${cut(sheet)}'` : `part '${cut(part)}'`;
  return fileDiagnostic(source, 'workbook_doctype', `${source}: ${where} holds a DOCTYPE (a document type declaration), which Excel never writes and which can hide XML entity bombs, so jobplan will not read it; ${NOT_VALID}.`);
}

/** A cell reference beyond column XFD or row 1,048,576, or a row number beyond it. */
export function beyondExcelDiagnostic(source: string, sheet: string, ref: string, what: 'cell' | 'row' | 'range'): Diagnostic {
  const shown = cut(ref, 24);
  const letters = /^\$?([A-Za-z]*)/.exec(ref)?.[1] ?? '';
  const pastColumns = what !== 'row' && columnNumber(letters) > EXCEL_MAX_COLUMNS;
  const limit = pastColumns ? "Excel's last column XFD" : `Excel's last row ${EXCEL_MAX_ROWS.toLocaleString('en-GB')}`;
  const subject = what === 'cell' ? `cell ${shown}` : what === 'row' ? `row ${shown}` : `the range ${shown}`;
  return { code: 'workbook_beyond_excel_limits', severity: 'error', message: `sheet '${cut(sheet)}' ${subject} is beyond ${limit}; ${NOT_VALID}.`, location: { file: source, sheet, cell: what === 'cell' ? shown : what === 'row' ? `A${shown}` : shown } };
}

/** 1-based column number of column letters (`A` → 1, `XFD` → 16384); past 7 letters it is only "too many". */
export function columnNumber(letters: string): number {
  if (letters.length > 7) return Number.MAX_SAFE_INTEGER;
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + ((letters.charCodeAt(i) | 32) - 96);
  return n;
}

/** Whether an A1 reference (`$A$1` allowed) lies inside Excel's sheet; false for anything not a reference. */
export function withinExcel(ref: string): boolean {
  const m = /^\$?([A-Za-z]+)\$?(\d+)$/.exec(ref);
  if (!m) return true; // not a reference: left to the reader to judge, never allocated for
  return columnNumber(m[1]!) <= EXCEL_MAX_COLUMNS && m[2]!.length <= 7 && Number(m[2]) <= EXCEL_MAX_ROWS && Number(m[2]) >= 1;
}

/** The worksheet parts and their sheet names, from the workbook part and its relationships (for messages). */
export function sheetNamesByPart(workbookXml: string, relsXml: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<Relationship\b([^>]*)>/g)) {
    const id = attributeOf(m[1]!, 'Id');
    const target = attributeOf(m[1]!, 'Target');
    if (id !== undefined && target !== undefined) targets.set(id, `xl/${target.replace(/^(\s|\/xl\/|\/)+/, '')}`);
  }
  const names = new Map<string, string>();
  for (const m of workbookXml.matchAll(/<sheet\b([^>]*)>/g)) {
    const name = attributeOf(m[1]!, 'name');
    const id = attributeOf(m[1]!, 'r:id');
    const part = id !== undefined ? targets.get(id) : undefined;
    if (name !== undefined && part !== undefined) names.set(part, decodeEntities(name));
  }
  return names;
}

/** The tags the guard reads, with their attributes (quoted values may hold `>`). */
const GUARDED_TAG = /<(row|c|dimension|mergeCell)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g;
/** A tag longer than this is no workbook's: refused rather than carried from piece to piece. */
const MAX_TAG_CHARS = 1024 * 1024;

/**
 * Checks one XML part, fed as text in pieces of any size: no DOCTYPE; for a worksheet, every row and cell within
 * Excel's size. The first problem is kept; `largeMerge` says a merged range covers more than LARGE_MERGE_CELLS cells.
 */
export class XmlPartGuard {
  #carry = '';
  #problem: Diagnostic | null = null;
  #row = 0;
  #col = 0;
  largeMerge = false;

  constructor(
    private readonly source: string,
    private readonly part: string,
    /** The sheet's name when the part is a worksheet, else null (only the DOCTYPE is checked). */
    private readonly sheet: string | null,
  ) {}

  get problem(): Diagnostic | null {
    return this.#problem;
  }

  feed(text: string): Diagnostic | null {
    if (this.#problem) return this.#problem;
    const s = this.#carry === '' ? text : this.#carry + text;
    if (/<!doctype/i.test(s)) return (this.#problem = doctypeDiagnostic(this.source, this.part, this.sheet ?? undefined));
    let lastEnd = 0;
    if (this.sheet !== null) {
      GUARDED_TAG.lastIndex = 0;
      for (let m = GUARDED_TAG.exec(s); m !== null; m = GUARDED_TAG.exec(s)) {
        lastEnd = GUARDED_TAG.lastIndex;
        const problem = this.#tag(m[1]!, m[2]!);
        if (problem) return (this.#problem = problem);
      }
    }
    // Whatever follows the last '<' may be a tag cut in two: carried into the next piece (with a DOCTYPE's start).
    const lt = s.lastIndexOf('<');
    this.#carry = lt >= lastEnd ? s.slice(lt) : '';
    if (this.#carry.length > MAX_TAG_CHARS) return (this.#problem = fileDiagnostic(this.source, 'workbook_unreadable', `${this.source}: part '${cut(this.part)}' holds a tag longer than 1 MB, which no workbook does; ${NOT_VALID}.`));
    return null;
  }

  #tag(name: string, attributes: string): Diagnostic | null {
    const sheet = this.sheet!;
    switch (name) {
      case 'row': {
        const r = attributeOf(attributes, 'r');
        const row = r === undefined ? this.#row + 1 : r.length > 8 ? Infinity : Number(r);
        if (!(row <= EXCEL_MAX_ROWS)) return beyondExcelDiagnostic(this.source, sheet, r ?? String(row), 'row');
        this.#row = row;
        this.#col = 0;
        return null;
      }
      case 'c': {
        const r = attributeOf(attributes, 'r');
        if (r === undefined) {
          this.#col += 1;
          return this.#col > EXCEL_MAX_COLUMNS ? beyondExcelDiagnostic(this.source, sheet, `${this.#col}`, 'cell') : null;
        }
        if (!withinExcel(r)) return beyondExcelDiagnostic(this.source, sheet, r, 'cell');
        this.#col = columnNumber(/^\$?([A-Za-z]*)/.exec(r)![1]!);
        return null;
      }
      case 'dimension':
      case 'mergeCell': {
        const ref = attributeOf(attributes, 'ref');
        if (ref === undefined) return null;
        const ends = ref.split(':');
        for (const end of ends) if (!withinExcel(end)) return beyondExcelDiagnostic(this.source, sheet, ref, 'range');
        if (name === 'mergeCell' && ends.length === 2) {
          const [a, b] = ends.map((e) => /^\$?([A-Za-z]+)\$?(\d+)$/.exec(e));
          if (a && b) {
            const cells = (Math.abs(Number(b[2]) - Number(a[2])) + 1) * (Math.abs(columnNumber(b[1]!) - columnNumber(a[1]!)) + 1);
            if (cells > LARGE_MERGE_CELLS) this.largeMerge = true;
          }
        }
        return null;
      }
      default:
        return null;
    }
  }
}

/** Parts an XML reader reads: checked for a DOCTYPE on every path. */
export function isXmlPart(name: string): boolean {
  return /\.(xml|rels|vml)$/i.test(name);
}

/** Worksheet parts, as exceljs names them. */
export function isWorksheetPart(name: string): boolean {
  return /^xl\/worksheets\/[^/]+\.xml$/i.test(name);
}

export interface GuardedParts {
  /** Some merged range covers more cells than exceljs should be given (read it with the streaming reader). */
  readonly largeMerge: boolean;
}

/** Compressed bytes handed to fflate per push, so no push inflates to more than a few MB however crafted. */
const INFLATE_INPUT_SLICE = 8 * 1024;

/**
 * The costly half of the guard, synchronous and in plain JavaScript (fflate), so the browser reader runs exactly what
 * the CLI's normal reader runs: every part is inflated, counted against what it declares (stopped the moment it
 * produces more) and never kept; every XML part is checked for a DOCTYPE and every worksheet against Excel's size.
 */
export function guardXlsxParts(buffer: Uint8Array, entries: readonly ZipEntry[], source: string): Diagnostic | GuardedParts {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const small = (name: string): string => {
    const entry = byName.get(name);
    if (!entry || entry.uncompressedSize > 16 * 1024 * 1024) return '';
    let text = '';
    const decoder = new TextDecoder('utf-8');
    inflatePart(buffer, entry, source, (chunk) => {
      text += decoder.decode(chunk, { stream: true });
    });
    return text;
  };
  const names = sheetNamesByPart(small('xl/workbook.xml'), small('xl/_rels/workbook.xml.rels'));
  let largeMerge = false;
  for (const entry of entries) {
    const xml = isXmlPart(entry.name);
    const guard = xml ? new XmlPartGuard(source, entry.name, isWorksheetPart(entry.name) ? (names.get(entry.name) ?? entry.name) : null) : null;
    const decoder = xml ? new TextDecoder('utf-8') : null;
    const failed = inflatePart(buffer, entry, source, guard && decoder ? (chunk) => guard.feed(decoder.decode(chunk, { stream: true })) : null);
    if (failed) return failed;
    if (guard) {
      const last = guard.feed(decoder!.decode() + ' ');
      if (last) return last;
      largeMerge ||= guard.largeMerge;
    }
  }
  return { largeMerge };
}

/**
 * Inflates one part with fflate, handing each piece to `sink` (null: only count). Returns why not when the part is
 * unusual, inflates beyond what it declares, or when `sink` finds a problem (its first problem stops inflation).
 */
export function inflatePart(buffer: Uint8Array, entry: ZipEntry, source: string, sink: ((chunk: Uint8Array) => Diagnostic | null | void) | null): Diagnostic | null {
  const data = entryData(buffer, entry);
  if (!data || (entry.method !== 0 && entry.method !== 8) || (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize)) return unusualPart(source, entry);
  if (entry.method === 0) return sink?.(data) ?? null;
  let produced = 0;
  let problem: Diagnostic | null = null;
  const inflater = new Inflate((chunk) => {
    if (problem) return;
    produced += chunk.length;
    if (produced > entry.uncompressedSize) problem = partBeyondDeclared(source, entry);
    else problem = sink?.(chunk) ?? null;
  });
  try {
    for (let at = 0; at < data.length && !problem; at += INFLATE_INPUT_SLICE) {
      const end = Math.min(at + INFLATE_INPUT_SLICE, data.length);
      inflater.push(data.subarray(at, end), end === data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch {
    // Corrupt deflate data is left for the workbook library to report as an unreadable file; it cannot balloon memory.
    return problem;
  }
  return problem;
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

function attributeOf(attributes: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name.replace(':', '\\:')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  return m ? (m[1] ?? m[2]) : undefined;
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_m, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]!);
}

function cut(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function fileDiagnostic(source: string, code: string, message: string): Diagnostic {
  return { code, severity: 'error', message, location: { file: source, line: 1, col: 1 } };
}

function readU16(b: Uint8Array, p: number): number {
  return (b[p] ?? 0) | ((b[p + 1] ?? 0) << 8);
}

function readU32(b: Uint8Array, p: number): number {
  return (readU16(b, p) + readU16(b, p + 2) * 0x10000) >>> 0;
}

/** 8-byte little-endian; values past 2^53 become Infinity-like huge numbers, which every size check then refuses. */
function readU64(b: Uint8Array, p: number): number {
  return readU32(b, p) + readU32(b, p + 4) * 0x1_0000_0000;
}
