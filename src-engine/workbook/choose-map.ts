/**
 * Which workbook map reads a workbook best. A Trust keeps one map per layout it uses (its consultant form, its
 * e-job-planning export, jobplan's own template and register); jobplan tries each on the first rows of every sheet
 * and reads the workbook with the one that finds the most of a plan. Ties go to the earlier map in the list.
 */
import { extractPlans } from './extract.js';
import { PLAN_FIELDS, PLAN_LISTS } from '../model/job-plan.js';
import type { WorkbookSnapshot } from './snapshot.js';
import type { WorkbookMap } from './workbook-map.js';

/** How many rows of each sheet the fit is measured on: enough for any single plan, a sample of a register. */
const PROBE_ROWS = 400;

export interface MapFit {
  readonly map: string;
  /** Fields with a value in the best plan read (list rows count one each, up to 10 a list). */
  readonly score: number;
  /** Plans read from the probe. */
  readonly plans: number;
}

export interface MapFitResult {
  readonly map: WorkbookMap;
  /** Every candidate's fit, best first. */
  readonly fits: readonly MapFit[];
}

/** The candidate that reads the most; null when none reads a plan at all. */
export function chooseMapByFit(snapshot: WorkbookSnapshot, candidates: readonly WorkbookMap[]): MapFitResult | null {
  const probe: WorkbookSnapshot = { ...snapshot, sheets: snapshot.sheets.map((s) => (s.rows.length > PROBE_ROWS ? { ...s, rows: s.rows.slice(0, PROBE_ROWS) } : s)) };
  const scored = candidates.map((map, order) => ({ map, order, fit: fitOf(probe, map) }));
  scored.sort((a, b) => b.fit.score - a.fit.score || a.order - b.order);
  const best = scored[0];
  if (!best || best.fit.plans === 0) return null;
  return { map: best.map, fits: scored.map((s) => s.fit) };
}

function fitOf(snapshot: WorkbookSnapshot, map: WorkbookMap): MapFit {
  const { plans } = extractPlans(snapshot, map);
  let score = 0;
  for (const p of plans) {
    const plan = p.plan as Record<string, unknown>;
    let n = 0;
    for (const field in PLAN_FIELDS) if (plan[field] !== undefined && plan[field] !== null) n += 1;
    for (const list in PLAN_LISTS) n += Math.min(10, (plan[list] as unknown[] | undefined)?.length ?? 0);
    score = Math.max(score, n);
  }
  return { map: map.map, score, plans: plans.length };
}
