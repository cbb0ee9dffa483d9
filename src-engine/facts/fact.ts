/** The vocabulary rules are written in: named, typed, documented facts about one job plan. */
import type { IsoDate } from '../model/dates.js';
import type { JobPlan } from '../model/job-plan.js';

export type FactType = 'number' | 'string' | 'boolean' | 'date' | 'list';

/** A fact's value: numbers, text, booleans, ISO dates, lists of text; null when the plan does not say. */
export type FactValue = number | string | boolean | readonly string[] | null;

export interface DeriveContext {
  /** The evaluation date ("today"): overdue checks count to it. */
  readonly today: IsoDate;
  /**
   * The plan is one row of a register: it cannot hold a timetable's detail, objectives, additional PA rows or the
   * written statements, so facts about those are unknown (null) rather than "none", and their rules stay quiet.
   */
  readonly registerRow?: boolean;
}

export interface FactResult {
  readonly value: FactValue;
  /** CellMap keys of the plan values this fact was computed from, so findings can point at them. */
  readonly sources: readonly string[];
}

export interface FactSpec {
  readonly name: string;
  readonly type: FactType;
  readonly unit?: string;
  readonly description: string;
  readonly derive: (plan: JobPlan, context: DeriveContext) => FactResult;
}
