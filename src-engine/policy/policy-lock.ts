/**
 * The policy lock (policies/policy-lock.json) records the sha256 of every ratified version when it is ratified.
 * A ratified file is immutable: if its bytes change later, every run says so, because a finding that cites a
 * version must mean the same rules next year as it did the day it was made.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PolicyLibrary } from './policy-library.js';

export interface LockEntry {
  /** Path relative to the lock file's folder. */
  readonly path: string;
  readonly sha256: string;
  readonly ratified: string;
}

export interface PolicyLock {
  readonly versions: Readonly<Record<string, LockEntry>>;
}

export const LOCK_FILE_NAME = 'policy-lock.json';
const LOCK_COMMENT = 'sha256 of each ratified policy version, recorded by `jobplan policy ratify`. Ratified files are immutable: amend a policy with `jobplan policy new-version`.';

export function parsePolicyLock(text: string, file: string): { lock: PolicyLock | null; diagnostics: Diagnostic[] } {
  try {
    const data = JSON.parse(text) as { versions?: unknown };
    if (typeof data !== 'object' || data === null || typeof data.versions !== 'object' || data.versions === null) throw new Error('no "versions" object');
    return { lock: { versions: data.versions as Record<string, LockEntry> }, diagnostics: [] };
  } catch (e) {
    return { lock: null, diagnostics: [{ code: 'policy_lock_unreadable', severity: 'error', message: `${file} is not a valid policy lock (${(e as Error).message}); restore it from version control`, location: { file, line: 1, col: 1 } }] };
  }
}

export function lockKey(id: string, version: string): string {
  return `${id}@${version}`;
}

/** Serialises a lock with sorted keys, so ratifying one version changes one line in a diff. */
export function serialisePolicyLock(lock: PolicyLock): string {
  const versions = Object.fromEntries(Object.entries(lock.versions).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ $comment: LOCK_COMMENT, versions }, null, 2)}\n`;
}

/**
 * Every ratified (or superseded) version must be in the lock with the hash of its current bytes.
 * `lockFile` is where the lock was read from, for messages; a null lock means none was found.
 */
export function checkPolicyLock(library: PolicyLibrary, lock: PolicyLock | null, lockFile: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of library.policies) {
    if (p.document.status === 'draft') continue;
    const at = { file: p.path, line: 1, col: 1 };
    const entry = lock?.versions[lockKey(p.id, p.version)];
    if (!entry) {
      out.push({ code: 'policy_not_locked', severity: 'error', message: `${p.id}@${p.version} is ${p.document.status} but not recorded in ${lockFile}; record it with 'jobplan policy ratify ${p.path}'`, location: at });
    } else if (entry.sha256 !== p.sha256) {
      out.push({
        code: 'policy_lock_mismatch',
        severity: 'error',
        message: `${p.path} was changed after ${p.id}@${p.version} was ratified (sha256 now ${p.sha256.slice(0, 12)}…, recorded ${entry.sha256.slice(0, 12)}… in ${lockFile}). A ratified version is immutable: restore the file (git checkout -- ${p.path}) and make the change in a new version ('jobplan policy new-version ${p.id} --effective YYYY-MM-DD').`,
        location: at,
      });
    }
  }
  return out;
}
