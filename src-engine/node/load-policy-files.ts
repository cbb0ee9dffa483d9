/**
 * Reads policy and policy-test files from disk for the core. Folders are searched recursively: YAML files in a
 * `tests/` folder are policy tests, every other YAML file is a policy version. The sha256 is taken from the
 * file's exact bytes, so it equals `sha256sum` of the file.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sha256Hex } from '../policy/hash.js';
import type { PolicySource } from '../policy/policy-document.js';
import type { PolicyLibrary } from '../policy/policy-library.js';
import { checkPolicyLock, LOCK_FILE_NAME, parsePolicyLock, type PolicyLock } from '../policy/policy-lock.js';
import { CONFIG_FILE_NAME } from '../policy/policy-selection.js';
import type { TestSource } from '../testing/run-policy-tests.js';
import { INPUT_LIMITS } from '../workbook/input-limits.js';
import { readInputFileSync, type InputFileRead } from './input-file.js';

export interface PolicyFiles {
  readonly policies: PolicySource[];
  readonly tests: TestSource[];
  readonly diagnostics: Diagnostic[];
  /** The policy lock found beside the policies (policies/policy-lock.json), if any. */
  readonly lock: { readonly path: string; readonly lock: PolicyLock | null } | null;
  /** The installation config (policies/jobplan.config.yaml) at the top of a policies folder given, if any. */
  config: { readonly path: string; readonly text: string } | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Paths are shown relative to the working directory when that is shorter, as compilers do. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') ? rel : path;
}

export function loadPolicyFiles(paths: readonly string[]): PolicyFiles {
  const out: PolicyFiles = { policies: [], tests: [], diagnostics: [], lock: findLock(paths), config: null };
  if (out.lock?.lock === null) {
    const read = readPolicyInput(out.lock.path, 'a policy lock');
    out.diagnostics.push(...(read.ok ? parsePolicyLock(read.bytes.toString('utf8'), displayPath(out.lock.path)).diagnostics : [unreadable('policy_lock_unreadable', out.lock.path, read.message)]));
  }
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      out.diagnostics.push({ code: 'policy_file_not_found', severity: 'error', message: `${path} does not exist; give a policy file or a folder of policies` });
      continue;
    }
    if (stat.isDirectory() && out.config === null) out.config = readConfig(join(path, CONFIG_FILE_NAME), out.diagnostics);
    if (!stat.isDirectory() && basename(path) === CONFIG_FILE_NAME) {
      out.config = readConfig(path, out.diagnostics);
      continue;
    }
    const files = stat.isDirectory() ? yamlFilesUnder(path) : [path];
    for (const file of files) readOne(file, out);
  }
  return out;
}

/** The config beside the policies; null when there is none (every loaded pack is then a candidate). */
function readConfig(file: string, diagnostics: Diagnostic[]): PolicyFiles['config'] {
  if (!existsSync(file)) return null;
  const read = readPolicyInput(file, 'an installation config');
  if (!read.ok) {
    diagnostics.push(unreadable('config_unreadable', file, read.message));
    return null;
  }
  try {
    return { path: displayPath(file), text: utf8.decode(read.bytes) };
  } catch {
    diagnostics.push({ code: 'config_unreadable', severity: 'error', message: `cannot read ${displayPath(file)} as UTF-8 text; save it as UTF-8`, location: { file: displayPath(file), line: 1, col: 1 } });
    return null;
  }
}

function readOne(file: string, out: PolicyFiles): void {
  const shown = displayPath(file);
  const read = readPolicyInput(file, isTestFile(file) ? 'a policy test file' : 'a policy file');
  if (!read.ok) {
    out.diagnostics.push(unreadable(read.problem === 'too_large' ? 'policy_file_too_large' : 'policy_file_unreadable', file, read.message));
    return;
  }
  const bytes = read.bytes;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    out.diagnostics.push({ code: 'policy_not_utf8', severity: 'error', message: `${shown} is not UTF-8 text; save it as UTF-8`, location: { file: shown, line: 1, col: 1 } });
    return;
  }
  if (isTestFile(file)) out.tests.push({ path: shown, text });
  else out.policies.push({ path: shown, text, sha256: sha256Hex(bytes) });
}

/**
 * The lock lives at the top of a policies folder. For a folder argument that is either the folder itself or (for
 * one policy's folder) its parent; for a file argument, the folder above the policy's folder.
 */
export function findLock(paths: readonly string[]): { path: string; lock: PolicyLock | null } | null {
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      continue;
    }
    const candidates = isDir ? [join(p, LOCK_FILE_NAME), join(p, '..', LOCK_FILE_NAME)] : [join(dirname(p), '..', LOCK_FILE_NAME), join(dirname(p), '..', '..', LOCK_FILE_NAME)];
    const found = candidates.find((c) => existsSync(c));
    if (found) {
      // An unreadable lock (a FIFO, a device, too large) is reported by loadPolicyFiles, which reads it again.
      const read = readPolicyInput(found, 'a policy lock');
      return { path: found, lock: read.ok ? parsePolicyLock(read.bytes.toString('utf8'), displayPath(found)).lock : null };
    }
  }
  return null;
}

/** Lock diagnostics for a loaded library: ratified files must match the hashes recorded when they were ratified. */
export function lockDiagnostics(files: PolicyFiles, library: PolicyLibrary): Diagnostic[] {
  if (!files.lock) {
    // Without any lock file the check cannot be enforced; say so once per version, as a warning.
    return checkPolicyLock(library, null, LOCK_FILE_NAME).map((d) => ({ ...d, severity: 'warning' as const, message: `${d.message} (no ${LOCK_FILE_NAME} was found beside the policies, so edits to ratified files cannot be detected)` }));
  }
  if (!files.lock.lock) return [];
  return checkPolicyLock(library, files.lock.lock, displayPath(files.lock.path));
}

/** A policy, test, config or lock file, read only if it is a regular file of at most INPUT_LIMITS.yamlFileBytes. */
function readPolicyInput(file: string, what: string): InputFileRead {
  return readInputFileSync(file, { maxBytes: INPUT_LIMITS.yamlFileBytes, what, whenTooLarge: 'policy files are short YAML files: check that this is the file you meant, or split the policy', shown: displayPath(file) });
}

function unreadable(code: string, file: string, message: string): Diagnostic {
  return { code, severity: 'error', message, location: { file: displayPath(file), line: 1, col: 1 } };
}

export function isTestFile(file: string): boolean {
  return file.split(sep).includes('tests') || file.split('/').includes('tests');
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : yamlFilesUnder(full);
      // The installation config is not a policy version (it is read by readConfig).
      return /\.ya?ml$/i.test(entry.name) && entry.name !== CONFIG_FILE_NAME ? [full] : [];
    });
}
