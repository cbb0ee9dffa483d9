/**
 * policy impact over a plan read from several files (the same plan reference): counted once, as validate's group
 * rules count it, and listed once with the other files named. A committee asks how many practitioners an amendment
 * moves; the same register given twice must not double them, nor the counts the register rules quote.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanInput } from '../../src-engine/evaluate/evaluate.js';
import { loadWorkbookMap, readPlans } from '../../src-engine/node/read-plans.js';
import { defaultMapPath } from '../../src-engine/node/package-root.js';
import type { CompiledPolicy } from '../../src-engine/policy/compiled-policy.js';
import { sha256Hex } from '../../src-engine/policy/hash.js';
import { policyImpact, type PolicyImpact } from '../../src-engine/policy/impact.js';
import { loadPolicy } from '../../src-engine/policy/load-policy.js';

const root = join(import.meta.dirname, '..', '..');
const TODAY = '2026-11-23';

function policyFrom(path: string, text = readFileSync(join(root, path), 'utf8')): CompiledPolicy {
  const loaded = loadPolicy({ path, text, sha256: sha256Hex(new TextEncoder().encode(text)) });
  if (!loaded.policy) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.policy;
}

async function plansOf(path: string): Promise<PlanInput[]> {
  const read = await readPlans([join(root, path)], loadWorkbookMap(defaultMapPath()).map!);
  return read.plans;
}

const walesPath = 'policies/wales-consultant-job-planning/2025-04-01.yaml';
const wales = policyFrom(walesPath);
/**
 * A draft that lowers the Welsh Government target to 50% (the register rules' findings go) and lets a plan run 24
 * months (two plans' current.within-12-months errors go): plan rules and register rules both move.
 */
const walesDraft = policyFrom('draft/wales-2026-12-01.yaml', readFileSync(join(root, walesPath), 'utf8')
  .replace('compliance_target_share: {value: 0.9,', 'compliance_target_share: {value: 0.5,')
  .replace('plan_duration_months: {value: 12,', 'plan_duration_months: {value: 24,')
  .replace('version: "2025-04-01"', 'version: "2026-12-01"')
  .replace(/^status: ratified$/m, 'status: draft'));

describe('policy impact: the same register given twice', () => {
  let once: PolicyImpact;
  let twice: PolicyImpact;
  let plans: PlanInput[];
  beforeAll(async () => {
    plans = await plansOf('examples/register-sbuhb-2026.xlsx');
    // The second file: the same rows under another name, as when a register is saved twice into the folder checked.
    const copy = plans.map((p) => ({ ...p, source: 'copies/register-sbuhb-2026 (2).xlsx' }));
    once = await policyImpact(plans, wales, walesDraft, { today: TODAY });
    twice = await policyImpact([...plans, ...copy], wales, walesDraft, { today: TODAY });
  });

  it('moves plans and register findings at all (else the comparison below would prove nothing)', () => {
    expect(once.changedPlans.map((p) => p.ref)).toEqual(['SBUHB-2026-019', 'SBUHB-2026-033']);
    expect(once.groups.map((g) => `${g.ruleId} ${g.group}`)).toEqual([
      'register.compliance-target care group Singleton and Neath Port Talbot',
      'register.compliance-hotspots specialty Community Paediatrics',
      'register.compliance-hotspots specialty Old Age Psychiatry',
    ]);
    expect(once.groups[0]!.from!.message).toContain('8 of 9 consultants have a current job plan');
  });

  it('changes no register-rule outcome or count: the group rules count each plan once (the messages still say 8 of 9)', () => {
    expect(twice.groups).toEqual(once.groups);
    expect(twice.groupWording).toBe(once.groupWording);
  });

  it('lists each moved plan once, naming the other file that holds it', () => {
    expect(twice.changedPlans.map((p) => p.ref)).toEqual(['SBUHB-2026-019', 'SBUHB-2026-033']);
    for (const p of twice.changedPlans) {
      expect(p.source).toBe(once.changedPlans.find((q) => q.ref === p.ref)!.source);
      expect(p.alsoIn).toEqual(['copies/register-sbuhb-2026 (2).xlsx']);
      expect(p.changes).toEqual(once.changedPlans.find((q) => q.ref === p.ref)!.changes);
    }
  });

  it('counts each plan once: judged, moved, by rule, by specialty and care group; the copies are counted apart', () => {
    expect(twice.plans).toEqual({ ...once.plans, read: 2 * plans.length, copies: plans.length });
    expect(twice.counts).toEqual(once.counts);
    expect(twice.byRule).toEqual(once.byRule);
    expect(twice.bySpecialty).toEqual(once.bySpecialty);
    expect(twice.byCareGroup).toEqual(once.byCareGroup);
    expect(twice.notes).toContain(`${plans.length} copies of plans read from more than one file (the same plan reference) are not counted again: each plan is counted once, as the register rules count it, and listed once with the other files that hold it.`);
    expect(twice.diagnostics.filter((d) => d.code === 'input_duplicate_plan')).toHaveLength(plans.length);
    expect(once.diagnostics.filter((d) => d.code === 'input_duplicate_plan')).toEqual([]);
  });
});

