/**
 * The Node reader for delimited text: a register or an e-job-planning export saved as CSV or tab-separated text →
 * a WorkbookSnapshot of ONE sheet, named after the file without its extension, with every problem returned as a
 * diagnostic (never a stack trace). This is the only file that imports csv-parse.
 *
 * Row numbers are line numbers: the record starting on line N is row N (rows[N - 1]). A quoted field holding a line
 * break spans lines; the lines it covers read as blank rows, so the next record still sits on its own line. A
 * finding at `ejp!F12` is therefore line 12, field 6, and is printed `ejp.csv:12:6` (formatCellAt in
 * src-engine/diagnostics/diagnostic.ts). Title lines above the header ("Job Plan Compliance Export", "Generated: …",
 * blank) stay rows like any other: the core finds the header row itself.
 *
 * Cells: text is trimmed, empty is null, a plain number (`10`, `7.5`, `-1`) is a number and everything else stays
 * text, dates included (the core reads UK dates such as 01/11/2026 and never guesses US ones). A number with a
 * leading zero (`00123`, an ESR or assignment number) stays text, so the zeros are kept.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { delimitedTextSheetName, type Diagnostic } from '../diagnostics/diagnostic.js';
import { normaliseText, type CellValue, type SheetSnapshot } from '../workbook/snapshot.js';
import { INPUT_LIMITS } from '../workbook/input-limits.js';
import { readInputFile } from './input-file.js';
import type { ReadWorkbookResult } from './read-workbook.js';

export type CsvDelimiter = ',' | ';' | '\t';

export interface ReadCsvOptions {
  /** Refuse files larger than this many bytes (default INPUT_LIMITS.csvFileBytes, 200 MB). */
  readonly maxBytes?: number;
  /** Refuse files with more lines than this (default 1,048,576, the rows of an Excel sheet). */
  readonly maxRows?: number;
  /** Refuse files with a line of more fields than this (default 16,384, the columns of an Excel sheet). */
  readonly maxColumns?: number;
  /** Refuse files with more fields in all than this (default 30 million, about 240 MB of cells). */
  readonly maxCells?: number;
  /** The field delimiter, when the caller knows it; by default chosen from the file name (csvDelimiterFor). */
  readonly delimiter?: CsvDelimiter;
}

export const DEFAULT_MAX_CSV_ROWS = INPUT_LIMITS.excelRows;
export const DEFAULT_MAX_CSV_COLUMNS = INPUT_LIMITS.excelColumns;
export const DEFAULT_MAX_CSV_CELLS = INPUT_LIMITS.cellsPerFile;

const SAVE_AS = 'save it from Excel as "CSV UTF-8 (Comma delimited)" or as an "Excel Workbook (.xlsx)"';

/**
 * Reads a CSV or tab-separated file into a one-sheet snapshot. The file is only ever read, never written.
 *
 * @example
 * const { snapshot, diagnostics } = await readCsvFile('exports/ejp.csv'); // snapshot.sheets[0].name === 'ejp'
 */
export async function readCsvFile(path: string, options: ReadCsvOptions = {}): Promise<ReadWorkbookResult> {
  const read = await readInputFile(path, {
    maxBytes: options.maxBytes ?? INPUT_LIMITS.csvFileBytes,
    what: 'a text file',
    whenTooLarge: 'split it (by care group, say) or save it as an Excel Workbook (.xlsx)',
  });
  if (!read.ok) return failure(path, read.problem === 'too_large' ? 'csv_too_large' : 'csv_unreadable', read.message);
  const bytes = read.bytes;
  return readCsvBuffer(bytes, path, { ...options, delimiter: options.delimiter ?? csvDelimiterFor(path) ?? undefined });
}

/**
 * The delimiter a file name implies: tab for `.tsv`, `.tab` and `.txt` (Excel's "Text (Tab delimited)" and "Unicode
 * Text"), null for `.csv` (comma, semicolon or tab: detected from the text, detectDelimiter).
 */
export function csvDelimiterFor(path: string): CsvDelimiter | null {
  return /\.(tsv|tab|txt)$/i.test(path) ? '\t' : null;
}

