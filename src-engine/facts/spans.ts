/**
 * The two dates a month-count fact measures between, so a message can say "17 months and 29 days (01/06/2026 –
 * 30/11/2027)" rather than "17.97 months". `shown`: whether the dates add something the message does not already
 * say (an APA row's dates are in no message; a review's are).
 */
import { addMonths, daysBetween, type IsoDate } from '../model/dates.js';
import type { JobPlan } from '../model/job-plan.js';
import { agreedDate } from './catalogue.js';
import type { DeriveContext } from './fact.js';

export interface Span {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly shown: boolean;
}

type SpanOf = (plan: JobPlan, context: DeriveContext) => Span | null;

const span = (from: IsoDate | null | undefined, to: IsoDate | null | undefined, shown = false): Span | null => (from && to ? { from, to, shown } : null);

export const MONTH_SPANS: ReadonlyMap<string, SpanOf> = new Map<string, SpanOf>([
  ['months_since_last_review', (p, ctx) => span(agreedDate(p) ?? p.meeting_date, ctx.today)],
  ['months_since_agreed', (p, ctx) => span(agreedDate(p), ctx.today)],
  ['months_since_start', (p, ctx) => span(p.start_date, ctx.today)],
  ['months_since_contract_start', (p, ctx) => span(p.contract_start_date, ctx.today)],
  ['months_start_in_post_to_agreement', (p, ctx) => span(p.contract_start_date, agreedDate(p) ?? ctx.today)],
  ['apa_longest_months', (p) => {
    let best: Span | null = null;
    for (const r of p.additional_pas ?? []) {
      if (!r.start_date || !r.end_date) continue;
      if (!best || daysBetween(r.start_date, r.end_date) > daysBetween(best.from, best.to)) best = { from: r.start_date, to: r.end_date, shown: true };
    }
    return best;
  }],
]);

/** Whole calendar months and the days left over, from one date to another (as monthsBetween counts them). */
export function wholeMonthsAndDays(from: IsoDate, to: IsoDate): { months: number; days: number } {
  if (to < from) return wholeMonthsAndDays(to, from);
  let months = Math.max(0, Math.floor(daysBetween(from, to) / 31));
  while (daysBetween(addMonths(from, months + 1), to) >= 0) months += 1;
  return { months, days: daysBetween(addMonths(from, months), to) };
}