describe('policy impact: a plan whose copies differ', () => {
  const v2017 = policyFrom('policies/cpft-job-planning/2017-04-28.yaml');
  const v2022 = policyFrom('policies/cpft-job-planning/2022-11-01.yaml');
  /** A CPFT register row with an SPA figure and the dates both parties signed. */
  const row = (source: string, ref: string, spa: number, agreed: string, kind: 'plan' | 'register-row' = 'register-row'): PlanInput => ({
    source, kind, cells: { plan_ref: { sheet: 'Register', cell: 'A2' } },
    plan: {
      plan_ref: ref, practitioner_name: `Name of ${ref}`, organisation: 'CPFT', staff_group: 'medical', grade: 'Consultant', specialty: 'Old Age Psychiatry', care_group: 'Mental Health',
      contracted_pas: 10, declared_dcc_pas: 10 - spa, declared_spa_pas: spa, meeting_date: agreed, signed_practitioner_date: agreed, signed_manager_date: agreed,
    } as PlanInput['plan'],
  });

  it('lists the copy whose outcome changes when the copy counted (agreed most recently) does not change', async () => {
    // JP-1's own file records 1 PA of SPA (the 2022 minimum lets it pass); the register, agreed later, records 2.5.
    const plans = [row('plans/JP-1.xlsx', 'JP-1', 1, '2026-03-01', 'plan'), row('register.xlsx', 'JP-1', 2.5, '2026-06-01'), row('register.xlsx', 'JP-2', 2.5, '2026-06-01')];
    const impact = await policyImpact(plans, v2017, v2022, { today: TODAY });
    expect(impact.changedPlans.map((p) => [p.ref, p.source, p.alsoIn])).toEqual([['JP-1', 'plans/JP-1.xlsx', ['register.xlsx']]]);
    expect(impact.plans).toMatchObject({ read: 3, judged: 2, copies: 1, changed: 1, outOfScope: 0 });
    expect(impact.bySpecialty).toEqual([expect.objectContaining({ name: 'Old Age Psychiatry', plans: 2, changed: 1 })]);
  });

  it('the same reference twice in one file is two plans, not a copy (as validate)', async () => {
    const plans = [row('register.xlsx', 'JP-1', 1, '2026-03-01'), row('register.xlsx', 'JP-1', 1, '2026-06-01')];
    const impact = await policyImpact(plans, v2017, v2022, { today: TODAY });
    expect(impact.plans).toMatchObject({ judged: 2, copies: 0, changed: 2 });
    expect(impact.changedPlans.every((p) => p.alsoIn === undefined)).toBe(true);
  });
});
