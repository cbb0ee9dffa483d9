/// <reference lib="dom" />
/**
 * End to end with Microsoft's own code: the built task pane loads the real office.js (the @microsoft/office-js
 * package, served locally where the page asks Microsoft's CDN for it) in a browser outside Office. Office.onReady
 * then answers "no host", and the pane must offer its outside-Excel mode (choose an .xlsx) at once, not after its
 * 8 s timeout, and judge the chosen file exactly as the CLI does. And the other way round: inside Excel, an
 * Office.onReady that answers only after the pane's 8 s wait (a slow Excel start) moves the pane from file mode to
 * Excel mode rather than leaving it choosing files inside Excel.
 */
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runValidation } from '../../../src-engine/cli/run-validation.js';
import type { EvaluationReport } from '../../../src-engine/index.js';
import type { FakeExcelState } from '../fake-excel/fake-excel.js';
import { workbookDataFromXlsx } from '../fake-excel/workbook-data.js';
import { type PaneFinding, paneFindings, paneSession, ROOT, routeRealOffice, routeStubOfficeWith, waitForResults } from './harness.js';

const TODAY = '2026-11-23';
const EXAMPLE = 'examples/breaks-signoff-late.xlsx';
const OUT = join(ROOT, 'test-output');

function cliFindings(report: EvaluationReport): string[] {
  const plan = report.plans.flatMap((p) => p.findings.map((f) => ({ ruleId: f.ruleId, cells: f.cells.map((c) => `${c.sheet}!${c.cell}`) })));
  const groups = report.groups.map((g) => ({ ruleId: g.ruleId, cells: g.cells.map((c) => `${c.sheet}!${c.cell}`) }));
  return keys([...plan, ...groups]);
}

const keys = (list: readonly PaneFinding[]): string[] => list.map((f) => `${f.ruleId} @ ${f.cells.join(', ')}`).sort();

describe('the task pane with Microsoft\'s office.js, outside Office', () => {
  const session = paneSession(OUT);

  async function newPage(): Promise<{ page: Page; errors: string[] }> {
    const page = await session.browser().newPage({ viewport: { width: 420, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The pages' Content-Security-Policy must not block anything the pane itself (or office.js) needs.
    page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) errors.push(m.text()); });
    return { page, errors };
  }

  it('office.js present, no host: Office.onReady says so, the pane offers "Choose an .xlsx file" at once and judges the file as the CLI does', async () => {
    const { page, errors } = await newPage();
    const office = await routeRealOffice(page, session.url());
    const started = Date.now();
    await page.goto(`${session.url()}/taskpane.html?today=${TODAY}`);
    await page.waitForSelector('body[data-ready="true"]');
    const readyMs = Date.now() - started;

    // Microsoft's office.js was what loaded (from the package, nothing from the network), and it reports no host.
    expect(office.served).toContain('office.js');
    expect(office.refused).toEqual([]);
    const info = await page.evaluate(async () => {
      const w = window as unknown as { Office: typeof Office; OSF?: unknown };
      return { ready: await w.Office.onReady(), microsoft: typeof w.OSF === 'object' };
    });
    expect(info.microsoft).toBe(true);
    expect(info.ready.host).toBeNull();

    // The outside-Excel mode, decided by onReady's answer rather than by the pane's 8 s timeout.
    expect(readyMs).toBeLessThan(8_000);
    expect(await page.isVisible('#file-section')).toBe(true);
    expect(await page.isVisible('#excel-tools')).toBe(false);
    expect(await page.textContent('#file-heading')).toBe('Choose an .xlsx file');
    expect(await page.textContent('#mode-line')).toMatch(/^Outside Excel/);

    await page.setInputFiles('#xlsx-input', join(ROOT, EXAMPLE));
    await waitForResults(page);
    const expected = cliFindings(await runValidation({ paths: [resolve(ROOT, EXAMPLE)], today: TODAY, asOf: null, policy: null }));
    expect(expected.length).toBeGreaterThan(0);
    expect(keys(await paneFindings(page))).toEqual(expected);
    expect(await page.textContent('#stamp')).toContain('cpft-job-planning@2017-04-28');
    await page.screenshot({ path: join(OUT, 'taskpane-office-js-no-host.png'), fullPage: true });
    expect(errors).toEqual([]);
    console.log(`real office.js outside Office: pane ready in ${(readyMs / 1000).toFixed(2)} s; files served from @microsoft/office-js: ${office.served.join(', ')}`);
    await page.close();
  }, 60_000);
  it('inside Excel, Office.onReady answering after the 8 s wait: file mode at first, then Excel mode, and Validate reads the workbook', async () => {
    const { page, errors } = await newPage();
    await routeStubOfficeWith(page, await workbookDataFromXlsx(join(ROOT, EXAMPLE)), { onReadyDelayMs: 9_000 });
    await page.goto(`${session.url()}/taskpane.html?today=${TODAY}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    // The wait ran out first: the pane offered a file, as outside Excel.
    expect(await page.isVisible('#file-section')).toBe(true);
    // Then Office answered "Excel": the pane switches to the workbook open in Excel.
    await page.waitForSelector('#excel-tools', { state: 'visible', timeout: 15_000 });
    expect(await page.isVisible('#file-section')).toBe(false);
    expect(await page.textContent('#mode-line')).toMatch(/^Checks the workbook open in Excel/);
    await page.click('#validate');
    await waitForResults(page);
    const expected = cliFindings(await runValidation({ paths: [resolve(ROOT, EXAMPLE)], today: TODAY, asOf: null, policy: null }));
    expect(keys(await paneFindings(page))).toEqual(expected);
    expect(await page.evaluate(() => (window as unknown as { __fakeExcel: FakeExcelState }).__fakeExcel.syncs)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
