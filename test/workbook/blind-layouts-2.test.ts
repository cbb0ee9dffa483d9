/**
 * The misreads the second blind set (test/fixtures/trust-layouts-blind-2/, scripts/generate-blind-trust-layouts-2.ts)
 * found, each on a small sheet: a value that is there but unreadable, decimal commas, month-first text dates, a
 * register's heading and sub-total rows, a one-row-per-activity export, two-row headers, bilingual labels, a hidden
 * lookups sheet, and a register column of PAs the map does not read. Each was a confident wrong answer (a finding or
 * a pass on data that was not there) or a miss before its fix.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluatePlans } from '../../src-engine/evaluate/evaluate.js';
import { loadPolicyLibrary, type PolicyLibrary } from '../../src-engine/policy/policy-library.js';
import { coerceCell } from '../../src-engine/workbook/coerce.js';
import { extractPlans } from '../../src-engine/workbook/extract.js';
import { plansFromWorkbook } from '../../src-engine/workbook/plans-from-workbook.js';
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '../../src-engine/workbook/snapshot.js';
import { renderMapYaml } from '../../src-engine/workbook/suggest/map-yaml.js';
import { matchField } from '../../src-engine/workbook/suggest/match-text.js';
import { suggestMap } from '../../src-engine/workbook/suggest/suggest-map.js';
import { FIELD_WORDS } from '../../src-engine/workbook/suggest/vocabulary.js';
import { parseWorkbookMap, type WorkbookMap } from '../../src-engine/workbook/workbook-map.js';

const root = join(import.meta.dirname, '..', '..');
const CPFT = 'Cumbria Partnership NHS Foundation Trust';
let register: WorkbookMap;
let library: PolicyLibrary;

beforeAll(async () => {
  register = parseWorkbookMap(await readFile(join(root, 'workbook-maps', 'register.yaml'), 'utf8'), 'register.yaml').map!;
  const path = join(root, 'policies', 'cpft-job-planning', '2017-04-28.yaml');
  library = loadPolicyLibrary([{ path, text: await readFile(path, 'utf8') }]);
});

const sheet = (name: string, rows: CellValue[][], extra: Partial<SheetSnapshot> = {}): SheetSnapshot => ({ name, rows, ...extra });
const book = (...sheets: SheetSnapshot[]): WorkbookSnapshot => ({ source: 'trust.xlsx', sheets });

/** Each plan's findings, `rule` or `rule (not judged)`, judged by CPFT's policy on 2026-11-23. */
async function judged(snapshot: WorkbookSnapshot, map: WorkbookMap): Promise<string[][]> {
  const plans = plansFromWorkbook(snapshot, { map }).plans;
  const report = await evaluatePlans(plans, library, { today: '2026-11-23', policy: { id: 'cpft-job-planning', version: '2017-04-28' }, groups: 'off' });
  return report.plans.map((p) => p.findings.map((f) => `${f.ruleId}${f.notJudged ? ' (not judged)' : ''}`).sort());
}

function suggested(snapshot: WorkbookSnapshot): { map: WorkbookMap; suggestion: ReturnType<typeof suggestMap> } {
  const suggestion = suggestMap(snapshot, { id: 'trust' });
  const parsed = parseWorkbookMap(renderMapYaml(suggestion, { source: 'trust.xlsx' }), 'trust.yaml');
  expect(parsed.diagnostics).toEqual([]);
  return { map: parsed.map!, suggestion };
}

const HEADER = ['Name', 'Grade', 'Organisation', 'Contracted PAs', 'DCC PAs', 'SPA PAs', 'Meeting date', 'Signed by doctor', 'Signed by CD'];

