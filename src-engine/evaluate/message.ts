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

/**
 * Fills a message template: `{name}` becomes the value of that name; an optional part `[[, it took {days} days]]`
 * appears only when every placeholder inside it has a value, so one message reads well whichever branch fired.
 */
export function fillMessage(template: string, lookup: (name: string) => unknown): string {
  const withOptional = template.replace(OPTIONAL, (_m, inner: string) => {
    const names = [...inner.matchAll(PLACEHOLDER)].map((m) => m[1]!.split(':')[0]!.trim());
    return names.some((n) => isBlank(lookup(n))) ? '' : inner;
  });
  return withOptional.replace(PLACEHOLDER, (_m, inner: string) => {
    const [name, format] = inner.split(':').map((x) => x.trim());
    const value = lookup(name!);
    // {share:pct} writes a 0–1 ratio as a percentage; {wte:1dp} a number with that many decimal places.
    if (format === 'pct' && typeof value === 'number') return `${Math.round(value * 1000) / 10}%`;
    const places = /^(\d)dp$/.exec(format ?? '');
    if (places && typeof value === 'number') return value.toFixed(Number(places[1]));
    return formatValue(value);
  });
}
