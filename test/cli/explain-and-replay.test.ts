import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jobplan, root } from './run-cli.js';

const TODAY = '2026-11-23';

describe('jobplan explain', () => {
  it('shows each condition with the value seen, the parameters of the version and the clause', () => {
    const r = jobplan('explain', 'examples/breaks-signoff-late.xlsx', '--rule', 'signoff.within-deadline', '--today', TODAY);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Rule signoff.within-deadline: Both parties sign within 28 days of the job plan meeting');
    expect(r.stdout).toMatch(/policy cpft-job-planning@2017-04-28, clause §7\.5/);
    expect(r.stdout).toContain('Result: the rule FIRES');
    expect(r.stdout).toMatch(/✓ {2}true {3}days_meeting_to_practitioner_signoff \(29\) > signoff_deadline_days \(28\)/);
    expect(r.stdout).toMatch(/✗ {2}false {2}days_meeting_to_manager_signoff \(9\) > signoff_deadline_days \(28\)/);
    expect(r.stdout).toContain('signoff_deadline_days = 28 days (§7.5)');
    expect(r.stdout).toMatch(/Cells: .*'Sign-off'!B\d/);
  });

  it('explains a rule that stayed quiet too', () => {
    const r = jobplan('explain', 'examples/consultant-compliant.xlsx', '--rule', 'spa.minimum', '--today', TODAY, '--format', 'json');
    const e = JSON.parse(r.stdout) as { fired: boolean; values: Record<string, unknown>; params: Record<string, { value: number }> };
    expect(e.fired).toBe(false);
    expect(e.values['spa_pas']).toBe(2.5);
    expect(e.params['spa_minimum']!.value).toBe(1.5);
  });

  it('an unknown rule lists the rules there are', () => {
    const r = jobplan('explain', 'examples/consultant-compliant.xlsx', '--rule', 'spa.minimun', '--today', TODAY);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/explain_unknown_rule: .*'spa\.minimun'.*spa\.minimum/);
  });
});

describe('jobplan audit replay', () => {
  // Every folder a test makes is removed when the file's tests are done.
  const made: string[] = [];
  afterAll(() => { for (const dir of made) rmSync(dir, { recursive: true, force: true }); });
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'jobplan-replay-'));
    made.push(dir);
    return dir;
  };
  function recordRun(): { dir: string; report: string; input: string } {
    const dir = tempDir();
    const input = join(dir, 'plan.xlsx');
    copyFileSync(join(root, 'examples', 'breaks-signoff-late.xlsx'), input);
    const r = jobplan('validate', input, '--today', TODAY, '--format', 'json');
    const report = join(dir, 'report.json');
    writeFileSync(report, r.stdout);
    return { dir, report, input };
  }

  it('says identical when the inputs, policy and engine are unchanged', () => {
    const { report } = recordRun();
    const r = jobplan('audit', 'replay', report);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^identical: 1 plan\(s\) and 1 finding\(s\) reproduced with cpft-job-planning@2017-04-28 \(sha256 [0-9a-f]{12}…\), engine [\d.]+, today 2026-11-23/);
  });

  it('names a changed input and the findings that changed with it', () => {
    const { report, input } = recordRun();
    copyFileSync(join(root, 'examples', 'breaks-signoff-missing.xlsx'), input);
    const r = jobplan('audit', 'replay', report);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/input-changed: input changed: .*plan\.xlsx \(sha256 [0-9a-f]{12}… → [0-9a-f]{12}…\)/);
  });

  it('says identical when the report was made from another folder (the same files, named by another path)', () => {
    // Recorded from the repository with a relative path; replayed with the same file named by its absolute path.
    const recorded = jobplan('validate', 'examples/breaks-signoff-late.xlsx', '--today', TODAY, '--format', 'json');
    // As if made elsewhere: the input and its plan named by the absolute path, as a run from another folder names them.
    const report = JSON.parse(recorded.stdout) as { inputs: { path: string }[]; plans: { source: string }[] };
    const absolute = join(root, 'examples', 'breaks-signoff-late.xlsx');
    report.inputs[0]!.path = absolute;
    report.plans[0]!.source = absolute;
    const file = join(tempDir(), 'report.json');
    writeFileSync(file, JSON.stringify(report));
    const r = jobplan('audit', 'replay', file);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^identical: 1 plan\(s\)/);
  });

  it('replays against another copy of the workbook with --workbook', () => {
    const { report } = recordRun();
    const r = jobplan('audit', 'replay', report, '--workbook', 'examples/breaks-signoff-late.xlsx');
    expect(r.status, r.stdout).toBe(0);
  });

  it('names a changed engine version and a changed policy file', () => {
    const { report } = recordRun();
    const data = JSON.parse(readFileSync(report, 'utf8')) as { engineVersion: string; policies: { sha256: string }[]; plans: { findings: { message: string }[] }[] };
    data.engineVersion = '0.0.1';
    data.policies[0]!.sha256 = 'f'.repeat(64);
    data.plans[0]!.findings[0]!.message = 'an older wording';
    writeFileSync(report, JSON.stringify(data));
    const r = jobplan('audit', 'replay', report, '--format', 'json');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { identical: boolean; differences: { kind: string }[] };
    expect(out.identical).toBe(false);
    expect(out.differences.map((d) => d.kind)).toEqual(['engine-changed', 'policy-changed', 'finding-changed']);
  });

  it('a file that is not a report is exit 2 with advice, whatever it holds, never an internal error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobplan-replay-'));
    try {
      for (const [name, text] of [['x.json', '{"hello": 1}'], ['null.json', 'null'], ['list.json', '[1, 2]'], ['inputs.json', '{"inputs": 5, "options": {}, "today": "2026-11-23", "plans": [], "policies": []}']]) {
        writeFileSync(join(dir, name!), text!);
        const r = jobplan('audit', 'replay', join(dir, name!));
        expect(r.status, name).toBe(2);
        expect(r.stderr, name).toMatch(/lacks the inputs, options or dates needed to replay it/);
      }
      writeFileSync(join(dir, 'comment.json'), '{\n  // made by hand\n  "inputs": []\n}');
      const r = jobplan('audit', 'replay', join(dir, 'comment.json'));
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/comment\.json:2:3: report_json_error: JSON does not allow comments/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
