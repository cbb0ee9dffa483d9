import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanInput } from '../../src-engine/evaluate/evaluate.js';
import { sha256Hex } from '../../src-engine/policy/hash.js';
import { policyImpact } from '../../src-engine/policy/impact.js';
import { loadPolicy } from '../../src-engine/policy/load-policy.js';
import { impactJsonText } from '../../src-engine/report/impact-json.js';
import { formatImpactText } from '../../src-engine/report/impact-text.js';
import { CSP, renderImpactHtml, renderImpactSection, renderReportHtml } from '../../src-engine/report/render-html.js';
import { evaluatePlans } from '../../src-engine/evaluate/evaluate.js';
import { summariseRegister } from '../../src-engine/report/register-summary.js';

const root = join(import.meta.dirname, '..', '..');

function policy(path: string) {
  const text = readFileSync(join(root, path), 'utf8');
  return loadPolicy({ path, text, sha256: sha256Hex(new TextEncoder().encode(text)) }).policy!;
}

const v2017 = policy('policies/cpft-job-planning/2017-04-28.yaml');
const v2022 = policy('policies/cpft-job-planning/2022-11-01.yaml');

/** Register-row plans with an SPA figure (declared), as a register gives them. */
function row(ref: string, spa: number, specialty: string | null, careGroup: string, extra: Record<string, unknown> = {}): PlanInput {
  return {
    source: 'register.xlsx', kind: 'register-row', cells: { plan_ref: { sheet: 'Register', cell: `A${ref.length}` }, declared_spa_pas: { sheet: 'Register', cell: 'H9' } },
    plan: {
      plan_ref: ref, practitioner_name: `Name of ${ref}`, organisation: 'CPFT', staff_group: 'medical', grade: 'Consultant', ...(specialty ? { specialty } : {}), care_group: careGroup,
      contracted_pas: 10, declared_dcc_pas: 10 - spa, declared_spa_pas: spa, meeting_date: '2026-05-01', ...extra,
    } as PlanInput['plan'],
  };
}

const plans = [
  row('JP-1', 1, 'Old Age Psychiatry', 'Mental Health'),
  row('JP-2', 1.25, 'Old Age Psychiatry', 'Mental Health'),
  row('JP-3', 2.5, 'Old Age Psychiatry', 'Mental Health'),
  row('JP-<script>alert(1)</script>', 1, 'Paediatrics & Child <Health>', 'Children'),
  row('JP-5', 0.5, null, 'Children'),
];

