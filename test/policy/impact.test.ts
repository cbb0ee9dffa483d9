import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanInput } from '../../src-engine/evaluate/evaluate.js';
import { loadWorkbookMap, readPlans } from '../../src-engine/node/read-plans.js';
import { defaultMapPath } from '../../src-engine/node/package-root.js';
import type { CompiledPolicy } from '../../src-engine/policy/compiled-policy.js';
import { classify, policyImpact, type PolicyImpact } from '../../src-engine/policy/impact.js';
import { loadPolicy } from '../../src-engine/policy/load-policy.js';
import { sha256Hex } from '../../src-engine/policy/hash.js';

const root = join(import.meta.dirname, '..', '..');
const TODAY = '2026-11-23';
const REGISTERS = ['examples/register-cpft-2026.xlsx', 'examples/trusts/ejp-export-register.xlsx'];

function policyFrom(path: string, text = readFileSync(join(root, path), 'utf8')): CompiledPolicy {
  const loaded = loadPolicy({ path, text, sha256: sha256Hex(new TextEncoder().encode(text)) });
  if (!loaded.policy) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.policy;
}

const v2017Text = readFileSync(join(root, 'policies/cpft-job-planning/2017-04-28.yaml'), 'utf8');
const v2017 = policyFrom('policies/cpft-job-planning/2017-04-28.yaml');
const v2022 = policyFrom('policies/cpft-job-planning/2022-11-01.yaml');

/** The plans of the files (readPlans returns them in a list today; an async iterable is collected too). */
async function plansOf(paths: readonly string[]): Promise<PlanInput[]> {
  const map = loadWorkbookMap(join(root, 'workbook-maps', 'jobplan-template.yaml')).map ?? loadWorkbookMap(defaultMapPath()).map!;
  const read = (await readPlans(paths.map((p) => join(root, p)), map)) as unknown;
  if (read && typeof read === 'object' && 'plans' in read && Array.isArray((read as { plans: unknown }).plans)) return (read as { plans: PlanInput[] }).plans;
  const out: PlanInput[] = [];
  for await (const p of read as AsyncIterable<PlanInput>) out.push(p);
  return out;
}

/**
 * Independently of the engine: the register rows (read with exceljs, by their own headers) whose SPA lies between the
 * two minima, 1 PA (2022, illustrative) included and 1.5 PAs (2017) excluded, with PAs scheduled.
 */
async function refsWithSpaBetweenMinima(path: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(root, path));
  const ws = wb.worksheets[0]!;
  let header = 0;
  let cols: Record<string, number> = {};
  ws.eachRow((row, r) => {
    if (header) return;
    const names = (row.values as unknown[]).map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : ''));
    if (names.includes('spa') || names.includes('spa pas')) {
      header = r;
      cols = Object.fromEntries(names.map((n, i) => [n, i]).filter(([n]) => n !== ''));
    }
  });
  const col = (...names: string[]) => names.map((n) => cols[n]).find((c) => c !== undefined)!;
  const spaCol = col('spa pas', 'spa');
  // The plan's name in reports: its reference, else the practitioner (the export's 'Job Plan ID' is not read as a reference).
  const refCol = col('job plan ref', 'employee name');
  const paCols = [col('dcc pas', 'dcc'), spaCol, col('anr pas', 'other nhs'), col('ed pas', 'external')];
  const refs: string[] = [];
  ws.eachRow((row, r) => {
    if (r <= header) return;
    const spa = row.getCell(spaCol).value;
    const total = paCols.reduce((s, c) => s + (typeof row.getCell(c).value === 'number' ? (row.getCell(c).value as number) : 0), 0);
    if (typeof spa === 'number' && spa >= 1 && spa < 1.5 && total > 0) refs.push(String(row.getCell(refCol).value));
  });
  return refs.sort();
}

