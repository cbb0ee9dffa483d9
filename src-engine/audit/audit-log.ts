/**
 * The audit log: one JSON line per run, each line carrying the sha256 of the previous line's exact text (`prev`) and
 * the sha256 of its own content (`hash`), so that an edited, removed, inserted or reordered line is found by
 * `jobplan audit verify`. Pure: the Node shell (src-engine/node/audit-log-file.ts) reads and appends the file.
 *
 * What the chain cannot do: it is not a signature. Deleting the last line leaves a shorter log that still verifies,
 * and someone who recomputes every hash after an edit can rewrite the whole file. Only a head hash kept outside the
 * file (printed by `verify`, checked with `--expect-head`) protects the end of the log.
 *
 * Personal data: the log records who ran jobplan, file names (which often name practitioners) and counts of
 * findings, never names, pay or findings themselves. With `redact`, file names become `redacted:<12 hex>` (a
 * pseudonym: the first 12 hex digits of the sha256 of the path), and the sha256 of each file's bytes still
 * identifies it.
 */
import type { EvaluationReport } from '../report/report.js';
import { sha256Hex } from '../policy/hash.js';

/** `prev` of the first line: there is no previous line. */
export const AUDIT_GENESIS_PREV = '0'.repeat(64);

export interface AuditFileStamp {
  readonly path: string;
  readonly sha256: string;
}

export interface AuditPolicyStamp {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
}

export interface AuditCounts {
  readonly plans: number;
  /** Findings at each severity. */
  readonly error: number;
  readonly warning: number;
  readonly info: number;
  /** Diagnostics (unreadable files, broken policies...) of any severity. */
  readonly diagnostics: number;
}

export interface AuditEntry {
  /** 1-based position in the log. */
  readonly seq: number;
  /** When the run happened (ISO 8601). */
  readonly at: string;
  /** Who ran it, if known (JOBPLAN_USER, else the operating system user). */
  readonly user: string | null;
  readonly command: string;
  /** The command's arguments, after redaction. */
  readonly args: readonly string[];
  readonly engineVersion: string;
  readonly today: string;
  readonly asOf: string | null;
  /** Files read, with the sha256 of their bytes. */
  readonly inputs: readonly AuditFileStamp[];
  /** The workbook map used, if any. */
  readonly map: AuditFileStamp | null;
  readonly policies: readonly AuditPolicyStamp[];
  readonly counts: AuditCounts;
  /** sha256 of the previous line's exact text; 64 zeros for the first line. */
  readonly prev: string;
  /** sha256 of this entry serialised without `hash`. */
  readonly hash: string;
}

export interface AuditContext {
  readonly at: string;
  readonly user: string | null;
  /** The command's arguments as given (without the command name). */
  readonly args: readonly string[];
  /** Replace file names (inputs and the arguments naming files) by `redacted:<12 hex>`. */
  readonly redact: boolean;
  /** Default `validate`. */
  readonly command?: string;
}

export type AuditProblemCode =
  | 'audit_empty'
  | 'audit_blank_line'
  | 'audit_bad_json'
  | 'audit_bad_entry'
  | 'audit_edited'
  | 'audit_inserted'
  | 'audit_duplicate'
  | 'audit_chain_broken'
  | 'audit_out_of_order'
  | 'audit_missing_lines'
  | 'audit_head_mismatch';

export interface AuditProblem {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly code: AuditProblemCode;
  readonly message: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  /** Lines that are well-formed audit entries. */
  readonly entries: number;
  /** sha256 of the last line's text (what the next line's `prev` will be); null if the last line is not an entry. */
  readonly headHash: string | null;
  readonly problems: AuditProblem[];
}

/** Option values that name no person (kept as given when redacting); every other value and positional is redacted. */
const NON_PERSONAL_OPTIONS = new Set(['--policy', '--as-of', '--today', '--format', '--policies', '--map', '--audit-log']);

const HEX64 = /^[0-9a-f]{64}$/;

/** The sha256 of a line's text, as the next line's `prev` records it (a trailing CR is not part of the line). */
export function auditLineHash(line: string): string {
  return sha256Hex(stripCr(line));
}

