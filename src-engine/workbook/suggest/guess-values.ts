/**
 * The Trust's words for the model's values ("Awaiting 2nd Sign Off", "Interim (new starter)", "Medical & Dental"):
 * each value jobplan does not already understand is guessed from its words and written into the map's `values`,
 * marked for a person to check. A value no rule can guess is listed, never silently dropped.
 */
import { PLAN_FIELDS, type FieldSpec } from '../../model/job-plan.js';
import { coerceCell } from '../coerce.js';
import type { CellValue } from '../snapshot.js';
import { PLAN_KIND_GUESSES, STAFF_GROUP_GUESSES, STATUS_GUESSES } from './vocabulary.js';

export interface ValueGuess {
  readonly field: string;
  readonly text: string;
  /** The model's value, or null when nothing could be guessed. */
  readonly value: string | null;
}

const GUESSES: Readonly<Record<string, readonly [RegExp, string][]>> = {
  status: STATUS_GUESSES,
  plan_kind: PLAN_KIND_GUESSES,
  staff_group: STAFF_GROUP_GUESSES,
  on_call_category: [[/\ba\b/i, 'A'], [/\bb\b/i, 'B']],
};

/** Guesses for the values of one field that jobplan does not read as they are. */
export function guessValues(field: string, values: readonly CellValue[]): ValueGuess[] {
  const spec = (PLAN_FIELDS as Record<string, FieldSpec>)[field];
  if (!spec || spec.type.kind !== 'enum') return [];
  const seen = new Set<string>();
  const out: ValueGuess[] = [];
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const text = v.trim();
    if (text === '' || seen.has(text.toLowerCase())) continue;
    seen.add(text.toLowerCase());
    if (coerceCell(text, spec.type).ok) continue;
    const rule = (GUESSES[field] ?? []).find(([re]) => re.test(text));
    out.push({ field, text, value: rule ? rule[1] : null });
  }
  return out;
}
