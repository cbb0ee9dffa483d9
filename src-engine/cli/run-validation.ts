/** One validation run as validate performs it and audit replay repeats it: inputs + options → a stamped report. */
import { readFileSync } from 'node:fs';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { evaluatePlans, planRefOf, type EvaluateOptions, type PlanInput } from '../evaluate/evaluate.js';
import type { GroupOptions } from '../evaluate/evaluate-groups.js';
import type { IsoDate } from '../model/dates.js';
import { displayPath } from '../node/load-policy-files.js';
import { readPlans } from '../node/read-plans.js';
import { sha256Hex } from '../policy/hash.js';
import type { PolicyLibrary } from '../policy/policy-library.js';
import type { EvaluationReport, InputStamp, PlanResult } from '../report/report.js';
import { findDuplicatePlans } from '../report/duplicate-plans.js';
import type { ReportHead } from '../report/report-json.js';
import { ENGINE_VERSION } from '../version.js';
import { loadRunContext } from './run-context.js';

export interface ValidationRequest {
  readonly paths: readonly string[];
  readonly today: IsoDate;
  readonly asOf: IsoDate | null;
  readonly policy: { readonly id: string; readonly version?: string } | null;
  readonly policies?: readonly string[] | undefined;
  readonly map?: string | undefined;
  readonly illustrative?: boolean;
  /** Keep condition traces on findings (default true). */
  readonly traces?: boolean;
  /**
   * Stream the plans instead of keeping them: `onHead` is called once the inputs are read (before any plan is
   * judged), `onPlan` with each plan's result; the returned report's `plans` is then empty.
   */
  readonly stream?: {
    readonly onHead: (head: ReportHead) => void | Promise<void>;
    readonly onPlan: (plan: PlanResult) => void | Promise<void>;
  };
}

export async function runValidation(request: ValidationRequest): Promise<EvaluationReport> {
  return (await runValidationWithInputs(request)).report;
}

/** As runValidation, also returning the plans read and the policies (the register report summarises them). */
export async function runValidationWithInputs(request: ValidationRequest): Promise<{ report: EvaluationReport; inputs: readonly PlanInput[]; library: PolicyLibrary }> {
  const context = loadRunContext({ policies: request.policies, map: request.map, policy: request.policy });
  if (hasErrors(context.diagnostics) || !context.map) return { report: emptyReport(request.today, request.asOf, context.diagnostics), inputs: [], library: context.library };
  const read = await readPlans(request.paths, context.map);
  // Nothing read is never success: no plan from any input is bad input (exit 2), said once.
  if (read.plans.length === 0 && !hasErrors(read.diagnostics)) {
    read.diagnostics.push({ code: 'input_no_plans', severity: 'error', message: `no job plans were read from ${request.paths.join(', ')}: name job plan workbooks (.xlsx), registers (.xlsx, .csv) or JSON plans, or a folder holding them` });
  }
  const head: ReportHead = {
    engineVersion: ENGINE_VERSION, evaluatedAt: new Date().toISOString(), asOf: request.asOf, today: request.today,
    inputs: read.files.map(stampFile),
    options: { policy: request.policy, map: stampFile(context.mapPath), policiesDirs: context.policiesDirs.map(displayPath), illustrative: request.illustrative === true },
  };
  if (request.stream) await request.stream.onHead(head);
  // A plan found in several files is checked in each, but counted once by the group rules (a warning says which copy).
  const duplicates = findDuplicatePlans(read.plans, read.plans.map(planRefOf));
  const options: EvaluateOptions & Pick<GroupOptions, 'countInGroups'> = {
    today: request.today, asOf: request.asOf, policy: request.policy, illustrative: request.illustrative === true, evaluatedAt: head.evaluatedAt,
    ...(request.traces === false ? { traces: false } : {}), ...(request.stream ? { onPlan: request.stream.onPlan } : {}),
    countInGroups: duplicates.countInGroups, // evaluatePlans hands its options on to evaluateGroups
  };
  const evaluated = await evaluatePlans(read.plans, context.library, options, [...context.diagnostics, ...read.diagnostics, ...duplicates.diagnostics]);
  const { plans, groups, diagnostics, summary, policies } = evaluated;
  const report: EvaluationReport = { ...head, policies, plans, groups, diagnostics, summary };
  return { report, inputs: read.plans, library: context.library };
}

export function stampFile(path: string): InputStamp {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    // Unreadable now (permissions changed, or removed): the reader has said so for the plans; the stamp says so too.
    return { path: displayPath(path), sha256: 'unreadable' };
  }
  return { path: displayPath(path), sha256: sha256Hex(bytes) };
}

function emptyReport(today: string, asOf: string | null, diagnostics: Diagnostic[]): EvaluationReport {
  const count = (s: string) => diagnostics.filter((d) => d.severity === s).length;
  return {
    engineVersion: ENGINE_VERSION, evaluatedAt: new Date().toISOString(), asOf, today, policies: [], plans: [], groups: [], diagnostics,
    summary: { plans: 0, findings: { error: 0, warning: 0, info: 0 }, groupFindings: { error: 0, warning: 0, info: 0 }, diagnostics: { error: count('error'), warning: count('warning'), info: count('info') } },
  };
}
