import { describe, expect, it } from 'vitest';
import { escapeHtml, renderReportHtml } from '../../src-engine/report/render-html.js';
import { evaluatePlans, type PlanInput } from '../../src-engine/evaluate/evaluate.js';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';
import { summariseRegister, type RegisterSummary } from '../../src-engine/report/register-summary.js';
import type { EvaluationReport } from '../../src-engine/report/report.js';

// ---------------------------------------------------------------------------------------------------------------
// A small register, evaluated by a small inline policy, summarised: the data the report draws.

const TODAY = '2026-11-23';
const INJECTION = "=cmd|' /C calc'!A0";
const SCRIPT_NAME = '<script>alert("x")</script> Dr Evil';

const policy = `policy: demo
version: "2020-01-01"
title: Demo
owner: Test Trust
applies_to: { staff_groups: [medical] }
status: ratified
ratified: "2019-12-01"
effective_from: "2020-01-01"
parameters:
  target: { value: 0.9, unit: ratio, clause: "9" }
  review_months: { value: 12, unit: months, clause: "7.7.1" }
  spa_minimum: { value: 1.5, unit: PA, clause: "7.2" }
rules:
  - id: spa.minimum
    title: At least 1.5 SPA
    clause: "7.2"
    severity: warning
    when: { fact: spa_pas, operator: lessThan, value: { param: spa_minimum } }
    message: "{practitioner_name}: SPA {spa_pas} PAs is below {spa_minimum}."
  - id: register.compliance-target
    title: Over 90% of consultants have a current plan
    clause: "9"
    severity: error
    scope: group
    group_by: [care_group]
    where: { fact: is_consultant, operator: equal, value: true }
    aggregates:
      plans: { count: true }
      current: { count: { fact: months_since_last_review, operator: lessThanInclusive, value: { param: review_months } } }
      current_share: { share: { fact: months_since_last_review, operator: lessThanInclusive, value: { param: review_months } } }
    when: { fact: current_share, operator: lessThan, value: { param: target } }
    offenders: { fact: months_since_last_review, operator: greaterThan, value: { param: review_months } }
    message: "{group}: {current} of {plans} current ({current_share:pct}), below {target:pct}; overdue: {offenders}."
`;

const plan = (ref: string, agreed: string | null, extra: JobPlan = {}): JobPlan => ({
  plan_ref: ref, practitioner_name: `Dr ${ref}`, staff_group: 'medical', grade: 'consultant', specialty: 'Psychiatry', care_group: 'Mental Health',
  meeting_date: agreed ?? '2026-01-01', signed_practitioner_date: agreed, signed_manager_date: agreed,
  declared_dcc_pas: 7.5, declared_spa_pas: 2.5, ...extra,
});

const PLANS: JobPlan[] = [
  plan('P1', '2026-06-01', { pas_paid: 10 }),
  plan('P2', '2025-12-10', { practitioner_name: INJECTION, declared_dcc_pas: 9, declared_spa_pas: 1, pas_paid: 11 }), // expires in 17 days; SPA warning; overpaid
  plan('P3', '2026-01-20', { practitioner_name: SCRIPT_NAME, specialty: 'Paediatrics', declared_dcc_pas: 8.5, declared_spa_pas: 1.5, pas_paid: 9.5 }), // 58 days; underpaid
  plan('P4', '2025-11-22', { specialty: 'Paediatrics', care_group: 'Children' }), // expired yesterday
  plan('P5', null, { care_group: 'Children', status: 'disputed' }),
  plan('P6', '2026-10-01', { specialty: 'Cardiology', care_group: 'Medicine' }),
  plan('P7', '2026-02-10', { specialty: 'Cardiology', care_group: 'Medicine' }), // 79 days
];

