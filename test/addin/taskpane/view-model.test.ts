import { describe, expect, it } from 'vitest';
import type { EvaluationReport, Finding, PlanResult } from '../../../src-engine/index.js';
import type { Catalogue } from '../../../src-addin/worker/protocol.js';
import { countText, diagnosticLines, groupFindings, localToday, parseDateInput, parsePickerValue, parseUkDateInput, pickerOptions, plainDiagnostic, stampLines, summaryText, ukDate } from '../../../src-addin/taskpane/view-model.js';

const policy = { id: 'cpft-job-planning', version: '2017-04-28', sha256: 'c6f9e3e994ad0333ef05b2e1211dd8e9ca6f2b92225adb9c1b2d1409c6201828' };

function finding(ruleId: string, severity: Finding['severity'], cells: [string, string][] = []): Finding {
  return { ruleId, title: ruleId, severity, message: `${ruleId} fired`, clause: '7.5', policy, planRef: 'x', cells: cells.map(([sheet, cell]) => ({ sheet, cell })), values: {}, params: {} };
}

function plan(ref: string, findings: Finding[], diagnostics: PlanResult['diagnostics'] = []): PlanResult {
  return { ref, practitioner: null, source: 'book.xlsx', referenceDate: '2026-10-01', policies: [{ id: policy.id, version: policy.version, reason: 'in force on 2026-10-01' }], findings, diagnostics };
}

function report(plans: PlanResult[], extra: Partial<EvaluationReport> = {}): EvaluationReport {
  const count = (s: Finding['severity']) => plans.flatMap((p) => p.findings).filter((f) => f.severity === s).length;
  return {
    engineVersion: '0.1.0', evaluatedAt: '2026-11-23T09:00:00.000Z', asOf: null, today: '2026-11-23',
    policies: [{ ...policy, status: 'ratified', effectiveFrom: '2017-04-28', effectiveTo: '2022-10-31', illustrative: false, path: 'policies/cpft-job-planning/2017-04-28.yaml' }],
    plans, groups: [], diagnostics: [],
    summary: { plans: plans.length, findings: { error: count('error'), warning: count('warning'), info: count('info') }, groupFindings: { error: 0, warning: 0, info: 0 }, diagnostics: { error: 0, warning: 0, info: 0 } },
    ...extra,
  };
}

describe('groupFindings', () => {
  const r = report([
    plan('A', [finding('spa.minimum', 'warning'), finding('signoff.within-deadline', 'error', [['Details', 'B26'], ['Sign-off', 'B4']])]),
    plan('B', []),
    plan('C', [finding('review.annual', 'error'), finding('objectives.present', 'info')]),
  ]);

  it('groups error → warning → info, leaving out empty severities, with counts', () => {
    const groups = groupFindings(r);
    expect(groups.map((g) => [g.severity, g.count, g.heading])).toEqual([['error', 2, '2 errors'], ['warning', 1, '1 warning'], ['info', 1, '1 note']]);
    expect(groupFindings(report([plan('A', [finding('x', 'info')])])).map((g) => g.severity)).toEqual(['info']);
  });

  it('keeps the workbook\'s plan order within a severity and remembers each finding\'s plan for Explain', () => {
    const errors = groupFindings(r)[0]!.items;
    expect(errors.map((i) => [i.planRef, i.ruleId, i.planIndex])).toEqual([['A', 'signoff.within-deadline', 0], ['C', 'review.annual', 2]]);
    expect(new Set(groupFindings(r).flatMap((g) => g.items.map((i) => i.key))).size).toBe(4);
  });

  it('labels cells as Excel writes references (quoting sheet names that need it) and the clause with §', () => {
    const item = groupFindings(r)[0]!.items[0]!;
    expect(item.cells.map((c) => c.label)).toEqual(['Details!B26', "'Sign-off'!B4"]);
    expect(item.cells[1]).toMatchObject({ sheet: 'Sign-off', cell: 'B4' });
    expect(item.clause).toBe('§7.5');
    expect(item.policy).toBe('cpft-job-planning@2017-04-28');
  });

  it('lists register (group) rule findings with no plan index', () => {
    const withGroup = report([plan('A', [])], {
      groups: [{ ruleId: 'register.compliance', title: 't', severity: 'warning', message: 'm', clause: '3', policy, group: { label: 'Surgery', key: {}, plans: 4 }, offenders: [], cells: [{ file: 'f', sheet: 'Register', cell: 'A5' }], values: {}, params: {} }],
    });
    const [group] = groupFindings(withGroup);
    expect(group!.items[0]).toMatchObject({ planIndex: null, planRef: 'Surgery', cells: [{ label: 'Register!A5' }] });
  });
});

