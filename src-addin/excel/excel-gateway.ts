/**
 * The workbook open in Excel, behind the WorkbookGateway the task pane uses. With read-open-workbook.ts, the only
 * Office.js code of the add-in. Every operation is one Excel.run with a number of syncs that does not grow with the
 * workbook (none syncs in a loop over sheets, cells or findings; only writes of more than a few MB are split, one
 * sync per ~2 MB), and none changes the user's own cells or formatting: results go to jobplan's own sheet, and
 * highlights are conditional formats jobplan marks as its own (HIGHLIGHT_MARKER in their formula) and removes again.
 *
 * Minimum requirement set ExcelApi 1.7 (Excel 2019); the workbook-wide change event and the search for TODAY()/NOW()
 * cells (both 1.9) only where `isSetSupported` says so.
 */
import { OWN_SHEETS, readOpenWorkbook } from './read-open-workbook.js';
import { RESULTS_SHEET, STAMP_PREFIX, resultsRows, stampProperties } from './results-table.js';
import type { CellTarget, HighlightTarget, ReadResult, ResultsStamp, WorkbookGateway } from './workbook-gateway.js';

/** Every highlight's formula holds this text: the formula is always true, and clearing removes only formats holding it. */
export const HIGHLIGHT_MARKER = 'jobplan-highlight';

/** The conditional-format formula of a highlight of this severity: always TRUE, and recognisably jobplan's. */
export function highlightFormula(severity: HighlightTarget['severity']): string {
  return `=ISTEXT("${HIGHLIGHT_MARKER}:${severity}")`;
}

/** Fills in the colours of Excel's own "Light red / Yellow / Light blue fill" presets. */
export const HIGHLIGHT_FILL: Readonly<Record<HighlightTarget['severity'], string>> = { error: '#FFC7CE', warning: '#FFEB9C', info: '#DDEBF7' };

/** Conditional formats added per sync: each is a few hundred bytes of request. */
const FORMATS_PER_SYNC = 2_000;
/** Results written per sync: the request (values and their '@' formats) stays well under Excel on the web's 5 MB. */
const WRITE_BYTES_PER_SYNC = 2 * 1024 * 1024;

type Batch<T> = (context: Excel.RequestContext) => Promise<T>;

export interface ExcelGatewayOptions {
  /** Excel.run (a fake in tests). Called as run(batch), and as run(context, batch) to remove event handlers. */
  readonly run: {
    <T>(batch: Batch<T>): Promise<T>;
    <T>(context: OfficeExtension.ClientRequestContext, batch: Batch<T>): Promise<T>;
  };
  /** The workbook's name for messages and the stamp. */
  readonly title: string;
  /** Office.context.requirements.isSetSupported. */
  readonly isSetSupported: (name: string, version?: string) => boolean;
}

/** What the task pane gets: the gateway, plus the sync count of the last read (for the add-in's own diagnostics). */
export interface ExcelGateway extends WorkbookGateway {
  readonly kind: 'excel';
  lastReadSyncs(): number;
}

/** The open workbook's file name, as Office reports its URL ('this workbook' for an unsaved one). */
function openWorkbookTitle(): string {
  const url = typeof Office !== 'undefined' ? Office.context?.document?.url : undefined;
  if (!url) return 'this workbook';
  let name = url.split(/[\\/]/).pop() ?? url;
  try {
    name = decodeURIComponent(name);
  } catch {
    // A file name with a stray '%' is shown as it is.
  }
  return name.split('?')[0] || 'this workbook';
}

function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function plainError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The gateway to the workbook open in Excel. Call after Office.onReady; options are for tests (a fake Excel.run).
 *
 * @example
 * const gateway = createExcelGateway();
 * const { snapshot, diagnostics } = await gateway.read();
 * await gateway.select({ sheet: 'Sign-off', cell: 'B4' });
 */
