/**
 * All loaded policy versions, and the answer to "which version applied on this date?".
 * A version is in force from its effective date until the next ratified version takes effect. Drafts are
 * never chosen by date, only when asked for by id@version.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { IsoDate } from '../model/dates.js';
import type { JobPlan } from '../model/job-plan.js';
import type { CompiledPolicy, PolicyStamp } from './compiled-policy.js';
import { loadPolicy } from './load-policy.js';
import type { PolicySource } from './policy-document.js';

export interface PolicyLibrary {
  readonly policies: readonly CompiledPolicy[];
  readonly diagnostics: readonly Diagnostic[];
}

export function loadPolicyLibrary(sources: readonly PolicySource[]): PolicyLibrary {
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
  return { policies: [...byKey.values()], diagnostics };
}

/** Versions that can be chosen by date: ratified or (for the past) superseded, oldest first. */
function datedVersions(library: PolicyLibrary, id: string): CompiledPolicy[] {
  return library.policies
    .filter((p) => p.id === id && p.document.status !== 'draft')
    .sort((a, b) => a.document.effective_from.localeCompare(b.document.effective_from));
}

export function policyIds(library: PolicyLibrary): string[] {
  return [...new Set(library.policies.map((p) => p.id))].sort();
}

/** The first day a later dated version replaced this one, if any. */
export function effectiveTo(library: PolicyLibrary, policy: CompiledPolicy): IsoDate | undefined {
  if (policy.document.status === 'draft') return undefined;
  const later = datedVersions(library, policy.id).find((p) => p.document.effective_from > policy.document.effective_from);
  return later?.document.effective_from;
}

export type Selection = { readonly policy: CompiledPolicy; readonly reason: string } | { readonly policy: null; readonly reason: string };

/** The version of `id` in force on `date`. */
export function versionInForce(library: PolicyLibrary, id: string, date: IsoDate): Selection {
  const versions = datedVersions(library, id);
  if (versions.length === 0) return { policy: null, reason: `no ratified version of '${id}' is loaded` };
  const inForce = versions.filter((p) => p.document.effective_from <= date).pop();
  if (!inForce) {
    return { policy: null, reason: `'${id}' first took effect on ${versions[0]!.document.effective_from}, after ${date}` };
  }
  const to = effectiveTo(library, inForce);
  return { policy: inForce, reason: `in force from ${inForce.document.effective_from}${to ? ` until ${to}` : ''} (${inForce.document.status})` };
}

/** A specific version, drafts included: `id@version`. */
export function findVersion(library: PolicyLibrary, id: string, version: string): CompiledPolicy | undefined {
  return library.policies.find((p) => p.id === id && p.version === version);
}

/** Whether a policy's applies_to covers a plan. An omitted list means any; a plan that does not say is covered. */
export function appliesTo(policy: CompiledPolicy, plan: JobPlan): boolean {
  const { staff_groups: groups, grades } = policy.document.applies_to;
  if (groups && plan.staff_group && !groups.includes(plan.staff_group)) return false;
  if (grades && plan.grade) {
    const grade = plan.grade.trim().toLowerCase();
    if (!grades.some((g) => grade === g.toLowerCase() || grade.includes(g.toLowerCase()))) return false;
  }
  return true;
}

export function stampOf(library: PolicyLibrary, policy: CompiledPolicy): PolicyStamp {
  const to = effectiveTo(library, policy);
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
