/**
 * Runs the built CLI (bin/jobplan.js → dist/) as a user would, with a time limit, measuring the run's peak memory,
 * at most two runs at a time (the machine's cores are shared). Plus the small tools the hostile corpus test needs:
 * the sha256 of every regular file under a folder, and the parts of a zip (to look inside written workbooks).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export const root = join(import.meta.dirname, '..', '..');
const BIN = join(root, 'bin', 'jobplan.js');
/**
 * GNU time writes the child's elapsed seconds and peak resident set (%e %M, KiB) to a file of its own, apart from the
 * child's stderr: the child's own figures, whatever else the test's event loop was busy with.
 */
const GNU_TIME = '/usr/bin/time';
/** Without GNU time: a module preloaded into the CLI's process writes its own peak RSS when it exits. */
const PRELOAD = join(import.meta.dirname, 'report-max-rss.mjs');

export interface LimitedRun {
  readonly status: number | null;
  /** The signal that ended the run (SIGKILL when it was over its time). */
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** Elapsed time of the run (GNU time's own figure when it is installed). */
  readonly ms: number;
  /** CPU time (user + system) of the run, from GNU time; null without it or when it was killed before it said. */
  readonly cpuMs: number | null;
  /** Peak resident memory in bytes; null when it could not be measured (the process was killed before it said). */
  readonly maxRssBytes: number | null;
}

const MAX_AT_ONCE = 2;
let running = 0;
const waiting: (() => void)[] = [];
async function slot(): Promise<() => void> {
  if (running >= MAX_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

/** Output kept per stream: enough to judge any answer, bounded so a run echoing a 10 MB cell cannot fill the test's memory. */
const KEEP_BYTES = 32 * 1024 * 1024;

/**
 * Runs `jobplan <args>` from the repository root with NO_COLOR, killing its whole process group after `seconds`.
 *
 * @example
 * const r = await runLimited(['validate', 'plan.xlsx'], { seconds: 20 });
 */
export async function runLimited(args: readonly string[], options: { readonly seconds: number; readonly env?: Readonly<Record<string, string>> }): Promise<LimitedRun> {
  const release = await slot();
  const scratch = mkdtempSync(join(tmpdir(), 'jobplan-rss-'));
  try {
    const rssFile = join(scratch, 'rss');
    const gnu = existsSync(GNU_TIME);
    const command = gnu ? GNU_TIME : process.execPath;
    const argv = gnu ? ['-f', '%e %U %S %M', '-o', rssFile, process.execPath, BIN, ...args] : ['--import', PRELOAD, BIN, ...args];
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', JOBPLAN_RSS_FILE: rssFile, ...options.env };
    const started = performance.now();
    const child = spawn(command, argv, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    child.stdout.on('data', (b: Buffer) => {
      if (outBytes < KEEP_BYTES) out.push(b);
      outBytes += b.length;
    });
    child.stderr.on('data', (b: Buffer) => {
      if (errBytes < KEEP_BYTES) err.push(b);
      errBytes += b.length;
    });
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      // Kill the CLI itself first, so GNU time (its parent) still writes its figures: the peak memory of a run that
      // hung is worth knowing. Then the whole group, whatever is left.
      try {
        const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
        for (const pid of children) process.kill(Number(pid), 'SIGKILL');
      } catch {
        // no /proc children list here: the group kill below does it
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 500).unref();
    }, options.seconds * 1000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    clearTimeout(timer);
    let ms = performance.now() - started;
    let maxRssBytes: number | null = null;
    let cpuMs: number | null = null;
    let status = code;
    let childSignal: string | null = signal;
    if (existsSync(rssFile)) {
      const text = readFileSync(rssFile, 'utf8');
      const figures = gnu ? /([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(text.trim()) : null;
      if (figures) {
        ms = Number(figures[1]) * 1000;
        cpuMs = (Number(figures[2]) + Number(figures[3])) * 1000;
        maxRssBytes = Number(figures[4]) * 1024;
      } else {
        const kib = /(\d+)\s*$/.exec(text.trim());
        if (kib) maxRssBytes = Number(kib[1]) * 1024;
      }
      // GNU time exits with the child's status; a child ended by a signal is reported in its file.
      const killed = /terminated by signal (\d+)/.exec(text);
      if (gnu && killed) {
        childSignal = `signal ${killed[1]}`;
        status = null;
      }
    }
    // Over time only if the kill ended it: a run that finished while this process was busy (a big setup of another
    // case) has its own elapsed time from GNU time, checked against the limit by the caller.
    const timedOut = killed && (status === null || childSignal !== null);
    return { status, signal: childSignal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut, ms, cpuMs, maxRssBytes };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    release();
  }
}

/**
 * Runs `node <args>` from the repository root in one of the two slots (a heavy test-time build), to its end.
 *
 * @example
 * await runNode(['dist/scripts/generate-hostile-corpus.js', '--setup', 'zip-bomb-ratio', dir]);
 */
export async function runNode(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  const release = await slot();
  try {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString('utf8');
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    return { status, stderr };
  } finally {
    release();
  }
}

/** sha256 of every regular file under `dir` (links, FIFOs and devices are not followed), by path. */
export function hashTree(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const st = lstatSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) hashes.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(dir);
  return hashes;
}

/** The parts of a zip archive (stored or deflated), by name. */
export function unzip(bytes: Buffer): Map<string, Buffer> {
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const count = bytes.readUInt16LE(end + 10);
  let p = bytes.readUInt32LE(end + 16);
  const parts = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = bytes.readUInt16LE(p + 10);
    const compressed = bytes.readUInt32LE(p + 20);
    const nameLength = bytes.readUInt16LE(p + 28);
    const extra = bytes.readUInt16LE(p + 30);
    const comment = bytes.readUInt16LE(p + 32);
    const local = bytes.readUInt32LE(p + 42);
    const name = bytes.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + compressed);
    parts.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLength + extra + comment;
  }
  return parts;
}
