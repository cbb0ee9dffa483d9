/**
 * What the task pane and the evaluation engine say to each other. The engine runs in a Web Worker (so a 5,000-plan
 * register never blocks the pane, which Excel would restart after 5 s) or, where there is no Worker, on the page
 * itself in chunks; both speak these messages, so the pane does not know which.
 */
import type { Diagnostic, EvaluationReport, WorkbookSnapshot } from '../../src-engine/index.js';

/** One version of a policy as the picker lists it. */
export interface VersionInfo {
  readonly version: string;
  readonly status: 'draft' | 'ratified' | 'superseded';
  readonly illustrative: boolean;
  readonly effectiveFrom: string;
  /** Last day in force, once replaced. */
  readonly effectiveTo?: string;
  readonly sha256: string;
  readonly path: string;
  /** A file the user loaded in the pane, not one shipped with the add-in. */
  readonly draft: boolean;
}

export interface PolicyInfo {
  readonly id: string;
  readonly title: string;
  readonly owner: string;
  readonly versions: readonly VersionInfo[];
}

export interface Catalogue {
  readonly engineVersion: string;
  readonly policies: readonly PolicyInfo[];
  /** Problems with the bundled policies (none in a good build: the build refuses broken policies). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface PolicyChoice {
  readonly id: string;
  readonly version?: string;
}

export interface ValidateRequest {
  readonly snapshot: WorkbookSnapshot;
  /** The reader's own problems with the workbook (a cell showing #N/A ...). */
  readonly readDiagnostics: readonly Diagnostic[];
  readonly today: string;
  readonly asOf: string | null;
  /** Null: every policy, the version in force on each plan's date (the CLI's default). */
  readonly policy: PolicyChoice | null;
  /** Judge with the loaded draft policy file instead of the choice. */
  readonly useDraft: boolean;
  /** Fixed timestamp (tests); default now. */
  readonly evaluatedAt?: string;
}

export interface ValidateResponse {
  readonly report: EvaluationReport;
  /** The map the workbook was read with (jobplan-template, jobplan-register). */
  readonly mapUsed: string;
  readonly isRegister: boolean;
  /** Milliseconds spent extracting and judging, in the engine. */
  readonly elapsedMs: number;
}

export interface ExplainResponse {
  /** The Explain view (conditions with values seen, parameters, clause) as the CLI's `explain` prints it. */
  readonly text: string | null;
  readonly diagnostics: readonly Diagnostic[];
}

export interface DraftResponse {
  /** The draft's id and version when it compiled; null when it has errors. */
  readonly draft: VersionInfo & { readonly id: string; readonly title: string } | null;
  readonly diagnostics: readonly Diagnostic[];
}

export interface ReadResponse {
  readonly snapshot: WorkbookSnapshot | null;
  readonly diagnostics: readonly Diagnostic[];
  /** sha256 of the file's bytes, for the report's input stamp. */
  readonly sha256: string;
}

export type EngineRequest =
  | { readonly kind: 'catalogue' }
  | { readonly kind: 'validate'; readonly request: ValidateRequest }
  | { readonly kind: 'explain'; readonly plan: number; readonly ruleId: string }
  | { readonly kind: 'load-draft'; readonly name: string; readonly bytes: Uint8Array }
  | { readonly kind: 'clear-draft' }
  | { readonly kind: 'read-xlsx'; readonly name: string; readonly bytes: Uint8Array; readonly exceljsUrl: string };

export type EngineResult = Catalogue | ValidateResponse | ExplainResponse | DraftResponse | ReadResponse | null;

/** Worker → pane: a reply to request `id`, a progress report, or a failure in plain words. */
export type EngineMessage =
  | { readonly id: number; readonly kind: 'result'; readonly result: EngineResult }
  | { readonly id: number; readonly kind: 'progress'; readonly done: number; readonly total: number }
  | { readonly id: number; readonly kind: 'failure'; readonly message: string };