describe('values that are there but cannot be read', () => {
  it('a decimal comma is read as the decimal point, and said; a thousands separator is not', () => {
    expect(coerceCell('7,5', { kind: 'number', minimum: 0 })).toEqual({ ok: true, value: 7.5, note: "'7,5' is read as 7.5 (a decimal comma)" });
    expect(coerceCell('2,5 PAs', { kind: 'number', minimum: 0 })).toMatchObject({ ok: true, value: 2.5 });
    expect(coerceCell('1,500', { kind: 'number', minimum: 0 })).toMatchObject({ ok: false, code: 'workbook_bad_number' });
  });

  it('an unreadable PA or date in a register row makes its rules "not judged", never judged as 0 PAs or no meeting', async () => {
    const snapshot = book(sheet('Register', [
      HEADER,
      ['Dr A', 'Consultant', CPFT, 10, 'seven and a half', 2.5, '2026-05-05', '2026-05-12', '2026-05-19'],
      ['Dr B', 'Consultant', CPFT, 10, 7.5, 2.5, '31/02/2026', '2026-05-12', '2026-05-19'],
    ]));
    const [a, b] = await judged(snapshot, register);
    // Before: "The timetable schedules 2.5 PAs a week, but the contract is 10 PAs" (an error on a value never read).
    expect(a).toContain('pa.total-matches-contract (not judged)');
    expect(a).not.toContain('pa.total-matches-contract');
    // Before: the meeting was taken as absent and sign-off judged on it.
    expect(b).toContain('signoff.within-deadline (not judged)');
    const plan = extractPlans(snapshot, register).plans[0]!;
    expect(plan.unread).toContainEqual({ key: 'declared_dcc_pas', cell: { sheet: 'Register', cell: 'E2' }, reason: "dcc pas 'seven and a half' could not be read" });
  });

  it('a date written in two languages is read when its halves agree', () => {
    expect(coerceCell('1 Hydref 2026 / 1 October 2026', { kind: 'date' })).toMatchObject({ ok: true, value: '2026-10-01' });
    expect(coerceCell('01/10/2026 / 02/10/2026', { kind: 'date' })).toMatchObject({ ok: false, code: 'workbook_bad_date' });
  });
});

describe('text dates written month first', () => {
  it('are read month first when the sheet writes some dates that can only be month first', () => {
    const snapshot = book(sheet('Export', [
      HEADER,
      ['Dr A', 'Consultant', CPFT, 10, 7.5, 2.5, '03/04/2026', '03/11/2026', '04/01/2026'],
      ['Dr B', 'Consultant', CPFT, 10, 7.5, 2.5, '05/19/2026', '05/26/2026', '06/09/2026'],
    ]));
    const [a, b] = extractPlans(snapshot, register).plans;
    // Before: 3 April, 3 November and 4 January (signed before the meeting); 05/19/2026 a bad date.
    expect(a!.plan).toMatchObject({ meeting_date: '2026-03-04', signed_practitioner_date: '2026-03-11', signed_manager_date: '2026-04-01' });
    expect(b!.plan).toMatchObject({ meeting_date: '2026-05-19' });
    expect(a!.diagnostics?.[0]?.message).toContain("'05/19/2026' can only be month first");
  });

  it('one month-first date among day-first ones is a typo, not the order of the sheet', () => {
    const snapshot = book(sheet('Export', [
      HEADER,
      ['Dr A', 'Consultant', CPFT, 10, 7.5, 2.5, '03/04/2026', '20/04/2026', '24/04/2026'],
      ['Dr B', 'Consultant', CPFT, 10, 7.5, 2.5, '05/19/2026', '26/05/2026', '09/06/2026'],
    ]));
    const [a, b] = extractPlans(snapshot, register).plans;
    expect(a!.plan.meeting_date).toBe('2026-04-03');
    expect(b!.plan.meeting_date ?? null).toBeNull();
    expect(b!.diagnostics?.map((d) => d.code)).toContain('workbook_bad_date');
  });

  it('are not read when the sheet writes both orders and one could be either', async () => {
    const snapshot = book(sheet('Export', [
      HEADER,
      ['Dr A', 'Consultant', CPFT, 10, 7.5, 2.5, '03/04/2026', '20/04/2026', '05/19/2026'],
    ]));
    const plan = extractPlans(snapshot, register).plans[0]!;
    expect(plan.plan.meeting_date ?? null).toBeNull();
    expect(plan.diagnostics?.map((d) => d.code)).toContain('workbook_ambiguous_date');
    expect(await judged(snapshot, register)).toEqual([expect.arrayContaining(['signoff.within-deadline (not judged)'])]);
  });
});

