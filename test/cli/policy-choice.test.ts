/**
 * Issue 10's cases from the command line: which policy applies (the shipped config), a plan older than its policy,
 * and a rule that a missing fact leaves undecided (validate and explain).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../src-engine/report/report.js';
import { jobplan, root } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jobplan-choice-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function example(name: string, change: (plan: Record<string, unknown>) => void): string {
  const plan = JSON.parse(readFileSync(join(root, 'examples', 'plans', `${name}.json`), 'utf8')) as Record<string, unknown>;
  change(plan);
  const path = join(dir, `${name}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(plan));
  return path;
}

function validate(...args: string[]): { status: number | null; report: EvaluationReport } {
  const r = jobplan('validate', ...args, '--format', 'json', '--today', '2026-11-23');
  return { status: r.status, report: JSON.parse(r.stdout) as EvaluationReport };
}

describe('which policy applies, from the command line', () => {
  it('a consultant workbook recording no organisation or staff group: judged by the medical default (CPFT), not the Agenda for Change pack', () => {
    const path = example('consultant-compliant', (p) => {
      delete p['organisation'];
      delete p['staff_group'];
    });
    const { status, report } = validate(path);
    expect(status).toBe(0);
    expect(report.plans[0]!.policies.map((p) => p.id)).toEqual(['cpft-job-planning']);
    expect(report.policies.map((p) => p.id)).toEqual(['cpft-job-planning']);
  });

  it('an English Trust\'s consultant plan with a grade and no pack of its own: not judged (an error: exit 2), never by the Welsh pack', () => {
    const path = example('consultant-compliant', (p) => {
      p['organisation'] = 'Northfield Community Health NHS Trust';
    });
    const { status, report } = validate(path);
    expect(status).toBe(2);
    expect(report.plans[0]!.diagnostics.map((d) => d.severity)).toEqual(['error']);
    expect(report.plans[0]!.policies).toEqual([]);
    expect(report.plans[0]!.diagnostics.map((d) => d.message).join('\n')).toContain('not judged: choose a policy (--policy or the config)');
    expect(report.policies).toEqual([]);
  });

  it('an e-job-planning export of a Trust\'s consultants is judged by that Trust\'s pack alone: no Welsh target, no AHP roll-up', () => {
    const { report } = validate('examples/trusts/ejp-export-register.csv');
    expect(report.policies.map((p) => p.id)).toEqual(['cpft-job-planning']);
    expect(report.groups.map((g) => g.policy.id).every((id) => id === 'cpft-job-planning')).toBe(true);
    expect(report.plans.every((p) => p.policies.every((x) => x.id === 'cpft-job-planning'))).toBe(true);
  });

  it('Swansea Bay plans of 2024 (before the pack\'s first version, 01/04/2025): judged by that version with a notice on each plan; exit from the findings, not 2', () => {
    const path = example('wales-consultant-breaks-banding', (p) => {
      for (const [k, v] of Object.entries(p)) if (typeof v === 'string' && /^202[56]-/.test(v)) p[k] = v.replace(/^2026-/, '2024-').replace(/^2025-/, '2023-');
    });
    const { status, report } = validate(path);
    expect(status).toBe(1);
    expect(report.summary.diagnostics.error).toBe(0);
    expect(report.plans[0]!.policies.map((p) => `${p.id}@${p.version}`)).toEqual(['wales-consultant-job-planning@2025-04-01']);
    expect(report.plans[0]!.diagnostics.map((d) => d.code)).toEqual(['plan_predates_policy']);
    expect(report.plans[0]!.diagnostics[0]!.message).toContain("predates the policy's first version, 01/04/2025");
  });
});

describe('unknown is not compliant, from the command line', () => {
  const blankType = () => example('breaks-new-starter-late', (p) => {
    delete p['plan_kind'];
  });

  it('validate: an interim plan agreed seven weeks after the start, plan type blank, says "not judged: plan type not recorded"', () => {
    const { report } = validate(blankType());
    const f = report.plans[0]!.findings.find((x) => x.ruleId === 'new-starter.interim-plan')!;
    expect(f.severity).toBe('warning');
    expect(f.notJudged).toEqual({ reasons: ['plan type not recorded'] });
    expect(f.message).toMatch(/^Not judged: plan type not recorded\./);
  });

  it('explain says the rule could not be judged and names the missing field', () => {
    const r = jobplan('explain', blankType(), '--rule', 'new-starter.interim-plan', '--today', '2026-11-23');
    expect(r.stdout).toContain('Result: the rule could not be judged: plan type not recorded');
    expect(r.stdout).not.toContain('the rule is quiet (the plan meets it)');
  });

  it('the CPFT draft reads the blank type from the start in post (meeting 49 days after it) and fires', () => {
    const { report } = validate(blankType(), '--policy', 'cpft-job-planning@2027-07-01');
    const f = report.plans[0]!.findings.find((x) => x.ruleId === 'new-starter.interim-plan')!;
    expect(f.severity).toBe('error');
    expect(f.notJudged).toBeUndefined();
    expect(f.message).toContain('it has taken 1 month and 23 days');
  });
});
