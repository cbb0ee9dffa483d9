/**
 * JSON files (plans) read as JSON, not as YAML: the bytes are checked for their encoding first (a UTF-8 byte order
 * mark is accepted and noted, UTF-16 and invalid UTF-8 are said plainly), then JSON.parse reads them. The YAML
 * library is used only to locate things: a schema problem's line:col, a syntax error JSON.parse gives no position for.
 */
import type { Diagnostic, FileLocation } from '../diagnostics/diagnostic.js';
import { parseYaml, type YamlDocument } from '../yaml/yaml-document.js';

export type JsonRead =
  | { readonly ok: true; readonly data: unknown; readonly text: string; readonly diagnostics: Diagnostic[]; locate(path: readonly (string | number)[], at?: 'key' | 'value'): FileLocation }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/** Below this size a file is also read by the YAML parser up front, which finds keys written twice (JSON.parse keeps the last). */
const DUPLICATE_CHECK_BYTES = 2 * 1024 * 1024;

export function parseJsonBytes(bytes: Uint8Array, file: string, code: string): JsonRead {
  const fail = (message: string, at: Diagnostic['location'] = { file, line: 1, col: 1 }): JsonRead => ({ ok: false, diagnostics: [{ code, severity: 'error', message, location: at }] });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0))) {
    return fail('the file is UTF-16 text ("Unicode" in Notepad or Excel), and JSON is read as UTF-8: save it as UTF-8');
  }
  const diagnostics: Diagnostic[] = [];
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    body = bytes.subarray(3);
    diagnostics.push({ code: code.replace(/_error$/, '_bom'), severity: 'info', message: 'the file starts with a byte order mark (BOM), which JSON does not use; it was read as UTF-8', location: { file, line: 1, col: 1 } });
  }
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    const before = new TextDecoder('utf-8').decode(body.subarray(0, bad));
    return fail(`the file is not valid UTF-8 (byte 0x${body[bad]!.toString(16).padStart(2, '0').toUpperCase()} cannot start or continue a character): save it as UTF-8`, at(before, before.length, file));
  }
  const text = new TextDecoder('utf-8').decode(body);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const comment = commentOffset(text);
    if (comment >= 0) return fail('JSON does not allow comments: remove the comment', at(text, comment, file));
    const message = (e as Error).message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    const position = /at position (\d+)/.exec((e as Error).message);
    // The YAML parser needs some 60 times the text's size: only small files are given to it to find the place.
    const where = position ? at(text, Number(position[1]), file) : bytes.length <= DUPLICATE_CHECK_BYTES ? (parseYaml(text, file, code).diagnostics.find((d) => d.severity === 'error')?.location ?? { file, line: 1, col: 1 }) : { file, line: 1, col: 1 };
    return fail(`not valid JSON: ${message}`, where);
  }
  let document: YamlDocument | null | undefined;
  const yaml = (): YamlDocument | null => {
    if (document === undefined) {
      const parsed = parseYaml(text, file, code);
      document = parsed.ok ? parsed.document : null;
    }
    return document;
  };
  if (bytes.length <= DUPLICATE_CHECK_BYTES) {
    const parsed = parseYaml(text, file, code);
    // JSON.parse keeps the last of two equal keys without a word; the YAML parser finds them with line:col.
    const twice = parsed.diagnostics.filter((d) => d.severity === 'error' && /unique/i.test(d.message));
    if (twice.length > 0) return { ok: false, diagnostics: [...diagnostics, ...twice.map((d) => ({ ...d, message: `a key is written twice: ${d.message}` }))] };
    document = parsed.ok ? parsed.document : null;
  }
  if (bytes.length <= DUPLICATE_CHECK_BYTES) return { ok: true, data, text, diagnostics, locate: (path, where) => yaml()?.locate(path, where) ?? { file, line: 1, col: 1 } };
  // A big file is located by scanning its text (JsonLocator), never by building a YAML document of it: that took
  // 1.9 GB and a minute for one misplaced value in a 30 MB list of plans.
  const locator = new JsonLocator(text);
  return { ok: true, data, text, diagnostics, locate: (path, where) => {
    const offset = locator.offset(path, where ?? 'value');
    return offset >= 0 ? locator.position(offset, file) : { file, line: 1, col: 1 };
  } };
}

