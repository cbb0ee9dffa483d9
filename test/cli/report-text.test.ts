/**
 * A register reads as a register (run `npm run build` first): `validate` on many plans leads with a table by rule
 * (severity, plans affected, rule, title, the first few plans with their practitioners), then each plan's detail;
 * `--summary` prints the table alone. Expected rows are computed from the same run's JSON findings.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { EvaluationReport } from '../../src-engine/report/report.js';
import { jobplan } from './run-cli.js';

const REGISTER = 'examples/register-sbuhb-2026.xlsx';
const run = (...args: string[]) => jobplan('validate', REGISTER, '--today', '2026-11-23', ...args);
const report = JSON.parse(run('--format', 'json').stdout) as EvaluationReport;
const full = run().stdout;
const summary = run('--summary').stdout;
const LABEL = { error: 'ERROR', warning: 'WARNING', info: 'INFO' } as const;

/** Per rule: severity, distinct plans in report order, title. */
function expectedRows(): { id: string; label: string; title: string; plans: string[] }[] {
  const rows = new Map<string, { id: string; label: string; title: string; plans: string[] }>();
  for (const plan of report.plans) for (const f of plan.findings) {
    // A rule not judged is its own row, labelled so, never among the plans it found wanting.
    const key = `${f.ruleId}|${f.notJudged ? 'not judged' : ''}`;
    const r = rows.get(key) ?? { id: f.ruleId, label: f.notJudged ? 'NOT JUDGED' : LABEL[f.severity], title: f.title, plans: [] };
    if (!r.plans.includes(plan.ref)) r.plans.push(plan.ref);
    rows.set(key, r);
  }
  return [...rows.values()];
}

describe('validate on a register: the findings by rule first', () => {
  const rows = expectedRows();

  it('has one line per rule: severity, plans affected, rule and title, then the first three plans with their practitioners', () => {
    expect(rows.length).toBeGreaterThan(1);
    const lines = summary.split('\n');
    for (const r of rows) {
      const at = lines.findIndex((l) => new RegExp(`^  ${r.label}\\s+${r.plans.length}  ${r.id.replace(/\./g, '\\.')}\\s+${r.title.replace(/[()]/g, '.')}$`).test(l));
      expect(at, r.id).toBeGreaterThan(0);
      const named = r.plans.slice(0, 3).map((ref) => {
        const who = report.plans.find((p) => p.ref === ref)!.practitioner;
        return who ? `${ref} (${who})` : ref;
      }).join('; ');
      expect(lines[at + 1]!.trim()).toBe(named + (r.plans.length > 3 ? ` and ${r.plans.length - 3} more` : ''));
    }
    // errors first, then warnings, then info
    const order = lines.filter((l) => /^ {2}(ERROR|WARNING|INFO)\s+\d+ {2}[a-z]/.test(l) && !l.includes('register.')).map((l) => l.trim().split(/\s+/)[0]);
    expect(order).toEqual([...order].sort((a, b) => ['ERROR', 'WARNING', 'INFO'].indexOf(a!) - ['ERROR', 'WARNING', 'INFO'].indexOf(b!)));
  });

  it('lists the register rules by the groups they found', () => {
    for (const g of report.groups) expect(summary).toContain(g.ruleId);
    expect(summary).toMatch(/Severity\s+Groups\s+Register rule/);
  });

  it('--summary prints the table alone; without it each plan follows the table', () => {
    expect(summary).not.toContain('judged by');
    for (const p of report.plans) expect(summary).not.toContain(`${p.ref} · `);
    expect(full.indexOf('Findings by rule')).toBeGreaterThanOrEqual(0);
    const firstPlan = full.indexOf(`\n${report.plans.find((p) => p.findings.length > 0)!.ref}`);
    expect(firstPlan).toBeGreaterThan(full.indexOf('Findings by rule'));
    expect(full).toContain('judged by');
    expect(summary.length).toBeLessThan(full.length / 3);
  });

  it('ends with the totals and the policy stamp, dates as DD/MM/YYYY', () => {
    const withFindings = report.plans.filter((p) => p.findings.length > 0).length;
    expect(summary).toContain(`39 plans checked: ${report.plans.length - withFindings} clean, ${withFindings} with findings (`);
    expect(summary).toMatch(/in force from 01\/04\/2025\) sha256 [0-9a-f]{64}/);
    expect(summary).toMatch(/today 23\/11\/2026$/m);
    expect(summary.replace(/@20\d\d-\d\d-\d\d/g, '@version')).not.toMatch(/\b20\d\d-\d\d-\d\d\b/); // a version id is a name, not a date
  });
});

describe('validate on one plan', () => {
  it('has no table by rule', () => {
    const one = jobplan('validate', 'examples/breaks-signoff-late.xlsx', '--today', '2026-11-23').stdout;
    expect(one).not.toContain('Findings by rule');
    expect(one).toContain('signoff.within-deadline');
  });
});

describe('rules not judged in the table', () => {
  it('a register with no sign-off columns: its sign-off rules are a NOT JUDGED row, never warnings against every plan', () => {
    const text = jobplan('validate', 'test/fixtures/trust-layouts-blind/tracker-wrapped-headers.xlsx', '--today', '2026-11-23', '--summary').stdout;
    expect(text).toMatch(/^ {2}NOT JUDGED +14 {2}signoff\.both-parties /m);
    expect(text).not.toMatch(/^ {2}(ERROR|WARNING) +\d+ {2}signoff\.both-parties /m);
  });

  it('the committee report marks them "Not judged" too, in their own row', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobplan-not-judged-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const html = join(dir, 'report.html');
    jobplan('report', 'test/fixtures/trust-layouts-blind/tracker-wrapped-headers.xlsx', '--today', '2026-11-23', '--out', html);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/<code>signoff\.both-parties<\/code>[^]*?<span class="sev sev-not-judged">Not judged<\/span><\/td><td class="num">14<\/td>/);
    expect(page).not.toMatch(/<code>signoff\.both-parties<\/code>[^<]*<span[^>]*>[^<]*<\/span><\/th><td>[^<]*<\/td><td><span class="sev sev-warning">/);
  });
});
