/** A policy version after parsing, validation and compilation: what evaluation runs. */
import type { FileLocation } from '../diagnostics/diagnostic.js';
import type { Literal, PolicyDocument, Severity } from './policy-document.js';

export type CompiledCondition =
  | { readonly kind: 'all'; readonly conditions: readonly CompiledCondition[] }
  | { readonly kind: 'any'; readonly conditions: readonly CompiledCondition[] }
  | { readonly kind: 'not'; readonly condition: CompiledCondition }
  | {
      readonly kind: 'fact';
      readonly fact: string;
      readonly operator: string;
      /** The literal value (parameters already substituted); undefined for value-less operators and fact comparisons. */
      readonly value?: Literal | readonly Literal[];
      /** Where the value came from, when not a literal: a parameter of the policy or another fact. */
      readonly valueFrom?: { readonly param: string } | { readonly fact: string };
    };

export type CompiledAggregate =
  | { readonly name: string; readonly kind: 'count'; readonly condition: CompiledCondition | null }
  | { readonly name: string; readonly kind: 'share'; readonly condition: CompiledCondition }
  | { readonly name: string; readonly kind: 'sum' | 'mean' | 'min' | 'max' | 'distinct'; readonly fact: string }
  | { readonly name: string; readonly kind: 'ratio'; readonly of: string; readonly to: string };

/** What a group rule adds to a rule: its groups, members, aggregates and offenders. */
export interface GroupSpec {
  readonly groupBy: readonly string[];
  readonly where: CompiledCondition | null;
  readonly aggregates: readonly CompiledAggregate[];
  readonly offenders: CompiledCondition | null;
  /** Plan facts the where, aggregates and offenders read. */
  readonly planFacts: readonly string[];
}

export interface CompiledRule {
  readonly id: string;
  /** 'plan' rules judge one plan; 'group' rules judge a group of plans of a register through aggregates. */
  readonly scope: 'plan' | 'group';
  readonly group?: GroupSpec;
  readonly title: string;
  readonly clause: string;
  readonly severity: Severity;
  readonly when: CompiledCondition;
  readonly message: string;
  readonly explain?: string;
  /** Facts whose cells findings may point at (narrows the deciding facts); empty means every deciding fact. */
  readonly cellsFrom: readonly string[];
  /**
   * What a plan rule says when a fact that decides it is not recorded (see facts/unknown.ts): a finding "not judged:
   * <field> not recorded" at this severity, or nothing ('quiet', for a rule whose author decided the absence means the
   * situation does not arise). Default 'warning'.
   */
  readonly whenUnknown: Severity | 'quiet';
  /** Facts the conditions and message refer to, in order of first mention. */
  readonly facts: readonly string[];
  /** Parameters the conditions and message refer to. */
  readonly params: readonly string[];
  readonly location: FileLocation;
}

export interface PolicyStamp {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
  readonly status: PolicyDocument['status'];
  readonly effectiveFrom: string;
  /** Last day in force, once a later version replaced it (or it was withdrawn). */
  readonly effectiveTo?: string;
  readonly illustrative: boolean;
  readonly path: string;
}

export interface CompiledPolicy {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
  readonly path: string;
  readonly document: PolicyDocument;
  readonly parameters: Readonly<Record<string, { readonly value: Literal | readonly Literal[]; readonly unit: string; readonly clause: string; readonly description?: string }>>;
  readonly rules: readonly CompiledRule[];
}
