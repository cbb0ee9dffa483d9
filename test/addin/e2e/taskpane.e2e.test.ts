/// <reference lib="dom" />
/**
 * End to end: the built task pane (dist-addin/) in headless Debian chromium, once inside a stub Excel (the strict
 * fake, served in place of office.js, holding an example workbook) and once outside Excel (office.js unreachable, the
 * .xlsx chosen with the file input). Either way the pane must list exactly the findings `jobplan validate` reports
 * for the same workbook on the same day; inside Excel a click on a cell selects it and the results sheet is written.
 * It also times the pane on a 1,000-plan register (printed, not asserted).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { syntheticRegisterRow } from '../../../scripts/bench.js';
import { seededRandom } from '../../../scripts/synthetic-plans.js';
import { runValidation } from '../../../src-engine/cli/run-validation.js';
import { MEDICAL_REGISTER_COLUMNS, writeRegisterWorkbook } from '../../../src-engine/node/write-register-workbook.js';
import type { EvaluationReport } from '../../../src-engine/index.js';
import type { FakeExcelState } from '../fake-excel/fake-excel.js';
import { workbookDataFromXlsx } from '../fake-excel/workbook-data.js';
import { type PaneFinding, paneFindings, paneSession, ROOT, routeNoOffice, routeStubOffice, waitForResults } from './harness.js';

const TODAY = '2026-11-23';
const EXAMPLE = 'examples/breaks-signoff-late.xlsx';
const REGISTER = 'examples/register-cpft-2026.xlsx';
const OUT = join(ROOT, 'test-output');

/** The CLI's findings (plan and register rules) as the pane lists them: rule id and sheet!cell. */
function cliFindings(report: EvaluationReport): PaneFinding[] {
  const plan = report.plans.flatMap((p) => p.findings.map((f) => ({ ruleId: f.ruleId, cells: f.cells.map((c) => `${c.sheet}!${c.cell}`) })));
  const groups = report.groups.map((g) => ({ ruleId: g.ruleId, cells: g.cells.map((c) => `${c.sheet}!${c.cell}`) }));
  return [...plan, ...groups];
}

const key = (f: PaneFinding): string => `${f.ruleId} @ ${f.cells.join(', ')}`;
const sorted = (list: readonly PaneFinding[]): string[] => list.map(key).sort();

async function cli(path: string): Promise<EvaluationReport> {
  return runValidation({ paths: [resolve(ROOT, path)], today: TODAY, asOf: null, policy: null });
}

