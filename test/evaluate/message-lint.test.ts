/**
 * Plain words (issue 10, item 6): every rule's message of every shipped version, rendered on generated plans and
 * registers and on every example, has no "(s)", NaN, undefined, null, decimal month or unfilled placeholder.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom, syntheticPlan } from '../../scripts/synthetic-plans.js';
import { describerFor, evaluatePlans, messageLookup, type PlanInput } from '../../src-engine/evaluate/evaluate.js';
import { fillMessage } from '../../src-engine/evaluate/message.js';
import { deriveFacts } from '../../src-engine/facts/catalogue.js';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import { loadPolicyFiles } from '../../src-engine/node/load-policy-files.js';
import { defaultMapPath } from '../../src-engine/node/package-root.js';
import { loadWorkbookMap, readPlans } from '../../src-engine/node/read-plans.js';
import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';

const root = join(import.meta.dirname, '..', '..');
const files = loadPolicyFiles([join(root, 'policies')]);
const library = loadPolicyLibrary(files.policies, files.config);
const TODAY = '2026-11-23';

/** What a message must never show a person. */
const FLAWS: readonly [string, RegExp][] = [
  ['"(s)"', /\(s\)/],
  ['NaN', /\bNaN\b/],
  ['undefined', /\bundefined\b/],
  ['null', /\bnull\b/],
  ['a decimal month', /\b\d+\.\d+ months?\b/],
  ['an unfilled placeholder', /\{[a-z_]+(?::[a-z0-9]+)?\}|\[\[|\]\]/],
  ['"1 PAs"', /\b1 (PAs|rows|days|months|sessions|objectives)\b/],
  ['"1 in (not recorded)"', /1 in \(not recorded\)/],
  ['a doubled plural ("sessionss")', /\b(PAs|sessions|days|months|hours|weeks|years)s\b/],
];

export function flawsOf(message: string): string[] {
  return FLAWS.filter(([, re]) => re.test(message)).map(([name]) => name);
}

const plans = (n: number, seed: number, today = TODAY): JobPlan[] => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => syntheticPlan(random, i, today));
};

describe('every rule\'s message reads as plain words', () => {
  it('the lint itself catches each flaw', () => {
    for (const bad of ['0 row(s) have', 'runs 17.97 months', 'x NaN', 'undefined days', 'is null', 'by {days}', '1 PAs a week', 'rota frequency: 1 in (not recorded)', 'overpaid by 6.25 sessionss a week']) {
      expect(flawsOf(bad), bad).not.toEqual([]);
    }
    expect(flawsOf('runs 17 months and 29 days (01/06/2026 – 30/11/2027); SPA is 1 PA a week; 0 rows have no end date')).toEqual([]);
  });

  it('plan rules: every message of every shipped version, rendered on 400 generated plans whether or not the rule fires', () => {
    const bad: string[] = [];
    let rendered = 0;
    for (const policy of library.policies) {
      for (const plan of plans(400, 7)) {
        const context = { today: TODAY };
        const facts = deriveFacts(plan, context);
        const params = Object.fromEntries(Object.entries(policy.parameters).map(([k, p]) => [k, p.value]));
        for (const rule of policy.rules.filter((r) => r.scope === 'plan')) {
          const message = fillMessage(rule.message, messageLookup(rule, params, plan.plan_ref ?? 'P', facts), describerFor(plan, context));
          rendered += 1;
          const flaws = flawsOf(message);
          const line = `${policy.id}@${policy.version} ${rule.id}: ${flaws.join(', ')}`;
          if (flaws.length > 0 && !bad.some((b) => b.startsWith(line))) bad.push(`${line}: ${message}`);
        }
      }
    }
    expect(rendered).toBeGreaterThan(20_000);
    expect(bad).toEqual([]);
  });

  it('group rules: every register message of every shipped version, on generated registers', async () => {
    const bad: string[] = [];
    let rendered = 0;
    for (const policy of library.policies) {
      const register = plans(300, 11).map((plan, i): PlanInput => ({ plan, cells: {}, source: 'register.xlsx', kind: i % 2 === 0 ? 'register-row' : 'plan' }));
      const report = await evaluatePlans(register, library, { today: TODAY, policy: { id: policy.id, version: policy.version }, groups: 'on', evaluatedAt: 'x' });
      for (const g of report.groups) {
        rendered += 1;
        const flaws = flawsOf(g.message);
        if (flaws.length > 0 && bad.length < 20) bad.push(`${policy.id}@${policy.version} ${g.ruleId}: ${flaws.join(', ')}: ${g.message}`);
      }
    }
    expect(rendered).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  });

  it('the examples: every finding and register message, with the shipped config (the count of flaws is zero)', async () => {
    const examples = join(root, 'examples');
    const paths = [
      ...readdirSync(examples).filter((f) => f.endsWith('.xlsx') && f !== 'not-a-job-plan.xlsx').map((f) => join(examples, f)),
      ...readdirSync(join(examples, 'plans')).filter((f) => f.endsWith('.json')).map((f) => join(examples, 'plans', f)),
    ];
    const map = loadWorkbookMap(defaultMapPath()).map!;
    const messages: string[] = [];
    for (const path of paths) {
      const read = await readPlans([path], map);
      const report = await evaluatePlans(read.plans, library, { today: TODAY, evaluatedAt: 'x' });
      messages.push(...report.plans.flatMap((p) => p.findings.map((f) => f.message)), ...report.groups.map((g) => g.message));
    }
    const flawed = messages.filter((m) => flawsOf(m).length > 0);
    console.log(`message lint over the examples: ${messages.length} messages, ${flawed.length} with flaws`);
    expect(messages.length).toBeGreaterThan(100);
    expect(flawed).toEqual([]);
  }, 120_000);
});
