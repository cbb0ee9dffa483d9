/**
 * "Impact of a draft" as plain data for the pane (no DOM): the versions to choose from, the defaults (the version in
 * force today, and the draft loaded or the newest other version), and the impact in the pane's words: counts, by rule
 * with the cause, by specialty and care group, each plan that changes with a cell to go to.
 */
import { formatCellReference } from '../../src-engine/diagnostics/diagnostic.js';
import type { ImpactKind, ImpactOutcome, KindCounts, PolicyImpact } from '../../src-engine/policy/impact.js';
import type { Catalogue, VersionInfo } from '../worker/protocol.js';
import { versionLabel, type CellItem, type PickerOption } from './view-model.js';

type Draft = (VersionInfo & { readonly id: string; readonly title: string }) | null;

/** Every bundled version of every policy, and the draft loaded (value 'draft'). */
export function impactVersionOptions(catalogue: Catalogue, draft: Draft): PickerOption[] {
  const options: PickerOption[] = [];
  if (draft) options.push({ value: 'draft', label: `DRAFT ${draft.id}@${draft.version} (loaded from ${draft.path})`, group: 'Draft policy file' });
  for (const p of catalogue.policies) {
    for (const v of p.versions) options.push({ value: `${p.id}@${v.version}`, label: versionLabel(v), group: `${p.title} (${p.id})` });
  }
  return options;
}

/** The version of `id` in force on `today` (ratified, not illustrative), else its latest dated one. */
export function inForceVersion(catalogue: Catalogue, id: string, today: string): string | null {
  const policy = catalogue.policies.find((p) => p.id === id);
  if (!policy) return null;
  const dated = policy.versions.filter((v) => v.status !== 'draft' && !v.illustrative);
  const now = dated.find((v) => v.effectiveFrom <= today && (!v.effectiveTo || v.effectiveTo >= today));
  const chosen = now ?? dated[dated.length - 1] ?? policy.versions[0];
  return chosen ? `${id}@${chosen.version}` : null;
}

/**
 * What the two lists start on: with a draft loaded, the version of its policy in force today → the draft; without,
 * the first policy's version in force today → its newest other version (a draft or an illustrative amendment).
 */
export function defaultImpactChoice(catalogue: Catalogue, draft: Draft, today: string): { from: string; to: string } {
  if (draft) return { from: inForceVersion(catalogue, draft.id, today) ?? '', to: 'draft' };
  for (const p of catalogue.policies) {
    const from = inForceVersion(catalogue, p.id, today);
    const others = p.versions.filter((v) => `${p.id}@${v.version}` !== from);
    const newest = [...others].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : 0))[0];
    if (from && newest) return { from, to: `${p.id}@${newest.version}` };
  }
  const first = catalogue.policies[0];
  const only = first ? inForceVersion(catalogue, first.id, today) ?? '' : '';
  return { from: only, to: only };
}

const KIND_WORDS: Readonly<Record<ImpactKind, readonly [string, string]>> = {
  appears: ['finding appears', 'findings appear'], goes: ['finding goes', 'findings go'], severity: ['severity changes', 'severities change'],
  'now-judged': ['rule now judged', 'rules now judged'], 'no-longer-judged': ['rule no longer judged', 'rules no longer judged'],
};

const KIND_LABEL: Readonly<Record<ImpactKind, string>> = {
  appears: 'Finding appears', goes: 'Finding goes', severity: 'Severity changes', 'now-judged': 'Now judged', 'no-longer-judged': 'No longer judged',
};

export function impactCountsText(c: KindCounts): string {
  const parts = (Object.keys(KIND_WORDS) as ImpactKind[]).filter((k) => c[k] > 0).map((k) => `${c[k].toLocaleString('en-GB')} ${KIND_WORDS[k][c[k] === 1 ? 0 : 1]}`);
  return parts.length > 0 ? parts.join(', ') : 'no change';
}

function outcomeWords(o: ImpactOutcome | null): string {
  if (!o) return 'no finding';
  return o.notJudged ? 'not judged' : o.severity;
}

export interface ImpactChangeItem {
  readonly ruleId: string;
  readonly title: string;
  readonly kind: ImpactKind;
  /** "Finding goes: error → no finding". */
  readonly label: string;
  readonly message: string;
  readonly because: string;
}

export interface ImpactPlanItem {
  readonly key: string;
  readonly ref: string;
  /** "JP-2026-014 (Oliver, Aisha)". */
  readonly who: string;
  /** "Geriatric Medicine · Community Services". */
  readonly where: string;
  readonly changes: readonly ImpactChangeItem[];
  readonly wording: readonly { readonly ruleId: string; readonly from: string; readonly to: string }[];
  /** The cell to go to (its row in a register), like a finding's. */
  readonly cell: CellItem | null;
}