/**
 * Reads the bytes of a delimited text file; `source` names them in messages and gives the sheet its name.
 *
 * @example
 * const { snapshot } = readCsvBuffer(Buffer.from('Job plan ref,Grade\nJP-1,Consultant\n'), 'register.csv');
 */
export function readCsvBuffer(bytes: Uint8Array, source: string, options: ReadCsvOptions = {}): ReadWorkbookResult {
  const maxBytes = options.maxBytes ?? INPUT_LIMITS.csvFileBytes;
  if (bytes.length > maxBytes) return failure(source, 'csv_too_large', `${source} is ${megabytes(bytes.length)}, more than the ${megabytes(maxBytes)} jobplan reads from a text file; split it or save it as an Excel Workbook (.xlsx).`);
  const decoded = decodeText(bytes);
  if ('problem' in decoded) return failure(source, 'csv_not_text', `${source} ${decoded.problem}`);
  const diagnostics: Diagnostic[] = [];
  if (decoded.encoding === 'windows-1252') {
    diagnostics.push({
      code: 'csv_windows_1252', severity: 'info', location: fileStart(source),
      message: `${source} is not UTF-8 text, so it was read as Windows-1252 (what Excel's "CSV (Comma delimited)" saves); if accented names or £ signs look wrong, ${SAVE_AS}.`,
    });
  }
  const text = decoded.text.includes('\r') ? decoded.text.replace(/\r\n?/g, '\n') : decoded.text;
  if (text.trim() === '') return failure(source, 'csv_empty', `${source} is empty; export the register again.`);

  const delimiter = options.delimiter ?? detectDelimiter(text);
  const tooLarge = checkBounds(text, delimiter, source, {
    rows: options.maxRows ?? DEFAULT_MAX_CSV_ROWS, columns: options.maxColumns ?? DEFAULT_MAX_CSV_COLUMNS, cells: options.maxCells ?? DEFAULT_MAX_CSV_CELLS,
  });
  if (tooLarge) return { snapshot: null, diagnostics: [...diagnostics, tooLarge] };

  const rows: CellValue[][] = [];
  // The line the next record starts on. Every line belongs to exactly one record (blank lines are records too, as
  // skip_empty_lines is off, and nothing is a comment), so counting the line breaks of each record's raw text keeps
  // it exact; csv-parse's `info` would say the same at twice the parsing time.
  let line = 1;
  try {
    parse(text, {
      delimiter, relax_column_count: true, relax_quotes: true, bom: true, skip_empty_lines: false, raw: true,
      // Each record is turned into its row here and dropped (null), so csv-parse never holds the whole file's records.
      // With `raw`, each record comes as { record, raw }: the fields, and the record's text with its line breaks.
      on_record: (value) => {
        const { record, raw } = value as unknown as { record: readonly string[]; raw: string };
        while (rows.length < line - 1) rows.push([]);
        rows.push(rowOf(record));
        line += countNewlines(raw);
        return null;
      },
    });
  } catch (error) {
    diagnostics.push(parseErrorDiagnostic(error, text, delimiter, line, source));
  }
  for (const row of rows) {
    while (row.length > 0 && row[row.length - 1] === null) row.pop();
  }
  while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
  const sheet: SheetSnapshot = { name: delimitedTextSheetName(source) ?? source, rows };
  return { snapshot: { source, sheets: [sheet] }, diagnostics };
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * The bytes as text: UTF-16 (LE or BE) by its byte order mark (Excel's "Unicode Text"), or by its zero bytes when it
 * has none; otherwise UTF-8 (with or without a BOM) when the bytes are valid UTF-8, else Windows-1252 (Excel's
 * "CSV (Comma delimited)" on a UK Windows). Workbooks and other binary files are refused with a hint.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } | { problem: string } {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return { problem: 'is a zip file, most likely an Excel workbook saved with a text file name, not CSV text; give it an .xlsx name, or in Excel use File > Save As > "CSV UTF-8 (Comma delimited)".' };
  }
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return { problem: 'is an old-format Excel (.xls) or other Office file, not CSV text; open it in Excel and save it as "CSV UTF-8 (Comma delimited)" or "Excel Workbook (.xlsx)".' };
  }
  let decoded: { text: string; encoding: TextEncodingName };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) decoded = { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) decoded = { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  else if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) decoded = { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  else if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0) decoded = { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  else {
    try {
      // TextDecoder drops a UTF-8 byte order mark itself.
      decoded = { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
    } catch {
      decoded = { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
    }
  }
  if (decoded.text.includes('\u0000')) return { problem: 'is not a text file (it holds binary data), so it cannot be read as CSV; export the register again as CSV or as an Excel Workbook (.xlsx).' };
  return decoded;
}

/** Windows-1252's characters for bytes 0x80–0x9F (WHATWG index); the five it leaves undefined stay C1 controls. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Windows-1252 bytes → text. Node's own TextDecoder('windows-1252') decodes 0x80–0x9F as Latin-1 controls since
 * Node 20.18.3 and 22.13.0 (nodejs/node#60888), which would turn Excel's € – ’ into invisible characters; those
 * bytes are mapped here, so the result is right with a fixed Node too.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const text = new TextDecoder('windows-1252').decode(bytes);
  return /[\u0080-\u009f]/.test(text) ? text.replace(/[\u0080-\u009f]/g, (ch) => CP1252_HIGH[ch.charCodeAt(0) - 0x80]!) : text;
}

// ---------------------------------------------------------------------------------------------------------------
// Delimiter

const CANDIDATES: readonly CsvDelimiter[] = [',', ';', '\t'];
/** How many non-blank lines are looked at to choose the delimiter. */
const DETECT_LINES = 30;

/**
 * Comma, semicolon (a European Excel's "CSV") or tab, chosen from the first lines: the one that splits the most
 * lines into two or more non-empty fields. Title lines ("Job Plan Compliance Export", even padded with delimiters
 * as Excel saves them) have one non-empty field whatever the delimiter, so they do not vote. Delimiters inside
 * quotes are not counted. Excel's `sep=;` first line, when present, decides. Ties go to the comma.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const sep = /^\ufeff?sep=(.)\s*$/m.exec(text.slice(0, 16));
  if (sep && (CANDIDATES as readonly string[]).includes(sep[1]!)) return sep[1] as CsvDelimiter;
  const lines = firstLines(text, DETECT_LINES);
  let best: CsvDelimiter = ',';
  let bestScore = [-1, -1];
  for (const candidate of CANDIDATES) {
    let splitLines = 0;
    let fields = 0;
    for (const line of lines) {
      const filled = nonEmptyFields(line, candidate);
      if (filled >= 2) {
        splitLines += 1;
        fields += filled;
      }
    }
    if (splitLines > bestScore[0]! || (splitLines === bestScore[0] && fields > bestScore[1]!)) {
      best = candidate;
      bestScore = [splitLines, fields];
    }
  }
  return best;
}

/** The first `count` non-blank logical lines (a quoted line break does not end one). */
function firstLines(text: string, count: number): string[] {
  const lines: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length && lines.length < count; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) quoted = !quoted;
    else if (ch === 10 && !quoted) {
      const line = text.slice(start, i);
      if (line.trim() !== '') lines.push(line);
      start = i + 1;
    }
  }
  if (lines.length < count && start < text.length && text.slice(start).trim() !== '') lines.push(text.slice(start, start + 64 * 1024));
  return lines;
}

