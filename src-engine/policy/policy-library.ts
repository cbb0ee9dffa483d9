/**
 * All loaded policy versions, and the answer to "which version applied on this date?".
 * A version is in force from its effective date until the next ratified version takes effect. Drafts are
 * never chosen by date, only when asked for by id@version.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { addDays, type IsoDate } from '../model/dates.js';
import type { JobPlan } from '../model/job-plan.js';
import type { CompiledPolicy, PolicyStamp } from './compiled-policy.js';
import { loadPolicy } from './load-policy.js';
import type { PolicySource } from './policy-document.js';
import { checkPolicySelection, parsePolicySelection, type PolicySelection } from './policy-selection.js';

export interface PolicyLibrary {
  readonly policies: readonly CompiledPolicy[];
  /** Every problem: each file's own, then those between versions (duplicates, overlapping or gapped windows). */
  readonly diagnostics: readonly Diagnostic[];
  /** Only the problems between versions. */
  readonly versionDiagnostics: readonly Diagnostic[];
  /**
   * The installation's choice of packs (policies/jobplan.config.yaml), or null without one: then every loaded
   * pack is a candidate and a plan that several fit is not judged.
   */
  readonly selection?: PolicySelection | null;
}

/**
 * Loads policy versions and, when given, the installation config (its text, as the CLI reads it beside the policies
 * and the add-in bundles it); the config's problems are the library's own diagnostics, with file:line:col.
 */
export function loadPolicyLibrary(sources: readonly PolicySource[], config?: { readonly path: string; readonly text: string } | null): PolicyLibrary {
  const policies: CompiledPolicy[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const source of sources) {
    const loaded = loadPolicy(source);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.policy) policies.push(loaded.policy);
  }
  const byKey = new Map<string, CompiledPolicy>();
  for (const p of policies) {
    const key = `${p.id}@${p.version}`;
    const other = byKey.get(key);
    if (other) {
      diagnostics.push({ code: 'policy_duplicate_version', severity: 'error', message: `${key} is defined twice (also in ${other.path}); each version is one file`, location: { file: p.path, line: 1, col: 1 } });
    } else byKey.set(key, p);
  }
  const versionDiagnostics = diagnostics.filter((d) => d.code === 'policy_duplicate_version');
  const policiesLoaded = [...byKey.values()];
  versionDiagnostics.push(...checkVersionWindows({ policies: policiesLoaded, diagnostics: [], versionDiagnostics: [] }));
  const configured = config ? parsePolicySelection(config) : { selection: null, diagnostics: [] };
  const configDiagnostics = configured.selection ? [...configured.diagnostics, ...checkPolicySelection(configured.selection, [...new Set(policiesLoaded.map((p) => p.id))].sort())] : configured.diagnostics;
  return {
    policies: policiesLoaded,
    diagnostics: [...diagnostics.filter((d) => d.code !== 'policy_duplicate_version'), ...versionDiagnostics, ...configDiagnostics],
    versionDiagnostics,
    selection: configured.selection,
  };
}

/**
 * Whether illustrative versions (made up to demonstrate a change, never a real organisation's policy) take part
 * in choosing by date. Off by default, so a real plan is never judged by an illustrative version unless asked.
 */
export interface SelectionMode {
  readonly illustrative?: boolean;
}

/** Versions that can be chosen by date: ratified or (for the past) superseded, oldest first. */
function datedVersions(library: PolicyLibrary, id: string, mode: SelectionMode = {}): CompiledPolicy[] {
  return library.policies
    .filter((p) => p.id === id && p.document.status !== 'draft' && (mode.illustrative === true || p.document.illustrative !== true))
    .sort((a, b) => a.document.effective_from.localeCompare(b.document.effective_from));
}

export function policyIds(library: PolicyLibrary): string[] {
  return [...new Set(library.policies.map((p) => p.id))].sort();
}

/** When a dated version is in force: from its effective date to the last day before it was replaced or withdrawn. */
export interface VersionWindow {
  readonly policy: CompiledPolicy;
  readonly from: IsoDate;
  /** Last day in force (inclusive); absent while it is the current version. */
  readonly to?: IsoDate;
}

/** The windows of every dated version of a policy, oldest first. Window problems are checked by checkVersionWindows. */
export function versionWindows(library: PolicyLibrary, id: string, mode: SelectionMode = {}): VersionWindow[] {
  const versions = datedVersions(library, id, mode);
  return versions.map((policy, i) => {
    const next = versions[i + 1];
    const replaced = next ? addDays(next.document.effective_from, -1) : undefined;
    const withdrawn = policy.document.effective_to;
    const to = replaced && withdrawn ? (withdrawn < replaced ? withdrawn : replaced) : (replaced ?? withdrawn);
    return { policy, from: policy.document.effective_from, ...(to ? { to } : {}) };
  });
}

/** The last day this version was in force, if a later version replaced it or it was withdrawn. */
export function effectiveTo(library: PolicyLibrary, policy: CompiledPolicy, mode: SelectionMode = {}): IsoDate | undefined {
  if (policy.document.status === 'draft') return policy.document.effective_to;
  const illustrative = mode.illustrative === true || policy.document.illustrative === true;
  return versionWindows(library, policy.id, { illustrative }).find((w) => w.policy === policy)?.to;
}

