/**
 * Issue 12 (Low): new-version and ratify never end in "internal error" when the file they write cannot be written
 * (a name taken by a symbolic link, a corrupt or symlinked policy lock): a message and exit 2, nothing half written.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobplan, root } from './run-cli.js';

let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'jobplan-policy-writes-')), 'policies');
  cpSync(join(root, 'policies'), dir, { recursive: true });
  rmSync(join(dir, 'cpft-job-planning', '2027-07-01.yaml'));
});
afterEach(() => rmSync(dirname(dir), { recursive: true, force: true }));

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A draft 2026-01-01 version ready to ratify (its change described, the pinned cases extended to it). */
function readyDraft(): string {
  expect(jobplan('policy', 'new-version', 'cpft-job-planning', '--effective', '2026-01-01', '--policies', dir).status).toBe(0);
  const file = join(dir, 'cpft-job-planning', '2026-01-01.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('Describe the change here before ratifying.', 'Reviewed with no change to the rules.').replace('effective_from: "2026-01-01"', 'effective_from: "2026-01-01"\nreview_by: "2027-01-01"'));
  const cases = join(dir, 'cpft-job-planning', 'tests', 'pas-and-spa.yaml');
  writeFileSync(cases, readFileSync(cases, 'utf8').replaceAll('versions: ["2017-04-28"]', 'versions: ["2017-04-28", "2026-01-01"]'));
  return file;
}

describe('policy new-version and ratify write safely', () => {
  it('new-version where the new file\'s name is a dangling symbolic link: exit 2 with a message, the link untouched', () => {
    const target = join(dir, 'cpft-job-planning', '2027-10-01.yaml');
    symlinkSync(join(dirname(dir), 'elsewhere.yaml'), target);
    const r = jobplan('policy', 'new-version', 'cpft-job-planning', '--effective', '2027-10-01', '--policies', dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot create .*2027-10-01\.yaml: .*is a symbolic link/);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(() => readFileSync(join(dirname(dir), 'elsewhere.yaml'))).toThrow();
  });

  it('ratify with a corrupt policy-lock.json: a located message, exit 2, the lock and the draft unchanged', () => {
    const file = readyDraft();
    const lockPath = join(dir, 'policy-lock.json');
    writeFileSync(lockPath, '{ "versions": { "cpft-job-planning@2017-04-28": ');
    const [lockBefore, draftBefore] = [sha(lockPath), sha(file)];
    const r = jobplan('policy', 'ratify', file, '--date', '2025-12-01');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/policy-lock\.json:1:1: policy_lock_unreadable: .*is not a valid policy lock/);
    expect(r.stderr).not.toMatch(/internal error/);
    expect([sha(lockPath), sha(file)]).toEqual([lockBefore, draftBefore]);
  });

  it('ratify through a symlinked policy-lock.json is refused before anything is written', () => {
    const file = readyDraft();
    const lockPath = join(dir, 'policy-lock.json');
    const real = join(dirname(dir), 'real-lock.json');
    cpSync(lockPath, real);
    rmSync(lockPath);
    symlinkSync(real, lockPath);
    const [lockBefore, draftBefore] = [sha(real), sha(file)];
    const r = jobplan('policy', 'ratify', file, '--date', '2025-12-01');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/was not ratified: cannot write .*policy-lock\.json: .*is a symbolic link/);
    expect([sha(real), sha(file)]).toEqual([lockBefore, draftBefore]);
  });
});
