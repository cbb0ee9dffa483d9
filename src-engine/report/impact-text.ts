/**
 * The impact of an amendment as a person reads it in a terminal: which versions, how they were applied, the counts,
 * by rule (with the change in the policy that caused it), by specialty and care group, then each plan that changes
 * and, apart, the findings whose wording alone changes. Text from the user's files (plan refs, names, messages) has
 * its control characters escaped and very long values cut, as the other text formatters do.
 */
import { cutLong, escapeControls } from '../diagnostics/terminal-text.js';
import { IMPACT_KINDS, type GroupCount, type ImpactKind, type ImpactOutcome, type KindCounts, type PolicyImpact } from '../policy/impact.js';
import { formatUkDate } from '../model/dates.js';

export interface ImpactTextOptions {
  /** Plans listed in full before the rest are counted (default 200; the JSON has them all). */
  readonly listLimit?: number;
}

const KIND_WORDS: Readonly<Record<ImpactKind, string>> = {
  appears: 'appears',
  goes: 'goes',
  severity: 'changes severity',
  'now-judged': 'now judged',
  'no-longer-judged': 'no longer judged',
};

const KIND_PLURAL: Readonly<Record<ImpactKind, string>> = {
  appears: 'appear',
  goes: 'go',
  severity: 'change severity',
  'now-judged': 'now judged',
  'no-longer-judged': 'no longer judged',
};

const KIND_MARK: Readonly<Record<ImpactKind, string>> = { appears: '+', goes: '-', severity: '~', 'now-judged': '~', 'no-longer-judged': '~' };

const t = (s: string): string => escapeControls(cutLong(s));

const num = (n: number): string => n.toLocaleString('en-GB');

function plural(n: number, one: string, many = `${one}s`): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

/** "2 go, 1 appears" — only the kinds that occur. */
export function countsText(counts: KindCounts): string {
  const parts = IMPACT_KINDS.filter((k) => counts[k] > 0).map((k) => `${num(counts[k])} ${counts[k] === 1 ? KIND_WORDS[k] : KIND_PLURAL[k]}`);
  return parts.length > 0 ? parts.join(', ') : 'no change';
}

/** "910 with fewer or milder findings, 3 with more or sterner" (the kinds that occur). */
export function directionText(d: { readonly fewer: number; readonly more: number; readonly other: number }): string {
  const parts = [
    d.fewer > 0 ? `${num(d.fewer)} with fewer or milder findings` : '',
    d.more > 0 ? `${num(d.more)} with more or sterner findings` : '',
    d.other > 0 ? `${num(d.other)} ${d.other === 1 ? 'changes' : 'change'} both ways or in what is judged` : '',
  ].filter(Boolean);
  return parts.join(', ');
}

function outcomeText(o: ImpactOutcome | null): string {
  if (!o) return 'no finding';
  return o.notJudged ? `not judged (${o.severity})` : o.severity;
}

function groupLines(title: string, groups: readonly GroupCount[]): string[] {
  const changed = groups.filter((g) => g.changed > 0 || g.wording > 0);
  if (changed.length === 0) return [];
  const lines = [title];
  const width = Math.min(40, Math.max(...changed.map((g) => g.name.length)));
  for (const g of changed) {
    const wording = g.wording > 0 ? `; ${plural(g.wording, 'finding')} reworded` : '';
    lines.push(`  ${t(g.name).padEnd(width)}  ${num(g.changed)} of ${plural(g.plans, 'plan')} change${g.changed > 0 ? ` (${countsText(g.counts)})` : ''}${wording}`);
  }
  return lines;
}

