import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { EvaluationReport } from '../../src-engine/report/report.js';
import { jobplan, root } from './run-cli.js';

const TODAY = '2026-11-23';
const POLICY_FILE = join(root, 'policies', 'cpft-job-planning', '2017-04-28.yaml');

/** What each bundled example promises in its name: exactly these rules fire. */
const EXPECTED: Record<string, string[]> = {
  'consultant-compliant': [],
  'sas-part-time-compliant': [],
  'breaks-pa-total-and-spa': ['pa.total-matches-contract', 'spa.minimum', 'spa.expected'],
  'breaks-signoff-late': ['signoff.within-deadline'],
  'breaks-signoff-missing': ['signoff.both-parties', 'signoff.within-deadline'],
  'breaks-apa-and-objectives': ['apa.time-limited', 'apa.agreed-by-amd', 'apa.contract-recorded', 'objectives.smart', 'objectives.service', 'private-practice.statement'],
  'breaks-oncall-and-sections': ['oncall.recorded', 'sections.complete', 'spa.external-study-leave'],
  'breaks-review-overdue': ['review.annual'],
  'breaks-new-starter-late': ['new-starter.interim-plan'],
  'breaks-dispute-timeline': ['dispute.referral-deadline', 'dispute.meeting-deadline', 'appeal.panel-deadline', 'appeal.recommendation-deadline', 'appeal.panel-composition'],
};

function json(args: string[]): { status: number | null; report: EvaluationReport; stderr: string } {
  const r = jobplan('validate', ...args, '--format', 'json', '--today', TODAY);
  return { status: r.status, report: JSON.parse(r.stdout) as EvaluationReport, stderr: r.stderr };
}