describe('policy impact: the illustrative CPFT 2022 SPA change on the example registers', () => {
  let impact: PolicyImpact;
  let expected: string[];
  beforeAll(async () => {
    impact = await policyImpact(await plansOf(REGISTERS), v2017, v2022, { today: TODAY });
    expected = (await Promise.all(REGISTERS.map(refsWithSpaBetweenMinima))).flat().sort();
  });

  it('moves exactly the plans whose SPA lies between the two minima (counted from the registers, not the engine)', () => {
    expect(expected.length).toBeGreaterThan(0);
    expect(impact.changedPlans.map((p) => p.ref).sort()).toEqual(expected);
    expect(impact.plans.changed).toBe(expected.length);
  });

  it('each moved plan loses its spa.minimum error, caused by spa_minimum 1.5 → 1 PA; nothing else changes', () => {
    for (const p of impact.changedPlans) {
      expect(p.changes).toEqual([expect.objectContaining({ ruleId: 'spa.minimum', kind: 'goes', to: null, from: expect.objectContaining({ severity: 'error', notJudged: false }) })]);
      expect(p.changes[0]!.causes).toEqual([{ kind: 'parameter', parameter: 'spa_minimum', text: 'spa_minimum 1.5 PA → 1 PA' }]);
    }
    expect(impact.counts).toEqual({ appears: 0, goes: expected.length, severity: 0, 'now-judged': 0, 'no-longer-judged': 0 });
    expect(impact.byRule.map((r) => [r.ruleId, r.plans])).toEqual([['spa.minimum', expected.length]]);
    expect(impact.wordingPlans).toEqual([]);
    expect(impact.groups).toEqual([]);
  });

  it('counts by specialty and care group add up to the plans moved, and to the plans judged', () => {
    expect(impact.bySpecialty.reduce((s, g) => s + g.changed, 0)).toBe(expected.length);
    expect(impact.byCareGroup.reduce((s, g) => s + g.changed, 0)).toBe(expected.length);
    expect(impact.bySpecialty.reduce((s, g) => s + g.plans, 0)).toBe(impact.plans.judged);
    expect(impact.plans.read).toBe(impact.plans.judged + impact.plans.outOfScope);
  });

  it('says both versions were judged as if in force', () => {
    expect(impact.notes[0]).toMatch(/as if in force for every plan/);
    expect(impact.from.version).toBe('2017-04-28');
    expect(impact.to.version).toBe('2022-11-01');
  });
});

describe('policy impact: amendments that change nothing, or only words', () => {
  let plans: PlanInput[];
  beforeAll(async () => {
    plans = await plansOf(REGISTERS);
  });

  it('a no-op amendment (the same rules, a new version number, a draft) changes nothing', async () => {
    const noop = policyFrom('draft/cpft-2018.yaml', v2017Text.replace('version: "2017-04-28"', 'version: "2018-01-01"').replace(/^status: ratified$/m, 'status: draft').replace(/^ratified: .*$/m, '').replace('effective_from: "2017-04-28"', 'effective_from: "2018-01-01"'));
    expect(noop.version).toBe('2018-01-01');
    const impact = await policyImpact(plans, v2017, noop, { today: TODAY });
    expect(impact.plans.changed).toBe(0);
    expect(impact.plans.wordingOnly).toBe(0);
    expect(impact.changedPlans).toEqual([]);
    expect(impact.groups).toEqual([]);
    expect(impact.groupWording).toBe(0);
    expect(impact.plans.judged).toBe(plans.length);
  });

  it('a changed message changes wording only, reported as such, never as a changed outcome', async () => {
    const reworded = policyFrom('draft/cpft-reworded.yaml', v2017Text.replace(
      `message: "SPA is {spa_pas} PAs a week; the policy's minimum for revalidation is {spa_minimum} PAs."`,
      `message: "Only {spa_pas} PAs of SPA a week: revalidation needs at least {spa_minimum} PAs."`,
    ).replace('version: "2017-04-28"', 'version: "2017-04-29"'));
    const before = await policyImpact(plans, v2017, v2017, { today: TODAY });
    expect(before.plans.changed + before.plans.wordingOnly).toBe(0);
    const impact = await policyImpact(plans, v2017, reworded, { today: TODAY });
    expect(impact.plans.changed).toBe(0);
    expect(impact.counts).toEqual({ appears: 0, goes: 0, severity: 0, 'now-judged': 0, 'no-longer-judged': 0 });
    expect(impact.plans.wordingOnly).toBeGreaterThan(0);
    for (const p of impact.wordingPlans) {
      expect(p.changes).toEqual([]);
      expect(p.wording).toEqual([expect.objectContaining({ ruleId: 'spa.minimum', severity: 'error', causes: [{ kind: 'message', text: 'message reworded' }] })]);
      expect(p.wording[0]!.to).toMatch(/^Only 1 PA/);
      expect(p.wording[0]!.from).toMatch(/^SPA is 1 PA/);
    }
    expect(impact.byRule).toEqual([expect.objectContaining({ ruleId: 'spa.minimum', plans: 0, wording: impact.plans.wordingOnly })]);
  });
});

