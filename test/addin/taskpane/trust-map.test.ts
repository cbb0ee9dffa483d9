/// <reference lib="dom" />
/**
 * The pane and a Trust's own layout (issue 9, add-in side), below the DOM: the engine service (bundled maps chosen by
 * fit, a loaded map used as the CLI's --map uses it, map files checked with line:col, what was read), the view model
 * (no plan is never "no findings", rules not judged apart from findings, advice in the pane's words, the map in the
 * stamp, "What was read") and the controller (load a map, remember it for the workbook in its document settings or
 * for the session, forget it). The workbook is examples/trusts/bma-style-consultant.xlsx, the map the hand-written
 * test/fixtures/maps/bma-style-consultant.yaml; what must be found is the workbook's answer key.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReadResult, WorkbookGateway } from '../../../src-addin/excel/workbook-gateway.js';
import { PaneController } from '../../../src-addin/taskpane/controller.js';
import type { EngineClient } from '../../../src-addin/taskpane/engine-client.js';
import { documentMapMemory, MAP_SETTING, sessionMapMemory, type DocumentSettings } from '../../../src-addin/taskpane/map-memory.js';
import {
  diagnosticLines, groupFindings, mapLine, noPlanAdvice, notJudgedItems, paneText, plainDiagnostic, readingView, stampLines, summaryText, unjudgedPlans,
} from '../../../src-addin/taskpane/view-model.js';
import { EngineService } from '../../../src-addin/worker/engine-service.js';
import type { ValidateRequest, ValidateResponse } from '../../../src-addin/worker/protocol.js';
import { runValidation } from '../../../src-engine/cli/run-validation.js';
import type { WorkbookSnapshot } from '../../../src-engine/index.js';
import { readWorkbookFile } from '../../../src-engine/node/read-workbook.js';
import bundle from './policy-bundle-for-tests.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const TODAY = '2026-11-23';
const WORKBOOK = 'examples/trusts/bma-style-consultant.xlsx';
const MAP_PATH = 'test/fixtures/maps/bma-style-consultant.yaml';
const MAP_TEXT = readFileSync(join(root, MAP_PATH), 'utf8');
const truth = JSON.parse(readFileSync(join(root, `${WORKBOOK}.truth.json`), 'utf8')) as {
  fields: Record<string, { cell: string; value: unknown }>;
  expect_fire: string[];
};
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

let snapshot: WorkbookSnapshot;
beforeAll(async () => {
  const read = await readWorkbookFile(join(root, WORKBOOK));
  snapshot = { ...read.snapshot!, source: 'bma-style-consultant.xlsx' };
});

const request = (extra: Partial<ValidateRequest> = {}): ValidateRequest => ({ snapshot, readDiagnostics: [], today: TODAY, asOf: null, policy: null, useDraft: false, ...extra });
const ruleIds = (response: ValidateResponse): string[] => response.report.plans.flatMap((p) => p.findings.map((f) => f.ruleId)).sort();

describe('the engine service and a Trust\'s map', () => {
  const service = new EngineService();

  it('reads no plan from a Trust layout with the bundled maps alone, and says what is missing', async () => {
    const response = await service.validate(request());
    expect(response.report.summary.plans).toBe(0);
    expect(response.map).toMatchObject({ id: 'jobplan-template', source: 'bundled', path: 'workbook-maps/jobplan-template.yaml' });
    expect(response.reading.planCount).toBe(0);
    expect(response.report.diagnostics.map((d) => d.code)).toContain('workbook_missing_sheet');
  });

  it('reads and judges the workbook with a loaded map exactly as `jobplan validate --map` does, giving the answer key\'s findings', async () => {
    const response = await service.validate(request({ map: { name: 'bma-style-consultant.yaml', text: MAP_TEXT } }));
    expect(ruleIds(response)).toEqual([...truth.expect_fire].sort());
    expect(response.map).toMatchObject({ id: 'bma-style-consultant', source: 'loaded', path: 'bma-style-consultant.yaml', sha256: createHash('sha256').update(MAP_TEXT).digest('hex') });
    expect(response.report.options?.map).toEqual({ path: 'bma-style-consultant.yaml', sha256: response.map.sha256 });
    const cli = await runValidation({ paths: [join(root, WORKBOOK)], today: TODAY, asOf: null, policy: null, map: join(root, MAP_PATH), traces: false });
    const essence = (plans: typeof cli.plans) => plans.flatMap((p) => p.findings.map((f) => [f.ruleId, f.message, f.cells]));
    expect(essence(response.report.plans)).toEqual(essence(cli.plans));
  });

  it('says what was read: every field of the answer key with its value and cell, the timetable and objectives rows', async () => {
    const { reading } = await service.validate(request({ map: { name: 'bma-style-consultant.yaml', text: MAP_TEXT } }));
    expect(reading.map).toBe('bma-style-consultant');
    const plan = reading.plans[0]!;
    for (const [field, expected] of Object.entries(truth.fields)) {
      const found = plan.fields.find((f) => f.field === field);
      expect(found, field).toBeDefined();
      expect(`'${found!.cell.sheet}'!${found!.cell.cell}`, field).toBe(expected.cell);
      expect(found!.value, field).toEqual(expected.value);
    }
    expect(plan.lists.map((l) => [l.list, l.rows.length])).toEqual([['activities', 7], ['objectives', 4]]);
  });

  it('chooses a Trust map bundled from workbook-maps/ by fit, names it, and still reads the template with the template\'s map', async () => {
    const withTrust = new EngineService({ ...bundle, maps: [...bundle.maps, { path: 'workbook-maps/bma-style-consultant.yaml', text: MAP_TEXT }] });
    expect(withTrust.catalogue().maps.map((m) => m.id)).toEqual(['jobplan-template', 'jobplan-register', 'bma-style-consultant']);
    const response = await withTrust.validate(request());
    expect(response.map).toMatchObject({ id: 'bma-style-consultant', source: 'bundled', path: 'workbook-maps/bma-style-consultant.yaml' });
    expect(ruleIds(response)).toEqual([...truth.expect_fire].sort());
    const chosen = response.report.plans[0]!.diagnostics.find((d) => d.code === 'workbook_map_chosen');
    expect(chosen?.message).toMatch(/read with the map 'bma-style-consultant'/);
    const template = await readWorkbookFile(join(root, 'examples/breaks-signoff-late.xlsx'));
    expect((await withTrust.validate(request({ snapshot: template.snapshot! }))).map.id).toBe('jobplan-template');
  });

  it('reports a broken Trust map in the bundle with line:col and leaves it out, as the CLI does', async () => {
    const broken = new EngineService({ ...bundle, maps: [...bundle.maps, { path: 'workbook-maps/broken.yaml', text: 'map: broken\nversion: 1\nsheets:\n  - sheet: X\n    kind: nonsense\n' }] });
    const catalogue = broken.catalogue();
    expect(catalogue.maps.map((m) => m.id)).toEqual(['jobplan-template', 'jobplan-register']);
    const problem = catalogue.diagnostics.find((d) => d.location && 'file' in d.location && d.location.file === 'workbook-maps/broken.yaml');
    expect(problem?.location).toMatchObject({ line: expect.any(Number), col: expect.any(Number) });
    expect((await broken.validate(request())).report.diagnostics.some((d) => d.code === problem!.code)).toBe(true);
  });

  it('checks a map file: problems with line:col, a file that is not UTF-8 said so, a good map with its id and sha256', () => {
    const bad = service.checkMap('trust.yaml', utf8('map: trust\nversion: 1\nsheets:\n  - sheet: Job Plan\n    kind: fields\n    fields: { practitioner_nam: [Name] }\n'));
    expect(bad.map).toBeNull();
    expect(bad.diagnostics.length).toBeGreaterThan(0);
    expect(bad.diagnostics.every((d) => d.location && 'line' in d.location && d.location.line > 1)).toBe(true);
    expect(service.checkMap('trust.yaml', utf8('map: [\n')).diagnostics[0]!.location).toMatchObject({ file: 'trust.yaml', line: expect.any(Number) });
    expect(service.checkMap('trust.yaml', new Uint8Array([0x6d, 0x61, 0xff, 0xfe])).diagnostics[0]!.code).toBe('map_not_utf8');
    const good = service.checkMap('bma.yaml', utf8(MAP_TEXT));
    expect(good.map).toMatchObject({ id: 'bma-style-consultant', path: 'bma.yaml', source: 'loaded', text: MAP_TEXT });
  });

  it('a plan missing a section its rules need: those rules come back not judged, never as passes', async () => {
    // The Trust keeps its statements on a sheet this workbook does not have.
    const statementsElsewhere = MAP_TEXT
      .replace(/ {6}(external_duties_statement|private_practice_statement|managerial_responsibilities|supporting_resources):.*\n/g, '')
      .replace(/\n {2}- sheet: Job Plan\n {4}kind: grid/, '\n  - sheet: Other information\n    kind: fields\n    fields:\n      private_practice_statement: [Private practice]\n      external_duties_statement: [External duties]\n      managerial_responsibilities: [Managerial responsibilities]\n      supporting_resources: [Supporting resources]\n\n  - sheet: Job Plan\n    kind: grid');
    expect(statementsElsewhere).toContain('sheet: Other information');
    const response = await service.validate(request({ map: { name: 'statements-elsewhere.yaml', text: statementsElsewhere } }));
    const notJudged = notJudgedItems(response.report);
    expect(notJudged.map((i) => i.ruleId)).toEqual(expect.arrayContaining(['private-practice.statement', 'sections.complete']));
    expect(ruleIds(response)).toEqual([...truth.expect_fire, ...notJudged.map((i) => i.ruleId)].sort());
    expect(notJudged.every((i) => i.notJudged!.length > 0)).toBe(true);
    // Not judged is neither a finding nor a pass: it is out of the severity groups and counted on its own.
    expect(groupFindings(response.report).flatMap((g) => g.items.map((i) => i.ruleId))).not.toContain('private-practice.statement');
    expect(summaryText(response.report)).toMatch(new RegExp(`; ${notJudged.length} rules? not judged\\)\\.$`));
  });
});

describe('the view model', () => {
  const service = new EngineService();

  it('never says "no findings" for a workbook with no plan, and advises in the pane\'s words (no command-line flags)', async () => {
    const response = await service.validate(request());
    expect(summaryText(response.report)).toBe('No job plan could be read from this workbook, so nothing was checked.');
    const texts = [...diagnosticLines(response.report).map((d) => d.text), ...response.reading.problems.map(plainDiagnostic), ...noPlanAdvice(null)];
    expect(texts.length).toBeGreaterThan(2);
    for (const text of texts) {
      expect(text).not.toMatch(/--[a-z]/);
      expect(text).not.toMatch(/jobplan map suggest/);
    }
    expect(diagnosticLines(response.report).some((d) => d.text.includes('"Load a map file…"'))).toBe(true);
    expect(noPlanAdvice(null).join(' ')).toMatch(/Load a map file…/);
    expect(noPlanAdvice(null).join(' ')).toMatch(/register template/);
    expect(noPlanAdvice(response.map).join(' ')).toMatch(/Load a map file…/);
    const loaded = { id: 'trust', title: null, path: 'trust.yaml', sha256: 'ab'.repeat(32), source: 'loaded' as const };
    expect(noPlanAdvice(loaded).join(' ')).toMatch(/The map 'trust' \(loaded from trust\.yaml\) did not find a job plan.*Forget this map/);
  });

  it('rewrites the core\'s command-line advice', () => {
    expect(paneText("read with the map 'x', which found 20 values; choose another with --map")).toBe('read with the map \'x\', which found 20 values; to read it with another map, use "Load a map file…"');
    expect(paneText('no loaded policy applies to plan \'A\' on 2026-01-01; choose one with --policy')).toBe('no loaded policy applies to plan \'A\' on 2026-01-01; choose one in the policy picker');
    expect(paneText('Use the register template or describe your layout in a workbook map (--map).')).toBe('Use the register template or load a map file describing your layout with "Load a map file…".');
    expect(paneText('something new (pass --strict to see more)')).toBe('something new');
    expect(paneText('a plain message')).toBe('a plain message');
  });

  it('names the map in the stamp: a loaded file with its sha256, or the bundled map chosen by fit', async () => {
    const response = await service.validate(request({ map: { name: 'bma-style-consultant.yaml', text: MAP_TEXT } }));
    const lines = stampLines(response.report, null, { info: response.map, bundledCount: 2 });
    expect(lines[0]).toBe(`Read with the map 'bma-style-consultant' loaded from bma-style-consultant.yaml (sha256 ${response.map.sha256.slice(0, 12)}…)`);
    expect(lines.some((l) => l.startsWith('cpft-job-planning@2017-04-28 (ratified)'))).toBe(true);
    expect(mapLine({ id: 'jobplan-template', title: null, path: 'workbook-maps/jobplan-template.yaml', sha256: 'x', source: 'bundled' }, 3))
      .toBe("Read with the map 'jobplan-template' (workbook-maps/jobplan-template.yaml), the one of the add-in's 3 maps that reads this workbook best");
  });

  it('lists what was read: each field with its value (dates DD/MM/YYYY) and cell, table rows with theirs, what was not found', async () => {
    const { reading } = await service.validate(request({ map: { name: 'bma-style-consultant.yaml', text: MAP_TEXT } }));
    const view = readingView(reading);
    expect(view.summary).toMatch(/^Read with the map 'bma-style-consultant': 1 plan, 29 fields found, 2 tables, \d+ not found, none unreadable\.$/);
    const plan = view.plans[0]!;
    expect(plan.ref).toBe('OAP-JP-2026-07');
    expect(plan.practitioner).toBe('Dr Samuel Jones');
    expect(plan.fields.find((f) => f.field === 'practitioner_name')).toMatchObject({ label: 'Practitioner name', value: 'Dr Samuel Jones', cell: { sheet: 'Job Plan', cell: 'B5', label: "'Job Plan'!B5" } });
    expect(plan.fields.find((f) => f.field === 'meeting_date')).toMatchObject({ value: '22/04/2026', cell: { label: "'Job Plan'!B10" } });
    expect(plan.fields.find((f) => f.field === 'full_time')?.value).toBe('Yes');
    const timetable = plan.lists.find((l) => l.list === 'activities')!;
    expect(timetable).toMatchObject({ title: 'Timetable', header: { label: "'Job Plan'!B15:E15" } });
    expect(timetable.rows[0]).toMatchObject({ cell: { sheet: 'Job Plan', cell: 'B16:E16' } });
    expect(timetable.rows[0]!.text).toMatch(/^Day: Monday \| .*Category: DCC \| PAs: 2\.5$/);
    expect(plan.lists.find((l) => l.list === 'objectives')!.rows.map((r) => r.text.match(/Due date: ([\d/]+)/)?.[1] ?? null)).toEqual(['31/12/2026', null, '31/03/2027', '30/09/2027']);
    expect(plan.notFound).toContain('SPA justification');
    expect(plan.problems.some((p) => p.startsWith("'Job Plan'!G37: Due date: 'March 2027' gives only a month"))).toBe(true);
  });

  it('shows the cells that could not be read and why', () => {
    const view = readingView({
      source: 'b.xlsx', map: 'trust', isRegister: false, planCount: 1, problems: [],
      plans: [{ ref: 'A', practitioner: null, fields: [], lists: [], notFound: [], problems: [], unread: [
        { key: 'contracted_pas', cell: { sheet: 'Details', cell: 'B9' }, reason: "'Details'!B9 holds a formula Excel never calculated: open and save the workbook in Excel" },
        { key: 'objectives', cell: null, reason: 'no Objectives sheet, so the objectives is not known' },
      ] }],
    });
    expect(view.summary).toBe("Read with the map 'trust': 1 plan, 0 fields found, 0 tables, 0 not found, 2 could not be read.");
    expect(view.plans[0]!.unread).toEqual([
      { cell: { sheet: 'Details', cell: 'B9', label: 'Details!B9' }, reason: "'Details'!B9 holds a formula Excel never calculated: open and save the workbook in Excel" },
      { cell: null, reason: 'No Objectives sheet, so the objectives is not known' },
    ]);
  });
});

/** The Office.Settings of a workbook: a property bag saved into the document by saveAsync (or failing to). */
function fakeSettings(initial: Record<string, unknown> = {}, fail = false): DocumentSettings & { saved: Record<string, unknown>; calls: string[] } {
  const bag: Record<string, unknown> = { ...initial };
  const saved: Record<string, unknown> = { ...initial };
  const calls: string[] = [];
  return {
    saved, calls,
    get: (name) => (name in bag ? bag[name] : null),
    set: (name, value) => void (calls.push(`set ${name}`), (bag[name] = value)),
    remove: (name) => void (calls.push(`remove ${name}`), delete bag[name]),
    saveAsync: (callback) => {
      calls.push('saveAsync');
      if (fail) return callback?.({ status: 'failed', error: { message: 'the workbook is read-only' } });
      for (const k of Object.keys(saved)) delete saved[k];
      Object.assign(saved, bag);
      callback?.({ status: 'succeeded' });
    },
  };
}

