/** Colour only for a terminal that wants it (NO_COLOR and FORCE_COLOR respected), plain text otherwise. */
import { PLAIN, type TextStyle } from '../report/format-text.js';

export function styleFor(stream: NodeJS.WriteStream): TextStyle {
  const wanted = process.env['FORCE_COLOR'] ? process.env['FORCE_COLOR'] !== '0' : stream.isTTY === true && !process.env['NO_COLOR'];
  if (!wanted) return PLAIN;
  const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
  return { bold: wrap(1, 22), red: wrap(31, 39), yellow: wrap(33, 39), dim: wrap(2, 22), green: wrap(32, 39) };
}

/** Today's date where the user is (not UTC: a run at 00:30 in London is still today). */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
