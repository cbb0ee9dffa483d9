/**
 * The Node workbook reader: an .xlsx file (or its bytes) → WorkbookSnapshot, with every user problem returned as a
 * diagnostic. This is the only file that imports exceljs for reading; the normalisation lives in small exported pure
 * functions so the streaming reader planned for big registers can reuse them.
 *
 * Order matters: the bytes are checked (zip? encrypted? legacy .xls?) and the zip directory is bounded *before*
 * exceljs sees them, because exceljs inflates every part into memory with no limit of its own (design.md §8).
 */
import { readFile } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { Diagnostic, FileLocation } from '../diagnostics/diagnostic.js';
import { fromDayNumber, type IsoDate } from '../model/dates.js';
import { cellAddress, normaliseText, trimRows, type CellValue, type SheetSnapshot, type WorkbookSnapshot } from '../workbook/snapshot.js';

export interface ReadWorkbookOptions {
  /** Refuse workbooks whose parts inflate to more than this many bytes in total (default 200 MB). */
  readonly maxUncompressedBytes?: number;
}

export interface ReadWorkbookResult {
  /** Null when the file could not be read as a workbook; the diagnostics say why. */
  readonly snapshot: WorkbookSnapshot | null;
  readonly diagnostics: Diagnostic[];
}

export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
/** Real .xlsx files compress about 5–20:1; past 200:1 on a large archive it is a zip bomb, not a job plan. */
const MAX_COMPRESSION_RATIO = 200;
const RATIO_CHECK_FROM_BYTES = 10 * 1024 * 1024;
/** A sheet full of #N/A should not bury everything else: report this many error cells, then one summary. */
const MAX_CELL_ERROR_DIAGNOSTICS = 20;

const SAVE_AS_XLSX = 'open it in Excel and use File > Save As > "Excel Workbook (.xlsx)"';

/**
 * Reads an .xlsx file into a snapshot. The file is only ever read, never written.
 *
 * @example
 * const { snapshot, diagnostics } = await readWorkbookFile('examples/consultant-compliant.xlsx');
 */
export async function readWorkbookFile(path: string, options: ReadWorkbookOptions = {}): Promise<ReadWorkbookResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return failure(path, 'workbook_unreadable', unreadableMessage(path, error));
  }
  return readWorkbookBuffer(bytes, path, options);
}

/**
 * Reads .xlsx bytes into a snapshot; `source` names them in messages (a path or a title).
 *
 * @example
 * const { snapshot } = await readWorkbookBuffer(await fs.readFile(p), p);
 */
export async function readWorkbookBuffer(buffer: Uint8Array, source: string, options: ReadWorkbookOptions = {}): Promise<ReadWorkbookResult> {
  const limit = options.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES;
  const problem = checkContainer(buffer, source);
  if (problem) return { snapshot: null, diagnostics: [problem] };
  const bounded = await checkZipBounds(buffer, source, limit);
  if (bounded) return { snapshot: null, diagnostics: [bounded] };

  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings declare their own ArrayBuffer-like `Buffer`; at run time it reads a Node Buffer (via JSZip).
    await workbook.xlsx.load(toNodeBuffer(buffer) as unknown as ExcelJS.Buffer);
  } catch (error) {
    return failure(source, 'workbook_unreadable', `${source} could not be read as an Excel workbook (${errorText(error)}); the file may be damaged: ${SAVE_AS_XLSX} and try again.`);
  }

  const errors = new CellErrorReporter(source);
  const sheets: SheetSnapshot[] = workbook.worksheets.map((ws) => snapshotWorksheet(ws, errors));
  return { snapshot: { source, sheets }, diagnostics: errors.toArray() };
}

// ---------------------------------------------------------------------------------------------------------------
// Normalisation (pure; shared with a future streaming reader)

/** An Excel error value (#N/A, #REF! ...) found in a cell or as a formula's cached result. */
export interface ExcelErrorValue {
  readonly error: string;
}

