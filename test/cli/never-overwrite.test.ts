/**
 * Issue 12 item 1: an output is never one of the inputs, by any name (a symbolic link, a hard link, a file inside an
 * input folder), and every writer replaces its target atomically, so a failed write leaves the old file whole.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputProblem, writeFileAtomic, writeFileAtomicSync } from '../../src-engine/node/safe-write.js';
import { jobplan, root } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jobplan-never-overwrite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const PLAN = join(root, 'examples', 'breaks-signoff-late.xlsx');
const TODAY = '2026-11-23';

/** A fresh copy of the example plan in its own folder. */
function planIn(name: string): { folder: string; plan: string } {
  const folder = join(dir, name);
  mkdirSync(folder);
  const plan = join(folder, 'a.xlsx');
  copyFileSync(PLAN, plan);
  return { folder, plan };
}

describe('an output is never an input', () => {
  it('validate --out a symbolic link to the input: exit 2, the input unchanged', () => {
    const { folder, plan } = planIn('symlink');
    const link = join(folder, 'link-to-a.xlsx');
    symlinkSync(plan, link);
    const before = sha(plan);
    const r = jobplan('validate', plan, '--out', link, '--today', TODAY);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out .*link-to-a\.xlsx is a symbolic link/);
    expect(r.stdout).not.toMatch(/Findings written/);
    expect(sha(plan)).toBe(before);
  });

  it('validate --out a hard link to the input: exit 2, the input unchanged', () => {
    const { folder, plan } = planIn('hardlink');
    const link = join(folder, 'other-name.xlsx');
    linkSync(plan, link);
    const before = sha(plan);
    const r = jobplan('validate', plan, '--out', link, '--today', TODAY);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out .*other-name\.xlsx is a hard link to the input .*a\.xlsx; jobplan never writes over your workbook/);
    expect(sha(plan)).toBe(before);
  });

  it('validate plans/ --out plans/a.xlsx: exit 2, the input unchanged', () => {
    const { folder, plan } = planIn('validate-folder');
    const before = sha(plan);
    const r = jobplan('validate', folder, '--out', plan, '--today', TODAY);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out .*a\.xlsx is the input .*a\.xlsx; jobplan never writes over your workbook/);
    expect(sha(plan)).toBe(before);
  });

  it('report plans/ --out plans/a.xlsx (and a report.html that links to it): exit 2, the input unchanged', () => {
    const { folder, plan } = planIn('report-folder');
    const before = sha(plan);
    const r = jobplan('report', folder, '--out', plan, '--today', TODAY);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out .*a\.xlsx is the input .*a\.xlsx; jobplan never writes over your workbook/);
    expect(sha(plan)).toBe(before);
    const html = join(dir, 'report-link.html');
    symlinkSync(plan, html);
    const h = jobplan('report', folder, '--out', html, '--today', TODAY);
    expect(h.status).toBe(2);
    expect(h.stderr).toMatch(/is a symbolic link/);
    expect(sha(plan)).toBe(before);
  });

  it('map suggest --out a hard link to the workbook, even with --force: exit 2, the workbook unchanged', () => {
    const { folder, plan } = planIn('map-suggest');
    const link = join(folder, 'map.yaml');
    linkSync(plan, link);
    const before = sha(plan);
    const r = jobplan('map', 'suggest', plan, '--out', link, '--force');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is a hard link to the input/);
    expect(sha(plan)).toBe(before);
  });

  it('outputProblem: a new file beside the inputs is fine; the same output named twice is not', () => {
    const { folder, plan } = planIn('unit');
    expect(outputProblem([{ option: '--out', path: join(folder, 'findings.xlsx') }], [plan])).toBeNull();
    expect(outputProblem([{ option: '--out', path: join(folder, 'r.html') }, { option: '--out', path: join(folder, '.', 'r.html') }], [plan])).toMatch(/named twice/);
  });
});

describe('a write that fails leaves the old file whole', () => {
  it('a writer that fails midway: the old file is unchanged and no temporary file is left', async () => {
    const folder = join(dir, 'midway');
    mkdirSync(folder);
    const target = join(folder, 'findings.xlsx');
    writeFileSync(target, 'the old findings');
    await expect(writeFileAtomic(target, (partial) => {
      writeFileSync(partial, 'half a wor');
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    })).rejects.toThrow(/no space/);
    expect(readFileSync(target, 'utf8')).toBe('the old findings');
    expect(readdirSync(folder)).toEqual(['findings.xlsx']);
  });

  it('a rename that fails (the target is a folder): the folder and its contents are untouched', () => {
    const folder = join(dir, 'rename');
    mkdirSync(join(folder, 'report.html'), { recursive: true });
    writeFileSync(join(folder, 'report.html', 'keep.txt'), 'kept');
    expect(() => writeFileAtomicSync(join(folder, 'report.html'), '<html>')).toThrow();
    expect(readFileSync(join(folder, 'report.html', 'keep.txt'), 'utf8')).toBe('kept');
    expect(readdirSync(folder)).toEqual(['report.html']);
  });

  it('an exclusive write (policy new-version) never replaces an existing file, and leaves no temporary file', () => {
    const folder = join(dir, 'exclusive');
    mkdirSync(folder);
    const target = join(folder, '2027-10-01.yaml');
    writeFileSync(target, 'the author\'s draft');
    expect(() => writeFileAtomicSync(target, 'a new copy', { exclusive: true })).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(readFileSync(target, 'utf8')).toBe('the author\'s draft');
    writeFileAtomicSync(join(folder, 'new.yaml'), 'new', { exclusive: true });
    expect(readdirSync(folder).sort()).toEqual(['2027-10-01.yaml', 'new.yaml']);
  });

  it('report --out report.html where a folder has that name: exit 2 with a message, nothing left behind', () => {
    const { folder } = planIn('report-dir-target');
    const out = join(dir, 'report-dir-target-out');
    mkdirSync(join(out, 'report.html'), { recursive: true });
    const r = jobplan('report', folder, '--out', join(out, 'report.html'), '--today', TODAY);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/could not write .*report\.html: /);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(readdirSync(out)).toEqual(['report.html']);
  });

  it('validate --out over an existing findings workbook replaces it whole (a new file, not written in place)', () => {
    const { folder, plan } = planIn('replace');
    const out = join(folder, 'findings.xlsx');
    const keep = join(dir, 'replace-old-findings.xlsx');
    writeFileSync(out, 'old');
    linkSync(out, keep); // a second name for the old file: written in place, it would change too
    const r = jobplan('validate', plan, '--out', out, '--today', TODAY);
    expect(r.status).toBe(1);
    expect(readFileSync(keep, 'utf8')).toBe('old');
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });
});
