import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import type { CompiledPolicy } from '../../src-engine/policy/compiled-policy.js';
import { conditionText, diffPolicies, formatPolicyDiffText, isEmpty, type PolicyDiff } from '../../src-engine/policy/diff-policies.js';
import { loadPolicy } from '../../src-engine/policy/load-policy.js';

const BASE = `# a small policy for the diff tests
policy: demo
version: "2020-01-01"
title: Demo policy
owner: Test Trust
applies_to: { staff_groups: [medical] }
status: ratified
ratified: "2019-12-01"
effective_from: "2020-01-01"
review_by: "2021-01-01"
changelog:
  - { version: "2020-01-01", change: First version. }
parameters:
  deadline: { value: 28, unit: days, clause: "1.1", description: Sign within 28 days. }
  spa_minimum: { value: 1.5, unit: PA, clause: "2.1" }
  review_months: { value: 12, unit: months, clause: "3.1" }
rules:
  - id: signoff.late
    title: Late sign-off
    clause: "1.1"
    severity: error
    when:
      any:
        - { fact: days_meeting_to_practitioner_signoff, operator: greaterThan, value: { param: deadline } }
        - { fact: days_meeting_to_manager_signoff, operator: greaterThan, value: { param: deadline } }
    message: "Signed late; the policy allows {deadline} days."
  - id: spa.minimum
    title: SPA at least the minimum
    clause: "2.1"
    severity: error
    when:
      all:
        - { fact: total_pas, operator: greaterThan, value: 0 }
        - { fact: spa_pas, operator: lessThan, value: { param: spa_minimum } }
    message: "SPA is {spa_pas} PAs; the minimum is {spa_minimum}."
    explain: There is a minimum of 1.5 SPAs.
  - id: review.annual
    title: Reviewed every year
    clause: "3.1"
    severity: error
    when: { fact: months_since_last_review, operator: greaterThan, value: { param: review_months } }
    message: "Last reviewed {months_since_last_review} months ago."
`;

/** Replaces text that must be there (a typo in a test should fail loudly, not silently diff nothing). */
function edit(text: string, ...pairs: [string, string][]): string {
  let out = text;
  for (const [from, to] of pairs) {
    if (!out.includes(from)) throw new Error(`test setup: '${from}' not in the policy text`);
    out = out.replace(from, to);
  }
  return out;
}

function load(text: string, path = 'test/demo.yaml'): CompiledPolicy {
  const loaded = loadPolicy({ path, text });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (!loaded.policy) throw new Error(`test setup: the policy does not compile:\n${errors.map(formatDiagnostic).join('\n')}`);
  return loaded.policy;
}

const diffTexts = (a: string, b: string): PolicyDiff => diffPolicies(load(a, 'test/a.yaml'), load(b, 'test/b.yaml'));
const NEXT = (text: string) => edit(text, ['version: "2020-01-01"\ntitle', 'version: "2021-01-01"\ntitle']);

describe('diffPolicies: identical versions', () => {
  it('the same text is an empty diff, and says the files are identical', () => {
    const diff = diffTexts(BASE, BASE);
    expect(isEmpty(diff)).toBe(true);
    expect(diff.metadata).toEqual([]);
    expect(diff.parameters).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.rules).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.from.sha256).toBe(diff.to.sha256);
    expect(formatPolicyDiffText(diff)).toContain('No differences: the files are byte for byte identical.');
  });

  it('comments, layout, key order and the version name are not differences in substance', () => {
    const b = edit(NEXT(BASE),
      ['# a small policy for the diff tests\n', '# reformatted\n'],
      ['{ fact: spa_pas, operator: lessThan, value: { param: spa_minimum } }', '{ value: { param: spa_minimum }, operator: lessThan, fact: spa_pas }'],
      ['review_months: { value: 12, unit: months, clause: "3.1" }', 'review_months:\n    clause: "3.1"\n    unit: months\n    value: 12'],
    );
    const diff = diffTexts(BASE, b);
    expect(isEmpty(diff)).toBe(true);
    expect(diff.from.sha256).not.toBe(diff.to.sha256);
    expect(diff.to.version).toBe('2021-01-01');
    expect(formatPolicyDiffText(diff)).toContain('No differences in substance');
  });

  it('a value-less operator with `value: true` is the same condition as without', () => {
    const withValue = edit(BASE, ['    when: { fact: months_since_last_review, operator: greaterThan, value: { param: review_months } }', '    when:\n      all:\n        - { fact: spa_justification, operator: isMissing, value: true }\n        - { fact: months_since_last_review, operator: greaterThan, value: { param: review_months } }']);
    const without = edit(withValue, ['operator: isMissing, value: true }', 'operator: isMissing }']);
    expect(isEmpty(diffTexts(withValue, without))).toBe(true);
  });
});

