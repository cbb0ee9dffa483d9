import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';
import { CONFIG_FILE_NAME } from '../../src-engine/policy/policy-selection.js';
import { runPolicyTests } from '../../src-engine/testing/run-policy-tests.js';

const root = join(import.meta.dirname, '..', '..');
const policiesDir = join(root, 'policies');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

// The installation config (policies/jobplan.config.yaml) is not a policy version; it is checked with the library.
const all = yamlFiles(policiesDir).filter((f) => !f.endsWith(CONFIG_FILE_NAME));
const policyFiles = all.filter((f) => !f.includes(`${join('tests', '')}`));
const testFiles = all.filter((f) => f.includes(`${join('tests', '')}`));
const load = (f: string) => ({ path: relative(root, f), text: readFileSync(f, 'utf8') });

describe('shipped policy packs', () => {
  const library = loadPolicyLibrary(policyFiles.map(load), load(join(policiesDir, CONFIG_FILE_NAME)));

  it('every shipped policy file compiles without diagnostics', () => {
    expect(library.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(library.policies.length).toBe(policyFiles.length);
  });

  it('every policy test case passes', async () => {
    const run = await runPolicyTests(testFiles.map(load), library);
    expect(run.diagnostics.map(formatDiagnostic)).toEqual([]);
    const failures = run.results.filter((r) => !r.passed).map((r) => `${r.file}:${r.location.line}: ${r.name} [${r.version}]: ${r.failures.join('; ')}`);
    expect(failures).toEqual([]);
    expect(run.results.length).toBeGreaterThan(0);
  });

  it('every rule of every shipped version has a case that fires it and a case that keeps it quiet', async () => {
    const run = await runPolicyTests(testFiles.map(load), library);
    const missing: string[] = [];
    for (const policy of library.policies) {
      const mine = run.results.filter((r) => r.policy === policy.id && r.version === policy.version);
      for (const rule of policy.rules) {
        if (!mine.some((r) => r.expectFire.includes(rule.id))) missing.push(`${policy.id}@${policy.version} ${rule.id}: no case fires it`);
        if (!mine.some((r) => r.expectQuiet.includes(rule.id))) missing.push(`${policy.id}@${policy.version} ${rule.id}: no case keeps it quiet`);
      }
    }
    expect(missing).toEqual([]);
  });
});
