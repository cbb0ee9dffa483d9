/// <reference lib="dom" />
/**
 * The pane's behaviour without a DOM or a worker: a fake engine and a fake gateway record what the controller asks
 * for; the state says what the user sees. Errors must reach the status line in plain words.
 */
import { describe, expect, it } from 'vitest';
import type { CellTarget, ReadResult, ResultsStamp, WorkbookGateway } from '../../../src-addin/excel/workbook-gateway.js';
import { PaneController } from '../../../src-addin/taskpane/controller.js';
import type { Timers } from '../../../src-addin/taskpane/debounce.js';
import type { EngineClient } from '../../../src-addin/taskpane/engine-client.js';
import type { ValidateRequest, ValidateResponse } from '../../../src-addin/worker/protocol.js';
import type { EvaluationReport } from '../../../src-engine/index.js';

const report: EvaluationReport = {
  engineVersion: '0.1.0', evaluatedAt: 't', asOf: null, today: '2026-11-23', policies: [], groups: [], diagnostics: [],
  plans: [{ ref: 'JP-1', practitioner: null, source: 'b', referenceDate: '2026-10-01', policies: [{ id: 'p', version: 'v', reason: 'in force on 2026-10-01' }], diagnostics: [], findings: [
    { ruleId: 'signoff.within-deadline', title: 't', severity: 'error', message: 'late', clause: '7.5', policy: { id: 'p', version: 'v', sha256: 's' }, planRef: 'JP-1', cells: [{ sheet: 'Sign-off', cell: 'B4' }], values: {}, params: {} },
  ] }],
  summary: { plans: 1, findings: { error: 1, warning: 0, info: 0 }, groupFindings: { error: 0, warning: 0, info: 0 }, diagnostics: { error: 0, warning: 0, info: 0 } },
};

function fakeEngine(): EngineClient & { requests: ValidateRequest[] } {
  const requests: ValidateRequest[] = [];
  return {
    mode: 'page', requests,
    catalogue: async () => ({ engineVersion: '0.1.0', policies: [], maps: [], diagnostics: [] }),
    validate: async (request, onProgress) => {
      requests.push(request);
      onProgress?.(1, 1);
      return {
        report, mapUsed: 'jobplan-template', isRegister: false, elapsedMs: 5,
        map: { id: 'jobplan-template', title: null, path: 'workbook-maps/jobplan-template.yaml', sha256: 'ab', source: 'bundled' },
        reading: { source: 'b', map: 'jobplan-template', isRegister: false, planCount: 1, plans: [], problems: [] },
      } satisfies ValidateResponse;
    },
    explain: async (plan, ruleId) => ({ text: `explained ${ruleId} of plan ${plan}`, diagnostics: [] }),
    loadDraft: async (name) => (name === 'bad.yaml'
      ? { draft: null, diagnostics: [{ code: 'policy_unknown_fact', severity: 'error', message: "rule 'r' uses fact 'f'", location: { file: name, line: 17, col: 19 } }] }
      : { draft: { id: 'p', title: 'P', version: '2027-04-01', status: 'draft', illustrative: false, effectiveFrom: '2027-04-01', sha256: 'abc', path: name, draft: true }, diagnostics: [] }),
    clearDraft: async () => undefined,
    checkMap: async () => ({ map: null, diagnostics: [] }),
    readXlsx: async () => ({ snapshot: null, diagnostics: [], sha256: '' }),
  };
}

function fakeGateway(kind: 'excel' | 'file', read: ReadResult = { snapshot: { source: 'b', sheets: [] }, diagnostics: [] }) {
  const calls: string[] = [];
  let onChange: (() => void) | null = null;
  const gateway: WorkbookGateway = {
    kind, title: 'book.xlsx',
    read: async () => (calls.push('read'), read),
    select: async (t: CellTarget) => (calls.push(`select ${t.sheet}!${t.cell}`), t.sheet !== 'Gone'),
    ...(kind === 'excel' ? {
      writeResults: async (s: ResultsStamp) => void calls.push(`write ${s.report.plans.length}`),
      highlight: async (targets) => void calls.push(`highlight ${targets.map((t) => `${t.sheet}!${t.cell}:${t.severity}`).join(',')}`),
      clearHighlights: async () => void calls.push('clear'),
      watchChanges: async (cb: () => void) => {
        onChange = cb;
        return async () => void (onChange = null);
      },
    } : {}),
  };
  return { gateway, calls, edit: () => onChange?.() };
}

