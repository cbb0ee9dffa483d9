/**
 * Only regular files of a bounded size are read: a FIFO, a device behind a symlink named like a workbook, a socket
 * or a folder gets a plain message naming the file (never a hang, an out-of-memory crash or a stack trace), and a
 * file over its format's bound is refused before it is read.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { openFailure, readInputFile, readInputFileSync, sha256OfRegularFile } from '../../src-engine/node/input-file.js';
import { loadPolicyFiles } from '../../src-engine/node/load-policy-files.js';
import { readCsvFile } from '../../src-engine/node/read-csv.js';
import { loadWorkbookMap, readPlans, loadRegisterMap } from '../../src-engine/node/read-plans.js';
import { readWorkbookFile } from '../../src-engine/node/read-workbook.js';

let dir: string;
let fifo: string;
let server: Server | null = null;
let socketPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jobplan-bounded-'));
  fifo = join(dir, 'pipe.xlsx');
  execFileSync('mkfifo', [fifo]);
  for (const name of ['zero.xlsx', 'zero.csv', 'zero.json', 'zero.yaml']) await symlink('/dev/zero', join(dir, name));
  await symlink('/dev/urandom', join(dir, 'urandom.xlsx'));
  await mkdir(join(dir, 'folder.xlsx'));
  socketPath = join(dir, 'plan.sock.xlsx');
  server = createServer();
  await new Promise<void>((resolve) => server!.listen(socketPath, resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await rm(dir, { recursive: true, force: true });
});

const notRegular = /is not a regular file \(it is (a FIFO|a device|a socket|a folder)/;

describe('only regular files are read', () => {
  it('a FIFO, a device behind a symlink, a socket and a folder named .xlsx get a plain message naming the file', async () => {
    for (const name of ['pipe.xlsx', 'zero.xlsx', 'urandom.xlsx', 'plan.sock.xlsx', 'folder.xlsx']) {
      const path = join(dir, name);
      const result = await readWorkbookFile(path);
      expect(result.snapshot).toBeNull();
      expect(result.diagnostics).toHaveLength(1);
      expect(result.diagnostics[0]!.code).toBe('workbook_unreadable');
      expect(result.diagnostics[0]!.message).toMatch(notRegular);
      expect(result.diagnostics[0]!.message).toContain(path);
    }
  });

  it('a FIFO or a device as a CSV register is refused the same way', async () => {
    const pipe = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [pipe]);
    for (const path of [pipe, join(dir, 'zero.csv')]) {
      const result = await readCsvFile(path);
      expect(result.snapshot).toBeNull();
      expect(result.diagnostics[0]!.code).toBe('csv_unreadable');
      expect(result.diagnostics[0]!.message).toMatch(notRegular);
    }
  });

  it('a device as a JSON plan list is an input error naming the file', async () => {
    const read = await readPlans([join(dir, 'zero.json')], loadRegisterMap());
    expect(read.plans).toEqual([]);
    expect(read.diagnostics.map((d) => d.code)).toEqual(['input_unreadable']);
    expect(read.diagnostics[0]!.message).toMatch(notRegular);
  });

  it('a device or a FIFO as a policy file or a workbook map is a located error', async () => {
    const pipe = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [pipe]);
    for (const path of [join(dir, 'zero.yaml'), pipe]) {
      const files = loadPolicyFiles([path]);
      expect(files.policies).toEqual([]);
      expect(files.diagnostics.map((d) => d.code)).toEqual(['policy_file_unreadable']);
      expect(files.diagnostics[0]!.message).toMatch(notRegular);
      const map = loadWorkbookMap(path);
      expect(map.map).toBeNull();
      expect(map.diagnostics.map((d) => d.code)).toEqual(['map_unreadable']);
      expect(map.diagnostics[0]!.message).toMatch(notRegular);
    }
  });

  it('permission denied is said plainly (as root it cannot be made, so the words are checked)', () => {
    const read = openFailure('plans/a.xlsx', Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }), 'a workbook');
    expect(read).toEqual({ ok: false, problem: 'unreadable', message: expect.stringMatching(/^plans\/a\.xlsx cannot be read \(permission denied\); check the file's permissions/) });
  });
});

describe('hashing an input for its stamp', () => {
  it('hashes a regular file as sha256sum does, and refuses a FIFO or a device at once', async () => {
    const path = join(dir, 'hash-me.txt');
    await writeFile(path, 'job plan\n');
    expect(sha256OfRegularFile(path)).toBe(createHash('sha256').update('job plan\n').digest('hex'));
    expect(sha256OfRegularFile(fifo)).toBeNull();
    expect(sha256OfRegularFile(join(dir, 'zero.xlsx'))).toBeNull();
    expect(sha256OfRegularFile(join(dir, 'missing.xlsx'))).toBeNull();
  });
});

describe('each format has a size bound, checked before reading', () => {
  it('a file over the bound is refused with its size and what to do', async () => {
    const path = join(dir, 'big.bin');
    await writeFile(path, Buffer.alloc(3000, 65));
    const read = await readInputFile(path, { maxBytes: 1000, what: 'a workbook', whenTooLarge: 'split the register' });
    expect(read).toEqual({ ok: false, problem: 'too_large', message: expect.stringMatching(/big\.bin is [\d.]+ MB, more than the [\d.]+ MB jobplan reads from a workbook; split the register$/) });
    expect(readInputFileSync(path, { maxBytes: 1000, what: 'a workbook', whenTooLarge: 'split it' }).ok).toBe(false);
    expect(readInputFileSync(path, { maxBytes: 3000, what: 'a workbook', whenTooLarge: 'split it' })).toEqual({ ok: true, bytes: Buffer.alloc(3000, 65) });
  });

  it('a workbook over maxFileBytes is workbook_too_large, a CSV over maxBytes is csv_too_large', async () => {
    const path = join(dir, 'big.csv');
    await writeFile(path, 'a,b\n'.repeat(1000));
    expect((await readCsvFile(path, { maxBytes: 100 })).diagnostics.map((d) => d.code)).toEqual(['csv_too_large']);
    const xlsx = join(dir, 'big.xlsx');
    await writeFile(xlsx, Buffer.alloc(5000));
    const result = await readWorkbookFile(xlsx, { maxFileBytes: 1000 });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['workbook_too_large']);
    expect(result.diagnostics[0]!.message).toContain('split the register');
  });
});
