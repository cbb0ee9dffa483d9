/**
 * The map language on layouts unlike jobplan's template: merged labels, several pairs per row, section-scoped labels,
 * sign-off rows with a Date label, AM/PM grids (category PA columns, markers in the text, week blocks), tables split
 * by sub-headings with repeated headers, Trust vocabularies, and formulas never calculated (not judged, never blank).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluatePlans } from '../../src-engine/evaluate/evaluate.js';
import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';
import { extractJobPlan } from '../../src-engine/workbook/extract.js';
import { plansFromWorkbook } from '../../src-engine/workbook/plans-from-workbook.js';
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '../../src-engine/workbook/snapshot.js';
import { parseWorkbookMap, type WorkbookMap } from '../../src-engine/workbook/workbook-map.js';

function mapOf(yaml: string): WorkbookMap {
  const { map, diagnostics } = parseWorkbookMap(yaml, 'trust.yaml');
  expect(diagnostics).toEqual([]);
  return map!;
}

const book = (...sheets: SheetSnapshot[]): WorkbookSnapshot => ({ source: 'trust.xlsx', sheets });
const sheet = (name: string, rows: CellValue[][], extra: Partial<SheetSnapshot> = {}): SheetSnapshot => ({ name, rows, ...extra });

describe('label and value pairs', () => {
  const map = mapOf(`
map: trust-form
version: 1
sheets:
  - sheet: Job Plan
    required: true
    kind: fields
    fields:
      practitioner_name: [Name]
      grade: [Grade]
      start_date: [Job plan effective from]
      declared_ed_pas: { labels: [External duties], section: [PA summary] }
      external_duties_statement: { labels: [External duties], section: [Other information] }
      signed_practitioner_date: { labels: ['Signed (Consultant)'], value: { after: [Date] } }
      signed_manager_date: { labels: ['Signed (Clinical Director)'], value: { after: [Date] } }
      review_date: { labels: [Review], value: below }
`);
  const rows: CellValue[][] = [
    ['1. Personal details'],
    ['Name:', 'S Jones', 'Grade:', 'Consultant'],
    ['Job plan effective from:', null, '01/06/2026'],
    ['PA summary'],
    ['External Duties', 0.5],
    ['Other information'],
    ['External duties:', 'Royal College examiner, 2 days a year'],
    ['Signed (Consultant):', 'S Jones', 'Date:', '12/05/2026'],
    ['Signed (Clinical Director):', 'Dr P Rao', 'Date:', '20/05/2026'],
    ['Review'],
    ['March 2027'],
  ];

  it('reads merged labels, several pairs a row, scoped labels, sign-off rows and values below', () => {
    const { plan, diagnostics } = extractJobPlan(book(sheet('Job Plan', rows, { merges: ['A1:D1', 'A3:B3'] })), map);
    expect(plan!.plan).toMatchObject({
      practitioner_name: 'S Jones', grade: 'Consultant', start_date: '2026-06-01', declared_ed_pas: 0.5,
      external_duties_statement: 'Royal College examiner, 2 days a year', signed_practitioner_date: '2026-05-12', signed_manager_date: '2026-05-20',
      review_date: '2027-03-31',
    });
    expect(plan!.cells['start_date']).toEqual({ sheet: 'Job Plan', cell: 'C3' });
    expect(plan!.cells['signed_manager_date']).toEqual({ sheet: 'Job Plan', cell: 'D9' });
    // A month alone is read, and said how: a review date by the end of March.
    expect(diagnostics.find((d) => d.code === 'workbook_value_read_as')?.message).toMatch(/31\/03\/2027/);
  });

  it('without the merge, the empty cell beside the label is its value: not recorded, never the next column', () => {
    const { plan } = extractJobPlan(book(sheet('Job Plan', rows)), map);
    expect(plan!.plan.start_date).toBeUndefined();
    expect(plan!.cells['start_date']).toEqual({ sheet: 'Job Plan', cell: 'B3' });
  });

  it('a label whose neighbour starts the next pair has no value (not "Grade:")', () => {
    const { plan } = extractJobPlan(book(sheet('Job Plan', [['Name:', 'Grade:', 'Consultant']])), map);
    expect(plan!.plan.practitioner_name).toBeUndefined();
    expect(plan!.plan.grade).toBe('Consultant');
  });

  it('the same label twice with no section to tell them apart is reported, not silently dropped', () => {
    const unscoped = mapOf(`
map: unscoped
version: 1
sheets:
  - sheet: Job Plan
    kind: fields
    fields:
      external_duties_statement: [External duties]
`);
    const { diagnostics } = extractJobPlan(book(sheet('Job Plan', rows)), unscoped);
    expect(diagnostics.map((d) => d.code)).toContain('map_label_ambiguous');
  });
});

describe('a grid timetable', () => {
  it('days in rows with per-day DCC and SPA PA columns give PAs by category', () => {
    const map = mapOf(`
map: grid
version: 1
sheets:
  - sheet: Timetable
    kind: grid
    list: activities
    sessions: { AM: [AM], PM: [PM] }
    category_pas: { DCC: [DCC PAs], SPA: [SPA PAs] }
`);
    const grid = sheet('Timetable', [
      ['Day', 'AM', 'PM', 'DCC PAs', 'SPA PAs'],
      ['Monday', 'Ward round', 'Clinic', 2, null],
      ['Tuesday', 'Theatre', 'Audit (SPA)', 1, 1],
      ['Total', null, null, 3, 1],
    ]);
    const { plan } = extractJobPlan(book(grid), map);
    const acts = plan!.plan.activities!;
    expect(acts.map((a) => [a.day, a.category, a.pas])).toEqual([['Monday', 'DCC', 2], ['Tuesday', 'DCC', 1], ['Tuesday', 'SPA', 1]]);
    expect(acts[2]!.activity).toBe('Audit');
    expect(plan!.cells['activities[2].pas']).toEqual({ sheet: 'Timetable', cell: 'E3' });
  });

  it('days in columns, categories and frequencies written in the cells, and week blocks as a rota', () => {
    const map = mapOf(`
map: grid-columns
version: 1
sheets:
  - sheet: Timetable
    kind: grid
    list: activities
    days: columns
    sessions: { AM: [Morning], PM: [Afternoon] }
`);
    const grid = sheet('Timetable', [
      [null, 'Monday', 'Tuesday'],
      ['Morning', 'Fracture clinic (DCC)', 'Theatre (DCC) (1 in 2 weeks)'],
      ['Afternoon', 'Audit (SPA)', 'Admin'],
    ]);
    const { plan, diagnostics } = extractJobPlan(book(grid), map);
    const acts = plan!.plan.activities!;
    expect(acts.map((a) => [a.day, a.session, a.activity, a.category ?? null, a.frequency ?? null])).toEqual([
      ['Monday', 'AM', 'Fracture clinic', 'DCC', null], ['Monday', 'PM', 'Audit', 'SPA', null],
      ['Tuesday', 'AM', 'Theatre', 'DCC', '1 in 2'], ['Tuesday', 'PM', 'Admin', null, null],
    ]);
    expect(plan!.cells['activities[2].activity']).toEqual({ sheet: 'Timetable', cell: 'C2' });
    expect(diagnostics.find((d) => d.code === 'workbook_grid_no_category')?.location).toMatchObject({ cell: 'C3' });
  });

  it('Week 1 / Week 2 blocks count each activity 1 in 2', () => {
    const map = mapOf(`
map: rota
version: 1
sheets:
  - sheet: Timetable
    kind: grid
    list: activities
    sessions: { AM: [AM], PM: [PM] }
`);
    const grid = sheet('Timetable', [
      ['Week 1'], ['Day', 'AM', 'PM'], ['Monday', 'Ward round - DCC', 'CPD - SPA'],
      ['Week 2'], ['Day', 'AM', 'PM'], ['Monday', 'Clinic - DCC', null],
    ]);
    const acts = extractJobPlan(book(grid), map).plan!.plan.activities!;
    expect(acts.map((a) => [a.activity, a.category, a.frequency])).toEqual([['Ward round', 'DCC', '1 in 2'], ['CPD', 'SPA', '1 in 2'], ['Clinic', 'DCC', '1 in 2']]);
  });
});

describe('a table split by sub-headings', () => {
  it('sets the objective kind from the sub-heading and skips the repeated header rows', () => {
    const map = mapOf(`
map: objectives
version: 1
sheets:
  - sheet: Objectives
    kind: table
    list: objectives
    columns: { objective: [Objective], measure: [Measure], due_date: [Timescale] }
    sections:
      kind: { personal: [Personal objectives], service: [Service objectives] }
`);
    const table = sheet('Objectives', [
      ['Personal objectives'], ['Objective', 'Measure', 'Timescale'], ['Complete appraisal', 'Signed off', '31/03/2027'],
      ['Service objectives'], ['Objective', 'Measure', 'Timescale'], ['Cut waits', 'RTT 18 weeks', 'Ongoing'],
    ]);
    const { plan, diagnostics } = extractJobPlan(book(table), map);
    expect(plan!.plan.objectives).toEqual([
      { kind: 'personal', objective: 'Complete appraisal', measure: 'Signed off', due_date: '2027-03-31' },
      { kind: 'service', objective: 'Cut waits', measure: 'RTT 18 weeks' },
    ]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.find((d) => d.code === 'workbook_value_read_as')?.message).toMatch(/Ongoing.*not recorded/);
  });
});

describe('Trust vocabularies', () => {
  it('reads 1 in 8, Full time and e-job-planning statuses, and a map translates its own words', () => {
    const map = mapOf(`
map: vocab
version: 1
values:
  grade: { Cons: Consultant }
  status: { Parked: draft }
sheets:
  - sheet: Details
    kind: fields
    fields:
      on_call_frequency: [Frequency]
      full_time: [Full time / part time]
      status: [Status]
      grade: [Grade]
      plan_kind: [Plan type]
`);
    const read = (status: string) => extractJobPlan(book(sheet('Details', [['Frequency', '1 in 8'], ['Full time / part time', 'Part time'], ['Status', status], ['Grade', 'Cons'], ['Plan type', 'New starter']])), map);
    expect(read('Awaiting 2nd Sign Off').plan!.plan).toMatchObject({ on_call_frequency: 8, full_time: false, status: 'agreed', grade: 'Consultant', plan_kind: 'interim' });
    expect(read('Locked').plan!.plan.status).toBe('signed off');
    expect(read('Parked').plan!.plan.status).toBe('draft');
    const bad = read('Sideways');
    expect(bad.diagnostics.find((d) => d.code === 'workbook_bad_value')?.message).toMatch(/add it to the map's values/);
  });
});

describe('a formula Excel never calculated', () => {
  const policyFile = join(import.meta.dirname, '..', '..', 'policies', 'cpft-job-planning', '2017-04-28.yaml');
  const library = loadPolicyLibrary([{ path: policyFile, text: readFileSync(policyFile, 'utf8') }]);
  const templateMap = parseWorkbookMap(readFileSync(join(import.meta.dirname, '..', '..', 'workbook-maps', 'jobplan-template.yaml'), 'utf8'), 'm').map!;
  const workbook = (uncalculated: string[]): WorkbookSnapshot => book(
    sheet('Details', [['Organisation', 'Cumbria Partnership NHS Foundation Trust'], ['Grade', 'Consultant'], ['Staff group', 'medical'], ['Contracted PAs', 10], ['Job plan meeting date', '01/10/2026']]),
    sheet('Timetable', [['Day', 'Activity', 'Category', 'PAs'], ['Monday', 'Clinic', 'DCC', null], ['Tuesday', 'CPD', 'SPA', 2.5]], uncalculated.length ? { uncalculated } : {}),
    sheet('Sign-off', [['Signed by practitioner', '05/10/2026'], ['Signed by clinical manager', '06/10/2026']]),
  );

  it('is reported with its cell, and the rules built on it are not judged instead of firing on a blank', async () => {
    const read = plansFromWorkbook(workbook(['D2']), { map: templateMap });
    expect(read.plans[0]!.diagnostics!.find((d) => d.code === 'workbook_formula_not_calculated')?.location).toMatchObject({ sheet: 'Timetable', cell: 'D2' });
    const report = await evaluatePlans(read.plans, library, { today: '2026-11-23' });
    const findings = report.plans[0]!.findings;
    const total = findings.find((f) => f.ruleId === 'pa.total-matches-contract');
    expect(total?.notJudged?.reasons[0]).toMatch(/Timetable!D2/);
    expect(total?.message).toMatch(/^Not judged/);
    expect(total?.cells).toEqual([{ sheet: 'Timetable', cell: 'D2' }]);
    // A rule that does not read the timetable is judged as usual.
    expect(findings.find((f) => f.ruleId === 'signoff.within-deadline')).toBeUndefined();
  });

  it('the same blank cell without a formula is judged (a blank PAs cell is 0 PAs)', async () => {
    const read = plansFromWorkbook(workbook([]), { map: templateMap });
    const report = await evaluatePlans(read.plans, library, { today: '2026-11-23' });
    const total = report.plans[0]!.findings.find((f) => f.ruleId === 'pa.total-matches-contract');
    expect(total?.notJudged).toBeUndefined();
    expect(total?.severity).toBe('error');
  });
});
