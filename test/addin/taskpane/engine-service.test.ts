/// <reference lib="dom" />
/**
 * The task pane's engine (the code the Web Worker runs) against the CLI: for every example workbook, the snapshot
 * judged by EngineService must give exactly `jobplan validate`'s findings, register findings, policy stamps and
 * diagnostics on the same day.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EngineService } from '../../../src-addin/worker/engine-service.js';
import { runValidation } from '../../../src-engine/cli/run-validation.js';
import type { EvaluationReport } from '../../../src-engine/index.js';
import { readWorkbookFile } from '../../../src-engine/node/read-workbook.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const TODAY = '2026-11-23';
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.xlsx')).sort();

/** What must agree: findings with their cells, messages and stamps; register findings; diagnostics by code and place. */
function essence(report: EvaluationReport) {
  return {
    plans: report.plans.map((p) => ({
      ref: p.ref.replace(/^.*\//, ''), referenceDate: p.referenceDate, policies: p.policies,
      findings: p.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, clause: f.clause, policy: f.policy, cells: f.cells, values: f.values, params: f.params })),
      diagnostics: p.diagnostics.map((d) => [d.code, d.severity, d.message.replace(/examples\//g, ''), d.location && 'sheet' in d.location ? `${d.location.sheet}!${d.location.cell}` : null]),
    })),
    groups: report.groups.map((g) => ({ ruleId: g.ruleId, message: g.message, group: g.group, cells: g.cells.map((c) => `${c.sheet}!${c.cell}`), values: g.values })),
    policies: report.policies,
    diagnostics: report.diagnostics.map((d) => d.code),
    summary: report.summary,
  };
}

describe('the task pane engine judges every example as the CLI does', () => {
  const service = new EngineService();

  it.each(examples)('%s', async (file) => {
    const path = join(root, 'examples', file);
    const cli = await runValidation({ paths: [path], today: TODAY, asOf: null, policy: null, traces: false });
    const read = await readWorkbookFile(path);
    if (!read.snapshot) {
      expect(cli.plans).toEqual([]);
      return;
    }
    const pane = await service.validate({ snapshot: { ...read.snapshot, source: file }, readDiagnostics: read.diagnostics, today: TODAY, asOf: null, policy: null, useDraft: false });
    expect(essence(pane.report)).toEqual(essence(cli));
  });

  it('agrees with the CLI for an as-of date and a chosen version too', async () => {
    const path = join(root, 'examples', 'breaks-pa-total-and-spa.xlsx');
    const read = await readWorkbookFile(path);
    for (const [asOf, policy] of [['2023-01-01', null], [null, { id: 'cpft-job-planning', version: '2022-11-01' }]] as const) {
      const cli = await runValidation({ paths: [path], today: TODAY, asOf, policy, traces: false });
      const pane = await service.validate({ snapshot: { ...read.snapshot!, source: 'breaks-pa-total-and-spa.xlsx' }, readDiagnostics: [], today: TODAY, asOf, policy, useDraft: false });
      expect(essence(pane.report)).toEqual(essence(cli));
    }
  });

  it('explains a finding of the last validation with the conditions, values and parameters', async () => {
    const read = await readWorkbookFile(join(root, 'examples', 'breaks-signoff-late.xlsx'));
    await service.validate({ snapshot: read.snapshot!, readDiagnostics: [], today: TODAY, asOf: null, policy: null, useDraft: false });
    const answer = await service.explain(0, 'signoff.within-deadline');
    expect(answer.text).toContain('Rule signoff.within-deadline');
    expect(answer.text).toContain('signoff_deadline_days = 28 days (§7.5)');
    expect(answer.text).toContain('days_meeting_to_practitioner_signoff = 29');
  });

  it('compiles a draft policy file: errors with line:col, or a draft judged by and labelled as a draft', async () => {
    const broken = service.loadDraft('draft.yaml', new TextEncoder().encode('policy: x\nversion: 2020\n'));
    expect(broken.draft).toBeNull();
    expect(broken.diagnostics.length).toBeGreaterThan(0);
    expect(broken.diagnostics.every((d) => d.location && 'line' in d.location)).toBe(true);

    const { readFileSync } = await import('node:fs');
    const text = readFileSync(join(root, 'policies/cpft-job-planning/2017-04-28.yaml'), 'utf8')
      .replace(/^version: .*$/m, 'version: "2027-04-01"').replace(/^status: .*$/m, 'status: draft').replace(/^effective_from: .*$/m, 'effective_from: 2027-04-01').replace(/^review_by: .*$/m, 'review_by: 2030-04-01')
      .replace(/signoff_deadline_days: \{ value: 28/, 'signoff_deadline_days: { value: 30');
    const loaded = service.loadDraft('2027-04-01.yaml', new TextEncoder().encode(text));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.draft).toMatchObject({ id: 'cpft-job-planning', version: '2027-04-01', status: 'draft', draft: true });
    const read = await readWorkbookFile(join(root, 'examples', 'breaks-signoff-late.xlsx'));
    const judged = await service.validate({ snapshot: read.snapshot!, readDiagnostics: [], today: TODAY, asOf: null, policy: null, useDraft: true });
    expect(judged.report.policies.map((p) => `${p.id}@${p.version}:${p.status}`)).toEqual(['cpft-job-planning@2027-04-01:draft']);
    // Day 29 is late under the 28-day rule, in time under the draft's 30 days.
    expect(judged.report.plans[0]!.findings.map((f) => f.ruleId)).not.toContain('signoff.within-deadline');
    service.clearDraft();
    await expect(service.validate({ snapshot: read.snapshot!, readDiagnostics: [], today: TODAY, asOf: null, policy: null, useDraft: true })).rejects.toThrow(/no draft policy file is loaded/);
  });
});
