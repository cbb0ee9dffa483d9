/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * What the end-to-end test needs around the built task pane: a static server for dist-addin/, Debian's chromium
 * driven by playwright-core, and the stub Office host (the fake Excel bundled for the browser with vite's build API)
 * served in place of https://appsforoffice.microsoft.com/lib/1/hosted/office.js.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import type { FakeWorkbookData } from '../fake-excel/fake-excel.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '../../..');
export const DIST = join(ROOT, 'dist-addin');
export const CHROMIUM = process.env.JOBPLAN_CHROMIUM ?? '/usr/bin/chromium';
export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png',
  '.map': 'application/json', '.json': 'application/json',
};

/** Fails with what to do when the pane is not built or chromium is not installed (never a silent skip). */
export function checkPrerequisites(): void {
  if (!existsSync(join(DIST, 'taskpane.html'))) throw new Error(`${DIST}/taskpane.html is missing: build the add-in first (npm run build && npm run build:addin; npm test does both)`);
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: the end-to-end test drives Debian's chromium. Install it with 'sudo apt-get install -y --no-install-recommends chromium' (.ci/run does this in CI), or set JOBPLAN_CHROMIUM to another Chromium binary.`);
  }
}

/** Serves dist-addin/ on a free localhost port. */
export async function serveDist(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(DIST, path === '/' ? 'taskpane.html' : path));
    if (!file.startsWith(DIST) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, close: () => new Promise((r) => server.close(() => r())) };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

let stubCode: string | undefined;

/** The fake Excel host as one classic script (vite's library build, IIFE), built once per test run. */
export async function stubOfficeScript(): Promise<string> {
  if (stubCode) return stubCode;
  const output = await build({
    configFile: false, logLevel: 'silent', root: ROOT,
    build: { write: false, minify: false, target: 'es2019', lib: { entry: join(HERE, 'stub-office-entry.ts'), formats: ['iife'], name: 'jobplanStubOffice' } },
  });
  const results = Array.isArray(output) ? output : [output];
  const chunk = results.flatMap((r) => ('output' in r ? r.output : [])).find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('internal: the stub Office host did not build');
  stubCode = chunk.code;
  return stubCode;
}

/** Serves the stub host, preloaded with `data`, wherever the page asks for office.js. */
export async function routeStubOffice(page: Page, data: FakeWorkbookData): Promise<void> {
  const script = `window.__JOBPLAN_WORKBOOK__ = ${JSON.stringify(data)};\n${await stubOfficeScript()}`;
  await page.route(OFFICE_JS, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: script }));
}

/** As offline, or in a browser where Microsoft's CDN cannot be reached: office.js fails to load. */
export async function routeNoOffice(page: Page): Promise<void> {
  await page.route(OFFICE_JS, (route) => route.abort('internetdisconnected'));
}

export interface PaneFinding {
  readonly ruleId: string;
  readonly cells: string[];
}

/** The findings the pane lists: rule id and cells (sheet!cell), in the pane's order. */
export async function paneFindings(page: Page): Promise<PaneFinding[]> {
  // Long lists show their first findings; ask for all of them.
  for (let button = await page.$('button.show-all'); button; button = await page.$('button.show-all')) await button.click();
  return page.$$eval('li.finding', (items) => items.map((li) => ({
    ruleId: li.getAttribute('data-rule') ?? '',
    cells: [...li.querySelectorAll('button.cell')].map((b) => `${b.getAttribute('data-sheet')}!${b.getAttribute('data-cell')}`),
  })));
}

/** Waits until the pane shows results for a validation that started after `since` (data-evaluated-at changes). */
export async function waitForResults(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(() => {
    const s = document.getElementById('status');
    const results = document.getElementById('results');
    return s?.dataset.tone === 'error' || (s?.dataset.tone === 'ok' && results && !results.hidden && results.dataset.evaluatedAt);
  }, undefined, { timeout });
  const tone = await page.$eval('#status', (s) => (s as HTMLElement).dataset.tone);
  if (tone === 'error') throw new Error(`the pane reports an error: ${await page.textContent('#status')} ${await page.textContent('#results')}`);
}
