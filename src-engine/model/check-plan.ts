/**
 * Checks a job plan given as data (a JSON file, a policy test case) against the schema and the rules of the
 * model that a schema cannot express (readable frequencies, real calendar dates).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { validateAgainstSchema } from '../validation/json-schema.js';
import { isIsoDate } from './dates.js';
import { parseFrequency } from './frequency.js';
import type { JobPlan } from './job-plan.js';
import { jobPlanSchema } from './job-plan-schema.js';

const SCHEMA = jobPlanSchema();

export interface PlanProblem {
  /** JSON pointer into the plan. */
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export function checkJobPlan(data: unknown): PlanProblem[] {
  const problems: PlanProblem[] = validateAgainstSchema(SCHEMA, data).map((e) => ({ path: e.path, code: 'plan_schema_error', message: `${e.path || 'the plan'} ${e.message}` }));
  if (problems.length > 0) return problems;
  const plan = data as JobPlan;
  (plan.activities ?? []).forEach((a, i) => {
    const f = parseFrequency(a.frequency);
    if (!f.ok) problems.push({ path: `/activities/${i}/frequency`, code: 'plan_bad_frequency', message: f.message });
  });
  walkDates(data, '', problems);
  return problems;
}

function walkDates(value: unknown, path: string, problems: PlanProblem[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => walkDates(v, `${path}/${i}`, problems));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walkDates(v, `${path}/${k}`, problems);
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !isIsoDate(value)) {
    problems.push({ path, code: 'plan_bad_date', message: `${path} '${value}' is not a real calendar date` });
  }
}

/** Frequency problems found while extracting from a workbook, as cell diagnostics. */
export function frequencyDiagnostics(plan: JobPlan, cells: Readonly<Record<string, { sheet: string; cell: string }>>, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  (plan.activities ?? []).forEach((a, i) => {
    const f = parseFrequency(a.frequency);
    const ref = cells[`activities[${i}].frequency`];
    if (!f.ok) out.push({ code: 'workbook_bad_frequency', severity: 'error', message: `Frequency: ${f.message}`, ...(ref ? { location: { file, ...ref } } : {}) });
  });
  return out;
}
