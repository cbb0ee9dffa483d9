/**
 * Inside Excel or not? Office.js is loaded by a script tag from Microsoft's CDN; it is absent offline, and in an
 * ordinary browser Office.onReady reports no host. Only then does the pane switch to its "choose an .xlsx" mode.
 * The Excel gateway itself (every Excel call) lives in src-addin/excel/; this file only asks Office which host it is.
 */
import type { WorkbookGateway } from '../excel/workbook-gateway.js';

/** Resolves true inside Excel; false without Office.js, in another host, or when Office does not answer in time. */
export async function insideExcel(timeoutMs = 8000): Promise<boolean> {
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') return false;
  const info = await Promise.race([
    Office.onReady().then((i) => i, () => null),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs)),
  ]);
  return info !== null && info.host === Office.HostType.Excel;
}

/** The gateway to the open workbook (src-addin/excel/), loaded only inside Excel. */
export async function connectExcel(): Promise<WorkbookGateway> {
  const { createExcelGateway } = await import('../excel/excel-gateway.js');
  return createExcelGateway();
}
