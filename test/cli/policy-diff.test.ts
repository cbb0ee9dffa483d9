import { describe, expect, it } from 'vitest';
import { jobplan } from './run-cli.js';

// Two versions of CPFT: a byte-for-byte copy of the shipped 2017 file and an illustrative 2022 amendment
// (SPA minimum 1.5 → 1 PA, late sign-off a warning, apa.contract-recorded replaced by apa.expired, ...).
const versions = 'test/fixtures/policy-versions';
const v2017 = `${versions}/cpft-job-planning/2017-04-28.yaml`;
const v2022 = `${versions}/cpft-job-planning/2022-11-01.yaml`;
const noStack = (r: { stdout: string; stderr: string }) => expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);

interface DiffJson {
  identical: boolean | null;
  from: { id: string; version: string; sha256: string; status: string; effectiveFrom: string; illustrative: boolean; path: string };
  to: { id: string; version: string; sha256: string; status: string; effectiveFrom: string; illustrative: boolean; path: string };
  samePolicy: boolean;
  metadata: { field: string; from: unknown; to: unknown }[];
  parameters: { added: { name: string }[]; removed: { name: string }[]; changed: { name: string; from: { value: unknown; unit: string; clause: string }; to: { value: unknown; unit: string; clause: string }; changed: string[] }[] };
  rules: { added: { id: string; severity: string }[]; removed: { id: string }[]; changed: { id: string; changes: { aspect: string; from: string | null; to: string | null }[]; effective: { parameter: string; from: { value: unknown }; to: { value: unknown } }[] }[] };
  diagnostics: { code: string; severity: string; message: string }[];
}

