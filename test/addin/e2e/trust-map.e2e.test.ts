/// <reference lib="dom" />
/**
 * End to end, a Trust's own layout: the built task pane (dist-addin/) in headless Chromium, 320 px wide (the width
 * Excel opens a task pane at), on examples/trusts/bma-style-consultant.xlsx, a consultant job plan laid out like the
 * NHS Employers / BMA model, nothing like jobplan's template.
 *
 * - With no map loaded the pane must say, in red, that no job plan could be read and what to do, in its own words
 *   (never "No findings", never a command-line flag).
 * - The Trust's map (test/fixtures/maps/bma-style-consultant.yaml, written by hand) loaded with "Load a map file…"
 *   (a broken one first: line and column) is used for the workbook and remembered in its document settings
 *   (Office.context.document.settings, modelled on the stub host); the findings are the answer key's `expect_fire`
 *   and the CLI's with `--map`; the stamp names the map; "What was read" lists the fields with their cells and a
 *   click on a cell selects it in Excel. The workbook opened again uses the remembered map; "Forget this map" forgets.
 * - Outside Excel the map is kept for the session, loaded from the red message's own "Load a map file…".
 * Screenshots of each state go to test-output/ (trust-map-*.png).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runValidation } from '../../../src-engine/cli/run-validation.js';
import type { EvaluationReport } from '../../../src-engine/index.js';
import type { FakeExcelState, FakeWorkbookData } from '../fake-excel/fake-excel.js';
import { workbookDataFromXlsx } from '../fake-excel/workbook-data.js';
import { OFFICE_JS, type PaneFinding, paneFindings, paneSession, ROOT, routeNoOffice, stubOfficeScript, waitForResults } from './harness.js';

const TODAY = '2026-11-23';
const WORKBOOK = 'examples/trusts/bma-style-consultant.xlsx';
const MAP = 'test/fixtures/maps/bma-style-consultant.yaml';
const MAP_TEXT = readFileSync(join(ROOT, MAP), 'utf8');
const OUT = join(ROOT, 'test-output');
const truth = JSON.parse(readFileSync(join(ROOT, `${WORKBOOK}.truth.json`), 'utf8')) as {
  fields: Record<string, { cell: string; value: unknown }>;
  expect_fire: string[];
};
/**
 * The fields whose label is a merged range (A11:B11 "Job plan effective from:", A12:B12, and the PA summary's
 * A24:B24 to A27:B27), value in C. The add-in's Excel reader does not read merged ranges (Office.js has no merged
 * areas before ExcelApi 1.13), so inside Excel these are read from the blank cell beside the label (B11 ...): "What
 * was read" shows them empty there. They are checked outside Excel, where exceljs gives the merges. The findings are
 * the same either way (the timetable gives the PAs; the meeting date chooses the same policy version).
 */
const MERGED_LABEL_FIELDS = new Set(['start_date', 'contract_start_date', 'declared_dcc_pas', 'declared_spa_pas', 'declared_anr_pas', 'declared_ed_pas']);

type Settings = Record<string, unknown>;
interface Host {
  __fakeExcel: FakeExcelState;
  __officeSettings: { saved: Settings; saves: number };
}

/**
 * The stub Excel host (the strict fake) with the Office.Settings of the workbook: a property bag the add-in reads
 * with get, changes with set/remove and writes into the document with saveAsync; `saved` is what the document holds.
 */
async function routeStubOfficeWithSettings(page: Page, data: FakeWorkbookData, saved: Settings = {}): Promise<void> {
  const settings = `(function () {
  var saved = ${JSON.stringify(saved)};
  var bag = JSON.parse(JSON.stringify(saved));
  var host = { saved: saved, saves: 0 };
  window.__officeSettings = host;
  Office.context.document.settings = {
    get: function (name) { return Object.prototype.hasOwnProperty.call(bag, name) ? bag[name] : null; },
    set: function (name, value) { bag[name] = JSON.parse(JSON.stringify(value)); },
    remove: function (name) { delete bag[name]; },
    saveAsync: function (options, callback) {
      if (typeof options === 'function') callback = options;
      host.saved = JSON.parse(JSON.stringify(bag));
      host.saves += 1;
      if (callback) setTimeout(function () { callback({ status: 'succeeded', value: undefined }); }, 0);
    },
  };
})();`;
  const script = `window.__JOBPLAN_WORKBOOK__ = ${JSON.stringify(data)};\n${await stubOfficeScript()}\n${settings}`;
  await page.route(OFFICE_JS, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: script }));
}