export function createExcelGateway(options: Partial<ExcelGatewayOptions> = {}): ExcelGateway {
  const run = options.run ?? (Excel.run as unknown as ExcelGatewayOptions['run']);
  const title = options.title ?? openWorkbookTitle();
  const isSetSupported = options.isSetSupported ?? ((name: string, version?: string) => Office.context.requirements.isSetSupported(name, version));
  let readSyncs = 0;
  /** The results sheet's id once known: changes jobplan makes there are not the user's edits. */
  let resultsSheetId: string | null = null;

  return {
    kind: 'excel',
    title,
    lastReadSyncs: () => readSyncs,

    async read(): Promise<ReadResult> {
      try {
        // TODAY()/NOW() cells are found through special cells, ExcelApi 1.9; older hosts read the same without them.
        const read = await run((context) => readOpenWorkbook(context, title, { findVolatile: isSetSupported('ExcelApi', '1.9'), readMerges: isSetSupported('ExcelApi', '1.13') }));
        readSyncs = read.syncs;
        return { snapshot: read.snapshot, diagnostics: read.diagnostics };
      } catch (error) {
        return {
          snapshot: null,
          diagnostics: [{ code: 'workbook_unreadable', severity: 'error', message: `Excel could not give jobplan the workbook's cells (${plainError(error)}); finish editing any cell (press Enter) and try again.`, location: { file: title, line: 1, col: 1 } }],
        };
      }
    },

    async select(target: CellTarget): Promise<boolean> {
      try {
        return await run(async (context) => {
          const sheet = context.workbook.worksheets.getItemOrNullObject(target.sheet);
          sheet.load('visibility');
          await context.sync();
          if (sheet.isNullObject || sheet.visibility !== Excel.SheetVisibility.visible) return false;
          sheet.activate();
          sheet.getRange(target.cell).select();
          await context.sync();
          return true;
        });
      } catch (error) {
        // A cell address that no longer makes sense (or a sheet renamed meanwhile) is "not there", not a crash.
        if (['InvalidArgument', 'ItemNotFound', 'InvalidOperation', 'InvalidSelection'].includes(errorCode(error) ?? '')) return false;
        throw error;
      }
    },

    async writeResults(stamp: ResultsStamp): Promise<void> {
      const rows = resultsRows(stamp, title);
      const properties = stampProperties(stamp.report, title);
      const width = rows.reduce((w, r) => Math.max(w, r.length), 1);
      const grid = rows.map((r) => (r.length === width ? r : [...r, ...Array<string>(width - r.length).fill('')]));
      const blocks = writeBlocks(grid);
      await run(async (context) => {
        const workbook = context.workbook;
        const existing = workbook.worksheets.getItemOrNullObject(RESULTS_SHEET);
        existing.load('id');
        const custom = workbook.properties.custom;
        custom.load('items/key');
        await context.sync();
        // Reused and cleared, never deleted and added again: deleting a sheet wipes Excel's undo history.
        let sheet: Excel.Worksheet;
        if (existing.isNullObject) {
          sheet = workbook.worksheets.add(RESULTS_SHEET);
        } else {
          sheet = existing;
          // Known before anything is written: Excel raises change events for the add-in's own writes too, and a
          // live re-validation must know these are jobplan's (the clear below is the first of them).
          resultsSheetId = existing.id;
          sheet.getRange().clear();
        }
        sheet.load('id');
        // Stamp properties of an earlier run that this one does not write (a policy fewer) are removed.
        const keep = new Set(properties.map(([key]) => key.toLowerCase()));
        for (const item of custom.items) if (item.key.toLowerCase().startsWith(STAMP_PREFIX) && !keep.has(item.key.toLowerCase())) item.delete();
        for (const [key, value] of properties) custom.add(key, value);
        // Every value is written as text: Range.values takes a string beginning with '=', '+', '-' (or '@') as a
        // formula unless its cell is already formatted as text, so each block's text format goes in a request
        // before the one carrying its values (block 0's here, each next block's with the values before it).
        const textFormat = (i: number): void => {
          const { start, count } = blocks[i]!;
          sheet.getRangeByIndexes(start, 0, count, width).numberFormat = grid.slice(start, start + count).map((r) => r.map(() => '@'));
        };
        if (blocks.length > 0) textFormat(0);
        await context.sync();
        resultsSheetId = sheet.id;
        // One 2-D write per block; a sync per ~2 MB of results (bounded by the payload limit, not per row).
        for (let i = 0; i < blocks.length; i++) {
          const { start, count } = blocks[i]!;
          sheet.getRangeByIndexes(start, 0, count, width).values = grid.slice(start, start + count);
          if (i + 1 < blocks.length) textFormat(i + 1);
          // eslint-disable-next-line office-addins/no-context-sync-in-loop -- each request must stay under Excel on the web's 5 MB
          await context.sync();
        }
      });
    },

    async highlight(targets: readonly HighlightTarget[]): Promise<void> {
      await run(async (context) => {
        const sheets = await removeOwnHighlights(context);
        const writable = new Map(sheets.filter((s) => !s.protected).map((s) => [s.name.toLowerCase(), s.sheet]));
        const ranges = highlightRanges(targets).filter((t) => writable.has(t.sheet.toLowerCase()));
        for (let i = 0; i < ranges.length; i++) {
          const t = ranges[i]!;
          const format = writable.get(t.sheet.toLowerCase())!.getRange(t.cell).conditionalFormats.add(Excel.ConditionalFormatType.custom);
          format.custom.rule.formula = highlightFormula(t.severity);
          format.custom.format.fill.color = HIGHLIGHT_FILL[t.severity];
          if ((i + 1) % FORMATS_PER_SYNC === 0 && i + 1 < ranges.length) {
            // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per 2,000 highlights, not per cell
            await context.sync();
          }
        }
        await context.sync();
      });
    },

    async clearHighlights(): Promise<void> {
      await run(async (context) => {
        await removeOwnHighlights(context);
        await context.sync();
      });
    },

    async watchChanges(onChange: () => void): Promise<() => Promise<void>> {
      let stopped = false;
      const handler = async (event: Excel.WorksheetChangedEventArgs): Promise<void> => {
        if (stopped || (resultsSheetId !== null && event.worksheetId === resultsSheetId)) return;
        onChange();
      };
      /** Handlers of sheets added after watching began (ExcelApi 1.7 path), each in the context that added it. */
      const late: OfficeExtension.EventHandlerResult<Excel.WorksheetChangedEventArgs>[] = [];
      const onAdded = async (event: Excel.WorksheetAddedEventArgs): Promise<void> => {
        if (stopped) return;
        await run(async (context) => {
          const ws = context.workbook.worksheets.getItem(event.worksheetId);
          ws.load('name');
          await context.sync();
          if (OWN_SHEETS.includes(ws.name)) return;
          late.push(ws.onChanged.add(handler));
          await context.sync();
        });
      };
      const subscriptions: OfficeExtension.EventHandlerResult<Excel.WorksheetChangedEventArgs | Excel.WorksheetAddedEventArgs>[] = await run(async (context) => {
        const worksheets = context.workbook.worksheets;
        const results = worksheets.getItemOrNullObject(RESULTS_SHEET);
        results.load('id');
        if (isSetSupported('ExcelApi', '1.9')) {
          // One workbook-wide handler, which also hears sheets added later (ExcelApi 1.9).
          const subscription = worksheets.onChanged.add(handler);
          await context.sync();
          if (!results.isNullObject) resultsSheetId = results.id;
          return [subscription];
        }
        // ExcelApi 1.7: one handler per sheet (jobplan's own sheets are not watched), and one for sheets added later.
        worksheets.load('items/name');
        await context.sync();
        if (!results.isNullObject) resultsSheetId = results.id;
        const perSheet = worksheets.items.filter((ws) => !OWN_SHEETS.includes(ws.name)).map((ws) => ws.onChanged.add(handler));
        const added = worksheets.onAdded.add(onAdded);
        await context.sync();
        return [...perSheet, added];
      });
      return async () => {
        stopped = true;
        // Handlers are removed in the context they were added in, as Office.js requires: one Excel.run per context.
        const byContext = new Map<OfficeExtension.ClientRequestContext, { remove(): void }[]>();
        for (const s of [...subscriptions, ...late]) byContext.set(s.context, [...(byContext.get(s.context) ?? []), s]);
        for (const [context, handlers] of byContext) {
          await run(context, async (ctx) => {
            for (const h of handlers) h.remove();
            await ctx.sync();
          });
        }
      };
    },
  };
}

