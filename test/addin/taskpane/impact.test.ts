/// <reference lib="dom" />
/**
 * "Impact of a draft" in the task pane: the engine the worker runs judges the open workbook's plans by two versions as
 * `jobplan policy impact` does; the controller asks for it with the versions chosen and goes to a plan's row; the
 * view model puts it in the pane's words.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CellTarget, ReadResult, WorkbookGateway } from '../../../src-addin/excel/workbook-gateway.js';
import { PaneController } from '../../../src-addin/taskpane/controller.js';
import type { EngineClient } from '../../../src-addin/taskpane/engine-client.js';
import { ImpactController } from '../../../src-addin/taskpane/impact-controller.js';
import { defaultImpactChoice, impactVersionOptions, impactView, inForceVersion } from '../../../src-addin/taskpane/impact-view-model.js';
import { EngineService } from '../../../src-addin/worker/engine-service.js';
import type { Catalogue, ImpactRequest, ImpactResponse } from '../../../src-addin/worker/protocol.js';
import { readWorkbookFile } from '../../../src-engine/node/read-workbook.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const TODAY = '2026-11-23';
const REGISTER = join(root, 'examples', 'register-cpft-2026.xlsx');

async function registerSnapshot() {
  const read = await readWorkbookFile(REGISTER);
  if (!read.snapshot) throw new Error('the example register did not read');
  return { snapshot: { ...read.snapshot, source: 'register-cpft-2026.xlsx' }, readDiagnostics: read.diagnostics };
}

describe('the pane engine: impact of a draft on the open register', () => {
  const service = new EngineService();

  it('the illustrative 2022 SPA change: the two plans with 1 PA of SPA, each with its row, caused by spa_minimum', async () => {
    const response = await service.impact({ ...(await registerSnapshot()), today: TODAY, from: 'cpft-job-planning@2017-04-28', to: 'cpft-job-planning@2022-11-01' });
    expect(response.mapUsed).toBe('jobplan-register');
    expect(response.planCount).toBe(60);
    const { impact } = response;
    expect(impact.plans).toMatchObject({ judged: 60, changed: 2, wordingOnly: 0 });
    expect(impact.changedPlans.map((p) => [p.ref, p.cell, p.changes.map((c) => `${c.ruleId} ${c.kind}`)])).toEqual([
      ['JP-2026-014', { sheet: 'Register', cell: 'H16' }, ['spa.minimum goes']],
      ['JP-2026-041', { sheet: 'Register', cell: 'H43' }, ['spa.minimum goes']],
    ]);
    expect(impact.byRule[0]?.causes.map((c) => c.text)).toEqual(['spa_minimum 1.5 PA → 1 PA']);
  });

  it('a draft policy file loaded in the pane: judged as if in force; a reworded message is wording only', async () => {
    const text = readFileSync(join(root, 'policies/cpft-job-planning/2017-04-28.yaml'), 'utf8')
      .replace('version: "2017-04-28"', 'version: "2028-01-01"').replace('effective_from: "2017-04-28"', 'effective_from: "2028-01-01"').replace(/^status: ratified$/m, 'status: draft').replace(/^ratified: .*$/m, '').replace(/^review_by: .*$/m, 'review_by: "2029-01-01"')
      .replace(`message: "SPA is {spa_pas} PAs a week; the policy's minimum for revalidation is {spa_minimum} PAs."`, `message: "Only {spa_pas} PAs of SPA a week: at least {spa_minimum} PAs are needed."`);
    const loaded = service.loadDraft('cpft-2028-draft.yaml', new TextEncoder().encode(text));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.draft?.status).toBe('draft');
    try {
      const { impact } = await service.impact({ ...(await registerSnapshot()), today: TODAY, from: 'cpft-job-planning@2017-04-28', to: 'draft' });
      expect(impact.to).toMatchObject({ version: '2028-01-01', status: 'draft', path: 'cpft-2028-draft.yaml' });
      expect(impact.plans.changed).toBe(0);
      expect(impact.wordingPlans.map((p) => p.ref)).toEqual(['JP-2026-014', 'JP-2026-041']);
      expect(impact.notes.join(' ')).toMatch(/as if in force for every plan they apply to, whatever the plan's date \(a draft included\)/);
      const view = impactView(impact);
      expect(view.headline).toBe('cpft-job-planning@2017-04-28 → cpft-job-planning@2028-01-01 (DRAFT): 0 of 60 plans would change outcome; 2 only in wording.');
      expect(view.wordingPlans[0]?.wording[0]).toEqual({ ruleId: 'spa.minimum', from: expect.stringMatching(/^SPA is 1 PA/), to: expect.stringMatching(/^Only 1 PA/) });
    } finally {
      service.clearDraft();
    }
    await expect(service.impact({ ...(await registerSnapshot()), today: TODAY, from: 'cpft-job-planning@2017-04-28', to: 'draft' })).rejects.toThrow(/no draft policy file is loaded/);
    await expect(service.impact({ ...(await registerSnapshot()), today: TODAY, from: 'cpft-job-planning@1999-01-01', to: 'cpft-job-planning@2017-04-28' })).rejects.toThrow(/not in the add-in/);
  });

  it('the view model: counts, by rule with the cause, by specialty, plans with a cell to go to', async () => {
    const { impact } = await service.impact({ ...(await registerSnapshot()), today: TODAY, from: 'cpft-job-planning@2017-04-28', to: 'cpft-job-planning@2022-11-01' });
    const view = impactView(impact);
    expect(view.headline).toBe('cpft-job-planning@2017-04-28 → cpft-job-planning@2022-11-01 (ILLUSTRATIVE): 2 of 60 plans would change outcome; 0 only in wording.');
    expect(view.counts).toBe('2 findings go');
    expect(view.direction).toBe('2 with fewer or milder findings');
    expect(view.rules).toEqual([{ ruleId: 'spa.minimum', title: 'SPA at least the revalidation minimum', text: '2 plans: 2 findings go', because: 'spa_minimum 1.5 PA → 1 PA' }]);
    expect(view.specialties.map((s) => [s.name, s.text])).toEqual([['Forensic Psychiatry', '1 of 4 plans: 1 finding goes'], ['Geriatric Medicine', '1 of 8 plans: 1 finding goes']]);
    expect(view.plans[0]).toMatchObject({ who: 'JP-2026-014 (Oliver, Aisha)', where: 'Geriatric Medicine · Community Services', cell: { sheet: 'Register', cell: 'H16', label: 'Register!H16' } });
    expect(view.plans[0]?.changes[0]).toMatchObject({ label: 'Finding goes: error → no finding', because: 'spa_minimum 1.5 PA → 1 PA' });
  });
});

const catalogue: Catalogue = {
  engineVersion: '0.1.0', maps: [], diagnostics: [],
  policies: [{
    id: 'cpft-job-planning', title: 'Interim Job Planning Policy', owner: 'CPFT', versions: [
      { version: '2017-04-28', status: 'ratified', illustrative: false, effectiveFrom: '2017-04-28', sha256: 'a', path: 'p/2017.yaml', draft: false },
      { version: '2022-11-01', status: 'ratified', illustrative: true, effectiveFrom: '2022-11-01', sha256: 'b', path: 'p/2022.yaml', draft: false },
      { version: '2027-07-01', status: 'draft', illustrative: false, effectiveFrom: '2027-07-01', sha256: 'c', path: 'p/2027.yaml', draft: false },
    ],
  }],
};
const draft = { id: 'cpft-job-planning', title: 'T', version: '2028-01-01', status: 'draft' as const, illustrative: false, effectiveFrom: '2028-01-01', sha256: 'd', path: 'mine.yaml', draft: true };

describe('impact of a draft: the versions offered and chosen', () => {
  it('every bundled version, and the draft first; the version in force today, never a draft or an illustrative one', () => {
    expect(impactVersionOptions(catalogue, draft).map((o) => o.value)).toEqual(['draft', 'cpft-job-planning@2017-04-28', 'cpft-job-planning@2022-11-01', 'cpft-job-planning@2027-07-01']);
    expect(inForceVersion(catalogue, 'cpft-job-planning', TODAY)).toBe('cpft-job-planning@2017-04-28');
    expect(defaultImpactChoice(catalogue, draft, TODAY)).toEqual({ from: 'cpft-job-planning@2017-04-28', to: 'draft' });
    expect(defaultImpactChoice(catalogue, null, TODAY)).toEqual({ from: 'cpft-job-planning@2017-04-28', to: 'cpft-job-planning@2027-07-01' });
  });
});

function fakeEngine(): EngineClient & { impacts: ImpactRequest[] } {
  const impacts: ImpactRequest[] = [];
  const impact = { from: { id: 'cpft-job-planning', version: '2017-04-28' }, to: { id: 'cpft-job-planning', version: '2028-01-01', status: 'draft' }, notes: [], diagnostics: [],
    plans: { read: 2, judged: 2, outOfScope: 0, changed: 1, wordingOnly: 0, beforeTo: 0 }, counts: { appears: 0, goes: 1, severity: 0, 'now-judged': 0, 'no-longer-judged': 0 },
    changedPlans: [{ index: 1, ref: 'JP-2', practitioner: null, source: 'b', specialty: null, careGroup: null, cell: { sheet: 'Register', cell: 'H4' }, changes: [], wording: [] }] } as unknown as ImpactResponse['impact'];
  return {
    mode: 'page', impacts,
    catalogue: async () => catalogue,
    validate: async () => {
      throw new Error('not used');
    },
    impact: async (request, onProgress) => {
      impacts.push(request);
      onProgress?.(2, 4);
      return { impact, mapUsed: 'jobplan-register', planCount: 2, elapsedMs: 12 };
    },
    explain: async () => ({ text: null, diagnostics: [] }),
    loadDraft: async (name) => ({ draft: { ...draft, path: name }, diagnostics: [] }),
    clearDraft: async () => undefined,
    checkMap: async () => ({ map: null, diagnostics: [] }),
    readXlsx: async () => ({ snapshot: null, diagnostics: [], sha256: '' }),
  };
}

function fakeGateway(read: ReadResult = { snapshot: { source: 'b', sheets: [] }, diagnostics: [] }) {
  const calls: string[] = [];
  const gateway: WorkbookGateway = {
    kind: 'excel', title: 'register.xlsx',
    read: async () => (calls.push('read'), read),
    select: async (t: CellTarget) => (calls.push(`select ${t.sheet}!${t.cell}`), true),
  };
  return { gateway, calls };
}

describe('impact of a draft: the controller', () => {
  it('starts on the version in force → the draft once one is loaded; asks the engine with both, today and the map; goes to a plan\'s row', async () => {
    const engine = fakeEngine();
    const pane = new PaneController(engine, { today: TODAY });
    const impact = new ImpactController(pane);
    await pane.start();
    expect(impact.state).toMatchObject({ from: 'cpft-job-planning@2017-04-28', to: 'cpft-job-planning@2027-07-01' });
    await pane.loadDraft('mine.yaml', new Uint8Array());
    expect(impact.state).toMatchObject({ from: 'cpft-job-planning@2017-04-28', to: 'draft' });
    const { gateway, calls } = fakeGateway();
    pane.setGateway(gateway);
    const progress: string[] = [];
    impact.subscribe((s) => s.progress && progress.push(`${s.progress.done}/${s.progress.total}`));
    await impact.run();
    expect(engine.impacts).toEqual([expect.objectContaining({ from: 'cpft-job-planning@2017-04-28', to: 'draft', today: TODAY, map: null })]);
    expect(progress).toContain('2/4');
    expect(impact.state.busy).toBe(false);
    expect(impact.state.status).toEqual({ tone: 'ok', text: '1 of 2 plans would change outcome; 0 only in wording (0.0 s).' });
    expect(impact.state.result?.impact.changedPlans[0]?.ref).toBe('JP-2');
    await impact.select({ sheet: 'Register', cell: 'H4', label: 'Register!H4' });
    expect(calls).toEqual(['read', 'select Register!H4']);
    // Another workbook: the last result is not its own.
    pane.setGateway(fakeGateway().gateway);
    expect(impact.state.result).toBeNull();
  });

  it('says plainly what is missing: no workbook, the same version twice, no draft loaded, an unreadable workbook', async () => {
    const engine = fakeEngine();
    const pane = new PaneController(engine, { today: TODAY });
    const impact = new ImpactController(pane);
    await pane.start();
    await impact.run();
    expect(impact.state.status).toEqual({ tone: 'error', text: 'Choose an .xlsx file first.' });
    pane.setGateway(fakeGateway().gateway);
    impact.setTo('cpft-job-planning@2017-04-28');
    await impact.run();
    expect(impact.state.status?.text).toBe('Choose two different versions: the same version twice changes nothing.');
    impact.setTo('draft');
    await impact.run();
    expect(impact.state.status?.text).toBe('No draft policy file is loaded: load one, or choose two shipped versions.');
    pane.setGateway(fakeGateway({ snapshot: null, diagnostics: [{ code: 'x', severity: 'error', message: 'the file is damaged' }] }).gateway);
    impact.setTo('cpft-job-planning@2022-11-01');
    await impact.run();
    expect(impact.state.status?.text).toMatch(/^register\.xlsx could not be read: .*the file is damaged/);
    expect(engine.impacts).toEqual([]);
  });
});
