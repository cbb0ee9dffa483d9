/** A frequency whose numbers are not finite or not plausible is refused, never a NaN weight (issue 12, item 3). */
import { describe, expect, it } from 'vitest';
import { MAX_CYCLE_WEEKS, parseFrequency } from '../../src-engine/model/frequency.js';

describe('frequency bounds', () => {
  it('"999…9 in 999…9" (400 nines each) is refused with the text cut, not weighted NaN', () => {
    const nines = '9'.repeat(400);
    const result = parseFrequency(`${nines} in ${nines}`);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain(`at most ${MAX_CYCLE_WEEKS}`);
      expect(result.message.length).toBeLessThan(200);
    }
  });

  it('a cycle longer than ten years, or every 10,000 weeks, is refused; real ones are read', () => {
    expect(parseFrequency('1 in 521').ok).toBe(false);
    expect(parseFrequency('every 10000 weeks').ok).toBe(false);
    expect(parseFrequency('1 in 52')).toEqual({ ok: true, weight: 1 / 52 });
    expect(parseFrequency('2 in 4')).toEqual({ ok: true, weight: 0.5 });
  });
});
