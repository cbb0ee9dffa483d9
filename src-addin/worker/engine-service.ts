/**
 * The evaluation engine as the task pane uses it: the bundled policies compiled once, a workbook snapshot judged
 * exactly as `jobplan validate` judges the same file (same policies; the bundled map that reads the workbook best,
 * chosen by the core's fit among every map in workbook-maps/, or the map file the user loaded, as `--map`; same
 * today / as-of rules, the fast evaluator), what was read (as `jobplan extract`), Explain for one finding, a draft
 * policy file compiled for a policy author and a map file checked for a Trust. Runs inside the Web Worker
 * (evaluate-worker.ts) or, without Worker support, on the page.
 */
import bundle from 'virtual:jobplan-policies';
import {
  describeReading, evaluatePlans, explainRule, findVersion, formatExplanationText, loadPolicy, loadPolicyLibrary, parseWorkbookMap, plansFromWorkbook, policyIds, sha256Hex, stampOf,
  type CompiledPolicy, type Diagnostic, type MapChoice, type PlanInput, type PlanResult, type PolicyLibrary, type WorkbookMap,
} from '../../src-engine/index.js';
import { plainExplanation } from '../../src-engine/report/format-explanation.js';
import { policyImpact } from '../../src-engine/policy/impact.js';
import type { Catalogue, DraftResponse, ExplainResponse, ImpactRequest, ImpactResponse, MapFile, MapInfo, MapResponse, PolicyInfo, ValidateRequest, ValidateResponse, VersionInfo } from './protocol.js';

export interface EngineHooks {
  /** Called every few plans with progress; may return a promise to yield (the on-page fallback does). */
  readonly onProgress?: (done: number, total: number) => void | Promise<void>;
}

const PROGRESS_EVERY = 100;

const TEMPLATE_MAP_ID = 'jobplan-template';
const REGISTER_MAP_ID = 'jobplan-register';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function mapInfo(map: WorkbookMap, path: string, text: string, source: MapInfo['source']): MapInfo {
  return { id: map.map, title: map.title ?? null, path, sha256: sha256Hex(utf8(text)), source };
}

/** A map file's text → the map, or its problems with line:col (a map that is not UTF-8 says so). */
function parseMapFile(name: string, text: string): MapResponse {
  const parsed = parseWorkbookMap(text, name);
  if (!parsed.map || parsed.diagnostics.some((d) => d.severity === 'error')) return { map: null, diagnostics: parsed.diagnostics };
  return { map: { ...mapInfo(parsed.map, name, text, 'loaded'), text }, diagnostics: parsed.diagnostics };
}

/** What the service is built from: the build's bundle (tests may pass another, e.g. with a Trust's map in it). */
export type EngineBundle = typeof bundle;

export class EngineService {
  readonly #base: PolicyLibrary;
  readonly #templateMap: WorkbookMap;
  readonly #registerMap: WorkbookMap;
  /** Every bundled map that parses, in the CLI's order (template, register, then a Trust's own by file name). */
  readonly #maps: readonly { map: WorkbookMap; info: MapInfo }[];
  /** A Trust's bundled map that does not parse: reported with every run that chooses by fit, as the CLI does. */
  readonly #mapDiagnostics: Diagnostic[] = [];
  readonly #bundleDiagnostics: Diagnostic[];
  #draft: CompiledPolicy | null = null;
  #last: { plans: readonly PlanInput[]; library: PolicyLibrary; request: ValidateRequest; policy: ValidateRequest['policy'] } | null = null;

  readonly #bundle: EngineBundle;

  constructor(source: EngineBundle = bundle) {
    this.#bundle = source;
    // With the installation config, as the CLI loads it beside the policies: the same packs judge the same plans.
    this.#base = loadPolicyLibrary(source.policies, source.config ?? null);
    const maps: { map: WorkbookMap; info: MapInfo }[] = [];
    for (const file of source.maps) {
      const parsed = parseWorkbookMap(file.text, file.path);
      this.#mapDiagnostics.push(...parsed.diagnostics);
      if (parsed.map && !parsed.diagnostics.some((d) => d.severity === 'error')) maps.push({ map: parsed.map, info: mapInfo(parsed.map, file.path, file.text, 'bundled') });
    }
    const template = maps.find((m) => m.map.map === TEMPLATE_MAP_ID);
    const register = maps.find((m) => m.map.map === REGISTER_MAP_ID);
    if (!template || !register) throw new Error(`internal: a shipped workbook map is broken: ${this.#mapDiagnostics.map((d) => d.message).join('; ')}`);
    this.#templateMap = template.map;
    this.#registerMap = register.map;
    this.#maps = maps;
    this.#bundleDiagnostics = [...this.#base.diagnostics];
  }

