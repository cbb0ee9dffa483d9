/**
 * The audit log: one JSON line per run, each line carrying the sha256 of the previous line's exact text (`prev`) and
 * the sha256 of its own content (`hash`), so that an edited, removed, inserted or reordered line is found by
 * `jobplan audit verify`. Pure: the Node shell (src-engine/node/audit-log-file.ts) reads and appends the file.
 *
 * What the chain cannot do: it is not a signature. Deleting the last line leaves a shorter log that still verifies,
 * and someone who recomputes every hash after an edit can rewrite the whole file. Head hashes kept outside the file
 * protect it up to the newest of them: one kept by hand (`--expect-head`), or those each JSON report records
 * (`--against`, checked here as anchors). An HMAC made with a key held outside the log (JOBPLAN_AUDIT_KEY) catches
 * any line written without the key, but not lines removed from the end.
 *
 * Personal data: the log records who ran jobplan, file names (which often name practitioners) and counts of
 * findings, never names, pay or findings themselves. With `redact`, file names become `redacted:<12 hex>` (a
 * pseudonym: the first 12 hex digits of the sha256 of the path), and the sha256 of each file's bytes still
 * identifies it.
 */
import type { EvaluationReport } from '../report/report.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
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
  /**
   * HMAC-SHA256 of the line as far as `hash`, keyed with JOBPLAN_AUDIT_KEY, when that was set: only someone who
   * holds the key can write a line that `audit verify` (given the key) accepts.
   */
  readonly mac?: string;
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
  /** A secret held outside the log (JOBPLAN_AUDIT_KEY): the line gets an HMAC made with it. */
  readonly key?: string;
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
  | 'audit_head_mismatch'
  | 'audit_cut_short'
  | 'audit_anchor_mismatch'
  | 'audit_mac_missing'
  | 'audit_mac_mismatch';

export interface AuditProblem {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly code: AuditProblemCode;
  readonly message: string;
}

/** A line of the log as a report recorded it when the run wrote it. */
export interface AuditAnchor {
  /** Where the anchor was found (the report's file name), for messages. */
  readonly source: string;
  readonly seq: number;
  /** sha256 of the line's text (the head hash after that run). */
  readonly head: string;
}

export interface VerifyOptions {
  /** A head hash recorded elsewhere: a problem if no line of the log has it. */
  readonly expectHead?: string;
  /** JOBPLAN_AUDIT_KEY: every line must carry an HMAC made with it. */
  readonly key?: string;
  /** Head hashes recorded where they travel by themselves (JSON reports): the line at each seq must have that hash. */
  readonly anchors?: readonly AuditAnchor[];
  /** Counts the steps taken (lines looked at, lookups), so tests can show the work is bounded by the log's size. */
  readonly work?: { steps: number };
}

export interface AuditVerification {
  readonly ok: boolean;
  /** Lines that are well-formed audit entries. */
  readonly entries: number;
  /** sha256 of the last line's text (what the next line's `prev` will be); null if the last line is not an entry. */
  readonly headHash: string | null;
  readonly problems: AuditProblem[];
  /** Things found that are not tampering (a line cut short by a crash and skipped by the next run). */
  readonly notes?: AuditProblem[];
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
  const entry: AuditEntry = { ...unhashed, hash: sha256Hex(canonical(unhashed, false)) };
  return context.key ? { ...entry, mac: auditMac(entry, context.key) } : entry;
}

