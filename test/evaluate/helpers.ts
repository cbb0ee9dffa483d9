import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';

/** The metadata of a ratified demo policy in force from 2020 for medical staff (follows `policy: demo`). */
export const DEMO_POLICY_METADATA = `version: "2020-01-01"
title: Demo
owner: Test Trust
applies_to: { staff_groups: [medical] }
status: ratified
ratified: "2019-12-01"
effective_from: "2020-01-01"`;

/** A small two-rule policy, with its effective date and one parameter value replaceable per test. */
export function policyText(opts: { version?: string; status?: string; deadline?: number; extraRules?: string } = {}): string {
  const version = opts.version ?? '2020-01-01';
  return `policy: demo
version: "${version}"
title: Demo policy
owner: Test Trust
applies_to: { staff_groups: [medical] }
status: ${opts.status ?? 'ratified'}
${opts.status === 'draft' ? '' : 'ratified: "2019-12-01"\n'}effective_from: "${version}"
parameters:
  deadline: { value: ${opts.deadline ?? 28}, unit: days, clause: "7.5" }
  spa_min: { value: 1.5, unit: PA, clause: "7.2.1" }
rules:
  - id: signoff.within-deadline
    title: Sign within the deadline
    clause: "7.5"
    severity: error
    when:
      any:
        - { fact: days_meeting_to_practitioner_signoff, operator: greaterThan, value: { param: deadline } }
        - { fact: days_meeting_to_manager_signoff, operator: greaterThan, value: { param: deadline } }
    message: "Manager signed after {days_meeting_to_manager_signoff} days; allowed {deadline}; meeting {meeting_date}."
  - id: spa.minimum
    title: SPA minimum
    clause: "7.2.1"
    severity: warning
    when: { fact: spa_pas, operator: lessThan, value: { param: spa_min } }
    message: "SPA {spa_pas} below {spa_min}."
${opts.extraRules ?? ''}`;
}

export function library(...texts: { path: string; text: string }[]) {
  const lib = loadPolicyLibrary(texts);
  if (lib.diagnostics.length > 0) throw new Error(JSON.stringify(lib.diagnostics));
  return lib;
}
