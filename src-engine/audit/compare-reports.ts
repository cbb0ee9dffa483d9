/**
 * Audit replay: what differs between a recorded report and the same run repeated now, and why. Findings are
 * matched by plan and rule id; the causes (input, policy, engine, options) are compared from the stamps.
 */
import type { GroupFinding } from '../evaluate/evaluate-groups.js';
import type { EvaluationReport, Finding, PlanResult } from '../report/report.js';

export interface ReplayDifference {
  readonly kind: 'input-changed' | 'input-missing' | 'policy-changed' | 'policy-missing' | 'policy-version-chosen' | 'engine-changed' | 'map-changed' | 'plan-added' | 'plan-removed' | 'finding-added' | 'finding-removed' | 'finding-changed';
  readonly message: string;
}

export function compareReports(recorded: EvaluationReport, replayed: EvaluationReport): ReplayDifference[] {
  const out: ReplayDifference[] = [];
  // Causes first, so a reader sees why before what.
  if (recorded.engineVersion !== replayed.engineVersion) {
    out.push({ kind: 'engine-changed', message: `engine version changed: ${recorded.engineVersion} → ${replayed.engineVersion}` });
  }
  const recordedInputs = new Map((recorded.inputs ?? []).map((i) => [i.path, i.sha256]));
  for (const input of replayed.inputs ?? []) {
    const before = recordedInputs.get(input.path);
    if (before !== undefined && before !== input.sha256) out.push({ kind: 'input-changed', message: `input changed: ${input.path} (sha256 ${before.slice(0, 12)}… → ${input.sha256.slice(0, 12)}…)` });
  }
  const mapBefore = recorded.options?.map;
  const mapNow = replayed.options?.map;
  if (mapBefore && mapNow && mapBefore.sha256 !== mapNow.sha256) out.push({ kind: 'map-changed', message: `workbook map changed: ${mapNow.path} (sha256 ${mapBefore.sha256.slice(0, 12)}… → ${mapNow.sha256.slice(0, 12)}…)` });
  const nowPolicies = new Map(replayed.policies.map((p) => [`${p.id}@${p.version}`, p]));
  for (const p of recorded.policies) {
    const now = nowPolicies.get(`${p.id}@${p.version}`);
    if (now && now.sha256 !== p.sha256) out.push({ kind: 'policy-changed', message: `policy file changed: ${p.id}@${p.version} (sha256 ${p.sha256.slice(0, 12)}… → ${now.sha256.slice(0, 12)}…)` });
  }
  // Pair plans by file and reference; a file holding one plan on each side is paired even if its reference
  // changed, so an edited workbook shows as changed findings rather than a plan removed and another added.
  const pairs: [PlanResult, PlanResult][] = [];
  const nowLeft = [...replayed.plans];
  const beforeLeft: PlanResult[] = [];
  for (const before of recorded.plans) {
    const i = nowLeft.findIndex((p) => planKey(p) === planKey(before));
    if (i >= 0) pairs.push([before, nowLeft.splice(i, 1)[0]!]);
    else beforeLeft.push(before);
  }
  for (const before of [...beforeLeft]) {
    const sameFileBefore = beforeLeft.filter((p) => p.source === before.source);
    const sameFileNow = nowLeft.filter((p) => p.source === before.source);
    if (sameFileBefore.length === 1 && sameFileNow.length === 1) {
      pairs.push([before, sameFileNow[0]!]);
      beforeLeft.splice(beforeLeft.indexOf(before), 1);
      nowLeft.splice(nowLeft.indexOf(sameFileNow[0]!), 1);
    }
  }
  for (const [before, now] of pairs) {
    if (before.ref !== now.ref) out.push({ kind: 'finding-changed', message: `plan ${before.ref} (${before.source}) is now plan ${now.ref}` });
    const versionsBefore = before.policies.map((p) => `${p.id}@${p.version}`).join(', ');
    const versionsNow = now.policies.map((p) => `${p.id}@${p.version}`).join(', ');
    if (versionsBefore !== versionsNow) out.push({ kind: 'policy-version-chosen', message: `plan ${before.ref}: judged by ${versionsBefore || 'no policy'} then, ${versionsNow || 'no policy'} now` });
    out.push(...compareFindings(before, now));
  }
  for (const before of beforeLeft) out.push({ kind: 'plan-removed', message: `plan ${before.ref} (${before.source}) was not found on replay` });
  for (const now of nowLeft) out.push({ kind: 'plan-added', message: `plan ${now.ref} (${now.source}) is new on replay` });
  const groupKey = (g: GroupFinding) => `${g.policy.id}|${g.ruleId}|${g.group.label}`;
  const groupsNow = new Map((replayed.groups ?? []).map((g) => [groupKey(g), g]));
  const groupsBefore = new Map((recorded.groups ?? []).map((g) => [groupKey(g), g]));
  for (const [k, g] of groupsBefore) {
    const now = groupsNow.get(k);
    if (!now) out.push({ kind: 'finding-removed', message: `${g.group.label}: ${g.ruleId} no longer fires (was: ${g.message})` });
    else if (now.message !== g.message || now.severity !== g.severity) out.push({ kind: 'finding-changed', message: `${g.group.label}: ${g.ruleId}: "${g.message}" → "${now.message}"` });
  }
  for (const [k, g] of groupsNow) {
    if (!groupsBefore.has(k)) out.push({ kind: 'finding-added', message: `${g.group.label}: ${g.ruleId} now fires: ${g.message}` });
  }
  return out;
}

function planKey(p: PlanResult): string {
  return `${p.source}|${p.ref}`;
}

function compareFindings(before: PlanResult, now: PlanResult): ReplayDifference[] {
  const out: ReplayDifference[] = [];
  const key = (f: Finding) => `${f.policy.id}|${f.ruleId}`;
  const nowByRule = new Map(now.findings.map((f) => [key(f), f]));
  const beforeByRule = new Map(before.findings.map((f) => [key(f), f]));
  for (const [k, f] of beforeByRule) {
    const g = nowByRule.get(k);
    if (!g) out.push({ kind: 'finding-removed', message: `plan ${before.ref}: ${f.ruleId} no longer fires (was: ${f.message})` });
    else {
      const changes: string[] = [];
      if (f.severity !== g.severity) changes.push(`severity ${f.severity} → ${g.severity}`);
      if (f.message !== g.message) changes.push(`message "${f.message}" → "${g.message}"`);
      if (JSON.stringify(f.cells) !== JSON.stringify(g.cells)) changes.push('cells differ');
      if (f.clause !== g.clause) changes.push(`clause ${f.clause} → ${g.clause}`);
      if (changes.length > 0) out.push({ kind: 'finding-changed', message: `plan ${before.ref}: ${f.ruleId}: ${changes.join('; ')}` });
    }
  }
  for (const [k, g] of nowByRule) {
    if (!beforeByRule.has(k)) out.push({ kind: 'finding-added', message: `plan ${now.ref}: ${g.ruleId} now fires: ${g.message}` });
  }
  return out;
}