function nonEmptyFields(line: string, delimiter: string): number {
  let filled = 0;
  let current = false;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (ch === delimiter && !quoted) {
      if (current) filled += 1;
      current = false;
    } else if (ch.trim() !== '' && ch !== '"') current = true;
  }
  return filled + (current ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Bounds, cells and errors

/**
 * The memory guard, before anything is parsed: lines, fields in a line and fields in all, counted in one pass over
 * the text (delimiters inside quotes count too, so the counts can only overstate). csv-parse builds each record's
 * array before jobplan sees it, so a line of millions of commas must be refused here, not row by row.
 */
function checkBounds(text: string, delimiter: string, source: string, max: { rows: number; columns: number; cells: number }): Diagnostic | null {
  const d = delimiter.charCodeAt(0);
  let line = 1;
  let fields = 1;
  let cells = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === d) {
      fields += 1;
      if (fields > max.columns) {
        return { code: 'csv_too_large', severity: 'error', location: { file: source, line, col: 1 }, message: `line ${line} of ${source} has more than ${max.columns.toLocaleString('en-GB')} fields, more columns than an Excel sheet holds; this is not a register export.` };
      }
    } else if (ch === 10) {
      cells += fields;
      fields = 1;
      line += 1;
      if (line > max.rows && i + 1 < text.length) {
        return { code: 'csv_too_large', severity: 'error', location: fileStart(source), message: `${source} has more than ${max.rows.toLocaleString('en-GB')} lines, more rows than an Excel sheet holds; split it (by care group, say).` };
      }
      if (cells > max.cells) return tooManyCells();
    }
  }
  return cells + fields > max.cells ? tooManyCells() : null;

  function tooManyCells(): Diagnostic {
    return { code: 'csv_too_large', severity: 'error', location: fileStart(source), message: `${source} has more than ${max.cells.toLocaleString('en-GB')} fields in all, more than jobplan holds in memory from one file; split it (by care group, say).` };
  }
}

