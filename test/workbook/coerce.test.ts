import { describe, expect, it } from 'vitest';
import { PLAN_FIELDS } from '../../src-engine/model/job-plan.js';
import { coerceCell } from '../../src-engine/workbook/coerce.js';

const date = PLAN_FIELDS.meeting_date.type;
const num = PLAN_FIELDS.contracted_pas.type;
const bool = PLAN_FIELDS.on_call_rota.type;
const status = PLAN_FIELDS.status.type;

describe('cell values become typed job plan values', () => {
  it('reads a date from an ISO string, an Excel serial or UK text', () => {
    expect(coerceCell('2017-04-28', date)).toEqual({ ok: true, value: '2017-04-28' });
    expect(coerceCell(42853, date)).toEqual({ ok: true, value: '2017-04-28' });
    expect(coerceCell('28/04/2017', date)).toEqual({ ok: true, value: '2017-04-28' });
  });
  it('an unreadable date is a workbook_bad_date with advice, not a guess', () => {
    const r = coerceCell('31/02/2017', date);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('workbook_bad_date');
      expect(r.message).toMatch(/DD\/MM\/YYYY/);
    }
  });
  it('reads numbers typed as text, with or without a unit', () => {
    expect(coerceCell('10', num)).toEqual({ ok: true, value: 10 });
    expect(coerceCell('7.5 PAs', num)).toEqual({ ok: true, value: 7.5 });
    expect(coerceCell('ten', num).ok).toBe(false);
  });
  it('reads Yes/No as booleans', () => {
    expect(coerceCell('Yes', bool)).toEqual({ ok: true, value: true });
    expect(coerceCell('n', bool)).toEqual({ ok: true, value: false });
    expect(coerceCell(true, bool)).toEqual({ ok: true, value: true });
    expect(coerceCell('maybe', bool).ok).toBe(false);
  });
  it('maps enum aliases and rejects unknown values listing the allowed ones', () => {
    expect(coerceCell('Signed Off', status)).toEqual({ ok: true, value: 'signed off' });
    expect(coerceCell('Not agreed', status)).toEqual({ ok: true, value: 'disputed' });
    const r = coerceCell('lost', status);
    expect(r.ok === false && r.message).toMatch(/draft, in discussion/);
  });
  it('an empty cell is simply absent', () => {
    expect(coerceCell(null, date)).toEqual({ ok: true, value: null });
  });
});
