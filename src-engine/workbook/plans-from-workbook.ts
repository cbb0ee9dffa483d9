/**
 * A workbook snapshot → the plans the engine judges. Shared by the CLI (after exceljs has read the file) and the
 * add-in (after Office.js has read the open workbook), so both name, locate and judge the same plans.
 *
 * A workbook is one job plan (the template's sheets), a register (one plan per row), or job plans laid out one per
 * sheet (read with the same single-plan map when the template's sheets are absent). Unless the caller forces a map,
 * the sheet names decide: a `Register`-like sheet makes it a register.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CellMap } from '../model/cells.js';
import type { PlanInput } from '../evaluate/evaluate.js';
import { chooseMapByFit } from './choose-map.js';
import { extractPlans } from './extract.js';
import { RESULTS_SHEET_NAME, type WorkbookSnapshot } from './snapshot.js';
import { isRegisterMap, normaliseLabel, type WorkbookMap } from './workbook-map.js';

export { RESULTS_SHEET_NAME };

export interface WorkbookPlans {
  readonly plans: PlanInput[];
  /** Problems with the workbook as a whole (no plan found, a register sheet without a header row, …). */
  readonly diagnostics: Diagnostic[];
  /** The id of the map used (`jobplan-template`, `jobplan-register`, or a Trust's own). */
  readonly mapUsed: string;
  /** True when the workbook was read as a register (one plan per row). */
  readonly isRegister: boolean;
}

export interface MapChoice {
  /** The single-plan map, or a Trust's own map. */
  readonly map: WorkbookMap;
  /** The register map auto-selection may swap in; omit to always use `map`. */
  readonly registerMap?: WorkbookMap;
  /**
   * Maps to choose from by fit (chooseMapByFit): the one that reads the most is used, `map` when none reads a plan.
   * Given, it replaces the choice by sheet names.
   */
  readonly candidates?: readonly WorkbookMap[];
}

/** The map a workbook is read with: `map` itself, unless it is a single-plan map and the workbook has a register sheet. */
export function chooseMap(snapshot: WorkbookSnapshot, map: WorkbookMap, registerMap: WorkbookMap | undefined): WorkbookMap {
  if (!registerMap || isRegisterMap(map)) return map;
  const names = new Set(snapshot.sheets.map((s) => normaliseLabel(s.name)));
  const isRegister = registerMap.sheets.some((s) => [s.sheet, ...(s.aliases ?? [])].some((n) => names.has(normaliseLabel(n))));
  return isRegister ? registerMap : map;
}

/**
 * Extracts the plans of one workbook. `readDiagnostics` are the reader's own problems with the file (an unreadable
 * cell, say): a single plan carries them, a register reports them once for the workbook.
 */
export function plansFromWorkbook(workbook: WorkbookSnapshot, choice: MapChoice, readDiagnostics: readonly Diagnostic[] = []): WorkbookPlans {
  const snapshot: WorkbookSnapshot = { ...workbook, sheets: workbook.sheets.filter((s) => s.name.trim().toLowerCase() !== RESULTS_SHEET_NAME) };
  const fitted = choice.candidates && choice.candidates.length > 0 ? chooseMapByFit(snapshot, choice.candidates) : null;
  const chosen = fitted ? fitted.map : chooseMap(snapshot, choice.map, choice.registerMap);
  const extracted = extractPlans(snapshot, chosen);
  const source = snapshot.source;
  noteHiddenSheets(snapshot, extracted);
  // Named when a map other than the defaults won, so a Trust's own map is never used without a word.
  if (fitted && fitted.fits.length > 1 && chosen.map !== choice.map.map && chosen.map !== choice.registerMap?.map) {
    const [best, next] = fitted.fits;
    extracted.diagnostics.unshift({
      code: 'workbook_map_chosen',
      severity: 'info',
      message: `read with the map '${best!.map}', which found ${best!.score} values${next ? ` (the next best, '${next.map}', found ${next.score})` : ''}; choose another with --map`,
      location: { file: source, line: 1, col: 1 },
    });
  }
  if (!isRegisterMap(chosen) && extracted.plans.length > 1) {
    // Job plans laid out one per sheet: each a whole plan, named by its sheet when it has no reference of its own.
    const plans: PlanInput[] = extracted.plans.map((p) => ({ plan: p.plan, cells: p.cells, source, ...(p.ref !== undefined ? { ref: p.ref } : {}), ...(p.diagnostics ? { diagnostics: p.diagnostics } : {}), ...(p.unread ? { unread: p.unread } : {}) }));
    return { plans, diagnostics: [...readDiagnostics, ...extracted.diagnostics], mapUsed: chosen.map, isRegister: true };
  }
  if (!isRegisterMap(chosen)) {
    // One plan per workbook: the workbook's problems are the plan's.
    const single = extracted.plans[0];
    if (!single) return { plans: [], diagnostics: [...readDiagnostics, ...extracted.diagnostics], mapUsed: chosen.map, isRegister: false };
    return { plans: [{ plan: single.plan, cells: single.cells, source, ...(single.ref !== undefined ? { ref: single.ref } : {}), diagnostics: [...readDiagnostics, ...(single.diagnostics ?? []), ...extracted.diagnostics], ...(single.unread ? { unread: single.unread } : {}) }], diagnostics: [], mapUsed: chosen.map, isRegister: false };
  }
  // A register: each row is judged only on what a row can hold (kind 'register-row').
  const plans: PlanInput[] = extracted.plans.map((row) => ({
    plan: row.plan, cells: row.cells, source, kind: 'register-row',
    ...(row.ref !== undefined ? { ref: row.ref } : {}),
    ...(row.diagnostics ? { diagnostics: row.diagnostics } : {}),
    ...(row.unread ? { unread: row.unread } : {}),
  }));
  return { plans, diagnostics: [...readDiagnostics, ...extracted.diagnostics], mapUsed: chosen.map, isRegister: true };
}

/**
 * A hidden or very hidden sheet that values were read from is noted: what was checked is then not what the user
 * sees in Excel (and a very hidden sheet cannot be shown from Excel's menus at all).
 */
function noteHiddenSheets(snapshot: WorkbookSnapshot, extracted: { plans: readonly { cells: CellMap }[]; diagnostics: Diagnostic[] }): void {
  const hidden = new Map(snapshot.sheets.filter((s) => s.state !== undefined).map((s) => [s.name, s.state!]));
  if (hidden.size === 0) return;
  const read = new Set<string>();
  for (const plan of extracted.plans) {
    for (const ref of Object.values(plan.cells)) if (hidden.has(ref.sheet)) read.add(ref.sheet);
    if (read.size === hidden.size) break;
  }
  for (const [name, state] of hidden) {
    if (!read.has(name)) continue;
    extracted.diagnostics.unshift({
      code: 'workbook_hidden_sheet',
      severity: 'info',
      message: state === 'veryHidden'
        ? `values were read from the sheet '${name}', which is very hidden: Excel's Unhide does not list it (only the VBA editor can show it). Check that it holds the plan you mean`
        : `values were read from the sheet '${name}', which is hidden in Excel (Format > Hide & Unhide > Unhide Sheet shows it). Check that it holds the plan you mean`,
      location: { file: snapshot.source, sheet: name, cell: 'A1' },
    });
  }
}
