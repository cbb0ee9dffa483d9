import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toExcelSerial } from '../../src-engine/model/dates.js';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import { readWorkbookBuffer, readWorkbookFile } from '../../src-engine/node/read-workbook.js';
import {
  buildJobPlanWorkbook,
  JOB_PLAN_TEMPLATE_LAYOUT,
  labelOf,
  weightedTimetableTotal,
  workbookToBuffer,
  type DatesAs,
} from '../../src-engine/node/write-job-plan-workbook.js';
import { extractJobPlan } from '../../src-engine/workbook/extract.js';
import { cellAt, type SheetSnapshot, type WorkbookSnapshot } from '../../src-engine/workbook/snapshot.js';
import { fieldEntry, parseWorkbookMap, type WorkbookMap } from '../../src-engine/workbook/workbook-map.js';
import { generateExamples } from '../../scripts/generate-examples.js';

const ROOT = new URL('../../', import.meta.url);
const PLANS_DIR = new URL('examples/plans/', ROOT);

let map: WorkbookMap;
let compliant: JobPlan;
let examples: { name: string; plan: JobPlan }[];

beforeAll(async () => {
  const mapPath = new URL('workbook-maps/jobplan-template.yaml', ROOT);
  const parsed = parseWorkbookMap(await readFile(mapPath, 'utf8'), 'jobplan-template.yaml');
  if (!parsed.map) throw new Error(JSON.stringify(parsed.diagnostics));
  map = parsed.map;
  examples = [];
  for (const name of (await readdir(PLANS_DIR)).filter((n) => n.endsWith('.json')).sort()) {
    const { $schema: _schema, ...plan } = JSON.parse(await readFile(new URL(name, PLANS_DIR), 'utf8')) as Record<string, unknown>;
    examples.push({ name, plan: plan as JobPlan });
  }
  compliant = examples.find((e) => e.name === 'consultant-compliant.json')!.plan;
});

async function snapshotOf(plan: JobPlan, datesAs?: DatesAs): Promise<WorkbookSnapshot> {
  const result = await readWorkbookBuffer(await workbookToBuffer(buildJobPlanWorkbook(plan, datesAs ? { datesAs } : {})), 'plan.xlsx');
  expect(result.diagnostics).toEqual([]);
  return result.snapshot!;
}

function sheet(snapshot: WorkbookSnapshot, name: string): SheetSnapshot {
  const found = snapshot.sheets.find((s) => s.name === name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
}

/** The value written beside a label on a fields sheet. */
function valueBeside(s: SheetSnapshot, label: string): unknown {
  const r = s.rows.findIndex((row) => row[0] === label);
  if (r < 0) throw new Error(`no label ${label} on ${s.name}`);
  return cellAt(s, r, 1);
}

async function loadWithExcelJs(plan: JobPlan, datesAs?: DatesAs): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer-like shim; a Node Buffer is what it reads in Node.
  await wb.xlsx.load((await workbookToBuffer(buildJobPlanWorkbook(plan, datesAs ? { datesAs } : {}))) as unknown as ExcelJS.Buffer);
  return wb;
}

/** Drops nulls and empty strings, which a workbook cannot tell apart from absent values. */
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== '').map(([k, v]) => [k, withoutEmpty(v)]));
}

