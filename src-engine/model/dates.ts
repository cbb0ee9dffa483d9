/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`), handled in UTC so no time zone can move a day.
 * Job plans only ever need whole days; times of day are dropped on purpose.
 */

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** Excel's day 0 is 1899-12-30 in the 1900 date system (it counts the phantom 29 Feb 1900). */
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  return m !== null && isValidDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function toIso(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function parts(date: IsoDate): [number, number, number] {
  // Dates reaching arithmetic were validated when read; slicing is much cheaper than a regex on a register.
  if (date.length !== 10 || date[4] !== '-' || date[7] !== '-') throw new Error(`internal: not an ISO date: ${date}`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

const dayNumbers = new Map<string, number>();

/** Day number since 1970-01-01, for arithmetic (memoised: a register repeats the same dates many times). */
export function dayNumber(date: IsoDate): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    const [y, m, d] = parts(date);
    n = Date.UTC(y, m - 1, d) / MS_PER_DAY;
    if (dayNumbers.size < 100_000) dayNumbers.set(date, n);
  }
  return n;
}

export function fromDayNumber(days: number): IsoDate {
  const d = new Date(days * MS_PER_DAY);
  return toIso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return toIso(year, month, Math.min(d, daysInMonth(year, month)));
}

/**
 * Calendar months from `from` to `to`, with the part month as a fraction of that month's length.
 * Exactly 12.0 on the anniversary and more than 12 the day after, so "within 12 months" is `<= 12`.
 * Negative spans are returned as negative values.
 */
export function monthsBetween(from: IsoDate, to: IsoDate): number {
  if (daysBetween(from, to) < 0) return -monthsBetween(to, from);
  let whole = 0;
  // Months are at most 31 days, so an estimate from the day count is never more than one too high.
  whole = Math.max(0, Math.floor(daysBetween(from, to) / 31));
  while (daysBetween(addMonths(from, whole + 1), to) >= 0) whole += 1;
  const start = addMonths(from, whole);
  const next = addMonths(from, whole + 1);
  const fraction = daysBetween(start, to) / daysBetween(start, next);
  return Math.round((whole + fraction) * 1000) / 1000;
}

/** Converts an Excel serial day number (1900 date system) to an ISO date; fractions (times) are dropped. */
export function fromExcelSerial(serial: number): IsoDate | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  return fromDayNumber(Math.floor(serial) + EXCEL_EPOCH_UTC / MS_PER_DAY);
}

export function toExcelSerial(date: IsoDate): number {
  return dayNumber(date) - EXCEL_EPOCH_UTC / MS_PER_DAY;
}

/**
 * Reads a date typed as text the way a UK user means it: `28/04/2017`, `28-04-2017`, `28.04.17`,
 * `28 Apr 2017`, `28 April 2017`, or ISO `2017-04-28`. Day always comes before month (UK order);
 * two-digit years are 20xx. Returns null when the text is not a real date.
 */
export function parseUkDate(text: string): IsoDate | null {
  // A weekday in front ("Monday 12 March 2026", "Mon, 12/03/2026") adds nothing.
  const t = text.trim().replace(/^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+/i, '');
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(t);
  if (m) return checked(Number(m[1]), Number(m[2]), Number(m[3]));
  // Month name first ("Mar 12, 2026") is unambiguous, unlike 03/12/2026, which is always read day first.
  m = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(t);
  if (m) {
    const month = MONTHS[m[1]!.toLowerCase().slice(0, m[1]!.toLowerCase().startsWith('sept') ? 4 : 3)];
    if (month === undefined || !monthNameMatches(m[1]!)) return null;
    return checked(Number(m[3]), month, Number(m[2]));
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(t);
  if (m) return checked(year(m[3]!), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{2}|\d{4})$/.exec(t);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase().slice(0, m[2]!.toLowerCase().startsWith('sept') ? 4 : 3)];
    if (month === undefined || !monthNameMatches(m[2]!)) return null;
    return checked(year(m[3]!), month, Number(m[1]));
  }
  return null;
}

function monthNameMatches(name: string): boolean {
  const full = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
  const lower = name.toLowerCase();
  return full.some((f) => f.startsWith(lower) && lower.length >= 3) || lower === 'sept';
}

function year(text: string): number {
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function checked(y: number, m: number, d: number): IsoDate | null {
  return isValidDate(y, m, d) ? toIso(y, m, d) : null;
}

/** `2017-06-01` → `01/06/2017`, the way NHS forms write dates. */
export function formatUkDate(date: IsoDate): string {
  const [y, m, d] = parts(date);
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}
