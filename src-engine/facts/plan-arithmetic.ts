/**
 * PA and hours arithmetic over a job plan's timetable and annualised activities (domain.md §2):
 * weekly PAs are frequency-weighted, annualised activities are spread over the attending weeks.
 */
import { parseFrequency } from '../model/frequency.js';
import type { Category, JobPlan } from '../model/job-plan.js';

/** England: one PA is four hours of standard time. */
export const HOURS_PER_PA = 4;
/** Attending weeks a year when the plan does not say (medical staff; NHS Employers guidance). */
export const DEFAULT_ATTENDING_WEEKS = 42;

export interface WeightedItem {
  /** CellMap key prefix of the row, e.g. `activities[3]`. */
  readonly key: string;
  readonly category: Category | null;
  readonly activity: string;
  readonly notes: string;
  /** Weekly PAs this row contributes. */
  readonly pas: number;
  /** Weekly hours this row contributes. */
  readonly hours: number;
  /** The row fields that carried the numbers. */
  readonly sources: readonly string[];
}

export function round(value: number, places = 4): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

const memo = new WeakMap<JobPlan, readonly WeightedItem[]>();

/** Every timetabled and annualised activity with its weekly contribution (computed once per plan object). */
export function weightedItems(plan: JobPlan): readonly WeightedItem[] {
  const known = memo.get(plan);
  if (known) return known;
  const items: WeightedItem[] = [];
  (plan.activities ?? []).forEach((a, i) => {
    const freq = parseFrequency(a.frequency);
    const weight = freq.ok ? freq.weight : 1;
    const pas = a.pas ?? (a.hours != null ? a.hours / HOURS_PER_PA : 0);
    const hours = a.hours ?? (a.pas != null ? a.pas * HOURS_PER_PA : 0);
    const key = `activities[${i}]`;
    items.push({
      key,
      category: a.category ?? null,
      activity: a.activity ?? '',
      notes: a.notes ?? '',
      pas: pas * weight,
      hours: hours * weight,
      // Point at the cell that carried the number, and at the frequency only when it changed the weight.
      sources: [a.pas == null && a.hours != null ? `${key}.hours` : `${key}.pas`, ...(weight !== 1 ? [`${key}.frequency`] : [])],
    });
  });
  const weeks = plan.attending_weeks && plan.attending_weeks > 0 ? plan.attending_weeks : DEFAULT_ATTENDING_WEEKS;
  (plan.annualised_activities ?? []).forEach((a, i) => {
    const n = a.occurrences_per_year ?? 0;
    const pasEach = a.pas_per_occurrence ?? (a.hours_per_occurrence != null ? a.hours_per_occurrence / HOURS_PER_PA : 0);
    const hoursEach = a.hours_per_occurrence ?? (a.pas_per_occurrence != null ? a.pas_per_occurrence * HOURS_PER_PA : 0);
    const key = `annualised_activities[${i}]`;
    items.push({
      key,
      category: a.category ?? null,
      activity: a.activity ?? '',
      notes: a.notes ?? '',
      pas: (n * pasEach) / weeks,
      hours: (n * hoursEach) / weeks,
      sources: [`${key}.occurrences_per_year`, a.pas_per_occurrence == null && a.hours_per_occurrence != null ? `${key}.hours_per_occurrence` : `${key}.pas_per_occurrence`],
    });
  });
  memo.set(plan, items);
  return items;
}

/** NHS time only: private practice and fee-paying work are recorded but never counted as PAs. */
export function isNhsTime(item: WeightedItem): boolean {
  return item.category !== 'Private';
}