describe('layout', () => {
  it('sheet names, labels and headers are those of workbook-maps/jobplan-template.yaml (first alias of each)', () => {
    expect(JOB_PLAN_TEMPLATE_LAYOUT.map((l) => l.sheet)).toEqual(map.sheets.map((s) => s.sheet));
    for (const [i, layout] of JOB_PLAN_TEMPLATE_LAYOUT.entries()) {
      const sheetMap = map.sheets[i]!;
      if (layout.kind === 'fields' && sheetMap.kind === 'fields') {
        const fields = layout.rows.filter((r): r is Exclude<typeof r, { heading: string }> => typeof r === 'string');
        expect(fields).toEqual(Object.keys(sheetMap.fields));
        for (const field of fields) expect(labelOf(null, field)).toBe(fieldEntry(sheetMap.fields[field]!).labels[0]);
      } else if (layout.kind === 'table' && sheetMap.kind === 'table') {
        expect(layout.list).toBe(sheetMap.list);
        expect(layout.columns).toEqual(Object.keys(sheetMap.columns));
        for (const column of layout.columns) expect(labelOf(layout.list, column)).toBe(sheetMap.columns[column]![0]);
      } else {
        throw new Error(`sheet ${layout.sheet}: layout kind ${layout.kind} but map kind ${sheetMap.kind}`);
      }
    }
  });

  it('titles, headers and labels are at their places: title in row 1, header in row 2, data from row 3', async () => {
    const snap = await snapshotOf(compliant);
    const details = sheet(snap, 'Details');
    expect(details.rows[0]).toEqual(['Job plan']);
    expect(details.rows[1]).toEqual(['Field', 'Value', 'Guidance']);
    expect(details.rows[3]!.slice(0, 2)).toEqual(['Plan reference', 'JP-2026-014']);
    const timetable = sheet(snap, 'Timetable');
    expect(timetable.rows[1]).toEqual(['Day', 'Session', 'Activity', 'Category', 'Frequency', 'PAs', 'Hours', 'Location', 'Notes']);
    expect(timetable.rows[2]!.slice(0, 6)).toEqual(['Monday', 'AM', 'Consultant ward round', 'DCC', null, 1]);
    expect(sheet(snap, 'Objectives').rows[1]).toEqual(['Type', 'Objective', 'Measure', 'Due date', 'Linked activity']);
  });

  it('the blank template has every label and header and no values', async () => {
    const snap = await snapshotOf({});
    for (const sheetMap of map.sheets) {
      const s = sheet(snap, sheetMap.sheet);
      if (sheetMap.kind === 'fields') {
        for (const entry of Object.values(sheetMap.fields)) expect(valueBeside(s, fieldEntry(entry!).labels[0]!)).toBeNull();
      } else if (sheetMap.kind === 'table') {
        expect(s.rows[1]).toEqual(Object.values(sheetMap.columns).map((a) => a[0]));
      }
    }
    const extracted = extractJobPlan(snap, map);
    expect(extracted.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(extracted.plan?.plan).toEqual({ activities: [], annualised_activities: [], additional_pas: [], objectives: [] });
  });

  it('table sheets freeze their title and header rows', async () => {
    const wb = await loadWithExcelJs(compliant);
    for (const name of ['Timetable', 'Annualised', 'Additional PAs', 'Objectives']) {
      expect(wb.getWorksheet(name)!.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    }
  });
});

describe('dates', () => {
  it("datesAs 'date' writes real dates formatted dd/mm/yyyy that read back as ISO strings", async () => {
    const snap = await snapshotOf(compliant, 'date');
    expect(valueBeside(sheet(snap, 'Details'), 'Job plan meeting date')).toBe('2026-10-01');
    expect(valueBeside(sheet(snap, 'Sign-off'), 'Signed by clinical manager')).toBe('2026-10-29');
    expect(cellAt(sheet(snap, 'Objectives'), 2, 3)).toBe('2027-09-30');
    const wb = await loadWithExcelJs(compliant, 'date');
    const cell = wb.getWorksheet('Objectives')!.getCell('D3');
    expect(cell.value).toBeInstanceOf(Date);
    expect(cell.numFmt).toBe('dd/mm/yyyy');
  });

  it("datesAs 'serial' writes plain numbers with no date format, which read back as numbers", async () => {
    const snap = await snapshotOf(compliant, 'serial');
    expect(valueBeside(sheet(snap, 'Details'), 'Job plan meeting date')).toBe(toExcelSerial('2026-10-01'));
    expect(cellAt(sheet(snap, 'Objectives'), 2, 3)).toBe(toExcelSerial('2027-09-30'));
    const wb = await loadWithExcelJs(compliant, 'serial');
    const cell = wb.getWorksheet('Objectives')!.getCell('D3');
    expect(typeof cell.value).toBe('number');
    expect(cell.numFmt ?? 'General').not.toMatch(/[dmy]/);
  });

  it("datesAs 'uk-text' writes text like 01/10/2026", async () => {
    const snap = await snapshotOf(compliant, 'uk-text');
    expect(valueBeside(sheet(snap, 'Details'), 'Job plan meeting date')).toBe('01/10/2026');
    expect(valueBeside(sheet(snap, 'Sign-off'), 'Signed by practitioner')).toBe('10/10/2026');
    expect(cellAt(sheet(snap, 'Objectives'), 2, 3)).toBe('30/09/2027');
  });
});

describe('values', () => {
  it('booleans are written as Yes/No text and enum values capitalised as in the drop-downs', async () => {
    const snap = await snapshotOf(compliant);
    expect(valueBeside(sheet(snap, 'Details'), 'Full time')).toBe('Yes');
    expect(valueBeside(sheet(snap, 'Details'), 'Flexible working agreement')).toBe('No');
    expect(valueBeside(sheet(snap, 'Details'), 'Status')).toBe('Signed off');
    expect(valueBeside(sheet(snap, 'Details'), 'Type of plan')).toBe('Annual');
    expect(valueBeside(sheet(snap, 'On-call'), 'On an on-call rota')).toBe('Yes');
    expect(cellAt(sheet(snap, 'Objectives'), 2, 0)).toBe('Personal');
  });

  it('user text starting with = is stored as a plain string, never a formula', async () => {
    const plan: JobPlan = { practitioner_name: '=HYPERLINK("http://evil.example","x")', activities: [{ activity: '=1+1', notes: '+SUM(A1)' }] };
    const wb = await loadWithExcelJs(plan);
    const cells = [wb.getWorksheet('Details')!.getCell('B5'), wb.getWorksheet('Timetable')!.getCell('C3'), wb.getWorksheet('Timetable')!.getCell('I3')];
    expect(cells.map((c) => c.value)).toEqual(['=HYPERLINK("http://evil.example","x")', '=1+1', '+SUM(A1)']);
    for (const c of cells) expect(c.formula).toBeUndefined();
  });

  it('drop-downs offer the categories, Yes/No, on-call categories, objective types, plan types and statuses', async () => {
    const wb = await loadWithExcelJs({});
    const list = (sheetName: string, address: string): unknown => wb.getWorksheet(sheetName)!.getCell(address).dataValidation?.formulae?.[0];
    expect(list('Timetable', 'D3')).toBe('"DCC,SPA,ANR,ED,Private,Other"');
    expect(list('Annualised', 'B3')).toBe('"DCC,SPA,ANR,ED,Private,Other"');
    expect(list('Objectives', 'A3')).toBe('"Personal,Service"');
    expect(list('Additional PAs', 'F3')).toBe('"Yes,No"');
    const details = wb.getWorksheet('Details')!;
    const row = (label: string): number => details.getColumn(1).values.findIndex((v) => v === label);
    expect(list('Details', `B${row('Full time')}`)).toBe('"Yes,No"');
    expect(list('Details', `B${row('Type of plan')}`)).toBe('"Annual,Interim,Change"');
    expect(list('Details', `B${row('Status')}`)).toBe('"Draft,In discussion,Agreed,Signed off,Disputed"');
    const oncall = wb.getWorksheet('On-call')!;
    const oncallRow = oncall.getColumn(1).values.findIndex((v) => v === 'On-call category');
    expect(list('On-call', `B${oncallRow}`)).toBe('"A,B"');
  });
});

describe('totals', () => {
  it('frequency weights: blank/weekly = 1, 1 in N = 1/N, N in M = N/M, fortnightly/alternate weeks = 1/2', () => {
    const rows = (frequency: string | null) => [{ pas: 1, frequency }];
    expect(weightedTimetableTotal(rows(null), 'pas')).toBe(1);
    expect(weightedTimetableTotal(rows('Weekly'), 'pas')).toBe(1);
    expect(weightedTimetableTotal(rows('every week'), 'pas')).toBe(1);
    expect(weightedTimetableTotal(rows('1 in 4'), 'pas')).toBe(0.25);
    expect(weightedTimetableTotal(rows('2 in 4'), 'pas')).toBe(0.5);
    expect(weightedTimetableTotal(rows('3 in 4'), 'pas')).toBe(0.75);
    expect(weightedTimetableTotal(rows('fortnightly'), 'pas')).toBe(0.5);
    expect(weightedTimetableTotal(rows('alternate weeks'), 'pas')).toBe(0.5);
  });

  it('the Total PAs row is a formula whose cached result is the frequency-weighted timetable sum', async () => {
    const wb = await loadWithExcelJs(compliant);
    const ws = wb.getWorksheet('Timetable')!;
    const totalRow = ws.getColumn(1).values.findIndex((v) => v === 'Total PAs');
    const cell = ws.getCell(totalRow, 6);
    expect(cell.formula).toMatch(/^F3\*IF\(E3=""/);
    expect(cell.result).toBe(9.5);
    const snap = await snapshotOf(compliant);
    const timetable = sheet(snap, 'Timetable');
    expect(timetable.rows[totalRow - 1]![0]).toBe('Total PAs');
    expect(timetable.rows[totalRow - 1]![5]).toBe(9.5);
  });

  it('the annualised total spreads occurrences over the attending weeks (21 x 1 PA / 42 = 0.5)', async () => {
    const snap = await snapshotOf(compliant);
    const annualised = sheet(snap, 'Annualised');
    const total = annualised.rows.find((r) => typeof r[0] === 'string' && r[0].startsWith('Total'));
    expect(total?.[3]).toBe(0.5);
  });
});

describe('round trip through the core', () => {
  it.each(['date', 'serial', 'uk-text'] as const)("every example plan written with datesAs '%s' extracts back to the same plan", async (datesAs) => {
    for (const { name, plan } of examples) {
      const snap = await snapshotOf(plan, datesAs);
      const extracted = extractJobPlan(snap, map);
      expect(extracted.diagnostics, name).toEqual([]);
      expect(withoutEmpty(extracted.plan?.plan), name).toEqual(withoutEmpty({ activities: [], annualised_activities: [], additional_pas: [], objectives: [], ...plan }));
    }
  });
});

describe('output', () => {
  it('workbook properties are fixed: creator jobplan, created and modified 2017-01-01', async () => {
    const wb = await loadWithExcelJs(compliant);
    expect(wb.creator).toBe('jobplan');
    expect(wb.created.toISOString()).toBe('2017-01-01T00:00:00.000Z');
    expect(wb.modified.toISOString()).toBe('2017-01-01T00:00:00.000Z');
  });

  it('regenerating the same plan gives the same bytes', async () => {
    const first = await workbookToBuffer(buildJobPlanWorkbook(compliant));
    await new Promise((r) => setTimeout(r, 2100)); // zip timestamps have a 2-second resolution
    const second = await workbookToBuffer(buildJobPlanWorkbook(compliant));
    expect(first.equals(second)).toBe(true);
  });
});

describe('generate-examples', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'jobplan-examples-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('writes one workbook per plan, the blank template and the not-a-job-plan workbook', async () => {
    const written = await generateExamples(undefined, out);
    const names = (await readdir(out)).sort();
    expect(names).toEqual([...examples.map((e) => e.name.replace(/\.json$/, '.xlsx')), 'job-plans-by-sheet.xlsx', 'not-a-job-plan.xlsx', 'template'].sort());
    expect(await readdir(join(out, 'template'))).toEqual(['job-plan-template.xlsx']);
    expect(written.find((w) => w.path.endsWith('sas-part-time-compliant.xlsx'))?.datesAs).toBe('uk-text');
    expect(written.find((w) => w.path.endsWith('breaks-review-overdue.xlsx'))?.datesAs).toBe('serial');
    const wrong = await readWorkbookFile(join(out, 'not-a-job-plan.xlsx'));
    expect(wrong.snapshot?.sheets.map((s) => s.name)).toEqual(['Budget']);
    const extracted = extractJobPlan(wrong.snapshot!, map);
    expect(extracted.plan).toBeNull();
    expect(extracted.diagnostics.some((d) => d.severity === 'error' && d.message.includes("'Budget'"))).toBe(true);
  });
});
