/** The shapes of what an evaluation returns; the CLI prints them as text, JSON or a workbook. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { GroupFinding } from '../evaluate/evaluate-groups.js';
import type { ConditionTrace } from '../evaluate/condition-trace.js';
import type { FactValue } from '../facts/fact.js';
import type { IsoDate } from '../model/dates.js';
import type { PolicyStamp } from '../policy/compiled-policy.js';
import type { Literal, Severity } from '../policy/policy-document.js';

export interface FindingCell {
  readonly sheet: string;
  readonly cell: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly message: string;
  readonly clause: string;
  readonly policy: { readonly id: string; readonly version: string; readonly sha256: string };
  readonly planRef: string;
  /** The cells the deciding facts came from (empty for JSON plans). */
  readonly cells: readonly FindingCell[];
  /** The values of the facts the rule refers to, as seen for this plan. */
  readonly values: Readonly<Record<string, FactValue>>;
  /** The parameter values of the policy version used. */
  readonly params: Readonly<Record<string, Literal | readonly Literal[]>>;
  readonly explain?: string;
  /** Present when the rule could not be judged (a value it needs could not be read): why, per value. */
  readonly notJudged?: { readonly reasons: readonly string[] };
  /** The condition tree with the values seen; absent in JSON reports unless asked for (--trace). */
  readonly trace?: ConditionTrace;
}

export interface AppliedPolicy {
  readonly id: string;
  readonly version: string;
  readonly reason: string;
}

export interface PlanResult {
  readonly ref: string;
  /** The practitioner's name, when the plan records it (reports list it beside the plan). */
  readonly practitioner: string | null;
  readonly source: string;
  /** The date that chose the policy version: --as-of, else the plan start date, else the meeting date. */
  readonly referenceDate: IsoDate;
  readonly policies: readonly AppliedPolicy[];
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface SeverityCounts {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
}

/** A file the run read, with the sha256 of its bytes, so a replay can tell whether it changed. */
export interface InputStamp {
  readonly path: string;
  readonly sha256: string;
}

/** How the run was asked for: everything besides the inputs and policies that a replay needs to repeat it. */
export interface RunOptions {
  readonly policy: { readonly id: string; readonly version?: string } | null;
  readonly map: InputStamp | null;
  readonly policiesDirs: readonly string[];
  /** Whether illustrative policy versions could be chosen by date (--illustrative). */
  readonly illustrative?: boolean;
}

export interface EvaluationReport {
  readonly engineVersion: string;
  readonly evaluatedAt: string;
  readonly asOf: IsoDate | null;
  readonly today: IsoDate;
  readonly policies: readonly PolicyStamp[];
  /** Files read (workbooks, JSON plans) with their hashes; filled in by the shell that read them. */
  readonly inputs?: readonly InputStamp[];
  readonly options?: RunOptions;
  readonly plans: readonly PlanResult[];
  /** Findings of group rules over the plans of the run taken as a register (by care group, specialty ...). */
  readonly groups: readonly GroupFinding[];
  /** Problems not tied to one plan: unreadable files, broken policies. */
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: { readonly plans: number; readonly findings: SeverityCounts; readonly groupFindings: SeverityCounts; readonly diagnostics: SeverityCounts };
  /**
   * The audit log line this run appended (validate --audit-log): the log's head after the run. Kept in the report,
   * it anchors the log where the report travels: `jobplan audit verify <log> --against <report.json>`.
   */
  readonly audit?: AuditStamp;
}

export interface AuditStamp {
  /** The log as named on the command line. */
  readonly log: string;
  readonly seq: number;
  /** sha256 of the line's text. */
  readonly head: string;
}
