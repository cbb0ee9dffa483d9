/// <reference lib="dom" />
/**
 * End to end: "Impact of a draft" in the built task pane (dist-addin/) inside the stub Excel holding the example CPFT
 * register. The illustrative 2022 version against the version in force lists the plans `jobplan policy impact` lists;
 * a plan's cell button selects its row in Excel; a draft file loaded is offered as "To" by itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { policyImpact } from '../../../src-engine/policy/impact.js';
import { loadPolicy } from '../../../src-engine/policy/load-policy.js';
import { sha256Hex } from '../../../src-engine/policy/hash.js';
import { loadWorkbookMap, readPlans } from '../../../src-engine/node/read-plans.js';
import type { PlanInput } from '../../../src-engine/evaluate/evaluate.js';
import type { FakeExcelState } from '../fake-excel/fake-excel.js';
import { workbookDataFromXlsx } from '../fake-excel/workbook-data.js';
import { paneSession, ROOT, routeStubOffice } from './harness.js';

const TODAY = '2026-11-23';
const REGISTER = 'examples/register-cpft-2026.xlsx';
const OUT = join(ROOT, 'test-output');

function policy(path: string) {
  const text = readFileSync(join(ROOT, path), 'utf8');
  return loadPolicy({ path, text, sha256: sha256Hex(new TextEncoder().encode(text)) }).policy!;
}

async function cliChanged(): Promise<string[]> {
  const read = (await readPlans([join(ROOT, REGISTER)], loadWorkbookMap(join(ROOT, 'workbook-maps', 'jobplan-template.yaml')).map!)) as unknown as { plans: PlanInput[] };
  const impact = await policyImpact(read.plans, policy('policies/cpft-job-planning/2017-04-28.yaml'), policy('policies/cpft-job-planning/2022-11-01.yaml'), { today: TODAY });
  return impact.changedPlans.map((p) => p.ref);
}

describe('impact of a draft in the task pane (headless Chromium)', () => {
  const session = paneSession(OUT);

  it('lists the plans the CLI lists, goes to a plan\'s row, and offers a loaded draft as "To"', async () => {
    const page: Page = await session.browser().newPage({ viewport: { width: 320, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) errors.push(m.text()); });
    await routeStubOffice(page, await workbookDataFromXlsx(join(ROOT, REGISTER)));
    await page.goto(`${session.url()}/taskpane.html?today=${TODAY}`);
    await page.waitForSelector('body[data-ready="true"]');
    // Without a draft: the version in force today → the newest other version.
    expect(await page.$eval('#impact-from', (s) => (s as HTMLSelectElement).value)).toBe('cpft-job-planning@2017-04-28');
    await page.selectOption('#impact-to', 'cpft-job-planning@2022-11-01');
    await page.click('#impact-run');
    await page.waitForFunction(() => (document.getElementById('impact-status')?.dataset.tone ?? '') === 'ok' || (document.getElementById('impact-status')?.dataset.tone ?? '') === 'error', undefined, { timeout: 120_000 });
    expect(await page.textContent('#impact-status')).toMatch(/^2 of 60 plans would change outcome; 0 only in wording/);
    const listed = await page.$$eval('#impact-results ol.impact-changed > li', (lis) => lis.map((li) => li.getAttribute('data-plan')));
    expect(listed).toEqual(await cliChanged());
    expect(await page.textContent('#impact-results .impact-rules')).toContain('spa_minimum 1.5 PA → 1 PA');
    await page.click('#impact-results li[data-plan="JP-2026-041"] button.cell');
    await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '').startsWith('Selected'));
    const selected = await page.evaluate(() => (window as unknown as { __fakeExcel: FakeExcelState }).__fakeExcel.selected);
    expect(selected).toEqual({ sheet: 'Register', address: 'H43' });
    await page.locator('#impact').screenshot({ path: join(OUT, 'pane-320-impact.png') });

    // A draft loaded: "To" becomes the draft.
    const draft = readFileSync(join(ROOT, 'policies/cpft-job-planning/2017-04-28.yaml'), 'utf8')
      .replace(/^version: .*$/m, 'version: "2027-04-01"').replace(/^status: .*$/m, 'status: draft').replace(/^effective_from: .*$/m, 'effective_from: "2027-04-01"')
      .replace(/^ratified: .*$/m, '').replace(/^review_by: .*$/m, 'review_by: "2028-04-01"').replace('spa_minimum: { value: 1.5,', 'spa_minimum: { value: 1,');
    await page.setInputFiles('#draft-input', { name: '2027-04-01.yaml', mimeType: 'text/yaml', buffer: Buffer.from(draft) });
    await page.waitForFunction(() => (document.getElementById('draft-line')?.textContent ?? '').startsWith('DRAFT'));
    expect(await page.$eval('#impact-to', (s) => (s as HTMLSelectElement).value)).toBe('draft');
    await page.click('#impact-run');
    await page.waitForFunction(() => /DRAFT/.test(document.querySelector('#impact-results .impact-headline')?.textContent ?? ''), undefined, { timeout: 120_000 });
    expect(await page.textContent('#impact-results .impact-headline')).toMatch(/→ cpft-job-planning@2027-04-01 \(DRAFT\): 2 of 60 plans would change outcome/);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