describe('the task pane in headless Chromium', () => {
  const session = paneSession(OUT);
  const pageUrl = (query = ''): string => `${session.url()}/taskpane.html?today=${TODAY}${query}`;

  async function newPage(): Promise<Page> {
    // 320 px: the narrowest task pane Excel gives an add-in.
    const page = await session.browser().newPage({ viewport: { width: 320, height: 1100 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The pages' Content-Security-Policy must not block anything the pane itself (or office.js) needs.
    page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) errors.push(m.text()); });
    (page as Page & { jsErrors?: string[] }).jsErrors = errors;
    return page;
  }

  it('inside Excel: lists the CLI\'s findings, selects a finding\'s cell, explains it and writes the results sheet', async () => {
    const page = await newPage();
    await routeStubOffice(page, await workbookDataFromXlsx(join(ROOT, EXAMPLE)));
    await page.goto(pageUrl());
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.isVisible('#file-section')).toBe(false);
    expect(await page.isVisible('#excel-tools')).toBe(true);
    // The picker defaults to "by plan date" and lists every shipped version, the illustrative one labelled.
    expect(await page.$eval('#policy-picker', (s) => (s as HTMLSelectElement).value)).toBe('');
    const labels = await page.$$eval('#policy-picker option', (os) => os.map((o) => o.textContent ?? ''));
    expect(labels.some((l) => l.startsWith('2022-11-01') && l.includes('ILLUSTRATIVE'))).toBe(true);

    await page.click('#validate');
    await waitForResults(page);
    const expected = cliFindings(await cli(EXAMPLE));
    expect(expected.length).toBeGreaterThan(0);
    const shown = await paneFindings(page);
    expect(sorted(shown)).toEqual(sorted(expected));
    // The stamp names the version and its hash, as the CLI's report does.
    const stamp = await page.textContent('#stamp');
    expect(stamp).toContain('cpft-job-planning@2017-04-28');
    expect(stamp).toContain('c6f9e3e994ad');
    expect(stamp).toContain('today 23/11/2026');

    // Click a finding's second cell ('Sign-off'!B4): Excel switches sheet and selects it.
    const target = expected[0]!.cells[expected[0]!.cells.length - 1]!;
    const [sheet, cell] = [target.slice(0, target.lastIndexOf('!')), target.slice(target.lastIndexOf('!') + 1)];
    await page.click(`button.cell[data-sheet="${sheet}"][data-cell="${cell}"]`);
    await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '').startsWith('Selected'));
    const selected = await page.evaluate(() => (window as unknown as { __fakeExcel: FakeExcelState }).__fakeExcel.selected);
    expect(selected).toEqual({ sheet, address: cell });
    // Keyboard: Enter on a focused cell button selects too.
    const first = expected[0]!.cells[0]!;
    await page.focus(`button.cell[data-sheet="${first.slice(0, first.lastIndexOf('!'))}"][data-cell="${first.slice(first.lastIndexOf('!') + 1)}"]`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((c) => (document.getElementById('status')?.textContent ?? '') === `Selected ${c}.`, first);

    // Explain: in plain sentences, and behind a disclosure the conditions with the values seen, the parameters, the clause.
    await page.click('li.finding button.explain');
    await page.waitForSelector('li.finding .explain-box .reasons');
    await page.click('li.finding .explain-box details.trace > summary');
    const explanation = await page.waitForSelector('pre.explanation');
    const text = (await explanation.textContent()) ?? '';
    expect(text).toContain(`Rule ${expected[0]!.ruleId}`);
    expect(text).toContain('Parameters of this version');
    expect(text).toContain('Facts seen');

    await page.click('#write-results');
    await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '').startsWith('Results written'));
    const state = await page.evaluate(() => {
      const s = (window as unknown as { __fakeExcel: FakeExcelState }).__fakeExcel;
      return { writes: s.writes, properties: [...s.customProperties.entries()], sheets: s.sheets.map((x) => x.name) };
    });
    expect(state.sheets).toContain('jobplan results');
    expect(state.writes.some((w) => w.sheet === 'jobplan results' && w.textFormat)).toBe(true);
    expect(state.properties.length).toBeGreaterThan(0);

    await page.screenshot({ path: join(OUT, 'taskpane.png'), fullPage: true });
    expect((page as Page & { jsErrors?: string[] }).jsErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it('outside Excel (office.js unreachable): reads the chosen .xlsx in the browser and lists the CLI\'s findings', async () => {
    const page = await newPage();
    await routeNoOffice(page);
    await page.goto(pageUrl());
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.isVisible('#file-section')).toBe(true);
    expect(await page.textContent('#file-heading')).toBe('Choose an .xlsx file');
    for (const example of [EXAMPLE, REGISTER]) {
      const before = await page.$eval('#results', (r) => (r as HTMLElement).dataset.evaluatedAt ?? '');
      await page.setInputFiles('#xlsx-input', join(ROOT, example));
      await page.waitForFunction((b) => (document.getElementById('results')?.dataset.evaluatedAt ?? '') !== b, before, { timeout: 60_000 });
      await waitForResults(page);
      expect(sorted(await paneFindings(page)), example).toEqual(sorted(cliFindings(await cli(example))));
    }
    // The chosen file is stamped with the sha256 of its bytes, as the CLI stamps its inputs.
    const fileHash = createHash('sha256').update(readFileSync(join(ROOT, REGISTER))).digest('hex');
    expect(await page.textContent('#stamp')).toContain(`register-cpft-2026.xlsx sha256 ${fileHash.slice(0, 12)}`);
    // No selection outside Excel: the pane says where the cell is.
    await page.click('button.cell');
    expect(await page.textContent('#status')).toMatch(/^The cell is .+ in register-cpft-2026\.xlsx/);
    await page.screenshot({ path: join(OUT, 'taskpane-browser.png'), fullPage: false });
    expect((page as Page & { jsErrors?: string[] }).jsErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it('a draft policy file with mistakes is reported with line and column; a good one judges and is labelled DRAFT', async () => {
    const page = await newPage();
    await routeNoOffice(page);
    await page.goto(pageUrl());
    await page.waitForSelector('body[data-ready="true"]');
    await page.setInputFiles('#draft-input', { name: 'draft.yaml', mimeType: 'text/yaml', buffer: Buffer.from('policy: x\nversion: "2030-01-01"\nrules: [\n') });
    await page.waitForFunction(() => (document.getElementById('draft-problems')?.children.length ?? 0) > 0);
    expect(await page.textContent('#draft-problems')).toMatch(/Line \d+, column \d+: /);
    expect(await page.$eval('#status', (s) => (s as HTMLElement).dataset.tone)).toBe('error');

    // A good draft (the 2017 policy as a 2027 draft allowing 30 days) is chosen, judges the plan, and says DRAFT.
    const draft = readFileSync(join(ROOT, 'policies/cpft-job-planning/2017-04-28.yaml'), 'utf8')
      .replace(/^version: .*$/m, 'version: "2027-04-01"').replace(/^status: .*$/m, 'status: draft').replace(/^effective_from: .*$/m, 'effective_from: 2027-04-01')
      .replace(/^review_by: .*$/m, 'review_by: 2030-04-01').replace(/signoff_deadline_days: \{ value: 28/, 'signoff_deadline_days: { value: 30');
    await page.setInputFiles('#draft-input', { name: '2027-04-01.yaml', mimeType: 'text/yaml', buffer: Buffer.from(draft) });
    await page.waitForFunction(() => (document.getElementById('draft-line')?.textContent ?? '').startsWith('DRAFT'));
    expect(await page.$eval('#policy-picker', (s) => (s as HTMLSelectElement).value)).toBe('draft');
    await page.setInputFiles('#xlsx-input', join(ROOT, EXAMPLE));
    await waitForResults(page);
    expect(await page.textContent('#stamp')).toContain('cpft-job-planning@2027-04-01 (DRAFT');
    expect((await paneFindings(page)).map((f) => f.ruleId)).not.toContain('signoff.within-deadline');
    await page.close();
  }, 60_000);

  it('measures the time to validate a 1,000-plan register, and the longest main-thread stall at 5,000 (printed, not asserted)', async () => {
    const work = mkdtempSync(join(tmpdir(), 'jobplan-e2e-'));
    try {
      const register = async (size: number): Promise<string> => {
        const file = join(work, `register-${size}.xlsx`);
        const random = seededRandom(1234);
        await writeRegisterWorkbook((function* () {
          for (let i = 0; i < size; i++) yield syntheticRegisterRow(random, i);
        })(), file, { columns: MEDICAL_REGISTER_COLUMNS, title: `Synthetic register of ${size} job plans`, guidance: false });
        return file;
      };
      const lines: string[] = [];
      const time = async (label: string, page: Page, expected: PaneFinding[], start: () => Promise<void>): Promise<void> => {
        // The longest task on the pane's own thread while it validates (Excel restarts an add-in stuck for 5 s).
        await page.evaluate(() => {
          const w = window as unknown as { __longest: number };
          w.__longest = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
          }).observe({ type: 'longtask' });
        });
        const t0 = Date.now();
        await start();
        await waitForResults(page);
        const wall = Date.now() - t0;
        const engine = Number(await page.$eval('#results', (r) => (r as HTMLElement).dataset.elapsedMs));
        const longest = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
        expect(sorted(await paneFindings(page)), label).toEqual(sorted(expected));
        lines.push(`${label}: ${(wall / 1000).toFixed(2)} s from the click to the findings shown (engine ${(engine / 1000).toFixed(2)} s; longest main-thread task ${(longest / 1000).toFixed(2)} s), ${expected.length} findings`);
      };

      for (const size of [1000, 5000]) {
        const file = await register(size);
        const expected = cliFindings(await cli(file));
        const excel = await newPage();
        await routeStubOffice(excel, await workbookDataFromXlsx(file));
        await excel.goto(pageUrl());
        await excel.waitForSelector('body[data-ready="true"]');
        await time(`${size} plans, inside Excel (stub host), worker`, excel, expected, () => excel.click('#validate'));
        await excel.close();
        if (size > 1000) continue;
        for (const [label, query] of [['outside Excel, .xlsx read and judged in the worker', ''], ['outside Excel, no Worker (chunked on the page)', '&worker=off']] as const) {
          const page = await newPage();
          await routeNoOffice(page);
          await page.goto(pageUrl(query));
          await page.waitForSelector('body[data-ready="true"]');
          await time(`${size} plans, ${label}`, page, expected, () => page.setInputFiles('#xlsx-input', file));
          await page.close();
        }
      }
      console.log(`Task pane timings, headless Chromium:\n  ${lines.join('\n  ')}`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 300_000);
});
