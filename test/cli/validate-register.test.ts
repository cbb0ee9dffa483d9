/**
 * `jobplan validate` on a register workbook (run `npm run build` first): one plan per row, every finding pointing at
 * cells of its own row, and the example register's deliberate problems found.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AHP_REGISTER_PROBLEMS, CPFT_REGISTER_PROBLEMS } from '../../scripts/generate-examples.js';
import type { EvaluationReport } from '../../src-engine/report/report.js';
import { jobplan } from './run-cli.js';

interface RunResult {
  readonly status: number | null;
  readonly report: EvaluationReport;
}

function validate(file: string, ...args: string[]): RunResult {
  const r = jobplan('validate', file, '--today', '2026-11-23', '--format', 'json', ...args);
  if (r.stdout.trim() === '') throw new Error(`no JSON output (exit ${r.status}): ${r.stderr}`);
  return { status: r.status, report: JSON.parse(r.stdout) as EvaluationReport };
}

/** Sheet and row of an A1 reference or range (`Register!F12`, `Register!A12:AF12`). */
function rowsOf(cell: { sheet: string; cell: string }): { sheet: string; rows: number[] } {
  return { sheet: cell.sheet, rows: [...cell.cell.matchAll(/[A-Z]+(\d+)/g)].map((m) => Number(m[1])) };
}

function firing(report: EvaluationReport, ruleId: string): string[] {
  return report.plans.filter((p) => p.findings.some((f) => f.ruleId === ruleId)).map((p) => p.ref);
}

