/**
 * Rules that cannot be judged because a value they depend on is in the workbook but could not be read (a formula
 * never calculated, a section that was not found). Such a rule gives neither a finding nor silence: it says it was
 * not judged and why, so a blank is never taken for compliance.
 *
 * Which facts depend on an unread value is found by trying: the facts are derived with the value absent and with a
 * stand-in value, and every fact that changes depends on it. That needs no list of dependencies to keep in step with
 * the fact catalogue, and costs two derivations per unread value, only for plans that have one.
 */
import { deriveFacts } from '../facts/catalogue.js';
import type { DeriveContext } from '../facts/fact.js';
import { PLAN_FIELDS, PLAN_LISTS, type FieldSpec, type JobPlan } from '../model/job-plan.js';
import type { UnreadValue } from '../workbook/extract-context.js';

/** Stand-ins unlike any real value, per type, so that any fact computed from the value changes. */
function standIn(spec: FieldSpec): unknown {
  switch (spec.type.kind) {
    case 'number': return 977.25;
    case 'date': return '1911-11-11';
    case 'boolean': return true;
    case 'enum': return spec.type.values[spec.type.values.length - 1];
    case 'string': return 'stand-in value';
  }
}

/**
 * Stand-in rows for a whole list: one per value of its enum fields (a personal and a service objective; a DCC, an SPA
 * … activity), so a fact counting any one kind of row changes too.
 */
function standInRows(fields: Readonly<Record<string, FieldSpec>>): Record<string, unknown>[] {
  const enums = Object.entries(fields).filter(([, spec]) => spec.type.kind === 'enum');
  const count = Math.max(1, ...enums.map(([, spec]) => (spec.type.kind === 'enum' ? spec.type.values.length : 1)));
  return Array.from({ length: count }, (_, i) => Object.fromEntries(Object.entries(fields).map(([k, spec]) => {
    if (k === 'frequency') return [k, null];
    if (spec.type.kind === 'enum') return [k, spec.type.values[i % spec.type.values.length]];
    return [k, standIn(spec)];
  })));
}

/** The plan with the unread value removed (`absent`) or replaced by a stand-in. */
function variant(plan: JobPlan, key: string, mode: 'absent' | 'present'): JobPlan {
  const copy: Record<string, unknown> = { ...plan };
  const item = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(key);
  if (item) {
    const [, list, index, field] = item;
    const rows = [...((copy[list!] as Record<string, unknown>[] | undefined) ?? [])];
    const row = { ...(rows[Number(index)] ?? {}) };
    const spec = (PLAN_LISTS as Record<string, Record<string, FieldSpec>>)[list!]?.[field!];
    if (mode === 'absent' || !spec) delete row[field!];
    else row[field!] = standIn(spec);
    rows[Number(index)] = row;
    copy[list!] = rows;
    return copy as JobPlan;
  }
  if (key in PLAN_LISTS) {
    copy[key] = mode === 'absent' ? [] : standInRows((PLAN_LISTS as Record<string, Record<string, FieldSpec>>)[key]!);
    return copy as JobPlan;
  }
  const spec = (PLAN_FIELDS as Record<string, FieldSpec>)[key];
  if (mode === 'absent' || !spec) delete copy[key];
  else copy[key] = standIn(spec);
  return copy as JobPlan;
}

/** Fact name → the unread values it depends on, among `names`. */
export function factsDependingOnUnread(plan: JobPlan, unread: readonly UnreadValue[], context: DeriveContext, names: Iterable<string>): Map<string, UnreadValue[]> {
  const wanted = [...names];
  const out = new Map<string, UnreadValue[]>();
  for (const u of unread) {
    const a = deriveFacts(variant(plan, u.key, 'absent'), context, wanted);
    const b = deriveFacts(variant(plan, u.key, 'present'), context, wanted);
    for (const name of wanted) {
      if (differs(a, b, name)) out.set(name, [...(out.get(name) ?? []), u]);
    }
  }
  // A fact needing several unread values together (the approval date is the later of two signatures) changes with
  // none of them alone: tried with all absent and all present, it depends on each of them.
  if (unread.length > 1) {
    let allAbsent = plan;
    let allPresent = plan;
    for (const u of unread) {
      allAbsent = variant(allAbsent, u.key, 'absent');
      allPresent = variant(allPresent, u.key, 'present');
    }
    const a = deriveFacts(allAbsent, context, wanted);
    const b = deriveFacts(allPresent, context, wanted);
    for (const name of wanted) if (!out.has(name) && differs(a, b, name)) out.set(name, [...unread]);
  }
  return out;
}

function differs(a: ReturnType<typeof deriveFacts>, b: ReturnType<typeof deriveFacts>, name: string): boolean {
  return JSON.stringify(a[name]?.value ?? null) !== JSON.stringify(b[name]?.value ?? null);
}