describe('diffPolicies: rules', () => {
  it('rules added and removed, matched by id, sorted by id', () => {
    const b = edit(BASE,
      ['  - id: review.annual\n    title: Reviewed every year\n', '  - id: review.yearly\n    title: Reviewed every year\n'],
      ['rules:\n', 'rules:\n  - id: apa.expired\n    title: Expired additional PAs\n    clause: "4.2"\n    severity: warning\n    when: { fact: apa_expired_count, operator: greaterThan, value: 0 }\n    message: "{apa_expired_count} expired."\n'],
    );
    const diff = diffTexts(BASE, b);
    expect(diff.rules.added).toEqual([
      { id: 'apa.expired', title: 'Expired additional PAs', severity: 'warning', clause: '4.2' },
      { id: 'review.yearly', title: 'Reviewed every year', severity: 'error', clause: '3.1' },
    ]);
    expect(diff.rules.removed).toEqual([{ id: 'review.annual', title: 'Reviewed every year', severity: 'error', clause: '3.1' }]);
    expect(diff.rules.changed).toEqual([]);
    expect(isEmpty(diff)).toBe(false);
  });

  it('severity, clause, title, message and explain changes, each with from and to', () => {
    const b = edit(BASE,
      ['    clause: "1.1"\n    severity: error', '    clause: "1.2"\n    severity: warning'],
      ['title: Late sign-off', 'title: Sign-off is late'],
      ['message: "Signed late; the policy allows {deadline} days."', 'message: "Signed late; allowed: {deadline} days."'],
      ['explain: There is a minimum of 1.5 SPAs.', 'explain: There is a minimum of 1.5 SPA.'],
    );
    const diff = diffTexts(BASE, b);
    expect(diff.rules.changed).toEqual([
      { id: 'signoff.late', title: 'Sign-off is late', effective: [], changes: [
        { aspect: 'title', from: 'Late sign-off', to: 'Sign-off is late' },
        { aspect: 'severity', from: 'error', to: 'warning' },
        { aspect: 'clause', from: '1.1', to: '1.2' },
        { aspect: 'message', from: 'Signed late; the policy allows {deadline} days.', to: 'Signed late; allowed: {deadline} days.' },
      ] },
      { id: 'spa.minimum', title: 'SPA at least the minimum', effective: [], changes: [
        { aspect: 'explain', from: 'There is a minimum of 1.5 SPAs.', to: 'There is a minimum of 1.5 SPA.' },
      ] },
    ]);
  });

  it('an explain text added or removed is a change from or to null', () => {
    const b = edit(BASE, ['    explain: There is a minimum of 1.5 SPAs.\n', '']);
    expect(diffTexts(BASE, b).rules.changed).toEqual([{ id: 'spa.minimum', title: 'SPA at least the minimum', effective: [], changes: [{ aspect: 'explain', from: 'There is a minimum of 1.5 SPAs.', to: null }] }]);
  });

  it('a condition change is shown in a one-line readable form, parameters by name', () => {
    const b = edit(BASE, ['{ fact: days_meeting_to_manager_signoff, operator: greaterThan, value: { param: deadline } }', '{ fact: days_meeting_to_manager_signoff, operator: greaterThanInclusive, value: { param: deadline } }']);
    const diff = diffTexts(BASE, b);
    expect(diff.rules.changed).toEqual([{ id: 'signoff.late', title: 'Late sign-off', effective: [], changes: [{
      aspect: 'condition',
      from: 'any(days_meeting_to_practitioner_signoff > {deadline}, days_meeting_to_manager_signoff > {deadline})',
      to: 'any(days_meeting_to_practitioner_signoff > {deadline}, days_meeting_to_manager_signoff >= {deadline})',
    }] }]);
  });

  it('a parameter reference replaced by a literal changes the condition and the parameters used', () => {
    const b = edit(BASE, ['{ fact: months_since_last_review, operator: greaterThan, value: { param: review_months } }', '{ fact: months_since_last_review, operator: greaterThan, value: 12 }'], ['  review_months: { value: 12, unit: months, clause: "3.1" }\n', '']);
    const diff = diffTexts(BASE, b);
    expect(diff.parameters.removed).toEqual([{ name: 'review_months', value: 12, unit: 'months', clause: '3.1', description: null }]);
    expect(diff.rules.changed).toEqual([{ id: 'review.annual', title: 'Reviewed every year', effective: [], changes: [
      { aspect: 'condition', from: 'months_since_last_review > {review_months}', to: 'months_since_last_review > 12' },
      { aspect: 'parameters-used', from: 'review_months', to: null },
    ] }]);
  });

  it('renders every kind of condition: all/any/not, literals quoted, value-less operators, fact comparisons', () => {
    expect(conditionText({ all: [
      { not: { fact: 'plan_kind', operator: 'equal', value: 'interim' } },
      { fact: 'spa_justification', operator: 'isMissing', value: true },
      { fact: 'is_consultant', operator: 'notEqual', value: false },
      { fact: 'grade', operator: 'in', value: ['consultant', 'specialist'] },
      { fact: 'signed_manager_date', operator: 'after', value: { fact: 'meeting_date' } },
      { any: [{ fact: 'total_pas', operator: 'lessThanInclusive', value: 10 }] },
    ] })).toBe('all(not(plan_kind = "interim"), spa_justification isMissing, is_consultant != false, grade in ["consultant", "specialist"], signed_manager_date after meeting_date, any(total_pas <= 10))');
  });
});

