/**
 * The one way jobplan writes a file (findings and report workbooks, report.html, suggested maps, policy versions,
 * the policy lock): never over an input, never through a symbolic link, and always to a temporary file beside the
 * target renamed into place, so a full disk or a crash leaves the old file whole.
 */
import { existsSync, linkSync, lstatSync, realpathSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** An output that must not be written: a message for the user (exit 2), with what to do. */
export class OutputRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputRefused';
  }
}

/** The temporary file beside `path` that is renamed onto it. */
function partialPath(path: string): string {
  return join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.partial`);
}

/** Refuses a target that is a symbolic link: jobplan replaces files, it never writes where a link points. */
export function refuseSymlink(path: string): void {
  let isLink = false;
  try {
    isLink = lstatSync(path).isSymbolicLink();
  } catch {
    return; // not there yet: a new file
  }
  if (isLink) throw new OutputRefused(`${path} is a symbolic link; jobplan does not write through links (it could be one of your files): give the name of a new file`);
}

/**
 * Writes `path` by calling `write` on a temporary file beside it, then renaming it into place. On any failure
 * the temporary file is removed and the old `path` (if any) is left as it was; the error is rethrown.
 */
export async function writeFileAtomic(path: string, write: (partial: string) => Promise<void> | void): Promise<void> {
  refuseSymlink(path);
  const partial = partialPath(path);
  try {
    await write(partial);
    await rename(partial, path);
  } catch (e) {
    await rm(partial, { force: true }).catch(() => undefined);
    throw e;
  }
}

/**
 * As writeFileAtomic for data in hand, synchronously. With `exclusive`, an existing `path` is never replaced
 * (the temporary file is linked into place, which fails if the name is taken): throws EEXIST.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: { exclusive?: boolean } = {}): void {
  refuseSymlink(path);
  const partial = partialPath(path);
  try {
    writeFileSync(partial, data, { flag: 'wx' });
    if (options.exclusive) {
      let linked = false;
      try {
        linkSync(partial, path);
        linked = true;
      } catch (e) {
        // A file system without hard links (some USB drives and network shares): check, then rename.
        if ((e as NodeJS.ErrnoException).code === 'EEXIST' || existsSync(path)) throw Object.assign(new Error(`${path} already exists`), { code: 'EEXIST' });
        renameSync(partial, path);
      }
      if (linked) unlinkSync(partial);
    } else renameSync(partial, path);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}

/** What went wrong writing `path`, in words the user can act on. */
export function writeErrorMessage(e: unknown): string {
  if (e instanceof OutputRefused) return e.message;
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'EBUSY':
    case 'EPERM':
    case 'EACCES':
    case 'EROFS':
      return `the file is open in Excel or the folder is not writable (${err.code}); close it or choose another name`;
    case 'ENOENT':
      return 'its folder does not exist';
    case 'EEXIST':
      return 'it already exists';
    case 'EISDIR':
      return 'a folder has that name';
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk is full (${err.code}); any file that was there is left as it was`;
    default:
      return err.message;
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** device + inode of a file, or null when it does not exist. */
function identity(path: string): { dev: number; ino: number } | null {
  try {
    const s = statSync(path);
    return { dev: s.dev, ino: s.ino };
  } catch {
    return null;
  }
}

/** The real path of `path`, or of its folder joined with its name when the file does not exist yet. */
function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/**
 * Checks outputs against inputs (folders already expanded into files): an output that is a symbolic link, or the
 * same file as an input by real path or by device + inode (a hard link), or named twice, is refused. Returns the
 * message for the first problem, or null. `linkAllowed` outputs (an audit log, appended to under a lock that follows
 * its real path) may be symbolic links, but never to an input.
 */
export function outputProblem(outputs: readonly { option: string; path: string; linkAllowed?: boolean }[], inputs: readonly string[]): string | null {
  const inputIds = inputs.map((p) => ({ path: p, real: realPathOf(p), id: identity(p) }));
  const seen = new Map<string, string>();
  for (const { option, path, linkAllowed } of outputs) {
    try {
      if (linkAllowed !== true) refuseSymlink(path);
    } catch (e) {
      return `${option} ${(e as Error).message}`;
    }
    const real = realPathOf(path);
    const id = identity(path);
    for (const input of inputIds) {
      const same = real === input.real || (id !== null && input.id !== null && id.dev === input.id.dev && id.ino === input.id.ino);
      if (same) {
        const how = resolve(path) === resolve(input.path) ? 'is' : isSymlink(path) ? 'is a symbolic link to' : real === input.real ? 'is the same file as' : 'is a hard link to';
        return `${option} ${path} ${how} the input ${input.path}; jobplan never writes over your workbook or any other input: choose another name`;
      }
    }
    const before = seen.get(real);
    if (before !== undefined) return `${option} ${path} is named twice (also as ${before}); give each output its own name`;
    seen.set(real, `${option} ${path}`);
  }
  return null;
}
