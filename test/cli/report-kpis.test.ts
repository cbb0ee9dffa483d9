/**
 * `jobplan report` on every example register (run `npm run build` first): every count on the Summary sheet and in
 * the HTML equals the count of the matching findings, and each target appears as its policy states it. Expected
 * counts are computed from the run's own findings (and, for pay without a pay rule, from the plans' facts), never
 * written in here.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupFinding } from '../../src-engine/evaluate/evaluate-groups.js';
import { deriveFacts } from '../../src-engine/facts/catalogue.js';
import { loadRunContext } from '../../src-engine/cli/run-context.js';
import { readPlans } from '../../src-engine/node/read-plans.js';
import type { RegisterSummary } from '../../src-engine/report/register-summary.js';
import type { EvaluationReport, Finding } from '../../src-engine/report/report.js';
import { jobplan, root } from './run-cli.js';

const TODAY = '2026-11-23';
/** The example registers: the register workbooks, and the e-job-planning exports in examples/trusts/ that read as registers. */
const REGISTERS = [
  'examples/register-cpft-2026.xlsx',
  'examples/register-sbuhb-2026.xlsx',
  'examples/register-nhse-ahp-2026.xlsx',
  'examples/trusts/ejp-export-register.xlsx',
  'examples/trusts/ejp-export-register.csv',
  'examples/trusts/ejp-export-register-utf8.csv',
];

const dir = mkdtempSync(join(tmpdir(), 'jobplan-report-kpis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly summary: RegisterSummary;
  readonly report: EvaluationReport;
  readonly html: string;
  readonly wb: ExcelJS.Workbook;
  readonly text: string;
}

async function run(file: string, n: number): Promise<Run> {
  const xlsx = join(dir, `r${n}.xlsx`);
  const html = join(dir, `r${n}.html`);
  const r = jobplan('report', file, '--today', TODAY, '--out', xlsx, '--out', html, '--format', 'json');
  if (r.stdout.trim() === '') throw new Error(`no JSON output (exit ${r.status}): ${r.stderr}`);
  const { summary, report } = JSON.parse(r.stdout) as { summary: RegisterSummary; report: EvaluationReport };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx);
  const text = jobplan('report', file, '--today', TODAY).stdout;
  return { summary, report, html: readFileSync(html, 'utf8'), wb, text };
}

/** Summary sheet rows as arrays of values (index 0 = column A). */
function summaryRows(wb: ExcelJS.Workbook): ExcelJS.CellValue[][] {
  const ws = wb.getWorksheet('Summary')!;
  const out: ExcelJS.CellValue[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    const values: ExcelJS.CellValue[] = [];
    for (let c = 1; c <= 7; c++) values.push(row.getCell(c).value);
    out.push(values);
  });
  return out;
}

function figure(wb: ExcelJS.Workbook, label: string): ExcelJS.CellValue {
  const row = summaryRows(wb).find((r) => r[0] === label);
  expect(row, label).toBeDefined();
  return row![1]!;
}

function htmlKpi(html: string, key: string): number {
  const m = new RegExp(`data-kpi="${key}"[^>]*>(?:<p class="label">.*?</p><p class="value">)?(\\d+)<`).exec(html);
  expect(m, key).not.toBeNull();
  return Number(m![1]);
}

const findings = (report: EvaluationReport): Finding[] => report.plans.flatMap((p) => p.findings);
const groupValue = (g: GroupFinding): string => Object.values(g.group.key).map((v) => v ?? '(not recorded)').join(', ');
const pctText = (x: number): string => `${Math.round(x * 1000) / 10}%`;

