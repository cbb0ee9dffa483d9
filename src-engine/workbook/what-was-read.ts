/**
 * "What was read": the plans a workbook yielded as a user checks them against the sheet. Each field with its value
 * and cell, each table row, each model field not found, each cell that could not be read and why, and the problems
 * found while reading. `jobplan extract` prints it; the add-in shows it. Registers list their columns and a sample
 * of rows, not every row of a 100,000-row file.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PlanInput } from '../evaluate/evaluate.js';
import { planRefOf } from '../evaluate/evaluate.js';
import type { CellRef } from '../model/cells.js';
import { PLAN_FIELDS, PLAN_LISTS, type FieldSpec, type PlanListName } from '../model/job-plan.js';
import type { UnreadValue } from './extract-context.js';
import type { WorkbookPlans } from './plans-from-workbook.js';

export interface FieldReading {
  readonly field: string;
  readonly label: string;
  /** The value read, null when the label was found but its cell is empty. */
  readonly value: string | number | boolean | null;
  readonly cell: CellRef;
}

export interface ListReading {
  readonly list: PlanListName;
  /** The header row (or the grid), when found. */
  readonly cell: CellRef | null;
  readonly rows: readonly { readonly cell: CellRef | null; readonly values: Readonly<Record<string, string | number | boolean | null>> }[];
}

export interface PlanReading {
  readonly ref: string;
  readonly practitioner: string | null;
  readonly fields: readonly FieldReading[];
  readonly lists: readonly ListReading[];
  /** Model fields no label or column was found for (the plan's rules cannot see them). */
  readonly notFound: readonly { readonly field: string; readonly label: string }[];
  readonly unread: readonly UnreadValue[];
  readonly problems: readonly Diagnostic[];
}

export interface WorkbookReading {
  readonly source: string;
  readonly map: string;
  readonly isRegister: boolean;
  /** All plans read; `plans` holds the first few in detail. */
  readonly planCount: number;
  readonly plans: readonly PlanReading[];
  readonly problems: readonly Diagnostic[];
}

/** How many plans of a register are described in detail. */
const SAMPLE_PLANS = 5;

export function describeReading(source: string, read: WorkbookPlans, sample = SAMPLE_PLANS): WorkbookReading {
  return {
    source,
    map: read.mapUsed,
    isRegister: read.isRegister,
    planCount: read.plans.length,
    plans: read.plans.slice(0, read.isRegister ? sample : read.plans.length).map(describePlan),
    problems: read.diagnostics,
  };
}

function describePlan(input: PlanInput): PlanReading {
  const plan = input.plan as Record<string, unknown>;
  const fields: FieldReading[] = [];
  const notFound: { field: string; label: string }[] = [];
  const rowCell = input.kind === 'register-row' ? null : undefined;
  for (const [field, spec] of Object.entries(PLAN_FIELDS) as [string, FieldSpec][]) {
    const cell = input.cells[field];
    const own = cell && (rowCell === undefined || !cell.cell.includes(':'));
    if (own) fields.push({ field, label: spec.label, value: (plan[field] as FieldReading['value'] | undefined) ?? null, cell });
    else notFound.push({ field, label: spec.label });
  }
  const lists: ListReading[] = [];
  for (const list of Object.keys(PLAN_LISTS) as PlanListName[]) {
    const rows = (plan[list] as Record<string, unknown>[] | undefined) ?? [];
    const header = input.cells[list];
    if (input.kind === 'register-row' || (!header && rows.length === 0)) continue;
    lists.push({
      list,
      cell: header ?? null,
      rows: rows.map((row, i) => ({ cell: input.cells[`${list}[${i}]`] ?? null, values: row as Record<string, string | number | boolean | null> })),
    });
  }
  return { ref: planRefOf(input), practitioner: input.plan.practitioner_name ?? null, fields, lists, notFound, unread: input.unread ?? [], problems: input.diagnostics ?? [] };
}
