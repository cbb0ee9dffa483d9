/**
 * What the task pane needs from "the workbook", whichever it is: the workbook open in Excel (Office.js, in
 * src-addin/excel/) or an .xlsx file chosen in an ordinary browser (src-addin/browser/). The task pane talks only
 * to this interface, so its logic is the same in both places and can be tested against either.
 */
import type { EvaluationReport, WorkbookSnapshot, Diagnostic } from '../../src-engine/index.js';

export interface CellTarget {
  readonly sheet: string;
  /** A1 address or range (`F12`, `A12:AR12`). */
  readonly cell: string;
}

export interface HighlightTarget extends CellTarget {
  readonly severity: 'error' | 'warning' | 'info';
}

export interface ReadResult {
  /** Null when the workbook could not be read; diagnostics say why in plain words. */
  readonly snapshot: WorkbookSnapshot | null;
  readonly diagnostics: readonly Diagnostic[];
}

/** The policy stamp written with results: visible header rows on the results sheet and a custom document property. */
export interface ResultsStamp {
  readonly report: EvaluationReport;
  /** Who pressed Validate, when Office tells us; null otherwise. */
  readonly validatedBy: string | null;
}

export interface WorkbookGateway {
  /** 'excel' inside Excel; 'file' for an .xlsx opened in a browser (read-only: no writes, no selection). */
  readonly kind: 'excel' | 'file';
  /** A name for messages and the results stamp: the file name or the workbook's title. */
  readonly title: string;
  /** Reads every sheet into a snapshot (Office.js: one used-range load per sheet, one sync for the whole read). */
  read(): Promise<ReadResult>;
  /** Selects the cell (activating its sheet). Resolves false when the sheet or cell no longer exists. */
  select(target: CellTarget): Promise<boolean>;
  /** Writes (reusing and clearing, never deleting) the results sheet and stamps the document. Excel only. */
  writeResults?(stamp: ResultsStamp): Promise<void>;
  /** Marks the cells with a removable highlight that never touches the user's own formatting. Excel only. */
  highlight?(targets: readonly HighlightTarget[]): Promise<void>;
  /** Removes every highlight jobplan added, and nothing else. Excel only. */
  clearHighlights?(): Promise<void>;
  /** Calls back (debounce is the caller's business) when the user edits a cell; returns an unsubscribe. Excel only. */
  watchChanges?(onChange: () => void): Promise<() => Promise<void>>;
}