  catalogue(): Catalogue {
    const policies: PolicyInfo[] = policyIds(this.#base).map((id) => {
      const versions = this.#base.policies.filter((p) => p.id === id).sort((a, b) => a.document.effective_from.localeCompare(b.document.effective_from));
      const latest = versions.filter((p) => p.document.illustrative !== true).pop() ?? versions[versions.length - 1]!;
      return { id, title: latest.document.title, owner: latest.document.owner, versions: versions.map((p) => this.#versionInfo(p, false)) };
    });
    return { engineVersion: this.#bundle.engineVersion, policies, maps: this.#maps.map((m) => m.info), diagnostics: [...this.#bundleDiagnostics, ...this.#mapDiagnostics] };
  }

  #versionInfo(p: CompiledPolicy, draft: boolean): VersionInfo {
    const stamp = stampOf(draft ? this.#withDraft(p) : this.#base, p, { illustrative: p.document.illustrative === true });
    return {
      version: p.version, status: p.document.status, illustrative: p.document.illustrative === true, effectiveFrom: stamp.effectiveFrom,
      ...(stamp.effectiveTo ? { effectiveTo: stamp.effectiveTo } : {}), sha256: p.sha256, path: p.path, draft,
    };
  }

  /** The bundled library with the draft in place of any shipped version of the same id and version. */
  #withDraft(draft: CompiledPolicy): PolicyLibrary {
    const policies = [...this.#base.policies.filter((p) => !(p.id === draft.id && p.version === draft.version)), draft];
    return { policies, diagnostics: [], versionDiagnostics: [], selection: this.#base.selection ?? null };
  }

  async validate(request: ValidateRequest, hooks: EngineHooks = {}): Promise<ValidateResponse> {
    const started = Date.now();
    const draft = request.useDraft ? this.#draft : null;
    if (request.useDraft && !draft) throw new Error('no draft policy file is loaded; load one, or choose a shipped policy');
    const library = draft ? this.#withDraft(draft) : this.#base;
    const policy = draft ? { id: draft.id, version: draft.version } : request.policy;
    const { choice, loaded } = this.#mapChoice(request.map ?? null);
    const extracted = plansFromWorkbook(request.snapshot, choice, request.readDiagnostics);
    const used = loaded && loaded.map.map === extracted.mapUsed ? loaded.info : this.#maps.find((m) => m.map.map === extracted.mapUsed)?.info;
    if (!used) throw new Error(`internal: the workbook was read with the map '${extracted.mapUsed}', which the pane does not know`);
    const total = extracted.plans.length;
    const plans: PlanResult[] = [];
    await hooks.onProgress?.(0, total);
    const report = await evaluatePlans(extracted.plans, library, {
      today: request.today, asOf: request.asOf, policy, illustrative: false,
      ...(request.evaluatedAt ? { evaluatedAt: request.evaluatedAt } : {}),
      // Explain re-runs one rule on one plan (explainRule), so traces need not travel back to the pane.
      traces: false,
      onPlan: async (result) => {
        plans.push(result);
        if (plans.length % PROGRESS_EVERY === 0) await hooks.onProgress?.(plans.length, total);
      },
    }, [...this.#bundleDiagnostics, ...(loaded ? [] : this.#mapDiagnostics), ...extracted.diagnostics]);
    await hooks.onProgress?.(total, total);
    this.#last = { plans: extracted.plans, library, request, policy };
    return {
      report: { ...report, plans, options: { policy, map: { path: used.path, sha256: used.sha256 }, policiesDirs: [], illustrative: false } },
      mapUsed: extracted.mapUsed, map: used, reading: describeReading(request.snapshot.source, extracted), isRegister: extracted.isRegister, elapsedMs: Date.now() - started,
    };
  }

  /**
   * Impact of a draft: the workbook's plans, read as Validate reads them, judged by two versions (bundled, or the draft
   * loaded), both as if in force, as `jobplan policy impact` judges them.
   */
  async impact(request: ImpactRequest, hooks: EngineHooks = {}): Promise<ImpactResponse> {
    const started = Date.now();
    const from = this.#version(request.from);
    const to = this.#version(request.to);
    const { choice } = this.#mapChoice(request.map ?? null);
    const extracted = plansFromWorkbook(request.snapshot, choice, request.readDiagnostics);
    const impact = await policyImpact(extracted.plans, from, to, { today: request.today, ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}) });
    return { impact: { ...impact, diagnostics: [...extracted.diagnostics, ...impact.diagnostics] }, mapUsed: extracted.mapUsed, planCount: extracted.plans.length, elapsedMs: Date.now() - started };
  }

  #version(value: string): CompiledPolicy {
    if (value === 'draft') {
      if (!this.#draft) throw new Error('no draft policy file is loaded; load one with "Load a draft policy file…"');
      return this.#draft;
    }
    const at = value.indexOf('@');
    const found = at > 0 ? findVersion(this.#base, value.slice(0, at), value.slice(at + 1)) : undefined;
    if (!found) throw new Error(`the policy version ${value} is not in the add-in; choose one from the list`);
    return found;
  }

  /**
   * As the CLI: a loaded map is used as given (`--map`); otherwise every bundled map is tried and the one that reads
   * the most is used, the template's map when none reads a plan (its messages then say what is missing).
   */
  #mapChoice(file: MapFile | null): { choice: MapChoice; loaded: { map: WorkbookMap; info: MapInfo } | null } {
    if (file) {
      const parsed = parseWorkbookMap(file.text, file.name);
      if (!parsed.map || parsed.diagnostics.some((d) => d.severity === 'error')) {
        throw new Error(`the map file ${file.name} has problems (${parsed.diagnostics.map((d) => d.message).join('; ')}); load it again once they are fixed, or forget it`);
      }
      return { choice: { map: parsed.map }, loaded: { map: parsed.map, info: mapInfo(parsed.map, file.name, file.text, 'loaded') } };
    }
    const candidates = this.#maps.map((m) => m.map);
    return { choice: { map: this.#templateMap, registerMap: this.#registerMap, ...(candidates.length > 1 ? { candidates } : {}) }, loaded: null };
  }

  /** Checks a map file the user chose: its id, or its problems with line:col, exactly as a draft policy is reported. */
  checkMap(name: string, bytes: Uint8Array): MapResponse {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { map: null, diagnostics: [{ code: 'map_not_utf8', severity: 'error', message: `${name} is not UTF-8 text; save it as UTF-8`, location: { file: name, line: 1, col: 1 } }] };
    }
    return parseMapFile(name, text.replace(/^\uFEFF/, ''));
  }

  /** Explain one rule on plan `index` of the last validation (its conditions, the values seen, parameters, clause). */
  async explain(index: number, ruleId: string): Promise<ExplainResponse> {
    const last = this.#last;
    const input = last?.plans[index];
    if (!last || !input) return { text: null, diagnostics: [{ code: 'explain_stale', severity: 'error', message: 'the workbook has not been validated yet (or has changed since): press Validate, then Explain' }] };
    const { explanation, diagnostics } = await explainRule(input, last.library, { today: last.request.today, asOf: last.request.asOf, policy: last.policy, illustrative: false }, ruleId);
    return { text: explanation ? formatExplanationText(explanation) : null, plain: explanation ? plainExplanation(explanation) : null, diagnostics };
  }

  /** Compiles a policy file a policy author chose; problems come back with line:col, the draft is kept when it compiles. */
  loadDraft(name: string, bytes: Uint8Array): DraftResponse {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { draft: null, diagnostics: [{ code: 'policy_not_utf8', severity: 'error', message: `${name} is not UTF-8 text; save it as UTF-8`, location: { file: name, line: 1, col: 1 } }] };
    }
    const loaded = loadPolicy({ path: name, text, sha256: sha256Hex(bytes) });
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (!loaded.policy || errors.length > 0) return { draft: null, diagnostics: loaded.diagnostics };
    this.#draft = loaded.policy;
    return { draft: { id: loaded.policy.id, title: loaded.policy.document.title, ...this.#versionInfo(loaded.policy, true) }, diagnostics: loaded.diagnostics };
  }

  clearDraft(): void {
    this.#draft = null;
  }
}
