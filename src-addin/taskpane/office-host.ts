/**
 * Inside Excel or not? Office.js is loaded by a script tag from Microsoft's CDN; it is absent offline, and in an
 * ordinary browser Office.onReady reports no host. Only then does the pane switch to its "choose an .xlsx" mode.
 * The Excel gateway itself (every Excel call) lives in src-addin/excel/; this file only asks Office which host it is.
 */
import type { WorkbookGateway } from '../excel/workbook-gateway.js';
import type { OfficeThemeColours } from './theme.js';

/**
 * Resolves true inside Excel; false without Office.js, in another host, or when Office does not answer in time. When
 * Office answers "Excel" only after the timeout (Excel can be slow to start an add-in), `onLateExcel` is called then,
 * once, so the pane can switch to Excel mode instead of staying in file mode inside Excel.
 */
export async function insideExcel(timeoutMs = 8000, onLateExcel?: () => void): Promise<boolean> {
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') return false;
  let timedOut = false;
  const ready = Office.onReady().then((i) => i, () => null);
  const info = await Promise.race([
    ready,
    new Promise<null>((resolve) => setTimeout(() => {
      timedOut = true;
      resolve(null);
    }, timeoutMs)),
  ]);
  if (timedOut && onLateExcel) void ready.then((late) => { if (late?.host === Office.HostType.Excel) onLateExcel(); });
  return info !== null && info.host === Office.HostType.Excel;
}

/** The gateway to the open workbook (src-addin/excel/), loaded only inside Excel. */
export async function connectExcel(): Promise<WorkbookGateway> {
  const { createExcelGateway } = await import('../excel/excel-gateway.js');
  return createExcelGateway();
}

/** Office's theme colours (`Office.context.officeTheme`), or null where Office gives none (outside Office, older hosts). */
export function officeTheme(): OfficeThemeColours | null {
  try {
    if (typeof Office === 'undefined') return null;
    const theme = Office.context?.officeTheme as OfficeThemeColours | undefined;
    return theme ?? null;
  } catch {
    return null;
  }
}
