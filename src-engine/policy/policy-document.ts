/** The shape of a policy version file after YAML parsing and schema validation (see policy-schema.ts). */

export type Literal = number | string | boolean;
export type ConditionValue = Literal | Literal[] | { readonly param: string } | { readonly fact: string };

export interface ConditionDocument {
  readonly all?: readonly ConditionDocument[];
  readonly any?: readonly ConditionDocument[];
  readonly not?: ConditionDocument;
  readonly fact?: string;
  readonly operator?: string;
  readonly value?: ConditionValue;
}

export interface ParameterDocument {
  readonly value: Literal | Literal[];
  readonly unit: string;
  readonly clause: string;
  readonly description?: string;
}

export type Severity = 'error' | 'warning' | 'info';

export interface RuleDocument {
  readonly id: string;
  readonly title: string;
  readonly clause: string;
  readonly severity: Severity;
  readonly scope?: 'plan';
  readonly when: ConditionDocument;
  readonly message: string;
  readonly explain?: string;
  readonly cells_from?: readonly string[];
}

export type PolicyStatus = 'draft' | 'ratified' | 'superseded';

export interface PolicyDocument {
  readonly policy: string;
  readonly version: string;
  readonly title: string;
  readonly document?: string;
  readonly owner: string;
  readonly source?: string;
  readonly illustrative?: boolean;
  readonly jurisdiction?: string;
  readonly applies_to: { readonly staff_groups?: readonly string[]; readonly grades?: readonly string[] };
  readonly status: PolicyStatus;
  readonly ratified?: string;
  readonly effective_from: string;
  /** Last day in force when the policy was withdrawn without a successor; normally the next version's date ends it. */
  readonly effective_to?: string;
  readonly review_by?: string;
  readonly supersedes?: string | null;
  readonly changelog?: readonly { readonly version: string; readonly date?: string; readonly change: string }[];
  readonly parameters: Readonly<Record<string, ParameterDocument>>;
  readonly rules: readonly RuleDocument[];
}

/** What a shell hands the core: a policy file's path and text, and the sha256 of its exact bytes. */
export interface PolicySource {
  readonly path: string;
  readonly text: string;
  /** Hex sha256 of the file's bytes; computed from the UTF-8 text when a shell does not supply it. */
  readonly sha256?: string;
}