function engineOf(service: EngineService): EngineClient & { requests: ValidateRequest[] } {
  const requests: ValidateRequest[] = [];
  return {
    mode: 'page', requests,
    catalogue: async () => service.catalogue(),
    validate: async (r) => (requests.push(r), service.validate(r)),
    explain: async (plan, rule) => service.explain(plan, rule),
    loadDraft: async (name, bytes) => service.loadDraft(name, bytes),
    clearDraft: async () => service.clearDraft(),
    checkMap: async (name, bytes) => service.checkMap(name, bytes),
    readXlsx: async () => ({ snapshot: null, diagnostics: [], sha256: '' }),
  };
}

function gatewayOf(kind: 'excel' | 'file', title = 'bma-style-consultant.xlsx'): WorkbookGateway {
  return { kind, title, read: async (): Promise<ReadResult> => ({ snapshot, diagnostics: [] }), select: async () => true };
}

describe('the controller and a Trust\'s map', () => {
  const service = new EngineService();

  it('a workbook with no plan is an error in the status line, never an "ok"', async () => {
    const c = new PaneController(engineOf(service), { today: TODAY });
    await c.start();
    c.setGateway(gatewayOf('excel'));
    await c.validate();
    expect(c.state.status).toEqual({ tone: 'error', text: 'No job plan could be read from bma-style-consultant.xlsx, so nothing was checked. See below for what to do.' });
    expect(c.state.result?.report.summary.plans).toBe(0);
  });

  it('loads a map file: problems with line:col (nothing remembered); a good one re-reads the workbook and is remembered in its settings', async () => {
    const settings = fakeSettings();
    const engine = engineOf(service);
    const c = new PaneController(engine, { today: TODAY, mapMemory: () => documentMapMemory(settings) });
    await c.start();
    c.setGateway(gatewayOf('excel'));
    await c.validate();
    await c.loadMap('broken.yaml', utf8('map: trust\nversion: 1\nsheets: [\n'));
    expect(c.state.map).toBeNull();
    expect(c.state.mapProblems.length).toBeGreaterThan(0);
    expect(c.state.mapProblems.every((p) => /^Line \d+, column \d+: /.test(p))).toBe(true);
    expect(c.state.status).toMatchObject({ tone: 'error', text: expect.stringMatching(/^broken\.yaml has \d+ problems?; it was not loaded/) });
    expect(settings.calls).toEqual([]);

    await c.loadMap('bma-style-consultant.yaml', utf8(MAP_TEXT));
    expect(c.state.map?.info).toMatchObject({ id: 'bma-style-consultant', path: 'bma-style-consultant.yaml' });
    expect(c.state.map?.remembered).toBe('workbook');
    expect(c.state.mapProblems).toEqual([]);
    expect(settings.saved[MAP_SETTING]).toEqual({ name: 'bma-style-consultant.yaml', text: MAP_TEXT });
    // Already validated: validated again at once, with the map.
    expect(engine.requests).toHaveLength(2);
    expect(engine.requests[1]!.map).toEqual({ name: 'bma-style-consultant.yaml', text: MAP_TEXT });
    expect(c.state.status.tone).toBe('ok');
    expect(c.state.result?.map.id).toBe('bma-style-consultant');
    expect(ruleIds(c.state.result!)).toEqual([...truth.expect_fire].sort());
  });

  it('uses the map remembered in the workbook\'s settings when the pane opens on it again; "Forget this map" removes it', async () => {
    const settings = fakeSettings({ [MAP_SETTING]: { name: 'bma-style-consultant.yaml', text: MAP_TEXT } });
    const engine = engineOf(service);
    const c = new PaneController(engine, { today: TODAY, mapMemory: () => documentMapMemory(settings) });
    await c.start();
    c.setGateway(gatewayOf('excel'));
    await c.validate();
    expect(engine.requests[0]!.map).toEqual({ name: 'bma-style-consultant.yaml', text: MAP_TEXT });
    expect(c.state.map).toMatchObject({ remembered: 'workbook', info: { id: 'bma-style-consultant' } });
    expect(c.state.result?.report.summary.plans).toBe(1);

    await c.forgetMap();
    expect(settings.calls).toEqual(['remove jobplan.map', 'saveAsync']);
    expect(settings.saved[MAP_SETTING]).toBeUndefined();
    expect(c.state.map).toBeNull();
    await c.validate();
    expect(engine.requests[1]!.map).toBeNull();
    expect(c.state.status.tone).toBe('error');
  });

  it('a setting that is not a map file is ignored; a remembered map that no longer parses is reported', async () => {
    for (const value of ['just text', { name: 1 }, null]) {
      expect(await documentMapMemory(fakeSettings({ [MAP_SETTING]: value })).recall()).toBeNull();
    }
    const c = new PaneController(engineOf(service), { today: TODAY, mapMemory: () => documentMapMemory(fakeSettings({ [MAP_SETTING]: { name: 'old.yaml', text: 'map: [\n' } })) });
    c.setGateway(gatewayOf('excel'));
    await c.validate();
    expect(c.state.map).toBeNull();
    expect(c.state.mapProblems.length).toBeGreaterThan(0);
  });

  it('when Excel cannot save the setting, the map is still used and the user is told it is not remembered', async () => {
    const settings = fakeSettings({}, true);
    const c = new PaneController(engineOf(service), { today: TODAY, mapMemory: () => documentMapMemory(settings) });
    c.setGateway(gatewayOf('excel'));
    await c.loadMap('bma-style-consultant.yaml', utf8(MAP_TEXT));
    expect(c.state.map?.remembered).toBeNull();
    expect(c.state.status).toMatchObject({ tone: 'error', text: expect.stringContaining('could not be remembered for the workbook (the workbook is read-only)') });
    await c.validate();
    expect(c.state.result?.map.id).toBe('bma-style-consultant');
  });

  it('outside Excel the map is kept for the session: used for the next file chosen, never written anywhere', async () => {
    const engine = engineOf(service);
    const c = new PaneController(engine, { today: TODAY, mapMemory: sessionMapMemory() });
    c.setGateway(gatewayOf('file', 'first.xlsx'));
    await c.loadMap('bma-style-consultant.yaml', utf8(MAP_TEXT));
    expect(c.state.map?.remembered).toBe('session');
    expect(c.state.status.text).toMatch(/remembered for this session\.$/);
    c.setGateway(gatewayOf('file', 'second.xlsx'));
    await c.validate();
    expect(engine.requests[0]!.map?.name).toBe('bma-style-consultant.yaml');
  });
});

