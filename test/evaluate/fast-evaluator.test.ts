import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom, syntheticPlan } from '../../scripts/synthetic-plans.js';
import { PolicyEngine } from '../../src-engine/evaluate/engine.js';
import { judgeFast } from '../../src-engine/evaluate/fast-evaluator.js';
import { deriveFacts } from '../../src-engine/facts/catalogue.js';
import type { FactValue } from '../../src-engine/facts/fact.js';
import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';

const root = join(import.meta.dirname, '..', '..');
const policyFiles = readdirSync(join(root, 'policies'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(root, 'policies', d.name)).filter((f) => f.endsWith('.yaml')).map((f) => join('policies', d.name, f)));
const library = loadPolicyLibrary(policyFiles.map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') })));

describe('the fast evaluator agrees with json-rules-engine', () => {
  it('on every finding and every trace, for every shipped plan rule, over 10,000 generated plans (group rules: test/evaluate/group-rules.test.ts)', async () => {
    expect(library.diagnostics).toEqual([]);
    const random = seededRandom(20261123);
    const engines = library.policies.map((p) => ({ policy: p, engine: new PolicyEngine(p) }));
    const fired = new Map<string, number>();
    let compared = 0;
    for (let i = 0; i < 10_000; i++) {
      const plan = syntheticPlan(random, i);
      const facts: Record<string, FactValue> = Object.fromEntries(Object.entries(deriveFacts(plan, { today: '2026-11-23' })).map(([k, v]) => [k, v.value]));
      for (const { policy, engine } of engines) {
        const reference = await engine.judge(facts);
        const fast = judgeFast(policy, facts, true);
        for (const rule of policy.rules.filter((x) => x.scope === 'plan')) {
          const r = reference.get(rule.id)!;
          const f = fast.get(rule.id)!;
          if (r.fired !== f.fired || !isDeepStrictEqual(r.trace, f.trace)) {
            expect({ plan: plan.plan_ref, rule: rule.id, fast: f }).toEqual({ plan: plan.plan_ref, rule: rule.id, fast: r });
          }
          if (r.fired) fired.set(`${policy.id}@${policy.version} ${rule.id}`, (fired.get(`${policy.id}@${policy.version} ${rule.id}`) ?? 0) + 1);
          compared += 1;
        }
      }
    }
    // The generated plans must exercise the rules both ways, or agreement would prove little.
    const rules = library.policies.flatMap((p) => p.rules.filter((r) => r.scope === 'plan').map((r) => `${p.id}@${p.version} ${r.id}`));
    const neverFired = rules.filter((r) => !fired.has(r));
    const alwaysFired = rules.filter((r) => (fired.get(r) ?? 0) === 10_000);
    expect(neverFired).toEqual([]);
    expect(alwaysFired).toEqual([]);
    expect(compared).toBe(10_000 * rules.length);
  }, 120_000);
});
