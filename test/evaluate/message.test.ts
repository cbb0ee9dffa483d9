import { describe, expect, it } from 'vitest';
import { fillMessage, formatValue } from '../../src-engine/evaluate/message.js';

describe('finding messages', () => {
  const values: Record<string, unknown> = { days: 42, waiting: null, date: '2026-08-18', list: ['a', 'b', 'c'], none: [] };
  const lookup = (n: string) => values[n];

  it('names every object inherits ({constructor}, {toString}, {__proto__}) are not recorded, whatever the lookup', () => {
    const plain: Record<string, unknown> = {};
    expect(fillMessage('a {constructor}; b {toString}; c {__proto__}; d {hasOwnProperty}', (n) => plain[n])).toBe('a (not recorded); b (not recorded); c (not recorded); d (not recorded)');
  });

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

describe('plain words (issue 10, item 6)', () => {
  const at = (values: Record<string, unknown>) => (n: string) => values[n];

  it('the words after a number agree with it: unit words, "word(s)" and the verb of the clause', () => {
    expect(fillMessage('SPA is {spa} PAs a week.', at({ spa: 1 }))).toBe('SPA is 1 PA a week.');
    expect(fillMessage('SPA is {spa} PAs a week.', at({ spa: 1.5 }))).toBe('SPA is 1.5 PAs a week.');
    expect(fillMessage('{n} row(s) have no end date', at({ n: 0 }))).toBe('0 rows have no end date');
    expect(fillMessage('{n} row(s) of additional PAs do not record it', at({ n: 1 }))).toBe('1 row of additional PAs does not record it');
    expect(fillMessage('{n} personal objective(s), {m} of them', at({ n: 1, m: 0 }))).toBe('1 personal objective, 0 of them');
    expect(fillMessage('within {d} days', at({ d: 1 }))).toBe('within 1 day');
    // A unit word written with "(s)" is made plural once ("sessionss" was written).
    expect(fillMessage('overpaid by {n} session(s) a week', at({ n: 6.25 }))).toBe('overpaid by 6.25 sessions a week');
    expect(fillMessage('overpaid by {n} session(s) a week', at({ n: 1 }))).toBe('overpaid by 1 session a week');
    expect(fillMessage('{n} PA(s) short', at({ n: 2 }))).toBe('2 PAs short');
  });

  it('a month count is whole months and days, with its dates where the message has none', () => {
    const describe = (n: string) => (n === 'm' ? { months: { months: 17, days: 29, from: '2026-06-01', to: '2027-11-30' } } : n === 'r' ? { months: { months: 1, days: 0 } } : undefined);
    expect(fillMessage('the longest runs {m} months.', at({ m: 17.97 }), describe)).toBe('the longest runs 17 months and 29 days (01/06/2026 – 30/11/2027).');
    expect(fillMessage('reviewed {r} months ago', at({ r: 1 }), describe)).toBe('reviewed 1 month ago');
  });

  it('a value not recorded is said so, without the words that would go round a number', () => {
    expect(fillMessage('rota frequency: 1 in {f}; category: {c}.', at({ f: null, c: null }))).toBe('rota frequency: not recorded; category: not recorded.');
    expect(fillMessage('{d} day(s) from today', at({ d: null }))).toBe('not recorded from today');
    expect(fillMessage('Type {t}.', at({ t: null }))).toBe('Type (not recorded).');
  });

  it('a clause the data contradicts is left out: "(or is still unsigned)" on a signed plan', () => {
    const template = 'agreed {m} months after the start (or is still unsigned).';
    expect(fillMessage(template, at({ m: 2, agreed_date: '2026-04-25' }))).toBe('agreed 2 months after the start.');
    expect(fillMessage(template, at({ m: 2, agreed_date: null }))).toBe('agreed 2 months after the start (or is still unsigned).');
  });
});
