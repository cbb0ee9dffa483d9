/**
 * Issue 12 item 8: jobplan's own hostile corpus (test/fixtures/hostile/, written by scripts/generate-hostile-corpus.ts).
 *
 * Every case runs through the built CLI (npm run build first) in a temporary copy of its folder. Whatever the case,
 * the run fails the test on: exit 3 (a bug), a stack trace or a V8/native crash in its output, more than 20 s (less
 * where the case says), more than 1 GiB peak memory, or any byte of an input changed. Then the case's own answer is
 * checked: the exit code, and the fragments its message must hold (where: file, sheet!cell or line:col; and what).
 *
 * Time is the run's CPU time (user + system, from GNU time), so a machine busy with other work does not fail a case
 * that would pass alone (in CI the two agree); a run still going after twice its limit in wall time (a hang: a FIFO
 * read blocks using no CPU) is killed and fails.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLineHash, computeAuditHash, serialiseAuditEntry } from '../../src-engine/audit/audit-log.js';
import type { AuditEntry } from '../../src-engine/audit/audit-log.js';
import { checkCorpus, CORPUS_DIR, hostileCases, useAuditChain, type CliRunner, type HostileCase } from '../../scripts/generate-hostile-corpus.js';
import { hashTree, root, runLimited, runNode, unzip, type LimitedRun } from './run-limited.js';

const GIB = 1024 * 1024 * 1024;
const cases = hostileCases();
const work = mkdtempSync(join(tmpdir(), 'jobplan-hostile-'));
/** Each checked run's figures, for the summary printed at the end (the slowest input, the largest peak memory). */
const figures: { id: string; status: number | null; ms: number; cpu: number | null; rss: number | null; first: string }[] = [];
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  const mib = (b: number | null) => (b === null ? '?' : `${Math.round(b / 1024 / 1024)} MiB`);
  const bySpeed = [...figures].sort((a, b) => (b.cpu ?? b.ms) - (a.cpu ?? a.ms)).slice(0, 5);
  const byMemory = [...figures].sort((a, b) => (b.rss ?? 0) - (a.rss ?? 0)).slice(0, 5);
  // HOSTILE_VERBOSE=1: every run's exit, time, memory and first line, to match against fixes.
  if (process.env['HOSTILE_VERBOSE']) for (const f of figures) console.log(`${f.id}\texit ${f.status}\t${(f.ms / 1000).toFixed(1)} s\t${f.cpu === null ? '?' : (f.cpu / 1000).toFixed(1)} s CPU\t${mib(f.rss)}\t${f.first}`);
  console.log(`hostile corpus: ${figures.length} runs; slowest: ${bySpeed.map((f) => `${f.id} ${((f.cpu ?? f.ms) / 1000).toFixed(1)} s CPU (${(f.ms / 1000).toFixed(1)} s elapsed)`).join(', ')}; largest: ${byMemory.map((f) => `${f.id} ${mib(f.rss)}`).join(', ')}`);
});
const GENERATOR = join(root, 'dist', 'scripts', 'generate-hostile-corpus.js');

useAuditChain({
  computeAuditHash: (e) => computeAuditHash(e as unknown as Omit<AuditEntry, 'hash'>),
  serialiseAuditEntry: (e) => serialiseAuditEntry(e as unknown as AuditEntry),
  auditLineHash,
});