export interface ImpactView {
  readonly headline: string;
  /** "2 with fewer or milder findings; 1 with more or sterner findings" (empty when nothing changes). */
  readonly direction: string;
  readonly notes: readonly string[];
  readonly counts: string;
  readonly rules: readonly { readonly ruleId: string; readonly title: string; readonly text: string; readonly because: string }[];
  readonly specialties: readonly { readonly name: string; readonly text: string; readonly changed: number; readonly plans: number }[];
  readonly careGroups: readonly { readonly name: string; readonly text: string; readonly changed: number; readonly plans: number }[];
  readonly plans: readonly ImpactPlanItem[];
  readonly wordingPlans: readonly ImpactPlanItem[];
  readonly groups: readonly string[];
  readonly problems: readonly string[];
}

function planItem(p: PolicyImpact['changedPlans'][number], i: number, prefix: string): ImpactPlanItem {
  return {
    key: `${prefix}${i}:${p.index}`, ref: p.ref, who: p.practitioner && p.practitioner !== p.ref ? `${p.ref} (${p.practitioner})` : p.ref,
    where: [p.specialty, p.careGroup].filter((x) => x !== null).join(' · '),
    changes: p.changes.map((c) => ({
      ruleId: c.ruleId, title: c.title, kind: c.kind, label: `${KIND_LABEL[c.kind]}: ${outcomeWords(c.from)} → ${outcomeWords(c.to)}`,
      message: (c.to ?? c.from)!.message, because: c.causes.map((x) => x.text).join('; '),
    })),
    wording: p.wording.map((w) => ({ ruleId: w.ruleId, from: w.from, to: w.to })),
    cell: p.cell ? { sheet: p.cell.sheet, cell: p.cell.cell, label: formatCellReference(p.cell.sheet, p.cell.cell) } : null,
  };
}

export function impactView(impact: PolicyImpact): ImpactView {
  const { from, to, plans } = impact;
  const n = (x: number) => x.toLocaleString('en-GB');
  const groupLines = (groups: PolicyImpact['bySpecialty']) => groups.filter((g) => g.changed > 0 || g.wording > 0).map((g) => ({
    name: g.name, changed: g.changed, plans: g.plans,
    text: `${n(g.changed)} of ${n(g.plans)} plan${g.plans === 1 ? '' : 's'}${g.changed > 0 ? `: ${impactCountsText(g.counts)}` : ''}${g.wording > 0 ? `; ${n(g.wording)} reworded` : ''}`,
  }));
  return {
    headline: `${from.id}@${from.version} → ${to.id}@${to.version}${to.status === 'draft' ? ' (DRAFT)' : ''}${from.illustrative || to.illustrative ? ' (ILLUSTRATIVE)' : ''}: `
      + `${n(plans.changed)} of ${n(plans.judged)} plan${plans.judged === 1 ? '' : 's'} would change outcome; ${n(plans.wordingOnly)} only in wording.`,
    direction: plans.changed === 0 ? '' : [
      plans.fewer > 0 ? `${n(plans.fewer)} with fewer or milder findings` : '', plans.more > 0 ? `${n(plans.more)} with more or sterner findings` : '',
      plans.other > 0 ? `${n(plans.other)} both ways, or a rule now judged or no longer judged` : '',
    ].filter(Boolean).join('; '),
    notes: [...impact.notes, ...(plans.outOfScope > 0 ? [`${n(plans.outOfScope)} plan${plans.outOfScope === 1 ? ' is' : 's are'} outside both versions' applies_to, not judged.`] : [])],
    counts: impactCountsText(impact.counts),
    rules: impact.byRule.map((r) => ({
      ruleId: r.ruleId, title: r.title,
      text: [r.plans > 0 ? `${n(r.plans)} plan${r.plans === 1 ? '' : 's'}: ${impactCountsText(r.counts)}` : '', r.wording > 0 ? `${n(r.wording)} wording only` : ''].filter(Boolean).join('; '),
      because: r.causes.map((c) => c.text).join('; '),
    })),
    specialties: groupLines(impact.bySpecialty),
    careGroups: groupLines(impact.byCareGroup),
    plans: impact.changedPlans.map((p, i) => planItem(p, i, 'c')),
    wordingPlans: impact.wordingPlans.map((p, i) => planItem(p, i, 'w')),
    groups: impact.groups.map((g) => `${g.group}: ${g.ruleId} ${KIND_LABEL[g.kind].toLowerCase()} (${outcomeWords(g.from)} → ${outcomeWords(g.to)})`),
    problems: impact.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message),
  };
}
