/**
 * Timetable frequencies as weekly weights: an activity on 1 week in N counts 1/N of its PAs each week,
 * "2 in 4" counts half, and blank means every week (e-job planning tools average over the cycle the same way).
 */

export type FrequencyResult = { readonly ok: true; readonly weight: number } | { readonly ok: false; readonly message: string };

export function parseFrequency(text: string | null | undefined): FrequencyResult {
  if (text === null || text === undefined) return { ok: true, weight: 1 };
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === '' || ['weekly', 'every week', 'each week', '1 in 1', 'w', 'wk'].includes(t)) return { ok: true, weight: 1 };
  if (['fortnightly', 'alternate weeks', 'every other week', 'every 2 weeks', 'bi-weekly', 'biweekly'].includes(t)) return { ok: true, weight: 0.5 };
  let m = /^(\d+) ?(?:in|:|\/|of) ?(\d+)(?: weeks?)?$/.exec(t);
  if (m) return ratio(Number(m[1]), Number(m[2]), text);
  m = /^every (\d+) weeks?$/.exec(t);
  if (m) return ratio(1, Number(m[1]), text);
  m = /^week \d+(?: of (\d+))?$/.exec(t);
  if (m) return ratio(1, m[1] ? Number(m[1]) : 2, text);
  if (t === 'monthly') return { ok: false, message: `'${cut(text)}' is ambiguous: write it as '1 in 4' or list it on the Annualised sheet with occurrences per year` };
  return { ok: false, message: `'${cut(text)}' is not a frequency jobplan understands; use Weekly, 1 in N, N in M, Fortnightly or Every N weeks` };
}

/** The longest cycle a timetable repeats over, in weeks: ten years. Past it (or past what a number can hold) it is a typo. */
export const MAX_CYCLE_WEEKS = 520;

function ratio(n: number, m: number, text: string): FrequencyResult {
  // 400 nines read as Infinity, and Infinity / Infinity is NaN: refused here, so no NaN reaches the facts.
  if (!Number.isFinite(n) || !Number.isFinite(m) || m > MAX_CYCLE_WEEKS) {
    return { ok: false, message: `'${cut(text)}' is not a frequency jobplan can use: in 'N in M', M is the weeks the timetable repeats over, at most ${MAX_CYCLE_WEEKS} (ten years)` };
  }
  if (m < 1 || n < 0 || n > m) return { ok: false, message: `'${cut(text)}' is not a valid frequency: in 'N in M', N must be between 0 and M` };
  return { ok: true, weight: n / m };
}

/** The frequency as quoted in a message: at most 40 characters, so a pasted page is not echoed whole. */
function cut(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
