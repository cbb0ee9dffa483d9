/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * What the end-to-end test needs around the built task pane: a static server for dist-addin/, a headless Chromium
 * driven by playwright-core, and the stub Office host (the fake Excel bundled for the browser with vite's build API)
 * served in place of https://appsforoffice.microsoft.com/lib/1/hosted/office.js. The browser comes with `npm ci`:
 * @sparticuz/chromium ships one inside its npm package, unpacked for each run into a temporary folder that is removed
 * when the browser closes; a system Chromium (/usr/bin/chromium, or JOBPLAN_CHROMIUM) is used instead when present.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import type { FakeOptions, FakeWorkbookData } from '../fake-excel/fake-excel.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '../../..');
export const DIST = join(ROOT, 'dist-addin');
/** A system Chromium, used instead of the npm one when present (Debian's package, or any binary named by JOBPLAN_CHROMIUM). */
const SYSTEM_CHROMIUM = process.env.JOBPLAN_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null);
const NPM_CHROMIUM = '@sparticuz/chromium';
/** The Chromium the test drives: a system binary's path, or '@sparticuz/chromium' (unpacked at launch). */
export const CHROMIUM = SYSTEM_CHROMIUM ?? NPM_CHROMIUM;
export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png',
  '.map': 'application/json', '.json': 'application/json',
};

/** Fails with what to do when the pane is not built or no Chromium is to be had (never a silent skip). */
export function checkPrerequisites(): void {
  if (!existsSync(join(DIST, 'taskpane.html'))) throw new Error(`${DIST}/taskpane.html is missing: build the add-in first (npm run build && npm run build:addin; npm test does both)`);
  if (process.env.JOBPLAN_CHROMIUM !== undefined && !existsSync(process.env.JOBPLAN_CHROMIUM)) {
    throw new Error(`JOBPLAN_CHROMIUM names ${process.env.JOBPLAN_CHROMIUM}, which does not exist: unset it to use the Chromium that npm ci installs (${NPM_CHROMIUM}).`);
  }
  if (SYSTEM_CHROMIUM === null) {
    try {
      createRequire(import.meta.url).resolve(NPM_CHROMIUM);
    } catch {
      throw new Error(`no Chromium: ${NPM_CHROMIUM} is not installed. Run 'npm ci' (it is a devDependency), or set JOBPLAN_CHROMIUM to a Chromium binary.`);
    }
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

/** The flags this machine needs: no sandbox (root, no user namespaces), no GPU, and no network of Chromium's own. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** How the last launch went: which browser, and how long unpacking and starting it took (printed by the tests). */
export interface ChromiumLaunch {
  readonly source: string;
  readonly version: string;
  readonly unpackMs: number;
  readonly launchMs: number;
}
export let lastLaunch: ChromiumLaunch | null = null;

/**
 * Runs `work` with the temp folder (os.tmpdir(), read from TMPDIR at each call) pointed at `dir`: @sparticuz/chromium
 * unpacks into the temp folder, and playwright makes its fresh profile (user-data-dir) there, so both land in a
 * folder of this run's own that is removed afterwards, never in a /tmp/chromium shared with other runs.
 */
async function inTempDir<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return await work();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

/**
 * Launches headless Chromium: the system one when present, else the one inside @sparticuz/chromium's npm package.
 * Everything it writes (the unpacked browser, its profile, its temp files) goes to one folder of this launch's own,
 * removed when the browser closes or disconnects.
 */
export async function launchChromium(): Promise<Browser> {
  const runDir = mkdtempSync(join(tmpdir(), 'jobplan-chromium-'));
  // Chromium's helper processes may still be writing there for a moment after it disconnects: retry a few times.
  const cleanUp = (): void => rmSync(runDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  try {
    const t0 = Date.now();
    const executablePath = SYSTEM_CHROMIUM ?? (await inTempDir(runDir, async () => (await import('@sparticuz/chromium')).default.executablePath()));
    const t1 = Date.now();
    const browser = await inTempDir(runDir, () => chromium.launch({ executablePath, args: CHROMIUM_ARGS, env: { ...process.env, TMPDIR: runDir } }));
    lastLaunch = { source: SYSTEM_CHROMIUM ?? NPM_CHROMIUM, version: browser.version(), unpackMs: t1 - t0, launchMs: Date.now() - t1 };
    console.log(`Chromium ${lastLaunch.version} (${lastLaunch.source}): ${SYSTEM_CHROMIUM ? '' : `unpacked in ${(lastLaunch.unpackMs / 1000).toFixed(1)} s, `}launched in ${(lastLaunch.launchMs / 1000).toFixed(1)} s`);
    // Removed as close() returns (the tests' afterAll awaits it), and on a crash or lost connection too.
    const close = browser.close.bind(browser);
    browser.close = async (...args: Parameters<Browser['close']>) => {
      try {
        await close(...args);
      } finally {
        cleanUp();
      }
    };
    browser.on('disconnected', () => {
      try {
        cleanUp();
      } catch {
        // close() removes it (and says so if it cannot); this is only for a browser that crashed or was lost.
      }
    });
    return browser;
  } catch (error) {
    cleanUp();
    throw error;
  }
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

/** Microsoft's office.js and the files it loads beside it, from the @microsoft/office-js npm package. */
export const OFFICE_JS_DIST = join(dirname(createRequire(import.meta.url).resolve('@microsoft/office-js/package.json')), 'dist');

/**
 * Serves Microsoft's real office.js (the @microsoft/office-js package) wherever the page asks for it on the CDN, and
 * the files office.js loads beside it (its strings, host scripts) from the same package: the pane as a browser meets
 * it outside Office, with Microsoft's code deciding there is no host. Production HTML is unchanged; only the request
 * is answered locally. Any other request off the page's own server is refused and recorded, so the test can prove
 * nothing went to the network. Returns the CDN paths that were served and the requests refused.
 */
export async function routeRealOffice(page: Page, pageOrigin: string): Promise<{ served: string[]; refused: string[] }> {
  const served: string[] = [];
  const refused: string[] = [];
  const cdn = new URL(OFFICE_JS);
  const base = cdn.href.slice(0, cdn.href.lastIndexOf('/') + 1);
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(pageOrigin)) return route.continue();
    if (url.startsWith(base)) {
      const rest = decodeURIComponent(new URL(url).pathname.slice(new URL(base).pathname.length));
      const file = normalize(join(OFFICE_JS_DIST, rest));
      if (file.startsWith(OFFICE_JS_DIST) && existsSync(file)) {
        served.push(rest);
        return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
      }
    }
    refused.push(url);
    return route.abort('blockedbyclient');
  });
  return { served, refused };
}

/** As routeStubOffice, with options for the fake host (e.g. an Office.onReady that answers late). */
export async function routeStubOfficeWith(page: Page, data: FakeWorkbookData, options: FakeOptions): Promise<void> {
  const script = `window.__JOBPLAN_WORKBOOK__ = ${JSON.stringify(data)};\nwindow.__JOBPLAN_FAKE_OPTIONS__ = ${JSON.stringify(options)};\n${await stubOfficeScript()}`;
  await page.route(OFFICE_JS, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: script }));
}