describe('the impact section "What this amendment would change"', async () => {
  const impact = await policyImpact(plans, v2017, v2022, { today: '2026-11-23', groups: 'off' });

  it('counts, the versions, the as-if-in-force note', () => {
    const html = renderImpactSection(impact);
    expect(html).toContain('<h2 id="h-impact">What this amendment would change</h2>');
    expect(html).toContain('data-from="cpft-job-planning@2017-04-28" data-to="cpft-job-planning@2022-11-01" data-changed="3" data-wording-only="1"');
    expect(html).toMatch(/data-kpi="impact-changed"><p class="label">Plans whose outcome changes<\/p><p class="value">3<\/p><p class="note">of 5 plans judged: <span data-kpi="impact-fewer">3<\/span> fewer or milder findings, <span data-kpi="impact-more">0<\/span> more or sterner</);
    expect(html).toMatch(/data-kpi="impact-goes"><p class="label">Findings that go<\/p><p class="value">3</);
    expect(html).toContain('as if in force for every plan');
    expect(html).toContain('ILLUSTRATIVE');
  });

  it('a chart by specialty: one bar per specialty with changes, widths in proportion, the full name on hover', () => {
    const html = renderImpactSection(impact);
    const rows = [...html.matchAll(/<g class="row" data-name="([^"]*)" data-changed="(\d+)" data-plans="(\d+)" data-fewer="(\d+)" data-more="(\d+)" data-other="(\d+)">.*?<rect class="bar fewer" x="0" y="[\d.]+" width="([\d.]+)" height="15" fill="#009639">/g)].map((m) => [m[1], ...m.slice(2).map(Number)]);
    // Every change here is a finding that goes: all green, fewer findings.
    expect(rows).toEqual([
      ['Old Age Psychiatry', 2, 3, 2, 0, 0, 300],
      ['Paediatrics &amp; Child &lt;Health&gt;', 1, 1, 1, 0, 0, 150],
    ]);
    expect(html).not.toContain('class="bar more"');
    expect(html).toContain('<li><span class="swatch" style="background:#DA291C"></span>more or sterner findings</li>');
    // A plan that records no specialty is in the tables as "(not recorded)" but has nothing that changes here (SPA 0.5 fails both).
    expect(html).toContain('<title id="impact-chart-title">Plans whose outcome changes, by specialty</title>');
  });

  it('by rule with the cause, by specialty and care group, the plans listed with before and after', () => {
    const html = renderImpactSection(impact);
    expect(html).toMatch(/<tr data-rule="spa\.minimum"><th scope="row"><code>spa\.minimum<\/code>.*<td class="num">3<\/td><td>3 findings go<\/td><td class="num">1<\/td><td class="msg">spa_minimum 1\.5 PA → 1 PA<\/td><\/tr>/);
    expect(html).toContain('<caption>By specialty</caption>');
    expect(html).toContain('<caption>By care group</caption>');
    expect(html).toContain('<tr data-plan="JP-1" data-kind="goes">');
    expect(html).toContain('<tr data-plan="JP-2" data-kind="goes">');
    expect(html).not.toContain('data-plan="JP-3"');
    expect(html).not.toContain('data-plan="JP-5" data-kind');
    // SPA 0.5 fails both versions: the same error, its message quoting the new minimum: wording only.
    expect(html).toMatch(/<tr data-plan="JP-5"><th scope="row" class="nowrap">JP-5 \(Name of JP-5\)<\/th><td><code>spa\.minimum<\/code><\/td><td class="msg">SPA is 0\.5 PAs a week; the policy&#39;s minimum for revalidation is 1\.5 PAs\.<\/td><td class="msg">SPA is 0\.5 PAs a week; the policy&#39;s minimum for revalidation is 1 PA\.<\/td><\/tr>/);
    expect(html).toMatch(/data-plan="JP-1" data-kind="goes">.*<td><span class="sev sev-error">Error<\/span><\/td><td><span class="muted">no finding<\/span><\/td>/);
  });

  it('everything from a workbook is escaped', () => {
    const html = renderImpactSection(impact);
    expect(html).not.toContain('<script>');
    expect(html).toContain('JP-&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a page of its own: the report\'s CSP and style, the versions and inputs stamped', () => {
    const page = renderImpactHtml(impact, { engineVersion: '9.9.9', evaluatedAt: '2026-11-23T09:00:00.000Z', inputs: [{ path: 'register.xlsx', sha256: 'abc' }] });
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain(`content="${CSP}"`);
    expect(page).not.toMatch(/<script|<link /);
    expect(page).toContain('<th scope="row">cpft-job-planning@2022-11-01 (ILLUSTRATIVE)</th>');
    expect(page).toContain('<th scope="row">register.xlsx</th><td class="mono">abc</td>');
    expect(page).toContain('Produced by jobplan 9.9.9 at 23/11/2026 09:00 UTC');
  });

  it('no change: said plainly, no chart', async () => {
    const none = await policyImpact(plans, v2017, v2017, { today: '2026-11-23', groups: 'off' });
    const html = renderImpactSection(none);
    expect(html).toContain('<p class="empty">No plan\'s outcome changes.</p>');
    expect(html).not.toContain('<svg');
  });

  it('the text and JSON say the same', () => {
    const text = formatImpactText(impact);
    expect(text).toContain('3 of 5 plans judged change outcome: 3 with fewer or milder findings; findings 3 go.');
    expect(text).toContain('JP-<script>alert(1)</script> (Name of JP-<script>alert(1)</script>) · Paediatrics & Child <Health> · Children');
    const json = JSON.parse(impactJsonText(impact, { engineVersion: '9.9.9' })) as { plans: { changed: number }; changedPlans: { ref: string }[]; diff: unknown };
    expect(json.plans.changed).toBe(3);
    expect(json.changedPlans.map((p) => p.ref)).toEqual(['JP-1', 'JP-2', 'JP-<script>alert(1)</script>']);
    expect(json.diff).toBeTruthy();
  });

  it('the committee report carries the section after its key figures when given an impact, and not otherwise', async () => {
    const library = { policies: [v2017], diagnostics: [], versionDiagnostics: [], selection: null };
    const report = await evaluatePlans(plans, library, { today: '2026-11-23', policy: { id: v2017.id, version: v2017.version }, evaluatedAt: '2026-11-23T09:00:00.000Z' });
    const summary = await summariseRegister(report, plans, library);
    const without = renderReportHtml(summary, report);
    expect(without).not.toContain('id="h-impact"');
    const html = renderReportHtml(summary, report, { impact });
    expect(html.indexOf('id="h-kpis"')).toBeGreaterThan(0);
    expect(html.indexOf('id="h-impact"')).toBeGreaterThan(html.indexOf('id="h-kpis"'));
    expect(html.indexOf('id="h-impact"')).toBeLessThan(html.indexOf('id="h-findings"'));
    expect(html.replace(`${renderImpactSection(impact)}\n`, '')).toBe(without);
  });
});
