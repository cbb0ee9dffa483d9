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

/** How a group rule sums up the plans of a group: each aggregate becomes a number its conditions can test. */
export type AggregateDocument =
  | { readonly count: true | ConditionDocument }
  | { readonly share: ConditionDocument }
  | { readonly sum: string }
  | { readonly mean: string }
  | { readonly min: string }
  | { readonly max: string }
  | { readonly distinct: string }
  /** sum(of) ÷ sum(to) over the group, e.g. DCC hours over all planned hours (not a mean of per-plan ratios). */
  | { readonly ratio: { readonly of: string; readonly to: string } };

export interface RuleDocument {
  readonly id: string;
  readonly title: string;
  readonly clause: string;
  readonly severity: Severity;
  readonly scope?: 'plan' | 'group';
  /** Group rules: plan fields whose values form the groups (none: the whole register is one group). */
  readonly group_by?: readonly string[];
  /** Group rules: which plans take part (a plan condition). */
  readonly where?: ConditionDocument;
  readonly aggregates?: Readonly<Record<string, AggregateDocument>>;
  /** Group rules: the plans a finding lists as the cause (a plan condition). */
  readonly offenders?: ConditionDocument;
  readonly when: ConditionDocument;
  readonly message: string;
  readonly explain?: string;
  readonly cells_from?: readonly string[];
  /** Plan rules: the severity of "not judged: <field> not recorded" when a deciding fact is not recorded; 'quiet' for none. */
  readonly when_unknown?: Severity | 'quiet';
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
  readonly applies_to: { readonly staff_groups?: readonly string[]; readonly grades?: readonly string[]; readonly organisations?: readonly string[] };
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
