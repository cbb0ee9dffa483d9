/**
 * The task pane's behaviour, independent of the DOM: what Validate, Explain, select, write, highlight, live
 * re-validation and "load a draft policy" do, in which order, and what the user is told. The view (view.ts) renders
 * the state and forwards events; the engine client and the workbook gateway do the work.
 */
import type { EvaluationReport } from '../../src-engine/index.js';
import type { HighlightTarget, WorkbookGateway } from '../excel/workbook-gateway.js';
import type { Catalogue, DraftResponse, ValidateResponse } from '../worker/protocol.js';
import { debounce, LIVE_DELAY_MS, type Debouncer, type Timers } from './debounce.js';
import type { EngineClient } from './engine-client.js';
import { parseDateInput, parsePickerValue, plainDiagnostic, type CellItem, type FindingItem } from './view-model.js';

export type StatusTone = 'info' | 'busy' | 'ok' | 'error';

export interface PaneState {
  readonly gateway: WorkbookGateway | null;
  readonly catalogue: Catalogue | null;
  readonly draft: DraftResponse['draft'];
  readonly draftProblems: readonly string[];
  readonly picker: string;
  readonly asOf: string;
  readonly busy: boolean;
  readonly progress: { readonly done: number; readonly total: number } | null;
  readonly status: { readonly tone: StatusTone; readonly text: string };
  readonly result: (ValidateResponse & { readonly draftKey: string | null }) | null;
  /** Problems reading the workbook (no snapshot), in plain words. */
  readonly readProblems: readonly string[];
  readonly explanation: { readonly key: string; readonly text: string } | null;
  readonly highlight: boolean;
  readonly live: boolean;
}

export interface ControllerOptions {
  readonly today: string;
  /** Fixed timestamp for reports (tests); default now. */
  readonly evaluatedAt?: string;
  readonly timers?: Timers;
}