describe('a register kept in department blocks', () => {
  it('skips heading and sub-total rows and reads the blocks after a blank spacer row', () => {
    const snapshot = book(sheet('All', [
      ['Name', 'Grade', 'Care group', 'Contracted PAs', 'DCC PAs', 'SPA PAs'],
      ['MENTAL HEALTH'],
      ['Dr A', 'Consultant', 'Mental Health', 10, 7.5, 2.5],
      ['Mental Health sub-total', '1 consultant', null, 10, 7.5, 2.5],
      [],
      ['Learning Disabilities'],
      ['Dr B', 'Consultant', 'Learning Disabilities', 10, 7.5, 2.5],
      ['Learning Disabilities subtotal', null, null, 10, 7.5, 2.5],
      ['GRAND TOTAL', null, null, 20, 15, 5],
    ]));
    const read = extractPlans(snapshot, register);
    // Before: "MENTAL HEALTH", the sub-totals and "Learning Disabilities" were four more plans.
    expect(read.plans.map((p) => p.plan.practitioner_name)).toEqual(['Dr A', 'Dr B']);
    expect(read.diagnostics.filter((d) => d.code === 'workbook_register_heading_row').map((d) => d.location)).toEqual([
      { file: 'trust.xlsx', sheet: 'All', cell: 'A2' }, { file: 'trust.xlsx', sheet: 'All', cell: 'A6' },
    ]);
  });

  it("says where a row's own Total PAs disagrees with its parts", () => {
    const snapshot = book(sheet('All', [
      ['Name', 'Grade', 'Contracted PAs', 'DCC PAs', 'SPA PAs', 'ANR PAs', 'Total PAs'],
      ['Dr A', 'Consultant', 10, 7.5, 2.5, 1, 10],
      ['Dr B', 'Consultant', 10, 7.5, 2.5, 0, 10],
    ]));
    const [a, b] = extractPlans(snapshot, register).plans;
    expect(a!.diagnostics).toContainEqual({
      code: 'workbook_total_disagrees', severity: 'warning', location: { file: 'trust.xlsx', sheet: 'All', cell: 'G2' },
      message: "'Total PAs' says 10, but DCC PAs 7.5 + SPA PAs 2.5 + ANR PAs 1 = 11; the parts are what is judged, so check which is right",
    });
    expect(b!.diagnostics ?? []).toEqual([]);
  });

  it('keeps a row holding only a practitioner\'s name as a plan', () => {
    const snapshot = book(sheet('All', [['Name', 'Grade', 'Care group', 'Contracted PAs', 'DCC PAs', 'SPA PAs'], ['Dr A Smith'], ['Dr B', 'Consultant', 'Mental Health', 10, 7.5, 2.5]]));
    expect(extractPlans(snapshot, register).plans.map((p) => p.plan.practitioner_name)).toEqual(['Dr A Smith', 'Dr B']);
  });

  it('a column of PAs the map does not read leaves the total "not judged", never judged on the other parts', async () => {
    const snapshot = book(sheet('All', [
      ['Name', 'Grade', 'Organisation', 'Contracted PAs', 'DCC PAs', 'SPA PAs', 'Other', 'Meeting date'],
      ['Dr A', 'Consultant', CPFT, 10, 7.5, 2.5, 1, '2026-05-05'],
    ]));
    // Before: 7.5 + 2.5 = 10 on 10, judged compliant with 1 PA more in the "Other" column.
    expect((await judged(snapshot, register))[0]).toContain('pa.total-matches-contract (not judged)');
  });
});

describe("the shipped register map", () => {
  it("reads an export's 'Other NHS' and 'External' PAs, so its total is judged on every part", async () => {
    const snapshot = book(sheet('Export', [
      ['Employee Name', 'Grade', 'Organisation', 'Contracted PAs', 'DCC', 'SPA', 'Other NHS', 'External', 'Meeting Date'],
      ['Dr A', 'Consultant', CPFT, 10, 7, 2.5, 0.5, 0, '2026-05-05'],
      ['Dr B', 'Consultant', CPFT, 10, 7, 2.5, 0, 0, '2026-05-05'],
    ]));
    const [a, b] = await judged(snapshot, register);
    // Before: both were 9.5 PAs on 10 (Dr A's 0.5 other NHS PAs unread): an error on a plan that adds up.
    expect(a).not.toContain('pa.total-matches-contract');
    expect(b).toContain('pa.total-matches-contract');
  });
});

