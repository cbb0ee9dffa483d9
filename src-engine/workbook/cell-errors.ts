/** Cells showing Excel errors (#N/A, #REF! …): each reader reports them the same way, capped. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** A sheet full of #N/A should not bury everything else: report this many error cells, then one summary. */
const MAX_CELL_ERROR_DIAGNOSTICS = 20;

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
      { code: 'workbook_cell_error', severity: 'warning', message: `${this.#more} more cell(s) show Excel errors and are read as empty`, location: { file: this.source, line: 1, col: 1 } },
    ];
  }
}

