/**
 * The text report made a plan at a time (TextReport, as `validate` writes a register) against the whole report
 * (formatReportText): the same text, with clean plans counted rather than listed past twenty and the table by rule
 * counting distinct plans.
 */
import { describe, expect, it } from 'vitest';
import { formatReportText, TextReport } from '../../src-engine/report/format-text.js';
import type { EvaluationReport, Finding, PlanResult } from '../../src-engine/report/report.js';

const applied = [{ id: 'demo', version: '2026-01-01', reason: 'in force from 2026-01-01 (ratified)' }];

function finding(ruleId: string, planRef: string, severity: Finding['severity'] = 'error'): Finding {
  return {
    ruleId, title: `Title of ${ruleId}`, severity, message: `${ruleId} fired on ${planRef}`, clause: '7.1',
    policy: { id: 'demo', version: '2026-01-01', sha256: 'a'.repeat(64) }, planRef, cells: [{ sheet: 'Register', cell: 'B2' }], values: {}, params: {},
  };
}

function plan(ref: string, findings: Finding[], extra: Partial<PlanResult> = {}): PlanResult {
  return { ref, practitioner: `Name ${ref}`, source: 'register.xlsx', referenceDate: '2026-04-01', policies: applied, findings, diagnostics: [], ...extra };
}

function report(plans: PlanResult[]): EvaluationReport {
  const findings = plans.flatMap((p) => p.findings);
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  return {
    engineVersion: '0.1.0', evaluatedAt: '2026-12-06T00:00:00.000Z', asOf: null, today: '2026-11-23', policies: [], plans, groups: [], diagnostics: [],
    summary: { plans: plans.length, findings: { error: count('error'), warning: count('warning'), info: count('info') }, groupFindings: { error: 0, warning: 0, info: 0 }, diagnostics: { error: 0, warning: 0, info: 0 } },
  };
}

/** As validate writes it: each plan handed over as judged, then the run's report, which keeps no plans. */
function streamed(whole: EvaluationReport, summaryOnly = false): string {
  const text = new TextReport(undefined, { summaryOnly });
  for (const p of whole.plans) text.addPlan(p);
  return [...text.chunks({ ...whole, plans: [] })].join('');
}

describe('the text report, plan by plan', () => {
  // 25 plans: clean ones before and after the twentieth, one clean plan with a reading warning (always listed).
  const plans = Array.from({ length: 25 }, (_, i) => {
    const ref = `JP-${String(i).padStart(3, '0')}`;
    if ([2, 10, 22, 24].includes(i)) return plan(ref, []);
    if (i === 23) return plan(ref, [], { diagnostics: [{ code: 'cell_unreadable', severity: 'warning', message: 'a cell could not be read' }] });
    return plan(ref, [finding('spa.minimum', ref), ...(i % 3 === 0 ? [finding('signoff.within-deadline', ref, 'warning')] : [])]);
  });

  it('a register of more than twenty plans counts its clean plans, wherever they come, and lists the rest', () => {
    const text = streamed(report(plans));
    expect(text).toContain('4 more plans with no findings (not listed)');
    for (const clean of ['JP-002', 'JP-010', 'JP-022', 'JP-024']) expect(text).not.toContain(`${clean} · `);
    expect(text).toContain('JP-023 · Name JP-023');
    expect(text).toContain('25 plans checked: 5 clean, 20 with findings');
    expect(text).toBe(formatReportText(report(plans)));
  });

  it('twenty plans or fewer: every plan is listed, the clean ones saying so', () => {
    const few = plans.slice(0, 12);
    const text = streamed(report(few));
    expect(text).toContain('JP-002 · Name JP-002');
    expect(text).toContain('no findings');
    expect(text).not.toContain('not listed');
    expect(text).toBe(formatReportText(report(few)));
  });

  it('the table by rule counts distinct plans (a plan found in two files once) and names the first few', () => {
    const twice = [...plans, plan('JP-000', [finding('spa.minimum', 'JP-000')], { practitioner: 'Renamed', source: 'other.xlsx' })];
    const text = streamed(report(twice), true);
    const row = text.split('\n').find((l) => l.includes('spa.minimum'))!;
    expect(row).toMatch(/ERROR\s+20\s+spa\.minimum/);
    // The last plan with a reference names it, as a lookup of every plan would.
    expect(text).toContain('JP-000 (Renamed); JP-001 (Name JP-001); JP-003 (Name JP-003) and 17 more');
    expect(text).toBe(formatReportText(report(twice), undefined, { summaryOnly: true }));
  });

  it('control characters from the files are escaped in the plan blocks and the table', () => {
    const hostile = [plan('JP-\u001b[8mX', [finding('spa.minimum', 'JP-\u001b[8mX')]), ...plans.slice(0, 5)];
    const text = streamed(report(hostile));
    expect(text).not.toContain('\u001b');
    expect(text).toContain('JP-\\u001b[8mX');
  });
});