/** The parts of Office.context.officeTheme the pane reads (Office.OfficeTheme), for a stub host with a theme. */
export interface StubOfficeTheme {
  readonly bodyBackgroundColor: string;
  readonly bodyForegroundColor: string;
  readonly controlBackgroundColor: string;
  readonly controlForegroundColor: string;
  readonly isDarkTheme: boolean;
  readonly themeId?: string;
}

/** Office's Black theme, with colours as Excel on Windows gives a task pane in it. */
export const OFFICE_BLACK_THEME: StubOfficeTheme = {
  bodyBackgroundColor: '#262626', bodyForegroundColor: '#FFFFFF', controlBackgroundColor: '#363636', controlForegroundColor: '#F0F0F0', isDarkTheme: true, themeId: 'Black',
};

/** Office's Colorful theme (light). */
export const OFFICE_COLORFUL_THEME: StubOfficeTheme = {
  bodyBackgroundColor: '#FFFFFF', bodyForegroundColor: '#262626', controlBackgroundColor: '#FFFFFF', controlForegroundColor: '#262626', isDarkTheme: false, themeId: 'Colorful',
};

/** As routeStubOffice, with Office.context.officeTheme set to `theme` (the fake host itself gives none). */
export async function routeStubOfficeThemed(page: Page, data: FakeWorkbookData, theme: StubOfficeTheme): Promise<void> {
  const script = `window.__JOBPLAN_WORKBOOK__ = ${JSON.stringify(data)};\n${await stubOfficeScript()}\nwindow.Office.context.officeTheme = ${JSON.stringify(theme)};\n`;
  await page.route(OFFICE_JS, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: script }));
}

/** The browser and the pane's server an end-to-end file shares, started once for its tests. */
export interface PaneSession {
  /** The browser; throws what to do when the pane is not built or no Chromium can run (never a silent skip). */
  browser(): Browser;
  /** The address the built pane is served at. */
  url(): string;
}

/**
 * Starts the server and browser before a file's tests and closes both after them. A missing build or browser makes
 * every test fail with what to do (a failing beforeAll would only skip them).
 */
export function paneSession(outputDir: string): PaneSession {
  let browser: Browser | undefined;
  let server: { url: string; close: () => Promise<void> } | undefined;
  let missing: Error | null = null;
  beforeAll(async () => {
    try {
      checkPrerequisites();
    } catch (error) {
      missing = error as Error;
      return;
    }
    mkdirSync(outputDir, { recursive: true });
    server = await serveDist();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    browser: () => {
      if (missing) throw missing;
      return browser!;
    },
    url: () => server!.url,
  };
}
