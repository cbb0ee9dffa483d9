/**
 * A second thread for a register run: it reads the same files the main thread reads and judges every other chunk of
 * plans (the engine is a pure function of each plan, so either thread gives the same result), handing back each
 * chunk's JSON lines (as UTF-8) and the little the run keeps of it (counts, policy versions, the group rules' summary). The main
 * thread reads, judges its own chunks, and writes both in order. See plan-stream.ts for the main thread's side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { PlanEvaluation, planRefOf, tallyOf, type PlanInput, type PlanTally } from '../evaluate/evaluate.js';
import { planJson } from '../report/report-json.js';
import { loadRunContext } from '../cli/run-context.js';
import { readPlanFiles } from './read-plans.js';
import { PLAN_LINE_SEPARATOR, WORKER, WORKER_LEAD_CHUNKS, type JudgeWorkerData } from './plan-stream.js';

async function run(data: JudgeWorkerData): Promise<void> {
  const port = parentPort!;
  const context = loadRunContext({ policies: data.policies, map: data.map, policy: data.policy });
  if (hasErrors(context.diagnostics) || !context.map) {
    port.postMessage({ kind: 'failed', message: 'the policies or the map did not load in the worker' });
    return;
  }
  const evaluation = new PlanEvaluation(context.library, data.options);
  const reading = readPlanFiles(data.paths, context.map);
  const claims = new Int32Array(data.claims);
  let index = 0;
  let current = -1;
  let mine = false;
  let batch: { chunk: number; refs: string[]; json: string[]; tallies: PlanTally[] } | null = null;
  const encoder = new TextEncoder();
  const flush = (): void => {
    if (batch && batch.refs.length > 0) {
      const bytes = encoder.encode(batch.json.join(PLAN_LINE_SEPARATOR));
      port.postMessage({ kind: 'batch', chunk: batch.chunk, refs: batch.refs, bytes, tallies: batch.tallies }, [bytes.buffer]);
    }
    batch = null;
  };
  outer: for await (const plans of reading.batches()) {
    for (let j = 0; j < plans.length; j++) {
      const input = plans[j]!;
      plans[j] = undefined as unknown as PlanInput;
      const i = index++;
      if (i >= data.limit) break outer;
      const k = Math.floor(i / data.chunk);
      if (k !== current) {
        flush();
        current = k;
        // Stay within WORKER_LEAD_CHUNKS of what the main thread has written (unless it takes the chunk meanwhile).
        const slot = claims.length - 1;
        for (;;) {
          const written = Atomics.load(claims, slot);
          if (k - written <= WORKER_LEAD_CHUNKS || Atomics.load(claims, k) !== 0) break;
          Atomics.wait(claims, slot, written, 50);
        }
        mine = Atomics.compareExchange(claims, k, 0, WORKER) === 0;
        if (mine) batch = { chunk: k, refs: [], json: [], tallies: [] };
      }
      if (!mine) continue;
      const judged = await evaluation.judge(input);
      batch!.refs.push(planRefOf(input));
      batch!.json.push(planJson(judged.result, { trace: data.trace }));
      batch!.tallies.push(tallyOf(judged));
    }
  }
  flush();
  port.postMessage({ kind: 'done' });
}

run(workerData as JudgeWorkerData).catch((error: unknown) => {
  parentPort!.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
});
