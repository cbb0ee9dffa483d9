import { describe, expect, it } from 'vitest';
import { debounce, LIVE_DELAY_MS, type Timers } from '../../../src-addin/taskpane/debounce.js';

/** Timers that move only when the test says so. */
function manualTimers(): Timers & { advance(ms: number): void } {
  let now = 0;
  let next = 1;
  const due = new Map<number, { at: number; run: () => void }>();
  return {
    setTimeout(run, ms) {
      const id = next++;
      due.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout(id) {
      due.delete(id as number);
    },
    advance(ms) {
      now += ms;
      for (const [id, t] of [...due]) if (t.at <= now) {
        due.delete(id);
        t.run();
      }
    },
  };
}

describe('debounce (re-validate as I edit)', () => {
  it('waits 1.5 s after the last edit', () => {
    expect(LIVE_DELAY_MS).toBe(1500);
  });

  it('runs once after a burst of edits, 1.5 s after the last one', () => {
    const timers = manualTimers();
    let runs = 0;
    const d = debounce(() => runs++, 1500, timers);
    d.trigger();
    timers.advance(1000);
    d.trigger();
    timers.advance(1000);
    d.trigger();
    timers.advance(1499);
    expect(runs).toBe(0);
    expect(d.pending).toBe(true);
    timers.advance(1);
    expect(runs).toBe(1);
    expect(d.pending).toBe(false);
  });

  it('runs again for a later edit, and not at all once cancelled', () => {
    const timers = manualTimers();
    let runs = 0;
    const d = debounce(() => runs++, 1500, timers);
    d.trigger();
    timers.advance(1500);
    d.trigger();
    timers.advance(1500);
    expect(runs).toBe(2);
    d.trigger();
    d.cancel();
    timers.advance(5000);
    expect(runs).toBe(2);
  });
});