function cliFindings(report: EvaluationReport): PaneFinding[] {
  return report.plans.flatMap((p) => p.findings.map((f) => ({ ruleId: f.ruleId, cells: f.cells.map((c) => `${c.sheet}!${c.cell}`) })));
}
const sorted = (list: readonly PaneFinding[]): string[] => list.map((f) => `${f.ruleId} @ ${f.cells.join(', ')}`).sort();

/** Waits for a validation newer than `before` to be shown, whatever its outcome (an error is a result here). */
async function waitForValidation(page: Page, before: string): Promise<void> {
  await page.waitForFunction((b) => {
    const status = document.getElementById('status');
    return (document.getElementById('results')?.dataset.evaluatedAt ?? '') !== b && status?.dataset.tone !== 'busy';
  }, before, { timeout: 60_000 });
}
const evaluatedAt = (page: Page): Promise<string> => page.$eval('#results', (r) => (r as HTMLElement).dataset.evaluatedAt ?? '');

/** "What was read": each field row → its value and cell (sheet!cell of its button). */
async function fieldsRead(page: Page): Promise<Map<string, { value: string; cell: string }>> {
  const rows = await page.$$eval('#reading tr[data-field]', (trs) => trs.map((tr) => {
    const button = tr.querySelector('button.cell');
    return [tr.getAttribute('data-field') ?? '', { value: tr.querySelector('.value')?.textContent ?? '', cell: button ? `${button.getAttribute('data-sheet')}!${button.getAttribute('data-cell')}` : '' }] as const;
  }));
  return new Map(rows);
}

const truthCell = (cell: string): string => cell.replace(/^'(.*)'!/, '$1!');

