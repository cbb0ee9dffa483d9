import { describe, expect, it } from 'vitest';
import { addMonths, daysBetween, formatUkDate, fromExcelSerial, monthsBetween, parseUkDate, toExcelSerial } from '../../src-engine/model/dates.js';

describe('dates', () => {
  it('reads UK text dates day first', () => {
    expect(parseUkDate('28/04/2017')).toBe('2017-04-28');
    expect(parseUkDate('01/06/2017')).toBe('2017-06-01');
    expect(parseUkDate('1-6-17')).toBe('2017-06-01');
    expect(parseUkDate('28.04.2017')).toBe('2017-04-28');
    expect(parseUkDate('28 Apr 2017')).toBe('2017-04-28');
    expect(parseUkDate('28th April 2017')).toBe('2017-04-28');
    expect(parseUkDate('2017-04-28')).toBe('2017-04-28');
  });

  it('reads the unambiguous forms exports and typists use: year first, month name first, a weekday in front', () => {
    expect(parseUkDate('2017/04/28')).toBe('2017-04-28');
    expect(parseUkDate('Apr 28, 2017')).toBe('2017-04-28');
    expect(parseUkDate('Sept 3 2026')).toBe('2026-09-03');
    expect(parseUkDate('Friday 28 April 2017')).toBe('2017-04-28');
    expect(parseUkDate('Fri, 28/04/2017')).toBe('2017-04-28');
    // Numbers alone stay day first: 03/12/2026 is the 3rd of December, never March 12th.
    expect(parseUkDate('03/12/2026')).toBe('2026-12-03');
    expect(parseUkDate('Foo 28, 2017')).toBeNull();
  });

  it('rejects dates that do not exist and text that is not a date', () => {
    expect(parseUkDate('31/04/2017')).toBeNull();
    expect(parseUkDate('29/02/2017')).toBeNull();
    expect(parseUkDate('13/13/2017')).toBeNull();
    expect(parseUkDate('next Tuesday')).toBeNull();
    expect(parseUkDate('28 Foo 2017')).toBeNull();
    expect(parseUkDate('')).toBeNull();
  });

  it('converts Excel serials both ways (1900 system)', () => {
    expect(fromExcelSerial(42853)).toBe('2017-04-28');
    expect(toExcelSerial('2017-04-28')).toBe(42853);
    expect(fromExcelSerial(42853.75)).toBe('2017-04-28');
    expect(fromExcelSerial(0)).toBeNull();
    expect(fromExcelSerial(Number.NaN)).toBeNull();
  });

  it('counts days across month and leap-year ends', () => {
    expect(daysBetween('2017-06-01', '2017-06-29')).toBe(28);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2017-06-29', '2017-06-01')).toBe(-28);
  });

  it('adds months clamping to the last day of shorter months', () => {
    expect(addMonths('2017-01-31', 1)).toBe('2017-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2017-11-15', 3)).toBe('2018-02-15');
    expect(addMonths('2017-03-31', -1)).toBe('2017-02-28');
  });

  it('is exactly 12 months on the anniversary and more the day after', () => {
    expect(monthsBetween('2023-01-15', '2024-01-15')).toBe(12);
    expect(monthsBetween('2023-01-15', '2024-01-16')).toBeGreaterThan(12);
    expect(monthsBetween('2023-01-15', '2024-01-14')).toBeLessThan(12);
    expect(monthsBetween('2024-02-29', '2025-02-28')).toBe(12);
    expect(monthsBetween('2024-02-29', '2025-03-01')).toBeGreaterThan(12);
    expect(monthsBetween('2017-06-01', '2017-06-01')).toBe(0);
    expect(monthsBetween('2017-06-15', '2017-06-01')).toBeLessThan(0);
  });

  it('writes dates the way NHS forms do', () => {
    expect(formatUkDate('2017-06-01')).toBe('01/06/2017');
  });
});
