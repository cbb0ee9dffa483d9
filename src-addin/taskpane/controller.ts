/**
 * The task pane's behaviour, independent of the DOM: what Validate, Explain, select, write, highlight, live
 * re-validation, "load a draft policy" and "load a map file" do, in which order, and what the user is told. The view
 * (view.ts) renders the state and forwards events; the engine client, the workbook gateway and the map memory (the
 * workbook's add-in settings inside Excel, the session outside) do the work.
 */
import type { EvaluationReport } from '../../src-engine/index.js';
import type { HighlightTarget, WorkbookGateway } from '../excel/workbook-gateway.js';
import type { PlainExplanation } from '../../src-engine/report/format-explanation.js';
import type { Catalogue, DraftResponse, MapInfo, ValidateResponse } from '../worker/protocol.js';
import { debounce, LIVE_DELAY_MS, type Debouncer, type Timers } from './debounce.js';
import type { EngineClient } from './engine-client.js';
import { sessionMapMemory, type MapMemory } from './map-memory.js';
import { NO_PLAN_TEXT, parsePickerValue, parseUkDateInput, plainDiagnostic, type CellItem, type FindingItem } from './view-model.js';

/** The map file the user loaded (or that was remembered for the workbook), checked by the engine. */
export interface LoadedMap {
  readonly info: MapInfo;
  readonly text: string;
  /** Where it is remembered: with the workbook (inside Excel) or for this session (outside). */
  readonly remembered: 'workbook' | 'session' | null;
}

export type StatusTone = 'info' | 'busy' | 'ok' | 'error';

export interface PaneState {
  readonly gateway: WorkbookGateway | null;
  readonly catalogue: Catalogue | null;
  readonly draft: DraftResponse['draft'];
  readonly draftProblems: readonly string[];
  /** The map file loaded for this workbook; null: the bundled maps, chosen by fit. */
  readonly map: LoadedMap | null;
  /** Problems of the last map file chosen (line:col), when it was not loaded. */
  readonly mapProblems: readonly string[];
  readonly picker: string;
  readonly asOf: string;
  readonly busy: boolean;
  readonly progress: { readonly done: number; readonly total: number } | null;
  readonly status: { readonly tone: StatusTone; readonly text: string };
  readonly result: (ValidateResponse & { readonly draftKey: string | null }) | null;
  /** Problems reading the workbook (no snapshot), in plain words. */
  readonly readProblems: readonly string[];
  /**
   * The finding explained: in plain sentences (`plain`, null when the engine gave none) and the condition trace for
   * policy authors (`text`).
   */
  readonly explanation: { readonly key: string; readonly text: string; readonly plain: PlainExplanation | null } | null;
  readonly highlight: boolean;
  readonly live: boolean;
}

export interface ControllerOptions {
  readonly today: string;
  /** Fixed timestamp for reports (tests); default now. */
  readonly evaluatedAt?: string;
  readonly timers?: Timers;
  /**
   * Where a loaded map is remembered, for each workbook connected (inside Excel: the workbook's add-in settings);
   * default: this session only.
   */
  readonly mapMemory?: MapMemory | ((gateway: WorkbookGateway) => MapMemory);
}