describe('the map line when nothing was read', () => {
  it('never says a map "reads this workbook best" when it read no plan', () => {
    const bundled = { id: 'jobplan-template', title: null, path: 'workbook-maps/jobplan-template.yaml', sha256: 'x', source: 'bundled' as const };
    expect(mapLine(bundled, 2, 0)).toBe("No job plan was read with any of the add-in's 2 maps");
    expect(mapLine({ ...bundled, id: 'trust', path: 'trust.yaml', sha256: 'ab'.repeat(32), source: 'loaded' }, 2, 0)).toBe(`No job plan was read with the map 'trust' loaded from trust.yaml (sha256 ${'ab'.repeat(6)}…)`);
  });
});

describe('a plan no policy judged', () => {
  const unjudgedReport = (): ValidateResponse['report'] => ({
    engineVersion: '0.1.0', evaluatedAt: 't', asOf: null, today: TODAY, policies: [], groups: [], diagnostics: [],
    plans: [{
      ref: 'JP-9', practitioner: null, source: 'b.xlsx', referenceDate: '2026-10-01', policies: [], findings: [],
      diagnostics: [{ code: 'no_policy_applies', severity: 'warning', message: "plan 'JP-9' not judged: choose a policy (--policy or the config): no configured policy fits it (organisation not recorded)" }],
    }],
    summary: { plans: 1, findings: { error: 0, warning: 0, info: 0 }, groupFindings: { error: 0, warning: 0, info: 0 }, diagnostics: { error: 0, warning: 1, info: 0 } },
  });

  it('is neither clean nor passed, and the pane says so in its own words', () => {
    const report = unjudgedReport();
    expect(summaryText(report)).toBe('1 plan checked: 0 clean (0 errors, 0 warnings, 0 notes; 1 plan not judged: no policy applies).');
    expect(unjudgedPlans(report)).toEqual([{ ref: 'JP-9', reason: "plan 'JP-9' not judged: choose a policy in the policy picker: no configured policy fits it (organisation not recorded)" }]);
    expect(diagnosticLines(report).map((d) => d.text).join(' ')).not.toMatch(/--[a-z]/);
  });

  it('is an error in the status line when no plan of the workbook was judged', async () => {
    const engine = engineOf(new EngineService());
    const c = new PaneController({ ...engine, validate: async () => ({
      report: unjudgedReport(), mapUsed: 'jobplan-template', isRegister: false, elapsedMs: 1,
      map: { id: 'jobplan-template', title: null, path: 'workbook-maps/jobplan-template.yaml', sha256: 'x', source: 'bundled' },
      reading: { source: 'b.xlsx', map: 'jobplan-template', isRegister: false, planCount: 1, plans: [], problems: [] },
    }) }, { today: TODAY });
    c.setGateway(gatewayOf('excel', 'b.xlsx'));
    await c.validate();
    expect(c.state.status).toEqual({ tone: 'error', text: 'No policy applies to the plan in b.xlsx, so nothing was judged: choose a policy in the policy picker.' });
  });
});