/** The runs a case's setup makes (writing an audit log, say), in the same two slots as the checked runs. */
const setupRun: CliRunner = async (args, env = {}) => {
  const r = await runLimited(args, { seconds: 60, env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** A stack trace's frame, or a crash of V8 or the process, anywhere in the output. */
const CRASH: readonly RegExp[] = [
  // A frame names a script (.js, .ts …) or a Node internal: "at /tmp/register.csv:2:4" is a finding's cell, not a frame.
  /^\s+at (?:.+ \()?(?:node:.*|(?:file:|\/|[A-Za-z]:\\).*\.[cm]?[jt]s):\d+:\d+\)?$/m,
  /^\s+at (?:async )?[\w$.<>]+ \(node:internal/m,
  /\b(?:Type|Range|Reference|Syntax)Error: /,
  /FATAL ERROR|JavaScript heap out of memory|std::bad_alloc|Segmentation fault|Aborted \(core dumped\)/,
  /internal error/i,
];

function output(r: LimitedRun): string {
  return `${r.stdout}\n${r.stderr}`;
}

/** The first line of stderr (else stdout), for failure messages. */
function firstLine(r: LimitedRun): string {
  const text = r.stderr.trim() || r.stdout.trim();
  return text.split('\n')[0]?.slice(0, 300) ?? '';
}

function describeRun(c: HostileCase, r: LimitedRun): string {
  const rss = r.maxRssBytes === null ? '?' : `${Math.round(r.maxRssBytes / 1024 / 1024)} MiB`;
  const cpu = r.cpuMs === null ? '' : ` (${(r.cpuMs / 1000).toFixed(1)} s CPU)`;
  return `${c.id}: exit ${r.status ?? r.signal}${r.timedOut ? ' (killed: still running at twice its time)' : ''}, ${(r.ms / 1000).toFixed(1)} s${cpu}, ${rss}; first line: ${firstLine(r)}`;
}

/** Checks a case may make beyond its answer (outputs written, sizes), by case id. */
const extraChecks: Record<string, (dir: string, r: LimitedRun) => void> = {
  'huge-shared-string': (_dir, r) => expect(output(r).length, 'a 10 MB value is cut in messages').toBeLessThan(100_000),
  'ten-mb-cell': (_dir, r) => expect(output(r).length, 'a 10 MB cell is cut in messages').toBeLessThan(100_000),
  'formula-text-findings-workbook': (dir) => {
    const parts = unzip(readFileSync(join(dir, 'findings.xlsx')));
    const sheets = [...parts].filter(([name]) => name.startsWith('xl/worksheets/'));
    expect(sheets.length).toBeGreaterThan(0);
    for (const [name, xml] of sheets) expect(xml.toString('utf8'), `${name} has a formula cell`).not.toMatch(/<f[\s>]/);
    const text = [...parts.values()].map((b) => b.toString('utf8')).join('\n');
    expect(text, 'the text is kept (as text)').toMatch(/HYPERLINK/);
  },
  'formula-text-report-html': (dir) => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toMatch(/http-equiv="Content-Security-Policy"/i);
    const parts = unzip(readFileSync(join(dir, 'report.xlsx')));
    for (const [name, xml] of parts) if (name.startsWith('xl/worksheets/')) expect(xml.toString('utf8'), `${name} has a formula cell`).not.toMatch(/<f[\s>]/);
  },
  'new-version-dotdot': (dir) => {
    expect(existsSync(join(dir, '..', 'evil')), 'a folder made outside the policies folder').toBe(false);
    expect(readdirSync(join(dir, 'policies')).sort()).toEqual(['hostile-demo', 'jobplan.config.yaml']);
  },
  'audit-half-last-line-append': (dir) => {
    const lines = readFileSync(join(dir, 'audit.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ seq: 2 });
  },
};

describe('the hostile corpus on disk', () => {
  it('is exactly what the generator writes (scripts/generate-hostile-corpus.ts --check)', () => {
    expect(checkCorpus(root)).toEqual([]);
  });

  it('is small (under 1 MB), every case has an id of its own and a line in the README', () => {
    const dir = join(root, CORPUS_DIR);
    let bytes = 0;
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else bytes += statSync(join(d, e.name)).size;
      }
    };
    walk(dir);
    expect(bytes).toBeLessThan(1024 * 1024);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    for (const c of cases) expect(readme).toContain(`| ${c.id} |`);
    for (const item of [1, 2, 3, 4, 5, 6, 7, 'passes'] as const) expect(cases.some((c) => c.item === item), `a case for item ${item}`).toBe(true);
  });
});

describe.concurrent('every hostile input gets its answer, in bounded time and memory, with the inputs untouched', () => {
  for (const c of cases) {
    const limit = c.seconds ?? 20;
    it(`${c.id} (${c.item === 'passes' ? 'held before issue 12' : `issue 12 item ${c.item}`})`, async ({ expect }) => {
      const dir = join(work, c.id);
      try {
        const fixture = join(root, CORPUS_DIR, c.id);
        if (existsSync(fixture)) cpSync(fixture, dir, { recursive: true });
        else mkdirSync(dir, { recursive: true });
        if (c.heavy) {
          const built = await runNode([GENERATOR, '--setup', c.id, dir]);
          expect(built.status, `${c.id}: the test-time build failed: ${built.stderr}`).toBe(0);
        } else await c.setup?.(dir, setupRun);
        const before = hashTree(dir);
        const args = c.args.map((a) => a.replace(/\{dir\}/g, dir));
        const r = await runLimited(args, { seconds: limit * 2, env: c.env });
        const what = describeRun(c, r);
        figures.push({ id: c.id, status: r.status, ms: r.ms, cpu: r.cpuMs, rss: r.maxRssBytes, first: firstLine(r).replaceAll(dir, '{dir}') });

        // Universal, each reported (soft) so a failing run shows all it broke: inputs untouched, no bug exit, no crash,
        // bounded time and memory.
        const after = hashTree(dir);
        const mayChange = new Set((c.changes ?? []).map((p) => join(dir, p)));
        for (const [path, sha] of before) if (!mayChange.has(path)) expect.soft(after.get(path), `${what}: input ${path} changed`).toBe(sha);
        expect.soft(r.timedOut, `${what}: hung (still running at ${limit * 2} s)`).toBe(false);
        expect.soft(r.signal, `${what}: ended by a signal`).toBeNull();
        expect.soft(r.status, `${what}: exit 3 is a bug`).not.toBe(3);
        for (const crash of CRASH) expect.soft(output(r), `${what}: crash or stack trace in the output`).not.toMatch(crash);
        expect.soft(r.cpuMs ?? r.ms, `${what}: over ${limit} s`).toBeLessThanOrEqual(limit * 1000);
        if (r.maxRssBytes !== null) expect.soft(r.maxRssBytes, `${what}: over 1 GiB`).toBeLessThanOrEqual(GIB);

        // The case's answer.
        const allowed = typeof c.answer.status === 'number' ? [c.answer.status] : c.answer.status;
        expect(allowed, `${what}: exit code`).toContain(r.status);
        for (const says of c.answer.says ?? []) expect(output(r), `${what}: the message should say ${says}`).toMatch(says);
        for (const never of c.answer.never ?? []) expect(output(r), `${what}: the output should not hold ${never}`).not.toMatch(never);
        extraChecks[c.id]?.(dir, r);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        rmSync(join(work, 'evil'), { recursive: true, force: true });
      }
    }, (limit * 2 + 60) * 1000);
  }
});