describe('diffPolicies: parameters', () => {
  it('a value change lists old and new, and every unchanged rule whose condition reads it as an effective change', () => {
    const b = edit(BASE, ['spa_minimum: { value: 1.5, unit: PA, clause: "2.1" }', 'spa_minimum: { value: 1, unit: PA, clause: "2.1" }'], ['deadline: { value: 28,', 'deadline: { value: 21,']);
    const diff = diffTexts(BASE, b);
    expect(diff.parameters.changed).toEqual([
      { name: 'deadline', from: { value: 28, unit: 'days', clause: '1.1', description: 'Sign within 28 days.' }, to: { value: 21, unit: 'days', clause: '1.1', description: 'Sign within 28 days.' }, changed: ['value'] },
      { name: 'spa_minimum', from: { value: 1.5, unit: 'PA', clause: '2.1', description: null }, to: { value: 1, unit: 'PA', clause: '2.1', description: null }, changed: ['value'] },
    ]);
    expect(diff.rules.changed).toEqual([
      { id: 'signoff.late', title: 'Late sign-off', changes: [], effective: [{ parameter: 'deadline', from: { value: 28, unit: 'days' }, to: { value: 21, unit: 'days' } }] },
      { id: 'spa.minimum', title: 'SPA at least the minimum', changes: [], effective: [{ parameter: 'spa_minimum', from: { value: 1.5, unit: 'PA' }, to: { value: 1, unit: 'PA' } }] },
    ]);
    expect(diff.rules.changed.map((r) => r.id)).not.toContain('review.annual');
  });

  it('a rule whose condition changed gets no effective-change note (the condition change says it)', () => {
    const b = edit(BASE, ['deadline: { value: 28,', 'deadline: { value: 21,'], ['{ fact: days_meeting_to_manager_signoff, operator: greaterThan,', '{ fact: days_meeting_to_manager_signoff, operator: greaterThanInclusive,']);
    const rule = diffTexts(BASE, b).rules.changed.find((r) => r.id === 'signoff.late');
    expect(rule?.changes.map((c) => c.aspect)).toEqual(['condition']);
    expect(rule?.effective).toEqual([]);
  });

  it('unit, clause and description changes are reported, and do not change how rules judge', () => {
    const b = edit(BASE,
      ['review_months: { value: 12, unit: months, clause: "3.1" }', 'review_months: { value: 12, unit: calendar months, clause: "3.1.2" }'],
      ['description: Sign within 28 days.', 'description: Both parties sign within 28 days.'],
    );
    const diff = diffTexts(BASE, b);
    expect(diff.parameters.changed.map((p) => [p.name, p.changed])).toEqual([['deadline', ['description']], ['review_months', ['unit', 'clause']]]);
    expect(diff.parameters.changed[1]).toMatchObject({ from: { unit: 'months', clause: '3.1' }, to: { unit: 'calendar months', clause: '3.1.2' } });
    expect(diff.rules.changed).toEqual([]);
  });

  it('parameters added and removed, sorted by name', () => {
    const b = edit(BASE,
      ['parameters:\n', 'parameters:\n  zz_grace: { value: 3, unit: days, clause: "1.3" }\n  apa_max_months: { value: 12, unit: months, clause: "4.1" }\n'],
      ['  spa_minimum: { value: 1.5, unit: PA, clause: "2.1" }\n', '  spa_minimum: { value: 1.5, unit: PA, clause: "2.1" }\n  lists: { value: [a, b], unit: names, clause: "5" }\n'],
    );
    const diff = diffTexts(BASE, b);
    expect(diff.parameters.added.map((p) => p.name)).toEqual(['apa_max_months', 'lists', 'zz_grace']);
    expect(diff.parameters.added[1]).toEqual({ name: 'lists', value: ['a', 'b'], unit: 'names', clause: '5', description: null });
    expect(diff.parameters.removed).toEqual([]);
    const back = diffTexts(b, BASE);
    expect(back.parameters.removed.map((p) => p.name)).toEqual(['apa_max_months', 'lists', 'zz_grace']);
    expect(back.parameters.added).toEqual([]);
  });
});

