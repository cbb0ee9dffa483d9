import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractJobPlan } from '../../src-engine/workbook/extract.js';
import type { CellValue, WorkbookSnapshot } from '../../src-engine/workbook/snapshot.js';
import { parseWorkbookMap } from '../../src-engine/workbook/workbook-map.js';

const mapFile = join(import.meta.dirname, '..', '..', 'workbook-maps', 'jobplan-template.yaml');
const { map } = parseWorkbookMap(readFileSync(mapFile, 'utf8'), 'workbook-maps/jobplan-template.yaml');

function sheet(name: string, rows: CellValue[][]) {
  return { name, rows };
}

const details = sheet('Details', [
  ['Job plan'],
  ['Field', 'Value'],
  ['Practitioner name:', 'Dr A Example'],
  ['  Contracted PAs ', 10],
  ['Job plan meeting date', '01/06/2017'],
  ['Grade', 'Consultant'],
]);
const signoff = sheet('Sign-off', [['Signed by practitioner', 42896], ['Signed by clinical manager', '2017-06-29']]);

describe('extraction finds data by label and header text, not by address', () => {
  it('reads fields by label wherever they are, ignoring case, spaces and a trailing colon', () => {
    const wb: WorkbookSnapshot = { source: 'x.xlsx', sheets: [details, signoff, sheet('Timetable', [['Day', 'Activity', 'PAs']])] };
    const { plan, diagnostics } = extractJobPlan(wb, map!);
    expect(diagnostics).toEqual([]);
    expect(plan!.plan).toMatchObject({ practitioner_name: 'Dr A Example', contracted_pas: 10, meeting_date: '2017-06-01', grade: 'Consultant', signed_practitioner_date: '2017-06-10', signed_manager_date: '2017-06-29' });
    expect(plan!.cells['meeting_date']).toEqual({ sheet: 'Details', cell: 'B5' });
    expect(plan!.cells['signed_manager_date']).toEqual({ sheet: 'Sign-off', cell: 'B2' });
  });

  it('never reads a value as a label, even when it reads like one', () => {
    const tricky = sheet('Details', [['Care group', 'Grade'], ['Grade', 'Consultant']]);
    const { plan } = extractJobPlan({ source: 'x.xlsx', sheets: [tricky, signoff, sheet('Timetable', [['Day', 'PAs']])] }, map!);
    expect(plan!.plan).toMatchObject({ care_group: 'Grade', grade: 'Consultant' });
  });

  it('finds a table by its header row wherever the columns are, and stops at a Total row', () => {
    const timetable = sheet('Weekly timetable', [
      ['My Trust job plan'],
      [],
      ['Notes', 'PA value', 'Activity description', 'Day', 'Work categorisation', 'Frequency'],
      [null, 1, 'Ward round', 'Monday', 'DCC', null],
      [null, null, null, null, null, null],
      ['covering Dr B', 0.5, 'Clinic', 'Tuesday', 'Direct clinical care', '1 in 2'],
      ['Total PAs', 1.5],
      [null, 9, 'ignored', 'Friday', 'DCC'],
    ]);
    const wb: WorkbookSnapshot = { source: 'x.xlsx', sheets: [details, signoff, timetable] };
    const { plan, diagnostics } = extractJobPlan(wb, map!);
    expect(diagnostics).toEqual([]);
    expect(plan!.plan.activities).toEqual([
      { pas: 1, activity: 'Ward round', day: 'Monday', category: 'DCC' },
      { notes: 'covering Dr B', pas: 0.5, activity: 'Clinic', day: 'Tuesday', category: 'DCC', frequency: '1 in 2' },
    ]);
    expect(plan!.cells['activities[1].pas']).toEqual({ sheet: 'Weekly timetable', cell: 'B6' });
    expect(plan!.cells['activities[1]']).toEqual({ sheet: 'Weekly timetable', cell: 'A6:F6' });
  });

  it('an unreadable value is a diagnostic naming the sheet and cell, and the rest is still read', () => {
    const bad = sheet('Details', [['Job plan meeting date', '31/02/2017'], ['Contracted PAs', 'ten'], ['Grade', 'Consultant']]);
    const wb: WorkbookSnapshot = { source: 'plan.xlsx', sheets: [bad, signoff, sheet('Timetable', [['Day', 'PAs'], ['Monday', 1], ['Tuesday', 1], ['Wed', 1]].map((r) => r.concat([])) as CellValue[][])] };
    const { plan, diagnostics } = extractJobPlan(wb, map!);
    expect(diagnostics.map((d) => [d.code, d.location])).toEqual([
      ['workbook_bad_date', { file: 'plan.xlsx', sheet: 'Details', cell: 'B1' }],
      ['workbook_bad_number', { file: 'plan.xlsx', sheet: 'Details', cell: 'B2' }],
    ]);
    expect(plan!.plan.grade).toBe('Consultant');
    expect(plan!.plan.meeting_date).toBeUndefined();
  });

  it('a workbook that is not a job plan names the sheets it expected and the ones it found', () => {
    const wb: WorkbookSnapshot = { source: 'budget.xlsx', sheets: [sheet('Budget', [['Cost centre', 'Amount']])] };
    const { plan, diagnostics } = extractJobPlan(wb, map!);
    expect(plan).toBeNull();
    expect(diagnostics.map((d) => d.code)).toEqual(['workbook_not_a_job_plan']);
    expect(diagnostics[0]!.message).toMatch(/none of the sheets 'Details', 'Timetable', 'Sign-off' were found; it has 'Budget'/);
  });

  it('a job plan missing one required sheet names that sheet and its aliases', () => {
    const wb: WorkbookSnapshot = { source: 'p.xlsx', sheets: [details, sheet('Timetable', [['Day', 'PAs']])] };
    const { plan, diagnostics } = extractJobPlan(wb, map!);
    expect(plan).toBeNull();
    expect(diagnostics.map((d) => d.code)).toEqual(['workbook_missing_sheet']);
    expect(diagnostics[0]!.message).toMatch(/no sheet named 'Sign-off' \(or 'Sign off',.*the workbook has 'Details', 'Timetable'/);
  });

  it('flags a timetable frequency it cannot read at its cell', () => {
    const timetable = sheet('Timetable', [['Day', 'Activity', 'Frequency', 'PAs'], ['Monday', 'Clinic', 'Monthly', 1]]);
    const { diagnostics } = extractJobPlan({ source: 'p.xlsx', sheets: [details, signoff, timetable] }, map!);
    expect(diagnostics.map((d) => [d.code, d.location])).toEqual([['workbook_bad_frequency', { file: 'p.xlsx', sheet: 'Timetable', cell: 'C2' }]]);
  });
});
