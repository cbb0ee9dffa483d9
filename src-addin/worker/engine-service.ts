/**
 * The evaluation engine as the task pane uses it: the bundled policies compiled once, a workbook snapshot judged
 * exactly as `jobplan validate` judges the same file (same policies, same maps with the register map auto-selected,
 * same today / as-of rules, the fast evaluator), Explain for one finding, and a draft policy file compiled for a
 * policy author. Runs inside the Web Worker (evaluate-worker.ts) or, without Worker support, on the page.
 */
import bundle from 'virtual:jobplan-policies';
import {
  evaluatePlans, explainRule, formatExplanationText, loadPolicy, loadPolicyLibrary, parseWorkbookMap, plansFromWorkbook, policyIds, sha256Hex, stampOf,
  type CompiledPolicy, type Diagnostic, type PlanInput, type PlanResult, type PolicyLibrary, type WorkbookMap,
} from '../../src-engine/index.js';
import type { Catalogue, DraftResponse, ExplainResponse, PolicyInfo, ValidateRequest, ValidateResponse, VersionInfo } from './protocol.js';

export interface EngineHooks {
  /** Called every few plans with progress; may return a promise to yield (the on-page fallback does). */
  readonly onProgress?: (done: number, total: number) => void | Promise<void>;
}

const PROGRESS_EVERY = 100;

export class EngineService {
  readonly #base: PolicyLibrary;
  readonly #templateMap: WorkbookMap;
  readonly #registerMap: WorkbookMap;
  readonly #bundleDiagnostics: Diagnostic[];
  #draft: CompiledPolicy | null = null;
  #last: { plans: readonly PlanInput[]; library: PolicyLibrary; request: ValidateRequest; policy: ValidateRequest['policy'] } | null = null;

  constructor() {
    this.#base = loadPolicyLibrary(bundle.policies);
    const template = parseWorkbookMap(bundle.maps.template.text, bundle.maps.template.path);
    const register = parseWorkbookMap(bundle.maps.register.text, bundle.maps.register.path);
    if (!template.map || !register.map) throw new Error(`internal: a bundled workbook map is broken: ${[...template.diagnostics, ...register.diagnostics].map((d) => d.message).join('; ')}`);
    this.#templateMap = template.map;
    this.#registerMap = register.map;
    this.#bundleDiagnostics = [...this.#base.diagnostics];
  }

  catalogue(): Catalogue {
    const policies: PolicyInfo[] = policyIds(this.#base).map((id) => {
      const versions = this.#base.policies.filter((p) => p.id === id).sort((a, b) => a.document.effective_from.localeCompare(b.document.effective_from));
      const latest = versions.filter((p) => p.document.illustrative !== true).pop() ?? versions[versions.length - 1]!;
      return { id, title: latest.document.title, owner: latest.document.owner, versions: versions.map((p) => this.#versionInfo(p, false)) };
    });
    return { engineVersion: bundle.engineVersion, policies, diagnostics: this.#bundleDiagnostics };
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
    return { policies, diagnostics: [], versionDiagnostics: [] };
  }

  async validate(request: ValidateRequest, hooks: EngineHooks = {}): Promise<ValidateResponse> {
    const started = Date.now();
    const draft = request.useDraft ? this.#draft : null;
    if (request.useDraft && !draft) throw new Error('no draft policy file is loaded; load one, or choose a shipped policy');
    const library = draft ? this.#withDraft(draft) : this.#base;
    const policy = draft ? { id: draft.id, version: draft.version } : request.policy;
    const extracted = plansFromWorkbook(request.snapshot, { map: this.#templateMap, registerMap: this.#registerMap }, request.readDiagnostics);
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
    }, [...this.#bundleDiagnostics, ...extracted.diagnostics]);
    await hooks.onProgress?.(total, total);
    this.#last = { plans: extracted.plans, library, request, policy };
    return { report: { ...report, plans }, mapUsed: extracted.mapUsed, isRegister: extracted.isRegister, elapsedMs: Date.now() - started };
  }

  /** Explain one rule on plan `index` of the last validation (its conditions, the values seen, parameters, clause). */
  async explain(index: number, ruleId: string): Promise<ExplainResponse> {
    const last = this.#last;
    const input = last?.plans[index];
    if (!last || !input) return { text: null, diagnostics: [{ code: 'explain_stale', severity: 'error', message: 'the workbook has not been validated yet (or has changed since): press Validate, then Explain' }] };
    const { explanation, diagnostics } = await explainRule(input, last.library, { today: last.request.today, asOf: last.request.asOf, policy: last.policy, illustrative: false }, ruleId);
    return { text: explanation ? formatExplanationText(explanation) : null, diagnostics };
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
