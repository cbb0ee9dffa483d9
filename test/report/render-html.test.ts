import { describe, expect, it } from 'vitest';
import { DEMO_POLICY_METADATA } from '../evaluate/helpers.js';
import { CSP, escapeHtml, renderReportHtml, wrapLabel } from '../../src-engine/report/render-html.js';
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
${DEMO_POLICY_METADATA}
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
  - id: register.hotspots
    title: More than 90% of a specialty's consultants have a current plan
    clause: "9.1"
    severity: warning
    scope: group
    group_by: [specialty]
    aggregates:
      plans: { count: true }
      current: { count: { fact: months_since_last_review, operator: lessThanInclusive, value: { param: review_months } } }
      current_share: { share: { fact: months_since_last_review, operator: lessThanInclusive, value: { param: review_months } } }
    when: { fact: current_share, operator: lessThanInclusive, value: { param: target } }
    message: "{group}: {current} of {plans} current ({current_share:pct}), not more than {target:pct}."
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
  return { summary: await summariseRegister(report, inputs, library), report, inputs };
}

const { summary, report } = await fixture();
const html = renderReportHtml(summary, report);

/** The markup of one <section> by its heading id. */
function section(id: string): string {
  const start = html.search(new RegExp(`<section[^>]* aria-labelledby="${id}"`));
  expect(start, id).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('the HTML committee report', () => {
  it('is one accessible, self-contained page: title, language, headings in order, no scripts and nothing fetched', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toMatch(/<title>Job planning compliance report — 23\/11\/2026<\/title>/);
    expect(html).toContain('<h1>Job planning compliance report</h1>');
    expect(html).toContain('Reporting date: 23/11/2026');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
    expect(CSP).toContain("default-src 'none'");
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1));
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).toMatch(/@page \{ size: A4/);
    expect(html).toContain('<th scope="col">');
    for (const svg of html.match(/<svg[^>]*>/g) ?? []) expect(svg).toMatch(/role="img" aria-labelledby="[^"]+"/);
    expect((html.match(/<svg/g) ?? []).length).toBe(4); // care group and specialty (the policy's two group rules), SPA share, pay
  });

  it('draws each group rule\'s coverage against its own target, as the policy states it, below exactly where the rule fired', () => {
    const careGroup = section('h-coverage-1');
    const specialty = section('h-coverage-2');
    // care group: the rule fires below 90% ("at least"); specialty: at or below 90% ("more than")
    expect(careGroup).toContain('data-comparison="at least"');
    expect(careGroup).toContain('Target: at least 90%');
    expect(specialty).toContain('data-comparison="more than"');
    expect(specialty).toContain('Target: more than 90%');
    const plotWidth = Number(/data-plot-width="(\d+)"/.exec(specialty)![1]);
    const line = /<line class="target-line" x1="([\d.]+)" x2="([\d.]+)"[^>]*stroke-dasharray/.exec(specialty)!;
    expect(Number(line[1])).toBeCloseTo(0.9 * plotWidth, 5);
    const row = (s: string, name: string): string => {
      const at = s.indexOf(`<g class="row" data-name="${name}"`);
      expect(at, name).toBeGreaterThanOrEqual(0);
      return s.slice(at, s.indexOf('</g>', at));
    };
    expect(row(specialty, 'Paediatrics')).toContain('class="bar below"');
    expect(row(specialty, 'Paediatrics')).toContain('data-rules="register.hotspots"');
    expect(row(specialty, 'Paediatrics')).toContain('50% (1/2) ▼ below');
    expect(row(specialty, 'Cardiology')).toContain('class="bar meets"');
    expect(specialty).toContain('1 specialty below the target of more than 90%</strong> (worst first): Paediatrics 50%');
    // every row below target is a finding of the rule, and every finding a row below target
    for (const [s, rule] of [[careGroup, 'register.compliance-target'], [specialty, 'register.hotspots']] as const) {
      const below = [...s.matchAll(/data-name="([^"]+)"[^>]*data-below="true"/g)].map((m) => m[1]);
      const fired = report.groups.filter((g) => g.ruleId === rule).map((g) => Object.values(g.group.key)[0]);
      expect(below.sort()).toEqual(fired.sort());
    }
    expect(row(careGroup, 'Children')).toContain('class="bar below"');
    expect(careGroup).toMatch(/<th scope="row">Children<\/th><td class="num">2<\/td><td class="num">1<\/td><td class="num">50%<\/td><td>Below target<\/td>/);
  });

  it('wraps a long label in two lines within its column, the full text on hover', () => {
    expect(wrapLabel('Child and Adolescent Psychiatry', 24)).toEqual(['Child and Adolescent', 'Psychiatry']);
    expect(wrapLabel('Singleton and Neath Port Talbot Hospitals Group', 20)).toEqual(['Singleton and Neath', 'Port Talbot Hospita…']);
    expect(wrapLabel('Cardiology', 24)).toEqual(['Cardiology']);
    for (const lines of [wrapLabel('Supercalifragilisticexpialidocious-service', 10)]) for (const l of lines) expect(l.length).toBeLessThanOrEqual(10);
  });

  it('shows the key figures and the plans reaching their review date in the next 30/60/90 days, soonest first', () => {
    expect(section('h-kpis')).toMatch(/data-kpi="coverage:demo"><p class="label">Plans current <span class="small">\(demo\)<\/span><\/p><p class="value">85.7%<\/p><p class="note">6 of 7 plans; target at least 90%<br><span class="badge badge-below">✗ Below target<\/span>/);
    const s = section('h-expiring');
    expect(s).toContain('<p class="label">Within 30 days</p><p class="value">1</p>');
    expect(s).toContain('<p class="label">In 31–60 days</p><p class="value">2</p>');
    expect(s).toContain('<p class="label">In 61–90 days</p><p class="value">1</p>');
    expect(s).toContain('<p class="label">Total in 90 days</p><p class="value">4</p>');
    const refs = [...s.matchAll(/<tr><th scope="row" class="nowrap">(P\d)<\/th>/g)].map((m) => m[1]);
    expect(refs).toEqual(['P2', 'P5', 'P3', 'P7']); // P5, never signed, runs out a year after its meeting
    expect(s).toMatch(/>P2<\/th>.*<td class="nowrap">10\/12\/2026<\/td><td class="num">17<\/td><td class="nowrap">≤ 30<\/td>/);
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
    expect(pay).toContain('<strong>1 plan underpaid</strong> and <strong>1 plan overpaid</strong> of 3 plans recording PAs paid');
    expect(pay).toContain('demo has no pay rule');
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
    const message = report.plans.find((p) => p.ref === 'P2')!.findings[0]!.message;
    expect(message).toMatch(/^=cmd\|' \/C calc'!A0: SPA 1 PAs? is below 1\.5\.$/);
    expect(f).toContain(`<th scope="row" class="nowrap">P2</th><td>=cmd|&#39; /C calc&#39;!A0</td><td class="msg">${escapeHtml(message)}</td>`);
  });

  it('renders an empty register without failing', async () => {
    const empty = renderReportHtml(
      { ...summary, kpis: { ...summary.kpis, plans: 0, payCompared: 0, inHours: 0 }, coverage: [], tables: [], expiring: [], pay: [], spaShareBands: summary.spaShareBands.map((b) => ({ ...b, plans: 0 })) },
      { ...report, plans: [], groups: [] },
    );
    expect(empty).toContain('No plan records PAs paid.');
    expect(empty).toContain('No plan reaches its review date in the next 90 days.');
    expect(empty).not.toMatch(/Target:|target (more than|at least)|Below target|Meets target/);
  });

  it('says "not recorded for staff planned in hours" instead of empty DCC:SPA and pay charts', () => {
    const hours = renderReportHtml(
      { ...summary, kpis: { ...summary.kpis, payCompared: 0, withPas: 0, inHours: 7 }, pay: [], spaShareBands: summary.spaShareBands.map((b) => ({ ...b, plans: 0 })) },
      report,
    );
    expect(section.call(null, 'h-spa')).toContain('<svg');
    const spa = hours.slice(hours.indexOf('<section aria-labelledby="h-spa">'), hours.indexOf('</section>', hours.indexOf('<section aria-labelledby="h-spa">')));
    const pay = hours.slice(hours.indexOf('<section aria-labelledby="h-pay">'), hours.indexOf('</section>', hours.indexOf('<section aria-labelledby="h-pay">')));
    expect(spa).toContain('not recorded for staff planned in hours');
    expect(pay).toContain('not recorded for staff planned in hours');
    expect(spa + pay).not.toContain('<svg');
  });
});