/** The pseudonym of a file name: `redacted:` and the first 12 hex digits of the sha256 of the normalised path. */
export function redactPath(path: string): string {
  return `redacted:${sha256Hex(normalisePath(path)).slice(0, 12)}`;
}

export function buildAuditEntry(report: EvaluationReport, context: AuditContext, previousLine: string | null, seq: number): AuditEntry {
  const redact = (p: string) => (context.redact ? redactPath(p) : p);
  const sum = (c: { error: number; warning: number; info: number }) => c.error + c.warning + c.info;
  const map = report.options?.map ?? null;
  const unhashed: Omit<AuditEntry, 'hash'> = {
    seq,
    at: context.at,
    user: context.user,
    command: context.command ?? 'validate',
    args: context.redact ? redactArgs(context.args) : [...context.args],
    engineVersion: report.engineVersion,
    today: report.today,
    asOf: report.asOf,
    inputs: (report.inputs ?? []).map((i) => ({ path: redact(i.path), sha256: i.sha256 })),
    map: map ? { path: map.path, sha256: map.sha256 } : null,
    policies: report.policies.map((p) => ({ id: p.id, version: p.version, sha256: p.sha256 })),
    counts: {
      plans: report.summary.plans,
      error: report.summary.findings.error,
      warning: report.summary.findings.warning,
      info: report.summary.findings.info,
      diagnostics: sum(report.summary.diagnostics),
    },
    prev: previousLine === null ? AUDIT_GENESIS_PREV : auditLineHash(previousLine),
  };
  return { ...unhashed, hash: sha256Hex(canonical(unhashed, false)) };
}

/** One line, keys in a fixed order, no trailing newline. */
export function serialiseAuditEntry(entry: AuditEntry): string {
  return canonical(entry, true);
}

/** The sha256 an entry's `hash` field must hold. */
export function computeAuditHash(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(canonical(entry, false));
}

export type AuditLineCheck =
  | { readonly ok: true; readonly entry: AuditEntry }
  | { readonly ok: false; readonly code: 'audit_blank_line' | 'audit_bad_json' | 'audit_bad_entry' | 'audit_edited'; readonly message: string };

/**
 * Checks one line on its own: JSON, the entry's shape, its hash, and that it is exactly as jobplan writes it.
 * Used by the Node shell before chaining a new line to the last one.
 */
export function checkAuditLine(line: string): AuditLineCheck {
  const parsed = parseLine(stripCr(line));
  if (!parsed.ok) return parsed;
  const self = selfCheck(parsed.entry, stripCr(line));
  return self === null ? parsed : { ok: false, code: 'audit_edited', message: self };
}

/**
 * Verifies a whole log. Line numbers in problems are the file's (1-based). Tolerates a trailing newline, CRLF line
 * ends and a leading byte order mark; anything else jobplan would not have written is a problem.
 */