/** Rows of the results grid per write, each write's request under WRITE_BYTES_PER_SYNC. Pure. */
export function writeBlocks(grid: readonly (readonly string[])[], maxBytes = WRITE_BYTES_PER_SYNC): { start: number; count: number }[] {
  const blocks: { start: number; count: number }[] = [];
  let start = 0;
  let bytes = 0;
  grid.forEach((row, i) => {
    // The values as JSON, plus their '@' formats ("@", = 4 bytes a cell).
    const rowBytes = JSON.stringify(row).length + row.length * 4 + 4;
    if (i > start && bytes + rowBytes > maxBytes) {
      blocks.push({ start, count: i - start });
      start = i;
      bytes = 0;
    }
    bytes += rowBytes;
  });
  if (grid.length > start) blocks.push({ start, count: grid.length - start });
  return blocks;
}

const SEVERITY_RANK: Readonly<Record<HighlightTarget['severity'], number>> = { info: 0, warning: 1, error: 2 };

/**
 * The conditional formats to add: each cell once at its most severe finding, and runs of cells down a column with the
 * same severity joined into one range (a register's findings sit in a few columns), so a 5,000-row register needs
 * hundreds of formats, not thousands. Ranges given as ranges (`A12:AR12`) are kept as they are. Pure.
 */
