/**
 * Turns a cell value into the type a job plan field needs, or says plainly why it cannot: dates may be real Excel
 * dates, serial numbers, UK text or a month alone; numbers may carry a unit, and an on-call frequency may read
 * `1 in 8`; Yes/No (and a field's own words, `Full time`/`Part time`) mean a boolean; `Ongoing`, `N/A` and `TBC`
 * in a date or number mean "not recorded". Whatever is read other than literally is said in a `note`.
 */
import type { FieldType, ScalarValue } from '../model/job-plan.js';
import { daysInMonth, formatUkDate, fromExcelSerial, isIsoDate, parseUkDate, type IsoDate } from '../model/dates.js';
import type { CellValue } from './snapshot.js';
import { normaliseLabel } from './workbook-map.js';

export type Coerced =
  | { readonly ok: true; readonly value: ScalarValue; readonly note?: string }
  | { readonly ok: false; readonly code: string; readonly message: string };

const YES = new Set(['yes', 'y', 'true', 'x', '✓', '✔', 'agreed']);
const NO = new Set(['no', 'n', 'false', 'none', 'n/a', 'not applicable']);
/** Words that, in a date or number cell, say the value is not (yet) known. */
const NOT_RECORDED = new Set(['ongoing', 'n/a', 'na', 'not applicable', 'tbc', 'tba', 'tbd', 'to be confirmed', 'to be agreed', '-', '–', '—', 'n/k', 'not known', 'unknown', 'pending', '?']);

export function coerceCell(value: CellValue, type: FieldType): Coerced {
  if (value === null) return { ok: true, value: null };
  if ((type.kind === 'date' || type.kind === 'number') && typeof value === 'string' && NOT_RECORDED.has(normaliseLabel(value))) {
    return { ok: true, value: null, note: `'${value}' is read as not recorded` };
  }
  switch (type.kind) {
    case 'string':
      return { ok: true, value: typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value) };
    case 'number':
      return coerceNumber(value, type.minimum, type.oneInN === true);
    case 'date':
      return coerceDate(value, type.deadline === true);
    case 'boolean':
      return coerceBoolean(value, type.yes ?? [], type.no ?? []);
    case 'enum':
      return coerceEnum(value, type.values, type.aliases ?? {});
  }
}

function coerceNumber(value: CellValue, minimum: number | undefined, oneInN: boolean): Coerced {
  let n: number | null = null;
  let note: string | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    const m = /^(-?\d+(?:\.\d+)?|-?\.\d+)\s*(?:pas?|sessions?|hours?|hrs?|h|%)?$/i.exec(text);
    const rota = oneInN ? /^(?:1|one)\s*(?:in|:|\/)\s*(\d+(?:\.\d+)?)(?:\s*(?:weeks?|nights?|days?|weekends?))?$/i.exec(text) : null;
    // A decimal comma ("7,5" from a European-locale Excel or CSV): one comma and one or two digits after it is never
    // a thousands separator (that has three), so it is the decimal point; said in a note.
    const decimalComma = m ? null : /^(\d{1,3}),(\d{1,2})\s*(?:pas?|sessions?|hours?|hrs?|h)?$/i.exec(text);
    if (m) n = Number(m[1]);
    else if (decimalComma) {
      n = Number(`${decimalComma[1]}.${decimalComma[2]}`);
      note = `'${text}' is read as ${n} (a decimal comma)`;
    } else if (rota) {
      n = Number(rota[1]);
      note = `'${text}' is read as ${rota[1]} (1 in ${rota[1]})`;
    }
  }
  if (n === null) {
    const text = String(value).trim();
    return { ok: false, code: 'workbook_bad_number', message: `'${shorten(text)}' is not a number; enter a number such as ${oneInN ? '8 (for 1 in 8)' : '7.5'}` };
  }
  // A 400-digit number, NaN or Infinity is no job plan's value: refuse it rather than judge Infinity as compliant.
  if (!Number.isFinite(n) || Math.abs(n) > 1e9) return { ok: false, code: 'workbook_bad_number', message: `'${shorten(String(value))}' is too large to be a real value; check the cell` };
  if (minimum !== undefined && n < minimum) return { ok: false, code: 'workbook_bad_number', message: `${n} is below ${minimum}; a job plan's value here cannot be negative` };
  return note ? { ok: true, value: n, note } : { ok: true, value: n };
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** `March 2027`, `Mar 2027`, `Mar-27`, `03/2027` → year and month, else null. */
export function parseMonthOnly(text: string): { year: number; month: number } | null {
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  let m = /^([a-z]{3,9})\.?[\s,-]+(\d{4}|\d{2})$/.exec(t);
  if (m) {
    const name = m[1]!;
    const index = MONTH_NAMES.findIndex((full) => full.startsWith(name.slice(0, 3)) && (name.length === 3 || full.startsWith(name) || name === 'sept'));
    if (index < 0) return null;
    const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
    return { year, month: index + 1 };
  }
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 12) return { year: Number(m[2]), month: Number(m[1]) };
  return null;
}

