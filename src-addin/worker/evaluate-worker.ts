/**
 * The Web Worker the task pane evaluates in (a classic worker, built as one IIFE file). It owns the engine: the
 * bundled policies are compiled here, snapshots are posted in, reports are posted back, with progress as it goes.
 */
/// <reference lib="webworker" />
import type { EngineMessage, EngineRequest } from './protocol.js';
import { handleRequest } from './handle-request.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** exceljs's browser build, loaded with importScripts the first time an .xlsx is read (outside Excel only). */
async function loadExcelJs(url: string): Promise<unknown> {
  const global = scope as unknown as { ExcelJS?: unknown };
  if (global.ExcelJS) return global.ExcelJS;
  // The dev server runs this worker as a module, where importScripts is not allowed; its UMD sets self.ExcelJS
  // when imported too. (Dropped from the build, whose classic worker must not even contain import().)
  if (import.meta.env.DEV) await import(/* @vite-ignore */ url);
  else scope.importScripts(url);
  return global.ExcelJS;
}

scope.onmessage = async (event: MessageEvent<{ id: number; request: EngineRequest }>) => {
  const { id, request } = event.data;
  const post = (message: EngineMessage): void => scope.postMessage(message);
  try {
    const result = await handleRequest(request, { loadExcelJs, onProgress: (done, total) => post({ id, kind: 'progress', done, total }) });
    post({ id, kind: 'result', result });
  } catch (error) {
    post({ id, kind: 'failure', message: error instanceof Error ? error.message : String(error) });
  }
};
