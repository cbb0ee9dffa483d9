/**
 * Appends one run to an audit log file (`jobplan validate --audit-log <file>`). Reads only the tail of the file to
 * chain from its last line, refuses to append after a line that is not a valid entry, and writes the new line with a
 * single append so a crash cannot leave half a line behind another run's.
 */
import { appendFileSync, closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { buildAuditEntry, checkAuditLine, serialiseAuditEntry, type AuditEntry } from '../audit/audit-log.js';
import type { EvaluationReport } from '../report/report.js';

export type AppendAuditResult = { ok: true; entry: AuditEntry } | { ok: false; message: string };

const CHUNK = 64 * 1024;

export function appendAuditLog(path: string, report: EvaluationReport, args: string[], options: { redact: boolean; command?: string; at?: string }): AppendAuditResult {
  const tail = readLastLine(path);
  if (!tail.ok) return tail;
  let previous: { line: string; seq: number } | null = null;
  if (tail.line !== null) {
    const checked = checkAuditLine(tail.line);
    if (!checked.ok) {
      return { ok: false, message: `the last line of ${path} is not a valid audit entry (${checked.code}: it ${checked.message}); nothing was appended. Run 'jobplan audit verify ${path}' to see what happened to the log` };
    }
    previous = { line: tail.line, seq: checked.entry.seq };
  }
  const entry = buildAuditEntry(
    report,
    { at: options.at ?? report.evaluatedAt, user: currentUser(), args, redact: options.redact, command: options.command ?? 'validate' },
    previous?.line ?? null,
    (previous?.seq ?? 0) + 1,
  );
  try {
    // A file whose last line lacks its newline (edited by hand) gets one first, in the same write.
    appendFileSync(path, `${tail.needsNewline ? '\n' : ''}${serialiseAuditEntry(entry)}\n`, { encoding: 'utf8' });
  } catch (e) {
    return { ok: false, message: writeError(path, e) };
  }
  return { ok: true, entry };
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

type Tail = { ok: true; line: string | null; needsNewline: boolean } | { ok: false; message: string };

/** The last line of the file (without its line end), reading backwards in chunks; null for a missing or empty file. */
function readLastLine(path: string): Tail {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, line: null, needsNewline: false };
    return { ok: false, message: `cannot read ${path}: ${(e as Error).message}` };
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return { ok: true, line: null, needsNewline: false };
    const chunks: Buffer[] = [];
    let end = size;
    let collected = 0;
    let needsNewline = false;
    let skippedFinal = false;
    while (end > 0) {
      const start = Math.max(0, end - CHUNK);
      const buf = Buffer.alloc(end - start);
      readSync(fd, buf, 0, buf.length, start);
      let scanTo = buf.length;
      if (!skippedFinal) {
        skippedFinal = true;
        if (buf[buf.length - 1] === 0x0a) scanTo -= 1;
        else needsNewline = true;
      }
      const nl = scanTo > 0 ? buf.lastIndexOf(0x0a, scanTo - 1) : -1;
      if (nl >= 0) {
        chunks.unshift(buf.subarray(nl + 1, scanTo));
        collected += scanTo - nl - 1;
        break;
      }
      chunks.unshift(buf.subarray(0, scanTo));
      collected += scanTo;
      end = start;
    }
    // Splitting on the byte 0x0a is safe in UTF-8: it never occurs inside a multi-byte character.
    const line = Buffer.concat(chunks, collected).toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
    return { ok: true, line, needsNewline };
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
