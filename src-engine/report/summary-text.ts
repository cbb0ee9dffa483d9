/** The words the committee report uses for its figures, shared by the text summary, the workbook and the HTML. */
import type { ComplianceTable, Coverage, KpiTarget, RegisterSummary } from './register-summary.js';

/** 0.6667 → "66.7%", 0.9 → "90%". */
export function pct(x: number | null): string {
  return x === null ? '—' : `${Math.round(x * 1000) / 10}%`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "more than 90%" / "at least 95%", as the policy states it. */
export function targetText(target: KpiTarget): string {
  return `${target.comparison} ${pct(target.share)}`;
}

/** "Meets target" / "Below target" / "Not judged" / "" (no target). */
export function againstTarget(meets: boolean | null, notJudged = false): string {
  if (notJudged) return 'Not judged';
  return meets === null ? '' : meets ? 'Meets target' : 'Below target';
}

/** "cpft-job-planning: 53 of 60 plans complete (88.3%) by register.completion-report; cpft-job-planning sets no target." */
export function coverageLine(c: Coverage): string {
  if (c.notJudgedPlans) {
    const verdict = c.target ? `target ${targetText(c.target)} (${c.target.param}): not judged` : `${c.policy.id} sets no target`;
    return `${c.policy.id}: ${c.measure} not judged for ${plural(c.notJudgedPlans, 'plan')} of ${c.plans} by ${c.ruleId}, whose values could not be read (see the register findings), so no share is given; ${verdict}.`;
  }
  const target = c.target
    ? `; target ${targetText(c.target)} (${c.target.param}): ${c.meetsTarget ? 'met' : 'NOT met'}`
    : `; ${c.policy.id} sets no target`;
  return `${c.policy.id}: ${c.count} of ${plural(c.plans, 'plan')} ${c.measure} (${pct(c.share)}) by ${c.ruleId}${target}.`;
}

/** "Below target by care group (register.compliance-target, more than 90%): Mental Health 85% (17/20)". */
export function tableLine(t: ComplianceTable): string {
  const below = t.groups.filter((g) => g.meetsTarget === false);
  const target = t.target ? `, ${targetText(t.target)}` : '';
  return `Below target by ${t.groupBy} (${t.ruleIds.join(', ')}${target}): ${below.map((g) => `${g.name} ${pct(g.share)} (${g.count}/${g.plans})`).join('; ') || 'none'}`;
}

/** "PAs paid ≠ planned: 1 underpaid, 0 overpaid (as pay.paid-pas-match compares them)". */
export function payLine(s: RegisterSummary): string {
  const k = s.kpis;
  if (k.payCompared === 0) return k.inHours > 0 ? 'PAs paid against planned: not recorded for staff planned in hours.' : 'PAs paid against planned: no plan records PAs paid.';
  return `PAs paid ≠ planned: ${k.underpaid} underpaid, ${k.overpaid} overpaid, of ${plural(k.payCompared, 'plan')} recording PAs paid (${payBasisText(s)}).`;
}

/** How pay was compared, per policy: by its rule and tolerance, or exactly where the policy has no pay rule. */
export function payBasisText(s: RegisterSummary): string {
  if (s.payBasis.length === 0) return 'PAs paid against total PAs planned';
  return s.payBasis
    .map((b) => (b.ruleId ? `as ${b.policy.id}'s ${b.ruleId} compares them, beyond ${b.tolerance} PA` : `${b.policy.id} has no pay rule: every difference from the PAs planned`))
    .join('; ');
}