function coerceDate(value: CellValue, deadline: boolean): Coerced {
  if (typeof value === 'number') {
    // Serial 60 is Excel's fictitious 29/02/1900 and anything before 1950 is no job plan's date: a typo, not a date.
    const iso = value >= 18264 && value < 2958466 ? fromExcelSerial(value) : null;
    if (iso) return { ok: true, value: iso };
    return { ok: false, code: 'workbook_bad_date', message: `${value} is not a date serial of a real job plan date; enter the date as DD/MM/YYYY` };
  }
  if (typeof value === 'string') {
    const bilingual = bilingualDate(value, deadline);
    if (bilingual) return bilingual;
    // A date cell, or a date typed as text: the same bounds as a serial number (1950 to 9999).
    const iso = isIsoDate(value) ? value : parseUkDate(value);
    if (iso) return plausibleDate(iso, value);
    const month = parseMonthOnly(value);
    if (month && (month.year < FIRST_PLAUSIBLE_YEAR || month.year > 9999)) return implausibleDate(String(month.year), value);
    if (month) {
      const day = deadline ? daysInMonth(month.year, month.month) : 1;
      const date = `${month.year}-${String(month.month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      return { ok: true, value: date, note: `'${value}' gives only a month: read as ${formatUkDate(date)}, its ${deadline ? 'last day (a deadline is met by the end of the month)' : 'first day'}` };
    }
  }
  return { ok: false, code: 'workbook_bad_date', message: `'${shorten(String(value))}' is not a date; enter it as DD/MM/YYYY (e.g. 28/04/2017) or format the cell as a date` };
}

/**
 * A date written in two languages, "1 Hydref 2026 / 1 October 2026": read when the halves that read as dates agree
 * (a half in Welsh is not read), with a note; null when the text is not two halves or no half reads.
 */
function bilingualDate(value: string, deadline: boolean): Coerced | null {
  const halves = value.split(/\s+\/\s+/);
  if (halves.length !== 2) return null;
  const read = halves.map((h) => coerceDate(h, deadline)).filter((c): c is Extract<Coerced, { ok: true }> => c.ok && c.value !== null);
  if (read.length === 0) return null;
  if (read.length === 2 && read[0]!.value !== read[1]!.value) {
    return { ok: false, code: 'workbook_bad_date', message: `'${shorten(value)}' gives two different dates; enter one date as DD/MM/YYYY` };
  }
  const date = read[0]!.value as string;
  return { ok: true, value: date, note: `'${shorten(value)}' is read as ${formatUkDate(date)}` };
}

/** Before 1950 no job plan was agreed (job planning began with the 2003 consultant contract): a typo or a stray serial. */
const FIRST_PLAUSIBLE_YEAR = 1950;

function plausibleDate(iso: IsoDate, value: string): Coerced {
  const year = Number(iso.slice(0, 4));
  if (year >= FIRST_PLAUSIBLE_YEAR && year <= 9999) return { ok: true, value: iso };
  return implausibleDate(String(year), value);
}

function implausibleDate(year: string, value: string): Coerced {
  return { ok: false, code: 'workbook_bad_date', message: `'${shorten(value)}' is a date in ${year}, before 1950, so it is no job plan's date (a date cell holding a small number shows a day in 1900); enter the date as DD/MM/YYYY` };
}

function coerceBoolean(value: CellValue, yes: readonly string[], no: readonly string[]): Coerced {
  if (typeof value === 'boolean') return { ok: true, value };
  const text = normaliseLabel(String(value));
  if (YES.has(text) || yes.includes(text)) return { ok: true, value: true };
  if (NO.has(text) || no.includes(text)) return { ok: true, value: false };
  const words = [...(yes[0] ? [yes[0]] : []), ...(no[0] ? [no[0]] : [])];
  return { ok: false, code: 'workbook_bad_boolean', message: `'${shorten(String(value))}' should be Yes or No${words.length ? ` (or ${words.map((w) => `'${w}'`).join(' / ')})` : ''}` };
}

function coerceEnum(value: CellValue, values: readonly string[], aliases: Readonly<Record<string, string>>): Coerced {
  const text = normaliseLabel(String(value));
  const direct = values.find((v) => v.toLowerCase() === text);
  if (direct !== undefined) return { ok: true, value: direct };
  const alias = aliases[text];
  if (alias !== undefined) return { ok: true, value: alias };
  return { ok: false, code: 'workbook_bad_value', message: `'${shorten(String(value))}' is not one of: ${values.join(', ')}; if it is your Trust's word for one of them, add it to the map's values (values: { field: { "${shorten(String(value))}": ... } })` };
}

/** A cell's text as quoted in a message: at most 60 characters, so a 10 MB cell is not echoed whole. */
export function shorten(text: string): string {
  // Control characters (an ANSI escape, say) are shown, not obeyed, by the terminal.
  // eslint-disable-next-line no-control-regex
  const visible = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return visible.length > 60 ? `${visible.slice(0, 57)}…` : visible;
}

const NUMERIC_DATE = /^\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})\s*$/;

