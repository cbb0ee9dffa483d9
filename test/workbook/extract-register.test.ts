import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_FIELDS, type JobPlan } from '../../src-engine/model/job-plan.js';
import { readWorkbookFile } from '../../src-engine/node/read-workbook.js';
import { chooseMap } from '../../src-engine/workbook/plans-from-workbook.js';
import { AFC_REGISTER_COLUMNS, MEDICAL_REGISTER_COLUMNS, REGISTER_HEADERS, REGISTER_TEMPLATE_COLUMNS, writeRegisterWorkbook } from '../../src-engine/node/write-register-workbook.js';
import { extractJobPlan, extractPlans, extractRegister } from '../../src-engine/workbook/extract.js';
import type { CellValue, WorkbookSnapshot } from '../../src-engine/workbook/snapshot.js';
import { normaliseLabel, parseWorkbookMap, type RowsSheetMap, type WorkbookMap } from '../../src-engine/workbook/workbook-map.js';

const root = join(import.meta.dirname, '..', '..');

async function loadMap(name: string): Promise<WorkbookMap> {
  const parsed = parseWorkbookMap(await readFile(join(root, 'workbook-maps', name), 'utf8'), `workbook-maps/${name}`);
  expect(parsed.diagnostics).toEqual([]);
  return parsed.map!;
}

let register: WorkbookMap;
let single: WorkbookMap;
beforeAll(async () => {
  register = await loadMap('register.yaml');
  single = await loadMap('jobplan-template.yaml');
});

function withoutNulls(plan: JobPlan): JobPlan {
  return Object.fromEntries(Object.entries(plan).filter(([, v]) => v !== null)) as JobPlan;
}

function wb(sheets: { name: string; rows: CellValue[][] }[], source = 'registers/2026.xlsx'): WorkbookSnapshot {
  return { source, sheets };
}

/** A register as a Trust keeps it: a title, a notes line, the header in row 4 (columns in its own order), data below. */
const TRUST_REGISTER: CellValue[][] = [
  ['Medical job plan register 2026/27'],
  ['Status and grade are checked monthly'],
  [],
  ['Plan ref', 'Surname, forename', 'Grade:', 'Care Group', 'Specialty', 'contracted  PAs', 'DCC', 'SPA', 'Date agreed', 'Job plan meeting date', 'Comments'],
  ['JP-1', 'Bell, Helen', 'Consultant', 'Mental Health', 'Old Age Psychiatry', 10, 7.5, 2.5, '2026-03-14', 46062, 'on track'],
  ['JP-2', 'Dixon, Mark', 'Specialty doctor', 'Community Services', 'Geriatric Medicine', '8 PAs', 6.5, 1.5, '14/03/2026', null, null],
  [null, null, null, null, null, null, null, null, null, null, 'a comment on an empty row'],
  [null, 'Iqbal, Sara', 'Consultant', 'Specialist Services', 'Sexual Health', 10, 8, 2, 'next week', '2026-05-01', null],
  ['Total', null, null, null, null, 28, 22, 6],
  ['JP-9', 'After the total', 'Consultant', null, null, 10],
];

describe('the register map', () => {
  it('is valid, and no header text names two fields (model labels included)', () => {
    const sheet = register.sheets[0] as RowsSheetMap;
    expect(sheet.kind).toBe('rows');
    const seen = new Map<string, string>();
    for (const [field, aliases] of Object.entries(sheet.columns)) {
      const label = (PLAN_FIELDS as Record<string, { label: string }>)[field]!.label;
      for (const text of new Set([...aliases, label].map(normaliseLabel))) {
        expect(seen.get(text) ?? field, `'${text}' names both ${seen.get(text)} and ${field}`).toBe(field);
        seen.set(text, field);
      }
    }
  });

  it('the register template writes each column under the first header of its map entry, in the map order', () => {
    const sheet = register.sheets[0] as RowsSheetMap;
    expect(REGISTER_TEMPLATE_COLUMNS).toEqual(Object.keys(sheet.columns));
    for (const field of REGISTER_TEMPLATE_COLUMNS) expect(REGISTER_HEADERS[field]).toBe(sheet.columns[field]![0]);
    for (const field of [...MEDICAL_REGISTER_COLUMNS, ...AFC_REGISTER_COLUMNS]) expect(REGISTER_TEMPLATE_COLUMNS).toContain(field);
  });

  it('rejects a rows sheet without columns, with unknown fields, or beside a fields sheet', () => {
    const base = 'map: x\nversion: 1\nsheets:\n';
    const codes = (text: string) => parseWorkbookMap(base + text, 'x.yaml').diagnostics.map((d) => `${d.code} ${d.location && 'line' in d.location ? d.location.line : ''}`);
    expect(codes('  - { sheet: Register, kind: rows }\n')[0]).toMatch(/^map_schema_error/);
    expect(codes('  - { sheet: Register, kind: rows, columns: { contracted_pa: [PAs] } }\n')[0]).toMatch(/^map_schema_error/);
    expect(codes('  - { sheet: Register, kind: rows, columns: { grade: [Grade] } }\n  - { sheet: Details, kind: fields, fields: { grade: [Grade] } }\n')[0]).toMatch(/^map_schema_error/);
    expect(codes('  - { sheet: Register, kind: rows, columns: { grade: [Grade], contracted_pas: [PAs] } }\n  - { sheet: AHP, kind: rows, columns: { band: [Band] } }\n')).toEqual([]);
  });
});