export function verifyAuditLog(text: string, options: { expectHead?: string } = {}): AuditVerification {
  const problems: AuditProblem[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body === '') {
    problems.push({ line: 1, code: 'audit_empty', message: 'the file is empty: jobplan never writes an empty audit log, so every line was removed (or no run was ever logged here)' });
    return { ok: false, entries: 0, headHash: null, problems };
  }
  const lines = body.split('\n').map(stripCr);
  if (lines[lines.length - 1] === '') lines.pop(); // the final newline (optional: a cut-short line fails as JSON)

  // 1. Each line on its own.
  const valid: Line[] = [];
  const unreadable: number[] = [];
  lines.forEach((text, i) => {
    const number = i + 1;
    const parsed = parseLine(text);
    if (!parsed.ok) {
      problems.push({ line: number, code: parsed.code, message: `line ${number} ${parsed.message}` });
      unreadable.push(number);
      return;
    }
    valid.push({ number, text, lineHash: sha256Hex(text), entry: parsed.entry, selfProblem: selfCheck(parsed.entry, text) });
  });

  const byLineHash = new Map<string, Line>();
  for (const l of valid) if (!byLineHash.has(l.lineHash)) byLineHash.set(l.lineHash, l);
  const referenced = new Set(valid.map((l) => l.entry.prev));
  const linksBack = (l: Line) => (l.entry.prev === AUDIT_GENESIS_PREV ? l.entry.seq === 1 : byLineHash.has(l.entry.prev));

  // 2. Integrity of each entry; set aside copies and lines that were never part of the chain.
  // A line that does not match its own hash was edited, unless the evidence says it never had a place in the chain:
  // nothing chains to it and either a genuine entry holds its seq, or its neighbours chain to each other around it,
  // or it is the last line and chains to nothing.
  const looksInserted = (l: Line): boolean => {
    if (referenced.has(l.lineHash)) return false;
    if (valid.some((o) => o !== l && o.selfProblem === null && o.entry.seq === l.entry.seq && o.text !== l.text)) return true;
    const i = valid.indexOf(l);
    const before = valid[i - 1];
    const after = valid[i + 1];
    if (after) return after.entry.prev === (before ? before.lineHash : AUDIT_GENESIS_PREV);
    return !linksBack(l);
  };
  const chain: Line[] = [];
  const seen = new Map<string, Line>();
  for (const l of valid) {
    const copyOf = seen.get(l.text);
    if (copyOf) {
      problems.push({ line: l.number, code: 'audit_duplicate', message: `line ${l.number} is a copy of line ${copyOf.number} (seq ${l.entry.seq}): a line was pasted in again` });
      continue;
    }
    seen.set(l.text, l);
    if (l.selfProblem !== null) {
      if (looksInserted(l)) {
        problems.push({ line: l.number, code: 'audit_inserted', message: `line ${l.number} was not written by jobplan: its hash does not match its content and its prev hash matches no line in the file (added by hand?)` });
        continue;
      }
      problems.push({ line: l.number, code: 'audit_edited', message: `line ${l.number} ${l.selfProblem}` });
    }
    chain.push(l);
  }

  // 3. Order and gaps, by seq, over the entries in file order.
  const present = new Set(chain.map((l) => l.entry.seq));
  const unreadableBetween = (a: number, b: number) => unreadable.filter((n) => n > a && n < b).length;
  const first = chain[0];
  if (first) {
    const missingAtStart = countMissing(0, first.entry.seq, present);
    const explained = unreadableBetween(0, first.number);
    if (missingAtStart > explained) {
      problems.push({ line: first.number, code: 'audit_missing_lines', message: `the log starts at seq ${first.entry.seq}: the first ${plural(missingAtStart - explained, 'line was', 'lines were')} removed` });
    } else if (first.entry.seq === 1 && first.entry.prev !== AUDIT_GENESIS_PREV && first.selfProblem === null) {
      problems.push({ line: first.number, code: 'audit_chain_broken', message: `line ${first.number} claims to be the first entry (seq 1) but its prev hash is not the start marker (64 zeros): it was not written by jobplan as the first line` });
    }
  }
  for (let i = 1; i < chain.length; i++) {
    const p = chain[i - 1]!;
    const k = chain[i]!;
    if (k.entry.seq === p.entry.seq) {
      problems.push({ line: k.number, code: 'audit_out_of_order', message: `lines ${p.number} and ${k.number} both claim seq ${k.entry.seq}: one of them was inserted or its seq edited (or two runs wrote to the log at the same moment)` });
    } else if (k.entry.seq < p.entry.seq) {
      problems.push({ line: k.number, code: 'audit_out_of_order', message: `lines ${p.number} and ${k.number} are out of order (seq ${p.entry.seq} before seq ${k.entry.seq}): lines were moved` });
    } else if (k.entry.seq > p.entry.seq + 1) {
      const missing = countMissing(p.entry.seq, k.entry.seq, present) - unreadableBetween(p.number, k.number);
      // If its prev points at a line in the file, the seq was changed, not lines removed: step 4 reports that.
      if (missing > 0 && !byLineHash.has(k.entry.prev)) {
        problems.push({ line: k.number, code: 'audit_missing_lines', message: `line ${k.number} does not follow line ${p.number}: its prev hash matches no line in the file and seq jumps from ${p.entry.seq} to ${k.entry.seq} — ${plural(missing, 'line', 'lines')} between them ${missing === 1 ? 'was' : 'were'} removed` });
      }
    }
  }

  // 4. The hash chain, by seq (independent of position, which step 3 judged): each entry's prev is the exact text of
  // the entry with the seq before it.
  const bySeq = new Map<number, Line[]>();
  for (const l of chain) bySeq.set(l.entry.seq, [...(bySeq.get(l.entry.seq) ?? []), l]);
  const blamed = new Set<number>();
  const rewritten = new Set<number>();
  for (const k of chain) {
    if (k.entry.seq <= 1) continue;
    const preds = bySeq.get(k.entry.seq - 1) ?? [];
    if (preds.some((p) => p.lineHash === k.entry.prev)) continue;
    const other = byLineHash.get(k.entry.prev);
    if (other && other !== k) {
      problems.push({ line: k.number, code: 'audit_chain_broken', message: `line ${k.number} (seq ${k.entry.seq}) chains to line ${other.number} (seq ${other.entry.seq}), not to seq ${k.entry.seq - 1}: seq numbers were changed` });
      continue;
    }
    const pred = preds[0];
    if (!pred) continue; // lines missing: step 3 reported the gap
    if (pred.selfProblem !== null || blamed.has(pred.number) || rewritten.has(pred.number)) continue; // already reported
    // One break: the line before was changed and its hash recomputed. A break after k too: k and the lines after it
    // were rewritten (most often a line removed and the later lines renumbered).
    const next = bySeq.get(k.entry.seq + 1) ?? [];
    if (next.length > 0 && !next.some((n) => n.entry.prev === k.lineHash)) {
      rewritten.add(k.number);
      problems.push({ line: k.number, code: 'audit_chain_broken', message: `line ${k.number} does not follow line ${pred.number}: its prev hash matches no line in the file, and the line after it does not follow it either — lines from line ${k.number} on were rewritten with their hashes recomputed (most likely a line was removed after line ${pred.number} and the later lines renumbered)` });
      continue;
    }
    blamed.add(pred.number);
    problems.push({ line: pred.number, code: 'audit_edited', message: `line ${pred.number} was changed after it was written: line ${k.number} records a different hash for it (its own hash field was recomputed to hide the change), or it replaced the original line` });
  }

  const last = lines.length > 0 ? valid.find((l) => l.number === lines.length) : undefined;
  const headHash = last ? last.lineHash : null;
  if (options.expectHead !== undefined) {
    const expected = options.expectHead.toLowerCase();
    if (!byLineHash.has(expected)) {
      problems.push({ line: lines.length, code: 'audit_head_mismatch', message: `the head hash recorded elsewhere (${expected}) is the hash of no line in this file: lines were removed from the end, or the log was rewritten` });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { ok: problems.length === 0, entries: valid.length, headHash, problems };
}

interface Line {
  readonly number: number;
  readonly text: string;
  readonly lineHash: string;
  readonly entry: AuditEntry;
  /** Why the line does not match its own hash, or null. */
  readonly selfProblem: string | null;
}

function selfCheck(entry: AuditEntry, text: string): string | null {
  if (computeAuditHash(entry) !== entry.hash) return 'was edited after it was written (its hash does not match its content)';
  if (serialiseAuditEntry(entry) !== text) return 'was edited after it was written (its content matches its hash, but the text is not as jobplan wrote it: extra fields, reordered keys or spacing)';
  return null;
}

function parseLine(text: string): { ok: true; entry: AuditEntry } | { ok: false; code: 'audit_blank_line' | 'audit_bad_json' | 'audit_bad_entry'; message: string } {
  if (text.trim() === '') return { ok: false, code: 'audit_blank_line', message: 'is blank: jobplan never writes blank lines (an entry erased, or the file edited by hand)' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'audit_bad_json', message: 'is not valid JSON: it was cut short or corrupted' };
  }
  const problem = entryShapeProblem(value);
  if (problem !== null) return { ok: false, code: 'audit_bad_entry', message: `is not a jobplan audit entry (${problem}): written by hand or by another tool?` };
  return { ok: true, entry: value as AuditEntry };
}

function entryShapeProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'not a JSON object';
  const isString = (v: unknown) => typeof v === 'string';
  const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  const isStamp = (keys: readonly string[]) => (v: unknown) => isRecord(v) && keys.every((k) => typeof v[k] === 'string');
  const checks: [string, (v: unknown) => boolean][] = [
    ['seq', (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1],
    ['at', isString],
    ['user', (v) => v === null || isString(v)],
    ['command', isString],
    ['args', (v) => Array.isArray(v) && v.every(isString)],
    ['engineVersion', isString],
    ['today', isString],
    ['asOf', (v) => v === null || isString(v)],
    ['inputs', (v) => Array.isArray(v) && v.every(isStamp(['path', 'sha256']))],
    ['map', (v) => v === null || isStamp(['path', 'sha256'])(v)],
    ['policies', (v) => Array.isArray(v) && v.every(isStamp(['id', 'version', 'sha256']))],
    ['counts', (v) => isRecord(v) && ['plans', 'error', 'warning', 'info', 'diagnostics'].every((k) => isCount(v[k]))],
    ['prev', (v) => typeof v === 'string' && HEX64.test(v)],
    ['hash', (v) => typeof v === 'string' && HEX64.test(v)],
  ];
  for (const [key, ok] of checks) {
    if (!(key in value)) return `no '${key}'`;
    if (!ok(value[key])) return `'${key}' has the wrong type or form`;
  }
  return null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON with a fixed key order at every level, so the same entry always gives the same text and hash. */
function canonical(entry: Omit<AuditEntry, 'hash'> & { hash?: string }, withHash: boolean): string {
  const stamp = (s: AuditFileStamp) => ({ path: s.path, sha256: s.sha256 });
  const ordered: Record<string, unknown> = {
    seq: entry.seq,
    at: entry.at,
    user: entry.user,
    command: entry.command,
    args: [...entry.args],
    engineVersion: entry.engineVersion,
    today: entry.today,
    asOf: entry.asOf,
    inputs: entry.inputs.map(stamp),
    map: entry.map === null ? null : stamp(entry.map),
    policies: entry.policies.map((p) => ({ id: p.id, version: p.version, sha256: p.sha256 })),
    counts: { plans: entry.counts.plans, error: entry.counts.error, warning: entry.counts.warning, info: entry.counts.info, diagnostics: entry.counts.diagnostics },
    prev: entry.prev,
  };
  if (withHash) ordered['hash'] = entry.hash;
  return JSON.stringify(ordered);
}

/**
 * With redaction, every argument that may name a file or folder (positionals and the values of options other than
 * the few known to name no one, e.g. `--out`) becomes a pseudonym; `--name=value` forms likewise.
 */
function redactArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  let keepNext = false;
  for (const arg of args) {
    if (keepNext) {
      out.push(arg);
      keepNext = false;
    } else if (arg.startsWith('-') && arg.length > 1) {
      const eq = arg.indexOf('=');
      if (eq > 0) {
        const name = arg.slice(0, eq);
        out.push(NON_PERSONAL_OPTIONS.has(name) ? arg : `${name}=${redactPath(arg.slice(eq + 1))}`);
      } else {
        out.push(arg);
        keepNext = NON_PERSONAL_OPTIONS.has(arg);
      }
    } else {
      out.push(redactPath(arg));
    }
  }
  return out;
}

/** `./plans\\a.xlsx`, `plans/a.xlsx` and `plans/a.xlsx/` give the same pseudonym. */
function normalisePath(path: string): string {
  let p = path.replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

function countMissing(from: number, to: number, present: ReadonlySet<number>): number {
  let n = 0;
  for (let s = from + 1; s < to; s++) if (!present.has(s)) n++;
  return n;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
