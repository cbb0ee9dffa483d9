/**
 * Appends one run to an audit log file (`jobplan validate --audit-log <file>`).
 *
 * - Runs that share a log take turns: an exclusive lock file (`<log>.lock`, created with O_EXCL) is held while the
 *   last line is read and the new line appended, so two runs never both chain to the same line. A lock left by a
 *   run that died (its process is gone, or it is older than a minute) is removed, under a second lock so that two
 *   runs cannot both remove it.
 * - Only the tail of the file is read to chain from its last line.
 * - A write cut short (a full disk) is truncated back to where the file ended, so the log still ends in a whole
 *   line and later runs can append.
 * - A last line cut short by an earlier crash (no newline, not JSON, beginning as jobplan's lines do) is skipped:
 *   the new line chains to the line before it, and the run says so. Any other damaged last line stops the append.
 */
import { closeSync, constants, fstatSync, ftruncateSync, openSync, readFileSync, readSync, realpathSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { buildAuditEntry, checkAuditLine, serialiseAuditEntry, type AuditEntry } from '../audit/audit-log.js';
import type { EvaluationReport } from '../report/report.js';

export type AppendAuditResult = { ok: true; entry: AuditEntry; line: string; warning?: string } | { ok: false; message: string };

/** The environment variable holding the Trust's audit key (an HMAC secret kept outside the log). */
export const AUDIT_KEY_ENV = 'JOBPLAN_AUDIT_KEY';

const CHUNK = 64 * 1024;

export interface AppendOptions {
  readonly redact: boolean;
  readonly command?: string;
  readonly at?: string;
  /** How long to wait for another run's lock (default 30 s). */
  readonly lockTimeoutMs?: number;
}

export function appendAuditLog(path: string, report: EvaluationReport, args: string[], options: AppendOptions): AppendAuditResult {
  const special = notARegularFile(path);
  if (special !== null) return { ok: false, message: special };
  const lock = acquireLock(lockBase(path), options.lockTimeoutMs ?? 30_000);
  if (!lock.ok) return lock;
  try {
    return appendLocked(path, report, args, options);
  } finally {
    lock.release();
  }
}

function appendLocked(path: string, report: EvaluationReport, args: string[], options: AppendOptions): AppendAuditResult {
  const tail = readLastLine(path);
  if (!tail.ok) return tail;
  let previous: { line: string; seq: number } | null = null;
  let warning: string | undefined;
  if (tail.line !== null) {
    let checked = checkAuditLine(tail.line);
    if (!checked.ok && checked.code === 'audit_bad_json' && tail.needsNewline && /^\{"seq":\d/.test(tail.line)) {
      // A line cut short by a crash: chain to the whole line before it.
      if (tail.before === null) {
        warning = `the log ${path} held only a line cut short (a run stopped by a crash or a full disk); this run starts the chain after it. 'jobplan audit verify ${path}' lists it as cut short; keep it as evidence of the crash`;
      } else {
        checked = checkAuditLine(tail.before);
        if (!checked.ok) return { ok: false, message: `the last line of ${path} was cut short and the line before it is not a valid audit entry (${checked.code}: it ${checked.message}); nothing was appended. Run 'jobplan audit verify ${path}' to see what happened to the log` };
        previous = { line: tail.before, seq: checked.entry.seq };
        warning = `the last line of ${path} was cut short (a run stopped by a crash or a full disk while writing it); this run chains to the whole line before it, so the chain stays intact. 'jobplan audit verify ${path}' lists the cut line as a note; keep it as evidence of the crash`;
      }
    } else if (!checked.ok) {
      return { ok: false, message: `the last line of ${path} is not a valid audit entry (${checked.code}: it ${checked.message}); nothing was appended. Run 'jobplan audit verify ${path}' to see what happened to the log` };
    } else {
      previous = { line: tail.line, seq: checked.entry.seq };
    }
  }
  const key = process.env[AUDIT_KEY_ENV];
  const entry = buildAuditEntry(
    report,
    { at: options.at ?? report.evaluatedAt, user: currentUser(), args, redact: options.redact, command: options.command ?? 'validate', ...(key ? { key } : {}) },
    previous?.line ?? null,
    (previous?.seq ?? 0) + 1,
  );
  const line = serialiseAuditEntry(entry);
  // A file whose last line lacks its newline (edited by hand, or cut short) gets one first, in the same write.
  const written = appendWhole(path, `${tail.needsNewline ? '\n' : ''}${line}\n`);
  if (!written.ok) return written;
  return { ok: true, entry, line, ...(warning ? { warning } : {}) };
}

/**
 * Appends `text` with O_APPEND; if the write fails part-way (ENOSPC, EFBIG, EIO), the file is truncated back to the
 * size it had, so it never ends in half a line.
 */
function appendWhole(path: string, text: string): { ok: true } | { ok: false; message: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK, 0o644);
  } catch (e) {
    return { ok: false, message: writeError(path, e) };
  }
  let sizeBefore = -1;
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, message: `${path} is not a regular file; give a file name for the audit log` };
    sizeBefore = stat.size;
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    return { ok: true };
  } catch (e) {
    let restored = '';
    if (sizeBefore >= 0) {
      try {
        ftruncateSync(fd, sizeBefore);
        restored = '; the part written was removed, so the log still ends in a whole line';
      } catch (t) {
        restored = `; and the part written could not be removed (${(t as Error).message}): 'jobplan audit verify ${path}' will show the last line as cut short, and the next run will chain around it`;
      }
    }
    return { ok: false, message: `${writeError(path, e)}${restored}` };
  } finally {
    closeSync(fd);
  }
}