describe.each(REGISTERS.map((file, n) => [file, n] as const))('jobplan report %s', (file, n) => {
  let r: Run;
  let all: Finding[];
  beforeAll(async () => {
    r = await run(file, n);
    all = findings(r.report);
  }, 180_000);

  it('reads as a register and judges its plans', () => {
    expect(r.report.plans.length).toBeGreaterThan(1);
    expect(r.report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('counts findings as the findings are: on the Summary sheet and in the HTML', () => {
    const count = (s: string): number => all.filter((f) => f.severity === s).length;
    const withErrors = r.report.plans.filter((p) => p.findings.some((f) => f.severity === 'error')).length;
    expect(figure(r.wb, 'Findings: errors')).toBe(count('error'));
    expect(figure(r.wb, 'Findings: warnings')).toBe(count('warning'));
    expect(figure(r.wb, 'Findings: info')).toBe(count('info'));
    expect(figure(r.wb, 'Plans with errors')).toBe(withErrors);
    expect(figure(r.wb, 'Register (group rule) findings')).toBe(r.report.groups.length);
    expect(figure(r.wb, 'Plans on the register')).toBe(r.report.plans.length);
    expect(htmlKpi(r.html, 'errors')).toBe(count('error'));
    expect(htmlKpi(r.html, 'warnings')).toBe(count('warning'));
    expect(htmlKpi(r.html, 'info')).toBe(count('info'));
    expect(htmlKpi(r.html, 'plansWithErrors')).toBe(withErrors);
    if (r.report.groups.length > 0) expect(htmlKpi(r.html, 'groupFindings')).toBe(r.report.groups.length);
  });

  it('puts a group below target exactly where a target rule found it, with the rule\'s own figures, in the workbook and the HTML', () => {
    const rows = summaryRows(r.wb);
    for (const table of r.summary.tables) {
      const fired = r.report.groups.filter((g) => table.ruleIds.includes(g.ruleId) && g.policy.id === table.policy.id);
      // the HTML: one section per table, its rows below target = the findings, with the findings' counts
      const at = r.html.indexOf(`data-rules="${table.ruleIds.join(' ')}"`);
      expect(at, table.ruleIds.join(' ')).toBeGreaterThan(0);
      const section = r.html.slice(at, r.html.indexOf('</section>', at));
      const below = [...section.matchAll(/<g class="row" data-name="([^"]*)" data-plans="(\d+)" data-count="(\d+)" data-below="true"/g)];
      if (table.target === null) {
        expect(below).toEqual([]);
        expect(section).not.toContain('Target:');
        continue;
      }
      expect(below.map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&#39;/g, "'")).sort()).toEqual(fired.map(groupValue).sort());
      for (const m of below) {
        const finding = fired.find((g) => groupValue(g) === m[1]!.replace(/&amp;/g, '&').replace(/&#39;/g, "'"))!;
        const size = Object.entries(finding.values).find(([k]) => k === 'plans' || k === 'staff');
        if (size) expect(Number(m[2])).toBe(size[1]);
        const counted = Object.entries(finding.values).find(([k]) => k === table.measure.replace(/ /g, '_'));
        if (counted) expect(Number(m[3])).toBe(counted[1]);
      }
      expect(section).toContain(`data-below-count="${fired.length}"`);
      // the workbook: the table's rows marked "Below target" are the same groups
      const start = rows.findIndex((row) => typeof row[0] === 'string' && row[0].includes(`${table.policy.id}@${table.policy.version} ${table.ruleIds.join(', ')}`));
      expect(start).toBeGreaterThan(0);
      const end = rows.findIndex((row, i) => i > start + 1 && (row[0] === null || row[0] === undefined));
      const tableRows = rows.slice(start + 2, end < 0 ? undefined : end);
      expect(tableRows.filter((row) => row[5] === 'Below target').map((row) => row[0]).sort()).toEqual(fired.map(groupValue).sort());
      // the target as the policy states it: the fired rule's own message says it ("more than 90%")
      const target = `${table.target.comparison} ${pctText(table.target.share)}`;
      for (const g of fired) expect(g.message).toContain(target);
      for (const g of fired) expect(g.params[table.target.param]).toBe(table.target.share);
      expect(section).toContain(`Target: ${target}`);
      expect(tableRows.every((row) => row[4] === target)).toBe(true);
    }
  });

  it('shows no target line for a policy that states no target', () => {
    for (const c of r.summary.coverage.filter((x) => x.target === null)) {
      expect(r.text).toContain(`${c.policy.id} sets no target`);
      expect(r.text).not.toMatch(new RegExp(`${c.policy.id}:[^\\n]*target (more than|at least|\\d)`));
    }
    if (r.summary.coverage.every((c) => c.target === null)) {
      expect(r.html).not.toMatch(/Target: |target-line|Below target|Meets target/);
      expect(r.text).not.toMatch(/NOT met|: met/);
    }
  });

  it('counts pay as the pay rule compares it (or, without one, as the plans record it), on the Summary, in the HTML and on the Pay sheet', async () => {
    const payRule = r.summary.payBasis.find((b) => b.ruleId !== null);
    let under: string[];
    let over: string[];
    if (payRule) {
      const fired = all.filter((f) => f.ruleId === payRule.ruleId);
      under = fired.filter((f) => typeof f.values['pas_underpaid'] === 'number').map((f) => f.planRef);
      over = fired.filter((f) => typeof f.values['pas_overpaid'] === 'number').map((f) => f.planRef);
    } else {
      // No pay rule: every plan whose PAs paid differ from the PAs it schedules, read from the plans themselves.
      const context = loadRunContext({});
      const read = await readPlans([join(root, file)], context.map!);
      const facts = read.plans.map((p) => ({ ref: p.plan.plan_ref, paid: p.plan.pas_paid, total: deriveFacts(p.plan, { today: TODAY, registerRow: p.kind === 'register-row' }, ['total_pas'])['total_pas']?.value }));
      const compared = facts.filter((f) => typeof f.paid === 'number' && typeof f.total === 'number');
      under = compared.filter((f) => (f.paid as number) < (f.total as number) - 1e-9).map((f) => f.ref!);
      over = compared.filter((f) => (f.paid as number) > (f.total as number) + 1e-9).map((f) => f.ref!);
    }
    const paySheet = r.wb.getWorksheet('Pay')!;
    const payRows: { ref: string; difference: number }[] = [];
    paySheet.eachRow((row, i) => {
      if (i > 1) payRows.push({ ref: String(row.getCell(1).value), difference: Number(row.getCell(5).value) });
    });
    expect(payRows.filter((p) => p.difference < 0).map((p) => p.ref).sort()).toEqual([...under].sort());
    expect(payRows.filter((p) => p.difference > 0).map((p) => p.ref).sort()).toEqual([...over].sort());
    if (r.summary.kpis.payCompared > 0) {
      expect(figure(r.wb, 'Underpaid (PAs paid < PAs planned)')).toBe(under.length);
      expect(figure(r.wb, 'Overpaid (PAs paid > PAs planned)')).toBe(over.length);
      expect(htmlKpi(r.html, 'underpaid')).toBe(under.length);
      expect(htmlKpi(r.html, 'overpaid')).toBe(over.length);
      expect(r.text).toContain(`${under.length} underpaid, ${over.length} overpaid`);
    } else {
      expect(under.length + over.length).toBe(0);
    }
  });

  it('counts the plans reaching their review date as the reminder rule does, where the policy has one', () => {
    const reminders = all.filter((f) => typeof f.values['days_to_review_anniversary'] === 'number' && (f.values['days_to_review_anniversary'] as number) >= 0);
    const total = Number(figure(r.wb, 'Expiring within 30 days')) + Number(figure(r.wb, 'Expiring in 31–60 days')) + Number(figure(r.wb, 'Expiring in 61–90 days'));
    expect(htmlKpi(r.html, 'expiring30') + htmlKpi(r.html, 'expiring60') + htmlKpi(r.html, 'expiring90')).toBe(total);
    expect(r.wb.getWorksheet('Expiring')!.rowCount - 1).toBe(total);
    if (reminders.length > 0) expect(total).toBe(reminders.length);
  });
});