function manualTimers(): Timers & { fire(): void } {
  let pending: (() => void) | null = null;
  return { setTimeout: (cb) => ((pending = cb), 1), clearTimeout: () => void (pending = null), fire: () => {
    const run = pending;
    pending = null;
    run?.();
  } };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the task pane controller', () => {
  it('validates: reads the workbook, asks the engine with today, as-of and the picked policy, shows the result', async () => {
    const engine = fakeEngine();
    const c = new PaneController(engine, { today: '2026-11-23' });
    await c.start();
    const { gateway } = fakeGateway('excel');
    c.setGateway(gateway);
    c.setPicker('cpft-job-planning@2022-11-01');
    c.setAsOf('01/01/2023');
    await c.validate();
    expect(engine.requests[0]).toMatchObject({ today: '2026-11-23', asOf: '2023-01-01', policy: { id: 'cpft-job-planning', version: '2022-11-01' }, useDraft: false });
    expect(c.state.result?.report).toBe(report);
    expect(c.state.status).toEqual({ tone: 'ok', text: 'Checked: 1 plan in 0.0 s.' });
    expect(c.state.busy).toBe(false);
  });

  it('says in plain words when the workbook cannot be read or the as-of date is not a date', async () => {
    const c = new PaneController(fakeEngine(), { today: '2026-11-23' });
    c.setGateway(fakeGateway('file', { snapshot: null, diagnostics: [{ code: 'workbook_not_xlsx', severity: 'error', message: 'x.csv is a text file', location: { file: 'x.csv', line: 1, col: 1 } }] }).gateway);
    await c.validate();
    expect(c.state.status.tone).toBe('error');
    expect(c.state.readProblems).toEqual(['Line 1, column 1: x.csv is a text file (workbook_not_xlsx)']);
    // DD/MM/YYYY whatever the webview's locale: an ISO date or a day the calendar lacks is refused in those words.
    for (const typed of ['2018-01-01', '31/04/2026', '04/31/2026']) {
      c.setAsOf(typed);
      await c.validate();
      expect(c.state.status.text).toBe(`"${typed}" is not a date: enter the as-of date as DD/MM/YYYY (for example 01/04/2026), or leave it empty to choose each plan's version by its own date.`);
    }
  });

  it('selects a finding\'s cell in Excel, and outside Excel says where it is', async () => {
    const c = new PaneController(fakeEngine(), { today: '2026-11-23' });
    const excel = fakeGateway('excel');
    c.setGateway(excel.gateway);
    await c.select({ sheet: 'Sign-off', cell: 'B4', label: "'Sign-off'!B4" });
    expect(excel.calls).toContain('select Sign-off!B4');
    expect(c.state.status.text).toBe("Selected 'Sign-off'!B4.");
    await c.select({ sheet: 'Gone', cell: 'A1', label: 'Gone!A1' });
    expect(c.state.status).toMatchObject({ tone: 'error' });
    const file = fakeGateway('file');
    c.setGateway({ ...file.gateway, sha256: 'f00d' } as WorkbookGateway);
    await c.validate();
    expect(c.state.result?.report.inputs).toEqual([{ path: 'book.xlsx', sha256: 'f00d' }]);
    await c.select({ sheet: 'Sign-off', cell: 'B4', label: "'Sign-off'!B4" });
    expect(file.calls).toEqual(['read']);
    expect(c.state.status.text).toBe("The cell is 'Sign-off'!B4 in book.xlsx (open the workbook in Excel to go to it).");
  });

  it('writes the results sheet, highlights the finding cells by severity and clears them', async () => {
    const c = new PaneController(fakeEngine(), { today: '2026-11-23' });
    const excel = fakeGateway('excel');
    c.setGateway(excel.gateway);
    await c.writeResults();
    expect(c.state.status.text).toMatch(/^Validate first/);
    await c.validate();
    await c.writeResults();
    await c.setHighlight(true);
    await c.setHighlight(false);
    expect(excel.calls).toEqual(['read', 'write 1', 'clear', 'highlight Sign-off!B4:error', 'clear']);
  });

  it('re-validates once, 1.5 s after a burst of edits, while "as I edit" is on', async () => {
    const timers = manualTimers();
    const engine = fakeEngine();
    const c = new PaneController(engine, { today: '2026-11-23', timers });
    const excel = fakeGateway('excel');
    c.setGateway(excel.gateway);
    await c.setLive(true);
    excel.edit();
    excel.edit();
    expect(engine.requests).toHaveLength(0);
    timers.fire();
    await settle();
    expect(engine.requests).toHaveLength(1);
    expect(c.state.status.text).toMatch(/^Checked again after your edit/);
    await c.setLive(false);
    excel.edit();
    timers.fire();
    await settle();
    expect(engine.requests).toHaveLength(1);
  });

  it('loads a draft policy (then judges with it) or lists its problems with line and column', async () => {
    const engine = fakeEngine();
    const c = new PaneController(engine, { today: '2026-11-23' });
    c.setGateway(fakeGateway('excel').gateway);
    await c.loadDraft('bad.yaml', new Uint8Array());
    expect(c.state.draft).toBeNull();
    expect(c.state.draftProblems).toEqual(["Line 17, column 19: rule 'r' uses fact 'f' (policy_unknown_fact)"]);
    expect(c.state.status.tone).toBe('error');
    await c.loadDraft('2027-04-01.yaml', new Uint8Array());
    expect(c.state.picker).toBe('draft');
    await c.validate();
    expect(engine.requests[0]).toMatchObject({ useDraft: true });
    expect(c.state.result?.draftKey).toBe('p@2027-04-01');
    await c.clearDraft();
    expect(c.state.picker).toBe('');
  });

  it('explains a finding with the engine and toggles the explanation off again', async () => {
    const c = new PaneController(fakeEngine(), { today: '2026-11-23' });
    const item = { key: 'k', severity: 'error' as const, ruleId: 'signoff.within-deadline', title: '', message: '', clause: '§7.5', planRef: 'JP-1', planIndex: 0, policy: '', cells: [], notJudged: null };
    await c.explain(item);
    expect(c.state.explanation).toEqual({ key: 'k', text: 'explained signoff.within-deadline of plan 0', plain: null });
    await c.explain(item);
    expect(c.state.explanation).toBeNull();
  });

  it('takes the as-of date as DD/MM/YYYY and sends the engine its ISO date', async () => {
    const engine = fakeEngine();
    const c = new PaneController(engine, { today: '2026-11-23' });
    c.setGateway(fakeGateway('file').gateway);
    c.setAsOf(' 1/1/2018 ');
    await c.validate();
    expect(engine.requests.at(-1)).toMatchObject({ asOf: '2018-01-01' });
  });

  it('passes the engine\'s plain explanation on with the condition trace', async () => {
    const engine = fakeEngine();
    const plain = { outcome: 'The plan does not meet this rule.', reasons: ['The practitioner signed 29 days after the job plan meeting on 01/09/2026; the policy allows 28 days (§7.5).'], why: null };
    engine.explain = async () => ({ text: 'trace', plain, diagnostics: [] });
    const c = new PaneController(engine, { today: '2026-11-23' });
    await c.explain({ key: 'k', severity: 'error', ruleId: 'signoff.within-deadline', title: 'Both parties sign within 28 days of the job plan meeting', message: '', clause: '§7.5', planRef: 'JP-1', planIndex: 0, policy: '', cells: [], notJudged: null });
    expect(c.state.explanation).toEqual({ key: 'k', text: 'trace', plain });
  });
});