describe('extractRegister: one job plan per row', () => {
  it('finds the header row by its texts wherever it is and reads every row under it as a plan', () => {
    const { plans, diagnostics } = extractRegister(wb([{ name: 'Job plans', rows: TRUST_REGISTER }]), register);
    expect(diagnostics).toEqual([]);
    expect(plans.map((p) => p.ref)).toEqual(['JP-1', 'JP-2', 'registers/2026.xlsx row 8']);
    expect(plans.every((p) => p.source === 'registers/2026.xlsx')).toBe(true);
    expect(plans[0]!.plan).toEqual({
      plan_ref: 'JP-1', practitioner_name: 'Bell, Helen', grade: 'Consultant', care_group: 'Mental Health', specialty: 'Old Age Psychiatry',
      contracted_pas: 10, declared_dcc_pas: 7.5, declared_spa_pas: 2.5, start_date: '2026-03-14', meeting_date: '2026-02-09',
    });
    // Values are coerced as in single plans: "8 PAs" is 8, UK text dates are dates.
    expect(plans[1]!.plan).toMatchObject({ contracted_pas: 8, start_date: '2026-03-14' });
    // A blank cell under a mapped column is null; a field with no column is absent. Every plan has the same keys.
    expect(plans[1]!.plan.meeting_date).toBeNull();
    expect(plans[1]!.plan).not.toHaveProperty('review_date');
    expect(Object.keys(plans[2]!.plan)).toEqual(Object.keys(plans[0]!.plan));
  });

  it("points every plan's cells at its own row", () => {
    const { plans } = extractRegister(wb([{ name: 'Job plans', rows: TRUST_REGISTER }]), register);
    const second = plans[1]!.cells;
    expect(second['contracted_pas']).toEqual({ sheet: 'Job plans', cell: 'F6' });
    expect(second['meeting_date']).toEqual({ sheet: 'Job plans', cell: 'J6' });
    expect(plans[2]!.cells['plan_ref']).toEqual({ sheet: 'Job plans', cell: 'A8' });
    // A field or list the register has no column for points at the whole row (from its first to its last mapped column).
    expect(second['signed_manager_date']).toEqual({ sheet: 'Job plans', cell: 'A6:J6' });
    expect(second['objectives']).toEqual({ sheet: 'Job plans', cell: 'A6:J6' });
    expect(second['activities[0].pas']).toBeUndefined();
    // It behaves as a plain read-only record: keys, `in`, JSON.
    expect('contracted_pas' in second).toBe(true);
    expect('nonsense' in second).toBe(false);
    expect(Object.keys(second)).toContain('review_date');
    expect(JSON.parse(JSON.stringify(second)).grade).toEqual({ sheet: 'Job plans', cell: 'C6' });
    expect(Reflect.set(second, 'grade', { sheet: 'X', cell: 'A1' })).toBe(false);
  });

  it('skips blank rows, stops at a Total row, and reports bad cells on their plan with the row\'s cell', () => {
    const { plans } = extractRegister(wb([{ name: 'Job plans', rows: TRUST_REGISTER }]), register);
    expect(plans).toHaveLength(3);
    expect(plans.some((p) => p.plan.practitioner_name === 'After the total')).toBe(false);
    expect(plans[2]!.diagnostics).toEqual([
      { code: 'workbook_bad_date', severity: 'error', message: expect.stringContaining("'next week' is not a date") as string, location: { file: 'registers/2026.xlsx', sheet: 'Job plans', cell: 'I8' } },
    ]);
    expect(plans[0]!.diagnostics).toBeUndefined();
  });

  it('finds the register sheet by its aliases and says plainly when there is none', () => {
    const log = extractRegister(wb([{ name: 'Master Log', rows: TRUST_REGISTER }]), register);
    expect(log.plans).toHaveLength(3);
    const none = extractRegister(wb([{ name: 'Budget', rows: [['Cost centre']] }]), register);
    expect(none.plans).toEqual([]);
    expect(none.diagnostics).toEqual([expect.objectContaining({ code: 'workbook_not_a_register', severity: 'error', location: { file: 'registers/2026.xlsx', line: 1, col: 1 } })]);
    expect(none.diagnostics[0]!.message).toMatch(/no sheet named 'Register' \(or 'Job plan register', 'Master log'.*it has 'Budget'/);
  });

  it('reports a register sheet without a header row, and one with a header but no plans', () => {
    const noHeader = extractRegister(wb([{ name: 'Register', rows: [['just', 'numbers'], [1, 2]] }]), register);
    expect(noHeader.diagnostics.map((d) => [d.code, d.severity])).toEqual([['workbook_missing_header', 'error']]);
    const empty = extractRegister(wb([{ name: 'Register', rows: [['Register'], ['Job plan ref', 'Grade', 'Status']] }]), register);
    expect(empty.plans).toEqual([]);
    expect(empty.diagnostics).toEqual([expect.objectContaining({ code: 'workbook_register_empty', severity: 'warning', location: { file: 'registers/2026.xlsx', sheet: 'Register', cell: 'A2' } })]);
  });

  it('prefers the row naming the most columns as the header', () => {
    const rows: CellValue[][] = [['Status', 'Grade', 'notes about the columns below'], ['Job plan ref', 'Grade', 'Status', 'Contracted PAs'], ['JP-1', 'Consultant', 'Agreed', 10]];
    const { plans } = extractRegister(wb([{ name: 'Register', rows }]), register);
    expect(plans.map((p) => p.plan)).toEqual([{ plan_ref: 'JP-1', grade: 'Consultant', status: 'agreed', contracted_pas: 10 }]);
  });

  it('extractPlans takes either kind of map; extractJobPlan ignores rows sheets', () => {
    const snapshot = wb([{ name: 'Register', rows: TRUST_REGISTER }]);
    expect(extractPlans(snapshot, register).plans).toHaveLength(3);
    const asSingle = extractPlans(snapshot, single);
    expect(asSingle.plans).toEqual([]);
    expect(asSingle.diagnostics.map((d) => d.code)).toEqual(['workbook_not_a_job_plan']);
    expect(extractJobPlan(snapshot, register)).toEqual({ plan: expect.anything() as unknown, diagnostics: [] });
  });

  it('chooses the register map by sheet name unless a map is forced', () => {
    const registerBook = wb([{ name: 'Job Plan Register', rows: [] }]);
    const planBook = wb([{ name: 'Details', rows: [] }, { name: 'Timetable', rows: [] }]);
    expect(chooseMap(registerBook, single, register).map).toBe('jobplan-register');
    expect(chooseMap(planBook, single, register).map).toBe('jobplan-template');
    expect(chooseMap(registerBook, single, undefined).map).toBe('jobplan-template');
  });
});

describe('register workbooks round trip: write, read, extract', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jobplan-register-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const plans: JobPlan[] = [
    { plan_ref: 'JP-1', practitioner_name: 'Bell, Helen', staff_group: 'medical', grade: 'Consultant', contracted_pas: 10, declared_dcc_pas: 7.5, declared_spa_pas: 2.5, status: 'signed off', meeting_date: '2026-02-08', on_call_rota: true, on_call_category: 'A', pas_paid: 10 },
    { plan_ref: 'AHP-1', practitioner_name: 'Oduya, Grace', staff_group: 'non-medical', band: 'Band 6', contracted_hours: 22.5, declared_dcc_hours: 18, template_dcc_share: 0.8, delivered_hours: 251.5, review_date: '2027-01-31' },
  ];

  it('every column of the template reads back as written, in every date form', async () => {
    for (const datesAs of ['date', 'serial', 'uk-text'] as const) {
      const path = join(dir, `register-${datesAs}.xlsx`);
      const written = await writeRegisterWorkbook(plans, path, { datesAs });
      expect(written).toEqual({ rows: 2, headerRow: 2 });
      const read = await readWorkbookFile(path);
      expect(read.snapshot!.sheets.map((s) => s.name)).toEqual(['Register', 'Guidance']);
      const { plans: extracted, diagnostics } = extractRegister(read.snapshot!, register);
      expect(diagnostics).toEqual([]);
      expect(extracted.map((p) => withoutNulls(p.plan))).toEqual(plans);
      expect(extracted[1]!.cells['contracted_hours']).toEqual({ sheet: 'Register', cell: 'M4' });
    }
  });

  it('writes the same bytes twice (fixed timestamps), and the blank template reads as an empty register', async () => {
    const a = join(dir, 'a.xlsx');
    const b = join(dir, 'b.xlsx');
    await writeRegisterWorkbook(plans, a, { columns: MEDICAL_REGISTER_COLUMNS });
    await new Promise((r) => setTimeout(r, 2100)); // zip timestamps have a 2-second resolution
    await writeRegisterWorkbook(plans, b, { columns: MEDICAL_REGISTER_COLUMNS });
    expect((await readFile(a)).equals(await readFile(b))).toBe(true);
    const template = join(dir, 'template.xlsx');
    await writeRegisterWorkbook([], template);
    const read = await readWorkbookFile(template);
    const header = read.snapshot!.sheets[0]!.rows[1];
    expect(header).toEqual(REGISTER_TEMPLATE_COLUMNS.map((c) => REGISTER_HEADERS[c]));
    expect(extractRegister(read.snapshot!, register).diagnostics.map((d) => d.code)).toEqual(['workbook_register_empty']);
  });
});
