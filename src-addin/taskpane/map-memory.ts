/**
 * Where the pane remembers the workbook map a user loaded. Inside Excel: in the workbook itself, as an add-in setting
 * (Office.context.document.settings: per add-in and per document, saved into the document with saveAsync and written
 * to disk when the user saves the workbook), so the map follows the workbook to the next session and to colleagues.
 * Outside Excel (an .xlsx chosen in a browser): in memory, for this session only; the chosen file is never changed.
 *
 * Only the map's file name and text are kept; the engine parses and checks it again when it is recalled.
 */
import type { MapFile } from '../worker/protocol.js';

export interface MapMemory {
  /** 'workbook': kept with the open workbook; 'session': until the page is closed. */
  readonly scope: 'workbook' | 'session';
  /** The map remembered, or null. */
  recall(): Promise<MapFile | null>;
  remember(file: MapFile): Promise<void>;
  forget(): Promise<void>;
}

/** The setting's name in the workbook's add-in settings. */
export const MAP_SETTING = 'jobplan.map';

/** The subset of Office.Settings (Office common API, any Excel since 2013) the memory uses. */
export interface DocumentSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback?: (result: { status: unknown; error?: { message: string } | null }) => void): void;
}

/** A map remembered in the document's add-in settings (saved with the workbook). */
export function documentMapMemory(settings: DocumentSettings): MapMemory {
  const save = (): Promise<void> => new Promise((resolve, reject) => {
    settings.saveAsync((result) => {
      // Office.AsyncResultStatus.Failed is the string 'failed'.
      if (result.status === 'failed') reject(new Error(result.error?.message ?? 'Excel did not save the add-in settings'));
      else resolve();
    });
  });
  return {
    scope: 'workbook',
    async recall() {
      return asMapFile(settings.get(MAP_SETTING));
    },
    async remember(file) {
      settings.set(MAP_SETTING, { name: file.name, text: file.text });
      await save();
    },
    async forget() {
      if (settings.get(MAP_SETTING) === null || settings.get(MAP_SETTING) === undefined) return;
      settings.remove(MAP_SETTING);
      await save();
    },
  };
}

/** A map remembered for this page only (outside Excel). */
export function sessionMapMemory(): MapMemory {
  let kept: MapFile | null = null;
  return {
    scope: 'session',
    async recall() {
      return kept;
    },
    async remember(file) {
      kept = { name: file.name, text: file.text };
    },
    async forget() {
      kept = null;
    },
  };
}

/** The document settings of the open workbook, when Office provides them (inside Excel). */
export function officeDocumentSettings(): DocumentSettings | null {
  if (typeof Office === 'undefined') return null;
  const settings = (Office.context?.document as { settings?: DocumentSettings } | undefined)?.settings;
  return settings && typeof settings.get === 'function' && typeof settings.saveAsync === 'function' ? settings : null;
}

/** A stored setting that is not a map file (edited by hand, another add-in version) is treated as none. */
function asMapFile(value: unknown): MapFile | null {
  if (typeof value !== 'object' || value === null) return null;
  const { name, text } = value as { name?: unknown; text?: unknown };
  return typeof name === 'string' && typeof text === 'string' ? { name, text } : null;
}
