/**
 * What extraction accumulates for one plan while it reads a workbook's sections: the plan's values, the cell of each,
 * the problems found, the cells that could not be read, and the map's value translations. Every section reader
 * (fields, tables, grids) writes through `setValue`, so coercion, translation and "could not be read" are one rule.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CellRef } from '../model/cells.js';
import type { FieldSpec } from '../model/job-plan.js';
import { coerceCell, shorten } from './coerce.js';
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from './snapshot.js';
import { normaliseLabel, type WorkbookMap } from './workbook-map.js';

/** A value the plan needs that the workbook holds but jobplan could not read, and why. */
export interface UnreadValue {
  /** CellMap key of the value (`contracted_pas`, `activities[3].pas`). */
  readonly key: string;
  /** Where it should be; null when its whole section is missing. */
  readonly cell: CellRef | null;
  readonly reason: string;
}

export interface Context {
  readonly file: string;
  readonly diagnostics: Diagnostic[];
  readonly plan: Record<string, unknown>;
  readonly cells: Record<string, CellRef>;
  /** Values that could not be read (a formula Excel never calculated): the rules built on them are not judged. */
  readonly unread?: UnreadValue[];
  /** The map's translations, keyed by normalised field key then normalised text. */
  readonly translations?: Translations;
  /** Per sheet, the cells holding formulas without a saved result. */
  readonly uncalculated?: ReadonlyMap<string, ReadonlySet<string>>;
}

export type Translations = ReadonlyMap<string, ReadonlyMap<string, string | number | boolean>>;

/** The map's `values:` as lookup tables (field key → normalised text → value). */
export function translationsOf(map: WorkbookMap): Translations {
  const out = new Map<string, Map<string, string | number | boolean>>();
  for (const [key, table] of Object.entries(map.values ?? {})) {
    out.set(key, new Map(Object.entries(table).map(([text, value]) => [normaliseLabel(text), value])));
  }
  return out;
}

/** Per sheet name, the set of its uncalculated formula cells. */
export function uncalculatedOf(snapshot: WorkbookSnapshot): ReadonlyMap<string, ReadonlySet<string>> {
  return new Map(snapshot.sheets.filter((s) => s.uncalculated && s.uncalculated.length > 0).map((s: SheetSnapshot) => [s.name, new Set(s.uncalculated)]));
}

/** A new plan's context for one workbook read with one map. */
export function newContext(snapshot: WorkbookSnapshot, map: WorkbookMap): Context {
  return { file: snapshot.source, diagnostics: [], plan: {}, cells: {}, unread: [], translations: translationsOf(map), uncalculated: uncalculatedOf(snapshot) };
}

/**
 * Sets `target[field]` from a cell: translated by the map (`values:` under `translationKey`, default the field),
 * coerced to the field's type, with a note for anything read other than literally and an error for what cannot be
 * read. A formula cell with no saved result is never read as blank: it is reported and remembered as unread.
 */
export function setValue(ctx: Context, target: Record<string, unknown>, field: string, raw: CellValue, spec: FieldSpec, ref: CellRef, keys: { readonly translation?: string; readonly cell?: string } = {}): void {
  if (raw === null && ctx.uncalculated?.get(ref.sheet)?.has(ref.cell)) {
    const reason = `the formula in ${ref.sheet}!${ref.cell} has no saved result (the file was not calculated in Excel)`;
    ctx.unread?.push({ key: keys.cell ?? field, cell: ref, reason });
    ctx.diagnostics.push({
      code: 'workbook_formula_not_calculated',
      severity: 'warning',
      message: `${spec.label}: the cell holds a formula with no saved result, so its value is unknown; open and save the workbook in Excel, then check it again`,
      location: { file: ctx.file, sheet: ref.sheet, cell: ref.cell },
    });
    return;
  }
  const translated = translate(ctx, keys.translation ?? field, raw);
  const result = coerceCell(translated, spec.type);
  if (result.ok) {
    if (result.value !== null) target[field] = result.value;
    if (result.note) ctx.diagnostics.push({ code: 'workbook_value_read_as', severity: 'info', message: `${spec.label}: ${result.note}`, location: { file: ctx.file, sheet: ref.sheet, cell: ref.cell } });
    return;
  }
  ctx.diagnostics.push({ code: result.code, severity: 'error', message: `${spec.label}: ${result.message}`, location: { file: ctx.file, sheet: ref.sheet, cell: ref.cell } });
  // The cell holds something: judging its rules as if it were blank would count an unreadable '7,5 PAs' as 0 PAs.
  ctx.unread?.push({ key: keys.cell ?? field, cell: ref, reason: unreadableReason(raw, spec) });
}

/**
 * Why a value that is there could not be read, for a rule's "not judged" line. The cell is not named here: the
 * finding carries it, printed as the file's own kind of address (`Sheet!B4`, or `file.csv:9:8`).
 */
export function unreadableReason(raw: CellValue, spec: FieldSpec): string {
  return `${spec.label.toLowerCase()} '${shorten(String(raw))}' could not be read`;
}

function translate(ctx: Context, key: string, raw: CellValue): CellValue {
  if (raw === null || typeof raw === 'boolean') return raw;
  const table = ctx.translations?.get(key);
  if (!table) return raw;
  const hit = table.get(normaliseLabel(String(raw)));
  return hit === undefined ? raw : hit;
}
