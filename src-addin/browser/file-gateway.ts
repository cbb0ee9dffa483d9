/**
 * The WorkbookGateway for an .xlsx file chosen in an ordinary browser (outside Excel). The file is read in the
 * engine's worker with exceljs's browser build into the same snapshot the CLI makes; nothing is uploaded and the
 * file is never changed. There is no selection: the pane shows a finding's cell reference instead.
 */
import type { Diagnostic } from '../../src-engine/index.js';
import type { CellTarget, ReadResult, WorkbookGateway } from '../excel/workbook-gateway.js';

export interface FileGateway extends WorkbookGateway {
  readonly kind: 'file';
  /** sha256 of the file's bytes once read (the report's input stamp). */
  readonly sha256: string | null;
}

export type XlsxReader = (name: string, bytes: Uint8Array) => Promise<{ snapshot: ReadResult['snapshot']; diagnostics: readonly Diagnostic[]; sha256: string }>;

/** A gateway over the file's bytes; `read` may be called again (re-validation reads the same bytes). */
export function createFileGateway(name: string, bytes: Uint8Array, reader: XlsxReader): FileGateway {
  let sha256: string | null = null;
  return {
    kind: 'file',
    title: name,
    get sha256() {
      return sha256;
    },
    async read(): Promise<ReadResult> {
      // The worker may take the bytes (transfer); keep our own copy for a re-read.
      const read = await reader(name, bytes.slice());
      sha256 = read.sha256;
      return { snapshot: read.snapshot, diagnostics: read.diagnostics };
    },
    async select(_target: CellTarget): Promise<boolean> {
      return false;
    },
  };
}