describe('summary, problems and stamp', () => {
  it('counts plans, clean plans and findings', () => {
    expect(summaryText(report([plan('A', [finding('x', 'error')]), plan('B', [])]))).toBe('2 plans checked: 1 clean (1 error, 0 warnings, 0 notes).');
    expect(summaryText(report([]))).toBe('No job plan could be read from this workbook, so nothing was checked.');
    expect(countText(1234, 'warning')).toBe('1,234 warnings');
  });

  it('lists reading problems worst first, once each, with their place', () => {
    const bad = { code: 'workbook_bad_date', severity: 'error' as const, message: "'31/02/2026' is not a date", location: { file: 'book.xlsx', sheet: 'Sign-off', cell: 'B4' } };
    const note = { code: 'plan_no_reference_date', severity: 'warning' as const, message: 'no date' };
    const lines = diagnosticLines(report([plan('A', [], [note, bad]), plan('B', [], [bad])]));
    expect(lines.map((l) => l.severity)).toEqual(['error', 'warning']);
    expect(lines[1]!.text).toBe('warning: plan_no_reference_date: no date');
    expect(lines[0]!.text).toContain("'Sign-off'!B4");
    expect(lines).toHaveLength(2);
  });

  it('stamps id, version, status, the whole sha256 (as the CLI prints it), engine and dates as DD/MM/YYYY; a loaded draft says DRAFT', () => {
    const lines = stampLines(report([]));
    expect(lines[0]).toBe(`cpft-job-planning@2017-04-28 (ratified) sha256 ${report([]).policies[0]!.sha256}`);
    expect(lines[0]).toMatch(/ sha256 [0-9a-f]{64}$/);
    expect(lines[1]).toBe('jobplan 0.1.0; today 23/11/2026; version chosen by plan date');
    expect(stampLines(report([]), 'cpft-job-planning@2017-04-28')[0]).toContain('DRAFT');
    expect(stampLines(report([], { asOf: '2018-01-01' })).pop()).toContain('as of 01/01/2018');
  });

  it('puts file problems as "Line L, column C" and cell problems at their cell', () => {
    expect(plainDiagnostic({ code: 'policy_unknown_fact', severity: 'error', message: "rule 'x' uses fact 'y'", location: { file: 'draft.yaml', line: 17, col: 19 } })).toBe("Line 17, column 19: rule 'x' uses fact 'y' (policy_unknown_fact)");
    expect(plainDiagnostic({ code: 'workbook_bad_date', severity: 'error', message: 'bad', location: { sheet: 'Sign-off', cell: 'B4' } })).toBe("'Sign-off'!B4: bad (workbook_bad_date)");
  });
});

describe('the policy picker', () => {
  const catalogue: Catalogue = {
    engineVersion: '0.1.0', diagnostics: [], maps: [],
    policies: [{
      id: 'cpft-job-planning', title: 'Interim Job Planning Policy', owner: 'CPFT',
      versions: [
        { version: '2017-04-28', status: 'ratified', illustrative: false, effectiveFrom: '2017-04-28', effectiveTo: '2022-10-31', sha256: 'a', path: 'p1', draft: false },
        { version: '2022-11-01', status: 'ratified', illustrative: true, effectiveFrom: '2022-11-01', sha256: 'b', path: 'p2', draft: false },
      ],
    }],
  };

  it('offers "By plan date" first (the default), then each policy by date and each version with its status', () => {
    const options = pickerOptions(catalogue);
    expect(options[0]).toMatchObject({ value: '', group: null });
    expect(options[0]!.label).toMatch(/^By plan date/);
    expect(options.slice(1).map((o) => [o.value, o.label])).toEqual([
      ['cpft-job-planning', 'Interim Job Planning Policy: by plan date'],
      ['cpft-job-planning@2017-04-28', '2017-04-28 (ratified; in force 28/04/2017 to 31/10/2022)'],
      ['cpft-job-planning@2022-11-01', '2022-11-01 (ratified, ILLUSTRATIVE; in force from 01/11/2022)'],
    ]);
  });

  it('lists a loaded draft, labelled DRAFT, right after the default', () => {
    const draft = { id: 'cpft-job-planning', title: 't', version: '2027-04-01', status: 'draft' as const, illustrative: false, effectiveFrom: '2027-04-01', sha256: 'c', path: '2027-04-01.yaml', draft: true };
    expect(pickerOptions(catalogue, draft)[1]).toEqual({ value: 'draft', label: 'DRAFT cpft-job-planning@2027-04-01 (loaded from 2027-04-01.yaml)', group: 'Draft policy file' });
  });

  it('turns a choice back into what the engine is asked', () => {
    expect(parsePickerValue('')).toEqual({ policy: null, useDraft: false });
    expect(parsePickerValue('cpft-job-planning')).toEqual({ policy: { id: 'cpft-job-planning' }, useDraft: false });
    expect(parsePickerValue('cpft-job-planning@2022-11-01')).toEqual({ policy: { id: 'cpft-job-planning', version: '2022-11-01' }, useDraft: false });
    expect(parsePickerValue('draft')).toEqual({ policy: null, useDraft: true });
  });
});

describe('dates', () => {
  it('reads an empty as-of as none, an ISO date as itself, anything else as invalid', () => {
    expect(parseDateInput('')).toBeNull();
    expect(parseDateInput(' 2018-01-01 ')).toBe('2018-01-01');
    expect(parseDateInput('01/01/2018')).toBe('invalid');
  });

  it('reads the as-of date as DD/MM/YYYY (one-digit day or month too), refusing ISO, US order and days the calendar lacks', () => {
    expect(parseUkDateInput('')).toBeNull();
    expect(parseUkDateInput('   ')).toBeNull();
    expect(parseUkDateInput('01/04/2026')).toBe('2026-04-01');
    expect(parseUkDateInput(' 1/4/2026 ')).toBe('2026-04-01');
    expect(parseUkDateInput('29/02/2028')).toBe('2028-02-29');
    for (const bad of ['2026-04-01', '04/31/2026', '31/04/2026', '29/02/2027', '00/01/2026', '01/13/2026', '1/4/26', '01-04-2026', 'today', '01/04/0200']) {
      expect(parseUkDateInput(bad), bad).toBe('invalid');
    }
  });

  it('shows an ISO date as DD/MM/YYYY and anything else as it is', () => {
    expect(ukDate('2026-09-01')).toBe('01/09/2026');
    expect(ukDate('not recorded')).toBe('not recorded');
  });

  it('takes today in the local time zone', () => {
    expect(localToday(new Date(2026, 10, 23, 23, 59))).toBe('2026-11-23');
  });
});
