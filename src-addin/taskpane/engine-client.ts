/**
 * The pane's handle on the engine: a Web Worker when the browser has one (so judging a big register never blocks
 * the pane), else the same engine on the page, yielding to the event loop every few plans. Failures come back as
 * rejected promises with a plain-words message, for the pane to show.
 */
import exceljsUrl from 'exceljs/dist/exceljs.min.js?url';
import type { Catalogue, DraftResponse, EngineMessage, EngineRequest, EngineResult, ExplainResponse, ImpactRequest, ImpactResponse, MapResponse, ReadResponse, ValidateRequest, ValidateResponse } from '../worker/protocol.js';

export type Progress = (done: number, total: number) => void;

export interface EngineClient {
  /** 'worker' or 'page' (no Worker support: chunked on the page). */
  readonly mode: 'worker' | 'page';
  catalogue(): Promise<Catalogue>;
  validate(request: ValidateRequest, onProgress?: Progress): Promise<ValidateResponse>;
  explain(plan: number, ruleId: string): Promise<ExplainResponse>;
  /** The workbook's plans judged by two versions of a policy: what would change. */
  impact?(request: ImpactRequest, onProgress?: Progress): Promise<ImpactResponse>;
  loadDraft(name: string, bytes: Uint8Array): Promise<DraftResponse>;
  clearDraft(): Promise<void>;
  /** Checks a workbook map file: its id, or its problems with line:col. */
  checkMap(name: string, bytes: Uint8Array): Promise<MapResponse>;
  readXlsx(name: string, bytes: Uint8Array): Promise<ReadResponse>;
}

type Send = (request: EngineRequest, onProgress?: Progress) => Promise<EngineResult>;

export function createEngineClient(options: { forcePage?: boolean } = {}): EngineClient {
  const url = new URL(exceljsUrl, document.baseURI).href;
  let send: Send;
  let mode: 'worker' | 'page';
  if (typeof Worker !== 'undefined' && options.forcePage !== true) {
    send = workerSender();
    mode = 'worker';
  } else {
    send = pageSender();
    mode = 'page';
  }
  return {
    mode,
    catalogue: async () => (await send({ kind: 'catalogue' })) as Catalogue,
    validate: async (request, onProgress) => (await send({ kind: 'validate', request }, onProgress)) as ValidateResponse,
    impact: async (request, onProgress) => (await send({ kind: 'impact', request }, onProgress)) as ImpactResponse,
    explain: async (plan, ruleId) => (await send({ kind: 'explain', plan, ruleId })) as ExplainResponse,
    loadDraft: async (name, bytes) => (await send({ kind: 'load-draft', name, bytes })) as DraftResponse,
    clearDraft: async () => void (await send({ kind: 'clear-draft' })),
    checkMap: async (name, bytes) => (await send({ kind: 'check-map', name, bytes })) as MapResponse,
    readXlsx: async (name, bytes) => (await send({ kind: 'read-xlsx', name, bytes, exceljsUrl: url })) as ReadResponse,
  };
}

function workerSender(): Send {
  // Built: a classic worker (one IIFE file, for older Office webviews). The dev server serves the worker's TypeScript
  // as ES modules, which only a module worker can load.
  const worker = import.meta.env.DEV
    ? new Worker(new URL('../worker/evaluate-worker.ts', import.meta.url), { type: 'module', name: 'jobplan-engine' })
    : new Worker(new URL('../worker/evaluate-worker.ts', import.meta.url), { name: 'jobplan-engine' });
  let next = 1;
  const pending = new Map<number, { resolve: (r: EngineResult) => void; reject: (e: Error) => void; onProgress?: Progress | undefined }>();
  worker.onmessage = (event: MessageEvent<EngineMessage>) => {
    const message = event.data;
    const waiting = pending.get(message.id);
    if (!waiting) return;
    if (message.kind === 'progress') waiting.onProgress?.(message.done, message.total);
    else {
      pending.delete(message.id);
      if (message.kind === 'result') waiting.resolve(message.result);
      else waiting.reject(new Error(message.message));
    }
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    const reason = new Error(`the checking engine stopped unexpectedly (${event.message || 'the worker could not start'}); reload the pane and try again`);
    for (const waiting of pending.values()) waiting.reject(reason);
    pending.clear();
  };
  return (request, onProgress) => new Promise((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject, onProgress });
    worker.postMessage({ id, request });
  });
}

function pageSender(): Send {
  let queue: Promise<unknown> = Promise.resolve();
  return (request, onProgress) => {
    // One request at a time, as in the worker.
    const run = queue.then(async () => {
      const { handleRequest } = await import('../worker/handle-request.js');
      return handleRequest(request, {
        loadExcelJs: loadScriptGlobal,
        // Yield to the event loop between chunks of plans, so the pane stays responsive.
        onProgress: async (done, total) => {
          onProgress?.(done, total);
          await new Promise((r) => setTimeout(r, 0));
        },
      });
    });
    queue = run.catch(() => undefined);
    return run;
  };
}

async function loadScriptGlobal(url: string): Promise<unknown> {
  const global = window as unknown as { ExcelJS?: unknown };
  if (global.ExcelJS) return global.ExcelJS;
  await new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('the Excel file reader could not be loaded; check your connection and reload the page'));
    document.head.appendChild(script);
  });
  return global.ExcelJS;
}
