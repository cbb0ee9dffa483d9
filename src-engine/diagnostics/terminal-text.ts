/**
 * Text from the user's files (a plan_ref, a cell's value, a file name) on its way to a terminal or a message.
 * Control characters are shown escaped, never sent: `ESC[8m` in a plan_ref would otherwise hide every line after it,
 * and a carriage return or a bidirectional override could make a line read differently from what it holds. A value
 * pasted whole into a message is cut: a 10 MB cell is named, not echoed.
 */

// C0 controls except tab and newline, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const HAS_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** `\u001b` for ESC and the like; tab and newline are kept. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Messages longer than this are cut in the middle (the start says what, the end what to do). */
export const MESSAGE_LIMIT = 2000;

/** Cuts `text` beyond `limit` characters, keeping its start and end and saying how much was left out. */
export function cutLong(text: string, limit: number = MESSAGE_LIMIT): string {
  if (text.length <= limit) return text;
  const head = Math.floor(limit * 0.6);
  const tail = Math.floor(limit * 0.3);
  return `${text.slice(0, head)} … [${(text.length - head - tail).toLocaleString('en-GB')} characters not shown] … ${text.slice(text.length - tail)}`;
}

/**
 * `value` with the control characters of every string in it escaped (objects and arrays walked). What holds none is
 * returned as it is, not copied, so a clean report costs one walk and no memory.
 */
export function escapeControlsDeep<T>(value: T): T {
  if (typeof value === 'string') return (HAS_UNSAFE.test(value) ? escapeControls(value) : value) as T;
  if (Array.isArray(value)) {
    const mapped = value.map(escapeControlsDeep);
    return (mapped.some((v, i) => v !== value[i]) ? mapped : value) as T;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    const mapped = entries.map(([k, v]) => [escapeControls(k), escapeControlsDeep(v)] as const);
    // Object.fromEntries defines own properties: a key `__proto__` stays a key.
    return (mapped.some(([k, v], i) => k !== entries[i]![0] || v !== entries[i]![1]) ? Object.fromEntries(mapped) : value) as T;
  }
  return value;
}
