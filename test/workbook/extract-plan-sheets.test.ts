/**
 * Job plans laid out one per sheet: read with the template's own map, each sheet one plan, and judged exactly as the
 * same plan in the template's own workbook.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOB_PLANS_BY_SHEET } from '../../scripts/generate-examples.js';
import { loadRunContext } from '../../src-engine/cli/run-context.js';
import { evaluatePlans } from '../../src-engine/evaluate/evaluate.js';
import { readPlans } from '../../src-engine/node/read-plans.js';
import { extractPlans } from '../../src-engine/workbook/extract.js';
import type { CellValue, WorkbookSnapshot } from '../../src-engine/workbook/snapshot.js';
import { parseWorkbookMap } from '../../src-engine/workbook/workbook-map.js';

const root = join(import.meta.dirname, '..', '..');
const { map } = parseWorkbookMap(readFileSync(join(root, 'workbook-maps', 'jobplan-template.yaml'), 'utf8'), 'workbook-maps/jobplan-template.yaml');
const book = (sheets: { name: string; rows: CellValue[][] }[]): WorkbookSnapshot => ({ source: 'directorate.xlsx', sheets });

const consultant = (name: string, extra: CellValue[][] = []): { name: string; rows: CellValue[][] } => ({
  name,
  rows: [
    ['Job plan'],
    ['Practitioner name', `Dr ${name}`],
    ['Contracted PAs', 10],
    ['Job plan meeting date', '01/06/2026'],
    [],
    ['Weekly timetable'],
    ['Day', 'Session', 'Activity', 'Category', 'PAs'],
    ['Monday', 'AM', 'Outpatient clinic', 'DCC', 1],
    ['Monday', 'PM', 'Ward round', 'DCC', 1],
    [],
    ...extra,
    ['Signed by practitioner', '10/06/2026'],
    ['Signed by clinical manager', '12/06/2026'],
  ],
});

describe('a workbook of job plans, one per sheet', () => {
  it('reads each sheet that holds a plan, names it by its sheet, and says which sheets it skipped', () => {
    const { plans, diagnostics } = extractPlans(book([{ name: 'Contents', rows: [['Sheet', 'Specialty'], ['Adams', 'Psychiatry']] }, consultant('Adams'), consultant('Baker')]), map!);
    expect(plans.map((p) => [p.ref, p.plan.practitioner_name, p.plan.contracted_pas, p.plan.signed_manager_date])).toEqual([
      ['Adams', 'Dr Adams', 10, '2026-06-12'],
      ['Baker', 'Dr Baker', 10, '2026-06-12'],
    ]);
    expect(plans[1]!.cells['activities[1].pas']).toEqual({ sheet: 'Baker', cell: 'E9' });
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['workbook_sheets_skipped', 'info']]);
    expect(diagnostics[0]!.message).toContain("'Contents'");
  });

  it('ends a table at its first blank row, so the next section is not read as timetable rows', () => {
    const { plans } = extractPlans(book([consultant('Adams', [['Objectives'], ['Type', 'Objective', 'Measure', 'Due date'], ['personal', 'Audit', 'Report to governance', '31/03/2027'], []])]), map!);
    expect(plans[0]!.plan.activities).toHaveLength(2);
    expect(plans[0]!.plan.objectives).toEqual([{ kind: 'personal', objective: 'Audit', measure: 'Report to governance', due_date: '2027-03-31' }]);
    // No annualised table on the sheet: the timetable's header (Activity, Category …) is not taken for one.
    expect(plans[0]!.plan.annualised_activities).toEqual([]);
  });

  it('does not read a table column header as a plan field (an additional PAs "End date" is not the review date)', () => {
    const apas: CellValue[][] = [['Additional PAs'], ['PAs', 'Reason', 'Start date', 'End date'], [1, 'Waiting list initiative', '01/07/2026', '31/12/2026'], []];
    const { plans } = extractPlans(book([consultant('Adams', apas)]), map!);
    expect(plans[0]!.plan.additional_pas).toHaveLength(1);
    expect(plans[0]!.plan).not.toHaveProperty('review_date');
    expect(plans[0]!.plan).not.toHaveProperty('start_date');
    expect(plans[0]!.diagnostics).toEqual([]);
    expect(plans[0]!.cells['start_date']).toBeUndefined();
  });

  it('still says "not a job plan" for a workbook with no plan on any sheet', () => {
    const { plans, diagnostics } = extractPlans(book([{ name: 'Budget', rows: [['Cost centre', 'Budget'], ['Psychiatry', 120000]] }]), map!);
    expect(plans).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(['workbook_not_a_job_plan']);
  });

  it('judges every plan of examples/job-plans-by-sheet.xlsx exactly as its own workbook is judged', async () => {
    const context = loadRunContext({ map: undefined });
    const today = '2026-11-23';
    const bySheet = await readPlans([join(root, 'examples', 'job-plans-by-sheet.xlsx')], context.map!);
    expect(bySheet.plans).toHaveLength(JOB_PLANS_BY_SHEET.length);
    const combined = await evaluatePlans(bySheet.plans, context.library, { today, groups: 'off' });
    const singles = await readPlans(JOB_PLANS_BY_SHEET.map((stem) => join(root, 'examples', `${stem}.xlsx`)), context.map!);
    const separate = await evaluatePlans(singles.plans, context.library, { today, groups: 'off' });
    const judged = (r: typeof combined) => r.plans.map((p) => ({ ref: p.ref, findings: p.findings.map((f) => [f.ruleId, f.message]), diagnostics: p.diagnostics.map((d) => d.code) }));
    expect(judged(combined)).toEqual(judged(separate));
    expect(combined.plans.flatMap((p) => p.findings).length).toBeGreaterThan(5);
    // Every finding points at the plan's own sheet.
    for (const plan of combined.plans) for (const f of plan.findings) for (const c of f.cells) expect(c.sheet).toMatch(/^Dr /);
  });
});

describe("the add-in's results sheet", () => {
  it('is never read as job plan data: a workbook saved with it is judged as before', async () => {
    const { plansFromWorkbook } = await import('../../src-engine/workbook/plans-from-workbook.js');
    const plan = consultant('Adams');
    const results = { name: 'jobplan results', rows: [['jobplan validation results'], ['Practitioner name', 'Dr Results'], ['Day', 'Session', 'Activity', 'Category', 'PAs'], ['Monday', 'AM', 'x', 'DCC', 9]] as CellValue[][] };
    const before = plansFromWorkbook(book([plan]), { map: map! });
    const after = plansFromWorkbook(book([plan, results]), { map: map! });
    expect(after.plans.map((p) => p.plan)).toEqual(before.plans.map((p) => p.plan));
    expect(after.diagnostics).toEqual(before.diagnostics);
  });
});
