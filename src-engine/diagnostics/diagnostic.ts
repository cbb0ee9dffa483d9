/**
 * Diagnostics are data, not exceptions: every user mistake (a broken policy file, an unreadable cell)
 * becomes one of these, with a namespaced code and the place it was found. Only internal bugs throw.
 */

import { cutLong, escapeControls } from './terminal-text.js';

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** A place in a text file: 1-based line and column, as editors show them. */
export interface FileLocation {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** A place in a workbook: sheet name and A1 cell address. */
export interface CellLocation {
  readonly file?: string;
  readonly sheet: string;
  readonly cell: string;
}

export type Location = FileLocation | CellLocation;

export interface Diagnostic {
  /** Namespaced snake_case code, e.g. `policy_unknown_fact`, `workbook_bad_date`. */
  readonly code: string;
  readonly severity: DiagnosticSeverity;
  readonly message: string;
  readonly location?: Location;
}

export function isFileLocation(location: Location): location is FileLocation {
  return 'line' in location;
}

/** Quotes a sheet name the way Excel does in formulas when it needs to: `'Job Plan'!D12`. */
export function formatCellReference(sheet: string, cell: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet);
  return `${plain ? sheet : `'${sheet.replace(/'/g, "''")}'`}!${cell}`;
}

export function formatLocation(location: Location): string {
  if (isFileLocation(location)) return `${location.file}:${location.line}:${location.col}`;
  if (location.file !== undefined && delimitedTextSheetName(location.file) === location.sheet) return formatCellAt(location.file, location.sheet, location.cell);
  const ref = formatCellReference(location.sheet, location.cell);
  return location.file ? `${location.file}: ${ref}` : ref;
}

/**
 * The sheet name a delimited text file (`.csv`, `.tsv`, `.tab`, `.txt`) is read into: its file name without the
 * extension (`exports/ejp.csv` → `ejp`); null for any other file. Such a file is one sheet whose row N is line N and
 * whose column F is field 6 (src-engine/node/read-csv.ts), so its cells are cited as `file:line:field`.
 */
export function delimitedTextSheetName(file: string): string | null {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const m = /^(.+)\.(csv|tsv|tab|txt)$/i.exec(name);
  return m ? m[1]! : null;
}

/**
 * A cell of the plan read from `file`: `Sheet!F12` for a workbook, `exports/ejp.csv:12:6` (line 12, field 6) for
 * a CSV or tab-separated file; a row of a CSV (`A12:AR12`) is its line, `exports/ejp.csv:12`. Findings carry sheet
 * and cell only, so the file (the plan's source) says which form applies.
 */
export function formatCellAt(file: string | undefined, sheet: string, cell: string): string {
  const m = file !== undefined && delimitedTextSheetName(file) === sheet ? /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(cell) : null;
  if (!m) return formatCellReference(sheet, cell);
  const [, fromCol, fromRow, toCol, toRow] = m;
  if (toCol === undefined) return `${file}:${fromRow}:${columnNumber(fromCol!)}`;
  if (toCol === fromCol && toRow === fromRow) return `${file}:${fromRow}:${columnNumber(fromCol!)}`;
  return toRow === fromRow ? `${file}:${fromRow}` : `${file}:${fromRow}-${toRow}`;
}

/** Column letters → 1-based column number (A → 1, AA → 27). */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * Formats a diagnostic the way compilers do, so editors and CI logs can link to it:
 * `policies/x/2017-04-28.yaml:41:17: policy_unknown_fact: rule 'spa.minimum' uses fact 'spa_pa' ...`
 */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = diagnostic.location ? `${formatLocation(diagnostic.location)}: ` : '';
  const level = diagnostic.severity === 'error' ? '' : `${diagnostic.severity}: `;
  // Control characters escaped and a message quoting a huge cell cut: see terminal-text.ts.
  return escapeControls(`${where}${level}${diagnostic.code}: ${cutLong(diagnostic.message)}`);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** The default cap on collected diagnostics per file, like OPA's compile error limit. */
export const DEFAULT_DIAGNOSTIC_LIMIT = 50;

/**
 * Collects diagnostics up to a limit, then records one final `too_many_diagnostics` entry,
 * so a badly broken file produces a readable report instead of thousands of lines.
 */
export class DiagnosticCollector {
  readonly #items: Diagnostic[] = [];
  #dropped = 0;

  constructor(private readonly limit: number = DEFAULT_DIAGNOSTIC_LIMIT) {}

  add(diagnostic: Diagnostic): void {
    if (this.#items.length < this.limit) this.#items.push(diagnostic);
    else this.#dropped += 1;
  }

  addAll(diagnostics: readonly Diagnostic[]): void {
    for (const d of diagnostics) this.add(d);
  }

  get hasErrors(): boolean {
    return this.#dropped > 0 || hasErrors(this.#items);
  }

  toArray(): Diagnostic[] {
    if (this.#dropped === 0) return [...this.#items];
    return [
      ...this.#items,
      {
        code: 'too_many_diagnostics',
        severity: 'error',
        message: `${this.#dropped} more diagnostic(s) not shown; fix the ones above and run again.`,
      },
    ];
  }
}