describe('jobplan validate <register.xlsx>', () => {
  const cpft = validate('examples/register-cpft-2026.xlsx');

  it('reads the register map by itself and checks one plan per row', () => {
    expect(cpft.report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(cpft.report.plans).toHaveLength(60);
    expect(cpft.report.plans.map((p) => p.ref)).toEqual(Array.from({ length: 60 }, (_, i) => `JP-2026-${String(i + 1).padStart(3, '0')}`));
    expect(new Set(cpft.report.plans.map((p) => p.source))).toEqual(new Set(['examples/register-cpft-2026.xlsx']));
    expect(cpft.report.plans.every((p) => p.policies.some((a) => a.id === 'cpft-job-planning'))).toBe(true);
    expect([0, 1]).toContain(cpft.status);
  });

  it('points every finding at cells of its own row on the Register sheet', () => {
    let findings = 0;
    cpft.report.plans.forEach((plan, index) => {
      const row = index + 3; // title in row 1, header in row 2
      for (const finding of plan.findings) {
        findings += 1;
        expect(finding.cells.length, `${plan.ref} ${finding.ruleId} has no cells`).toBeGreaterThan(0);
        for (const cell of finding.cells) {
          expect(cell.cell).toMatch(/^[A-Z]+\d+(:[A-Z]+\d+)?$/);
          const where = rowsOf(cell);
          expect(where.sheet).toBe('Register');
          expect(new Set(where.rows), `${plan.ref} ${finding.ruleId} at ${cell.cell}`).toEqual(new Set([row]));
        }
      }
    });
    const counted = cpft.report.summary.findings;
    expect(findings).toBe(counted.error + counted.warning + counted.info);
    expect(findings).toBeGreaterThan(5);
    // A row cannot hold objectives or statements: rules about them stay quiet rather than fire on every row.
    const rowBlind = cpft.report.plans.flatMap((p) => p.findings).filter((f) => /^(objectives|private-practice|external-duties)\./.test(f.ruleId));
    expect(rowBlind.map((f) => `${f.planRef} ${f.ruleId}`)).toEqual([]);
    const late = cpft.report.plans.find((p) => p.ref === 'JP-2026-011')!;
    const signoff = late.findings.find((f) => f.ruleId === 'signoff.within-deadline')!;
    // Meeting, practitioner and manager signature columns of row 13.
    expect(signoff.cells.map((c) => c.cell).sort()).toEqual(['P13', 'Q13', 'R13']);
  });

  it("finds the example's deliberate problems", () => {
    const report = cpft.report;
    const problems = CPFT_REGISTER_PROBLEMS;
    expect(firing(report, 'review.annual').sort()).toEqual([...problems.reviewOverdue].sort());
    expect(firing(report, 'signoff.within-deadline').sort()).toEqual([...problems.signoffLate].sort());
    expect(firing(report, 'spa.minimum').sort()).toEqual([...problems.spaBelowMinimum].sort());
    expect(firing(report, 'dispute.referral-deadline')).toEqual(['JP-2026-045']);
    expect(firing(report, 'dispute.meeting-deadline')).toEqual(['JP-2026-059']);
    // The disputed plans are not asked for signatures.
    for (const ref of problems.disputed) expect(report.plans.find((p) => p.ref === ref)!.findings.map((f) => f.ruleId)).not.toContain('signoff.both-parties');
    // The compliant rows stay quiet on the timing and SPA rules.
    const timing = ['review.annual', 'signoff.within-deadline', 'signoff.both-parties', 'spa.minimum', 'spa.expected', 'pa.total-matches-contract', 'new-starter.interim-plan', 'oncall.recorded'];
    const deliberate = new Set<string>([...problems.reviewOverdue, ...problems.signoffLate, ...problems.spaBelowMinimum, ...problems.disputed]);
    for (const plan of report.plans.filter((p) => !deliberate.has(p.ref))) {
      expect(plan.findings.filter((f) => timing.includes(f.ruleId)).map((f) => f.ruleId), plan.ref).toEqual([]);
    }
  });

  it('reads the Agenda for Change register too, one plan per row with its row\'s cells', () => {
    const { report } = validate('examples/register-nhse-ahp-2026.xlsx');
    expect(report.plans.map((p) => p.ref)).toEqual(Array.from({ length: 40 }, (_, i) => `AHP-2026-${String(i + 1).padStart(3, '0')}`));
    report.plans.forEach((plan, index) => {
      for (const finding of plan.findings) for (const cell of finding.cells) expect(rowsOf(cell)).toEqual({ sheet: 'Register', rows: expect.arrayContaining([index + 3]) as unknown });
    });
    if (report.policies.some((p) => p.id === 'nhse-non-medical-job-planning')) {
      expect(firing(report, 'hours.match-contract').sort()).toEqual([...AHP_REGISTER_PROBLEMS.hoursNotContracted].sort());
      expect(firing(report, 'active.approved-12-months').sort()).toEqual([...AHP_REGISTER_PROBLEMS.notApprovedIn12Months].sort());
      expect(firing(report, 'consistency.template-band')).toEqual(expect.arrayContaining([...AHP_REGISTER_PROBLEMS.offTemplateWithoutNote]));
    }
  });

  it("judges each register by its own organisation's policy: CPFT's rows by CPFT's pack, Swansea Bay's by the Welsh pack", () => {
    expect(new Set(cpft.report.plans.flatMap((p) => p.policies.map((a) => a.id)))).toEqual(new Set(['cpft-job-planning']));
    expect(new Set(cpft.report.groups.map((g) => g.policy.id))).toEqual(new Set(['cpft-job-planning']));
    const wales = validate('examples/register-sbuhb-2026.xlsx').report;
    expect(new Set(wales.plans.flatMap((p) => p.policies.map((a) => a.id)))).toEqual(new Set(['wales-consultant-job-planning']));
    // Only the policy that judged it is stamped on the report: CPFT's register rules had no plan of Swansea Bay's.
    expect(wales.policies.map((p) => p.id)).toEqual(['wales-consultant-job-planning']);
    // The same deliberate problems as CPFT's register, under Swansea Bay's references.
    const sb = (refs: readonly string[]) => refs.map((r) => r.replace('JP-', 'SBUHB-')).filter((r) => wales.plans.some((p) => p.ref === r)).sort();
    expect(firing(wales, 'current.within-12-months').sort()).toEqual(sb(CPFT_REGISTER_PROBLEMS.reviewOverdue));
    // Register rules of the Welsh pack: the 90% target by service group, hotspots by specialty, paid PAs, banding.
    const groupRules = new Set(wales.groups.map((g) => g.ruleId));
    for (const id of ['register.compliance-target', 'register.compliance-hotspots', 'register.paid-pas-match', 'register.banding-consistency']) expect(groupRules, id).toContain(id);
    const target = wales.groups.find((g) => g.ruleId === 'register.compliance-target')!;
    expect(target.offenders.length).toBeGreaterThan(0);
    for (const o of target.offenders) expect(firing(wales, 'current.within-12-months')).toContain(o.ref);
  });

  it('streams JSON as the plans are judged: the same findings as a run that keeps them (for --out), one plan per line', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'jobplan-'));
    onTestFinished(() => rmSync(outDir, { recursive: true, force: true }));
    const out = join(outDir, 'findings.xlsx');
    const kept = validate('examples/register-cpft-2026.xlsx', '--out', out).report;
    const streamedText = jobplan('validate', 'examples/register-cpft-2026.xlsx', '--today', '2026-11-23', '--format', 'json').stdout;
    expect(streamedText.split('\n').filter((l) => l.startsWith('    {"ref":'))).toHaveLength(60);
    const streamed = JSON.parse(streamedText) as EvaluationReport;
    const strip = (r: EvaluationReport) => r.plans.map((p) => ({ ...p, findings: p.findings.map(({ trace: _t, ...f }) => f) }));
    expect(strip(streamed)).toEqual(strip(kept));
    expect(streamed.summary).toEqual(kept.summary);
    expect(streamed.groups.map((g) => g.message)).toEqual(kept.groups.map((g) => g.message));
    // A broken policy stops the run before any plan: the JSON is still whole, with the diagnostics.
    const broken = jobplan('validate', 'examples/register-cpft-2026.xlsx', '--format', 'json', '--policies', 'test/fixtures/invalid-policies/policy_duplicate_rule_id.yaml');
    expect(broken.status).toBe(2);
    expect((JSON.parse(broken.stdout) as EvaluationReport).diagnostics.length).toBeGreaterThan(0);
  });

  it('--map forces a map: a single plan read as a register is refused with exit 2', () => {
    const forced = validate('examples/consultant-compliant.xlsx', '--map', 'workbook-maps/register.yaml');
    expect(forced.status).toBe(2);
    expect(forced.report.plans).toEqual([]);
    expect(forced.report.diagnostics.map((d) => d.code)).toContain('workbook_not_a_register');
  });

  it('a single-plan workbook is still read with the job plan map when no map is given', () => {
    const single = validate('examples/consultant-compliant.xlsx');
    expect(single.report.plans.map((p) => p.ref)).toEqual(['JP-2026-014']);
  });
});
