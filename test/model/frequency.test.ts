import { describe, expect, it } from 'vitest';
import { parseFrequency } from '../../src-engine/model/frequency.js';

const weight = (t: string | null) => {
  const r = parseFrequency(t);
  return r.ok ? r.weight : r.message;
};

describe('timetable frequencies as weekly weights', () => {
  it('blank and weekly count every week', () => {
    expect(weight(null)).toBe(1);
    expect(weight('')).toBe(1);
    expect(weight('Weekly')).toBe(1);
    expect(weight('every week')).toBe(1);
  });
  it('1 in N counts 1/N, N in M counts N/M', () => {
    expect(weight('1 in 2')).toBe(0.5);
    expect(weight('1 in 4')).toBe(0.25);
    expect(weight('1:3')).toBeCloseTo(1 / 3);
    expect(weight('2 in 4')).toBe(0.5);
    expect(weight('3 in 6 weeks')).toBe(0.5);
    expect(weight('Every 4 weeks')).toBe(0.25);
    expect(weight('Fortnightly')).toBe(0.5);
    expect(weight('Alternate weeks')).toBe(0.5);
  });
  it('refuses ambiguous or impossible patterns with advice', () => {
    expect(weight('Monthly')).toMatch(/1 in 4/);
    expect(weight('5 in 4')).toMatch(/between 0 and M/);
    expect(weight('sometimes')).toMatch(/Weekly, 1 in N/);
  });
});
