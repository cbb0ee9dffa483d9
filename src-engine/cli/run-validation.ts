/**
 * One validation run as validate performs it and audit replay repeats it: inputs + options → a stamped report.
 *
 * The plans flow from the reader to the output a file at a time: each file's plans are judged and handed on (or
 * kept, for a caller that wants the whole report), and the run keeps only what its end needs: counts, the policy
 * versions used, and per plan a small summary for the register's group rules and for finding one plan in several
 * files. A register streamed as JSON is judged on two threads when the machine has them (node/plan-stream.ts).
 */
import { statSync } from 'node:fs';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { PlanEvaluation, planRefOf, type EvaluateOptions, type JudgedPlan, type PlanInput } from '../evaluate/evaluate.js';
import type { JudgedGroup } from '../evaluate/evaluate-groups.js';
import type { IsoDate } from '../model/dates.js';
import { displayPath } from '../node/load-policy-files.js';
import { JudgeWorker, wantsWorker } from '../node/plan-stream.js';
import { sha256OfRegularFile } from '../node/input-file.js';
import { readPlanFiles } from '../node/read-plans.js';
import type { PolicyLibrary } from '../policy/policy-library.js';
import type { EvaluationReport, InputStamp, PlanResult } from '../report/report.js';
import { findDuplicatePlans } from '../report/duplicate-plans.js';
import { planJson, type ReportHead } from '../report/report-json.js';
import { ENGINE_VERSION } from '../version.js';
import { loadRunContext } from './run-context.js';

/**
 * The most plans one run judges. A run keeps about 0.6 KB a plan to its end (the group rules' summary and the
 * duplicate check; measured over three files of 100,000), so a million plans keep about 600 MB; a national register
 * of every consultant, SAS doctor and Agenda for Change clinician (about 300,000) keeps under 200 MB. Past the bound the run stops with
 * an error saying so, rather than slowing a shared machine to a crawl.
 */
export const MAX_PLANS_PER_RUN = 1_000_000;

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
   * Stream the plans instead of keeping them: `onHead` is called once before any plan is judged, then each plan's
   * result goes to `onPlan` (or, given `onPlanJson`, its JSON line as planJson makes it: then a second thread may
   * judge some of them); the returned report's `plans` is then empty.
   */
  readonly stream?: {
    readonly onHead: (head: ReportHead) => void | Promise<void>;
    readonly onPlan: (plan: PlanResult, input: PlanInput) => void | Promise<void>;
    readonly onPlanJson?: {
      readonly trace: boolean;
      readonly write: (json: string) => void | Promise<void>;
      /** `count` plans' lines from another thread, joined by ',\n    ' and already UTF-8. */
      readonly writeBlock: (bytes: Uint8Array, count: number) => void | Promise<void>;
    };
  };
  /** Called with the policy library once it is loaded, before any plan is read. */
  readonly onLibrary?: (library: PolicyLibrary) => void;
  /** Called with every group a group rule judged (the committee report's coverage tables). */
  readonly onGroup?: (group: JudgedGroup) => void;
  /** The bound on plans per run (default MAX_PLANS_PER_RUN; tests lower it). */
  readonly maxPlans?: number;
}

export async function runValidation(request: ValidationRequest): Promise<EvaluationReport> {
  return (await runValidationWithInputs(request)).report;
}

