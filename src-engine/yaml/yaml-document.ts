/**
 * The only `yaml` import. Parses YAML keeping positions, so every later stage (schema validation, compilation,
 * policy tests) can report `file:line:col` for any JSON-pointer path into the data.
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, visit, type Node, type Document } from 'yaml';
import type { Diagnostic, FileLocation } from '../diagnostics/diagnostic.js';

export interface YamlDocument {
  readonly file: string;
  /** The plain data (maps → objects, sequences → arrays, scalars as YAML 1.2 core reads them). */
  readonly data: unknown;
  /** Location of the value at `path` (or of its key when `at` is 'key'); the nearest existing ancestor otherwise. */
  locate(path: readonly (string | number)[], at?: 'key' | 'value'): FileLocation;
  /** Location of `token` inside the value at `path` (e.g. one `{placeholder}` of a message); the value's start if absent. */
  locateToken(path: readonly (string | number)[], token: string): FileLocation;
}

export type YamlParseResult =
  | { readonly ok: true; readonly document: YamlDocument; readonly diagnostics: Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/**
 * Parses one YAML document. Syntax errors (including duplicate keys, which YAML forbids but many parsers
 * accept silently) become `<code>` diagnostics with line and column.
 */
/** Per alias, how many nodes it may expand to (the yaml library's resource-exhaustion guard). */
const MAX_ALIAS_COUNT = 100;

export function parseYaml(text: string, file: string, code = 'yaml_syntax_error'): YamlParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const where = (offset: number): FileLocation => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, col: pos.col };
  };
  const diagnostics: Diagnostic[] = doc.errors.map((e) => ({
    code,
    severity: 'error',
    message: `${firstLine(e.message)}${hintFor(e.code)}`,
    location: where(e.pos[0]),
  }));
  for (const w of doc.warnings) {
    diagnostics.push({ code: code.replace(/_error$/, '_warning'), severity: 'warning', message: firstLine(w.message), location: where(w.pos[0]) });
  }
  if (doc.errors.length > 0) return { ok: false, diagnostics };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // The yaml library refuses aliases that would multiply the data (an "alias bomb"): a located error, not a crash.
    if (!(e instanceof ReferenceError)) throw e;
    let first: number | undefined;
    visit(doc, { Alias: (_key, node) => {
      first = node.range?.[0];
      return visit.BREAK;
    } });
    diagnostics.push({ code, severity: 'error', message: `too many aliases (*name): expanding them would repeat the data more than ${MAX_ALIAS_COUNT} times over; write the values out, or use fewer aliases`, location: where(first ?? 0) });
    return { ok: false, diagnostics };
  }
  return {
    ok: true,
    diagnostics,
    document: {
      file,
      data,
      locate: (path, at = 'value') => where(offsetOf(doc, path, at)),
      locateToken: (path, token) => {
        const start = offsetOf(doc, path, 'value');
        const hit = text.indexOf(token, start);
        const line = text.indexOf('\n', start);
        // Only trust a hit on the value's own first line (multi-line scalars and escapes shift offsets).
        return where(hit >= 0 && (line < 0 || hit < line) ? hit : start);
      },
    },
  };
}

/** What an author should do about a YAML syntax error, in their words rather than the parser's. */
const HINTS: Readonly<Record<string, string>> = {
  BLOCK_AS_IMPLICIT_KEY: 'text that holds a colon followed by a space must be quoted, e.g. change: "Fixed: the SPA rule"',
  MULTILINE_IMPLICIT_KEY: 'a key and its colon must be on one line; text that holds a colon must be quoted, and list items (- ...) indented under their key',
  TAB_AS_INDENT: 'indent with spaces, not tabs (YAML does not allow tabs for indentation)',
  BAD_INDENT: 'indent with spaces, and line up the keys of one block at the same column',
  MISSING_CHAR: 'a quote or bracket is not closed: close it on the same line, or quote the whole text',
  DUPLICATE_KEY: 'each key may appear once in a block: remove or rename the repeated one',
  UNEXPECTED_TOKEN: 'check the quotes and indentation on this line: quote text that starts with a special character (: { } [ ] & * # ? | > @ `)',
};

function hintFor(errorCode: string): string {
  const hint = HINTS[errorCode];
  return hint ? ` (hint: ${hint})` : '';
}

function offsetOf(doc: Document, path: readonly (string | number)[], at: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
      if (!pair) return offset;
      if (last && at === 'key') return rangeStart(pair.key) ?? offset;
      node = pair.value;
      offset = rangeStart(node) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) return offset;
      node = item;
      offset = rangeStart(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** Splits a JSON pointer (`/rules/3/when`) into path segments, numbers for array indexes. */
export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export type YamlEdit =
  /** Sets a value; a new top-level key goes right after `after` when given, else at the end. */
  | { readonly set: readonly (string | number)[]; readonly value: unknown; readonly after?: string }
  | { readonly delete: readonly (string | number)[] }
  | { readonly append: readonly (string | number)[]; readonly value: unknown };

/**
 * Edits YAML text in place, keeping its comments, key order and layout (used to start and ratify policy
 * versions without reformatting the author's file). Strings are written double-quoted, as the policy files
 * quote dates and versions.
 */
export function editYaml(text: string, edits: readonly YamlEdit[]): string {
  const doc = parseDocument(text);
  const node = (value: unknown): Node => {
    const created = doc.createNode(value) as Node;
    quoteDateLike(created);
    return created;
  };
  for (const edit of edits) {
    if ('set' in edit) {
      const root = doc.contents;
      if (edit.after !== undefined && edit.set.length === 1 && isMap(root) && !doc.hasIn(edit.set)) {
        const at = root.items.findIndex((p) => isScalar(p.key) && p.key.value === edit.after);
        root.items.splice(at + 1, 0, doc.createPair(edit.set[0], node(edit.value)) as (typeof root.items)[number]);
      } else doc.setIn(edit.set, node(edit.value));
    }
    else if ('delete' in edit) doc.deleteIn(edit.delete);
    else {
      if (!doc.hasIn(edit.append)) doc.setIn(edit.append, doc.createNode([]));
      doc.addIn(edit.append, node(edit.value));
    }
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Dates and version labels are quoted, so no YAML reader takes them for numbers or timestamps. */
function quoteDateLike(node: unknown): void {
  if (isScalar(node)) {
    if (typeof node.value === 'string' && /^[\d.-]+$/.test(node.value)) node.type = 'QUOTE_DOUBLE';
  } else if (isMap(node) || isSeq(node)) {
    for (const item of node.items) {
      if (isPair(item)) quoteDateLike(item.value);
      else quoteDateLike(item);
    }
  }
}