async function fixture(): Promise<{ summary: RegisterSummary; report: EvaluationReport; inputs: PlanInput[] }> {
  const library = loadPolicyLibrary([{ path: 'policies/demo/2020-01-01.yaml', text: policy }]);
  if (library.diagnostics.length > 0) throw new Error(JSON.stringify(library.diagnostics));
  const inputs: PlanInput[] = PLANS.map((p) => ({ plan: p, cells: {}, source: 'register.xlsx' }));
  const evaluated = await evaluatePlans(inputs, library, { today: TODAY, evaluatedAt: '2026-11-23T09:00:00.000Z' });
  const report: EvaluationReport = { ...evaluated, inputs: [{ path: 'register.xlsx', sha256: 'ab'.repeat(32) }] };
  return { summary: summariseRegister(report, inputs), report, inputs };
}

const { summary, report } = await fixture();
const html = renderReportHtml(summary, report);

/** The markup of one <section> by its heading id. */
function section(id: string): string {
  const start = html.indexOf(`<section aria-labelledby="${id}">`);
  expect(start, id).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('the HTML committee report', () => {
  it('is one accessible, self-contained page: title, language, headings in order, no scripts and nothing fetched', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toMatch(/<title>Job planning compliance report — 23\/11\/2026<\/title>/);
    expect(html).toContain('<h1>Job planning compliance report</h1>');
    expect(html).toContain('Reporting date: 23 November 2026');
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1));
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).toMatch(/@page \{ size: A4/);
    expect(html).toContain('<th scope="col">');
    for (const svg of html.match(/<svg[^>]*>/g) ?? []) expect(svg).toMatch(/role="img" aria-labelledby="[^"]+"/);
    expect((html.match(/<svg/g) ?? []).length).toBe(4); // specialty, care group, SPA share, pay
  });

  it('draws compliance by specialty against a dashed target line at 90% of the chart width, bars below target marked in words too', () => {
    const s = section('h-specialty');
    const plotWidth = Number(/data-plot-width="(\d+)"/.exec(s)![1]);
    const line = /<line class="target-line" x1="([\d.]+)" x2="([\d.]+)"[^>]*stroke-dasharray/.exec(s)!;
    expect(Number(line[1])).toBeCloseTo(0.9 * plotWidth, 5);
    expect(Number(line[2])).toBe(Number(line[1]));
    const row = (name: string): string => {
      const at = s.indexOf(`<g class="row" data-name="${name}">`);
      return s.slice(at, s.indexOf('</g>', at));
    };
    expect(row('Paediatrics')).toContain('class="bar below"');
    expect(row('Paediatrics')).toContain(`fill="#DA291C"`);
    expect(row('Paediatrics')).toContain('50% (1/2) ▼ below target');
    expect(row('Paediatrics')).toMatch(new RegExp(`<rect class="bar below" x="0" y="\\d+" width="${0.5 * plotWidth}"`));
    expect(row('Cardiology')).toContain('class="bar meets"');
    expect(row('Cardiology')).not.toContain('below target');
    expect(s).toContain('2 specialties below target</strong> (worst first): Paediatrics 50%; Psychiatry 66.7%');
    // a screen-reader table with every group
    expect(s).toMatch(/<th scope="row">Psychiatry<\/th><td class="num">3<\/td><td class="num">2<\/td><td class="num">66.7%<\/td><td>below target<\/td>/);
    expect(section('h-care-group')).toContain('class="bar below"');
  });

  it('shows the key figures and the plans expiring in the next 30/60/90 days, soonest first', () => {
    expect(section('h-kpis')).toMatch(/<p class="label">Plans current<\/p><p class="value">71.4%<\/p><p class="note">5 of 7 plans; target 90%<br><span class="badge badge-below">✗ Below target<\/span>/);
    const s = section('h-expiring');
    expect(s).toContain('<p class="label">Within 30 days</p><p class="value">1</p>');
    expect(s).toContain('<p class="label">In 31–60 days</p><p class="value">1</p>');
    expect(s).toContain('<p class="label">In 61–90 days</p><p class="value">1</p>');
    expect(s).toContain('<p class="label">Total in 90 days</p><p class="value">3</p>');
    const refs = [...s.matchAll(/<tr><th scope="row" class="nowrap">(P\d)<\/th>/g)].map((m) => m[1]);
    expect(refs).toEqual(['P2', 'P3', 'P7']);
    expect(s).toMatch(/>P2<\/th>.*<td class="nowrap">10\/12\/2026<\/td><td class="num">17<\/td><td class="nowrap">≤ 30 days<\/td>/);
  });

  it('escapes every value from the workbook: a <script> in a practitioner name is text', () => {
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Dr Evil');
    expect(escapeHtml(SCRIPT_NAME)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Dr Evil');
    expect(escapeHtml(`a & 'b'`)).toBe('a &amp; &#39;b&#39;');
    expect(escapeHtml(null)).toBe('');
  });

  it('stamps the policy version: id@version, short sha256 with the full one in a title, and in the footer', () => {
    const p = report.policies[0]!;
    expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(html).toContain(`<strong>demo@2020-01-01</strong>`);
    expect(html).toContain(`<code title="${p.sha256}">${p.sha256.slice(0, 12)}</code>`);
    expect(html).toContain(`<td class="mono">${p.sha256}</td>`);
    expect(html).toContain(`<td class="mono">${'ab'.repeat(32)}</td>`); // the input's sha256
    expect(html).toContain(`jobplan ${report.engineVersion}`);
    expect(html).not.toContain('ILLUSTRATIVE');
    const illustrative = renderReportHtml(summary, { ...report, policies: report.policies.map((x) => ({ ...x, illustrative: true })) });
    expect(illustrative).toContain('<span class="badge badge-illustrative"');
    expect(illustrative).toContain('>ILLUSTRATIVE</span>');
  });

  it('draws the DCC:SPA histogram and the under/overpaid PAs either side of zero, with the plan refs', () => {
    const spa = section('h-spa');
    expect(spa).toContain('7 plans of 7 record their PAs');
    expect(spa).toMatch(/<title>SPA 25%–30%: 5 plans<\/title>/);
    const pay = section('h-pay');
    expect(pay).toContain('<strong>1 plan underpaid</strong> and <strong>1 plan overpaid</strong>');
    const under = /<g class="row underpaid">.*?<\/g>/.exec(pay)![0];
    const over = /<g class="row overpaid">.*?<\/g>/.exec(pay)![0];
    expect(under).toContain('P3 · &lt;script&gt;');
    expect(under).toContain('−0.5 PA underpaid');
    expect(over).toContain('+1 PA overpaid');
    const x = (g: string): number => Number(/<rect x="([\d.]+)"/.exec(g)![1]);
    expect(x(under)).toBeLessThan(x(over)); // underpaid left of the zero line, overpaid from it
  });

  it('lists group-rule findings and the findings with counts per rule', () => {
    expect(section('h-groups')).toContain('care group Children: 1 of 2 current (50%), below 90%; overdue: P4.');
    const f = section('h-findings');
    expect(f).toMatch(/<th scope="row"><code>spa.minimum<\/code> <span class="muted small">§7.2<\/span><\/th><td>At least 1.5 SPA<\/td><td><span class="sev sev-warning">Warning<\/span><\/td><td class="num">1<\/td><td class="num">1<\/td>/);
    expect(f).toContain('<th scope="row" class="nowrap">P2</th><td class="msg">=cmd|&#39; /C calc&#39;!A0: SPA 1 PAs is below 1.5.</td>');
  });

  it('renders an empty register without failing', async () => {
    const empty = renderReportHtml(
      { ...summary, kpis: { ...summary.kpis, plans: 0, current: 0, currentShare: null }, bySpecialty: [], byCareGroup: [], expiring: [], pay: [], spaShareBands: summary.spaShareBands.map((b) => ({ ...b, plans: 0 })) },
      { ...report, plans: [], groups: [] },
    );
    expect(empty).toContain('No plans on the register.');
    expect(empty).toContain('No agreed plan expires in the next 90 days.');
  });
});