export class PaneController {
  #state: PaneState = {
    gateway: null, catalogue: null, draft: null, draftProblems: [], picker: '', asOf: '', busy: false, progress: null,
    status: { tone: 'info', text: 'Loading the policies…' }, result: null, readProblems: [], explanation: null, highlight: false, live: false,
  };
  readonly #listeners = new Set<(s: PaneState) => void>();
  readonly #live: Debouncer;
  #unwatch: (() => Promise<void>) | null = null;

  constructor(readonly engine: EngineClient, readonly options: ControllerOptions) {
    this.#live = debounce(() => void this.validate('live'), LIVE_DELAY_MS, options.timers);
  }

  get state(): PaneState {
    return this.#state;
  }

  subscribe(listener: (s: PaneState) => void): void {
    this.#listeners.add(listener);
    listener(this.#state);
  }

  #set(patch: Partial<PaneState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const l of this.#listeners) l(this.#state);
  }

  #fail(text: string): void {
    this.#set({ busy: false, progress: null, status: { tone: 'error', text } });
  }

  /** Shows a problem found outside the controller (connecting to Excel) in the pane's status line. */
  showError(text: string): void {
    this.#fail(text);
  }

  async start(): Promise<void> {
    try {
      const catalogue = await this.engine.catalogue();
      const problems = catalogue.diagnostics.filter((d) => d.severity === 'error');
      this.#set({ catalogue, status: problems.length > 0 ? { tone: 'error', text: `The bundled policies have problems: ${problems.map(plainDiagnostic).join('; ')}` } : { tone: 'info', text: this.#state.gateway ? 'Ready: press Validate.' : 'Choose an .xlsx file to check.' } });
    } catch (error) {
      this.#fail(`The policies could not be loaded: ${messageOf(error)}`);
    }
  }

  setGateway(gateway: WorkbookGateway): void {
    void this.#stopLive();
    this.#set({ gateway, result: null, readProblems: [], explanation: null, live: false, status: { tone: 'info', text: `${gateway.title}: press Validate.` } });
  }

  setPicker(value: string): void {
    this.#set({ picker: value });
  }

  setAsOf(value: string): void {
    this.#set({ asOf: value });
  }

  /** Reads the workbook and judges it. `why` says whether the user asked or an edit triggered it. */
  async validate(why: 'user' | 'live' = 'user'): Promise<void> {
    const { gateway, busy } = this.#state;
    if (!gateway) return this.#fail('Choose an .xlsx file first.');
    if (busy) {
      if (why === 'live') this.#live.trigger();
      return;
    }
    const asOf = parseDateInput(this.#state.asOf);
    if (asOf === 'invalid') return this.#fail(`"${this.#state.asOf}" is not a date: enter the as-of date as YYYY-MM-DD, or leave it empty to choose each plan's version by its own date.`);
    const choice = parsePickerValue(this.#state.picker);
    if (choice.useDraft && !this.#state.draft) return this.#fail('No draft policy file is loaded: load one, or choose a shipped policy.');
    this.#set({ busy: true, progress: null, explanation: null, readProblems: [], status: { tone: 'busy', text: `Reading ${gateway.title}…` } });
    try {
      const read = await gateway.read();
      if (!read.snapshot) {
        const problems = read.diagnostics.map(plainDiagnostic);
        this.#set({ busy: false, result: null, readProblems: problems, status: { tone: 'error', text: `${gateway.title} could not be read.` } });
        return;
      }
      this.#set({ status: { tone: 'busy', text: 'Checking the job plans…' } });
      const response = await this.engine.validate(
        { snapshot: read.snapshot, readDiagnostics: read.diagnostics, today: this.options.today, asOf, policy: choice.policy, useDraft: choice.useDraft, ...(this.options.evaluatedAt ? { evaluatedAt: this.options.evaluatedAt } : {}) },
        (done, total) => this.#set({ progress: { done, total }, status: { tone: 'busy', text: `Checking job plans: ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')}…` } }),
      );
      const draftKey = choice.useDraft && this.#state.draft ? `${this.#state.draft.id}@${this.#state.draft.version}` : null;
      // A chosen file is stamped with the sha256 of its bytes, as the CLI stamps its inputs (an open workbook has none).
      const fileHash = gateway.kind === 'file' ? (gateway as { readonly sha256?: string | null }).sha256 : null;
      const report = fileHash ? { ...response.report, inputs: [{ path: gateway.title, sha256: fileHash }] } : response.report;
      this.#set({ busy: false, progress: null, result: { ...response, report, draftKey }, status: { tone: 'ok', text: doneText(report, response.elapsedMs, why) } });
      if (this.#state.highlight) await this.#applyHighlights();
    } catch (error) {
      this.#fail(`Validation failed: ${messageOf(error)}`);
    }
  }

  /** Goes to a finding's cell: selects it in Excel; outside Excel, says where it is. */
  async select(cell: CellItem): Promise<void> {
    const gateway = this.#state.gateway;
    if (!gateway) return;
    if (gateway.kind === 'file') {
      this.#set({ status: { tone: 'info', text: `The cell is ${cell.label} in ${gateway.title} (open the workbook in Excel to go to it).` } });
      return;
    }
    try {
      const ok = await gateway.select({ sheet: cell.sheet, cell: cell.cell });
      this.#set({ status: ok ? { tone: 'ok', text: `Selected ${cell.label}.` } : { tone: 'error', text: `${cell.label} no longer exists (was the sheet renamed or deleted?); validate again.` } });
    } catch (error) {
      this.#fail(`Could not select ${cell.label}: ${messageOf(error)}`);
    }
  }

  async explain(item: FindingItem): Promise<void> {
    if (this.#state.explanation?.key === item.key) return this.#set({ explanation: null });
    if (item.planIndex === null) {
      this.#set({ explanation: { key: item.key, text: `${item.ruleId} (${item.clause}) is a register rule: it judges the plans of ${item.planRef} together.\n${item.message}` } });
      return;
    }
    try {
      const answer = await this.engine.explain(item.planIndex, item.ruleId);
      const text = answer.text ?? answer.diagnostics.map(plainDiagnostic).join('\n');
      this.#set({ explanation: { key: item.key, text } });
    } catch (error) {
      this.#fail(`Explain failed: ${messageOf(error)}`);
    }
  }

  async writeResults(): Promise<void> {
    const { gateway, result } = this.#state;
    if (!gateway?.writeResults) return this.#fail('Results sheets can be written only inside Excel.');
    if (!result) return this.#fail('Validate first: there are no results to write yet.');
    this.#set({ busy: true, status: { tone: 'busy', text: 'Writing the results sheet…' } });
    try {
      await gateway.writeResults({ report: result.report, validatedBy: null });
      this.#set({ busy: false, status: { tone: 'ok', text: 'Results written to the jobplan results sheet, stamped with the policy versions.' } });
    } catch (error) {
      this.#fail(`The results sheet could not be written: ${messageOf(error)}`);
    }
  }

  async setHighlight(on: boolean): Promise<void> {
    this.#set({ highlight: on });
    if (on) await this.#applyHighlights();
    else await this.clearHighlights();
  }

  async #applyHighlights(): Promise<void> {
    const { gateway, result } = this.#state;
    if (!gateway?.highlight || !result) return;
    const targets: HighlightTarget[] = [];
    for (const plan of result.report.plans) for (const f of plan.findings) for (const c of f.cells) targets.push({ sheet: c.sheet, cell: c.cell, severity: f.severity });
    for (const g of result.report.groups) for (const c of g.cells) targets.push({ sheet: c.sheet, cell: c.cell, severity: g.severity });
    try {
      await gateway.clearHighlights?.();
      await gateway.highlight(targets);
      this.#set({ status: { tone: 'ok', text: `Highlighted ${targets.length.toLocaleString('en-GB')} cell${targets.length === 1 ? '' : 's'}.` } });
    } catch (error) {
      this.#fail(`The cells could not be highlighted: ${messageOf(error)}`);
    }
  }

  async clearHighlights(): Promise<void> {
    const gateway = this.#state.gateway;
    if (!gateway?.clearHighlights) return;
    try {
      await gateway.clearHighlights();
      this.#set({ status: { tone: 'ok', text: 'Highlights cleared; your own formatting is untouched.' } });
    } catch (error) {
      this.#fail(`The highlights could not be cleared: ${messageOf(error)}`);
    }
  }

  async setLive(on: boolean): Promise<void> {
    const gateway = this.#state.gateway;
    if (!on) {
      await this.#stopLive();
      this.#set({ live: false });
      return;
    }
    if (!gateway?.watchChanges) return this.#fail('Re-validating as you edit works only inside Excel.');
    try {
      this.#unwatch = await gateway.watchChanges(() => this.#live.trigger());
      this.#set({ live: true, status: { tone: 'info', text: 'The workbook will be checked again 1.5 s after you stop editing.' } });
    } catch (error) {
      this.#fail(`Could not watch the workbook for edits: ${messageOf(error)}`);
    }
  }

  async #stopLive(): Promise<void> {
    this.#live.cancel();
    const unwatch = this.#unwatch;
    this.#unwatch = null;
    if (unwatch) await unwatch().catch(() => undefined);
  }

  /** Compiles a policy file a policy author chose; on success it is selected and labelled DRAFT. */
  async loadDraft(name: string, bytes: Uint8Array): Promise<void> {
    try {
      const answer = await this.engine.loadDraft(name, bytes);
      if (!answer.draft) {
        const problems = answer.diagnostics.map(plainDiagnostic);
        this.#set({ draftProblems: problems, status: { tone: 'error', text: `${name} has ${problems.length} problem${problems.length === 1 ? '' : 's'}; it was not loaded. Fix them and load it again.` } });
        return;
      }
      this.#set({ draft: answer.draft, draftProblems: answer.diagnostics.map(plainDiagnostic), picker: 'draft', status: { tone: 'ok', text: `Draft ${answer.draft.id}@${answer.draft.version} loaded from ${name}: Validate now judges with it (labelled DRAFT).` } });
    } catch (error) {
      this.#fail(`The policy file could not be loaded: ${messageOf(error)}`);
    }
  }

  async clearDraft(): Promise<void> {
    await this.engine.clearDraft();
    this.#set({ draft: null, draftProblems: [], picker: this.#state.picker === 'draft' ? '' : this.#state.picker, status: { tone: 'info', text: 'Draft policy removed.' } });
  }
}

function doneText(report: EvaluationReport, ms: number, why: 'user' | 'live'): string {
  const n = report.summary.plans;
  return `${why === 'live' ? 'Checked again after your edit' : 'Checked'}: ${n.toLocaleString('en-GB')} plan${n === 1 ? '' : 's'} in ${(ms / 1000).toFixed(1)} s.`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