describe('an export with one row per activity', () => {
  const rows = (people: string[]): CellValue[][] => [
    ['Employee', 'Grade', 'Organisation', 'Contracted PAs', 'Day', 'Session', 'Activity', 'Activity Type', 'PAs', 'Meeting Date'],
    ...people.flatMap((who) => [
      [who, 'Consultant', CPFT, 10, 'Monday', 'AM', 'Clinic', 'DCC', 7.5, '2026-10-12'],
      [who, 'Consultant', CPFT, 10, 'Tuesday', 'AM', 'CPD', 'SPA', 2.5, '2026-10-12'],
    ]),
  ];

  it('is refused as a register, not read as one plan per activity', () => {
    const read = extractPlans(book(sheet('Export', rows(['Dr A', 'Dr B']))), register);
    expect(read.plans).toEqual([]);
    expect(read.diagnostics.map((d) => d.code)).toContain('workbook_register_activity_rows');
  });

  it("is suggested as one plan when it holds one practitioner's activities", async () => {
    const snapshot = book(sheet('Export', rows(['Dr A'])));
    const { map, suggestion } = suggested(snapshot);
    expect(suggestion.kind).toBe('plan');
    const plan = extractPlans(snapshot, map).plans[0]!;
    expect(plan.plan).toMatchObject({ practitioner_name: 'Dr A', contracted_pas: 10, meeting_date: '2026-10-12' });
    expect(plan.plan.activities?.map((a) => [a.category, a.pas])).toEqual([['DCC', 7.5], ['SPA', 2.5]]);
    // What an activity export cannot say is not judged, not found missing.
    expect((await judged(snapshot, map))[0]).toEqual(expect.arrayContaining(['private-practice.statement (not judged)', 'objectives.smart (not judged)']));
  });

  it("is still suggested as a register, with a note, when it holds several practitioners'", () => {
    const { suggestion } = suggested(book(sheet('Export', rows(['Dr A', 'Dr B']))));
    expect(suggestion.notes.join('\n')).toContain('one row per activity of 2 practitioners');
  });
});

describe('two-row headers', () => {
  it('reads a group header over its sub-headers and a header merged down over both rows', () => {
    const snapshot = book(sheet('Register', [
      ['Practitioner', null, 'Contracted PAs', 'Job plan PAs', null, 'Job plan meeting', null, 'Signed off', null],
      ['Name', 'Grade', null, 'DCC', 'SPA', 'Date', 'Next review', 'Consultant', 'Clinical Director'],
      ['Dr A', 'Consultant', 10, 7.5, 2.5, '2026-04-14', '2027-04-30', '2026-04-21', '2026-05-05'],
      ['Dr B', 'Consultant', 10, 8, 2, '2026-02-10', '2027-02-28', '2026-02-17', '2026-02-24'],
    ], { merges: ['A1:B1', 'C1:C2', 'D1:E1', 'F1:G1', 'H1:I1'] }));
    // The shipped register map reads "Name" as the practitioner; "Consultant" under "Signed off" is no second one.
    expect(extractPlans(snapshot, register).diagnostics.map((d) => d.code)).not.toContain('workbook_duplicate_header');
    const { map } = suggested(snapshot);
    const plan = extractPlans(snapshot, map).plans[0]!.plan;
    // Before: Contracted PAs (merged down) and the three dates under their groups were not read.
    expect(plan).toMatchObject({
      practitioner_name: 'Dr A', contracted_pas: 10, declared_dcc_pas: 7.5, meeting_date: '2026-04-14', review_date: '2027-04-30',
      signed_practitioner_date: '2026-04-21', signed_manager_date: '2026-05-05',
    });
  });
});

