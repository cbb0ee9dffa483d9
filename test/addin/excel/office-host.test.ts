/**
 * Inside Excel or not, as the pane decides it from Office.onReady: an answer after the pane's wait (Excel can be
 * slow to start an add-in) must still bring the pane into Excel mode, not leave it choosing files inside Excel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { insideExcel } from '../../../src-addin/taskpane/office-host.js';

const globals = globalThis as unknown as Record<string, unknown>;
afterEach(() => {
  delete globals['Office'];
});

/** An Office global whose onReady answers `host` after `delayMs`. */
function office(host: string | null, delayMs: number): void {
  globals['Office'] = {
    HostType: { Excel: 'Excel' },
    onReady: () => new Promise((resolve) => setTimeout(() => resolve({ host, platform: host ? 'PC' : null }), delayMs)),
  };
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('insideExcel', () => {
  it('answers false without Office.js, and as onReady says when it answers in time', async () => {
    expect(await insideExcel(50)).toBe(false);
    office('Excel', 5);
    expect(await insideExcel(200)).toBe(true);
    office(null, 5);
    expect(await insideExcel(200)).toBe(false);
  });

  it('when Excel answers after the wait: false at first, then onLateExcel once', async () => {
    office('Excel', 80);
    let late = 0;
    expect(await insideExcel(20, () => { late += 1; })).toBe(false);
    expect(late).toBe(0);
    await wait(120);
    expect(late).toBe(1);
  });

  it('never calls onLateExcel for a late answer of no host, nor for an answer in time', async () => {
    let late = 0;
    office(null, 60);
    expect(await insideExcel(10, () => { late += 1; })).toBe(false);
    office('Excel', 5);
    expect(await insideExcel(200, () => { late += 1; })).toBe(true);
    await wait(100);
    expect(late).toBe(0);
  });
});