/** As runValidation, also returning the plans read and the policies (when not streamed, every plan is kept). */
export async function runValidationWithInputs(request: ValidationRequest): Promise<{ report: EvaluationReport; inputs: readonly PlanInput[]; library: PolicyLibrary }> {
  const context = loadRunContext({ policies: request.policies, map: request.map, policy: request.policy });
  if (hasErrors(context.diagnostics) || !context.map) return { report: emptyReport(request.today, request.asOf, context.diagnostics), inputs: [], library: context.library };
  request.onLibrary?.(context.library);
  const reading = readPlanFiles(request.paths, context.map);
  const head: ReportHead = {
    engineVersion: ENGINE_VERSION, evaluatedAt: new Date().toISOString(), asOf: request.asOf, today: request.today,
    inputs: reading.files.map(stampFile),
    options: { policy: request.policy, map: stampFile(context.mapPath), policiesDirs: context.policiesDirs.map(displayPath), illustrative: request.illustrative === true },
  };
  const stream = request.stream;
  if (stream) await stream.onHead(head);
  const options: EvaluateOptions = {
    today: request.today, asOf: request.asOf, policy: request.policy, illustrative: request.illustrative === true, evaluatedAt: head.evaluatedAt,
    ...(request.traces === false ? { traces: false } : {}),
  };
  const limit = request.maxPlans ?? MAX_PLANS_PER_RUN;
  const evaluation = new PlanEvaluation(context.library, options);
  const kept: PlanResult[] = [];
  const inputs: PlanInput[] = [];
  // For the duplicate check, in reading order: only a plan with a reference can be a copy, and only its dates count.
  const copies: PlanInput[] = [];
  const refs: string[] = [];
  const noCells = {};
  const noCopy: PlanInput = { plan: {}, cells: noCells, source: '' };
  const remember = (input: PlanInput, ref: string): void => {
    const p = input.plan;
    copies.push(p.plan_ref ? { plan: { plan_ref: p.plan_ref, meeting_date: p.meeting_date ?? null, signed_practitioner_date: p.signed_practitioner_date ?? null, signed_manager_date: p.signed_manager_date ?? null }, cells: noCells, source: input.source, kind: input.kind ?? 'plan' } : noCopy);
    refs.push(p.plan_ref ? ref : '');
  };
  const emit = async (judged: JudgedPlan, input: PlanInput): Promise<void> => {
    evaluation.record(judged);
    if (!stream) {
      kept.push(judged.result);
      inputs.push(input);
    } else if (stream.onPlanJson) await stream.onPlanJson.write(planJson(judged.result, { trace: stream.onPlanJson.trace }));
    else await stream.onPlan(judged.result, input);
  };

  let count = 0;
  let stopped = false;
  let stoppedAt: string | null = null;
  const inputBytes = reading.files.reduce((n, f) => n + fileSize(f), 0);
  const worker = stream?.onPlanJson && wantsWorker(inputBytes)
    ? new JudgeWorker({ paths: request.paths, policies: request.policies, map: request.map, policy: request.policy, options, trace: stream.onPlanJson.trace, limit })
    : null;
  try {
    if (!worker) {
      outer: for await (const plans of reading.batches()) {
        // A file that would take the run past the bound is not begun: minutes of judging would end in a refusal.
        if (count + plans.length > limit) {
          stopped = true;
          stoppedAt = plans[0]?.source ?? null;
          break;
        }
        for (let j = 0; j < plans.length; j++) {
          const input = plans[j]!;
          // Let each plan go once judged: a file's plans are not all held to its end.
          plans[j] = undefined as unknown as PlanInput;
          if (count++ >= limit) {
            stopped = true;
            break outer;
          }
          remember(input, planRefOf(input));
          await emit(await evaluation.judge(input), input);
        }
      }
    } else {
      stopped = await judgeWithWorker(worker, reading.batches(), limit, evaluation, remember, emit, stream!.onPlanJson!.writeBlock);
    }
  } finally {
    await worker?.close();
  }
  if (stopped) {
    const bound = limit.toLocaleString('en-GB');
    reading.diagnostics.push(stoppedAt !== null
      ? { code: 'input_too_many_plans', severity: 'error', message: `${displayPath(stoppedAt)} would take this run past ${bound} job plans (${count.toLocaleString('en-GB')} checked before it), so it and any files after it were not checked. Check the register in parts (by organisation or region), each under ${bound} plans` }
      : { code: 'input_too_many_plans', severity: 'error', message: `more than ${bound} job plans in one run: the first ${bound} were checked and the rest were not. Check the register in parts (by organisation or region), each under ${bound} plans` });
  }
  // Nothing read is never success: no plan from any input is bad input (exit 2), said once.
  if (evaluation.plans === 0 && !hasErrors(reading.diagnostics)) {
    reading.diagnostics.push({ code: 'input_no_plans', severity: 'error', message: `no job plans were read from ${request.paths.join(', ')}: name job plan workbooks (.xlsx), registers (.xlsx, .csv) or JSON plans, or a folder holding them` });
  }
  // A plan found in several files is checked in each, but counted once by the group rules (a warning says which copy).
  const duplicates = findDuplicatePlans(copies, refs);
  const evaluated = await evaluation.finish([...context.diagnostics, ...reading.diagnostics, ...duplicates.diagnostics], kept, { countInGroups: duplicates.countInGroups, ...(request.onGroup ? { onGroup: request.onGroup } : {}) });
  const { plans, groups, diagnostics, summary, policies } = evaluated;
  const report: EvaluationReport = { ...head, policies, plans, groups, diagnostics, summary };
  return { report, inputs, library: context.library };
}