/** The dated versions of a policy, oldest first (what "its first version" means). */
export function datedVersionsOf(library: PolicyLibrary, id: string, mode: SelectionMode = {}): CompiledPolicy[] {
  return datedVersions(library, id, mode);
}

export type Selection = { readonly policy: CompiledPolicy; readonly reason: string } | { readonly policy: null; readonly reason: string };

/** The version of `id` in force on `date`. */
export function versionInForce(library: PolicyLibrary, id: string, date: IsoDate, mode: SelectionMode = {}): Selection {
  const windows = versionWindows(library, id, mode);
  if (windows.length === 0) return { policy: null, reason: `no ratified version of '${id}' is loaded` };
  const hit = windows.find((w) => w.from <= date && (w.to === undefined || date <= w.to));
  if (!hit) {
    if (date < windows[0]!.from) return { policy: null, reason: `'${id}' first took effect on ${windows[0]!.from}, after ${date}` };
    return { policy: null, reason: `no version of '${id}' was in force on ${date} (windows: ${windows.map(windowText).join('; ')})` };
  }
  return { policy: hit.policy, reason: `in force ${windowText(hit)} (${hit.policy.document.status}${hit.policy.document.illustrative ? ', ILLUSTRATIVE' : ''})` };
}

export function windowText(w: { from: IsoDate; to?: IsoDate }): string {
  return w.to ? `from ${w.from} to ${w.to}` : `from ${w.from}`;
}

/**
 * Checks that a policy's dated versions follow one another: no two in force on the same day, no day between
 * two versions when none is in force, and each version names the one it supersedes.
 */
export function checkVersionWindows(library: PolicyLibrary): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const id of policyIds(library)) {
    // Check the chain of real versions and the chain with illustrative versions in it; report each problem once.
    for (const versions of [datedVersions(library, id), datedVersions(library, id, { illustrative: true })]) versions.forEach((v, i) => {
      const prev = versions[i - 1];
      if (!prev) return;
      const at = { file: v.path, line: 1, col: 1 };
      if (prev.document.effective_from === v.document.effective_from) {
        out.push({ code: 'policy_version_overlap', severity: 'error', message: `${id}@${prev.version} and ${id}@${v.version} both take effect on ${v.document.effective_from}; only one version can be in force on a date`, location: at });
        return;
      }
      const prevTo = prev.document.effective_to;
      if (prevTo !== undefined && prevTo >= v.document.effective_from) {
        out.push({ code: 'policy_version_overlap', severity: 'error', message: `${id}@${prev.version} is in force to ${prevTo}, but ${id}@${v.version} takes effect on ${v.document.effective_from}: the windows overlap`, location: at });
      } else if (prevTo !== undefined && addDays(prevTo, 1) < v.document.effective_from) {
        out.push({ code: 'policy_version_gap', severity: 'error', message: `no version of ${id} is in force from ${addDays(prevTo, 1)} to ${addDays(v.document.effective_from, -1)}: ${prev.version} ends on ${prevTo} and ${v.version} starts on ${v.document.effective_from}`, location: at });
      }
      // A real version supersedes the real version before it, even when an illustrative one sits between them.
      const predecessor = v.document.illustrative === true ? prev : [...versions.slice(0, i)].reverse().find((x) => x.document.illustrative !== true);
      if (predecessor && v.document.supersedes !== undefined && v.document.supersedes !== null && v.document.supersedes !== predecessor.version) {
        out.push({ code: 'policy_supersedes_mismatch', severity: 'error', message: `${id}@${v.version} says it supersedes '${v.document.supersedes}', but the version before it is '${predecessor.version}'`, location: at });
      }
    });
  }
  return out.filter((d) => !seen.has(d.message) && seen.add(d.message));
}

/** A specific version, drafts included: `id@version`. */
export function findVersion(library: PolicyLibrary, id: string, version: string): CompiledPolicy | undefined {
  return library.policies.find((p) => p.id === id && p.version === version);
}

/** Whether a policy's applies_to covers a plan. An omitted list means any; a plan that does not say is covered. */
export function appliesTo(policy: CompiledPolicy, plan: JobPlan): boolean {
  const { staff_groups: groups, grades, organisations } = policy.document.applies_to;
  // A local policy judges only its own organisation's plans (a plan that names no organisation is not excluded).
  if (organisations && plan.organisation) {
    const org = plan.organisation.trim().toLowerCase();
    if (!organisations.some((o) => o.toLowerCase() === org)) return false;
  }
  if (groups && plan.staff_group && !groups.includes(plan.staff_group)) return false;
  if (grades && plan.grade) {
    const grade = plan.grade.trim().toLowerCase();
    if (!grades.some((g) => grade === g.toLowerCase() || grade.includes(g.toLowerCase()))) return false;
  }
  return true;
}

export function stampOf(library: PolicyLibrary, policy: CompiledPolicy, mode: SelectionMode = {}): PolicyStamp {
  const to = effectiveTo(library, policy, mode);
  return {
    id: policy.id,
    version: policy.version,
    sha256: policy.sha256,
    status: policy.document.status,
    effectiveFrom: policy.document.effective_from,
    ...(to ? { effectiveTo: to } : {}),
    illustrative: policy.document.illustrative === true,
    path: policy.path,
  };
}
