/// <reference lib="dom" />
/**
 * The pane as Medical HR reads it, end to end at 320 px (the narrowest task pane Excel gives), in a stub Excel with
 * Office's theme and a US-English browser locale (where <input type=date> and toLocaleDateString would write
 * 09/01/2026 for 1 September):
 * - each finding headed by its rule's title in plain words, the rule id small beneath it;
 * - Explain in plain sentences, the condition trace behind a disclosure;
 * - the as-of date typed and checked as DD/MM/YYYY, and the dates the pane shows as DD/MM/YYYY;
 * - the stamp's whole sha256 wrapping inside 320 px, nothing wider than the pane;
 * - Office's Black theme followed, every text readable (4.5:1) on its ground.
 * Screenshots of each state go to test-output/pane-320-*.png.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { contrast } from '../../../src-addin/taskpane/theme.js';
import { workbookDataFromXlsx } from '../fake-excel/workbook-data.js';
import { OFFICE_BLACK_THEME, OFFICE_COLORFUL_THEME, paneSession, ROOT, routeStubOfficeThemed, type StubOfficeTheme, waitForResults } from './harness.js';

const TODAY = '2026-11-23';
const EXAMPLE = 'examples/breaks-signoff-late.xlsx';
const OUT = join(ROOT, 'test-output');
const SHA = 'c6f9e3e994ad0333ef05b2e1211dd8e9ca6f2b92225adb9c1b2d1409c6201828';
const PLAIN = 'The practitioner signed 29 days after the job plan meeting on 01/09/2026; the policy allows 28 days (§7.5).';

/** `rgb(38, 38, 38)` / `rgba(...)` as #rrggbb (alpha ignored: callers pass opaque colours). */
function hex(rgb: string): string {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(rgb);
  if (!m) throw new Error(`not a colour: ${rgb}`);
  return `#${[m[1], m[2], m[3]].map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;
}

describe('the pane at 320 px, as Medical HR reads it', () => {
  const session = paneSession(OUT);

  async function open(theme: StubOfficeTheme): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await session.browser().newContext({ viewport: { width: 320, height: 900 }, locale: 'en-US', timezoneId: 'America/New_York' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await routeStubOfficeThemed(page, await workbookDataFromXlsx(join(ROOT, EXAMPLE)), theme);
    await page.goto(`${session.url()}/taskpane.html?today=${TODAY}`);
    await page.waitForSelector('body[data-ready="true"]');
    return { context, page, errors };
  }

  /** Nothing on the page wider than the pane (no sideways scrolling at 320 px). */
  const pageWidth = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth);

  it('findings headed by the rule\'s title, Explain in plain sentences, the trace behind a disclosure, the sha256 wrapped', async () => {
    const { context, page, errors } = await open(OFFICE_COLORFUL_THEME);
    // The browser's locale is US English: its own date formatting would be month first.
    expect(await page.evaluate(() => new Date(2026, 8, 1).toLocaleDateString())).toBe('9/1/2026');
    await page.click('#validate');
    await waitForResults(page);

    const finding = page.locator('li.finding[data-rule="signoff.within-deadline"]');
    expect(await finding.locator('.finding-title').textContent()).toBe('Both parties sign within 28 days of the job plan meeting');
    expect(await finding.locator('.rule').textContent()).toBe('signoff.within-deadline');
    expect(await finding.locator('.clause').textContent()).toBe('§7.5');
    // The title comes first and is larger than the rule id, which is there for authors.
    const sizes = await finding.evaluate((li) => ({
      first: li.firstElementChild?.className,
      title: parseFloat(getComputedStyle(li.querySelector('.finding-title')!).fontSize),
      rule: parseFloat(getComputedStyle(li.querySelector('.rule')!).fontSize),
    }));
    expect(sizes.first).toBe('finding-title');
    expect(sizes.rule).toBeLessThan(sizes.title);

    // The stamp: the whole sha256, wrapped inside the pane; dates DD/MM/YYYY.
    const stamp = await page.textContent('#stamp');
    expect(stamp).toContain(`cpft-job-planning@2017-04-28 (ratified) sha256 ${SHA}`);
    expect(stamp).toContain('today 23/11/2026');
    const sha = await page.locator('#stamp .sha').first().evaluate((s) => ({ lines: s.getClientRects().length, right: s.getBoundingClientRect().right }));
    expect(sha.lines).toBeGreaterThan(1);
    expect(sha.right).toBeLessThanOrEqual(320);
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await page.screenshot({ path: join(OUT, 'pane-320-findings.png'), fullPage: true });

    // Explain: plain sentences first; the condition trace only when asked for.
    await finding.locator('button.explain').click();
    await page.waitForSelector('li.finding .explain-box .reasons li');
    expect(await finding.locator('.explain-box .outcome').textContent()).toBe('The plan does not meet this rule.');
    expect(await finding.locator('.explain-box .reasons li').allTextContents()).toEqual([PLAIN]);
    expect(await finding.locator('pre.explanation').isVisible()).toBe(false);
    await finding.locator('.explain-box').scrollIntoViewIfNeeded();
    await finding.screenshot({ path: join(OUT, 'pane-320-explain.png') });
    await finding.locator('details.trace > summary').click();
    expect(await finding.locator('pre.explanation').isVisible()).toBe(true);
    expect(await finding.locator('pre.explanation').textContent()).toContain('days_meeting_to_practitioner_signoff (29) > signoff_deadline_days (28)');
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await finding.screenshot({ path: join(OUT, 'pane-320-explain-trace.png') });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('the as-of date is typed as DD/MM/YYYY whatever the locale, a wrong one is said plainly, and versions show DD/MM/YYYY', async () => {
    const { context, page, errors } = await open(OFFICE_COLORFUL_THEME);
    expect(await page.getAttribute('#as-of', 'type')).toBe('text');
    expect(await page.getAttribute('#as-of', 'placeholder')).toBe('DD/MM/YYYY');
    const labels = await page.$$eval('#policy-picker option', (os) => os.map((o) => o.textContent ?? ''));
    expect(labels.find((l) => l.startsWith('2017-04-28'))).toMatch(/^2017-04-28 \(ratified; in force (from )?28\/04\/2017\b/);
    expect(labels.join(' ')).not.toMatch(/\d{4}-\d\d-\d\d\)/);

    // 31 April does not exist; in US order 04/31 would be read as 31 April too. Both are refused in plain words.
    await page.fill('#as-of', '31/04/2026');
    await page.press('#as-of', 'Tab');
    expect(await page.getAttribute('#as-of', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#as-of-error')).toBe('"31/04/2026" is not a date: enter it as DD/MM/YYYY, for example 01/04/2026.');
    await page.click('#validate');
    await page.waitForFunction(() => document.getElementById('status')?.dataset.tone === 'error');
    expect(await page.textContent('#status')).toContain('enter the as-of date as DD/MM/YYYY');
    await page.screenshot({ path: join(OUT, 'pane-320-as-of-invalid.png') });

    // 01/02/2018 is 1 February 2018 (not 2 January): the version in force then judges, and the stamp says so.
    await page.fill('#as-of', '01/02/2018');
    await page.press('#as-of', 'Tab');
    expect(await page.getAttribute('#as-of', 'aria-invalid')).toBe('false');
    expect(await page.textContent('#as-of-error')).toBe('');
    await page.click('#validate');
    await waitForResults(page);
    expect(await page.textContent('#stamp')).toContain('today 23/11/2026; as of 01/02/2018');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('follows Office\'s Black theme: the pane dark, every text readable on its ground', async () => {
    const { context, page, errors } = await open(OFFICE_BLACK_THEME);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.click('#validate');
    await waitForResults(page);
    await page.locator('li.finding[data-rule="signoff.within-deadline"] button.explain').click();
    await page.waitForSelector('li.finding .explain-box .reasons li');
    await page.click('#what-was-read > summary');
    // Office's own colours on the page.
    expect(hex(await page.evaluate(() => getComputedStyle(document.body).backgroundColor))).toBe('#262626');
    expect(hex(await page.evaluate(() => getComputedStyle(document.querySelector('.card')!).backgroundColor))).toBe('#363636');
    // Each text against the colour actually behind it (the nearest ancestor with a background).
    const pairs = await page.evaluate(() => {
      const ground = (el: Element | null): string => {
        for (let e = el; e; e = e.parentElement) {
          const bg = getComputedStyle(e).backgroundColor;
          if (bg && bg !== 'transparent' && !bg.startsWith('rgba(0, 0, 0, 0)')) return bg;
        }
        return 'rgb(255, 255, 255)';
      };
      const selectors = ['h1', '#mode-line', 'label[for="policy-picker"]', '#as-of-hint', '#status', '#summary', '.severity-group.error h3', '.finding-title', '.rule-line', '.finding .message', '.finding .meta',
        'button.cell', '.explain-box .outcome', '.explain-box .reasons li', '.explain-box details.trace > summary', '#stamp p', '#stamp .sha', '#what-was-read > summary', '.reading-fields th', '.reading-fields .value', '.reading .not-found', '#validate', '#write-results'];
      return selectors.map((s) => {
        const el = document.querySelector(s);
        return el ? { s, fg: getComputedStyle(el).color, bg: ground(el) } : { s, fg: '', bg: '' };
      });
    });
    for (const p of pairs) {
      expect(p.fg, `${p.s} is on the page`).not.toBe('');
      expect(contrast(hex(p.fg), hex(p.bg)), `${p.s}: ${p.fg} on ${p.bg}`).toBeGreaterThanOrEqual(4.5);
    }
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await page.screenshot({ path: join(OUT, 'pane-320-dark.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
