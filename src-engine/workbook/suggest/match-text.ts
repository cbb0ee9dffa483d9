/**
 * Whether a cell's text names a field: its words against the vocabulary's phrases and keyword rules. Matching
 * forgives what Trusts' templates vary in: case, punctuation, `&` for "and", numbering, hints in brackets
 * ("Contracted PAs (excluding additional PAs)"), "Speciality" for "Specialty".
 */
import type { FieldWords } from './vocabulary.js';

/** How strongly a text names a field: a whole phrase, a phrase once a bracketed hint is dropped, keywords, a fallback. */
export type Strength = 4 | 3 | 2 | 1;

export interface FieldMatch {
  readonly field: string;
  readonly strength: Strength;
}

const NO_WORDS: FieldWords = { phrases: [] };

/** Keywords recognise a label, not a sentence that happens to hold the words (a budget line's title). */
const KEYWORD_TEXT_MAX = 40;
const KEYWORD_QUESTION_MAX = 60;

const SPELLINGS: readonly [RegExp, string][] = [
  [/\bspeciality\b/g, 'specialty'],
  [/\borgani[sz]ation\b/g, 'organisation'],
  [/\boncall\b/g, 'on call'],
  [/\bsignoff\b/g, 'sign off'],
  [/\bsign-off\b/g, 'sign off'],
  [/\bhrs\b/g, 'hours'],
];

/** Lower case, `&` as "and", punctuation as spaces, numbering dropped, spaces collapsed. */
export function matchKey(text: string): string {
  let t = text.toLowerCase().replace(/\u00a0/g, ' ').replace(/&/g, ' and ');
  t = t.replace(/^\s*(?:section\s+)?(?:\d{1,2}(?:\.\d{1,2})*|[a-h]|[ivx]{1,4})\s*[.)]\s+/, '');
  t = t.replace(/[^a-z0-9%]+/g, ' ').replace(/\s+/g, ' ').trim();
  for (const [re, to] of SPELLINGS) t = t.replace(re, to);
  return t;
}

/** The text without anything in brackets: "DCC PAs (avg/wk)" → "dcc pas". */
export function keyWithoutBrackets(text: string): string {
  return matchKey(text.replace(/\([^)]*\)|\[[^\]]*\]/g, ' '));
}

function wordMatches(word: string, tokens: readonly string[], key: string): boolean {
  // `$by`: the text's last word ("Sign Off By" names a person, "Agreed by doctor" a date).
  if (word.startsWith('$')) return tokens[tokens.length - 1] === word.slice(1);
  if (word.endsWith('*')) {
    const stem = word.slice(0, -1);
    return tokens.some((t) => t.startsWith(stem));
  }
  if (word.includes(' ')) return ` ${key} `.includes(` ${word} `);
  return tokens.includes(word);
}

/**
 * A text long enough to be a sentence, a number, a date or a bracketed hint is no label.
 */
export function couldBeLabel(text: string): boolean {
  const t = text.trim();
  if (t.length === 0 || t.length > 70) return false;
  if (/^\(.*\)$/.test(t)) return false;
  if (/^[\d\s/.:-]+$/.test(t)) return false;
  return /[a-z]/i.test(t);
}

/**
 * Every field the text may name, strongest first. `extra` adds labels a Trust's own maps already use (field →
 * normalised phrases), counted as whole phrases.
 */
export function matchField(text: string, words: Readonly<Record<string, FieldWords>>, extra?: ReadonlyMap<string, ReadonlySet<string>>): FieldMatch[] {
  if (!couldBeLabel(text)) return [];
  const whole = matchWhole(text, words, extra);
  if (whole.some((m) => m.strength >= 3)) return whole;
  // A bilingual label ("Enw / Name", "Sesiynau wedi'u contractio / Contracted sessions"): each language's half is
  // matched alone, a whole phrase counting as a phrase once a hint is dropped, so the whole text still wins.
  const halves = text.split(/\s+\/\s+/);
  // "Name / Signature" in a sign-off box is the signatory's, not the practitioner's name: not split.
  if (halves.length !== 2 || /\bsign/i.test(text)) return whole;
  const best = new Map<string, Strength>(whole.map((m) => [m.field, m.strength]));
  for (const half of halves) {
    for (const m of matchWhole(half, words, extra)) {
      const strength = Math.min(m.strength, 3) as Strength;
      if ((best.get(m.field) ?? 0) < strength) best.set(m.field, strength);
    }
  }
  return [...best].map(([field, strength]) => ({ field, strength })).sort((a, b) => b.strength - a.strength);
}

function matchWhole(text: string, words: Readonly<Record<string, FieldWords>>, extra?: ReadonlyMap<string, ReadonlySet<string>>): FieldMatch[] {
  if (!couldBeLabel(text)) return [];
  const key = matchKey(text);
  const bare = keyWithoutBrackets(text);
  const tokens = key.split(' ');
  // A question or a `label:` may run longer than a plain label ("Do you do any private practice or fee-paying work?").
  const keywordMax = /[?:]\s*$/.test(text) ? KEYWORD_QUESTION_MAX : KEYWORD_TEXT_MAX;
  const out: FieldMatch[] = [];
  // The vocabulary's fields, and any field only a Trust's own map names.
  const fields = extra ? [...new Set([...Object.keys(words), ...extra.keys()])] : Object.keys(words);
  for (const field of fields) {
    const w = words[field] ?? NO_WORDS;
    let strength: Strength | 0 = 0;
    const phrases = w.phrases;
    if (phrases.includes(key) || extra?.get(field)?.has(key)) strength = 4;
    else if (bare !== key && (phrases.includes(bare) || extra?.get(field)?.has(bare))) strength = 3;
    else if (w.keywords && key.length <= keywordMax && w.keywords.every((group) => group.some((word) => wordMatches(word, tokens, key))) && !(w.not ?? []).some((word) => wordMatches(word, tokens, key))) strength = 2;
    else if (w.fallback && (w.fallback.includes(key) || w.fallback.includes(bare))) strength = 1;
    if (strength > 0) out.push({ field, strength: strength as Strength });
  }
  return out.sort((a, b) => b.strength - a.strength);
}
