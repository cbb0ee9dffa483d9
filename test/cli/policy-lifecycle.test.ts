import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { jobplan, root } from './run-cli.js';

// Each test works on its own copy of the shipped policies, as a policy author's checkout would be.
let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'jobplan-policies-')), 'policies');
  cpSync(join(root, 'policies'), dir, { recursive: true });
  // An author's checkout with no draft in progress: the shipped draft (2027-07-01) would be the newest version.
  rmSync(join(dir, 'cpft-job-planning', '2027-07-01.yaml'));
});
afterEach(() => rmSync(dirname(dir), { recursive: true, force: true }));

describe('policy versions over time', () => {
  it('new-version copies the latest version into a draft with the metadata set up, keeping comments', () => {
    const r = jobplan('policy', 'new-version', 'cpft-job-planning', '--effective', '2027-01-01', '--policies', dir);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(join(dir, 'cpft-job-planning', '2027-01-01.yaml'), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=/);
    expect(text).toContain('version: "2027-01-01"');
    expect(text).toContain('status: draft');
    expect(text).toContain('effective_from: "2027-01-01"');
    expect(text).toMatch(/supersedes: "2017-04-28"/);
    expect(text).not.toMatch(/^ratified:/m);
    expect(text).toContain('Describe the change here before ratifying.');
    // The draft compiles and is listed, but is never chosen by date.
    expect(jobplan('policy', 'check', dir).status).toBe(0);
    const which = jobplan('policy', 'which', '--date', '2027-06-01', '--policies', dir);
    expect(which.stdout).toMatch(/cpft-job-planning on 2027-06-01: version 2017-04-28/);
    expect(which.stdout).toMatch(/2027-01-01\s+draft\s+\(would take effect 2027-01-01\)/);
  });

  it('new-version refuses a date that is not after the latest version', () => {
    const r = jobplan('policy', 'new-version', 'cpft-job-planning', '--effective', '2017-04-28', '--policies', dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/must be after the latest version's effective date/);
  });

  it('ratify refuses a draft whose change is not described, then ratifies and locks it; the old window closes', () => {
    jobplan('policy', 'new-version', 'cpft-job-planning', '--effective', '2026-01-01', '--policies', dir);
    const file = join(dir, 'cpft-job-planning', '2026-01-01.yaml');
    const refused = jobplan('policy', 'ratify', file, '--date', '2025-12-01');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/describe the change in the changelog entry/);
    expect(refused.stderr).toMatch(/set review_by/);
    writeFileSync(file, readFileSync(file, 'utf8').replace('Describe the change here before ratifying.', 'Reviewed with no change to the rules.').replace('effective_from: "2026-01-01"', 'effective_from: "2026-01-01"\nreview_by: "2027-01-01"'));
    // Cases pinned to the 2017 version (its 1.5 SPA minimum) must be extended to the new version, as an author would.
    const cases = join(dir, 'cpft-job-planning', 'tests', 'pas-and-spa.yaml');
    const refusedForCoverage = jobplan('policy', 'ratify', file, '--date', '2025-12-01');
    expect(refusedForCoverage.stderr).toMatch(/rule 'spa\.minimum' needs policy test cases that make it fire/);
    writeFileSync(cases, readFileSync(cases, 'utf8').replaceAll('versions: ["2017-04-28"]', 'versions: ["2017-04-28", "2026-01-01"]'));
    const ok = jobplan('policy', 'ratify', file, '--date', '2025-12-01');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/2017-04-28\s+in force from 2017-04-28 to 2025-12-31/);
    expect(ok.stdout).toMatch(/2026-01-01\s+in force from 2026-01-01/);
    expect(readFileSync(file, 'utf8')).toMatch(/status: ratified\nratified: "2025-12-01"/);
    const lock = JSON.parse(readFileSync(join(dir, 'policy-lock.json'), 'utf8')) as { versions: Record<string, { sha256: string }> };
    expect(Object.keys(lock.versions)).toContain('cpft-job-planning@2026-01-01');
    const which = jobplan('policy', 'which', '--date', '2025-12-31', '--policies', dir);
    expect(which.stdout).toMatch(/version 2017-04-28/);
    expect(jobplan('policy', 'which', '--date', '2026-01-01', '--policies', dir).stdout).toMatch(/version 2026-01-01/);
  });

  it('ratify: a version ratified today (the default date) may take effect in the future; a ratified date in the future is refused with what to give', () => {
    const now = new Date();
    const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    const effective = `${now.getFullYear() + 1}-04-01`;
    jobplan('policy', 'new-version', 'cpft-job-planning', '--effective', effective, '--policies', dir);
    const file = join(dir, 'cpft-job-planning', `${effective}.yaml`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('Describe the change here before ratifying.', 'Reviewed with no change to the rules.').replace(`effective_from: "${effective}"`, `effective_from: "${effective}"\nreview_by: "${now.getFullYear() + 2}-04-01"`));
    const cases = join(dir, 'cpft-job-planning', 'tests', 'pas-and-spa.yaml');
    writeFileSync(cases, readFileSync(cases, 'utf8').replaceAll('versions: ["2017-04-28"]', `versions: ["2017-04-28", "${effective}"]`));
    const future = jobplan('policy', 'ratify', file, '--date', `${now.getFullYear() + 1}-03-15`);
    expect(future.status).toBe(2);
    expect(future.stderr).toContain(`is in the future: give the day the version was ratified (today, ${today}, or earlier); it takes effect on its effective_from (${effective}), which may be later`);
    const ok = jobplan('policy', 'ratify', file);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`ratified on ${today}`);
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`status: ratified\nratified: "${today}"`));
  });

  it('policy check counts every error: an edited ratified file is not "ok"', () => {
    const file = join(dir, 'cpft-job-planning', '2017-04-28.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('value: 28, unit: days', 'value: 30, unit: days'));
    const check = jobplan('policy', 'check', dir);
    expect(check.status).toBe(2);
    expect(check.stdout).toMatch(/4 policy files checked: 3 ok, 1 with errors; 1 error, 0 warnings\./);
    expect(check.stdout).not.toMatch(/ok {2}\S*2017-04-28\.yaml/);
  });

  it('a ratified file edited afterwards is an error everywhere it is loaded', () => {
    const file = join(dir, 'cpft-job-planning', '2017-04-28.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('value: 28, unit: days', 'value: 30, unit: days'));
    const check = jobplan('policy', 'check', dir);
    expect(check.status).toBe(2);
    expect(check.stdout).toMatch(/policy_lock_mismatch: .*2017-04-28\.yaml was changed after cpft-job-planning@2017-04-28 was ratified/);
    const validate = jobplan('validate', 'examples/consultant-compliant.xlsx', '--policies', dir);
    expect(validate.status).toBe(2);
    expect(validate.stdout).toMatch(/policy_lock_mismatch/);
  });

  it('two ratified versions taking effect on the same day are an error', () => {
    const text = readFileSync(join(dir, 'cpft-job-planning', '2017-04-28.yaml'), 'utf8').replace('version: "2017-04-28"', 'version: "2017-04-28b"');
    writeFileSync(join(dir, 'cpft-job-planning', 'copy.yaml'), text);
    const r = jobplan('policy', 'check', dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/policy_version_overlap: cpft-job-planning@2017-04-28 and cpft-job-planning@2017-04-28b both take effect on 2017-04-28/);
  });

  it('which says which version was in force on a date, with its window, status and hash', () => {
    const r = jobplan('policy', 'which', '--date', '2018-03-01', '--policy', 'cpft-job-planning', '--policies', dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/cpft-job-planning on 2018-03-01: version 2017-04-28\n {2}in force from 2017-04-28 \(ratified\); ratified 2017-04-27; review by 2018-08-01/);
    expect(r.stdout).toMatch(/sha256 [0-9a-f]{64}/);
    const before = jobplan('policy', 'which', '--date', '2016-01-01', '--policies', dir);
    expect(before.status).toBe(1);
    expect(before.stdout).toMatch(/no version in force \('cpft-job-planning' first took effect on 2017-04-28, after 2016-01-01\)/);
  });
});

