import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POLICY_METADATA } from '../evaluate/helpers.js';
import { readZipDirectory } from '../../src-engine/node/read-workbook.js';
import { buildReportWorkbook, countFindingRows, FINDINGS_HEADER, REPORT_SHEETS, STREAMING_FINDING_ROWS, writeReportWorkbook } from '../../src-engine/node/write-report-workbook.js';
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
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jobplan-report-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** Rows as arrays of values (index 0 = column A). */
function rows(ws: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const out: ExcelJS.CellValue[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    const values: ExcelJS.CellValue[] = [];
    for (let c = 1; c <= ws.columnCount; c++) values.push(row.getCell(c).value);
    out.push(values);
  });
  return out;
}

const rowLabelled = (ws: ExcelJS.Worksheet, label: string): ExcelJS.CellValue[] => {
  const row = rows(ws).find((r) => r[0] === label);
  expect(row, label).toBeDefined();
  return row!;
};

/** Every text cell of a workbook. */
function texts(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => {
    if (typeof cell.value === 'string') out.push(cell.value);
  })));
  return out;
}

for (const streaming of [false, true]) {
  describe(`the report workbook (${streaming ? 'streaming writer' : 'in-memory writer'})`, () => {
    let wb: ExcelJS.Workbook;
    beforeAll(async () => {
      const path = join(dir, `report-${streaming}.xlsx`);
      expect(await writeReportWorkbook(summary, report, path, { streaming })).toEqual({ ok: true });
      wb = await readBack(path);
    });

    it('has the Summary, Findings, Expiring, Pay and Policies sheets', () => {
      expect(wb.worksheets.map((ws) => ws.name)).toEqual([...REPORT_SHEETS]);
    });

    it('puts the KPIs, as numbers, on the Summary with the verdict against the target', () => {
      const ws = wb.getWorksheet('Summary')!;
      expect(ws.getCell('A1').value).toBe('Job planning compliance report');
      expect(rowLabelled(ws, 'Reporting date')[1]).toEqual(new Date(Date.UTC(2026, 10, 23)));
      expect(rowLabelled(ws, 'Plans on the register')[1]).toBe(7);
      // the policy's own measure (months_since_last_review ≤ 12: P5, unsigned, met 11 months ago, counts) and target
      expect(rowLabelled(ws, 'Plans current').slice(1, 2)).toEqual([6]);
      const share = rowLabelled(ws, '% of plans current');
      expect(share[1]).toBeCloseTo(6 / 7, 10);
      expect(share[2]).toBe('at least 90%'); // the rule fires below the target: "at least"
      expect(share[3]).toBe('Below target');
      expect(share[5]).toBe('register.compliance-target');
      expect(rowLabelled(ws, 'Expiring within 30 days')[1]).toBe(1);
      expect(rowLabelled(ws, 'Expiring in 31–60 days')[1]).toBe(2);
      expect(rowLabelled(ws, 'Expiring in 61–90 days')[1]).toBe(1);
      expect(rowLabelled(ws, 'Never agreed (no date both parties signed)')[1]).toBe(1);
      expect(rowLabelled(ws, 'Findings: warnings')[1]).toBe(1);
      expect(rowLabelled(ws, 'Register (group rule) findings')[1]).toBe(report.groups.length);
      expect(rowLabelled(ws, 'Underpaid (PAs paid < PAs planned)')[1]).toBe(1);
      expect(rowLabelled(ws, 'Input problems (see Findings)')[1]).toBe(0);
      expect(rowLabelled(ws, 'Evaluated at')[1]).toBe('23/11/2026 09:00 UTC');
      // the policy stamp, and coverage by care group worst first with the below-target rows (the findings) labelled and filled
      expect(rowLabelled(ws, 'demo@2020-01-01').slice(0, 4)).toEqual(['demo@2020-01-01', 'ratified', 'no', report.policies[0]!.sha256]);
      expect(rowLabelled(ws, 'Children').slice(0, 7)).toEqual(['Children', 2, 1, 0.5, 'at least 90%', 'Below target', 'register.compliance-target']);
      expect(rowLabelled(ws, 'Mental Health').slice(0, 6)).toEqual(['Mental Health', 3, 3, 1, 'at least 90%', 'Meets target']);
      const below = rows(ws).filter((r) => r[5] === 'Below target' && r[0] !== '% of plans current').map((r) => r[0]);
      expect(below).toEqual(report.groups.filter((g) => g.ruleId === 'register.compliance-target').map((g) => g.group.key['care_group']));
      const all = rows(ws).map((r) => r[0]);
      expect(all.indexOf('Children')).toBeLessThan(all.indexOf('Medicine'));
      expect(all.indexOf('Medicine')).toBeLessThan(all.indexOf('Mental Health'));
      const children = ws.getRow(all.indexOf('Children') + 1);
      expect(children.getCell(1).fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFFBE9E7' } });
      expect(children.getCell(4).numFmt).toBe('0.0%');
    });

    it('lists every finding on a filterable Findings sheet with a frozen header', () => {
      const ws = wb.getWorksheet('Findings')!;
      expect(rows(ws)[0]).toEqual([...FINDINGS_HEADER]);
      expect(ws.autoFilter).toBeTruthy();
      expect(JSON.stringify(ws.autoFilter)).toMatch(/A1.*L1|"row":1/);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.rowCount - 1).toBe(countFindingRows(report));
      const plan = rowLabelled(ws, 'P2');
      expect(plan.slice(2, 6)).toEqual(['register.xlsx', 'warning', 'spa.minimum', '7.2']);
      expect(plan[9]).toBe('demo');
      expect(plan[10]).toBe('2020-01-01');
      const group = rowLabelled(ws, 'care group Children');
      expect(group[2]).toBe('register (group rule)');
      expect(group[8]).toBe('P4 (Dr P4)'); // the plans named with their practitioners
      expect(ws.getColumn(7).width).toBeGreaterThanOrEqual(60);
    });

    it('neutralises formula injection: a practitioner named =cmd... comes back as text not starting with "="', () => {
      const findings = rowLabelled(wb.getWorksheet('Findings')!, 'P2');
      expect(findings[1]).toBe(`'${INJECTION}`);
      const message = report.plans.find((p) => p.ref === 'P2')!.findings[0]!.message;
      expect(message.startsWith(`${INJECTION}: SPA 1 PA`)).toBe(true);
      expect(findings[6]).toBe(`'${message}`);
      expect(rowLabelled(wb.getWorksheet('Expiring')!, 'P2')[1]).toBe(`'${INJECTION}`);
      expect(rowLabelled(wb.getWorksheet('Pay')!, 'P2')[1]).toBe(`'${INJECTION}`);
      for (const text of texts(wb)) expect(text).not.toMatch(/^[=+\-@\t\r]/);
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula))));
    });

    it('writes the reminders list soonest first, with real dates and numbers', () => {
      const ws = wb.getWorksheet('Expiring')!;
      const [header, ...data] = rows(ws);
      expect(header).toEqual(['Plan', 'Practitioner', 'Specialty', 'Care group', 'Agreed', 'Expires', 'Days left', 'Window (days)']);
      expect(data.map((r) => [r[0], r[6], r[7]])).toEqual([['P2', 17, 30], ['P5', 39, 60], ['P3', 58, 60], ['P7', 79, 90]]);
      expect(data[0]![4]).toEqual(new Date(Date.UTC(2025, 11, 10)));
      expect(data[0]![5]).toEqual(new Date(Date.UTC(2026, 11, 10)));
      expect(ws.getCell('E2').numFmt).toBe('dd/mm/yyyy');
      expect(ws.autoFilter).toBeTruthy();
    });

    it('writes PAs planned and paid as numbers on the Pay sheet', () => {
      const [header, ...data] = rows(wb.getWorksheet('Pay')!);
      expect(header![5]).toBe('Under / over');
      expect(data.map((r) => r.slice(0, 6))).toEqual([['P3', SCRIPT_NAME, 10, 9.5, -0.5, 'underpaid'], ['P2', `'${INJECTION}`, 10, 11, 1, 'overpaid']]);
    });

    it('stamps the policies, the engine version and the inputs (Policies sheet and document properties)', () => {
      const ws = wb.getWorksheet('Policies')!;
      const p = report.policies[0]!;
      const row = rowLabelled(ws, 'demo');
      expect(row.slice(0, 8)).toEqual(['demo', '2020-01-01', 'ratified', 'no', new Date(Date.UTC(2020, 0, 1)), null, p.sha256, p.path]);
      expect(rowLabelled(ws, 'Engine version')[1]).toBe(report.engineVersion);
      expect(rowLabelled(ws, 'register.xlsx')[6]).toBe('ab'.repeat(32));
      expect(wb.title).toBe('Job planning compliance report');
      expect(wb.keywords).toContain('demo@2020-01-01');
      expect(wb.description).toContain(`demo@2020-01-01 ratified sha256 ${p.sha256}`);
      expect(wb.creator).toBe(`jobplan ${report.engineVersion}`);
    });
  });
}