describe('jobplan policy diff', () => {
  it('two files that differ: the changes as text, exit 1', () => {
    const r = jobplan('policy', 'diff', v2017, v2022);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^cpft-job-planning 2017-04-28 → 2022-11-01 \(illustrative\)\n/);
    expect(r.stdout).toContain('\nMetadata\n  status: ratified → draft\n');
    expect(r.stdout).toContain('\nParameters\n  - min_service_objectives: 1 count (§7.2)\n  ~ spa_minimum: 1.5 PA → 1 PA (§7.2.1)\nRules\n');
    expect(r.stdout).toContain('\n  + apa.expired [warning] §7.2.2 Expired additional PAs are removed from the plan\n');
    expect(r.stdout).toContain('\n  - apa.contract-recorded [warning] §7.2.2, Appendix 1 A fixed-term contract is recorded for additional PAs\n');
    expect(r.stdout).toContain('\n  ~ signoff.within-deadline severity: error → warning\n');
    expect(r.stdout).toContain('\n      now judged with spa_minimum = 1 PA (was 1.5 PA)\n');
    expect(r.stdout).toContain('        - service_objectives_count < {min_service_objectives}\n        + service_objectives_count < 1\n');
    expect(r.stderr).toBe('');
  });

  it('id@version from a policies folder gives the same diff', () => {
    const byFile = jobplan('policy', 'diff', v2017, v2022);
    const byVersion = jobplan('policy', 'diff', 'cpft-job-planning@2017-04-28', 'cpft-job-planning@2022-11-01', '--policies', versions);
    expect(byVersion.status).toBe(1);
    expect(byVersion.stdout).toBe(byFile.stdout);
  });

  it('the same version twice: no differences, exit 0 (a file against the shipped id@version)', () => {
    const r = jobplan('policy', 'diff', v2017, 'cpft-job-planning@2017-04-28');
    expect(r.stdout).toContain('No differences: the files are byte for byte identical.');
    expect(r.status).toBe(0);
  });

  it('--format json: the diff for tools', () => {
    const r = jobplan('policy', 'diff', v2017, v2022, '--format', 'json');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as DiffJson;
    expect(out.identical).toBe(false);
    expect(out.samePolicy).toBe(true);
    expect(out.from).toEqual({ id: 'cpft-job-planning', version: '2017-04-28', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), status: 'ratified', effectiveFrom: '2017-04-28', illustrative: false, path: v2017 });
    expect(out.to).toMatchObject({ id: 'cpft-job-planning', version: '2022-11-01', status: 'draft', effectiveFrom: '2022-11-01', illustrative: true, path: v2022 });
    expect(out.metadata).toContainEqual({ field: 'supersedes', from: null, to: '2017-04-28' });
    expect(out.metadata).toContainEqual({ field: 'ratified', from: '2017-04-27', to: null });
    expect(out.parameters.changed).toEqual([{ name: 'spa_minimum', from: expect.objectContaining({ value: 1.5, unit: 'PA', clause: '7.2.1' }), to: expect.objectContaining({ value: 1, unit: 'PA', clause: '7.2.1' }), changed: ['value'] }]);
    expect(out.parameters.removed.map((p) => p.name)).toEqual(['min_service_objectives']);
    expect(out.rules.added).toEqual([expect.objectContaining({ id: 'apa.expired', severity: 'warning' })]);
    expect(out.rules.removed.map((x) => x.id)).toEqual(['apa.contract-recorded']);
    expect(out.rules.changed.find((x) => x.id === 'signoff.within-deadline')?.changes).toEqual([{ aspect: 'severity', from: 'error', to: 'warning' }]);
    expect(out.rules.changed.find((x) => x.id === 'spa.minimum')?.effective).toEqual([{ parameter: 'spa_minimum', from: { value: 1.5, unit: 'PA' }, to: { value: 1, unit: 'PA' } }]);
    expect(out.diagnostics).toEqual([]);
  });

  it('--format json for identical versions: identical true, exit 0', () => {
    const r = jobplan('policy', 'diff', v2017, 'policies/cpft-job-planning/2017-04-28.yaml', '--format', 'json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as DiffJson;
    expect(out.identical).toBe(true);
    expect(out.from.sha256).toBe(out.to.sha256);
    expect(out.rules).toEqual({ added: [], removed: [], changed: [] });
  });

  it('a missing file: exit 2, no stack trace', () => {
    const r = jobplan('policy', 'diff', v2017, `${versions}/cpft-job-planning/2099-01-01.yaml`);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('policy_file_not_found: test/fixtures/policy-versions/cpft-job-planning/2099-01-01.yaml does not exist; give a policy file or id@version');
    expect(r.stdout).toBe('');
    noStack(r);
  });

  it('a file that does not compile: its diagnostics at file:line:col, exit 2', () => {
    const broken = 'test/fixtures/invalid-policies/policy_unknown_fact.yaml';
    const r = jobplan('policy', 'diff', v2017, broken);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${broken}:17:19: policy_unknown_fact: rule 'signoff.late' uses fact 'days_meeting_to_manger_signoff'`);
    expect(r.stderr).toContain(`cannot compare: ${broken} did not load`);
    noStack(r);
  });

  it('an id@version that is not there: exit 2, listing the versions that exist', () => {
    const r = jobplan('policy', 'diff', 'cpft-job-planning@2017-04-28', 'cpft-job-planning@2019-01-01', '--policies', versions);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('policy_version_not_found: cpft-job-planning@2019-01-01 is not in test/fixtures/policy-versions; its versions there: 2017-04-28 (ratified), 2022-11-01 (draft)');
    noStack(r);
  });

  it('an unknown policy id: exit 2, listing the policies there', () => {
    const r = jobplan('policy', 'diff', 'nosuch@2020-01-01', v2017);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/policy_version_not_found: no policy 'nosuch' in .*; policies there: cpft-job-planning/);
  });

  it('a bare policy id asks for a version', () => {
    const r = jobplan('policy', 'diff', 'cpft-job-planning', v2017);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cpft-job-planning is neither a file nor id@version; name a version, e.g. cpft-job-planning@2017-04-28');
  });

  it('a folder is not a version: exit 2', () => {
    const r = jobplan('policy', 'diff', `${versions}/cpft-job-planning`, v2017);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('policy_diff_not_a_file');
  });

  it('two different policies: compared, with a warning', () => {
    const other = 'test/fixtures/invalid-policies/policy_unused_parameter.yaml';
    const r = jobplan('policy', 'diff', other, v2017);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('warning: policy_diff_different_policies: comparing two different policies, fixture@2020-01-01 and cpft-job-planning@2017-04-28');
    expect(r.stdout).toMatch(/^fixture@2020-01-01 → cpft-job-planning@2017-04-28: two different policies/);
    const json = JSON.parse(jobplan('policy', 'diff', other, v2017, '--format', 'json').stdout) as DiffJson;
    expect(json.samePolicy).toBe(false);
    expect(json.diagnostics.map((d) => d.code)).toEqual(['policy_diff_different_policies']);
  });

  it('bad arguments: usage and exit 2', () => {
    for (const args of [[v2017], [v2017, v2022, v2022], [v2017, v2022, '--format', 'xml'], [v2017, v2022, '--colour']]) {
      const r = jobplan('policy', 'diff', ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('Usage: jobplan policy diff <a> <b>');
      noStack(r);
    }
  });

  it('--help: usage on stdout, exit 0', () => {
    const r = jobplan('policy', 'diff', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: jobplan policy diff <a> <b> [--format text|json] [--policies <folder>]');
  });
});
