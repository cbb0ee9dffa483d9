/**
 * Explain as Medical HR reads it: the engine the pane runs (EngineService, as in the worker) answers Explain with
 * plain sentences beside the condition trace, on the example plans: a late signature, a missing one, a rule the plan
 * meets, a count rule. The trace (formatExplanationText) is unchanged: the pane shows it behind a disclosure.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EngineService } from '../../../src-addin/worker/engine-service.js';
import { readWorkbookFile } from '../../../src-engine/node/read-workbook.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const TODAY = '2026-11-23';

async function explain(example: string, ruleId: string) {
  const service = new EngineService();
  const read = await readWorkbookFile(join(root, 'examples', example));
  await service.validate({ snapshot: read.snapshot!, readDiagnostics: read.diagnostics, today: TODAY, asOf: null, policy: null, useDraft: false });
  return service.explain(0, ruleId);
}

describe('Explain in plain sentences', () => {
  it('a late signature: who signed, how many days after the meeting on which date, what the policy allows and its clause', async () => {
    const answer = await explain('breaks-signoff-late.xlsx', 'signoff.within-deadline');
    expect(answer.plain).toEqual({
      outcome: 'The plan does not meet this rule.',
      reasons: ['The practitioner signed 29 days after the job plan meeting on 01/09/2026; the policy allows 28 days (§7.5).'],
      why: null,
    });
    // The condition trace is still there for authors, as `jobplan explain` prints it.
    expect(answer.text).toContain('days_meeting_to_practitioner_signoff (29) > signoff_deadline_days (28)');
  });

  it('a signature still missing: the days waiting, counted to today', async () => {
    const answer = await explain('breaks-signoff-missing.xlsx', 'signoff.within-deadline');
    expect(answer.plain?.outcome).toBe('The plan does not meet this rule.');
    // The comparison with the policy's number first, then what sets the scene (the rule applies to a plan not in dispute).
    expect(answer.plain?.reasons[1]).toBe('The plan is disputed: no.');
    expect(answer.plain?.reasons[0]).toMatch(/^A signature is still missing \d+ days after the job plan meeting on \d\d\/\d\d\/\d{4}; the policy allows 28 days \(§7\.5\)\.$/);
  });

  it('a rule the plan meets says so, with the values that kept it quiet', async () => {
    const answer = await explain('consultant-compliant.xlsx', 'signoff.within-deadline');
    expect(answer.plain?.outcome).toBe('The plan meets this rule.');
    expect(answer.plain?.reasons.length).toBeGreaterThan(0);
    for (const reason of answer.plain?.reasons ?? []) expect(reason).toMatch(/^[A-Z].*\.$/);
    expect(answer.plain?.reasons.join(' ')).toContain('the policy allows 28 days (§7.5)');
  });

  it('no sentence carries a fact\'s code name or a symbol of the trace', async () => {
    for (const [example, rule] of [['breaks-apa-and-objectives.xlsx', 'apa.contract-recorded'], ['breaks-pa-total-and-spa.xlsx', 'spa.minimum'], ['breaks-review-overdue.xlsx', 'review.annual']] as const) {
      const answer = await explain(example, rule);
      if (!answer.plain) throw new Error(`${example} ${rule}: ${answer.diagnostics.map((d) => d.message).join('; ')}`);
      for (const reason of answer.plain.reasons) expect(reason, `${example} ${rule}`).not.toMatch(/[a-z]+_[a-z_]+|[<>≤≥✓✗]/);
    }
  });
});
