import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditVerifyCommand } from '../../src-engine/cli/commands/audit-verify.js';
import { appendAuditLog } from '../../src-engine/node/audit-log-file.js';
import { sha256Hex } from '../../src-engine/policy/hash.js';
import type { EvaluationReport } from '../../src-engine/report/report.js';
import { jobplan, root } from './run-cli.js';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'jobplan-audit-'))); // real: the lock file is named after the log's real path
let counter = 0;
const fresh = (name: string) => join(dir, `${++counter}-${name}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeReport(n: number): EvaluationReport {
  return {
    engineVersion: '0.1.0', evaluatedAt: `2026-11-23T09:0${n}:00.000Z`, asOf: null, today: '2026-11-23',
    policies: [{ id: 'cpft-job-planning', version: '2017-04-28', sha256: 'a'.repeat(64), status: 'ratified', effectiveFrom: '2017-04-28', illustrative: false, path: 'policies/cpft-job-planning/2017-04-28.yaml' }],
    inputs: [{ path: `plans/Dr Ann Jones ${n}.xlsx`, sha256: sha256Hex(`plan ${n}`) }],
    options: { policy: null, map: null, policiesDirs: ['policies'] },
    plans: [], groups: [], diagnostics: [],
    summary: { plans: 1, findings: { error: 1, warning: 0, info: 0 }, groupFindings: { error: 0, warning: 0, info: 0 }, diagnostics: { error: 0, warning: 0, info: 0 } },
  };
}

/** A log of `count` runs written by the Node shell, as `validate --audit-log` writes it. */
function writeLog(count: number, redact = false): { path: string; lines: string[] } {
  const path = fresh('audit.jsonl');
  for (let n = 1; n <= count; n++) {
    const r = appendAuditLog(path, fakeReport(n), [`plans/Dr Ann Jones ${n}.xlsx`, '--today', '2026-11-23'], { redact });
    if (!r.ok) throw new Error(r.message);
  }
  return { path, lines: readFileSync(path, 'utf8').split('\n').slice(0, -1) };
}

const rewrite = (path: string, lines: readonly string[]) => writeFileSync(path, lines.map((l) => `${l}\n`).join(''));

describe('appendAuditLog (the Node shell)', () => {
  beforeEach(() => vi.stubEnv('JOBPLAN_USER', 'medical.hr'));
  afterEach(() => vi.unstubAllEnvs());

  it('creates the file, chains each run to the last line, records the user', () => {
    const { path, lines } = writeLog(3);
    expect(lines).toHaveLength(3);
    const entries = lines.map((l) => JSON.parse(l) as { seq: number; prev: string; user: string });
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[1]!.prev).toBe(sha256Hex(lines[0]!));
    expect(entries[2]!.prev).toBe(sha256Hex(lines[1]!));
    expect(entries[0]!.user).toBe('medical.hr');
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
  });

  it('JOBPLAN_USER set empty records no user', () => {
    vi.stubEnv('JOBPLAN_USER', '');
    const path = fresh('nouser.jsonl');
    const r = appendAuditLog(path, fakeReport(1), [], { redact: false });
    expect(r.ok && r.entry.user).toBeNull();
  });

  it('with redaction no file name reaches the log', () => {
    const { path } = writeLog(2, true);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('Jones');
    expect(text).toMatch(/"path":"redacted:[0-9a-f]{12}"/);
  });

  it('chains from the last line of a long log (read from the tail)', () => {
    const path = fresh('long.jsonl');
    // ~200 KB of entries, so the last line is found by reading backwards in chunks
    for (let n = 1; n <= 400; n++) {
      const r = appendAuditLog(path, fakeReport(n % 10), ['x'.repeat(300)], { redact: false });
      expect(r.ok).toBe(true);
    }
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(JSON.parse(lines[399]!)).toMatchObject({ seq: 400, prev: sha256Hex(lines[398]!) });
  });

  it('refuses to append after a damaged last line, and says to run audit verify', () => {
    const { path } = writeLog(2);
    appendFileSync(path, '{"seq": 3, "truncat\n');
    const before = readFileSync(path, 'utf8');
    const r = appendAuditLog(path, fakeReport(3), [], { redact: false });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(`jobplan audit verify ${path}`);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('refuses to append after an edited last line', () => {
    const { path, lines } = writeLog(2);
    rewrite(path, [lines[0]!, lines[1]!.replace('"error":1', '"error":0')]);
    const r = appendAuditLog(path, fakeReport(3), [], { redact: false });
    expect(!r.ok && r.message).toMatch(/audit_edited/);
  });

  it('an empty existing file starts a new log; a missing folder is not created', () => {
    const path = fresh('touched.jsonl');
    writeFileSync(path, '');
    expect(appendAuditLog(path, fakeReport(1), [], { redact: false })).toMatchObject({ ok: true, entry: { seq: 1 } });
    const inMissing = join(dir, 'no-such-folder', 'audit.jsonl');
    const r = appendAuditLog(inMissing, fakeReport(1), [], { redact: false });
    expect(!r.ok && r.message).toContain('does not exist');
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });

  it('a last line without its newline (saved by an editor) still chains, on a line of its own', async () => {
    const { path, lines } = writeLog(2);
    writeFileSync(path, lines.join('\n'));
    expect(appendAuditLog(path, fakeReport(3), [], { redact: false })).toMatchObject({ ok: true, entry: { seq: 3 } });
    const run = await captured(() => auditVerifyCommand([path]));
    expect(run.status).toBe(0);
  });
});

/** Runs the command in-process, capturing what it prints. */
async function captured(run: () => Promise<number>): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.stubEnv('FORCE_COLOR', '0');
  vi.stubEnv('NO_COLOR', '1');
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { stdout += String(s); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => { stderr += String(s); return true; });
  try {
    const status = await run();
    return { status, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    vi.unstubAllEnvs();
  }
}

describe('auditVerifyCommand (in-process)', () => {
  it('an untouched log: exit 0, chain intact, head hash printed', async () => {
    const { path, lines } = writeLog(4);
    const r = await captured(() => auditVerifyCommand([path]));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`4 entries, chain intact, head hash ${sha256Hex(lines[3]!)}`);
  });

  it('a tampered log: exit 1, file:line: code: message, then the count', async () => {
    const { path, lines } = writeLog(4);
    rewrite(path, [lines[0]!, lines[2]!, lines[3]!]);
    const r = await captured(() => auditVerifyCommand([path]));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${path}:2: audit_missing_lines: line 2 does not follow line 1`);
    expect(r.stdout).toContain('3 entries, 1 problem');
  });

  it('JSON output', async () => {
    const { path, lines } = writeLog(3);
    rewrite(path, [lines[1]!, lines[0]!, lines[2]!]);
    const r = await captured(() => auditVerifyCommand([path, '--format', 'json']));
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: path, ok: false, entries: 3, problems: [{ line: 2, code: 'audit_out_of_order' }] });
  });

  it('a missing file: exit 2 with a message, no stack trace', async () => {
    const r = await captured(() => auditVerifyCommand([join(dir, 'nope.jsonl')]));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cannot read audit log');
    expect(r.stderr).toContain('no such file');
  });

  it('usage mistakes throw UsageError (exit 2 from main)', async () => {
    await expect(auditVerifyCommand([])).rejects.toThrow(/name the audit log/);
    await expect(auditVerifyCommand(['a', 'b'])).rejects.toThrow(/one audit log at a time/);
    await expect(auditVerifyCommand(['a', '--format', 'xml'])).rejects.toThrow(/--format must be one of text, json/);
    await expect(auditVerifyCommand(['a', '--expect-head', 'abc'])).rejects.toThrow(/64 hex digits/);
  });
});