/**
 * Finds where a value (or its key) starts in valid JSON text, by scanning, with no tree built: each lookup skips over
 * the values before the one wanted. The elements of a top-level list are indexed once, so the lookups for a list of
 * 10,000 plans each scan one plan, not the file; line starts are indexed once too.
 */
export class JsonLocator {
  readonly #text: string;
  #elements: number[] | null = null;
  #lines: number[] | null = null;

  constructor(text: string) {
    this.#text = text;
  }

  /** Offset of the value at `path` (or, with 'key', of its key's opening quote), or -1 when there is none. */
  offset(path: readonly (string | number)[], where: 'key' | 'value'): number {
    let i = this.#space(0);
    let keyAt = -1;
    let depth = 0;
    if (path.length > 0 && typeof path[0] === 'number' && this.#text[i] === '[') {
      const elements = this.#topElements(i);
      const start = elements[path[0]];
      if (start === undefined) return -1;
      i = start;
      depth = 1;
    }
    for (; depth < path.length; depth++) {
      const step = path[depth]!;
      const open = this.#text[i];
      if (open === '[' && typeof step === 'number') {
        i = this.#space(i + 1);
        for (let k = 0; k < step; k++) {
          if (this.#text[i] === ']') return -1;
          i = this.#space(this.#skip(i));
          if (this.#text[i] === ',') i = this.#space(i + 1);
        }
        if (this.#text[i] === ']') return -1;
        keyAt = -1;
      } else if (open === '{') {
        i = this.#space(i + 1);
        let found = false;
        while (this.#text[i] === '"') {
          const keyStart = i;
          const keyEnd = this.#skip(i);
          const key = JSON.parse(this.#text.slice(keyStart, keyEnd)) as string;
          i = this.#space(keyEnd);
          i = this.#space(i + 1); // the colon
          if (key === String(step)) {
            keyAt = keyStart;
            found = true;
            break;
          }
          i = this.#space(this.#skip(i));
          if (this.#text[i] === ',') i = this.#space(i + 1);
        }
        if (!found) return -1;
      } else {
        return -1;
      }
    }
    return where === 'key' && keyAt >= 0 ? keyAt : i;
  }

  /** 1-based line and column of an offset. */
  position(offset: number, file: string): FileLocation {
    this.#lines ??= lineStarts(this.#text);
    const lines = this.#lines;
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, col: offset - lines[lo]! + 1 };
  }

  #topElements(open: number): number[] {
    if (this.#elements) return this.#elements;
    const elements: number[] = [];
    let i = this.#space(open + 1);
    while (i < this.#text.length && this.#text[i] !== ']') {
      elements.push(i);
      i = this.#space(this.#skip(i));
      if (this.#text[i] === ',') i = this.#space(i + 1);
      else break;
    }
    this.#elements = elements;
    return elements;
  }

  #space(i: number): number {
    const t = this.#text;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      i += 1;
    }
    return i;
  }

  /** The offset just past the value starting at `i` (valid JSON: JSON.parse has read it already). */
  #skip(i: number): number {
    const t = this.#text;
    const c = t[i];
    if (c === '"') {
      for (let j = i + 1; j < t.length; j++) {
        const d = t.charCodeAt(j);
        if (d === 92 /* \ */) j += 1;
        else if (d === 34 /* " */) return j + 1;
      }
      return t.length;
    }
    if (c === '{' || c === '[') {
      let depth = 0;
      for (let j = i; j < t.length; j++) {
        const d = t.charCodeAt(j);
        if (d === 34) {
          j = this.#skip(j) - 1;
        } else if (d === 123 || d === 91) depth += 1;
        else if (d === 125 || d === 93) {
          depth -= 1;
          if (depth === 0) return j + 1;
        }
      }
      return t.length;
    }
    let j = i;
    while (j < t.length && !/[\s,\]}]/.test(t[j]!)) j += 1;
    return j;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** line:col (1-based) of character `offset` of `text`. */
function at(text: string, offset: number, file: string): FileLocation {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { file, line, col: offset - start + 1 };
}

/** The offset of the first `//` or `/*` outside a string, or -1. */
function commentOffset(text: string): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) return i;
  }
  return -1;
}

/** The offset of the first byte that is not part of a well-formed UTF-8 character, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i += 1;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}
