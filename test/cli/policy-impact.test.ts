import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jobplan, root } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jobplan-impact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REGISTER = 'examples/register-cpft-2026.xlsx';
const FROM = 'cpft-job-planning@2017-04-28';
const TO = 'cpft-job-planning@2022-11-01';
const noStack = (r: { stdout: string; stderr: string }) => expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);

interface ImpactJson {
  engineVersion: string;
  asIfInForce: boolean;
  from: { id: string; version: string };
  to: { id: string; version: string };
  notes: string[];
  plans: { read: number; judged: number; changed: number; wordingOnly: number; outOfScope: number };
  counts: Record<string, number>;
  byRule: { ruleId: string; plans: number; causes: { kind: string; text: string }[] }[];
  bySpecialty: { name: string; changed: number; plans: number }[];
  changedPlans: { ref: string; changes: { ruleId: string; kind: string }[] }[];
  wordingPlans: unknown[];
  groups: unknown[];
  diff: { parameters: { changed: { name: string }[] } };
  diagnostics: { severity: string; message: string }[];
}

describe('jobplan policy impact', () => {
  it('text: the versions, how they were judged, the counts, by rule with the cause, the plans; exit 0 although outcomes change', () => {
    const r = jobplan('policy', 'impact', FROM, TO, REGISTER, '--today', '2026-11-23');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^What this amendment would change: cpft-job-planning 2017-04-28 → 2022-11-01 \(illustrative\)\n/);
    expect(r.stdout).toContain('Both versions are judged as if in force for every plan they apply to, whatever the plan\'s date.');
    expect(r.stdout).toContain('\n2 of 60 plans judged change outcome: 2 with fewer or milder findings; findings 2 go.\n');
    expect(r.stdout).toContain('\n  spa.minimum  SPA at least the revalidation minimum: 2 plans: 2 go\n      because: spa_minimum 1.5 PA → 1 PA\n');
    expect(r.stdout).toContain('\nBy specialty\n');
    expect(r.stdout).toContain('\nBy care group\n');
    expect(r.stdout).toMatch(/\n {2}JP-2026-014 \(Oliver, Aisha\) · Geriatric Medicine · Community Services · register-cpft-2026\.xlsx Register!H16\n {4}- spa\.minimum goes \[error\]: SPA is 1 PA a week/);
    expect(r.stderr).toBe('');
  });

  it('--format json: the same for tools, with the diff', () => {
    const r = jobplan('policy', 'impact', FROM, TO, REGISTER, '--today', '2026-11-23', '--format', 'json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as ImpactJson;
    expect(j.asIfInForce).toBe(true);
    expect([j.from.version, j.to.version]).toEqual(['2017-04-28', '2022-11-01']);
    expect(j.plans).toMatchObject({ read: 60, judged: 60, changed: 2, wordingOnly: 0, outOfScope: 0 });
    expect(j.counts).toEqual({ appears: 0, goes: 2, severity: 0, 'now-judged': 0, 'no-longer-judged': 0 });
    expect(j.byRule).toEqual([expect.objectContaining({ ruleId: 'spa.minimum', plans: 2, causes: [{ kind: 'parameter', parameter: 'spa_minimum', text: 'spa_minimum 1.5 PA → 1 PA' }] })]);
    expect(j.changedPlans.map((p) => p.ref).sort()).toEqual(['JP-2026-014', 'JP-2026-041']);
    expect(j.bySpecialty.filter((g) => g.changed > 0).map((g) => g.name).sort()).toEqual(['Forensic Psychiatry', 'Geriatric Medicine']);
    expect(j.diff.parameters.changed.map((p) => p.name)).toEqual(['spa_minimum']);
    expect(j.diagnostics).toEqual([]);
  });

  it('a file path to an unratified draft works, and the header says the draft and the dates', () => {
    const r = jobplan('policy', 'impact', 'policies/cpft-job-planning/2017-04-28.yaml', 'policies/cpft-job-planning/2027-07-01.yaml', REGISTER, 'examples/plans/breaks-new-starter-late.json', '--today', '2026-11-23');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  to   policies/cpft-job-planning/2027-07-01.yaml  draft, effective 01/07/2027');
    expect(r.stdout).toContain('whatever the plan\'s date (a draft included).');
    // JP-2026-018 is both a register row and the JSON plan: one plan, counted once (the copy agreed most recently).
    expect(r.stdout).toContain('60 of 60 plans are dated before 01/07/2027, when cpft-job-planning@2027-07-01 takes effect; they are judged by it all the same.');
    expect(r.stdout).toContain('1 copy of plans read from more than one file (the same plan reference) is not counted again');
    expect(r.stdout).toContain('warning: plan JP-2026-018 is in 2 files: examples/register-cpft-2026.xlsx, examples/plans/breaks-new-starter-late.json.');
    expect(r.stdout).toContain('1 plan changes wording only (1 finding reworded, the outcome the same).');
    expect(r.stdout).toMatch(/\nWording only \(the same outcome, a different message\)\n {2}JP-2026-018 .*\n {4}= new-starter\.interim-plan \[error\]\n {8}- The interim plan was agreed/);
  });

  it('the same version twice: nothing changes, exit 0', () => {
    const r = jobplan('policy', 'impact', FROM, 'policies/cpft-job-planning/2017-04-28.yaml', REGISTER, '--today', '2026-11-23');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('0 of 60 plans judged change outcome.');
    expect(r.stdout).toContain('No plan\'s outcome or wording changes.');
  });

  it('two different policies: allowed, said plainly, and a plan within one applies_to only is said to be', () => {
    const r = jobplan('policy', 'impact', FROM, 'wales-consultant-job-planning@2025-04-01', REGISTER, 'examples/register-sbuhb-2026.xlsx', '--today', '2026-11-23');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^What this amendment would change: cpft-job-planning@2017-04-28 → wales-consultant-job-planning@2025-04-01\n/);
    expect(r.stdout).toContain('are two different policies: rules are matched by id and parameters by name, and each judges only the plans its applies_to covers.');
    expect(r.stdout).toMatch(/\n {2}spa\.minimum {2}SPA at least the revalidation minimum: 2 plans: 2 go\n {6}because: 2 of these plans are within one version's applies_to only; rule spa\.minimum removed\n/);
  });

  it('--out page.html: the committee page "What this amendment would change", self-contained', () => {
    const out = join(dir, 'impact.html');
    const r = jobplan('policy', 'impact', FROM, TO, REGISTER, '--today', '2026-11-23', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Page written to ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h2 id="h-impact">What this amendment would change</h2>');
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(html).not.toMatch(/<script|<link |src="http/);
    expect(html).toContain('data-changed="2"');
    expect(html).toContain('<title id="impact-chart-title">Plans whose outcome changes, by specialty</title>');
    expect(html).toContain('data-plan="JP-2026-041"');
  });

  it('control characters in a plan reference are shown escaped, never sent to the terminal', () => {
    const plan = JSON.parse(readFileSync(join(root, 'examples/plans/breaks-pa-total-and-spa.json'), 'utf8')) as Record<string, unknown>;
    plan['plan_ref'] = 'JP-\u001b[8mHIDDEN';
    delete plan['$schema'];
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify(plan));
    const r = jobplan('policy', 'impact', FROM, TO, file, '--today', '2026-11-23');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('JP-\\u001b[8mHIDDEN');
    expect(r.stdout).not.toContain('\u001b');
  });

  it('bad input is exit 2 with a plain message: a version not found, no plans, no plans named, a page not .html', () => {
    const missing = jobplan('policy', 'impact', FROM, 'cpft-job-planning@2099-01-01', REGISTER);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cpft-job-planning@2099-01-01 is not in');
    expect(missing.stderr).toContain('jobplan: cannot work out the impact: cpft-job-planning@2099-01-01 did not load (see above)');
    const noPlans = jobplan('policy', 'impact', FROM, TO, 'examples/not-a-job-plan.xlsx');
    expect(noPlans.status).toBe(2);
    expect(noPlans.stderr).toContain('no job plans were read from examples/not-a-job-plan.xlsx');
    const noPaths = jobplan('policy', 'impact', FROM, TO);
    expect(noPaths.status).toBe(2);
    expect(noPaths.stderr).toContain('name the plans or registers to judge after the two versions');
    const page = jobplan('policy', 'impact', FROM, TO, REGISTER, '--out', join(dir, 'x.xlsx'));
    expect(page.status).toBe(2);
    expect(page.stderr).toContain('--out writes the HTML page: give a name ending in .html');
    for (const r of [missing, noPlans, noPaths, page]) noStack(r);
  });

  it('the same register given twice (a copy under another name): each plan counted and listed once, the register rules\' counts unchanged', () => {
    // A draft that moves plan rules (a plan lasts 24 months) and register rules (the Welsh target lowered to 50%).
    const draft = join(dir, 'wales-draft.yaml');
    writeFileSync(draft, readFileSync(join(root, 'policies/wales-consultant-job-planning/2025-04-01.yaml'), 'utf8')
      .replace('compliance_target_share: {value: 0.9,', 'compliance_target_share: {value: 0.5,')
      .replace('plan_duration_months: {value: 12,', 'plan_duration_months: {value: 24,')
      .replace('version: "2025-04-01"', 'version: "2026-12-01"')
      .replace(/^status: ratified$/m, 'status: draft'));
    const copy = join(dir, 'register-sbuhb-2026 (copy).xlsx');
    copyFileSync(join(root, 'examples/register-sbuhb-2026.xlsx'), copy);
    const args = ['policy', 'impact', 'wales-consultant-job-planning@2025-04-01', draft, 'examples/register-sbuhb-2026.xlsx', '--today', '2026-11-23', '--format', 'json'];
    const once = JSON.parse(jobplan(...args).stdout) as Omit<ImpactJson, 'changedPlans' | 'groups'> & { changedPlans: { ref: string; alsoIn?: string[] }[]; groups: { from: { message: string } }[] };
    const twice = JSON.parse(jobplan(...args, copy).stdout) as typeof once;
    expect(once.groups.length).toBeGreaterThan(0);
    expect(once.groups[0]!.from.message).toContain('8 of 9 consultants');
    expect(twice.groups).toEqual(once.groups);
    expect(twice.changedPlans.map((p) => p.ref)).toEqual(['SBUHB-2026-019', 'SBUHB-2026-033']);
    expect(twice.changedPlans.map((p) => p.alsoIn)).toEqual([[copy], [copy]]);
    expect(twice.plans).toMatchObject({ judged: once.plans.judged, changed: once.plans.changed, read: 2 * once.plans.read });
    expect(twice.bySpecialty).toEqual(once.bySpecialty);
  });

  it('--help: the usage, exit 0; the command is listed in jobplan --help', () => {
    const r = jobplan('policy', 'impact', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: jobplan policy impact <from> <to> <plans, registers or folders\.\.\.> \[options\]/);
    expect(r.stdout).toContain('as if in force');
    expect(jobplan('--help').stdout).toContain('jobplan policy impact <from> <to> <plans...>');
  });
});
