/**
 * The workbook open in Excel, behind the WorkbookGateway the task pane uses. The only Office.js code besides the
 * reader (read-open-workbook.ts). Every operation is one Excel.run with a fixed number of syncs; none syncs in a loop
 * over cells or rows, and none changes the user's own cells: results go to jobplan's own sheet, highlights are
 * conditional formats jobplan marks as its own and removes again.
 */
import { OWN_SHEETS, readOpenWorkbook, CELLS_PER_SYNC } from './read-open-workbook.js';
import { RESULTS_SHEET, resultsRows, stampProperties } from './results-table.js';
import type { CellTarget, HighlightTarget, ReadResult, ResultsStamp, WorkbookGateway } from './workbook-gateway.js';

/** The formula of every highlight jobplan adds: always true, and recognisable, so clearing removes only these. */
export const HIGHLIGHT_FORMULA = '=ISTEXT("jobplan")';

const FILL: Readonly<Record<HighlightTarget['severity'], string>> = { error: '#F8D7DA', warning: '#FFF3CD', info: '#DDEBF7' };

type Run = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface ExcelGatewayOptions {
  /** Excel.run (a fake in tests). */
  readonly run: Run;
  /** The workbook's name for messages and the stamp. */
  readonly title: string;
  /** Office.context.requirements.isSetSupported. */
  readonly isSetSupported?: (name: string, version: string) => boolean;
}

/** The open workbook's file name, as Office reports its URL (Book1 for an unsaved workbook). */
function openWorkbookTitle(): string {
  const url = typeof Office !== 'undefined' ? Office.context?.document?.url : undefined;
  if (!url) return 'this workbook';
  const name = decodeURIComponent(url.split(/[\\/]/).pop() ?? url);
  return name || 'this workbook';
}

/** The gateway to the workbook open in Excel; options are for tests (a fake Excel.run). */
export function createExcelGateway(options: Partial<ExcelGatewayOptions> = {}): WorkbookGateway & { lastReadSyncs: () => number } {
  const run: Run = options.run ?? ((batch) => Excel.run(batch));
  const title = options.title ?? openWorkbookTitle();
  let readSyncs = 0;
  return {
    kind: 'excel',
    title,
    lastReadSyncs: () => readSyncs,

    async read(): Promise<ReadResult> {
      const read = await run((context) => readOpenWorkbook(context, title));
      readSyncs = read.syncs;
      return { snapshot: read.snapshot, diagnostics: read.diagnostics };
    },

    async select(target: CellTarget): Promise<boolean> {
      return run(async (context) => {
        const sheet = context.workbook.worksheets.getItemOrNullObject(target.sheet);
        await context.sync();
        if (sheet.isNullObject) return false;
        sheet.activate();
        sheet.getRange(target.cell).select();
        await context.sync();
        return true;
      });
    },

    async writeResults(stamp: ResultsStamp): Promise<void> {
      const rows = resultsRows(stamp, title);
      await run(async (context) => {
        // Reused and cleared, never deleted and added again: deleting a sheet wipes Excel's undo history.
        let sheet = context.workbook.worksheets.getItemOrNullObject(RESULTS_SHEET);
        await context.sync();
        if (sheet.isNullObject) sheet = context.workbook.worksheets.add(RESULTS_SHEET);
        else sheet.getRange().clear();
        const width = rows[0]!.length;
        // One 2-D write per block, text format first so a message beginning with "=" stays text; blocks sized so no
        // request passes Excel on the web's 5 MB limit (a sync per block of CELLS_PER_SYNC / 4 cells: text is long).
        const rowsPerBlock = Math.max(1, Math.floor(CELLS_PER_SYNC / 4 / width));
        for (let start = 0; start < rows.length; start += rowsPerBlock) {
          const block = rows.slice(start, start + rowsPerBlock);
          const range = sheet.getRangeByIndexes(start, 0, block.length, width);
          range.numberFormat = block.map((r) => r.map(() => '@'));
          range.values = block;
          // A sync per block, bounded by the payload limit and not per row: a 5,000-plan register's findings take a few.
          // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one request must stay under 5 MB
          if (start + rowsPerBlock < rows.length) await context.sync();
        }
        for (const [key, value] of stampProperties(stamp.report)) context.workbook.properties.custom.add(key, value);
        await context.sync();
      });
    },

    async highlight(targets: readonly HighlightTarget[]): Promise<void> {
      await clearOwnHighlights(run);
      await run(async (context) => {
        const sheets = context.workbook.worksheets;
        // One conditional format per cell or range, all queued, one sync.
        for (const t of targets) {
          const format = sheets.getItem(t.sheet).getRange(t.cell).conditionalFormats.add(Excel.ConditionalFormatType.custom);
          format.custom.rule.formula = HIGHLIGHT_FORMULA;
          format.custom.format.fill.color = FILL[t.severity];
        }
        await context.sync();
      });
    },

    clearHighlights: () => clearOwnHighlights(run),

    async watchChanges(onChange: () => void): Promise<() => Promise<void>> {
      return run(async (context) => {
        const worksheets = context.workbook.worksheets;
        worksheets.load('items/name');
        await context.sync();
        const handlers = worksheets.items
          .filter((ws) => !OWN_SHEETS.includes(ws.name))
          .map((ws) => ws.onChanged.add(async () => onChange()));
        await context.sync();
        return async () => {
          for (const h of handlers) h.remove();
          await context.sync();
        };
      });
    },
  };
}

/** Removes the conditional formats jobplan added (its marker formula), on every sheet, and no other. */
async function clearOwnHighlights(run: Run): Promise<void> {
  await run(async (context) => {
    const worksheets = context.workbook.worksheets;
    worksheets.load('items/name');
    await context.sync();
    const collections = worksheets.items.map((ws) => {
      const formats = ws.getRange().conditionalFormats;
      formats.load('items/type,items/custom/rule/formula');
      return formats;
    });
    await context.sync();
    for (const formats of collections) {
      for (const f of formats.items) if (f.type === Excel.ConditionalFormatType.custom && f.custom.rule.formula === HIGHLIGHT_FORMULA) f.delete();
    }
    await context.sync();
  });
}
