/// <reference lib="dom" />
/**
 * Old webviews, end to end in headless Chromium. Office 2016/2019 volume-licensed, Microsoft 365 builds before
 * 16.0.13530.20424 and Office without the WebView2 control open add-ins in Internet Explorer 11 (Trident) or the old
 * Edge (EdgeHTML), where the pane's module script never starts. Before, the pane then sat on "Starting…" with Validate
 * enabled and doing nothing. Now a classic script (webview-check.js) shows which Office versions work and what to ask
 * IT for, with every control disabled. Chromium is made to behave like those webviews in two ways: the pane's module
 * script blocked (it never arrives, as when it cannot run), and module scripts unknown to the browser altogether (as in
 * Trident: the module's tag is ignored and `noModule` is missing). And the ordinary pane must not show the message.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { workbookDataFromXlsx } from '../fake-excel/workbook-data.js';
import { paneSession, ROOT, routeStubOffice } from './harness.js';

const TODAY = '2026-11-23';
const EXAMPLE = 'examples/breaks-signoff-late.xlsx';
const OUT = join(ROOT, 'test-output');

describe('the task pane in a webview that cannot run its module script', () => {
  const session = paneSession(OUT);

  async function newPage(): Promise<{ page: Page; errors: string[] }> {
    const page = await session.browser().newPage({ viewport: { width: 320, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await routeStubOffice(page, await workbookDataFromXlsx(join(ROOT, EXAMPLE)));
    return { page, errors };
  }

  /** What the user sees: the message, the mode line, Validate, and whether the rest of the pane is hidden. */
  async function seen(page: Page) {
    return page.evaluate(() => ({
      reason: document.body.dataset.oldWebview ?? null,
      message: document.getElementById('old-webview')?.innerText ?? '',
      mode: document.getElementById('mode-line')?.textContent ?? '',
      validateDisabled: (document.getElementById('validate') as HTMLButtonElement).disabled,
      enabledControls: [...document.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('main button, main input, main select')].filter((c) => !c.disabled).map((c) => c.id),
      visibleSections: [...document.querySelectorAll<HTMLElement>('main > section')].filter((s) => !s.hidden).map((s) => s.id),
      ready: document.body.dataset.ready ?? null,
    }));
  }

  function expectTheMessage(view: Awaited<ReturnType<typeof seen>>): void {
    // Which Office works (the versions from Microsoft's "Browsers and webview controls used by Office Add-ins").
    expect(view.message).toContain('This version of Office cannot run the add-in');
    expect(view.message).toContain('Microsoft 365 Apps for Windows (version 16.0.13530.20424 or later), or Office 2021 or later');
    expect(view.message).toContain('Microsoft Edge WebView2 Runtime');
    expect(view.message).toContain('Office 2016 or Office 2019 bought retail');
    expect(view.message).toContain('Office 2016 and Office 2019 under a volume licence always open add-ins in Internet Explorer 11');
    expect(view.message).toContain('Excel on the web');
    // What to ask IT for.
    expect(view.message).toMatch(/What to ask your IT service desk for: the Microsoft Edge WebView2 Runtime, and Excel updated to Microsoft 365 Apps or Office 2021 or later/);
    expect(view.mode).toBe('This version of Office cannot run the add-in: see below.');
    expect(view.validateDisabled).toBe(true);
    expect(view.enabledControls).toEqual([]);
    expect(view.visibleSections).toEqual(['old-webview']);
    expect(view.ready).toBeNull();
  }

  it('the module script never arrives: the message, Validate disabled, nothing else to press', async () => {
    const { page, errors } = await newPage();
    let blocked = 0;
    await page.route(/\/bundle\/taskpane-[\w-]+\.js$/, (route) => {
      blocked++;
      return route.abort('blockedbyclient');
    });
    await page.goto(`${session.url()}/taskpane.html?today=${TODAY}`);
    await page.waitForSelector('#old-webview', { state: 'visible', timeout: 10_000 });
    expect(blocked).toBe(1);
    const view = await seen(page);
    expect(view.reason).toBe('pane-did-not-start');
    expectTheMessage(view);
    // No horizontal scrolling at 320 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.screenshot({ path: join(OUT, 'old-webview.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a webview without module scripts (as Internet Explorer 11): the message at once', async () => {
    const { page, errors } = await newPage();
    // Trident knows no `noModule` and skips <script type="module"> as a script of an unknown type.
    await page.addInitScript(() => {
      delete (HTMLScriptElement.prototype as unknown as Record<string, unknown>)['noModule'];
    });
    await page.route(`${session.url()}/taskpane.html*`, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(/<script type="module"/g, '<script type="text/x-module-unsupported"');
      await route.fulfill({ response, body: html });
    });
    await page.goto(`${session.url()}/taskpane.html?today=${TODAY}`);
    await page.waitForSelector('#old-webview', { state: 'visible', timeout: 10_000 });
    const view = await seen(page);
    expect(view.reason).toBe('no-module-scripts');
    expectTheMessage(view);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a webview that runs the pane: no such message, and Validate is enabled once the pane is ready', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${session.url()}/taskpane.html?today=${TODAY}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForLoadState('load');
    await page.waitForTimeout(200);
    expect(await page.isVisible('#old-webview')).toBe(false);
    expect(await page.evaluate(() => document.body.dataset.oldWebview ?? null)).toBeNull();
    expect(await page.isEnabled('#validate')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
