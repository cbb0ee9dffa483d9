import { describe, expect, it } from 'vitest';
import { jobplan } from './run-cli.js';

const fixture = (name: string) => `test/fixtures/invalid-policies/${name}.yaml`;

describe('jobplan policy check', () => {
  it('the shipped policies are clean (exit 0)', () => {
    const r = jobplan('policy', 'check');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ok {2}policies\/cpft-job-planning\/2017-04-28\.yaml: cpft-job-planning@2017-04-28, \d+ rules/);
  });

  const cases: [string, string][] = [
    ['policy_unknown_fact', `${fixture('policy_unknown_fact')}:17:19: policy_unknown_fact: rule 'signoff.late' uses fact 'days_meeting_to_manger_signoff'`],
    ['policy_unknown_operator', `${fixture('policy_unknown_operator')}:17:62: policy_unknown_operator: rule 'signoff.late' uses operator 'greaterThen'; did you mean 'greaterThan'?`],
    ['policy_yaml_error-unclosed', `${fixture('policy_yaml_error-unclosed')}:18:5: policy_yaml_error: `],
    ['policy_schema_error-severity', `${fixture('policy_schema_error-severity')}:16:15: policy_schema_error: /rules/0/severity must be one of: "error", "warning", "info"`],
  ];
  for (const [name, line] of cases) {
    it(`${name}: file:line:col diagnostic and exit 2`, () => {
      const r = jobplan('policy', 'check', fixture(name));
      expect(r.status).toBe(2);
      expect(r.stdout).toContain(line);
      expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('JSON output lists each file with its hash or its diagnostics', () => {
    const r = jobplan('policy', 'check', '--format', 'json', fixture('policy_unknown_fact'));
    const out = JSON.parse(r.stdout) as { files: { ok: boolean }[]; diagnostics: { code: string; location: { line: number; col: number } }[] };
    expect(out.files).toEqual([expect.objectContaining({ ok: false })]);
    expect(out.diagnostics[0]).toMatchObject({ code: 'policy_unknown_fact', location: { line: 17, col: 19 } });
  });
});

describe('jobplan policy test', () => {
  it('runs the shipped policy tests and reports counts', () => {
    const r = jobplan('policy', 'test');
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed/m);
    expect(r.status).toBe(0);
  });
});
