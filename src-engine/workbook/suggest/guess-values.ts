/**
 * The Trust's words for the model's values ("Awaiting 2nd Sign Off", "Interim (new starter)", "Medical & Dental"):
 * each value jobplan does not already understand is guessed from its words and written into the map's `values`,
 * marked for a person to check. A value no rule can guess is listed, never silently dropped.
 */
import { PLAN_FIELDS, PLAN_LISTS, type FieldSpec } from '../../model/job-plan.js';
import { coerceCell } from '../coerce.js';
import type { CellValue } from '../snapshot.js';
import { PLAN_KIND_GUESSES, STAFF_GROUP_GUESSES, STATUS_GUESSES } from './vocabulary.js';

export interface ValueGuess {
  readonly field: string;
  readonly text: string;
  /** The model's value, or null when nothing could be guessed. */
  readonly value: string | boolean | null;
}

const GUESSES: Readonly<Record<string, readonly [RegExp, string][]>> = {
  status: STATUS_GUESSES,
  plan_kind: PLAN_KIND_GUESSES,
  staff_group: STAFF_GROUP_GUESSES,
  on_call_category: [[/\ba\b/i, 'A'], [/\bb\b/i, 'B']],
  kind: [[/personal|individual|development|professional/i, 'personal'], [/service|team|department|organisation|trust|directorate/i, 'service']],
  category: [[/^(dcc|clinical|direct)/i, 'DCC'], [/^(spa|supporting|cpd|non.?clinical)/i, 'SPA'], [/^(anr|other nhs|additional nhs)/i, 'ANR'], [/^(ed|external)/i, 'ED']],
};

const YES_NO: readonly [RegExp, boolean][] = [
  [/^(not|no|none|pending|outstanding|awaiting|to follow|n\/a)\b/i, false],
  [/issued|signed|in place|received|done|given|held|on file|sent|agreed|confirmed/i, true],
];

/** Guesses for the values of one field that jobplan does not read as they are. */
export function guessValues(field: string, values: readonly CellValue[]): ValueGuess[] {
  return guessFieldValues(field, (PLAN_FIELDS as Record<string, FieldSpec>)[field], values);
}

/** The same for a list's field (`objectives.kind`, `additional_pas.fixed_term_contract`). */
export function guessListValues(list: string, field: string, values: readonly CellValue[]): ValueGuess[] {
  const spec = (PLAN_LISTS as Record<string, Record<string, FieldSpec>>)[list]?.[field];
  return guessFieldValues(`${list}.${field}`, spec, values, field);
}

function guessFieldValues(key: string, spec: FieldSpec | undefined, values: readonly CellValue[], rulesFor = key): ValueGuess[] {
  if (!spec || (spec.type.kind !== 'enum' && spec.type.kind !== 'boolean')) return [];
  const rules: readonly (readonly [RegExp, string | boolean])[] = spec.type.kind === 'boolean' ? YES_NO : GUESSES[rulesFor] ?? [];
  const seen = new Set<string>();
  const out: ValueGuess[] = [];
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const text = v.trim();
    // Each distinct text once, and only those jobplan does not already read.
    if (text === '' || seen.has(text.toLowerCase())) continue;
    seen.add(text.toLowerCase());
    if (coerceCell(text, spec.type).ok) continue;
    out.push({ field: key, text, value: rules.find(([re]) => re.test(text))?.[1] ?? null });
  }
  return out;
}
