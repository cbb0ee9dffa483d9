/**
 * The add-in's policy stamp must be the CLI's: each policy's sha256 is taken at build time from the file's bytes
 * (scripts/bundle-policies.ts). Here: bundled hash = sha256 of the file on disk = the hash the CLI stamps on its
 * report = the hash in the built worker script (dist-addin/, once built); and a ratified file edited after
 * ratification stops the build.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectPolicyBundle, policyBundleModule } from '../../../scripts/bundle-policies.js';
import { runValidation } from '../../../src-engine/cli/run-validation.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('the policies bundled into the add-in', () => {
  const bundle = collectPolicyBundle(root);

  it('holds every shipped policy version (not the tests) and every workbook map, named as the CLI names them', () => {
    const onDisk = readdirSync(join(root, 'policies'), { withFileTypes: true }).filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(root, 'policies', d.name)).filter((f) => f.endsWith('.yaml')).map((f) => `policies/${d.name}/${f}`)).sort();
    expect(bundle.policies.map((p) => p.path).sort()).toEqual(onDisk);
    const maps = readdirSync(join(root, 'workbook-maps')).filter((f) => /\.ya?ml$/.test(f));
    expect(bundle.maps.map((m) => m.path).sort()).toEqual(maps.map((f) => `workbook-maps/${f}`).sort());
    // The CLI's order: the template's map first, the register's second (ties in fit go to the earlier map).
    expect(bundle.maps.slice(0, 2).map((m) => m.path)).toEqual(['workbook-maps/jobplan-template.yaml', 'workbook-maps/register.yaml']);
    for (const m of bundle.maps) expect(m.text, m.path).toBe(readFileSync(join(root, m.path), 'utf8'));
  });

  it('bundles whatever maps are put in workbook-maps/ (not a fixed list), after the two shipped ones, by file name', () => {
    const copy = mkdtempSync(join(tmpdir(), 'jobplan-bundle-'));
    try {
      for (const dir of ['policies', 'workbook-maps']) cpSync(join(root, dir), join(copy, dir), { recursive: true });
      const trust = readFileSync(join(root, 'test/fixtures/maps/bma-style-consultant.yaml'), 'utf8');
      writeFileSync(join(copy, 'workbook-maps/zz-trust-consultant.yaml'), trust);
      writeFileSync(join(copy, 'workbook-maps/a-trust-register.yml'), 'map: a-trust-register\n');
      writeFileSync(join(copy, 'workbook-maps/README.md'), 'not a map');
      const paths = collectPolicyBundle(copy).maps.map((m) => m.path);
      expect(paths.slice(0, 2)).toEqual(['workbook-maps/jobplan-template.yaml', 'workbook-maps/register.yaml']);
      expect(paths.slice(2)).toEqual([...paths.slice(2)].sort());
      expect(paths).toContain('workbook-maps/zz-trust-consultant.yaml');
      expect(paths).toContain('workbook-maps/a-trust-register.yml');
      expect(paths).not.toContain('workbook-maps/README.md');
      rmSync(join(copy, 'workbook-maps/register.yaml'));
      expect(() => collectPolicyBundle(copy)).toThrow(/workbook-maps\/register\.yaml is missing/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('hashes each file exactly as sha256sum does, and its text is the file\'s', () => {
    for (const p of bundle.policies) {
      const bytes = readFileSync(join(root, p.path));
      expect(p.sha256, p.path).toBe(sha256(bytes));
      expect(p.text, p.path).toBe(bytes.toString('utf8'));
    }
  });

  it('gives the hashes the CLI stamps on its reports', async () => {
    const report = await runValidation({ paths: [join(root, 'examples/breaks-signoff-late.xlsx'), join(root, 'examples/register-sbuhb-2026.xlsx'), join(root, 'examples/ahp-physiotherapist-compliant.xlsx')], today: '2026-11-23', asOf: null, policy: null });
    expect(report.policies.length).toBeGreaterThan(0);
    for (const stamp of report.policies) expect(bundle.policies.find((p) => p.path === stamp.path)?.sha256, stamp.path).toBe(stamp.sha256);
  });

  it('is what the built worker script carries (dist-addin/, once built)', () => {
    const dir = join(root, 'dist-addin', 'bundle');
    if (!existsSync(dir)) return; // npm run build:addin not run yet (npm test runs it first)
    const worker = readdirSync(dir).find((f) => /^evaluate-worker-.*\.js$/.test(f));
    expect(worker, 'the evaluation worker script').toBeDefined();
    const code = readFileSync(join(dir, worker!), 'utf8');
    for (const p of bundle.policies) expect(code.includes(p.sha256), p.path).toBe(true);
    for (const m of bundle.maps) expect(code.includes(m.path), m.path).toBe(true);
    expect(policyBundleModule(bundle)).toContain(bundle.policies[0]!.sha256);
  });

  it('refuses to bundle a ratified policy edited after it was ratified', () => {
    const copy = mkdtempSync(join(tmpdir(), 'jobplan-bundle-'));
    try {
      for (const dir of ['policies', 'workbook-maps']) cpSync(join(root, dir), join(copy, dir), { recursive: true });
      const file = join(copy, 'policies/cpft-job-planning/2017-04-28.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('value: 28, unit: days', 'value: 29, unit: days'));
      expect(() => collectPolicyBundle(copy)).toThrow(/policy_lock_mismatch/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