describe('policy impact: kinds of change and their causes', () => {
  it('classifies appear, go, severity and judged ↔ not judged', () => {
    const err = { severity: 'error', notJudged: false, message: 'm' } as const;
    const warn = { severity: 'warning', notJudged: false, message: 'm' } as const;
    const nj = { severity: 'warning', notJudged: true, message: 'Not judged' } as const;
    expect(classify(null, err)).toBe('appears');
    expect(classify(err, null)).toBe('goes');
    expect(classify(err, warn)).toBe('severity');
    expect(classify(err, { ...err, message: 'other' })).toBeNull();
    expect(classify(nj, err)).toBe('now-judged');
    expect(classify(nj, null)).toBe('now-judged');
    expect(classify(null, nj)).toBe('no-longer-judged');
    expect(classify(err, nj)).toBe('no-longer-judged');
    expect(classify(null, null)).toBeNull();
  });

  it('a severity change and a removed rule are attributed to them (the test fixture 2022 amendment)', async () => {
    const plans = await plansOf(['examples/register-cpft-2026.xlsx', 'examples/plans']);
    const from = policyFrom('test/fixtures/policy-versions/cpft-job-planning/2017-04-28.yaml');
    const to = policyFrom('test/fixtures/policy-versions/cpft-job-planning/2022-11-01.yaml');
    const impact = await policyImpact(plans, from, to, { today: TODAY });
    const rule = (id: string) => impact.byRule.find((r) => r.ruleId === id);
    expect(rule('signoff.within-deadline')?.counts.severity).toBeGreaterThan(0);
    expect(rule('signoff.within-deadline')?.causes).toEqual([{ kind: 'severity', text: 'severity error → warning' }]);
    expect(rule('apa.contract-recorded')?.causes).toEqual([{ kind: 'rule-removed', text: 'rule apa.contract-recorded removed' }]);
    const severity = impact.changedPlans.flatMap((p) => p.changes).filter((c) => c.kind === 'severity');
    for (const c of severity) expect([c.from?.severity, c.to?.severity]).toEqual(['error', 'warning']);
    // The non-medical and Welsh plans among examples/plans are outside CPFT's applies_to: counted, not judged.
    expect(impact.plans.outOfScope).toBeGreaterThan(0);
    // Every change softens or removes a finding: each plan has fewer or milder findings; back the other way, more.
    expect(impact.plans).toMatchObject({ fewer: impact.plans.changed, more: 0, other: 0 });
    expect(impact.changedPlans.every((p) => p.direction === 'fewer')).toBe(true);
    const back = await policyImpact(plans, to, from, { today: TODAY });
    expect(back.plans).toMatchObject({ changed: impact.plans.changed, fewer: 0, more: impact.plans.changed, other: 0 });
    expect(back.bySpecialty.reduce((n, g) => n + g.more, 0)).toBe(impact.plans.changed);
  });

  it('a new condition that decides what the rule could not: not judged → judged, caused by the condition', async () => {
    const plan: PlanInput = {
      source: 'plan.json', cells: {}, plan: {
        plan_ref: 'JP-X', organisation: 'CPFT', staff_group: 'medical', grade: 'Consultant', specialty: 'Old Age Psychiatry', care_group: 'Mental Health',
        contract_start_date: '2026-03-02', meeting_date: '2026-03-20', contracted_pas: 10,
      } as PlanInput['plan'],
    };
    const v2027 = policyFrom('policies/cpft-job-planning/2027-07-01.yaml');
    const impact = await policyImpact([plan], v2017, v2027, { today: TODAY });
    const change = impact.changedPlans[0]?.changes.find((c) => c.ruleId === 'new-starter.interim-plan');
    expect(change?.kind).toBe('now-judged');
    expect(change?.from?.notJudged).toBe(true);
    expect(change?.causes.map((c) => c.kind)).toEqual(['condition']);
  });

  it('a plan dated before the newer version is judged by it all the same, and the notes say how many', async () => {
    const plan: PlanInput = { source: 'p.json', cells: {}, plan: { plan_ref: 'OLD', organisation: 'CPFT', staff_group: 'medical', grade: 'Consultant', start_date: '2020-01-01' } as PlanInput['plan'] };
    const impact = await policyImpact([plan], v2017, v2022, { today: TODAY });
    expect(impact.plans.beforeTo).toBe(1);
    expect(impact.notes.join(' ')).toMatch(/1 of 1 plan is dated before 01\/11\/2022, when cpft-job-planning@2022-11-01 takes effect; they are judged by it all the same\./);
  });

  it('two different policies: allowed, and said plainly', async () => {
    const wales = policyFrom('policies/wales-consultant-job-planning/2025-04-01.yaml');
    const impact = await policyImpact([], v2017, wales, { today: TODAY });
    expect(impact.samePolicy).toBe(false);
    expect(impact.notes.join(' ')).toMatch(/two different policies: rules are matched by id/);
  });
});

