/** `jobplan map suggest` as a user runs it: a map for a Trust's form, used unedited by validate and extract. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../src-engine/report/report.js';
import { jobplan } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jobplan-map-suggest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FORM = 'examples/trusts/bma-style-consultant.xlsx';
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('jobplan map suggest', () => {
  it('writes a commented map that validate and extract use unedited', () => {
    const out = join(dir, 'bma.yaml');
    const before = sha(FORM);
    const r = jobplan('map', 'suggest', FORM, '--out', out);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/one job plan; found \d+ \(\d+ sure/);
    expect(r.stderr).toMatch(/Map written to/);
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=.*schemas\/workbook-map\.schema\.json/);
    expect(yaml).toMatch(/start_date: \["Job plan effective from:"\]\s+# A11 → C11 '2026-06-01' \(sure\)/);
    expect(sha(FORM)).toBe(before);

    const validated = jobplan('validate', FORM, '--map', out, '--today', '2026-11-23', '--policy', 'cpft-job-planning', '--format', 'json');
    const report = JSON.parse(validated.stdout) as EvaluationReport;
    expect(report.plans[0]!.findings.filter((f) => !f.notJudged).map((f) => f.ruleId).sort()).toEqual(['pa.total-matches-contract', 'spa.expected']);

    const extracted = jobplan('extract', FORM, '--map', out);
    expect(extracted.status).toBe(0);
    expect(extracted.stdout).toMatch(/Plan start date\s+01\/06\/2026\s+'Job Plan'!C11/);
  });

  it('prints the map when no --out is given, and reads a CSV export as a register', () => {
    const r = jobplan('map', 'suggest', 'examples/trusts/ejp-export-register.csv');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/kind: rows/);
    expect(r.stdout).toMatch(/signed_manager_date: \["2nd Sign Off Date"\]/);
    expect(r.stderr).toMatch(/a register; found 18/);
  });

  it('keeps an existing file unless --force, and never writes over the workbook', () => {
    const out = join(dir, 'kept.yaml');
    writeFileSync(out, 'my own map\n');
    const kept = jobplan('map', 'suggest', FORM, '--out', out);
    expect(kept.status).toBe(2);
    expect(kept.stderr).toMatch(/already exists; it was left as it is/);
    expect(readFileSync(out, 'utf8')).toBe('my own map\n');
    expect(jobplan('map', 'suggest', FORM, '--out', out, '--force').status).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# yaml-language-server/);

    const before = sha(FORM);
    const self = jobplan('map', 'suggest', FORM, '--out', FORM, '--force');
    expect(self.status).toBe(2);
    expect(self.stderr).toMatch(/--out .* is the input .*never writes over your workbook/);
    expect(sha(FORM)).toBe(before);
  });

  it('a workbook with nothing of a job plan in it: exit 2 with what to check', () => {
    const r = jobplan('map', 'suggest', 'examples/not-a-job-plan.xlsx');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nothing in this workbook looks like a job plan/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("a map with a person's mistakes in it: each at file:line:col with the name meant, exit 2, no stack trace", () => {
    const map = join(dir, 'typo.yaml');
    writeFileSync(map, 'map: typo\nversion: 1\nsheets:\n  - sheet: Job Plan\n    kind: fields\n    fields:\n      practioner_name: [Name]\n  - sheet: Job Plan\n    kind: gird\n');
    const r = jobplan('extract', FORM, '--map', map);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/typo\.yaml:7:7: map_schema_error: 'practioner_name' is not a job plan field; did you mean 'practitioner_name'/);
    expect(r.stderr).toMatch(/typo\.yaml:9:11: map_schema_error: 'gird' is not a kind of section; did you mean 'grid'/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+|delivered_hours/);
  });

  it('bad arguments: usage and exit 2', () => {
    const r = jobplan('map', 'suggest');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/name one workbook/);
    expect(jobplan('map', 'suggest', FORM, '--id', 'Not An Id').stderr).toMatch(/--id must be lower case/);
    expect(jobplan('map', 'frobnicate').stderr).toMatch(/unknown map command 'frobnicate'/);
  });
});
