/**
 * The impact of an amendment as JSON for tools: the header (both versions, notes, counts), by rule, by specialty and
 * care group, then each plan that changes, one per line when there are many, then the wording-only plans, the register
 * findings that change, and what changed in the policy (as `jobplan policy diff --format json`). Written in pieces,
 * so a national register's changes never become one giant string.
 */
import type { PolicyImpact } from '../policy/impact.js';

/** From this many plans listed on, each plan is one line. */
export const IMPACT_COMPACT_FROM = 50;

export interface ImpactJsonHead {
  readonly engineVersion: string;
  /** The inputs read, as the shell stamped them (path and sha256). */
  readonly inputs?: readonly { readonly path: string; readonly sha256: string }[];
}

export function* impactJsonChunks(impact: PolicyImpact, head: ImpactJsonHead): Generator<string> {
  const { changedPlans, wordingPlans, groups, diff, diagnostics, ...rest } = impact;
  const top = { engineVersion: head.engineVersion, asIfInForce: true, ...(head.inputs ? { inputs: head.inputs } : {}), ...rest };
  const compact = changedPlans.length + wordingPlans.length >= IMPACT_COMPACT_FROM;
  const body = JSON.stringify(top, null, 2);
  yield `${body.slice(0, -2)},\n`;
  for (const [key, list] of [['changedPlans', changedPlans], ['wordingPlans', wordingPlans]] as const) {
    if (list.length === 0) {
      yield `  "${key}": [],\n`;
      continue;
    }
    yield `  "${key}": [\n`;
    for (let i = 0; i < list.length; i++) {
      const text = compact ? JSON.stringify(list[i]) : JSON.stringify(list[i], null, 2).replace(/\n/g, '\n    ');
      yield `    ${text}${i < list.length - 1 ? ',' : ''}\n`;
    }
    yield '  ],\n';
  }
  const tail = JSON.stringify({ groups, diff, diagnostics }, null, 2);
  yield `${tail.replace(/^\{\n/, '')}\n`;
}

/** The whole JSON text (small impacts, tests). */
export function impactJsonText(impact: PolicyImpact, head: ImpactJsonHead): string {
  return [...impactJsonChunks(impact, head)].join('');
}
