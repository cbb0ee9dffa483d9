/**
 * `jobplan report --impact <to> [--impact-from <from>]`: the committee report carries "What this amendment would
 * change" (the page's section, the workbook's Impact sheet, a line of the text), the same plans `policy impact`
 * lists; bad values stop the report before anything is written.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobplan, root, type CliRun } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jobplan-report-impact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REGISTER = 'examples/register-cpft-2026.xlsx';
const TODAY = ['--today', '2026-11-23'];
const noStack = (r: CliRun) => expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);

/** The plans listed in the page's impact section (its rows' data-plan), each once, in order. */
function sectionPlans(html: string): string[] {
  const section = /<section class="impact"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  const plans = /<table class="impact-plans">[\s\S]*?<\/table>/.exec(section)?.[0] ?? '';
  return [...new Set([...plans.matchAll(/<tr data-plan="([^"]*)"/g)].map((m) => m[1]!))];
}

async function sheetRows(path: string, name: string): Promise<{ names: string[]; rows: unknown[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(name);
  const rows: unknown[][] = [];
  ws?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { names: wb.worksheets.map((w) => w.name), rows };
}

describe('jobplan report --impact: the CPFT register, 2017 → the illustrative 2022 version', () => {
  let run: CliRun;
  let impactJson: { from: { version: string }; changedPlans: { ref: string }[] };
  const html = join(dir, 'report.html');
  const xlsx = join(dir, 'report.xlsx');
  beforeAll(() => {
    // <from> not named: the version the report applies as in force on its date (2017; 2022 is illustrative).
    run = jobplan('report', REGISTER, ...TODAY, '--impact', 'cpft-job-planning@2022-11-01', '--out', html, '--out', xlsx);
    const impact = jobplan('policy', 'impact', 'cpft-job-planning@2017-04-28', 'cpft-job-planning@2022-11-01', REGISTER, ...TODAY, '--format', 'json');
    expect(impact.status).toBe(0);
    impactJson = JSON.parse(impact.stdout) as typeof impactJson;
  });

  it('exit 0; the text has one line about the impact', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('Impact of '));
    expect(lines).toEqual(['Impact of cpft-job-planning@2022-11-01 (ILLUSTRATIVE) against cpft-job-planning@2017-04-28: 2 of 60 plans change outcome (2 with fewer or milder findings).']);
  });

  it('report.html has the section "What this amendment would change", listing the plans policy impact lists', () => {
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h2 id="h-impact">What this amendment would change</h2>');
    expect(page).toContain('data-from="cpft-job-planning@2017-04-28" data-to="cpft-job-planning@2022-11-01" data-changed="2"');
    expect(impactJson.changedPlans.length).toBeGreaterThan(0);
    expect(sectionPlans(page)).toEqual(impactJson.changedPlans.map((p) => p.ref));
    // The chart by specialty and the cause from the diff, as on the impact page.
    expect(page).toContain('<title id="impact-chart-title">Plans whose outcome changes, by specialty</title>');
    expect(page).toContain('spa_minimum 1.5 PA → 1 PA');
    // Which version <from> is, and why.
    expect(page).toContain('Compared with cpft-job-planning@2017-04-28, the version this report applies as in force on 23/11/2026 (the reporting date); --impact-from names another.');
    // After the key figures, before the findings; the report is otherwise itself.
    expect(page.indexOf('id="h-impact"')).toBeGreaterThan(page.indexOf('id="h-kpis"'));
    expect(page.indexOf('id="h-impact"')).toBeLessThan(page.indexOf('id="h-findings"'));
    expect(page).not.toMatch(/<script|src="http/);
  });

  it('report.xlsx has an Impact sheet: a row per plan that moves (plan, specialty, care group, rule, change, cause, cell)', async () => {
    const { names, rows } = await sheetRows(xlsx, 'Impact');
    expect(names).toEqual(['Summary', 'Findings', 'Expiring', 'Pay', 'Impact', 'Policies']);
    expect(rows[0]).toEqual(['What this amendment would change: cpft-job-planning@2017-04-28 → cpft-job-planning@2022-11-01 (ILLUSTRATIVE)']);
    expect(String(rows[1]![0])).toMatch(/^2 of 60 plans judged change outcome \(2 with fewer or milder findings, 0 with more or sterner, 0 other\)/);
    expect(rows[2]).toEqual(['Plan / group', 'Practitioner', 'Specialty', 'Care group', 'Rule', 'Change', 'Before', 'After', 'Because (what changed in the policy)', 'Message', 'Source', 'Cell', 'Also in']);
    const body = rows.slice(3);
    expect(body.map((r) => r[0])).toEqual(impactJson.changedPlans.map((p) => p.ref));
    expect(body[0]!.slice(0, 9)).toEqual(['JP-2026-014', 'Oliver, Aisha', 'Geriatric Medicine', 'Community Services', 'spa.minimum', 'finding goes', 'error', 'no finding', 'spa_minimum 1.5 PA → 1 PA']);
    expect(body[0]![9]).toMatch(/^SPA is 1 PA a week/);
    expect(body[0]![11]).toBe('Register!H16');
  });

  it('--impact-from names <from>; --format json carries the impact beside the summary and the report', async () => {
    const out = join(dir, 'from.xlsx');
    const r = jobplan('report', REGISTER, ...TODAY, '--impact', 'policies/cpft-job-planning/2022-11-01.yaml', '--impact-from', 'policies/cpft-job-planning/2022-11-01.yaml', '--out', out, '--format', 'json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { summary: unknown; report: { plans: unknown[] }; impact: { from: { version: string }; to: { version: string }; plans: { changed: number }; changedPlans: unknown[] } };
    expect([j.impact.from.version, j.impact.to.version]).toEqual(['2022-11-01', '2022-11-01']);
    expect(j.impact.plans.changed).toBe(0);
    expect(j.report.plans).toHaveLength(60);
    const { rows } = await sheetRows(out, 'Impact');
    expect(rows.slice(3)).toEqual([["No plan's outcome changes."]]);
  });

  it('<from> is the version in force on --as-of, as the report chooses it (illustrative versions with --illustrative)', () => {
    const out = join(dir, 'as-of.html');
    const r = jobplan('report', REGISTER, ...TODAY, '--as-of', '2023-01-01', '--illustrative', '--impact', 'policies/cpft-job-planning/2027-07-01.yaml', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Policy cpft-job-planning@2022-11-01 (ILLUSTRATIVE)');
    expect(r.stdout).toContain('Impact of cpft-job-planning@2027-07-01 against cpft-job-planning@2022-11-01: ');
    expect(readFileSync(out, 'utf8')).toContain('Compared with cpft-job-planning@2022-11-01, the version this report applies as in force on 01/01/2023 (--as-of); --impact-from names another.');
  });

  it('without --impact there is no section and no Impact sheet', async () => {
    const page = join(dir, 'plain.html');
    const book = join(dir, 'plain.xlsx');
    const r = jobplan('report', REGISTER, ...TODAY, '--out', page, '--out', book);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('Impact of ');
    expect(readFileSync(page, 'utf8')).not.toContain('id="h-impact"');
    expect((await sheetRows(book, 'Impact')).names).not.toContain('Impact');
  });
});

describe('jobplan report --impact: mistakes stop it before anything is written', () => {
  const outs = (name: string) => [join(dir, `${name}.html`), join(dir, `${name}.xlsx`)];
  const nothingWritten = (name: string) => {
    for (const o of outs(name)) expect(existsSync(o)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith(name))).toEqual([]);
  };

  it('a version that is not there: exit 2, the versions there named, no stack trace, nothing written (the audit log neither)', () => {
    const [html, xlsx] = outs('missing');
    const log = join(dir, 'missing-audit.jsonl');
    const r = jobplan('report', REGISTER, ...TODAY, '--impact', 'cpft-job-planning@2099-01-01', '--out', html!, '--out', xlsx!, '--audit-log', log);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cpft-job-planning@2099-01-01 is not in policies; its versions there: 2017-04-28 (ratified), 2022-11-01 (ratified), 2027-07-01 (draft)');
    expect(r.stderr).toContain('jobplan: --impact cpft-job-planning@2099-01-01: cannot work out the impact');
    expect(r.stdout).toBe('');
    noStack(r);
    nothingWritten('missing');
  });

  it('a broken policy file: its errors with file:line:col, exit 2, nothing written', () => {
    const broken = join(dir, 'yaml-error-2022.yaml');
    writeFileSync(broken, readFileSync(join(root, 'policies/cpft-job-planning/2022-11-01.yaml'), 'utf8').replace('spa_minimum: {', 'spa_minimum: {{'));
    const [html] = outs('broken');
    const r = jobplan('report', REGISTER, ...TODAY, '--impact', broken, '--out', html!);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: policy_yaml_error`));
    noStack(r);
    nothingWritten('broken');
  });

  it('a bad --impact-from: exit 2, nothing written', () => {
    const [html] = outs('badfrom');
    const r = jobplan('report', REGISTER, ...TODAY, '--impact', 'cpft-job-planning@2022-11-01', '--impact-from', join(dir, 'no-such.yaml'), '--out', html!);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no-such.yaml does not exist; give a policy file or id@version');
    expect(r.stderr).toContain('jobplan: --impact-from ');
    noStack(r);
    nothingWritten('badfrom');
  });

  it('both wrong: both said, exit 2, nothing written', () => {
    const [html] = outs('bothbad');
    const r = jobplan('report', REGISTER, ...TODAY, '--impact', 'cpft-job-planning@2099-01-01', '--impact-from', 'no-such-policy@2017-04-28', '--out', html!);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cpft-job-planning@2099-01-01 is not in policies');
    expect(r.stderr).toContain("no policy 'no-such-policy' in policies");
    expect(r.stderr).toContain('jobplan: --impact cpft-job-planning@2099-01-01 and --impact-from no-such-policy@2017-04-28: cannot work out the impact: the versions did not load (see above); nothing was written');
    noStack(r);
    nothingWritten('bothbad');
  });

  it('a policy with no version in force on the report date to compare with: says so and how to name one', () => {
    const [html] = outs('nofrom');
    const r = jobplan('report', REGISTER, '--today', '2016-01-01', '--impact', 'cpft-job-planning@2022-11-01', '--out', html!);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no version of cpft-job-planning to compare it with');
    expect(r.stderr).toContain('--impact-from');
    noStack(r);
    nothingWritten('nofrom');
  });

  it('--impact-from without --impact is a usage error', () => {
    const [html] = outs('usage');
    const r = jobplan('report', REGISTER, '--impact-from', 'cpft-job-planning@2017-04-28', '--out', html!);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--impact-from names the version to compare from: add --impact <to>');
    expect(r.stderr).toContain('Usage: jobplan report');
    noStack(r);
    nothingWritten('usage');
  });

  it('report --help documents --impact and --impact-from', () => {
    const r = jobplan('report', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--impact <to> +add "What this amendment would change"/);
    expect(r.stdout).toMatch(/--impact-from <from> +compare <to> with <from>/);
  });
});

describe('jobplan report --impact: what the plans hold is shown, never run', () => {
  it('a plan reference and name holding HTML are escaped in the section', () => {
    const plan = JSON.parse(readFileSync(join(root, 'examples/plans/breaks-pa-total-and-spa.json'), 'utf8')) as Record<string, unknown>;
    plan['plan_ref'] = '<script>alert(1)</script>';
    plan['practitioner_name'] = '<img src=x onerror=alert(2)>';
    delete plan['$schema'];
    const file = join(dir, 'hostile-plan.json');
    writeFileSync(file, JSON.stringify(plan));
    const html = join(dir, 'hostile.html');
    const r = jobplan('report', REGISTER, file, ...TODAY, '--impact', 'cpft-job-planning@2022-11-01', '--out', html);
    expect(r.status).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toMatch(/<script|<img/);
    expect(sectionPlans(page)).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const section = /<section class="impact"[\s\S]*?<\/section>/.exec(page)![0];
    expect(section).toContain('&lt;script&gt;alert(1)&lt;/script&gt; (&lt;img src=x onerror=alert(2)&gt;)');
  });
});

describe('jobplan report --impact: the same register given twice', () => {
  it('counts and lists each plan once, as the register rules count it, naming the other file', () => {
    const copy = join(dir, 'register-cpft-2026 (copy).xlsx');
    copyFileSync(join(root, REGISTER), copy);
    const html = join(dir, 'twice.html');
    const r = jobplan('report', REGISTER, copy, ...TODAY, '--impact', 'cpft-job-planning@2022-11-01', '--out', html);
    expect(r.stdout).toContain('Impact of cpft-job-planning@2022-11-01 (ILLUSTRATIVE) against cpft-job-planning@2017-04-28: 2 of 60 plans change outcome (2 with fewer or milder findings).');
    const page = readFileSync(html, 'utf8');
    expect(sectionPlans(page)).toEqual(['JP-2026-014', 'JP-2026-041']);
    expect(page).toContain(`also in ${copy}`);
    expect(page).toContain('60 copies of plans read from more than one file (the same plan reference) are not counted again');
  });
});
