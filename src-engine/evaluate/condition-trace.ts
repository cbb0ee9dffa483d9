/** How a rule's conditions came out for one plan: the values seen and each result, for Explain views. */
import type { FactValue } from '../facts/fact.js';
import type { Literal } from '../policy/policy-document.js';

export type ConditionTrace =
  | { readonly kind: 'all' | 'any'; readonly result: boolean | null; readonly conditions: readonly ConditionTrace[] }
  | { readonly kind: 'not'; readonly result: boolean | null; readonly condition: ConditionTrace }
  | {
      readonly kind: 'fact';
      readonly fact: string;
      readonly operator: string;
      readonly value?: Literal | readonly Literal[];
      readonly valueFrom?: { readonly param: string } | { readonly fact: string };
      /** What the fact held for this plan. */
      readonly factValue: FactValue;
      /** null: not evaluated, because an earlier condition already decided the result. */
      readonly result: boolean | null;
    };