/**
 * The two-thread loop (see plan-stream.ts): chunks the main thread claims are judged here and held until every
 * chunk before them is written; chunks the worker claimed are written from its messages, or judged here should the
 * worker stop without them. Returns whether the run stopped at its bound.
 */
async function judgeWithWorker(
  worker: JudgeWorker, batches: AsyncGenerator<PlanInput[]>, limit: number, evaluation: PlanEvaluation,
  remember: (input: PlanInput, ref: string) => void, emit: (judged: JudgedPlan, input: PlanInput) => Promise<void>, writeBlock: (bytes: Uint8Array, count: number) => void | Promise<void>,
): Promise<boolean> {
  interface Chunk { readonly k: number; readonly ours: boolean; readonly inputs: PlanInput[]; readonly refs: string[]; readonly judged: JudgedPlan[] }
  const pending: Chunk[] = [];
  let current = null as Chunk | null;
  let index = 0;
  let stopped = false;
  const writeChunk = async (chunk: Chunk, batch: Awaited<ReturnType<JudgeWorker['take']>>): Promise<void> => {
    if (chunk.ours) {
      for (let j = 0; j < chunk.inputs.length; j++) await emit(chunk.judged[j]!, chunk.inputs[j]!);
      return;
    }
    // The worker read the same plans: should its refs differ (the file changed between the two reads), judge here.
    const same = batch !== null && batch.refs.length === chunk.refs.length && batch.refs.every((r, j) => r === chunk.refs[j]);
    if (same) {
      for (const tally of batch.tallies) evaluation.recordElsewhere(tally);
      await writeBlock(batch.bytes, batch.refs.length);
      return;
    }
    for (let j = 0; j < chunk.inputs.length; j++) await emit(await evaluation.judge(chunk.inputs[j]!), chunk.inputs[j]!);
  };
  /** Writes the chunks at the head of the queue that are ready (all of them, waiting for the worker, when `all`). */
  const drain = async (all: boolean): Promise<void> => {
    while (pending.length > 0) {
      const head = pending[0]!;
      if (head === current && !all) return;
      if (head.ours) {
        pending.shift();
        await writeChunk(head, null);
        worker.written(head.k + 1);
        continue;
      }
      if (!all && !worker.hasChunk(head.k)) return;
      pending.shift();
      await writeChunk(head, await worker.take(head.k));
      worker.written(head.k + 1);
    }
  };
  outer: for await (const plans of batches) {
    for (let j = 0; j < plans.length; j++) {
      const input = plans[j]!;
      plans[j] = undefined as unknown as PlanInput;
      const i = index++;
      if (i >= limit) {
        stopped = true;
        break outer;
      }
      const k = worker.chunkOf(i);
      if (current?.k !== k) {
        current = { k, ours: worker.claim(k), inputs: [], refs: [], judged: [] };
        pending.push(current);
        // Let the worker's messages in, then write what is ready: the chunks held here stay few.
        await new Promise<void>((resolve) => setImmediate(resolve));
        await drain(false);
      }
      const ref = planRefOf(input);
      remember(input, ref);
      current.inputs.push(input);
      current.refs.push(ref);
      if (current.ours) current.judged.push(await evaluation.judge(input));
    }
  }
  current = null;
  await drain(true);
  return stopped;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function stampFile(path: string): InputStamp {
  // Read from one opened descriptor in constant memory, and only if it is an ordinary file: a FIFO or a device named
  // as an input (which the reader has refused) must not block or be read for ever here. Unreadable now (permissions
  // changed, or removed): the reader has said so for the plans; the stamp says so too.
  return { path: displayPath(path), sha256: sha256OfRegularFile(path) ?? 'unreadable' };
}

function emptyReport(today: string, asOf: string | null, diagnostics: Diagnostic[]): EvaluationReport {
  const count = (s: string) => diagnostics.filter((d) => d.severity === s).length;
  return {
    engineVersion: ENGINE_VERSION, evaluatedAt: new Date().toISOString(), asOf, today, policies: [], plans: [], groups: [], diagnostics,
    summary: { plans: 0, findings: { error: 0, warning: 0, info: 0 }, groupFindings: { error: 0, warning: 0, info: 0 }, diagnostics: { error: count('error'), warning: count('warning'), info: count('info') } },
  };
}
