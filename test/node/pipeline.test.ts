/**
 * The register pipeline (issue 13): plans read a file at a time, judged and let go; a register streamed as JSON is
 * judged on two threads, with the same output byte for byte as one thread; a run judges at most a bound of plans.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticRegisterRow } from '../../scripts/bench.js';
import { seededRandom } from '../../scripts/synthetic-plans.js';
import { runValidation } from '../../src-engine/cli/run-validation.js';
import { MEDICAL_REGISTER_COLUMNS, writeRegisterWorkbook } from '../../src-engine/node/write-register-workbook.js';
import { root } from '../cli/run-cli.js';

function validate(file: string, threads: boolean): { status: number | null; stdout: string } {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', JOBPLAN_THREADS: threads ? '2' : '1' };
  const r = spawnSync(process.execPath, [join(root, 'bin', 'jobplan.js'), 'validate', file, '--format', 'json', '--today', '2026-11-23'], { cwd: root, encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  // The run's own timestamp is the only difference between two runs.
  return { status: r.status, stdout: r.stdout.replace(/"evaluatedAt": "[^"]*"/, '"evaluatedAt": "…"') };
}

describe('a register judged on two threads', () => {
  let work: string;
  let register: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'jobplan-pipeline-'));
    register = join(work, 'register-4000.xlsx');
    const random = seededRandom(1234);
    // 4,000 rows: over the size (512 KB) from which validate starts a second thread, and four chunks of plans.
    await writeRegisterWorkbook((function* () {
      for (let i = 0; i < 4_000; i++) yield syntheticRegisterRow(random, i);
    })(), register, { columns: MEDICAL_REGISTER_COLUMNS, title: 'Synthetic register of 4,000 job plans', guidance: false });
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('writes the same JSON, byte for byte, as one thread', () => {
    const one = validate(register, false);
    const two = validate(register, true);
    expect(one.status).toBe(1);
    expect(two.status).toBe(one.status);
    expect(two.stdout.length).toBeGreaterThan(1_000_000);
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(two.stdout) as { plans: { ref: string }[]; summary: { plans: number } };
    expect(report.summary.plans).toBe(4_000);
    expect(report.plans.map((p) => p.ref)).toEqual(Array.from({ length: 4_000 }, (_, i) => `JP-${String(i).padStart(6, '0')}`));
  }, 180_000);
});

describe('the bound on plans per run', () => {
  it('a file that would take the run past the bound is not begun: the files before it are judged, and an error names it', async () => {
    const paths = [join(root, 'examples', 'consultant-compliant.xlsx'), join(root, 'examples', 'register-cpft-2026.xlsx')];
    const report = await runValidation({ paths, today: '2026-11-23', asOf: null, policy: null, maxPlans: 5 });
    expect(report.summary.plans).toBe(1);
    expect(report.plans.map((p) => p.source)).toEqual(['examples/consultant-compliant.xlsx']);
    const bound = report.diagnostics.filter((d) => d.code === 'input_too_many_plans');
    expect(bound).toHaveLength(1);
    expect(bound[0]!.severity).toBe('error');
    expect(bound[0]!.message).toMatch(/^examples\/register-cpft-2026\.xlsx would take this run past 5 job plans \(1 checked before it\), so it and any files after it were not checked/);
  }, 60_000);

  it('a run under the bound says nothing of it', async () => {
    const report = await runValidation({ paths: [join(root, 'examples', 'register-cpft-2026.xlsx')], today: '2026-11-23', asOf: null, policy: null });
    expect(report.diagnostics.some((d) => d.code === 'input_too_many_plans')).toBe(false);
    expect(report.summary.plans).toBeGreaterThan(5);
  }, 60_000);
});