/**
 * How a sheet's dates typed as text put day and month, from the ones that can only be read one way: `05/19/2026`
 * is month first, `19/05/2026` day first. `month-first` when some are month first and none day first (an export
 * from a system set up for US dates), `mixed` when both occur, else `day-first` (the UK reading, also when nothing
 * tells). `evidence` is the first value that decided it.
 */
export interface DateOrder {
  readonly order: 'day-first' | 'month-first' | 'mixed';
  readonly evidence?: string;
}

export function dateOrderOf(values: Iterable<CellValue>): DateOrder {
  let monthFirst: string | undefined;
  let monthFirstCount = 0;
  let dayFirstCount = 0;
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const m = NUMERIC_DATE.exec(v);
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a <= 12 && b > 12 && b <= 31) {
      monthFirst ??= v.trim();
      monthFirstCount += 1;
    } else if (a > 12 && a <= 31 && b <= 12) dayFirstCount += 1;
    if (monthFirstCount >= 2 && dayFirstCount >= 2) break;
  }
  if (monthFirst === undefined) return { order: 'day-first' };
  // One month-first date among several day-first ones is a typo (reported as a bad date), not the sheet's order; one
  // alone is too little to swap every other date on: the ambiguous ones are then not read.
  if (monthFirstCount === 1) return dayFirstCount >= 2 ? { order: 'day-first' } : { order: 'mixed', evidence: monthFirst };
  return { order: dayFirstCount === 0 ? 'month-first' : 'mixed', evidence: monthFirst };
}

/**
 * A numeric text date as the sheet's order says: month first swapped to day first (`03/04/2026` → `04/03/2026`), with
 * a note; `ambiguous` when the sheet writes both orders and this one reads as two different dates.
 */
export function orderedDateText(value: CellValue, order: DateOrder): { readonly value: CellValue; readonly note?: string; readonly ambiguous?: true } {
  if (order.order === 'day-first' || typeof value !== 'string') return { value };
  const m = NUMERIC_DATE.exec(value);
  if (!m) return { value };
  const a = Number(m[1]);
  const b = Number(m[3]);
  if (order.order === 'mixed') return a <= 12 && b <= 12 && a !== b ? { value, ambiguous: true } : { value };
  return { value: `${m[3]}/${m[1]}/${m[4]}`, note: `'${value.trim()}' is read month first, as this sheet writes its dates ('${order.evidence ?? ''}' can only be month first)` };
}
