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

export function fillMessage(template: string, lookup: (name: string) => unknown): string {
  return template.replace(/\{([^{}]*)\}/g, (_m, name: string) => formatValue(lookup(name.trim())));
}
