/**
 * Issue 12 items 4 and 5: JSON plans are read as JSON (encoding said plainly, comments and syntax errors located),
 * YAML alias bombs are located errors, and a run that read no plan, or judged none of a plan, never exits 0.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../src-engine/report/report.js';
import { jobplan, root } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jobplan-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TODAY = '2026-11-23';
const PLAN = readFileSync(join(root, 'examples', 'plans', 'consultant-compliant.json'));

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function validate(path: string): { status: number | null; out: string } {
  const r = jobplan('validate', path, '--today', TODAY);
  expect(r.stderr).not.toMatch(/internal error| {4}at /);
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('JSON is JSON', () => {
  it('a UTF-8 byte order mark is accepted, with a note', () => {
    const r = validate(file('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), PLAN])));
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/bom\.json:1:1: info: plan_json_bom: .*byte order mark/);
    expect(r.out).toMatch(/1 plan checked: 1 clean/);
  });

  it('UTF-16 is said plainly, not "must be object"', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PLAN.toString('utf8'), 'utf16le')]);
    const r = validate(file('utf16.json', utf16));
    expect(r.status).toBe(2);
    expect(r.out).toMatch(/utf16\.json:1:1: plan_json_error: the file is UTF-16 .*save it as UTF-8/);
    expect(r.out).not.toMatch(/must be object/);
  });

  it('invalid UTF-8 is an error at its line:col, not silently replaced', () => {
    const text = PLAN.toString('utf8').replace('"Dr ', '"Dr \u0000');
    const at = text.indexOf('\u0000');
    const bytes = Buffer.from(text, 'utf8');
    bytes[Buffer.byteLength(text.slice(0, at))] = 0xff;
    const line = text.slice(0, at).split('\n').length;
    const r = validate(file('latin1.json', bytes));
    expect(r.status).toBe(2);
    expect(r.out).toMatch(new RegExp(`latin1\\.json:${line}:\\d+: plan_json_error: the file is not valid UTF-8 \\(byte 0xFF`));
  });

  it('// comments get "JSON does not allow comments" at their line:col', () => {
    const r = validate(file('comment.json', `{\n  "plan_ref": "JP-1", // the reference\n  "grade": "Consultant"\n}\n`));
    expect(r.status).toBe(2);
    expect(r.out).toMatch(/comment\.json:2:23: plan_json_error: JSON does not allow comments/);
  });

  it('a syntax error is located (a trailing comma), and keys written twice are still found', () => {
    const r = validate(file('comma.json', '{\n  "plan_ref": "JP-1",\n}\n'));
    expect(r.status).toBe(2);
    expect(r.out).toMatch(/comma\.json:3:1: plan_json_error: not valid JSON/);
    const twice = validate(file('twice.json', '{\n  "plan_ref": "JP-1",\n  "plan_ref": "JP-2"\n}\n'));
    expect(twice.status).toBe(2);
    expect(twice.out).toMatch(/twice\.json:3:3: plan_json_error: a key is written twice/);
  });

  it('[] is "no plans", exit 2', () => {
    const r = validate(file('empty.json', '[]\n'));
    expect(r.status).toBe(2);
    expect(r.out).toMatch(/empty\.json:1:1: plan_json_empty: the file holds an empty list: no plans to check/);
  });
});

describe('YAML alias bombs are located errors', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefg'[i]}`).join(',')}]`)].join('\n');

  it('in a policy: policy check gives file:line:col, exit 2', () => {
    const r = jobplan('policy', 'check', file('bomb-policy.yaml', bomb));
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/bomb-policy\.yaml:2:8: policy_yaml_error: too many aliases/);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('in a workbook map: validate --map gives file:line:col, exit 2', () => {
    const r = jobplan('validate', join(root, 'examples', 'consultant-compliant.xlsx'), '--map', file('bomb-map.yaml', bomb), '--today', TODAY);
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/bomb-map\.yaml:2:8: .*too many aliases/);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

describe('nothing read or nothing judged is never success', () => {
  it('a folder with no plans in it: exit 2 "no job plans were read"', () => {
    const empty = join(dir, 'empty-folder');
    mkdirSync(empty);
    writeFileSync(join(empty, 'notes.docx'), 'not a plan');
    const r = validate(empty);
    expect(r.status).toBe(2);
    expect(r.out).toMatch(/input_no_plans: no job plans were read from .*empty-folder/);
    const report = jobplan('report', empty, '--today', TODAY);
    expect(report.status).toBe(2);
  });

  it('a plan no policy judged (its organisation mistyped) is an error and the run exits 2, not 0', () => {
    const plan = JSON.parse(PLAN.toString('utf8')) as Record<string, unknown>;
    plan['organisation'] = 'Cumbria Partnrship NHS Foundation Trust';
    const path = file('typo.json', JSON.stringify(plan));
    const r = jobplan('validate', path, '--today', TODAY, '--format', 'json');
    const report = JSON.parse(r.stdout) as EvaluationReport;
    expect(report.plans[0]!.policies).toEqual([]);
    expect(report.plans[0]!.diagnostics.map((d) => [d.severity, d.message.includes('not judged: choose a policy')])).toEqual([['error', true]]);
    expect(report.summary.diagnostics.error).toBe(1);
    expect(r.status).toBe(2);
  });
});