export function highlightRanges(targets: readonly HighlightTarget[]): HighlightTarget[] {
  const cells = new Map<string, HighlightTarget>();
  for (const t of targets) {
    const key = `${t.sheet.toLowerCase()}!${t.cell.toUpperCase()}`;
    const seen = cells.get(key);
    if (!seen || SEVERITY_RANK[t.severity] > SEVERITY_RANK[seen.severity]) cells.set(key, { sheet: t.sheet, cell: t.cell.toUpperCase(), severity: t.severity });
  }
  const out: HighlightTarget[] = [];
  const single: { t: HighlightTarget; col: string; row: number }[] = [];
  for (const t of cells.values()) {
    const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(t.cell);
    if (m) single.push({ t, col: m[1]!, row: Number(m[2]) });
    else out.push(t);
  }
  single.sort((a, b) => a.t.sheet.localeCompare(b.t.sheet) || a.t.severity.localeCompare(b.t.severity) || a.col.localeCompare(b.col) || a.row - b.row);
  for (let i = 0; i < single.length; ) {
    const first = single[i]!;
    let j = i;
    while (j + 1 < single.length) {
      const next = single[j + 1]!;
      if (next.t.sheet !== first.t.sheet || next.t.severity !== first.t.severity || next.col !== first.col || next.row !== single[j]!.row + 1) break;
      j += 1;
    }
    const last = single[j]!;
    out.push({ sheet: first.t.sheet, severity: first.t.severity, cell: j === i ? first.t.cell : `${first.col}${first.row}:${last.col}${last.row}` });
    i = j + 1;
  }
  return out;
}

interface SheetInfo {
  readonly name: string;
  readonly protected: boolean;
  readonly sheet: Excel.Worksheet;
}

/**
 * Queues the deletion of every conditional format jobplan added (its marker in the formula), on every sheet that is
 * not protected, and no other. Three syncs whatever the workbook (names; formats and protection; the custom formats'
 * formulas); the deletions go with the caller's next sync. Returns the sheets with their protection.
 */
async function removeOwnHighlights(context: Excel.RequestContext): Promise<SheetInfo[]> {
  const worksheets = context.workbook.worksheets;
  worksheets.load('items/name');
  await context.sync();
  const found = worksheets.items.map((ws) => {
    const protection = ws.protection.load('protected');
    const formats = ws.getRange().conditionalFormats.load('items/type');
    return { ws, protection, formats };
  });
  await context.sync();
  const custom = found
    .filter((f) => !f.protection.protected)
    .flatMap((f) => f.formats.items.filter((cf) => cf.type === Excel.ConditionalFormatType.custom).map((cf) => ({ cf, rule: cf.custom.rule.load('formula') })));
  if (custom.length > 0) await context.sync();
  for (const { cf, rule } of custom) if (rule.formula.includes(HIGHLIGHT_MARKER)) cf.delete();
  return found.map((f) => ({ name: f.ws.name, protected: f.protection.protected, sheet: f.ws }));
}
