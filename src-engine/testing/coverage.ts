/** Policy test coverage: for each rule of each version, the cases that make it fire and keep it quiet. */
import type { FileLocation } from '../diagnostics/diagnostic.js';
import type { PolicyLibrary } from '../policy/policy-library.js';
import type { CaseResult } from './run-policy-tests.js';

export interface CaseRef {
  readonly name: string;
  readonly location: FileLocation;
}

export interface RuleCoverage {
  readonly policy: string;
  readonly version: string;
  readonly status: string;
  readonly ruleId: string;
  readonly fire: readonly CaseRef[];
  readonly quiet: readonly CaseRef[];
}

export function ruleCoverage(library: PolicyLibrary, results: readonly CaseResult[]): RuleCoverage[] {
  const out: RuleCoverage[] = [];
  for (const policy of library.policies) {
    const mine = results.filter((r) => r.policy === policy.id && r.version === policy.version);
    for (const rule of policy.rules) {
      const ref = (r: CaseResult): CaseRef => ({ name: r.name, location: r.location });
      out.push({
        policy: policy.id, version: policy.version, status: policy.document.status, ruleId: rule.id,
        fire: mine.filter((r) => r.expectFire.includes(rule.id)).map(ref),
        quiet: mine.filter((r) => r.expectQuiet.includes(rule.id)).map(ref),
      });
    }
  }
  return out;
}

/** A rule is covered when some case fires it and some case keeps it quiet. */
export function isCovered(c: RuleCoverage): boolean {
  return c.fire.length > 0 && c.quiet.length > 0;
}