export function isExcelErrorValue(value: CellValue | ExcelErrorValue): value is ExcelErrorValue {
  return typeof value === 'object' && value !== null;
}

/**
 * Normalises one exceljs cell value as snapshot.ts documents. Takes `unknown` on purpose: values come from
 * untrusted files and from two exceljs readers whose shapes differ slightly, so each shape is checked, not assumed.
 *
 * @example
 * normaliseExcelJsValue(new Date(Date.UTC(2017, 3, 28)));          // '2017-04-28'
 * normaliseExcelJsValue({ formula: 'SUM(A1:A3)', result: 10 });    // 10
 * normaliseExcelJsValue({ richText: [{ text: 'Ward ' }, { text: 'round' }] }); // 'Ward round'
 * normaliseExcelJsValue({ error: '#N/A' });                         // { error: '#N/A' }
 */
export function normaliseExcelJsValue(value: unknown): CellValue | ExcelErrorValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return normaliseText(value);
  // Serial numbers stay numbers: only the core knows which fields are dates.
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return isoDateFromJsDate(value);
  if (typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.error === 'string') return { error: v.error };
  // Formulas (plain, shared and array) read as their cached result; no result means Excel never calculated it.
  if ('formula' in v || 'sharedFormula' in v) return normaliseExcelJsValue(v.result);
  if (Array.isArray(v.richText)) return normaliseText(richTextToString(v.richText));
  if ('hyperlink' in v) {
    const text = v.text === undefined || v.text === null ? v.hyperlink : v.text;
    return normaliseExcelJsValue(text);
  }
  return null;
}

/** A JS Date from exceljs → its UTC calendar day; exceljs builds dates at UTC midnight, and times of day are dropped. */
export function isoDateFromJsDate(date: Date): IsoDate | null {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return null;
  return fromDayNumber(Math.floor(ms / 86_400_000));
}

function richTextToString(runs: readonly unknown[]): string {
  return runs.map((run) => (typeof run === 'object' && run !== null && typeof (run as { text?: unknown }).text === 'string' ? (run as { text: string }).text : '')).join('');
}

/** One exceljs cell → its snapshot value. Only the top-left cell of a merged range keeps the value. */
export function normaliseExcelJsCell(cell: ExcelJS.Cell): CellValue | ExcelErrorValue {
  if (cell.isMerged && cell.master !== cell) return null;
  return normaliseExcelJsValue(cell.value);
}

/** A worksheet → rows from A1, errors reported to `errors` and read as null, trailing empties trimmed. */
export function snapshotWorksheet(worksheet: ExcelJS.Worksheet, errors: CellErrorReporter): SheetSnapshot {
  const rows: CellValue[][] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const value = normaliseExcelJsCell(cell);
      let plain: CellValue;
      if (isExcelErrorValue(value)) {
        errors.report(worksheet.name, cellAddress(rowNumber - 1, colNumber - 1), value.error);
        plain = null;
      } else {
        plain = value;
      }
      while (values.length < colNumber - 1) values.push(null);
      values[colNumber - 1] = plain;
    });
    while (rows.length < rowNumber - 1) rows.push([]);
    rows[rowNumber - 1] = values;
  });
  return { name: worksheet.name, rows: trimRows(rows) };
}

/** Collects `workbook_cell_error` warnings, capped so one broken column yields a readable report. */
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
      { code: 'workbook_cell_error', severity: 'warning', message: `${this.#more} more cell(s) show Excel errors and are read as empty`, location: fileStart(this.source) },
    ];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Guards: what the bytes are, and how big they would become

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
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
 * readable directory. Hand-written rather than JSZip because JSZip reads the whole archive to list it.
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

/**
 * The zip-bomb guard: the declared sizes must be modest, and each part must really inflate to no more than it
 * declares (a crafted directory can understate sizes; exceljs would believe it). Inflation here is streamed and
 * counted, never kept, so checking costs time but not memory.
 */
