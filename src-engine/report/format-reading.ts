/** "What was read" as text: `jobplan extract` prints it, so a user can check a map against the sheet. */
import { formatCellAt, formatDiagnostic } from '../diagnostics/diagnostic.js';
import { formatUkDate, isIsoDate } from '../model/dates.js';
import { PLAN_LISTS, type FieldSpec } from '../model/job-plan.js';
import type { PlanReading, WorkbookReading } from '../workbook/what-was-read.js';

const LIST_TITLES: Readonly<Record<string, string>> = {
  activities: 'Timetable', annualised_activities: 'Annualised activities', additional_pas: 'Additional PAs', objectives: 'Objectives',
};

function shown(value: unknown): string {
  if (value === null || value === undefined) return '(empty)';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' && isIsoDate(value)) return formatUkDate(value);
  const text = String(value).replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function formatReadingText(reading: WorkbookReading): string {
  const lines: string[] = [];
  lines.push(`${reading.source}: read with the map '${reading.map}': ${plural(reading.planCount, 'plan')}${reading.isRegister && reading.planCount > reading.plans.length ? ` (the first ${reading.plans.length} shown)` : ''}`);
  if (reading.planCount === 0) lines.push('  No job plan was read from this workbook: nothing can be judged. See the problems below, or write a map: jobplan map suggest <workbook>');
  for (const plan of reading.plans) lines.push('', ...planLines(reading.source, plan));
  if (reading.problems.length > 0) lines.push('', 'Problems with the workbook:', ...reading.problems.map((d) => `  ${formatDiagnostic(d)}`));
  return lines.join('\n');
}

function planLines(file: string, plan: PlanReading): string[] {
  const at = (ref: { sheet: string; cell: string } | null): string => (ref ? formatCellAt(file, ref.sheet, ref.cell) : '');
  const out = [`${plan.ref}${plan.practitioner && plan.practitioner !== plan.ref ? `  (${plan.practitioner})` : ''}`];
  out.push(`  Fields found: ${plan.fields.length}`);
  const width = Math.min(34, Math.max(0, ...plan.fields.map((f) => f.label.length)));
  for (const f of plan.fields) out.push(`    ${f.label.padEnd(width)}  ${shown(f.value).padEnd(24)}  ${at(f.cell)}`);
  for (const list of plan.lists) {
    const fields = PLAN_LISTS[list.list] as Record<string, FieldSpec>;
    out.push(`  ${LIST_TITLES[list.list] ?? list.list}: ${plural(list.rows.length, 'row')}${list.cell ? ` (header ${at(list.cell)})` : ''}`);
    list.rows.forEach((row, i) => {
      const values = Object.entries(row.values).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `${fields[k]?.label ?? k}: ${shown(v)}`);
      out.push(`    ${String(i + 1).padStart(2)}. ${values.join(' | ')}${row.cell ? `  ${at(row.cell)}` : ''}`);
    });
  }
  if (plan.unread.length > 0) {
    out.push(`  Could not be read (${plan.unread.length}):`);
    for (const u of plan.unread) out.push(`    ${u.cell ? `${at(u.cell)}: ` : ''}${u.reason}`);
  }
  if (plan.problems.length > 0) {
    out.push(`  Problems (${plan.problems.length}):`);
    for (const d of plan.problems) out.push(`    ${formatDiagnostic(d)}`);
  }
  out.push(`  Not found (${plan.notFound.length}): ${plan.notFound.map((f) => f.label).join('; ') || 'none'}`);
  return out;
}

/** For the add-in's "What was read" view: values shown as here (dates DD/MM/YYYY, long text cut), lists titled as here. */
export { shown as shownReadingValue, LIST_TITLES as READING_LIST_TITLES };