/** A message if `path` exists and is not a regular file (a FIFO would block, a device never end). */
function notARegularFile(path: string): string | null {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return `${path} is a folder; give a file name for the audit log`;
    if (!stat.isFile()) return `${path} is not a regular file (a pipe, device or socket); give a file name for the audit log`;
  } catch {
    // missing: created on append; other errors are reported when it is opened
  }
  return null;
}

/** The log's real path, so that runs naming it differently (relative, through a link) share one lock. */
function lockBase(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path) || '.'), basename(path));
    } catch {
      return path;
    }
  }
}

type Lock = { ok: true; release: () => void } | { ok: false; message: string };

const STALE_MS = 60_000;
const BREAK_STALE_MS = 10_000;

/**
 * An exclusive lock: `<log>.lock` created with O_EXCL, holding the owner's pid, host and start time. Waits (polling
 * every few milliseconds) while another run holds it; a lock whose process is gone (same host) or older than a
 * minute is removed, while holding `<log>.lock.break` so that only one waiting run removes it, and only after
 * checking again that it is the same stale lock.
 */
function acquireLock(path: string, timeoutMs: number): Lock {
  const lockPath = `${path}.lock`;
  const token = `${process.pid} ${hostname()} ${Date.now()} ${Math.random().toString(36).slice(2)}`;
  const deadline = Date.now() + timeoutMs;
  let delay = 2;
  for (;;) {
    try {
      const fd = openSync(lockPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
      try {
        writeSync(fd, token);
      } finally {
        closeSync(fd);
      }
      return { ok: true, release: () => releaseLock(lockPath, token) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') return { ok: false, message: `cannot create the lock file ${lockPath} beside the audit log: ${lockError(e)}` };
    }
    const holder = readLock(lockPath);
    if (holder !== null && isStale(holder)) breakStaleLock(lockPath, holder.text);
    else if (Date.now() > deadline) {
      const who = holder ? `process ${holder.pid} on ${holder.host}, since ${new Date(holder.since).toISOString()}` : 'another run';
      return { ok: false, message: `the audit log ${path} is locked by ${who} (${lockPath}); nothing was appended. If no jobplan run is in progress, delete ${lockPath} and run again` };
    }
    sleep(delay);
    delay = Math.min(delay * 2, 50);
  }
}

interface LockHolder {
  readonly text: string;
  readonly pid: number;
  readonly host: string;
  readonly since: number;
}

function readLock(lockPath: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch {
    return null; // released meanwhile
  }
  const [pid, host, since] = text.split(' ');
  // A lock file still being written (empty) or not ours: judged by its age alone.
  if (!pid || !host || !since) {
    try {
      return { text, pid: 0, host: '', since: statSync(lockPath).mtimeMs };
    } catch {
      return null;
    }
  }
  return { text, pid: Number(pid), host, since: Number(since) };
}

function isStale(holder: LockHolder): boolean {
  if (Date.now() - holder.since > STALE_MS) return true;
  if (holder.host !== hostname() || !(holder.pid > 0)) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function breakStaleLock(lockPath: string, staleText: string): void {
  const breakPath = `${lockPath}.break`;
  try {
    closeSync(openSync(breakPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644));
  } catch {
    // Another run is breaking it; a break lock left by a run that died is removed once old.
    try {
      if (Date.now() - statSync(breakPath).mtimeMs > BREAK_STALE_MS) unlinkSync(breakPath);
    } catch {
      // gone meanwhile
    }
    return;
  }
  try {
    if (readLock(lockPath)?.text === staleText) unlinkSync(lockPath);
  } catch {
    // released meanwhile
  } finally {
    try {
      unlinkSync(breakPath);
    } catch {
      // nothing to do
    }
  }
}

function releaseLock(lockPath: string, token: string): void {
  try {
    if (readFileSync(lockPath, 'utf8') === token) unlinkSync(lockPath);
  } catch {
    // already gone
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function lockError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'its folder does not exist';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'the folder cannot be written to';
  return (e as Error).message;
}

/** JOBPLAN_USER if set (empty: do not record anyone), else the operating system user, else null. */
export function currentUser(): string | null {
  const fromEnv = process.env['JOBPLAN_USER'];
  if (fromEnv !== undefined) return fromEnv === '' ? null : fromEnv;
  try {
    return userInfo().username || null;
  } catch {
    return null;
  }
}

type Tail = { ok: true; line: string | null; before: string | null; needsNewline: boolean } | { ok: false; message: string };

/**
 * The last line of the file and the line before it (without line ends), reading backwards in chunks; null for a
 * missing or empty file.
 */
function readLastLine(path: string): Tail {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, line: null, before: null, needsNewline: false };
    return { ok: false, message: `cannot read ${path}: ${(e as Error).message}` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, message: `${path} is not a regular file; give a file name for the audit log` };
    const size = stat.size;
    if (size === 0) return { ok: true, line: null, before: null, needsNewline: false };
    let end = size;
    let tail = Buffer.alloc(0);
    const newlines = (b: Buffer, limit: number): number => {
      let n = 0;
      for (let i = b.indexOf(0x0a); i >= 0 && i < limit; i = b.indexOf(0x0a, i + 1)) n++;
      return n;
    };
    // Enough bytes to hold the last two lines: two newlines before the final one (or the start of the file).
    while (end > 0) {
      const start = Math.max(0, end - CHUNK);
      const buf = Buffer.alloc(end - start);
      readSync(fd, buf, 0, buf.length, start);
      tail = Buffer.concat([buf, tail]);
      end = start;
      const body = tail[tail.length - 1] === 0x0a ? tail.length - 1 : tail.length;
      if (newlines(tail, body) >= 2) break;
    }
    const needsNewline = tail[tail.length - 1] !== 0x0a;
    // Splitting on the byte 0x0a is safe in UTF-8: it never occurs inside a multi-byte character.
    const text = tail.subarray(0, needsNewline ? tail.length : tail.length - 1).toString('utf8');
    const lines = text.split('\n');
    // A byte order mark can only open the file; a CR before the newline is not part of the line.
    const clean = (l: string, opensFile: boolean) => (opensFile ? l.replace(/^\uFEFF/, '') : l).replace(/\r$/, '');
    const line = clean(lines[lines.length - 1]!, lines.length === 1 && end === 0);
    const before = lines.length >= 2 ? clean(lines[lines.length - 2]!, lines.length === 2 && end === 0) : null;
    return { ok: true, line, before, needsNewline };
  } catch (e) {
    return { ok: false, message: `cannot read ${path}: ${(e as Error).message}` };
  } finally {
    closeSync(fd);
  }
}

function writeError(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `cannot create ${path}: the folder ${dirname(path)} does not exist (jobplan creates the log file, not folders)`;
  if (code === 'EISDIR') return `${path} is a folder; give a file name for the audit log`;
  return `cannot write ${path}: ${(e as Error).message}`;
}