describe('diffPolicies: metadata', () => {
  it('field changes from and to (absent is null), and changelog entries added', () => {
    const b = edit(NEXT(BASE),
      ['title: Demo policy', 'title: Demo policy (amended)'],
      ['applies_to: { staff_groups: [medical] }', 'applies_to: { staff_groups: [medical], grades: [consultant] }\nillustrative: true\ndocument: POL/1'],
      ['status: ratified\nratified: "2019-12-01"\neffective_from: "2020-01-01"\nreview_by: "2021-01-01"', 'status: draft\neffective_from: "2021-01-01"\nreview_by: "2022-01-01"\nsupersedes: "2020-01-01"'],
      ['  - { version: "2020-01-01", change: First version. }\n', '  - { version: "2020-01-01", change: First version. }\n  - { version: "2021-01-01", date: "2020-12-01", change: Amended. }\n'],
    );
    const diff = diffTexts(BASE, b);
    expect(diff.metadata).toEqual([
      { field: 'title', from: 'Demo policy', to: 'Demo policy (amended)' },
      { field: 'document', from: null, to: 'POL/1' },
      { field: 'applies_to', from: { staff_groups: ['medical'] }, to: { staff_groups: ['medical'], grades: ['consultant'] } },
      { field: 'status', from: 'ratified', to: 'draft' },
      { field: 'ratified', from: '2019-12-01', to: null },
      { field: 'effective_from', from: '2020-01-01', to: '2021-01-01' },
      { field: 'review_by', from: '2021-01-01', to: '2022-01-01' },
      { field: 'supersedes', from: null, to: '2020-01-01' },
      { field: 'illustrative', from: false, to: true },
      { field: 'changelog', from: null, to: { version: '2021-01-01', date: '2020-12-01', change: 'Amended.' } },
    ]);
    expect(diff.from).toEqual({ id: 'demo', version: '2020-01-01', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), status: 'ratified', effectiveFrom: '2020-01-01', illustrative: false, path: 'test/a.yaml' });
    expect(diff.to).toMatchObject({ version: '2021-01-01', status: 'draft', effectiveFrom: '2021-01-01', illustrative: true, path: 'test/b.yaml' });
    expect(diff.samePolicy).toBe(true);
    expect(diff.rules).toEqual({ added: [], removed: [], changed: [] });
    // JSON keeps the nulls, so tools see "removed" as well as "added".
    expect(JSON.parse(JSON.stringify(diff.metadata))).toEqual(diff.metadata);
  });

  it('supersedes: null and no supersedes are the same; illustrative: false and no illustrative are the same', () => {
    const b = edit(BASE, ['review_by: "2021-01-01"\n', 'review_by: "2021-01-01"\nsupersedes: null\nillustrative: false\n']);
    expect(diffTexts(BASE, b).metadata).toEqual([]);
  });

  it('two different policy ids can be compared and are flagged', () => {
    const diff = diffTexts(BASE, edit(BASE, ['policy: demo', 'policy: other']));
    expect(diff.samePolicy).toBe(false);
    expect(isEmpty(diff)).toBe(true);
    expect(formatPolicyDiffText(diff)).toMatch(/^demo@2020-01-01 → other@2020-01-01: two different policies/);
  });
});

