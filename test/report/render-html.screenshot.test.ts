/// <reference lib="dom" />
/**
 * The committee report's HTML in headless Chromium (run `npm run build` first: the reports are written by the CLI),
 * at a 1400 px screen and at A4 print width, for each example register. Screenshots go to test-output/ for a person
 * to look at; the assertions are layout facts measured in the DOM, not pixels: no chart label runs out of its
 * chart, no two labels overlap (the 25% marker clear of the bar counts), no page wider than the window, and the
 * hours-only register says so instead of drawing empty charts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../addin/e2e/harness.js';
import { jobplan, root } from '../cli/run-cli.js';

const OUT = join(root, 'test-output');
const REGISTERS = ['register-cpft-2026', 'register-sbuhb-2026', 'register-nhse-ahp-2026'] as const;
/** A4 (210 mm) less the report's 12 mm print margins each side, at 96 CSS px to the inch. */
const A4_PRINT_WIDTH = Math.floor(((210 - 2 * 12) / 25.4) * 96);
const WIDTHS = [{ name: '1400', width: 1400, media: 'screen' }, { name: 'a4', width: A4_PRINT_WIDTH, media: 'print' }] as const;

const dir = mkdtempSync(join(tmpdir(), 'jobplan-report-html-'));
const html = new Map<string, string>();
let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  for (const name of REGISTERS) {
    const out = join(dir, `${name}.html`);
    const r = jobplan('report', `examples/${name}.xlsx`, '--today', '2026-11-23', '--out', out);
    if (r.status !== 0) throw new Error(`jobplan report ${name}: exit ${r.status}: ${r.stderr}`);
    html.set(name, readFileSync(out, 'utf8'));
  }
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Box { readonly svg: number; readonly text: string; readonly left: number; readonly right: number; readonly top: number; readonly bottom: number }
interface Layout {
  readonly boxes: Box[];
  readonly svgs: { left: number; right: number; top: number; bottom: number }[];
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly cspViolations: number;
}

/** Every SVG text's box (in page px), each SVG's box, and the page's width against the window's. */
async function layout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const svgs = [...document.querySelectorAll('svg')];
    const boxes = svgs.flatMap((svg, i) => [...svg.querySelectorAll('text')].map((t) => {
      const r = t.getBoundingClientRect();
      return { svg: i, text: t.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }));
    return {
      boxes,
      svgs: svgs.map((s) => {
        const r = s.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      }),
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      cspViolations: (window as unknown as { cspViolations?: number }).cspViolations ?? 0,
    };
  });
}

const overlap = (a: Box, b: Box): boolean => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

describe.each(REGISTERS)('the HTML report of %s, in Chromium', (name) => {
  describe.each(WIDTHS)('at $name', ({ name: size, width, media }) => {
    let page: Page;
    let measured: Layout;

    beforeAll(async () => {
      page = await browser.newPage({ viewport: { width, height: 1000 } });
      await page.emulateMedia({ media });
      await page.setContent(html.get(name)!, { waitUntil: 'load' });
      await page.screenshot({ path: join(OUT, `report-${name}-${size}.png`), fullPage: true });
      measured = await layout(page);
    }, 60_000);
    afterAll(async () => {
      await page?.close();
    });

    it('keeps every chart label inside its chart', () => {
      expect(measured.boxes.length).toBeGreaterThan(0);
      for (const b of measured.boxes) {
        const svg = measured.svgs[b.svg]!;
        expect(b.left, `"${b.text}" left edge`).toBeGreaterThanOrEqual(svg.left - 0.5);
        expect(b.right, `"${b.text}" right edge`).toBeLessThanOrEqual(svg.right + 0.5);
        expect(b.top, `"${b.text}" top`).toBeGreaterThanOrEqual(svg.top - 0.5);
        expect(b.bottom, `"${b.text}" bottom`).toBeLessThanOrEqual(svg.bottom + 0.5);
      }
    });

    it('lets no two labels overlap (the 25% marker clear of the bars\' counts)', () => {
      const clashes: string[] = [];
      measured.boxes.forEach((a, i) => measured.boxes.slice(i + 1).forEach((b) => {
        if (a.svg === b.svg && overlap(a, b)) clashes.push(`"${a.text}" / "${b.text}"`);
      }));
      expect(clashes).toEqual([]);
    });

    it('is no wider than the window', () => {
      expect(measured.scrollWidth).toBeLessThanOrEqual(measured.clientWidth);
    });
  });
});

describe('the hours-only register (Agenda for Change staff)', () => {
  it('says DCC:SPA and pay are not recorded for staff planned in hours, with no empty chart', () => {
    const page = html.get('register-nhse-ahp-2026')!;
    for (const id of ['h-spa', 'h-pay']) {
      const start = page.indexOf(`<section aria-labelledby="${id}">`);
      const section = page.slice(start, page.indexOf('</section>', start));
      expect(section, id).toContain('not recorded for staff planned in hours');
      expect(section, id).not.toContain('<svg');
    }
  });
});

describe('the Content-Security-Policy', () => {
  it('lets the page render with nothing blocked: inline styles and SVG only', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.setContent(html.get('register-sbuhb-2026')!, { waitUntil: 'load' });
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color);
    await page.close();
    expect(violations).toEqual([]);
    expect(styled).toBe('rgb(0, 94, 184)'); // NHS blue from the inline <style>: not blocked
  }, 60_000);
});