describe('a two-row header read by the shipped register map', () => {
  it('never reads a sign-off date column as the practitioner because its sub-header is "Consultant"', () => {
    const snapshot = book(sheet('Register', [
      ['Grade', 'Contracted PAs', 'Job plan PAs', null, 'Signed off', null, 'Doctor'],
      [null, null, 'DCC', 'SPA', 'Consultant', 'Clinical Director', null],
      ['Consultant', 10, 7.5, 2.5, '2026-04-21', '2026-05-05', 'Dr A'],
    ], { merges: ['A1:A2', 'B1:B2', 'C1:D1', 'E1:F1', 'G1:G2'] }));
    const plan = extractPlans(snapshot, register).plans[0]!;
    expect(plan.plan.practitioner_name).toBe('Dr A');
    expect(plan.cells['practitioner_name']).toEqual({ sheet: 'Register', cell: 'G3' });
    expect(plan.plan).toMatchObject({ declared_dcc_pas: 7.5, declared_spa_pas: 2.5 });
  });
});

describe('bilingual forms and hidden sheets', () => {
  it('matches either half of a "Welsh / English" label', () => {
    expect(matchField('Enw / Name', FIELD_WORDS)[0]?.field).toBe('practitioner_name');
    expect(matchField("Sesiynau wedi'u contractio / Contracted sessions", FIELD_WORDS)[0]?.field).toBe('contracted_pas');
    // A label that is whole in one language is matched whole.
    expect(matchField('Full time / part time', FIELD_WORDS)[0]).toEqual({ field: 'full_time', strength: 4 });
    // A sign-off box's "Name / Signature" is the signatory's.
    expect(matchField('Name / Signature', FIELD_WORDS).map((m) => m.field)).not.toContain('practitioner_name');
  });

  it('leaves a hidden lookups sheet out of the suggested map', () => {
    const lookups = sheet('Lookups', [['Gradd / Grade', 'Math / Type'], ['Consultant', 'DCC'], ['Specialty Doctor', 'SPA']], { state: 'hidden' });
    const form = sheet('Dr E Morgan', [
      ['Enw / Name', 'Dr E Morgan'], ['Gradd / Grade', 'Consultant'], ['Arbenigedd / Specialty', 'Old Age Psychiatry'],
      ["Sesiynau wedi'u contractio / Contracted sessions", 10], ['Dyddiad y cyfarfod / Date of meeting', '2026-09-22'],
    ]);
    const { map, suggestion } = suggested(book(lookups, form));
    // Before: the grade was read from the hidden sheet as "Math / Type".
    expect(map.sheets.map((s) => s.sheet)).not.toContain('Lookups');
    expect(suggestion.notes[0]).toContain("'Lookups' is hidden");
    expect(extractPlans(book(lookups, form), map).plans[0]!.plan).toMatchObject({ practitioner_name: 'Dr E Morgan', grade: 'Consultant', contracted_pas: 10, meeting_date: '2026-09-22' });
  });

  it('a form whose signatures are Yes/No ticks without dates leaves sign-off "not judged", not "unsigned"', async () => {
    const form = sheet('Form', [
      ['Name', 'Dr A'], ['Grade', 'Consultant'], ['Organisation', CPFT], ['Contracted PAs', 2], ['Date of meeting', '2026-09-22'],
      [],
      ['Day', 'Activity', 'Category', 'PAs'], ['Monday', 'Clinic', 'DCC', 1], ['Tuesday', 'CPD', 'SPA', 1],
      [],
      ['Signatures', 'Signed?'], ['Doctor', 'Yes'], ['Clinical Director', 'Yes'],
    ]);
    const { map } = suggested(book(form));
    // Before: "The plan is not signed by both parties" on a plan both ticked as signed.
    expect((await judged(book(form), map))[0]).toEqual(expect.arrayContaining(['signoff.both-parties (not judged)', 'signoff.within-deadline (not judged)']));
  });

  it('ends a timetable at a bilingual Total row', () => {
    const form = sheet('Form', [
      ['Enw / Name', 'Dr E Morgan'], ['Gradd / Grade', 'Consultant'], ['Dyddiad y cyfarfod / Date of meeting', '2026-09-22'], ['Contracted PAs', 2],
      [],
      ['Diwrnod / Day', 'Gweithgaredd / Activity', 'Math / Type', 'Sesiynau / Sessions'],
      ['Monday', 'Memory clinic', 'DCC', 1], ['Tuesday', 'CPD', 'SPA', 1],
      ['Cyfanswm / Total', null, null, 2],
    ]);
    const { map } = suggested(book(form));
    expect(extractPlans(book(form), map).plans[0]!.plan.activities).toHaveLength(2);
  });
});
