/**
 * Folder runs (run `npm run build` first): a plan reference found in more than one file is reported with every
 * file, and the group rules count the plan once, saying which copy they used.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../src-engine/report/report.js';
import { jobplan, root } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jobplan-duplicates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function validate(...paths: string[]): EvaluationReport {
  const r = jobplan('validate', ...paths, '--today', '2026-11-23', '--format', 'json');
  if (r.stdout.trim() === '') throw new Error(`no JSON output (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as EvaluationReport;
}

describe('a folder holding a plan twice (its own workbook and its register row)', () => {
  // consultant-compliant.xlsx is JP-2026-014, which is also a row of the CPFT register.
  copyFileSync(join(root, 'examples', 'consultant-compliant.xlsx'), join(dir, 'consultant-compliant.xlsx'));
  copyFileSync(join(root, 'examples', 'register-cpft-2026.xlsx'), join(dir, 'register-cpft-2026.xlsx'));
  const folder = validate(dir);
  const registerAlone = validate(join(dir, 'register-cpft-2026.xlsx'));
  const ref = folder.plans.find((p) => p.source.endsWith('consultant-compliant.xlsx'))!.ref;

  it('checks each copy and names both files in a warning, with the copy the group rules used', () => {
    expect(folder.plans.filter((p) => p.ref === ref).map((p) => p.source.split(/[\\/]/).pop()).sort()).toEqual(['consultant-compliant.xlsx', 'register-cpft-2026.xlsx']);
    const warning = folder.diagnostics.find((d) => d.code === 'input_duplicate_plan');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toContain(`plan ${ref} is in 2 files`);
    expect(warning?.message).toContain('consultant-compliant.xlsx');
    expect(warning?.message).toContain('register-cpft-2026.xlsx');
    expect(warning?.message).toMatch(/count it once, using the copy in \S+(consultant-compliant|register-cpft-2026)\.xlsx/);
    expect(folder.diagnostics.filter((d) => d.code === 'input_duplicate_plan')).toHaveLength(1);
  });

  it('counts the plan once in its group: every group the same size as on the register alone', () => {
    const sizes = (r: EvaluationReport): Record<string, number> => Object.fromEntries(r.groups.map((g) => [`${g.ruleId} ${g.group.label}`, g.group.plans]));
    expect(Object.keys(sizes(folder)).length).toBeGreaterThan(0);
    expect(sizes(folder)).toEqual(sizes(registerAlone));
  });

  it('counts the plan once in the committee report\'s coverage figures too', () => {
    const coverage = (...paths: string[]): unknown => {
      const r = jobplan('report', ...paths, '--today', '2026-11-23', '--format', 'json');
      const { summary } = JSON.parse(r.stdout) as { summary: { coverage: { policy: { id: string }; plans: number; count: number }[] } };
      return summary.coverage.map((c) => [c.policy.id, c.plans, c.count]);
    };
    const alone = coverage(join(dir, 'register-cpft-2026.xlsx'));
    expect(alone).not.toEqual([]);
    expect(coverage(dir)).toEqual(alone);
  });

  it('is quiet about a register read on its own', () => {
    expect(registerAlone.diagnostics.filter((d) => d.code === 'input_duplicate_plan')).toEqual([]);
  });
});
