/**
 * Judging a register on two threads, when asked for with JOBPLAN_THREADS=2 (see wantsWorker: one thread is the
 * default, and measured faster on two cores). Both threads read the same files (reading is the cheaper half: the worker's
 * copy costs its own core, not the main thread's time), and the plans are cut into chunks of CHUNK_PLANS in reading
 * order. Each thread claims the next chunk it reaches that the other has not claimed (an atomic compare-and-swap
 * on a shared array), judges it, and the main thread writes every chunk in order: its own from its buffer, the
 * worker's from its messages. The faster thread simply judges more chunks. The engine being a pure function of each
 * plan, the output is the same byte for byte as one thread's (test/node/pipeline.test.ts).
 *
 * Should the worker fail to start or stop half-way, the main thread judges the chunks it had not finished: the main
 * thread holds every plan of the file it is on, so no plan is ever lost.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EvaluateOptions, PlanTally } from '../evaluate/evaluate.js';

/** Plans a chunk: small enough to balance two threads, large enough that messages are few. */
export const CHUNK_PLANS = 1_000;

/**
 * How many chunks the worker may judge ahead of what the main thread has written: what it judges ahead waits in
 * memory as JSON, so a fast worker on a slow main thread would otherwise hold a whole register's output.
 */
export const WORKER_LEAD_CHUNKS = 4;

/** Below this many bytes of input files a second thread costs more to start than it saves. */
export const WORKER_FROM_BYTES = 512 * 1024;

export interface JudgeWorkerData {
  readonly paths: readonly string[];
  readonly policies: readonly string[] | undefined;
  readonly map: string | undefined;
  readonly policy: { readonly id: string; readonly version?: string } | null;
  /** Evaluate options without callbacks (they cannot cross threads). */
  readonly options: EvaluateOptions;
  /** Keep condition traces in the JSON lines. */
  readonly trace: boolean;
  readonly chunk: number;
  /** The run's bound on plans: plans past it are not judged. */
  readonly limit: number;
  /** One Int32 per chunk: 0 unclaimed, 1 the main thread's, 2 the worker's; the last: the chunks written so far. */
  readonly claims: SharedArrayBuffer;
}

export interface WorkerBatch {
  readonly kind: 'batch';
  readonly chunk: number;
  readonly refs: string[];
  /**
   * The chunk's plans as JSON lines joined by PLAN_LINE_SEPARATOR, already UTF-8: encoded on the worker's core and
   * handed over without a copy (its buffer is transferred), so the main thread only writes it.
   */
  readonly bytes: Uint8Array;
  readonly tallies: PlanTally[];
}

/** Between two plans' lines in a streamed report (ReportJsonStream.planText writes the same). */
export const PLAN_LINE_SEPARATOR = ',\n    ';

type WorkerMessage = WorkerBatch | { readonly kind: 'done' } | { readonly kind: 'failed'; readonly message: string };

export const MAIN = 1;
export const WORKER = 2;

/**
 * Whether to judge on a second thread: only when asked (JOBPLAN_THREADS=2), with two cores and enough input. Off by
 * default since the per-plan work got cheaper: measured on 2 cores (npm run bench, 2026-12-06), one thread was faster
 * at 10,000, 100,000 and 300,000 plans (2.76 s against 3.84 s; 13.5 s against 14.4 s; 39.4 s against 44.9 s) and used
 * 40% less CPU and a third less memory, because the second thread reads every file again.
 */
export function wantsWorker(inputBytes: number): boolean {
  if (process.env['JOBPLAN_THREADS'] !== '2') return false;
  return availableParallelism() >= 2 && inputBytes >= WORKER_FROM_BYTES;
}

/** The main thread's side: claims chunks, and hands over the worker's judged chunks in order. */
export class JudgeWorker {
  readonly #claims: Int32Array;
  readonly #chunk: number;
  readonly #worker: Worker | null;
  readonly #ready = new Map<number, WorkerBatch>();
  #finished = false;
  #wake: (() => void) | null = null;

  constructor(data: Omit<JudgeWorkerData, 'claims' | 'chunk'>, chunk = CHUNK_PLANS) {
    this.#chunk = chunk;
    const claims = new SharedArrayBuffer(4 * (Math.ceil(data.limit / chunk) + 2));
    this.#claims = new Int32Array(claims);
    let worker: Worker | null = null;
    try {
      worker = new Worker(new URL('./judge-worker.js', import.meta.url), { workerData: { ...data, chunk, claims } satisfies JudgeWorkerData });
    } catch {
      worker = null;
    }
    this.#worker = worker;
    if (!worker) {
      this.#finished = true;
      return;
    }
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'batch') this.#ready.set(message.chunk, message);
      else this.#finish();
      this.#notify();
    });
    worker.on('error', () => this.#finish());
    worker.on('exit', () => this.#finish());
  }

  #finish(): void {
    this.#finished = true;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  /** The main thread has written every chunk before `k`: the worker may judge up to WORKER_LEAD_CHUNKS past it. */
  written(k: number): void {
    const slot = this.#claims.length - 1;
    Atomics.store(this.#claims, slot, k);
    Atomics.notify(this.#claims, slot);
  }

  chunkOf(index: number): number {
    return Math.floor(index / this.#chunk);
  }

  /** Claims chunk `k` for the main thread: false when the worker claimed it first (take() then hands it over). */
  claim(k: number): boolean {
    const previous = Atomics.compareExchange(this.#claims, k, 0, MAIN);
    return previous !== WORKER;
  }

  /** Whether the worker's chunk `k` has arrived (or never will: take() then returns null at once). */
  hasChunk(k: number): boolean {
    return this.#ready.has(k) || this.#finished;
  }

  /**
   * The worker's judged chunk `k` (claimed by it), once it has sent it; null when the worker stopped without it,
   * so the main thread judges it itself.
   */
  async take(k: number): Promise<WorkerBatch | null> {
    for (;;) {
      const batch = this.#ready.get(k);
      if (batch) {
        this.#ready.delete(k);
        return batch;
      }
      if (this.#finished) return null;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  /** Stops the worker (at the end of the run, or when the run stops early). */
  async close(): Promise<void> {
    // Every chunk past the end is the main thread's: a worker still reading stops claiming.
    this.#claims.fill(MAIN);
    this.written(Number.MAX_SAFE_INTEGER >>> 1);
    if (this.#worker) await this.#worker.terminate();
  }
}