/** A plain number: digits, an optional minus and decimals; no leading zeros (`007` is an identifier), at most 15 digits before the point. */
const PLAIN_NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?$/;

function rowOf(record: readonly string[]): CellValue[] {
  const row: CellValue[] = new Array<CellValue>(record.length);
  for (let c = 0; c < record.length; c++) {
    const text = normaliseText(record[c]!);
    row[c] = text !== null && PLAIN_NUMBER.test(text) ? Number(text) : text;
  }
  return row;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n += 1;
  return n;
}

/**
 * A csv-parse error → `csv_parse_error` at file:line:field. csv-parse reports an unclosed quote at the end of the
 * file; the quote itself is found by scanning from the line where the failing record starts.
 */
function parseErrorDiagnostic(error: unknown, text: string, delimiter: string, recordLine: number, source: string): Diagnostic {
  const totalLines = countNewlines(text) + (text.endsWith('\n') ? 0 : 1);
  if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') {
    const quote = unclosedQuote(text, delimiter, recordLine);
    const at = quote ?? { line: recordLine, field: 1 };
    const lost = at.line >= totalLines ? `line ${at.line} was not read` : `lines ${at.line} to ${totalLines} were not read`;
    return {
      code: 'csv_parse_error', severity: 'error', location: { file: source, line: at.line, col: at.field },
      message: `the quote opening field ${at.field} of line ${at.line} is never closed, so ${lost}; close the quote (a quote inside a quoted field is written twice: "") and check again.`,
    };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return {
    code: 'csv_parse_error', severity: 'error', location: { file: source, line: recordLine, col: 1 },
    message: `${source} could not be read from line ${recordLine} on (${reason}); export it again, or ${SAVE_AS}.`,
  };
}

/** Where (line, 1-based field) the quote left open at the end of the text was opened, scanning records from `fromLine`. */
function unclosedQuote(text: string, delimiter: string, fromLine: number): { line: number; field: number } | null {
  let i = 0;
  for (let line = 1; line < fromLine && i >= 0; line++) i = text.indexOf('\n', i) + 1 || -1;
  if (i < 0) return null;
  let line = fromLine;
  let field = 1;
  let fieldStart = true;
  let open: { line: number; field: number } | null = null;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (open) {
      if (ch === '"') {
        if (text[i + 1] === '"') i += 1;
        else open = null;
      } else if (ch === '\n') line += 1;
      continue;
    }
    if (ch === delimiter) {
      field += 1;
      fieldStart = true;
      continue;
    }
    if (ch === '\n') {
      line += 1;
      field = 1;
      fieldStart = true;
      continue;
    }
    if (ch === '"' && fieldStart) open = { line, field };
    fieldStart = false;
  }
  return open;
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

function fileStart(file: string): { file: string; line: number; col: number } {
  return { file, line: 1, col: 1 };
}

function failure(source: string, code: string, message: string): ReadWorkbookResult {
  return { snapshot: null, diagnostics: [{ code, severity: 'error', message, location: fileStart(source) }] };
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