describe('jobplan validate on the bundled examples', () => {
  for (const [name, rules] of Object.entries(EXPECTED)) {
    it(`examples/${name}.xlsx: ${rules.length === 0 ? 'no findings' : rules.join(', ')}`, () => {
      const { status, report } = json([`examples/${name}.xlsx`]);
      const plan = report.plans[0]!;
      expect(plan.diagnostics).toEqual([]);
      expect(plan.findings.map((f) => f.ruleId).sort()).toEqual([...rules].sort());
      expect(plan.policies.map((p) => `${p.id}@${p.version}`)).toEqual(['cpft-job-planning@2017-04-28']);
      const errors = plan.findings.filter((f) => f.severity === 'error').length;
      expect(status).toBe(errors > 0 ? 1 : 0);
      for (const f of plan.findings) {
        expect(f.cells.length, `${f.ruleId} points at cells`).toBeGreaterThan(0);
        expect(f.clause).not.toBe('');
        expect(f.message).not.toMatch(/\{|\}/);
      }
    });
  }

  it('the JSON plans give the same findings and messages as their workbooks', () => {
    // One run per format (not one per file): each run starts Node and loads the policies, which on a loaded CI
    // machine took the twenty runs past the test's time limit.
    const names = Object.keys(EXPECTED);
    const findingsBySource = (files: string[]): Map<string, string[][]> =>
      new Map(json(files).report.plans.map((p) => [p.source, p.findings.map((f) => [f.ruleId, f.message])]));
    const fromXlsx = findingsBySource(names.map((n) => `examples/${n}.xlsx`));
    const fromJson = findingsBySource(names.map((n) => `examples/plans/${n}.json`));
    for (const name of names) {
      expect(fromJson.get(`examples/plans/${name}.json`), name).toEqual(fromXlsx.get(`examples/${name}.xlsx`));
      expect(fromXlsx.get(`examples/${name}.xlsx`), name).toBeDefined();
    }
  });

  it("stamps the policy's sha256, equal to sha256sum of the policy file's bytes", () => {
    const { report } = json(['examples/breaks-signoff-late.xlsx']);
    const expected = createHash('sha256').update(readFileSync(POLICY_FILE)).digest('hex');
    expect(report.policies).toEqual([expect.objectContaining({ id: 'cpft-job-planning', version: '2017-04-28', sha256: expected, effectiveFrom: '2017-04-28' })]);
    expect(report.plans[0]!.findings[0]!.policy.sha256).toBe(expected);
    expect(report).toMatchObject({ today: TODAY, asOf: null, engineVersion: expect.any(String) });
  });

  it('text output groups by plan with Sheet!A1 references, and a summary with the policy hash', () => {
    const r = jobplan('validate', 'examples/breaks-signoff-late.xlsx', 'examples/consultant-compliant.xlsx', '--today', TODAY);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/ERROR\s+signoff\.within-deadline\s+§7\.5/);
    expect(r.stdout).toMatch(/\n {10}at .*'Sign-off'!B\d+/);
    expect(r.stdout).toMatch(/no findings/);
    expect(r.stdout).toMatch(/2 plans checked: 1 clean/);
    expect(r.stdout).toMatch(/Policy cpft-job-planning@2017-04-28 \(ratified, in force from 28\/04\/2017\) sha256 [0-9a-f]{64}/);
    expect(r.stderr).toBe('');
  });

  it('validates a whole folder of plans in one run', () => {
    const { report } = json(['examples']);
    const perFile = new Map<string, number>();
    for (const p of report.plans) perFile.set(p.source, (perFile.get(p.source) ?? 0) + 1);
    // Every single-plan example once, and each register row by row.
    for (const name of Object.keys(EXPECTED)) expect(perFile.get(`examples/${name}.xlsx`), name).toBe(1);
    expect(perFile.get('examples/register-cpft-2026.xlsx')).toBeGreaterThan(20);
    // Judged together they form a register, so the group rules report on it too.
    expect(report.groups.length).toBeGreaterThan(0);
    // The one-plan-per-sheet workbook: its five plans, and a note that its contents sheet was skipped.
    expect(perFile.get('examples/job-plans-by-sheet.xlsx')).toBe(5);
    expect(report.diagnostics.filter((d) => d.code !== 'input_duplicate_plan').map((d) => d.code).sort()).toEqual(['workbook_not_a_job_plan', 'workbook_sheets_skipped']);
    // A plan in several files (its workbook, the by-sheet workbook, the register row) is named once, with its files.
    const files = new Map<string, Set<string>>();
    for (const p of report.plans) files.set(p.ref, (files.get(p.ref) ?? new Set()).add(p.source));
    const duplicated = [...files].filter(([, f]) => f.size > 1);
    expect(duplicated.length).toBeGreaterThan(0);
    expect(report.diagnostics.filter((d) => d.code === 'input_duplicate_plan').map((d) => /plan (\S+) is in/.exec(d.message)?.[1]).sort()).toEqual(duplicated.map(([ref]) => ref).sort());
  });

  it('--out writes a new findings workbook and leaves the input untouched', async () => {
    const input = join(root, 'examples', 'breaks-apa-and-objectives.xlsx');
    const before = readFileSync(input);
    const mtime = statSync(input).mtimeMs;
    const outDir = mkdtempSync(join(tmpdir(), 'jobplan-'));
    onTestFinished(() => rmSync(outDir, { recursive: true, force: true }));
    const out = join(outDir, 'findings.xlsx');
    const r = jobplan('validate', input, '--today', TODAY, '--out', out);
    expect(r.status).toBe(1);
    expect(readFileSync(input).equals(before)).toBe(true);
    expect(statSync(input).mtimeMs).toBe(mtime);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Findings', 'Plans', 'Policies']);
    const rules = wb.getWorksheet('Findings')!.getColumn(4).values.slice(5);
    expect(rules).toHaveLength(6);
    expect(String(wb.getWorksheet('Findings')!.getCell('A2').value)).toMatch(/cpft-job-planning@2017-04-28 sha256 [0-9a-f]{64}/);
    // dates for people: DD/MM/YYYY in the heading, real dates shown dd/mm/yyyy in the cells
    expect(String(wb.getWorksheet('Findings')!.getCell('A1').value)).toContain('validated 23/11/2026');
    const policies = wb.getWorksheet('Policies')!;
    const today = policies.getColumn(1).values.indexOf('Today');
    expect(policies.getCell(today, 2).value).toEqual(new Date(Date.UTC(2026, 10, 23)));
    expect(policies.getCell(today, 2).numFmt).toBe('dd/mm/yyyy');
    expect(policies.getCell(2, 4).value).toEqual(new Date(Date.UTC(2017, 3, 28)));
    expect(wb.getWorksheet('Plans')!.getCell(2, 3).numFmt).toBe('dd/mm/yyyy');
  });

  it('refuses to write the report over one of its inputs', () => {
    const r = jobplan('validate', 'examples/breaks-signoff-late.xlsx', '--out', 'examples/breaks-signoff-late.xlsx');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/never writes over your workbook/);
  });

  it('a workbook that is not a job plan is exit 2 with a message saying what was expected', () => {
    const r = jobplan('validate', 'examples/not-a-job-plan.xlsx', '--today', TODAY);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/examples\/not-a-job-plan\.xlsx:1:1: workbook_not_a_job_plan: this does not look like a job plan workbook: .* it has 'Budget'/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a file that is not a workbook at all is exit 2, not a stack trace', () => {
    const r = jobplan('validate', 'README.md', '--today', TODAY);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/input_unsupported|workbook_not_xlsx/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--as-of chooses the policy version by that date; a plan dated before the first version is judged by it with a notice (exit from the findings, not 2)', () => {
    expect(json(['examples/consultant-compliant.xlsx', '--as-of', '2018-01-01']).report.plans[0]!.policies[0]!.version).toBe('2017-04-28');
    for (const extra of [[], ['--policy', 'cpft-job-planning']]) {
      const early = json(['examples/consultant-compliant.xlsx', '--as-of', '2016-01-01', ...extra]);
      expect(early.status).toBe(0);
      expect(early.report.plans[0]!.policies.map((p) => p.version)).toEqual(['2017-04-28']);
      expect(early.report.plans[0]!.diagnostics.map((d) => d.code)).toEqual(['plan_predates_policy']);
      expect(early.report.plans[0]!.diagnostics[0]!.message).toContain("predates the policy's first version, 28/04/2017");
    }
  });

  it('an illustrative version is chosen by date only with --illustrative, and says so', () => {
    const real = json(['examples/breaks-pa-total-and-spa.xlsx']).report;
    expect(real.plans[0]!.policies.map((p) => p.version)).toEqual(['2017-04-28']);
    expect(real.plans[0]!.findings.map((f) => f.ruleId)).toContain('spa.minimum');
    const illustrative = json(['examples/breaks-pa-total-and-spa.xlsx', '--illustrative']).report;
    expect(illustrative.plans[0]!.policies.map((p) => p.version)).toEqual(['2022-11-01']);
    expect(illustrative.plans[0]!.policies[0]!.reason).toMatch(/ILLUSTRATIVE/);
    expect(illustrative.policies[0]).toMatchObject({ version: '2022-11-01', illustrative: true });
    // SPA 1.0 meets the illustrative 1 PA minimum, but still differs from the 2.5 norm.
    expect(illustrative.plans[0]!.findings.map((f) => f.ruleId)).not.toContain('spa.minimum');
    expect(illustrative.plans[0]!.findings.map((f) => f.ruleId)).toContain('spa.expected');
    const text = jobplan('validate', 'examples/breaks-pa-total-and-spa.xlsx', '--illustrative', '--today', TODAY).stdout;
    expect(text).toMatch(/Policy cpft-job-planning@2022-11-01 \(ratified, illustrative, in force from 01\/11\/2022\)/);
  });

  it('bad arguments are exit 2 with the usage, never a stack trace', () => {
    for (const args of [['--today', '23/11/2026'], ['--format', 'xml'], ['--bogus'], ['--policy', 'Not A Policy']]) {
      const r = jobplan('validate', 'examples/consultant-compliant.xlsx', ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^jobplan: .*\n[\s\S]*Usage: jobplan validate/);
    }
    expect(jobplan('validate').status).toBe(2);
    expect(jobplan('frobnicate').stderr).toMatch(/unknown command 'frobnicate'/);
  });
});