describe('the task pane on a Trust\'s own layout, in headless Chromium', () => {
  const session = paneSession(OUT);
  let data: FakeWorkbookData;
  let cli: EvaluationReport;
  const pageUrl = (): string => `${session.url()}/taskpane.html?today=${TODAY}`;
  beforeAll(async () => {
    data = await workbookDataFromXlsx(join(ROOT, WORKBOOK));
    cli = await runValidation({ paths: [join(ROOT, WORKBOOK)], today: TODAY, asOf: null, policy: null, map: join(ROOT, MAP) });
  }, 120_000);

  async function newPage(): Promise<Page & { jsErrors: string[] }> {
    const page = (await session.browser().newPage({ viewport: { width: 320, height: 900 } })) as Page & { jsErrors: string[] };
    page.jsErrors = [];
    page.on('pageerror', (e) => page.jsErrors.push(e.message));
    return page;
  }

  async function openInExcel(saved: Settings = {}): Promise<Page & { jsErrors: string[] }> {
    const page = await newPage();
    await routeStubOfficeWithSettings(page, data, saved);
    await page.goto(pageUrl());
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.isVisible('#excel-tools')).toBe(true);
    return page;
  }

  it('with no map: a red "no job plan could be read" and what to do in the pane\'s words, never "no findings"', async () => {
    const page = await openInExcel();
    const before = await evaluatedAt(page);
    await page.click('#validate');
    await waitForValidation(page, before);
    expect(await page.$eval('#status', (s) => (s as HTMLElement).dataset.tone)).toBe('error');
    expect(await page.textContent('#status')).toBe('No job plan could be read from bma-style-consultant.xlsx, so nothing was checked. See below for what to do.');
    expect(await page.textContent('#summary')).toBe('No job plan could be read from this workbook, so nothing was checked.');
    expect(await page.textContent('#map-used')).toBe("No job plan was read with any of the add-in's 2 maps.");
    expect(await page.isVisible('#no-plan')).toBe(true);
    const advice = (await page.textContent('#no-plan')) ?? '';
    expect(advice).toContain('Load a map file…');
    expect(advice).toContain('register template');
    expect(await page.$('p.clean')).toBeNull();
    const pane = (await page.textContent('main')) ?? '';
    expect(pane).not.toContain('No findings');
    expect(pane).not.toMatch(/--[a-z]/);
    expect(pane).not.toContain('jobplan map suggest');
    expect(await page.$eval('#no-plan', (e) => getComputedStyle(e).color)).toBe('rgb(197, 15, 31)');
    await page.screenshot({ path: join(OUT, 'trust-map-no-plan.png'), fullPage: true });
    expect(page.jsErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it('inside Excel: a Trust map loaded with "Load a map file…" reads and judges the plan, is remembered for the workbook and can be forgotten', async () => {
    const page = await openInExcel();
    // A map with a mistake: its problems with line and column, as a draft policy's; nothing remembered.
    await page.setInputFiles('#map-input', { name: 'broken.yaml', mimeType: 'text/yaml', buffer: Buffer.from('map: trust\nversion: 1\nsheets:\n  - sheet: Job Plan\n    kind: fields\n    fields: { practitioner_nam: [Name] }\n') });
    await page.waitForFunction(() => (document.getElementById('map-problems')?.children.length ?? 0) > 0);
    expect(await page.textContent('#map-problems li')).toMatch(/^Line 6, column \d+: /);
    expect(await page.$eval('#status', (s) => (s as HTMLElement).dataset.tone)).toBe('error');
    expect(await page.evaluate(() => (window as unknown as Host).__officeSettings.saves)).toBe(0);

    await page.setInputFiles('#map-input', join(ROOT, MAP));
    await page.waitForFunction(() => (document.getElementById('map-line')?.textContent ?? '').startsWith("Map 'bma-style-consultant' loaded"));
    expect(await page.textContent('#map-line')).toMatch(/remembered for this workbook\.$/);
    expect(await page.isVisible('#forget-map')).toBe(true);
    expect(await page.$$('#map-problems li')).toHaveLength(0);
    const saved = await page.evaluate(() => (window as unknown as Host).__officeSettings.saved);
    expect(saved['jobplan.map']).toEqual({ name: 'bma-style-consultant.yaml', text: MAP_TEXT });

    await page.click('#validate');
    await waitForResults(page);
    const shown = await paneFindings(page);
    expect([...new Set(shown.map((f) => f.ruleId))].sort()).toEqual([...truth.expect_fire].sort());
    expect(sorted(shown)).toEqual(sorted(cliFindings(cli)));
    expect(await page.textContent('#summary')).toBe('1 plan checked: 0 clean (1 error, 1 warning, 0 notes).');
    const stamp = (await page.textContent('#stamp')) ?? '';
    expect(stamp).toContain("Read with the map 'bma-style-consultant' loaded from bma-style-consultant.yaml (sha256 ");
    expect(stamp).toContain('cpft-job-planning@2017-04-28');
    expect(stamp).toContain('today 23/11/2026');
    expect(await page.textContent('#map-used')).toMatch(/^Read with the map 'bma-style-consultant' loaded from bma-style-consultant\.yaml/);

    // What was read: every field of the answer key with its cell (the merged labels' two apart: see above).
    await page.click('#what-was-read > summary');
    expect(await page.textContent('#reading-summary')).toMatch(/^Read with the map 'bma-style-consultant': 1 plan, 29 fields found, 2 tables, /);
    const read = await fieldsRead(page);
    for (const [field, expected] of Object.entries(truth.fields)) {
      if (MERGED_LABEL_FIELDS.has(field)) continue;
      expect(read.get(field)?.cell, field).toBe(truthCell(expected.cell));
    }
    expect(read.get('practitioner_name')?.value).toBe('Dr Samuel Jones');
    expect(read.get('meeting_date')?.value).toBe('22/04/2026');
    expect(await page.$$eval('#reading ol[data-list="activities"] li', (li) => li.length)).toBe(7);
    expect(await page.$$eval('#reading ol[data-list="objectives"] li', (li) => li.length)).toBe(4);
    // A cell in "What was read" goes to the cell, as a finding's does.
    await page.click('#reading tr[data-field="meeting_date"] button.cell');
    await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '') === "Selected 'Job Plan'!B10.");
    expect(await page.evaluate(() => (window as unknown as Host).__fakeExcel.selected)).toEqual({ sheet: 'Job Plan', address: 'B10' });
    await page.screenshot({ path: join(OUT, 'trust-map-excel.png'), fullPage: true });
    expect(page.jsErrors).toEqual([]);
    await page.close();

    // The workbook opened again (its settings as saved): the map is used without loading it again.
    const again = await openInExcel(saved);
    await again.waitForFunction(() => (document.getElementById('map-line')?.textContent ?? '').startsWith("Map 'bma-style-consultant' loaded"));
    expect(await again.textContent('#status')).toMatch(/read with the map 'bma-style-consultant' remembered for this workbook/);
    await again.click('#validate');
    await waitForResults(again);
    expect(sorted(await paneFindings(again))).toEqual(sorted(cliFindings(cli)));

    // "Forget this map": gone from the workbook's settings; the workbook is again one the pane cannot read.
    await again.click('#forget-map');
    await again.waitForFunction(() => (document.getElementById('map-line')?.textContent ?? '').startsWith('No map loaded'));
    expect(await again.evaluate(() => (window as unknown as Host).__officeSettings.saved)).toEqual({});
    const before = await evaluatedAt(again);
    await again.click('#validate');
    await waitForValidation(again, before);
    expect(await again.$eval('#status', (s) => (s as HTMLElement).dataset.tone)).toBe('error');
    expect(await again.isVisible('#no-plan')).toBe(true);
    expect(again.jsErrors).toEqual([]);
    await again.close();
  }, 120_000);

  it('outside Excel: the map loaded from the red message is used for the chosen file, kept for the session, and "What was read" lists every field with its cell', async () => {
    const page = await newPage();
    await routeNoOffice(page);
    await page.goto(pageUrl());
    await page.waitForSelector('body[data-ready="true"]');
    let before = await evaluatedAt(page);
    await page.setInputFiles('#xlsx-input', join(ROOT, WORKBOOK));
    await waitForValidation(page, before);
    expect(await page.$eval('#status', (s) => (s as HTMLElement).dataset.tone)).toBe('error');
    expect(await page.isVisible('#no-plan')).toBe(true);
    await page.screenshot({ path: join(OUT, 'trust-map-browser-no-plan.png'), fullPage: false });

    // "Load a map file…" in the red message: the file is read again with it at once.
    before = await evaluatedAt(page);
    await page.setInputFiles('#no-plan-map-input', join(ROOT, MAP));
    await waitForValidation(page, before);
    await waitForResults(page);
    expect(await page.textContent('#map-line')).toMatch(/kept for this session\.$/);
    expect(sorted(await paneFindings(page))).toEqual(sorted(cliFindings(cli)));
    expect(await page.isVisible('#no-plan')).toBe(false);
    await page.click('#what-was-read > summary');
    const read = await fieldsRead(page);
    expect(read.size).toBe(Object.keys(truth.fields).length);
    for (const [field, expected] of Object.entries(truth.fields)) expect(read.get(field)?.cell, field).toBe(truthCell(expected.cell));
    expect(read.get('start_date')?.value).toBe('01/06/2026');
    // No selection outside Excel: the pane says where the cell is.
    await page.click('#reading tr[data-field="start_date"] button.cell');
    expect(await page.textContent('#status')).toBe("The cell is 'Job Plan'!C11 in bma-style-consultant.xlsx (open the workbook in Excel to go to it).");
    await page.screenshot({ path: join(OUT, 'trust-map-browser.png'), fullPage: true });

    // A map whose statements sheet this workbook lacks: the rules that need the statements are "not judged", listed
    // apart (never among passes, never "No findings"), with why.
    const statementsElsewhere = MAP_TEXT
      .replace(/ {6}(external_duties_statement|private_practice_statement|managerial_responsibilities|supporting_resources):.*\n/g, '')
      .replace(/\n {2}- sheet: Job Plan\n {4}kind: grid/, '\n  - sheet: Other information\n    kind: fields\n    fields:\n      private_practice_statement: [Private practice]\n      external_duties_statement: [External duties]\n      managerial_responsibilities: [Managerial responsibilities]\n      supporting_resources: [Supporting resources]\n\n  - sheet: Job Plan\n    kind: grid');
    before = await evaluatedAt(page);
    await page.setInputFiles('#map-input', { name: 'statements-elsewhere.yaml', mimeType: 'text/yaml', buffer: Buffer.from(statementsElsewhere) });
    await waitForValidation(page, before);
    await waitForResults(page);
    const notJudged = await page.$$eval('#not-judged li[data-not-judged="true"]', (li) => li.map((x) => x.getAttribute('data-rule')));
    expect(notJudged).toContain('private-practice.statement');
    expect(await page.textContent('#not-judged h3')).toMatch(/^\d+ rules? not judged$/);
    expect(await page.textContent('#not-judged li[data-rule="private-practice.statement"]')).toMatch(/Not judged: .* could not be checked, because the workbook has no 'Other information' sheet/);
    expect(await page.textContent('#summary')).toMatch(/rules? not judged\)\.$/);
    expect(await page.$$eval('#finding-groups li.finding', (li) => li.map((x) => x.getAttribute('data-rule')))).not.toContain('private-practice.statement');
    expect(await page.$('p.clean')).toBeNull();
    await (await page.$('#results'))!.screenshot({ path: join(OUT, 'trust-map-not-judged.png') });
    expect(page.jsErrors).toEqual([]);
    await page.close();
  }, 120_000);
});
