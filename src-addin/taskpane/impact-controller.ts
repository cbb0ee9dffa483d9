/**
 * "Impact of a draft" in the pane, independent of the DOM: the open workbook's plans judged by two versions of a
 * policy (the version in force and a draft or another version), both as if in force, and what would change. It
 * leans on the pane's controller for the workbook, the map loaded and the draft policy file, and goes to a plan's
 * cell through it, exactly as a finding's cell button does.
 */
import type { Catalogue, ImpactResponse } from '../worker/protocol.js';
import { messageOf, type PaneController, type PaneState, type StatusTone } from './controller.js';
import { defaultImpactChoice } from './impact-view-model.js';
import { plainDiagnostic, type CellItem } from './view-model.js';

export interface ImpactState {
  /** `id@version`, or 'draft'. */
  readonly from: string;
  readonly to: string;
  readonly busy: boolean;
  readonly progress: { readonly done: number; readonly total: number } | null;
  readonly status: { readonly tone: StatusTone; readonly text: string } | null;
  readonly result: ImpactResponse | null;
}

export class ImpactController {
  #state: ImpactState = { from: '', to: '', busy: false, progress: null, status: null, result: null };
  readonly #listeners = new Set<(s: ImpactState) => void>();
  #seen: { catalogue: Catalogue | null; draft: PaneState['draft']; gateway: PaneState['gateway'] } = { catalogue: null, draft: null, gateway: null };

  constructor(readonly pane: PaneController) {
    pane.subscribe((s) => this.#follow(s));
  }

  get state(): ImpactState {
    return this.#state;
  }

  subscribe(listener: (s: ImpactState) => void): void {
    this.#listeners.add(listener);
    listener(this.#state);
  }

  #set(patch: Partial<ImpactState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const l of this.#listeners) l(this.#state);
  }

  /** The lists start on the version in force and the draft (when one is loaded); another workbook clears the result. */
  #follow(s: PaneState): void {
    const seen = this.#seen;
    this.#seen = { catalogue: s.catalogue, draft: s.draft, gateway: s.gateway };
    if (s.gateway !== seen.gateway && this.#state.result) this.#set({ result: null, status: null });
    if (!s.catalogue) return;
    const draftChanged = s.draft !== seen.draft;
    const first = s.catalogue !== seen.catalogue && this.#state.from === '';
    const draftGone = !s.draft && (this.#state.from === 'draft' || this.#state.to === 'draft');
    if (first || draftChanged || draftGone) {
      const choice = defaultImpactChoice(s.catalogue, s.draft, this.pane.options.today);
      this.#set(choice);
    }
  }

  setFrom(value: string): void {
    this.#set({ from: value });
  }

  setTo(value: string): void {
    this.#set({ to: value });
  }

  #fail(text: string): void {
    this.#set({ busy: false, progress: null, status: { tone: 'error', text } });
  }

  /** Reads the workbook and judges its plans by both versions. */
  async run(): Promise<void> {
    const { gateway, map, draft } = this.pane.state;
    const { from, to, busy } = this.#state;
    if (busy) return;
    if (!gateway) return this.#fail('Choose an .xlsx file first.');
    if (!from || !to) return this.#fail('Choose the two versions to compare: the version in force, and the draft or another version.');
    if ((from === 'draft' || to === 'draft') && !draft) return this.#fail('No draft policy file is loaded: load one, or choose two shipped versions.');
    if (from === to) return this.#fail('Choose two different versions: the same version twice changes nothing.');
    const impact = this.pane.engine.impact;
    if (!impact) return this.#fail('This version of the add-in cannot work out the impact of a draft.');
    this.#set({ busy: true, progress: null, result: null, status: { tone: 'busy', text: `Reading ${gateway.title}…` } });
    try {
      const read = await gateway.read();
      if (!read.snapshot) return this.#fail(`${gateway.title} could not be read: ${read.diagnostics.map(plainDiagnostic).join('; ')}`);
      this.#set({ status: { tone: 'busy', text: 'Judging the plans by both versions…' } });
      const result = await impact.call(this.pane.engine, {
        snapshot: read.snapshot, readDiagnostics: read.diagnostics, today: this.pane.options.today, from, to,
        map: map ? { name: map.info.path, text: map.text } : null,
      }, (done, total) => this.#set({ progress: { done, total }, status: { tone: 'busy', text: `Judging plans by both versions: ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')}…` } }));
      const p = result.impact.plans;
      const status: ImpactState['status'] = result.planCount === 0
        ? { tone: 'error', text: `No job plan could be read from ${gateway.title}, so nothing was judged.` }
        : p.judged === 0
          ? { tone: 'error', text: `Neither version applies to any plan in ${gateway.title} (their applies_to), so nothing was judged.` }
          : { tone: 'ok', text: `${p.changed.toLocaleString('en-GB')} of ${p.judged.toLocaleString('en-GB')} plan${p.judged === 1 ? '' : 's'} would change outcome; ${p.wordingOnly.toLocaleString('en-GB')} only in wording (${(result.elapsedMs / 1000).toFixed(1)} s).` };
      this.#set({ busy: false, progress: null, result, status });
    } catch (error) {
      this.#fail(`The impact could not be worked out: ${messageOf(error)}`);
    }
  }

  /** Goes to a plan's cell (its row in a register), as a finding's cell button does. */
  async select(cell: CellItem): Promise<void> {
    await this.pane.select(cell);
  }
}