export function formatImpactText(impact: PolicyImpact, options: ImpactTextOptions = {}): string {
  const limit = options.listLimit ?? 200;
  const { from, to, plans } = impact;
  const lines: string[] = [];
  const names = impact.samePolicy ? `${from.id} ${from.version} → ${to.version}` : `${from.id}@${from.version} → ${to.id}@${to.version}`;
  lines.push(`What this amendment would change: ${t(names)}${from.illustrative || to.illustrative ? ' (illustrative)' : ''}`);
  const width = Math.max(from.path.length, to.path.length);
  lines.push(`  from ${t(from.path).padEnd(width)}  ${from.status}, effective ${formatUkDate(from.effectiveFrom)}`);
  lines.push(`  to   ${t(to.path).padEnd(width)}  ${to.status}, effective ${formatUkDate(to.effectiveFrom)}`);
  for (const note of impact.notes) lines.push(t(note));
  lines.push(`Overdue checks count to ${formatUkDate(impact.today)}.`);
  lines.push('');
  const outside = plans.outOfScope > 0 ? `; ${plural(plans.outOfScope, 'plan')} outside both versions' applies_to, not judged` : '';
  lines.push(`${num(plans.changed)} of ${plural(plans.judged, 'plan')} judged change outcome${plans.changed > 0 ? `: ${directionText(plans)}; findings ${countsText(impact.counts)}` : ''}.`);
  lines.push(`${plural(plans.wordingOnly, 'plan changes', 'plans change')} wording only (${plural(impact.wording, 'finding')} reworded, the outcome the same)${outside}.`);
  if (impact.groups.length > 0 || impact.groupWording > 0) lines.push(`Register findings (group rules): ${num(impact.groups.length)} change${impact.groupWording > 0 ? `, ${num(impact.groupWording)} reworded` : ''}.`);
  if (plans.changed === 0 && plans.wordingOnly === 0 && impact.groups.length === 0 && impact.groupWording === 0) {
    lines.push('No plan\'s outcome or wording changes.');
  }

  if (impact.byRule.length > 0) {
    lines.push('', 'By rule');
    for (const r of impact.byRule) {
      const changed = r.plans > 0 ? `${plural(r.plans, 'plan')}: ${countsText(r.counts)}` : '';
      const wording = r.wording > 0 ? `${r.plans > 0 ? '; ' : ''}${plural(r.wording, 'plan')}: wording only` : '';
      lines.push(`  ${t(r.ruleId)}  ${t(r.title)}: ${changed}${wording}`);
      if (r.causes.length > 0) lines.push(`      because: ${r.causes.map((c) => t(c.text)).join('; ')}`);
    }
  }
  for (const [title, groups] of [['By specialty', impact.bySpecialty], ['By care group', impact.byCareGroup]] as const) {
    const block = groupLines(title, groups);
    if (block.length > 0) lines.push('', ...block);
  }

  if (impact.changedPlans.length > 0) {
    lines.push('', 'Plans whose outcome changes');
    for (const p of impact.changedPlans.slice(0, limit)) {
      lines.push(`  ${planLine(p)}`);
      for (const c of p.changes) {
        const what = c.kind === 'severity' || c.kind === 'now-judged' || c.kind === 'no-longer-judged' ? `${outcomeText(c.from)} → ${outcomeText(c.to)}` : outcomeText(c.to ?? c.from);
        lines.push(`    ${KIND_MARK[c.kind]} ${t(c.ruleId)} ${KIND_WORDS[c.kind]} [${what}]: ${t((c.to ?? c.from)!.message)}`);
      }
      for (const w of p.wording) lines.push(`    = ${t(w.ruleId)} wording only`);
    }
    if (impact.changedPlans.length > limit) lines.push(`  … and ${num(impact.changedPlans.length - limit)} more (--format json lists them all)`);
  }
  if (impact.wordingPlans.length > 0) {
    lines.push('', 'Wording only (the same outcome, a different message)');
    for (const p of impact.wordingPlans.slice(0, limit)) {
      lines.push(`  ${planLine(p)}`);
      for (const w of p.wording) {
        lines.push(`    = ${t(w.ruleId)} [${w.notJudged ? 'not judged' : w.severity}]`);
        lines.push(`        - ${t(w.from)}`);
        lines.push(`        + ${t(w.to)}`);
      }
    }
    if (impact.wordingPlans.length > limit) lines.push(`  … and ${num(impact.wordingPlans.length - limit)} more (--format json lists them all)`);
  }
  if (impact.groups.length > 0) {
    lines.push('', 'Register findings that change (group rules)');
    for (const g of impact.groups) {
      lines.push(`  ${KIND_MARK[g.kind]} ${t(g.ruleId)} ${t(g.group)} ${KIND_WORDS[g.kind]} [${g.kind === 'severity' ? `${outcomeText(g.from)} → ${outcomeText(g.to)}` : outcomeText(g.to ?? g.from)}]: ${t((g.to ?? g.from)!.message)}`);
      lines.push(`      because: ${g.causes.map((c) => t(c.text)).join('; ')}`);
    }
  }
  for (const d of impact.diagnostics) lines.push(`${d.severity}: ${t(d.message)}`);
  return `${lines.join('\n')}\n`;
}

function planLine(p: PolicyImpact['changedPlans'][number]): string {
  const who = p.practitioner && p.practitioner !== p.ref ? `${p.ref} (${p.practitioner})` : p.ref;
  const where = [p.specialty, p.careGroup].filter((x) => x !== null).join(' · ');
  const source = p.source.replace(/\\/g, '/').split('/').pop() ?? p.source;
  const cell = p.cell ? ` ${p.cell.sheet}!${p.cell.cell}` : '';
  const alsoIn = p.alsoIn && p.alsoIn.length > 0 ? ` (also in ${p.alsoIn.join(', ')})` : '';
  return t(`${who}${where ? ` · ${where}` : ''} · ${source}${cell}${alsoIn}`);
}