export class PaneController {
  #state: PaneState = {
    gateway: null, catalogue: null, draft: null, draftProblems: [], map: null, mapProblems: [], picker: '', asOf: '', busy: false, progress: null,
    status: { tone: 'info', text: 'Loading the policies…' }, result: null, readProblems: [], explanation: null, highlight: false, live: false,
  };
  readonly #listeners = new Set<(s: PaneState) => void>();
  readonly #live: Debouncer;
  #unwatch: (() => Promise<void>) | null = null;
  readonly #session = sessionMapMemory();
  #memory: MapMemory;
  /** The remembered map being recalled for a new workbook: Validate waits for it. */
  #recalling: Promise<void> = Promise.resolve();

  constructor(readonly engine: EngineClient, readonly options: ControllerOptions) {
    this.#live = debounce(() => void this.validate('live'), LIVE_DELAY_MS, options.timers);
    this.#memory = typeof options.mapMemory === 'object' ? options.mapMemory : this.#session;
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
    const memory = this.options.mapMemory;
    this.#memory = typeof memory === 'function' ? memory(gateway) : memory ?? this.#session;
    // Another workbook: the map loaded for the last one is not this one's (outside Excel the session's map is kept).
    const keep = this.#state.map?.remembered === 'session' && this.#memory.scope === 'session';
    this.#set({ gateway, result: null, readProblems: [], explanation: null, live: false, ...(keep ? {} : { map: null, mapProblems: [] }), status: { tone: 'info', text: `${gateway.title}: press Validate.` } });
    this.#recalling = this.#recallMap(gateway);
  }

  /** The map remembered for this workbook (or session), checked again by the engine; a broken one is reported. */
  async #recallMap(gateway: WorkbookGateway): Promise<void> {
    try {
      const file = await this.#memory.recall();
      if (!file) return;
      const answer = await this.engine.checkMap(file.name, new TextEncoder().encode(file.text));
      if (!answer.map) {
        const problems = answer.diagnostics.map(plainDiagnostic);
        this.#set({ map: null, mapProblems: problems, status: { tone: 'error', text: `The map remembered for ${this.#scopeWords()} (${file.name}) has ${problems.length} problem${problems.length === 1 ? '' : 's'}; load a corrected map file, or forget it.` } });
        return;
      }
      const map: LoadedMap = { info: answer.map, text: answer.map.text, remembered: this.#memory.scope };
      this.#set({ map, mapProblems: [], status: { tone: 'info', text: `${gateway.title}: press Validate. It will be read with the map '${map.info.id}' remembered for ${this.#scopeWords()} (${map.info.path}).` } });
    } catch (error) {
      this.#set({ status: { tone: 'error', text: `The map remembered for ${this.#scopeWords()} could not be read back: ${messageOf(error)}` } });
    }
  }

  #scopeWords(): string {
    return this.#memory.scope === 'workbook' ? 'this workbook' : 'this session';
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
    const asOf = parseUkDateInput(this.#state.asOf);
    if (asOf === 'invalid') return this.#fail(`"${this.#state.asOf.trim()}" is not a date: enter the as-of date as DD/MM/YYYY (for example 01/04/2026), or leave it empty to choose each plan's version by its own date.`);
    const choice = parsePickerValue(this.#state.picker);
    if (choice.useDraft && !this.#state.draft) return this.#fail('No draft policy file is loaded: load one, or choose a shipped policy.');
    await this.#recalling;
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
        {
          snapshot: read.snapshot, readDiagnostics: read.diagnostics, today: this.options.today, asOf, policy: choice.policy, useDraft: choice.useDraft,
          map: this.#state.map ? { name: this.#state.map.info.path, text: this.#state.map.text } : null,
          ...(this.options.evaluatedAt ? { evaluatedAt: this.options.evaluatedAt } : {}),
        },
        (done, total) => this.#set({ progress: { done, total }, status: { tone: 'busy', text: `Checking job plans: ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')}…` } }),
      );
      const draftKey = choice.useDraft && this.#state.draft ? `${this.#state.draft.id}@${this.#state.draft.version}` : null;
      // A chosen file is stamped with the sha256 of its bytes, as the CLI stamps its inputs (an open workbook has none).
      const fileHash = gateway.kind === 'file' ? (gateway as { readonly sha256?: string | null }).sha256 : null;
      const report = fileHash ? { ...response.report, inputs: [{ path: gateway.title, sha256: fileHash }] } : response.report;
      // A workbook that yields no plan is an error, never "no findings": nothing was checked.
      const status: PaneState['status'] = report.summary.plans === 0
        ? { tone: 'error', text: `${NO_PLAN_TEXT.replace('this workbook', gateway.title)} See below for what to do.` }
        : report.plans.every((p) => p.policies.length === 0)
          ? { tone: 'error', text: `No policy applies to ${report.summary.plans === 1 ? 'the plan' : 'any of the plans'} in ${gateway.title}, so nothing was judged: choose a policy in the policy picker.` }
          : { tone: 'ok', text: doneText(report, response.elapsedMs, why) };
      this.#set({ busy: false, progress: null, result: { ...response, report, draftKey }, status });
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
      this.#set({
        explanation: {
          key: item.key, text: `${item.ruleId} (${item.clause}) is a register rule: it judges the plans of ${item.planRef} together.\n${item.message}`,
          plain: { outcome: `This rule judges the plans of ${item.planRef} together, not one plan alone.`, reasons: [`${item.message} (${item.clause})`], why: null },
        },
      });
      return;
    }
    try {
      const answer = await this.engine.explain(item.planIndex, item.ruleId);
      const text = answer.text ?? answer.diagnostics.map(plainDiagnostic).join('\n');
      this.#set({ explanation: { key: item.key, text, plain: answer.plain ?? null } });
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

  /**
   * Checks a workbook map file the user chose; problems come back with line:col, as a draft's do. A good map is used
   * for this workbook from now on and remembered for it (inside Excel, in the workbook's add-in settings; outside,
   * for this session). A workbook already validated is validated again with it.
   */
  async loadMap(name: string, bytes: Uint8Array): Promise<void> {
    try {
      const answer = await this.engine.checkMap(name, bytes);
      if (!answer.map) {
        const problems = answer.diagnostics.map(plainDiagnostic);
        this.#set({ mapProblems: problems, status: { tone: 'error', text: `${name} has ${problems.length} problem${problems.length === 1 ? '' : 's'}; it was not loaded. Fix them and load it again.` } });
        return;
      }
      let remembered: LoadedMap['remembered'] = this.#memory.scope;
      let note = `remembered for ${this.#scopeWords()}${this.#memory.scope === 'workbook' ? ' (kept in the workbook when it is saved)' : ''}`;
      try {
        await this.#memory.remember({ name, text: answer.map.text });
      } catch (error) {
        remembered = null;
        note = `used for now, but it could not be remembered for the workbook (${messageOf(error)})`;
      }
      const map: LoadedMap = { info: answer.map, text: answer.map.text, remembered };
      this.#set({ map, mapProblems: answer.diagnostics.map(plainDiagnostic), status: { tone: remembered ? 'ok' : 'error', text: `Map '${map.info.id}' loaded from ${name}: the workbook is read with it, ${note}.` } });
      if (this.#state.gateway && (this.#state.result || this.#state.readProblems.length > 0)) await this.validate();
    } catch (error) {
      this.#fail(`The map file could not be loaded: ${messageOf(error)}`);
    }
  }

  /** Forgets the loaded map (for the workbook too): the workbook is read with the bundled maps again. */
  async forgetMap(): Promise<void> {
    const had = this.#state.map;
    try {
      await this.#memory.forget();
    } catch (error) {
      return this.#fail(`The map could not be forgotten for the workbook: ${messageOf(error)}`);
    }
    this.#set({ map: null, mapProblems: [], status: { tone: 'info', text: `${had ? `The map '${had.info.id}' is forgotten` : 'No map is loaded'}: workbooks are read with the add-in's own maps. Validate again to see the difference.` } });
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
