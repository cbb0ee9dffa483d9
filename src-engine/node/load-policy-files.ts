/**
 * Reads policy and policy-test files from disk for the core. Folders are searched recursively: YAML files in a
 * `tests/` folder are policy tests, every other YAML file is a policy version. The sha256 is taken from the
 * file's exact bytes, so it equals `sha256sum` of the file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sha256Hex } from '../policy/hash.js';
import type { PolicySource } from '../policy/policy-document.js';
import type { TestSource } from '../testing/run-policy-tests.js';

export interface PolicyFiles {
  readonly policies: PolicySource[];
  readonly tests: TestSource[];
  readonly diagnostics: Diagnostic[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Paths are shown relative to the working directory when that is shorter, as compilers do. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') ? rel : path;
}

export function loadPolicyFiles(paths: readonly string[]): PolicyFiles {
  const out: PolicyFiles = { policies: [], tests: [], diagnostics: [] };
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      out.diagnostics.push({ code: 'policy_file_not_found', severity: 'error', message: `${path} does not exist; give a policy file or a folder of policies` });
      continue;
    }
    const files = stat.isDirectory() ? yamlFilesUnder(path) : [path];
    for (const file of files) readOne(file, out);
  }
  return out;
}

function readOne(file: string, out: PolicyFiles): void {
  const shown = displayPath(file);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    out.diagnostics.push({ code: 'policy_file_unreadable', severity: 'error', message: `cannot read ${shown}: ${(e as Error).message}` });
    return;
  }
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

export function isTestFile(file: string): boolean {
  return file.split(sep).includes('tests') || file.split('/').includes('tests');
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : yamlFilesUnder(full);
      return /\.ya?ml$/i.test(entry.name) ? [full] : [];
    });
}
