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

/**
 * Fills a message template: `{name}` becomes the value of that name; an optional part `[[, it took {days} days]]`
 * appears only when every placeholder inside it has a value, so one message reads well whichever branch fired.
 */
export function fillMessage(template: string, lookup: (name: string) => unknown): string {
  let out = '';
  for (const part of compileTemplate(template).parts) {
    if (typeof part === 'string' || 'name' in part) out += fill(part, lookup);
    else if (!part.names.some((n) => isBlank(lookup(n)))) for (const s of part.optional) out += fill(s, lookup);
  }
  return out;
}