describe('policy impact judges only the rules that differ, with the same result as judging them all', () => {
  it.each([
    ['the shipped illustrative 2022 amendment', 'policies/cpft-job-planning/2017-04-28.yaml', 'policies/cpft-job-planning/2022-11-01.yaml'],
    ['the test fixture 2022 amendment (severity, rules added and removed, parameters)', 'test/fixtures/policy-versions/cpft-job-planning/2017-04-28.yaml', 'test/fixtures/policy-versions/cpft-job-planning/2022-11-01.yaml'],
    ['the 2027 draft (a new condition and message)', 'policies/cpft-job-planning/2017-04-28.yaml', 'policies/cpft-job-planning/2027-07-01.yaml'],
    ['back from 2022 to 2017', 'policies/cpft-job-planning/2022-11-01.yaml', 'policies/cpft-job-planning/2017-04-28.yaml'],
  ])('%s', async (_name, a, b) => {
    const plans = await plansOf(['examples/register-cpft-2026.xlsx', 'examples/plans', 'examples/trusts/ejp-export-register.xlsx']);
    const from = policyFrom(a);
    const to = policyFrom(b);
    const fast = await policyImpact(plans, from, to, { today: TODAY });
    const full = await policyImpact(plans, from, to, { today: TODAY, rules: 'all' });
    expect(fast.rulesJudged.length).toBeLessThan(full.rulesJudged.length);
    const { rulesJudged: _a, notes: notesFast, ...restFast } = fast;
    const { rulesJudged: _b, notes: notesFull, ...restFull } = full;
    expect(restFast).toEqual(restFull);
    expect(notesFast.slice(0, notesFull.length)).toEqual(notesFull);
    expect(notesFast[notesFast.length - 1]).toMatch(/^The \d+ (rule that differs|rules that differ) between the versions (was|were) judged \(.+\); the other \d+ are the same in both, so their outcomes cannot change\.$/);
  });

  it('a no-op amendment judges no rule, and says why nothing can change', async () => {
    const noop = policyFrom('draft/same.yaml', v2017Text.replace('version: "2017-04-28"', 'version: "2017-05-01"'));
    const impact = await policyImpact(await plansOf(['examples/register-cpft-2026.xlsx']), v2017, noop, { today: TODAY });
    expect(impact.rulesJudged).toEqual([]);
    expect(impact.notes).toContain(`No rule differs between the versions (their ${v2017.rules.length} rules are the same), so no outcome can change.`);
    expect(impact.plans).toMatchObject({ judged: 60, changed: 0, wordingOnly: 0 });
  });
});

describe('policy impact over plans as they are read', () => {
  it('an async iterable of plans (a register read a file at a time) gives what the list gives', async () => {
    const plans = await plansOf(REGISTERS);
    async function* stream(): AsyncGenerator<PlanInput> {
      for (const p of plans) yield p;
    }
    const fromList = await policyImpact(plans, v2017, v2022, { today: TODAY });
    const fromStream = await policyImpact(stream(), v2017, v2022, { today: TODAY });
    expect(fromStream).toEqual(fromList);
    expect(fromStream.changedPlans.map((p) => p.index)).toEqual(fromList.changedPlans.map((p) => plans.indexOf(plans[p.index]!)));
  });
});