async function checkZipBounds(buffer: Uint8Array, source: string, limit: number): Promise<Diagnostic | null> {
  const entries = readZipDirectory(buffer);
  if (!entries) return diag(source, 'workbook_unreadable', `${source} is damaged: its zip directory cannot be read (a partly copied or truncated file?); ${SAVE_AS_XLSX} from the original.`);
  if (!entries.some((e) => e.name.toLowerCase() === 'xl/workbook.xml')) {
    const hint = entries.some((e) => e.name.toLowerCase() === 'xl/workbook.bin') ? 'an Excel Binary Workbook (.xlsb)' : 'a zip archive but not an Excel workbook (no xl/workbook.xml)';
    return diag(source, 'workbook_not_xlsx', `${source} is ${hint}; ${SAVE_AS_XLSX}.`);
  }
  if (entries.some((e) => (e.flags & 1) !== 0)) {
    return diag(source, 'workbook_encrypted', `${source} has encrypted parts; jobplan cannot read encrypted files. Save an unencrypted copy as "Excel Workbook (.xlsx)" and try again.`);
  }
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  const compressed = entries.reduce((sum, e) => sum + e.compressedSize, 0);
  if (total > limit) {
    return diag(source, 'workbook_too_large', `${source} would expand to ${megabytes(total)} in memory, more than the ${megabytes(limit)} limit; split the workbook or raise the limit if you trust the file.`);
  }
  if (total > RATIO_CHECK_FROM_BYTES && total > compressed * MAX_COMPRESSION_RATIO) {
    return diag(source, 'workbook_too_large', `${source} expands ${Math.round(total / Math.max(compressed, 1))}:1 (to ${megabytes(total)}), which no real workbook does; it may be a zip bomb. Re-save it in Excel if it is genuine.`);
  }
  for (const entry of entries) {
    const data = entryData(buffer, entry);
    if (!data || (entry.method !== 0 && entry.method !== 8) || (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize)) {
      return diag(source, 'workbook_unreadable', `${source} is damaged or uses an unusual zip format (part '${entry.name}'); ${SAVE_AS_XLSX} and try again.`);
    }
    if (entry.method === 8 && (await inflatesBeyond(data, entry.uncompressedSize))) {
      return diag(source, 'workbook_too_large', `${source}: part '${entry.name}' expands beyond the size it declares, so the file is damaged or crafted; jobplan will not open it. Re-save it in Excel if it is genuine.`);
    }
  }
  return null;
}

function entryData(buffer: Uint8Array, entry: ZipEntry): Uint8Array | null {
  const p = entry.localHeaderOffset;
  if (p + 30 > buffer.length || readU32(buffer, p) !== ZIP_LOCAL) return null;
  const start = p + 30 + readU16(buffer, p + 26) + readU16(buffer, p + 28);
  if (start + entry.compressedSize > buffer.length) return null;
  return buffer.subarray(start, start + entry.compressedSize);
}

/** True when raw-deflate `data` inflates to more than `declared` bytes (or is not valid deflate data). */
function inflatesBeyond(data: Uint8Array, declared: number): Promise<boolean> {
  return new Promise((resolve) => {
    const inflater = createInflateRaw({ chunkSize: 64 * 1024 });
    let produced = 0;
    inflater.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > declared) {
        resolve(true);
        inflater.destroy();
      }
    });
    inflater.on('end', () => resolve(false));
    // Corrupt deflate data is left for exceljs to report as an unreadable file; it cannot balloon memory.
    inflater.on('error', () => resolve(false));
    inflater.end(data);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

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

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
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

function unreadableMessage(path: string, error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === 'ENOENT') return `no file at ${path}; check the path and the file name`;
  if (code === 'EISDIR') return `${path} is a folder, not a workbook; give the path of an .xlsx file`;
  if (code === 'EACCES' || code === 'EPERM') return `${path} cannot be read (permission denied); check the file's permissions`;
  if (code === 'EBUSY') return `${path} is locked by another program; close it (e.g. in Excel) and try again`;
  return `${path} cannot be read: ${errorText(error)}`;
}
