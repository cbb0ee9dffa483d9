/**
 * Opens a file the user named and reads it, only if it is a regular file of a bounded size. A path can name a FIFO
 * (which would block a plain open or read for ever), a device (`plan.xlsx` → /dev/zero never ends), a socket or a
 * folder; each gets a plain message naming the file instead of a hang, an out-of-memory crash or a stack trace.
 *
 * The file is opened first (O_RDONLY | O_NONBLOCK, so opening a FIFO with no writer returns at once) and the opened
 * descriptor is fstat-ed and read: what is checked is what is read, with no window for the path to be swapped in
 * between (as stat-then-open would leave). Nothing here writes.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { megabytes } from '../workbook/input-limits.js';

export type InputFileProblem = 'not_found' | 'not_regular' | 'too_large' | 'unreadable';

export type InputFileRead =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly problem: InputFileProblem; readonly message: string };

export interface InputFileOptions {
  /** Refuse the file when it holds more bytes than this. */
  readonly maxBytes: number;
  /** What the file should be, in words, for messages: "a workbook", "a policy file". */
  readonly what: string;
  /** What to do when it is too large ("split the register by care group, say"). */
  readonly whenTooLarge: string;
  /** The path as shown in messages (default: the path). */
  readonly shown?: string;
}

// Windows has no O_NONBLOCK (and no FIFOs in the file system); 0 leaves the flag out there.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const READ_CHUNK = 1024 * 1024;

/**
 * Reads a regular file of at most `maxBytes` bytes.
 *
 * @example
 * const read = await readInputFile('plans/a.xlsx', { maxBytes: INPUT_LIMITS.xlsxFileBytes, what: 'a workbook', whenTooLarge: 'split it' });
 * if (!read.ok) return diagnostic(read.message);
 */
export async function readInputFile(path: string, options: InputFileOptions): Promise<InputFileRead> {
  const shown = options.shown ?? path;
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    return openFailure(shown, error, options.what);
  }
  try {
    const stats = await handle.stat();
    const refused = refusal(stats, shown, options);
    if (refused) return refused;
    // Read to the end, but never past the bound: the size fstat gave can change while reading (a growing log).
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, options.maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > options.maxBytes) return tooLarge(shown, total, options, true);
    }
    return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } catch (error) {
    return openFailure(shown, error, options.what);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** readInputFile, synchronously (the policy and map loaders are synchronous). */
export function readInputFileSync(path: string, options: InputFileOptions): InputFileRead {
  const shown = options.shown ?? path;
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    return openFailure(shown, error, options.what);
  }
  try {
    const refused = refusal(fstatSync(fd), shown, options);
    if (refused) return refused;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, options.maxBytes + 1 - total));
      const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > options.maxBytes) return tooLarge(shown, total, options, true);
    }
    return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } catch (error) {
    return openFailure(shown, error, options.what);
  } finally {
    try {
      closeSync(fd);
    } catch {
      // Closing a descriptor only read from cannot lose anything.
    }
  }
}

/**
 * The sha256 (hex) of a regular file's bytes, read through one opened descriptor in chunks (constant memory, any
 * size); null when the path is not a regular file (a FIFO would block, /dev/zero never end) or cannot be read. For the
 * report's input stamps, which re-read each input after the readers have said what they could not read.
 */
export function sha256OfRegularFile(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch {
    return null;
  }
  try {
    if (!fstatSync(fd).isFile()) return null;
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(READ_CHUNK);
    for (let n = readSync(fd, chunk, 0, chunk.length, null); n > 0; n = readSync(fd, chunk, 0, chunk.length, null)) hash.update(chunk.subarray(0, n));
    return hash.digest('hex');
  } catch {
    return null;
  } finally {
    try {
      closeSync(fd);
    } catch {
      // Closing a descriptor only read from cannot lose anything.
    }
  }
}

/** Why an opened file is not read: not a regular file, or over the bound. Null when it may be read. */
function refusal(stats: Stats, shown: string, options: InputFileOptions): InputFileRead | null {
  if (!stats.isFile()) {
    const kind = stats.isDirectory() ? 'a folder' : stats.isFIFO() ? 'a FIFO (named pipe)' : stats.isCharacterDevice() || stats.isBlockDevice() ? 'a device' : stats.isSocket() ? 'a socket' : 'not a file';
    return notRegular(shown, kind, options.what);
  }
  if (stats.size > options.maxBytes) return tooLarge(shown, stats.size, options, false);
  return null;
}

function notRegular(shown: string, kind: string, what: string): InputFileRead {
  const advice = kind === 'a folder' ? `name ${what} inside it` : `save ${what} as an ordinary file and name that file`;
  return { ok: false, problem: 'not_regular', message: `${shown} is not a regular file (it is ${kind}); ${advice}` };
}

function tooLarge(shown: string, bytes: number, options: InputFileOptions, growing: boolean): InputFileRead {
  const size = growing ? `more than the ${megabytes(options.maxBytes)}` : `${megabytes(bytes)}, more than the ${megabytes(options.maxBytes)}`;
  return { ok: false, problem: 'too_large', message: `${shown} is ${size} jobplan reads from ${options.what}; ${options.whenTooLarge}` };
}

/** Why a file could not be opened or read, in words (exported for tests: an EACCES cannot be made as root). */
export function openFailure(shown: string, error: unknown, what: string): InputFileRead {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { ok: false, problem: 'not_found', message: `no file at ${shown}; check the path and the file name` };
    case 'EISDIR':
      return notRegular(shown, 'a folder', what);
    case 'ENXIO':
      // Linux refuses to open a socket (and a device with no driver) this way.
      return notRegular(shown, 'a socket or device', what);
    case 'EACCES':
    case 'EPERM':
      return { ok: false, problem: 'unreadable', message: `${shown} cannot be read (permission denied); check the file's permissions, or copy it somewhere you can read it` };
    case 'EBUSY':
      return { ok: false, problem: 'unreadable', message: `${shown} is locked by another program; close it (e.g. in Excel) and try again` };
    default: {
      const text = error instanceof Error ? error.message : String(error);
      return { ok: false, problem: 'unreadable', message: `${shown} cannot be read (${text}); check that it is a file you can open` };
    }
  }
}
