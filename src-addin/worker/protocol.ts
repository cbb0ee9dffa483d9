/**
 * What the task pane and the evaluation engine say to each other. The engine runs in a Web Worker (so a 5,000-plan
 * register never blocks the pane, which Excel would restart after 5 s) or, where there is no Worker, on the page
 * itself in chunks; both speak these messages, so the pane does not know which.
 */
import type { Diagnostic, EvaluationReport, WorkbookReading, WorkbookSnapshot } from '../../src-engine/index.js';
import type { PlainExplanation } from '../../src-engine/report/format-explanation.js';
import type { PolicyImpact } from '../../src-engine/policy/impact.js';

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
  /** The workbook maps bundled at build time (every map in workbook-maps/), in the order they are tried. */
  readonly maps: readonly MapInfo[];
  /**
   * Problems with the bundled policies (none in a good build: the build refuses broken policies), and with a
   * Trust's map in workbook-maps/ that does not parse (left out, as the CLI leaves it out).
   */
  readonly diagnostics: readonly Diagnostic[];
}

/** A workbook map file the user loaded in the pane: its name and text (remembered for the workbook as such). */
export interface MapFile {
  readonly name: string;
  readonly text: string;
}

/** A workbook map as the pane names it: in the stamp, the map card and "What was read". */
export interface MapInfo {
  /** The map's id (`map:` in the file), e.g. `jobplan-template`, `bma-style-consultant`. */
  readonly id: string;
  readonly title: string | null;
  /** `workbook-maps/<file>` for a bundled map; the file's own name for a loaded one. */
  readonly path: string;
  /** sha256 of the map's text (UTF-8). */
  readonly sha256: string;
  /** Bundled with the add-in (chosen by fit), or loaded by the user with "Load a map file…". */
  readonly source: 'bundled' | 'loaded';
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
  /**
   * Read the workbook with this map (a file the user loaded), as the CLI's `--map` does; absent or null: the bundled
   * map that reads the workbook best (as the CLI does without `--map`).
   */
  readonly map?: MapFile | null;
  /** Fixed timestamp (tests); default now. */
  readonly evaluatedAt?: string;
}

export interface ValidateResponse {
  readonly report: EvaluationReport;
  /** The id of the map the workbook was read with (jobplan-template, jobplan-register, a Trust's own). */
  readonly mapUsed: string;
  /** That map: bundled (chosen by fit) or loaded. */
  readonly map: MapInfo;
  /** What was read: each field with its value and cell, table rows, fields not found, cells that could not be read. */
  readonly reading: WorkbookReading;
  readonly isRegister: boolean;
  /** Milliseconds spent extracting and judging, in the engine. */
  readonly elapsedMs: number;
}

export interface ExplainResponse {
  /** The Explain view (conditions with values seen, parameters, clause) as the CLI's `explain` prints it. */
  readonly text: string | null;
  /** The same in plain sentences for Medical HR (the pane shows these, with the text above behind a disclosure). */
  readonly plain?: PlainExplanation | null;
  readonly diagnostics: readonly Diagnostic[];
}

export interface DraftResponse {
  /** The draft's id and version when it compiled; null when it has errors. */
  readonly draft: VersionInfo & { readonly id: string; readonly title: string } | null;
  readonly diagnostics: readonly Diagnostic[];
}

export interface MapResponse {
  /** The map's id and file, with its text, when it parsed; null when it has errors (each with line:col). */
  readonly map: (MapInfo & { readonly text: string }) | null;
  readonly diagnostics: readonly Diagnostic[];
}

export interface ReadResponse {
  readonly snapshot: WorkbookSnapshot | null;
  readonly diagnostics: readonly Diagnostic[];
  /** sha256 of the file's bytes, for the report's input stamp. */
  readonly sha256: string;
}

/** The open workbook's plans judged by two versions of a policy (impact of a draft). */
export interface ImpactRequest {
  readonly snapshot: WorkbookSnapshot;
  readonly readDiagnostics: readonly Diagnostic[];
  readonly today: string;
  /** `id@version` of a bundled version, or 'draft' for the draft policy file loaded. */
  readonly from: string;
  readonly to: string;
  /** As for validate: a loaded map file, else the bundled map that reads the workbook best. */
  readonly map?: MapFile | null;
}

export interface ImpactResponse {
  readonly impact: PolicyImpact;
  readonly mapUsed: string;
  /** Plans read from the workbook. */
  readonly planCount: number;
  readonly elapsedMs: number;
}

export type EngineRequest =
  | { readonly kind: 'catalogue' }
  | { readonly kind: 'validate'; readonly request: ValidateRequest }
  | { readonly kind: 'impact'; readonly request: ImpactRequest }
  | { readonly kind: 'explain'; readonly plan: number; readonly ruleId: string }
  | { readonly kind: 'load-draft'; readonly name: string; readonly bytes: Uint8Array }
  | { readonly kind: 'clear-draft' }
  | { readonly kind: 'check-map'; readonly name: string; readonly bytes: Uint8Array }
  | { readonly kind: 'read-xlsx'; readonly name: string; readonly bytes: Uint8Array; readonly exceljsUrl: string };

export type EngineResult = Catalogue | ValidateResponse | ImpactResponse | ExplainResponse | DraftResponse | MapResponse | ReadResponse | null;

/** Worker → pane: a reply to request `id`, a progress report, or a failure in plain words. */
export type EngineMessage =
  | { readonly id: number; readonly kind: 'result'; readonly result: EngineResult }
  | { readonly id: number; readonly kind: 'progress'; readonly done: number; readonly total: number }
  | { readonly id: number; readonly kind: 'failure'; readonly message: string };