describe('policy test coverage', () => {
  it('lists, per rule, the cases that fire it and keep it quiet', () => {
    const r = jobplan('policy', 'test', '--coverage', dir);
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/Coverage of cpft-job-planning@2017-04-28 \(ratified\)/);
    expect(r.stdout).toMatch(/ok +signoff\.within-deadline +fires in \d+, quiet in \d+/);
  });

  it('a ratified rule with no case that fires it fails the run', () => {
    const base = mkdtempSync(join(tmpdir(), 'jobplan-cov-'));
    onTestFinished(() => rmSync(base, { recursive: true, force: true }));
    const own = join(base, 'policies');
    mkdirSync(join(own, 'demo', 'tests'), { recursive: true });
    writeFileSync(join(own, 'demo', '2020-01-01.yaml'), readFileSync(join(root, 'test', 'fixtures', 'invalid-policies', 'policy_unused_parameter.yaml'), 'utf8').replace('policy: fixture', 'policy: demo').replace(/\n {2}spare: .*\n/, '\n'));
    writeFileSync(join(own, 'demo', 'tests', 'only-quiet.yaml'), 'policy: demo\ncases:\n  - name: on time\n    plan: { meeting_date: "2020-06-01", signed_manager_date: "2020-06-02" }\n    expect: { quiet: [signoff.late] }\n');
    const r = jobplan('policy', 'test', '--coverage', own);
    expect(r.stdout).toMatch(/GAP signoff\.late +fires in 0, quiet in 1\n +no case makes it fire/);
    expect(r.status).toBe(1);
  });
});