describe('formatPolicyDiffText', () => {
  it('an amendment reads as metadata, parameters (+ - ~) and rules, with effective changes', () => {
    const b = edit(NEXT(BASE),
      ['status: ratified\nratified: "2019-12-01"\neffective_from: "2020-01-01"\nreview_by: "2021-01-01"', 'status: draft\neffective_from: "2021-01-01"\nillustrative: true'],
      ['spa_minimum: { value: 1.5, unit: PA, clause: "2.1" }', 'spa_minimum: { value: 1, unit: PA, clause: "2.1.1" }'],
      ['    clause: "1.1"\n    severity: error', '    clause: "1.1"\n    severity: warning'],
      ['  - id: review.annual\n', '  - id: apa.expired\n    title: Expired additional PAs\n    clause: "4.2"\n    severity: warning\n    when: { fact: apa_expired_count, operator: greaterThan, value: 0 }\n    message: "{apa_expired_count} expired."\n  - id: review.annual\n'],
      ['explain: There is a minimum of 1.5 SPAs.', 'explain: There is a minimum of 1 SPA.'],
    );
    const text = formatPolicyDiffText(diffTexts(BASE, b));
    const lines = text.split('\n');
    expect(lines[0]).toBe('demo 2020-01-01 → 2021-01-01 (illustrative)');
    expect(lines[1]).toMatch(/^ {2}from test\/a\.yaml {2}ratified, effective 2020-01-01, sha256 [0-9a-f]{64}$/);
    expect(lines[2]).toMatch(/^ {2}to {3}test\/b\.yaml {2}draft, effective 2021-01-01, sha256 [0-9a-f]{64}$/);
    expect(lines.slice(3).join('\n')).toBe(`Metadata
  status: ratified → draft
  ratified: 2019-12-01 → (none)
  effective_from: 2020-01-01 → 2021-01-01
  review_by: 2021-01-01 → (none)
  illustrative: false → true
Parameters
  ~ spa_minimum: 1.5 PA → 1 PA (§2.1 → §2.1.1)
Rules
  + apa.expired [warning] §4.2 Expired additional PAs
  ~ signoff.late severity: error → warning
  ~ spa.minimum
      explain:
        - "There is a minimum of 1.5 SPAs."
        + "There is a minimum of 1 SPA."
      now judged with spa_minimum = 1 PA (was 1.5 PA)
5 metadata change(s); parameters: 0 added, 0 removed, 1 changed; rules: 1 added, 0 removed, 2 changed (1 through a parameter value).
`);
  });

  it('a parameter change alone shows each affected rule on one line', () => {
    const text = formatPolicyDiffText(diffTexts(BASE, edit(BASE, ['deadline: { value: 28,', 'deadline: { value: 21,'])));
    expect(text).toContain('\nParameters\n  ~ deadline: 28 days → 21 days (§1.1)\nRules\n  ~ signoff.late: now judged with deadline = 21 days (was 28 days)\n');
    expect(text).not.toContain('Metadata');
  });
});

describe('the CPFT fixtures (a copy of the shipped 2017 version and an illustrative amendment)', () => {
  const dir = join(import.meta.dirname, '..', 'fixtures', 'policy-versions', 'cpft-job-planning');
  const fixture = (name: string) => load(readFileSync(join(dir, name), 'utf8'), `test/fixtures/policy-versions/cpft-job-planning/${name}`);

  it('the copy is the shipped file byte for byte', () => {
    const shipped = readFileSync(join(import.meta.dirname, '..', '..', 'policies', 'cpft-job-planning', '2017-04-28.yaml'), 'utf8');
    expect(readFileSync(join(dir, '2017-04-28.yaml'), 'utf8')).toBe(shipped);
  });

  it('the amendment diffs as the SPA minimum lowered, late sign-off downgraded, one rule swapped for another', () => {
    const diff = diffPolicies(fixture('2017-04-28.yaml'), fixture('2022-11-01.yaml'));
    expect(diff.parameters.changed).toEqual([expect.objectContaining({ name: 'spa_minimum', changed: ['value'] })]);
    expect(diff.parameters.removed.map((p) => p.name)).toEqual(['min_service_objectives']);
    expect(diff.rules.added.map((r) => r.id)).toEqual(['apa.expired']);
    expect(diff.rules.removed.map((r) => r.id)).toEqual(['apa.contract-recorded']);
    expect(diff.rules.changed.map((r) => [r.id, r.changes.map((c) => c.aspect), r.effective.map((e) => e.parameter)])).toEqual([
      ['objectives.service', ['condition', 'parameters-used'], []],
      ['signoff.within-deadline', ['severity'], []],
      ['spa.minimum', ['explain'], ['spa_minimum']],
    ]);
    expect(diff.metadata.map((m) => m.field)).toEqual(['status', 'ratified', 'effective_from', 'review_by', 'supersedes', 'illustrative', 'changelog']);
  });
});
