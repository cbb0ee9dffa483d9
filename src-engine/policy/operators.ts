/**
 * The operators a rule condition may use, as one literal table (like json-rules-engine's own list).
 * json-rules-engine gets these implementations instead of its built-ins, so null, dates and types behave the
 * same everywhere: any comparison with a missing (null) fact is false; ask `isMissing` to test for absence.
 * Dates are ISO strings, so date order is string order (never `greaterThan` on dates: that is rejected).
 */
import type { FactType, FactValue } from '../facts/fact.js';

export interface OperatorSpec {
  readonly name: string;
  readonly description: string;
  /** Fact types the operator accepts on its left side. */
  readonly factTypes: readonly FactType[];
  /** What the right side must be: the fact's own type, a list of such values, or nothing (value omitted). */
  readonly value: 'same' | 'list-of-same' | 'element' | 'none';
  readonly test: (fact: FactValue, value: unknown) => boolean;
}

const isNull = (v: unknown): boolean => v === null || v === undefined;
const num = (f: (a: number, b: number) => boolean) => (a: FactValue, b: unknown) => typeof a === 'number' && typeof b === 'number' && f(a, b);
const day = (f: (a: string, b: string) => boolean) => (a: FactValue, b: unknown) => typeof a === 'string' && typeof b === 'string' && f(a, b);
const scalarTypes: readonly FactType[] = ['number', 'string', 'boolean', 'date'];

export const OPERATORS: readonly OperatorSpec[] = [
  { name: 'equal', description: 'fact equals value', factTypes: scalarTypes, value: 'same', test: (a, b) => !isNull(a) && a === b },
  { name: 'notEqual', description: 'fact is recorded and differs from value', factTypes: scalarTypes, value: 'same', test: (a, b) => !isNull(a) && a !== b },
  { name: 'lessThan', description: 'number < value', factTypes: ['number'], value: 'same', test: num((a, b) => a < b) },
  { name: 'lessThanInclusive', description: 'number ≤ value', factTypes: ['number'], value: 'same', test: num((a, b) => a <= b) },
  { name: 'greaterThan', description: 'number > value', factTypes: ['number'], value: 'same', test: num((a, b) => a > b) },
  { name: 'greaterThanInclusive', description: 'number ≥ value', factTypes: ['number'], value: 'same', test: num((a, b) => a >= b) },
  { name: 'before', description: 'date is earlier than value', factTypes: ['date'], value: 'same', test: day((a, b) => a < b) },
  { name: 'onOrBefore', description: 'date is the same as or earlier than value', factTypes: ['date'], value: 'same', test: day((a, b) => a <= b) },
  { name: 'after', description: 'date is later than value', factTypes: ['date'], value: 'same', test: day((a, b) => a > b) },
  { name: 'onOrAfter', description: 'date is the same as or later than value', factTypes: ['date'], value: 'same', test: day((a, b) => a >= b) },
  { name: 'in', description: 'fact is one of the values', factTypes: scalarTypes, value: 'list-of-same', test: (a, b) => !isNull(a) && Array.isArray(b) && b.includes(a) },
  { name: 'notIn', description: 'fact is recorded and is none of the values', factTypes: scalarTypes, value: 'list-of-same', test: (a, b) => !isNull(a) && Array.isArray(b) && !b.includes(a) },
  { name: 'contains', description: 'list fact contains value', factTypes: ['list'], value: 'element', test: (a, b) => Array.isArray(a) && a.includes(b as string) },
  { name: 'doesNotContain', description: 'list fact does not contain value', factTypes: ['list'], value: 'element', test: (a, b) => Array.isArray(a) && !a.includes(b as string) },
  { name: 'isEmpty', description: 'list fact has no items', factTypes: ['list'], value: 'none', test: (a) => Array.isArray(a) && a.length === 0 },
  { name: 'isNotEmpty', description: 'list fact has at least one item', factTypes: ['list'], value: 'none', test: (a) => Array.isArray(a) && a.length > 0 },
  { name: 'isMissing', description: 'fact is not recorded (null)', factTypes: [...scalarTypes, 'list'], value: 'none', test: (a) => isNull(a) || (typeof a === 'string' && a.trim() === '') },
  { name: 'isPresent', description: 'fact is recorded', factTypes: [...scalarTypes, 'list'], value: 'none', test: (a) => !(isNull(a) || (typeof a === 'string' && a.trim() === '')) },
];

export const OPERATORS_BY_NAME: ReadonlyMap<string, OperatorSpec> = new Map(OPERATORS.map((o) => [o.name, o]));
