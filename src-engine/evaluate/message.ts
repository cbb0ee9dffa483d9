/** Fills a rule's message template: `{name}` becomes the fact, parameter or built-in of that name, written for people. */
import { formatUkDate, isIsoDate } from '../model/dates.js';

export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '(not recorded)';
  if (typeof value === 'number') return String(Math.round(value * 100) / 100);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : joinList(value.map(formatValue));
  if (typeof value === 'string' && isIsoDate(value)) return formatUkDate(value);
  return String(value);
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
/** `[[ ... ]]` marks an optional part of a message, dropped when a placeholder inside it is not recorded. */
const OPTIONAL = /\[\[([\s\S]*?)\]\]/g;

const isBlank = (v: unknown): boolean => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

type Segment = string | { readonly name: string; readonly format: string | undefined };
interface CompiledTemplate {
  readonly parts: readonly (Segment | { readonly optional: readonly Segment[]; readonly names: readonly string[] })[];
}

/** Templates are parsed once each: a register fills the same few dozen templates hundreds of thousands of times. */
const compiledTemplates = new Map<string, CompiledTemplate>();

function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const [name, format] = m[1]!.split(':').map((x) => x.trim());
    out.push({ name: name!, format });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function compileTemplate(template: string): CompiledTemplate {
  let compiled = compiledTemplates.get(template);
  if (compiled) return compiled;
  const parts: CompiledTemplate['parts'][number][] = [];
  let last = 0;
  for (const m of template.matchAll(OPTIONAL)) {
    if (m.index > last) parts.push(...segments(template.slice(last, m.index)));
    const optional = segments(m[1]!);
    parts.push({ optional, names: optional.flatMap((s) => (typeof s === 'string' ? [] : [s.name])) });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(...segments(template.slice(last)));
  compiled = { parts };
  compiledTemplates.set(template, compiled);
  return compiled;
}

/** What the renderer may know of a placeholder besides its value: a month count's exact span. */
export interface PlaceholderDetail {
  /** A count of calendar months, as whole months and days; with the dates when they add to the message. */
  readonly months?: { readonly months: number; readonly days: number; readonly from?: string; readonly to?: string };
}

export type Describe = (name: string) => PlaceholderDetail | undefined;

/** Unit words a number is written with, singular and plural, as templates write them after a placeholder. */
const UNIT_WORDS: readonly (readonly [string, string])[] = [
  ['PA', 'PAs'], ['month', 'months'], ['day', 'days'], ['hour', 'hours'], ['session', 'sessions'], ['week', 'weeks'], ['year', 'years'],
];
/** Verbs that agree with a counted noun in the same clause ("0 rows have", "1 row has"). */
const VERBS: readonly (readonly [string, string])[] = [['has', 'have'], ['does', 'do'], ['is', 'are'], ['was', 'were']];

/**
 * The unit word right after a number, compiled once (messages are filled for every finding of a register). A unit
 * written "session(s)" is left to the "(s)" rule below: making it "sessions" here gave "sessionss".
 */
const UNIT_AFTER_NUMBER: readonly { readonly pattern: RegExp; readonly one: string; readonly many: string }[] = UNIT_WORDS.map(([one, many]) => ({
  pattern: new RegExp(`^ (${one}|${many})\\b(?!\\(s\\))`), one, many,
}));
const VERB_IN_CLAUSE: readonly { readonly pattern: RegExp; readonly one: string; readonly many: string }[] = VERBS.map(([one, many]) => ({
  pattern: new RegExp(`\\b(${one}|${many})\\b`), one, many,
}));

/**
 * Phrases a ratified message carries that the data can contradict: each is dropped when the named value is recorded
 * ("(or is still unsigned)" on a plan both parties signed). Wording only; the rule is judged as written.
 */
const CONTRADICTED_BY: readonly { readonly phrase: string; readonly whenRecorded: string }[] = [
  { phrase: ' (or is still unsigned)', whenRecorded: 'agreed_date' },
];

function fill(segment: Segment, lookup: (name: string) => unknown): string {
  if (typeof segment === 'string') return segment;
  const value = lookup(segment.name);
  const format = segment.format;
  // {share:pct} writes a 0–1 ratio as a percentage; {wte:1dp} a number with that many decimal places.
  if (format === 'pct' && typeof value === 'number') return `${Math.round(value * 1000) / 10}%`;
  const places = format === undefined ? null : /^(\d)dp$/.exec(format);
  if (places && typeof value === 'number') return value.toFixed(Number(places[1]));
  return formatValue(value);
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

function monthsText(m: NonNullable<PlaceholderDetail['months']>): string {
  const parts = [`${m.months} ${plural(m.months, 'month', 'months')}`];
  if (m.days > 0 || m.months === 0) parts.push(`${m.days} ${plural(m.days, 'day', 'days')}`);
  const text = parts.join(' and ');
  return m.from && m.to ? `${text} (${formatValue(m.from)} – ${formatValue(m.to)})` : text;
}

/**
 * Writes one run of segments. Beyond filling each placeholder, it makes the words after a number agree with it
 * ("1 PA", "0 rows have", "1 row has"), writes a month count as whole months and days instead of "17.97 months",
 * and writes a value that is not recorded as "not recorded" without its unit ("1 in (not recorded)" was wrong).
 */
function render(parts: readonly Segment[], lookup: (name: string) => unknown, describe: Describe | undefined): string {
  let out = '';
  let carry: ((text: string) => string) | null = null;
  for (const part of parts) {
    if (typeof part === 'string') {
      out += carry ? carry(part) : part;
      carry = null;
      continue;
    }
    const value = lookup(part.name);
    const months = typeof value === 'number' && part.format === undefined ? describe?.(part.name)?.months : undefined;
    if (months) {
      out += monthsText(months);
      carry = (text) => text.replace(/^ months?\b/, '');
    } else if (isBlank(value) && !Array.isArray(value)) {
      // "1 in {frequency}" and "{spa} PAs" with nothing recorded: "not recorded", without the words around a number.
      out = out.replace(/\b1 in $/, '');
      out += /(: |\bis |\bwas |\bin |^)$/.test(out) ? 'not recorded' : '(not recorded)';
      carry = (text) => text.replace(/^ ([\w-]+\(s\)|(PAs?|months?|days?|hours?|sessions?|weeks?)\b)/, '');
    } else {
      out += fill(part, lookup);
      carry = typeof value === 'number' && part.format === undefined ? (text) => agree(value, text) : null;
    }
  }
  return out;
}

/** Makes the words after a number agree with it: its unit word, "word(s)" and the verb of the same clause. */
function agree(n: number, text: string): string {
  let out = text;
  for (const { pattern, one, many } of UNIT_AFTER_NUMBER) {
    const m = pattern.exec(out);
    if (m) {
      out = ` ${plural(n, one, many)}${out.slice(m[0].length)}`;
      break;
    }
  }
  // "row(s)", "personal objective(s)", "band(s)": within the first three words.
  const counted = /^((?: [\w-]+){0,2}? )?([\w-]+)\(s\)/.exec(out);
  if (counted) {
    const rest = out.slice(counted[0].length);
    const clauseEnd = rest.search(/[,;.:]/);
    const clause = clauseEnd < 0 ? rest : rest.slice(0, clauseEnd);
    let agreed = clause;
    for (const { pattern, one, many } of VERB_IN_CLAUSE) {
      const verb = pattern.exec(agreed);
      if (verb) {
        agreed = `${agreed.slice(0, verb.index)}${plural(n, one, many)}${agreed.slice(verb.index + verb[0].length)}`;
        break;
      }
    }
    out = `${counted[1] ?? ''}${counted[2]}${n === 1 ? '' : 's'}${agreed}${rest.slice(clause.length)}`;
  }
  return out;
}

/**
 * Fills a message template: `{name}` becomes the value of that name; an optional part `[[, it took {days} days]]`
 * appears only when every placeholder inside it has a value, so one message reads well whichever branch fired.
 * `describe` tells the renderer more about a placeholder (a month count's span), when the caller knows it.
 */
export function fillMessage(template: string, given: (name: string) => unknown, describe?: Describe): string {
  // `{constructor}`, `{toString}`, `{__proto__}`: names every object inherits are never values (policy check refuses
  // them; a lookup written as `values[name]` would otherwise find Object's own functions).
  const lookup = (name: string): unknown => (name in Object.prototype ? null : given(name));
  let out = '';
  let run: Segment[] = [];
  const flush = (): void => {
    out += render(run, lookup, describe);
    run = [];
  };
  for (const part of compileTemplate(template).parts) {
    if (typeof part === 'string' || 'name' in part) run.push(part);
    else if (!part.names.some((n) => isBlank(lookup(n)))) run.push(...part.optional);
  }
  flush();
  for (const c of CONTRADICTED_BY) if (!isBlank(lookup(c.whenRecorded))) out = out.split(c.phrase).join('');
  return out;
}

/** "A new practitioner's..." → "a new practitioner's..."; "SPA at least..." stays as written. */
export function lowerFirst(text: string): string {
  return /^[A-Z](?![A-Z])/.test(text) ? `${text.charAt(0).toLowerCase()}${text.slice(1)}` : text;
}