/** HMAC-SHA256 (hex) of the entry's line up to and including `hash`, under `key`. */
export function auditMac(entry: AuditEntry, key: string): string {
  const { mac: _mac, ...withoutMac } = entry;
  return bytesToHex(hmac(sha256, utf8ToBytes(key), utf8ToBytes(canonical(withoutMac, true))));
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
export function verifyAuditLog(text: string, options: VerifyOptions = {}): AuditVerification {
  const problems: AuditProblem[] = [];
  const work = options.work ?? { steps: 0 };
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
  /** Lines that begin as jobplan's lines do but were cut short; `afterValid`: how many valid lines come before. */
  const fragments: { number: number; afterValid: number }[] = [];
  const notes: AuditProblem[] = [];
  lines.forEach((text, i) => {
    work.steps++;
    const number = i + 1;
    const parsed = parseLine(text);
    if (!parsed.ok) {
      if (parsed.code === 'audit_bad_json' && isFragment(text)) {
        fragments.push({ number, afterValid: valid.length });
        unreadable.push(number);
        return;
      }
      problems.push({ line: number, code: parsed.code, message: `line ${number} ${parsed.message}` });
      unreadable.push(number);
      return;
    }
    valid.push({ number, text, lineHash: sha256Hex(text), entry: parsed.entry, selfProblem: selfCheck(parsed.entry, text) });
  });

  const byLineHash = new Map<string, Line>();
  for (const l of valid) if (!byLineHash.has(l.lineHash)) byLineHash.set(l.lineHash, l);
  // A line cut short by a crash or a full disk: if the next line chains to the line before it, the run that followed
  // skipped it (as jobplan does) and nothing of the chain is lost: a note. At the end of the log it is a problem
  // until the next run appends, since it may be the last run's line.
  for (const f of fragments) {
    work.steps++;
    const before = valid[f.afterValid - 1];
    const after = valid[f.afterValid];
    const skipped = after !== undefined && after.entry.prev === (before ? before.lineHash : AUDIT_GENESIS_PREV);
    if (skipped) {
      notes.push({ line: f.number, code: 'audit_cut_short', message: `line ${f.number} is a line cut short (a run stopped by a crash or a full disk while writing it); the run after it chained to ${before ? `line ${before.number}` : 'the start'}, so the chain is whole. Nothing to do: keep the line as evidence of the crash` });
    } else if (after === undefined) {
      problems.push({ line: f.number, code: 'audit_bad_json', message: `line ${f.number} is not valid JSON: it was cut short, most likely by a crash or a full disk while it was written (or the log was cut by hand). The next run appends after it and chains to ${before ? `line ${before.number}` : 'the start'}; if no run crashed then, the end of the log was tampered with: check it against a head hash recorded elsewhere (--against <report.json>)` });
    } else {
      problems.push({ line: f.number, code: 'audit_bad_json', message: `line ${f.number} is not valid JSON: it was cut short or corrupted` });
    }
  }
  const referenced = new Set(valid.map((l) => l.entry.prev));
  const linksBack = (l: Line) => (l.entry.prev === AUDIT_GENESIS_PREV ? l.entry.seq === 1 : byLineHash.has(l.entry.prev));
  // Indexes built once, so that every check below is a lookup: the time taken is linear in the number of lines (a
  // sort aside), whatever seq numbers the lines claim (a line claiming seq 10^15 must not make anything count to it).
  const position = new Map<Line, number>();
  valid.forEach((l, i) => position.set(l, i));
  const genuineTextsBySeq = new Map<number, string[]>();
  for (const l of valid) {
    work.steps++;
    if (l.selfProblem !== null) continue;
    const texts = genuineTextsBySeq.get(l.entry.seq);
    if (texts) texts.push(l.text);
    else genuineTextsBySeq.set(l.entry.seq, [l.text]);
  }

  // 2. Integrity of each entry; set aside copies and lines that were never part of the chain.
  // A line that does not match its own hash was edited, unless the evidence says it never had a place in the chain:
  // nothing chains to it and either a genuine entry holds its seq, or its neighbours chain to each other around it,
  // or it is the last line and chains to nothing.
  const looksInserted = (l: Line): boolean => {
    if (referenced.has(l.lineHash)) return false;
    if ((genuineTextsBySeq.get(l.entry.seq) ?? []).some((t) => t !== l.text)) return true;
    const i = position.get(l)!;
    const before = valid[i - 1];
    const after = valid[i + 1];
    if (after) return after.entry.prev === (before ? before.lineHash : AUDIT_GENESIS_PREV);
    return !linksBack(l);
  };
  const chain: Line[] = [];
  const seen = new Map<string, Line>();
  for (const l of valid) {
    work.steps++;
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
  const presentSorted = [...new Set(chain.map((l) => l.entry.seq))].sort((a, b) => a - b);
  // Seq numbers strictly between `from` and `to` that no entry holds, and unreadable lines strictly between two line
  // numbers: by binary search over sorted arrays, never by counting through the range.
  const countMissing = (from: number, to: number): number => Math.max(0, to - from - 1 - (countBelow(presentSorted, to, work) - countBelow(presentSorted, from + 1, work)));
  const unreadableBetween = (a: number, b: number) => countBelow(unreadable, b, work) - countBelow(unreadable, a + 1, work);
  const first = chain[0];
  if (first) {
    const missingAtStart = countMissing(0, first.entry.seq);
    const explained = unreadableBetween(0, first.number);
    if (missingAtStart > explained) {
      problems.push({ line: first.number, code: 'audit_missing_lines', message: `the log starts at seq ${first.entry.seq}: the first ${plural(missingAtStart - explained, 'line was', 'lines were')} removed` });
    } else if (first.entry.seq === 1 && first.entry.prev !== AUDIT_GENESIS_PREV && first.selfProblem === null) {
      problems.push({ line: first.number, code: 'audit_chain_broken', message: `line ${first.number} claims to be the first entry (seq 1) but its prev hash is not the start marker (64 zeros): it was not written by jobplan as the first line` });
    }
  }
  for (let i = 1; i < chain.length; i++) {
    work.steps++;
    const p = chain[i - 1]!;
    const k = chain[i]!;
    if (k.entry.seq === p.entry.seq) {
      problems.push({ line: k.number, code: 'audit_out_of_order', message: `lines ${p.number} and ${k.number} both claim seq ${k.entry.seq}: one of them was inserted or its seq edited (or two runs wrote to the log at the same moment)` });
    } else if (k.entry.seq < p.entry.seq) {
      problems.push({ line: k.number, code: 'audit_out_of_order', message: `lines ${p.number} and ${k.number} are out of order (seq ${p.entry.seq} before seq ${k.entry.seq}): lines were moved` });
    } else if (k.entry.seq > p.entry.seq + 1) {
      const missing = countMissing(p.entry.seq, k.entry.seq) - unreadableBetween(p.number, k.number);
      // If its prev points at a line in the file, the seq was changed, not lines removed: step 4 reports that.
      if (missing > 0 && !byLineHash.has(k.entry.prev)) {
        problems.push({ line: k.number, code: 'audit_missing_lines', message: `line ${k.number} does not follow line ${p.number}: its prev hash matches no line in the file and seq jumps from ${p.entry.seq} to ${k.entry.seq} — ${plural(missing, 'line', 'lines')} between them ${missing === 1 ? 'was' : 'were'} removed` });
      }
    }
  }

  // 4. The hash chain, by seq (independent of position, which step 3 judged): each entry's prev is the exact text of
  // the entry with the seq before it.
  const bySeq = new Map<number, Line[]>();
  for (const l of chain) {
    work.steps++;
    const same = bySeq.get(l.entry.seq);
    if (same) same.push(l);
    else bySeq.set(l.entry.seq, [l]);
  }
  const blamed = new Set<number>();
  const rewritten = new Set<number>();
  for (const k of chain) {
    work.steps++;
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
  if (options.key !== undefined) {
    for (const l of valid) {
      work.steps++;
      if (l.entry.mac === undefined) {
        problems.push({ line: l.number, code: 'audit_mac_missing', message: `line ${l.number} carries no MAC: it was written without JOBPLAN_AUDIT_KEY set, or by someone who does not hold the key (forged or rewritten). If the Trust started using a key part-way through this log, start a new log` });
      } else if (auditMac(l.entry, options.key) !== l.entry.mac) {
        problems.push({ line: l.number, code: 'audit_mac_mismatch', message: `line ${l.number}'s MAC does not match JOBPLAN_AUDIT_KEY: the line was edited or forged by someone without the key (or the key given is not the one the log was written with)` });
      }
    }
  }
  for (const a of options.anchors ?? []) {
    work.steps++;
    const atSeq = bySeq.get(a.seq) ?? [];
    const lastSeq = chain.length > 0 ? chain[chain.length - 1]!.entry.seq : 0;
    if (atSeq.some((l) => l.lineHash === a.head.toLowerCase())) continue;
    if (atSeq.length > 0) {
      const l = atSeq[0]!;
      problems.push({ line: l.number, code: 'audit_anchor_mismatch', message: `${a.source} recorded seq ${a.seq} with head hash ${a.head}, but line ${l.number} (seq ${a.seq}) has hash ${l.lineHash}: that line or lines before it were rewritten with their hashes recomputed, or a forged line took its place` });
    } else {
      problems.push({ line: lines.length, code: 'audit_anchor_mismatch', message: `${a.source} recorded seq ${a.seq} with head hash ${a.head}, but the log has no line with seq ${a.seq}${lastSeq < a.seq ? ` (it ends at seq ${lastSeq}): lines were removed from the end` : ': lines were removed or the log rewritten'}` });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  notes.sort((a, b) => a.line - b.line);
  return { ok: problems.length === 0, entries: valid.length, headHash, problems, ...(notes.length > 0 ? { notes } : {}) };
}

/** The start of a line as jobplan writes it, cut short: `{"seq":12,"at":"2026-…` with no closing brace. */
function isFragment(text: string): boolean {
  return /^\{"seq":\d/.test(text);
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
    ['seq', (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1],
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
    if (!Object.hasOwn(value, key)) return `no '${key}'`;
    if (!ok(value[key])) return `'${key}' has the wrong type or form`;
  }
  if (Object.hasOwn(value, 'mac') && !(typeof value['mac'] === 'string' && HEX64.test(value['mac']))) return `'mac' has the wrong type or form`;
  return null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON with a fixed key order at every level, so the same entry always gives the same text and hash. */
function canonical(entry: Omit<AuditEntry, 'hash' | 'mac'> & { hash?: string; mac?: string }, withHash: boolean): string {
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
  if (withHash && entry.mac !== undefined) ordered['mac'] = entry.mac;
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

/** How many numbers in the ascending array `sorted` are below `limit` (binary search). */
function countBelow(sorted: readonly number[], limit: number, work: { steps: number }): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    work.steps++;
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