// These spawn the built CLI (npm run build first); they need `audit verify` wired into src-engine/cli/main.ts and
// `--audit-log` into validate.
describe('jobplan audit verify (built CLI)', () => {
  it('an untouched log of several runs: exit 0 and the head hash', () => {
    const { path, lines } = writeLog(4);
    const r = jobplan('audit', 'verify', path);
    expect(r.stdout).toContain(`4 entries, chain intact, head hash ${sha256Hex(lines[3]!)}`);
    expect(r.status).toBe(0);
  });

  const tampered: [string, (lines: string[]) => string[], RegExp][] = [
    ['an edited line', (l) => [l[0]!, l[1]!.replace('"error":1', '"error":0'), l[2]!, l[3]!], /:2: audit_edited: line 2 was edited after it was written \(its hash does not match its content\)/],
    ['an edited last line', (l) => [l[0]!, l[1]!, l[2]!, l[3]!.replace('"command":"validate"', '"command":"policy"')], /:4: audit_edited: line 4 was edited/],
    ['a deleted line', (l) => [l[0]!, l[2]!, l[3]!], /:2: audit_missing_lines: line 2 does not follow line 1: .* 1 line between them was removed/],
    ['swapped lines', (l) => [l[0]!, l[2]!, l[1]!, l[3]!], /:3: audit_out_of_order: lines 2 and 3 are out of order \(seq 3 before seq 2\)/],
    ['a garbage line', (l) => [l[0]!, l[1]!, 'garbage{{', l[2]!, l[3]!], /:3: audit_bad_json: line 3 is not valid JSON/],
    ['a truncated line', (l) => [l[0]!, l[1]!, l[2]!, l[3]!.slice(0, 50)], /:4: audit_bad_json/],
    ['a line appended by hand', (l) => [...l, l[3]!.replace('"seq":4', '"seq":5').replace(/"prev":"[0-9a-f]+"/, `"prev":"${'1'.repeat(64)}"`)], /:5: audit_inserted: line 5 was not written by jobplan/],
    ['a blank line', (l) => [l[0]!, '', l[1]!, l[2]!, l[3]!], /:2: audit_blank_line/],
  ];
  for (const [name, tamper, expected] of tampered) {
    it(`${name}: exit 1 and which line`, () => {
      const { path, lines } = writeLog(4);
      rewrite(path, tamper(lines));
      const r = jobplan('audit', 'verify', path);
      expect(r.stdout).toMatch(expected);
      expect(r.stdout).toMatch(/\d+ entries, \d+ problems?/);
      expect(r.status).toBe(1);
    });
  }

  it('an empty file: exit 1, audit_empty', () => {
    const path = fresh('empty.jsonl');
    writeFileSync(path, '');
    const r = jobplan('audit', 'verify', path);
    expect(r.stdout).toContain(`${path}:1: audit_empty`);
    expect(r.status).toBe(1);
  });

  it('a deleted last line verifies clean; --expect-head with the old head hash catches it', () => {
    const { path, lines } = writeLog(4);
    const head = sha256Hex(lines[3]!);
    rewrite(path, lines.slice(0, 3));
    const plain = jobplan('audit', 'verify', path);
    expect(plain.status).toBe(0);
    expect(plain.stdout).not.toContain(head);
    const r = jobplan('audit', 'verify', path, '--expect-head', head);
    expect(r.stdout).toContain('audit_head_mismatch');
    expect(r.status).toBe(1);
  });

  it('a missing file or a folder: exit 2; no file named: usage, exit 2', () => {
    const missing = jobplan('audit', 'verify', join(dir, 'nope.jsonl'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read audit log');
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    expect(jobplan('audit', 'verify', folder).status).toBe(2);
    const usage = jobplan('audit', 'verify');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Usage: jobplan audit verify');
  });

  it('end to end: validate --audit-log appends one line per run, and the log verifies', () => {
    const path = fresh('runs.jsonl');
    let last = '';
    for (const example of ['consultant-compliant', 'breaks-signoff-late', 'breaks-review-overdue']) {
      last = jobplan('validate', `examples/${example}.xlsx`, '--today', '2026-11-23', '--audit-log', path, '--audit-redact').stdout;
    }
    const text = readFileSync(path, 'utf8');
    // The text report names the line it appended, so the head travels with whatever keeps the output.
    expect(last).toContain(`Audit log ${path}: line seq 3, head hash ${sha256Hex(text.split('\n')[2]!)}`);
    expect(text.split('\n')).toHaveLength(4);
    expect(text).not.toContain('examples/');
    expect(JSON.parse(text.split('\n')[1]!)).toMatchObject({ seq: 2, command: 'validate', counts: { plans: 1, error: 1 } });
    const r = jobplan('audit', 'verify', path);
    expect(r.stdout).toContain('3 entries, chain intact');
    expect(r.status).toBe(0);
  });
});

/** A child process appending to a log with the built Node shell (dist/), as separate jobplan runs would. */
const appender = join(dir, 'appender.mjs');
writeFileSync(appender, `import { appendAuditLog } from ${JSON.stringify(pathToFileURL(join(root, 'dist', 'src-engine', 'node', 'audit-log-file.js')).href)};
const [path, runs, pad] = process.argv.slice(2);
const report = ${JSON.stringify(fakeReport(1))};
for (let i = 0; i < Number(runs); i++) {
  const r = appendAuditLog(path, report, ['y'.repeat(Number(pad ?? 0))], { redact: false });
  if (!r.ok) { process.stdout.write(r.message); process.exit(1); }
  if (r.warning) process.stdout.write('WARNING ' + r.warning);
}
`);
const runAppender = (path: string, runs: number, pad = 0, shell = '') =>
  spawnSync('bash', ['-c', `${shell} exec "${process.execPath}" "${appender}" "${path}" ${runs} ${pad}`], { encoding: 'utf8' });

describe('the audit log under faults (child processes, built dist/)', () => {
  it('concurrent writers: 6 processes × 40 runs on one log give seq 1..240, no forks, a clean chain, no lock left', async () => {
    const path = fresh('shared.jsonl');
    const children = Array.from({ length: 6 }, () => spawn(process.execPath, [appender, path, '40'], { stdio: ['ignore', 'pipe', 'pipe'] }));
    const results = await Promise.all(children.map((c) => new Promise<{ code: number | null; out: string }>((done) => {
      let out = '';
      c.stdout.on('data', (d: Buffer) => (out += d.toString()));
      c.stderr.on('data', (d: Buffer) => (out += d.toString()));
      c.on('close', (code) => done({ code, out }));
    })));
    expect(results.filter((r) => r.code !== 0)).toEqual([]);
    const seqs = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs).toEqual(Array.from({ length: 240 }, (_, i) => i + 1));
    const r = await captured(() => auditVerifyCommand([path]));
    expect(r.stdout).toContain('240 entries, chain intact');
    expect(existsSync(`${path}.lock`)).toBe(false);
  }, 60_000);

  it('a stale lock left by a run that died is removed; a live one is waited for, then named', () => {
    const path = fresh('locked.jsonl');
    writeFileSync(`${path}.lock`, `999999999 ${hostname()} ${Date.now()} dead`);
    expect(runAppender(path, 1).status).toBe(0);
    expect(existsSync(`${path}.lock`)).toBe(false);
    writeFileSync(`${path}.lock`, `${process.pid} ${hostname()} ${Date.now()} alive`);
    const r = appendAuditLog(path, fakeReport(2), [], { redact: false, lockTimeoutMs: 200 });
    expect(!r.ok && r.message).toContain(`is locked by process ${process.pid}`);
    expect(!r.ok && r.message).toContain(`delete ${path}.lock`);
    rmSync(`${path}.lock`);
  });

  it('a write cut short by a full file system (ulimit -f) is truncated back; the next run appends', async () => {
    const path = fresh('full.jsonl');
    expect(runAppender(path, 1, 1200).status).toBe(0);
    const before = readFileSync(path);
    expect(before.length).toBeGreaterThan(1700);
    expect(before.length).toBeLessThan(2048);
    // A 2 KiB file size limit: the next line (about 1 KB) is written in part, then EFBIG.
    const cut = runAppender(path, 1, 600, "trap '' XFSZ; ulimit -f 2;");
    expect(cut.status).toBe(1);
    expect(cut.stdout).toContain('the part written was removed, so the log still ends in a whole line');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(runAppender(path, 1).status).toBe(0);
    expect((await captured(() => auditVerifyCommand([path]))).stdout).toContain('2 entries, chain intact');
  });

  it('a last line cut short by an old crash: the next run appends around it and says so; verify notes which line', async () => {
    const { path, lines } = writeLog(3);
    writeFileSync(path, `${lines[0]}\n${lines[1]}\n${lines[2]!.slice(0, 70)}`);
    const broken = await captured(() => auditVerifyCommand([path]));
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(':3: audit_bad_json: line 3 is not valid JSON: it was cut short, most likely by a crash');
    const r = appendAuditLog(path, fakeReport(3), [], { redact: false });
    expect(r.ok && r.entry.seq).toBe(3);
    expect(r.ok && r.warning).toContain('this run chains to the whole line before it');
    const after = await captured(() => auditVerifyCommand([path]));
    expect(after.stdout).toContain(':3: note: audit_cut_short: line 3 is a line cut short');
    expect(after.stdout).toContain('3 entries, chain intact');
    expect(after.status).toBe(0);
  });

  it('a FIFO as the audit log is refused, not waited on, by append and by verify', async () => {
    const fifo = fresh('pipe.jsonl');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return; // no mkfifo here
    const r = appendAuditLog(fifo, fakeReport(1), [], { redact: false });
    expect(!r.ok && r.message).toContain('is not a regular file');
    const v = await captured(() => auditVerifyCommand([fifo]));
    expect(v.status).toBe(2);
    expect(v.stderr).toContain('it is not a regular file');
  });
});

describe('anchors and keys end to end (built CLI)', () => {
  const validateJson = (log: string, report: string, env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'jobplan.js'), 'validate', 'examples/consultant-compliant.xlsx', '--today', '2026-11-23', '--format', 'json', '--audit-log', log], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
    writeFileSync(report, r.stdout);
    return JSON.parse(r.stdout) as { audit: { log: string; seq: number; head: string } };
  };

  it('each JSON report records its line; --against catches a rewritten log the chain alone accepts', () => {
    const log = fresh('anchored.jsonl');
    const reports = [1, 2, 3].map((n) => fresh(`report-${n}.json`));
    const stamped = reports.map((r) => validateJson(log, r));
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    expect(stamped.map((s) => s.audit)).toEqual(lines.map((l, i) => ({ log, seq: i + 1, head: sha256Hex(l) })));
    expect(jobplan('audit', 'verify', log, '--against', ...reports).stdout).toContain('3 entries, chain intact, checked against 3 reports');

    // A forger rewrites line 2 and recomputes every hash after it: the chain is whole again.
    const forged = [lines[0]!];
    for (const [i, l] of lines.slice(1).entries()) {
      const e = JSON.parse(l) as Record<string, unknown>;
      if (i === 0) (e['counts'] as Record<string, number>)['error'] = 5;
      e['prev'] = sha256Hex(forged.at(-1)!);
      delete e['hash'];
      e['hash'] = sha256Hex(JSON.stringify(e));
      forged.push(JSON.stringify(e));
    }
    rewrite(log, forged);
    expect(jobplan('audit', 'verify', log).status).toBe(0);
    const caught = jobplan('audit', 'verify', log, '--against', reports[2]!);
    expect(caught.status).toBe(1);
    expect(caught.stdout).toContain(`:3: audit_anchor_mismatch: ${reports[2]} recorded seq 3 with head hash ${stamped[2]!.audit.head}`);
  });

  it('the committee report (page and workbook) and the findings workbook record their run\'s head too, and --against reads them', () => {
    const log = fresh('kept.jsonl');
    const [html, xlsx, findings] = [fresh('report.html'), fresh('report.xlsx'), fresh('findings.xlsx')];
    expect(jobplan('report', 'examples/register-cpft-2026.xlsx', '--today', '2026-11-23', '--out', html, '--out', xlsx, '--audit-log', log).status).toBe(0);
    expect(jobplan('validate', 'examples/consultant-compliant.xlsx', '--today', '2026-11-23', '--out', findings, '--audit-log', log).status).toBe(0);
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    expect(readFileSync(html, 'utf8')).toContain(`data-audit-seq="1" data-audit-head="${sha256Hex(lines[0]!)}"`);
    expect(jobplan('audit', 'verify', log, '--against', html, xlsx, findings).stdout).toContain('2 entries, chain intact, checked against 3 reports');

    // The log rewritten from the first line on, every hash recomputed: whole as a chain, but not the line the page kept.
    const e = JSON.parse(lines[0]!) as Record<string, unknown>;
    (e['counts'] as Record<string, number>)['error'] = 0;
    delete e['hash'];
    e['hash'] = sha256Hex(JSON.stringify(e));
    rewrite(log, [JSON.stringify(e)]);
    expect(jobplan('audit', 'verify', log).status).toBe(0);
    for (const kept of [html, xlsx]) {
      const caught = jobplan('audit', 'verify', log, '--against', kept);
      expect(caught.status).toBe(1);
      expect(caught.stdout).toContain(`audit_anchor_mismatch: ${kept} recorded seq 1`);
    }
  });

  it('a report without an audit record, or not JSON: exit 2 naming the file', () => {
    const { path } = writeLog(1);
    const plain = fresh('plain.json');
    writeFileSync(plain, '{"engineVersion":"0.1.0"}');
    const r = jobplan('audit', 'verify', path, '--against', plain);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${plain} records no audit log head`);
    writeFileSync(plain, 'not json');
    expect(jobplan('audit', 'verify', path, '--against', plain).stderr).toContain('is not valid JSON');
  });

  it('JOBPLAN_AUDIT_KEY: lines carry a MAC; a forged appended line with a recomputed hash is caught with the key', () => {
    const log = fresh('keyed.jsonl');
    const env = { JOBPLAN_AUDIT_KEY: 'held-by-the-trust' };
    validateJson(log, fresh('k1.json'), env);
    validateJson(log, fresh('k2.json'), env);
    const verifyWithKey = () => spawnSync(process.execPath, [join(root, 'bin', 'jobplan.js'), 'audit', 'verify', log], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env, NO_COLOR: '1' } });
    expect(verifyWithKey().stdout).toContain('2 entries, chain intact, MACs checked');
    // The forger appends a line without the key (an ordinary run without JOBPLAN_AUDIT_KEY is the same thing).
    validateJson(log, fresh('k3.json'));
    expect(jobplan('audit', 'verify', log).status).toBe(0);
    const r = verifyWithKey();
    expect(r.stdout).toContain(':3: audit_mac_missing');
    expect(r.status).toBe(1);
  });
});
