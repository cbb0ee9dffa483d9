import { describe, expect, it } from 'vitest';
import { fillMessage, formatValue } from '../../src-engine/evaluate/message.js';

describe('finding messages', () => {
  const values: Record<string, unknown> = { days: 42, waiting: null, date: '2026-08-18', list: ['a', 'b', 'c'], none: [] };
  const lookup = (n: string) => values[n];

  it('writes values for people: UK dates, trimmed numbers, lists in words', () => {
    expect(fillMessage('{date} {days} {list}', lookup)).toBe('18/08/2026 42 a, b and c');
    expect(formatValue(10.456)).toBe('10.46');
    expect(formatValue(null)).toBe('(not recorded)');
  });

  it('drops an optional [[part]] whose placeholder has no value, and keeps one whose values are all there', () => {
    expect(fillMessage('Due by {date}[[: it took {days} days]][[; still waiting after {waiting} days]].', lookup)).toBe('Due by 18/08/2026: it took 42 days.');
    expect(fillMessage('x[[ lacks {none}]]', lookup)).toBe('x');
  });

  it('formats shares as percentages and numbers to fixed places when the template asks', () => {
    expect(fillMessage('{share:pct} of {wte:1dp} WTE', (n) => ({ share: 0.9047, wte: 3 })[n])).toBe('90.5% of 3.0 WTE');
  });
});