describe('writing the report workbook', () => {
  it('builds the same workbook in memory for callers that want the object', () => {
    const wb = buildReportWorkbook(summary, report);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([...REPORT_SHEETS]);
  });

  it(`streams a report of more than ${STREAMING_FINDING_ROWS} finding rows (inline strings, every row kept)`, async () => {
    const plan = report.plans[1]!;
    const finding = plan.findings[0]!;
    const n = STREAMING_FINDING_ROWS + 5;
    const plans = Array.from({ length: n }, (_, i) => ({ ...plan, ref: `R${i}`, findings: [{ ...finding, planRef: `R${i}`, message: i === n - 1 ? '@SUM(1)' : finding.message }] }));
    const big = { ...report, plans };
    expect(countFindingRows(big)).toBe(n + report.groups.length);
    const path = join(dir, 'big.xlsx');
    expect(await writeReportWorkbook(summary, big, path)).toEqual({ ok: true });
    const names = readZipDirectory(await readFile(path))!.map((entry) => entry.name.replace(/^\//, ''));
    expect(names).toContain('xl/worksheets/sheet2.xml');
    expect(names).not.toContain('xl/sharedStrings.xml'); // the streaming writer, as configured
    const ws = (await readBack(path)).getWorksheet('Findings')!;
    expect(ws.rowCount).toBe(1 + n + report.groups.length);
    expect(ws.getRow(n + 1).getCell(7).value).toBe("'@SUM(1)");
    expect(ws.autoFilter).toBeTruthy();
  });

  it('says why it could not write, and leaves nothing behind', async () => {
    for (const streaming of [false, true]) {
      expect(await writeReportWorkbook(summary, report, join(dir, 'missing', 'r.xlsx'), { streaming })).toEqual({ ok: false, message: 'its folder does not exist' });
    }
    expect((await readdir(dir)).filter((f) => f.includes('.partial-'))).toEqual([]);
  });
});
