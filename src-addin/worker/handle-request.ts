/** One request to the engine → its result; shared by the worker and the on-page fallback. */
import { sha256Hex } from '../../src-engine/index.js';
import { readXlsxBytes, type ExcelJsModule } from '../browser/xlsx-snapshot.js';
import { EngineService } from './engine-service.js';
import type { EngineRequest, EngineResult } from './protocol.js';

export interface RequestContext {
  /** Loads exceljs's browser build from `url` and returns its global. */
  readonly loadExcelJs: (url: string) => unknown | Promise<unknown>;
  readonly onProgress: (done: number, total: number) => void | Promise<void>;
}

let service: EngineService | null = null;

export async function handleRequest(request: EngineRequest, context: RequestContext): Promise<EngineResult> {
  service ??= new EngineService();
  switch (request.kind) {
    case 'catalogue':
      return service.catalogue();
    case 'validate':
      return service.validate(request.request, { onProgress: context.onProgress });
    case 'impact':
      return service.impact(request.request, { onProgress: context.onProgress });
    case 'explain':
      return service.explain(request.plan, request.ruleId);
    case 'load-draft':
      return service.loadDraft(request.name, request.bytes);
    case 'clear-draft':
      service.clearDraft();
      return null;
    case 'check-map':
      return service.checkMap(request.name, request.bytes);
    case 'read-xlsx': {
      const exceljs = (await context.loadExcelJs(request.exceljsUrl)) as ExcelJsModule | undefined;
      if (!exceljs?.Workbook) throw new Error('the Excel file reader (exceljs) could not be loaded; reload the page and try again');
      const read = await readXlsxBytes(exceljs, request.bytes, request.name);
      return { ...read, sha256: sha256Hex(request.bytes) };
    }
  }
}
