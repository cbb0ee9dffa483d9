/**
 * `npm run bench`: how long jobplan takes to check a whole register, and how much memory it needs, beside the
 * floor: a bare exceljs streaming read of the same files. Issue 13's targets ("judging costs no more than reading").
 *
 * Generates synthetic registers of 1,000, 10,000 and 100,000 job plans (scripts/synthetic-plans.ts, as register rows
 * with declared totals; written with exceljs's streaming writer to a temporary folder, never the repository); a size
 * over 100,000 (`--sizes 300000`) is a folder of 100,000-row registers, as a national register would come (one
 * workbook holds at most 200 MB of XML, about 200,000 rows). Then measures, each as its own child process so that
 * peak memory is per process:
 *
 *   bare read   a bare exceljs streaming read of the files: the floor for anything that reads them
 *   validate    node bin/jobplan.js validate <files> --format json --today 2026-11-23 > /dev/null
 *               (and again with JOBPLAN_THREADS=2: what a second thread would gain and cost)
 *   report      node bin/jobplan.js report <files> --out <tmp>.xlsx --out <tmp>.html --today 2026-11-23
 *   reference   read + facts + plain json-rules-engine (one engine per policy reused, runs awaited in turn)
 *
 * Each measure is wall seconds, CPU seconds (user + system, every thread; GNU time only) and peak RSS.
 * Prints the median of N runs (3 for 1k and 10k, 1 from 100k), the ratios validate ÷ bare read and report ÷ bare
 * read, and PASS/FAIL against the targets (TARGETS: validate within 1.1× the bare read at 10,000 and 100,000 plans
 * and under 300 MB at 100,000; report within 2× and under 600 MB at 100,000; at 300,000 the validate peak no more
 * than 1.25× the 100,000 peak, i.e. memory flat in the row count); writes the table to bench-out/latest.json.
 * The machine should be otherwise idle: every figure is a ratio to a read measured in the same run.
 *
 * Options: --quick (1k and 10k, one run each), --sizes 1000,5000,300000, --runs N, --policies <folder> (passed to
 * jobplan), --keep (keep the generated registers and print their folder), --no-reference (skip json-rules-engine).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { loadRunContext } from '../src-engine/cli/run-context.js';
import { evaluatePlans } from '../src-engine/evaluate/evaluate.js';
import { deriveFacts } from '../src-engine/facts/catalogue.js';
import { addMonths } from '../src-engine/model/dates.js';
import type { JobPlan } from '../src-engine/model/job-plan.js';
import { packageRoot } from '../src-engine/node/package-root.js';
import { readPlans } from '../src-engine/node/read-plans.js';
import { MEDICAL_REGISTER_COLUMNS, writeRegisterWorkbook } from '../src-engine/node/write-register-workbook.js';
import { seededRandom, syntheticPlan } from './synthetic-plans.js';

const TODAY = '2026-11-23';
/** Issue 13's targets: ratios to the bare read of the same files in the same run; MB of peak RSS. */
const TARGETS = {
  10_000: { validateRatio: 1.1 },
  100_000: { validateRatio: 1.1, validateMb: 300, reportRatio: 2, reportMb: 600 },
  /** The validate peak at 300,000 plans against the peak at 100,000: memory flat in the row count. */
  300_000: { flatAgainst: 100_000, peakRatio: 1.25 },
} as const;

/** The most rows a generated workbook holds: bigger sizes are a folder of such workbooks. */
const ROWS_PER_FILE = 100_000;

interface Measure {
  readonly seconds: number;
  /** User + system CPU seconds of the whole process (every thread): the work done, whatever the machine's load. */
  readonly cpuSeconds: number | null;
  readonly peakMb: number;
  readonly exitCode: number | null;
}

interface Row {
  readonly plans: number;
  readonly fileMb: number;
  readonly runs: number;
  readonly bare: Measure | null;
  readonly validate: Measure | null;
  /** validate with JOBPLAN_THREADS=2: what a second thread gains, and what it costs in CPU and memory. */
  readonly validateTwoThreads: Measure | null;
  readonly report: Measure | null;
  readonly reference: Measure | null;
  readonly ratio: number | null;
  readonly reportRatio: number | null;
  readonly verdict: string;
  readonly notes: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Synthetic registers

/** A synthetic plan as a register row: its timetable summed into declared DCC/SPA/ANR/ED totals, plus pay columns. */
export function syntheticRegisterRow(random: () => number, index: number): JobPlan {
  const plan = syntheticPlan(random, index, TODAY);
  const facts = deriveFacts(plan, { today: TODAY }, ['dcc_pas', 'spa_pas', 'anr_pas', 'ed_pas', 'apa_pas']);
  const value = (name: string): number => {
    const v = facts[name]?.value;
    return typeof v === 'number' ? v : 0;
  };
  const { activities: _a, annualised_activities: _b, additional_pas: additional, objectives: _d, ...row } = plan;
  // Swansea Bay's pack judges consultants only: its other medical grades would be "not judged" (exit 2), which a
  // register of one health board would not hold. No random number is drawn, so every other value stays as it was.
  if (row.organisation === 'Swansea Bay University Health Board' && row.staff_group === 'medical') row.grade = 'consultant';
  const apa = value('apa_pas');
  const band = row.on_call_frequency == null ? null : row.on_call_frequency <= 4 ? 'High' : row.on_call_frequency <= 8 ? 'Medium' : 'Low';
  const planned = (row.contracted_pas ?? 10) + apa;
  const register: JobPlan = {
    ...row,
    employee_number: String(10_000_000 + index),
    declared_dcc_pas: value('dcc_pas'),
    declared_spa_pas: value('spa_pas'),
    declared_anr_pas: value('anr_pas'),
    declared_ed_pas: value('ed_pas'),
    ...(apa > 0 ? { declared_apa_pas: apa, apa_end_date: additional?.[0]?.end_date ?? null } : {}),
    ...(row.meeting_date ? { review_date: addMonths(row.meeting_date, 12) } : {}),
    intensity_band: band,
    intensity_band_paid: random() < 0.05 ? 'High' : band,
    pas_paid: random() < 0.05 ? planned + 1 : planned,
  };
  return Object.fromEntries(Object.entries(register).filter(([, v]) => v !== null && v !== undefined)) as JobPlan;
}

function* syntheticRegister(count: number, first = 0, seed = 1234): Generator<JobPlan> {
  const random = seededRandom(seed);
  for (let i = first; i < first + count; i++) yield syntheticRegisterRow(random, i);
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes

const SELF = fileURLToPath(import.meta.url);

/** The bare floor: exceljs's streaming reader over every row of every file, touching each row's values. */
async function bareRead(files: readonly string[]): Promise<void> {
  let cells = 0;
  for (const file of files) {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {});
    for await (const worksheet of reader) {
      for await (const row of worksheet) cells += (row.values as unknown[]).length;
    }
  }
  process.stderr.write(`cells ${cells}\n`);
}

/** Read + derive facts + json-rules-engine (evaluatePlans with engine 'reference': one engine per policy, runs awaited). */
async function referenceRun(file: string, policies: string | undefined): Promise<void> {
  const context = loadRunContext({ policies: policies ? [policies] : undefined, map: undefined, policy: null });
  if (!context.map) throw new Error('no workbook map');
  const read = await readPlans([file], context.map);
  const report = await evaluatePlans(read.plans, context.library, { today: TODAY, engine: 'reference' });
  process.stderr.write(`plans ${report.plans.length} findings ${JSON.stringify(report.summary.findings)}\n`);
}

interface Timer {
  /** Runs `node <args>` with stdout to /dev/null. */
  run(args: readonly string[], env?: NodeJS.ProcessEnv): Measure;
}

/** Times a child with /usr/bin/time when there is one, else with a preloaded module reporting maxRSS at exit. */
function makeTimer(work: string): Timer {
  const gnuTime = existsSync('/usr/bin/time');
  const preload = join(work, 'max-rss.mjs');
  const rssFile = join(work, 'max-rss.txt');
  const timeFile = join(work, 'time.txt');
  writeFileSync(preload, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
  return {
    run(args, env) {
      rmSync(rssFile, { force: true });
      rmSync(timeFile, { force: true });
      const command = gnuTime ? '/usr/bin/time' : process.execPath;
      const full = gnuTime ? ['-f', '%e %U %S %M', '-o', timeFile, process.execPath, ...args] : ['--import', pathToFileURL(preload).href, ...args];
      const started = process.hrtime.bigint();
      const r = spawnSync(command, full, { cwd: packageRoot(), stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...(env ? { env: { ...process.env, ...env } } : {}) });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      let peakKb = 0;
      let cpuSeconds: number | null = null;
      if (gnuTime && existsSync(timeFile)) {
        const fields = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-4).map(Number);
        cpuSeconds = fields[1]! + fields[2]!;
        peakKb = fields[3]!;
      } else if (existsSync(rssFile)) peakKb = Number(readFileSync(rssFile, 'utf8'));
      // GNU time prefixes "Command exited with non-zero status N" in its output file; the status is what matters.
      if (r.status !== 0 && r.status !== 1) process.stderr.write(`  (exit ${r.status}) ${r.stderr.split('\n').slice(-6).join('\n  ')}\n`);
      return { seconds, cpuSeconds, peakMb: peakKb / 1024, exitCode: r.status };
    },
  };
}

function median(values: readonly Measure[]): Measure | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a.seconds - b.seconds);
  const mid = sorted[Math.floor(sorted.length / 2)]!;
  return { seconds: mid.seconds, cpuSeconds: mid.cpuSeconds, peakMb: Math.max(...values.map((v) => v.peakMb)), exitCode: mid.exitCode };
}

// ---------------------------------------------------------------------------------------------------------------
// The benchmark

interface Options {
  readonly sizes: readonly number[];
  readonly runs: number | null;
  readonly policies: string | undefined;
  readonly keep: boolean;
  /** --no-reference: skip the json-rules-engine run (it is the slowest and no target reads it). */
  readonly skipReference: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const sizes = value('--sizes')?.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0) ?? (quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]);
  const runs = value('--runs') !== undefined ? Math.max(1, Number(value('--runs'))) : quick ? 1 : null;
  const policies = value('--policies');
  return { sizes, runs, policies: policies ? resolve(policies) : undefined, keep: argv.includes('--keep'), skipReference: argv.includes('--no-reference') };
}

async function bench(options: Options): Promise<Row[]> {
  const root = packageRoot();
  const work = mkdtempSync(join(tmpdir(), 'jobplan-bench-'));
  const timer = makeTimer(work);
  const jobplan = join(root, 'bin', 'jobplan.js');
  const policyArgs = options.policies ? ['--policies', options.policies] : [];
  const hasReport = spawnSync(process.execPath, [jobplan, 'report', '--help'], { cwd: root, stdio: 'ignore' }).status === 0;
  const rows: Row[] = [];
  try {
    for (const size of options.sizes) {
      const startedWrite = Date.now();
      let file = join(work, `register-${size}.xlsx`);
      const files: string[] = [];
      if (size <= ROWS_PER_FILE) {
        await writeRegisterWorkbook(syntheticRegister(size), file, { columns: MEDICAL_REGISTER_COLUMNS, title: `Synthetic register of ${size} job plans`, guidance: false });
        files.push(file);
      } else {
        // A folder of registers (one per region, say), each with its own plans: the seeds differ, and so do the refs.
        file = join(work, `register-${size}`);
        mkdirSync(file);
        for (let first = 0, part = 1; first < size; first += ROWS_PER_FILE, part++) {
          const part_file = join(file, `region-${part}.xlsx`);
          const rows = Math.min(ROWS_PER_FILE, size - first);
          await writeRegisterWorkbook(syntheticRegister(rows, first, 1234 + part), part_file, { columns: MEDICAL_REGISTER_COLUMNS, title: `Synthetic register, part ${part}`, guidance: false });
          files.push(part_file);
        }
      }
      const fileMb = files.reduce((n, f) => n + statSync(f).size, 0) / (1024 * 1024);
      process.stderr.write(`${size} plans: wrote ${fileMb.toFixed(1)} MB in ${((Date.now() - startedWrite) / 1000).toFixed(1)} s\n`);
      const runs = options.runs ?? (size >= 100_000 ? 1 : 3);
      const measures: Record<'bare' | 'validate' | 'validateTwoThreads' | 'report' | 'reference', Measure[]> = { bare: [], validate: [], validateTwoThreads: [], report: [], reference: [] };
      const notes: string[] = [];
      for (let i = 0; i < runs; i++) {
        measures.bare.push(timer.run([SELF, '--child', 'bare', files.join(':')]));
        measures.validate.push(timer.run([jobplan, 'validate', file, '--format', 'json', '--today', TODAY, ...policyArgs]));
        measures.validateTwoThreads.push(timer.run([jobplan, 'validate', file, '--format', 'json', '--today', TODAY, ...policyArgs], { JOBPLAN_THREADS: '2' }));
        if (hasReport) measures.report.push(timer.run([jobplan, 'report', file, '--out', join(work, `report-${size}.xlsx`), '--out', join(work, `report-${size}.html`), '--today', TODAY, ...policyArgs]));
        if (!options.skipReference) measures.reference.push(timer.run([SELF, '--child', 'reference', file, ...(options.policies ? [options.policies] : [])]));
      }
      if (!hasReport) notes.push('report skipped: `jobplan report --help` failed (no report command yet)');
      const bare = median(measures.bare);
      const validate = median(measures.validate);
      for (const [name, m] of [['validate', validate], ['report', median(measures.report)]] as const) {
        if (m && m.exitCode !== 0 && m.exitCode !== 1) notes.push(`${name} exited ${m.exitCode} (bad input or a crash): its time is not a real run`);
      }
      const report = median(measures.report);
      const ratio = bare && validate ? validate.seconds / bare.seconds : null;
      const reportRatio = bare && report ? report.seconds / bare.seconds : null;
      const flatAgainst = rows.find((r) => r.plans === TARGETS[300_000].flatAgainst)?.validate ?? null;
      rows.push({ plans: size, fileMb, runs, bare, validate, validateTwoThreads: median(measures.validateTwoThreads), report, reference: median(measures.reference), ratio, reportRatio, verdict: verdict(size, validate, ratio, report, reportRatio, flatAgainst), notes });
    }
  } finally {
    if (options.keep) process.stderr.write(`registers kept in ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
  return rows;
}

/** Each target of the size, met or missed, in words. */
function verdict(size: number, validate: Measure | null, ratio: number | null, report: Measure | null, reportRatio: number | null, flatAgainst: Measure | null): string {
  if (!validate) return 'n/a';
  if (validate.exitCode !== 0 && validate.exitCode !== 1) return 'FAIL (did not run)';
  const parts: string[] = [];
  const check = (ok: boolean, what: string): void => void parts.push(`${ok ? 'PASS' : 'FAIL'} ${what}`);
  if (size === 10_000) check(ratio !== null && ratio <= TARGETS[10_000].validateRatio, `validate ≤ ${TARGETS[10_000].validateRatio}× read`);
  if (size === 100_000) {
    const t = TARGETS[100_000];
    check(ratio !== null && ratio <= t.validateRatio, `validate ≤ ${t.validateRatio}× read`);
    check(validate.peakMb < t.validateMb, `validate < ${t.validateMb} MB`);
    if (report) {
      check(reportRatio !== null && reportRatio <= t.reportRatio && (report.exitCode === 0 || report.exitCode === 1), `report ≤ ${t.reportRatio}× read`);
      check(report.peakMb < t.reportMb, `report < ${t.reportMb} MB`);
    }
  }
  if (size === 300_000) {
    const t = TARGETS[300_000];
    if (flatAgainst) check(validate.peakMb <= t.peakRatio * flatAgainst.peakMb, `validate peak ≤ ${t.peakRatio}× the ${t.flatAgainst.toLocaleString('en-GB')} peak (${Math.round(flatAgainst.peakMb)} MB)`);
    else parts.push(`(add ${t.flatAgainst} to --sizes to judge memory flat)`);
  }
  return parts.length > 0 ? parts.join('; ') : '(no target)';
}

function formatTable(rows: readonly Row[]): string {
  const cell = (m: Measure | null): string => (m ? `${m.seconds.toFixed(2)} s${m.cpuSeconds === null ? '' : ` (cpu ${m.cpuSeconds.toFixed(1)})`} / ${Math.round(m.peakMb)} MB` : 'skipped');
  const header = ['plans', 'file', 'runs', 'bare exceljs read', 'validate', 'validate ÷ bare', 'validate, 2 threads', 'report (xlsx + html)', 'report ÷ bare', 'json-rules-engine', 'targets'];
  const body = rows.map((r) => [
    r.plans.toLocaleString('en-GB'), `${r.fileMb.toFixed(1)} MB`, String(r.runs), cell(r.bare), cell(r.validate),
    r.ratio === null ? 'n/a' : `${r.ratio.toFixed(2)}×`, cell(r.validateTwoThreads), cell(r.report), r.reportRatio === null ? 'n/a' : `${r.reportRatio.toFixed(2)}×`, cell(r.reference), r.verdict,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const notes = rows.flatMap((r) => r.notes.map((n) => `${r.plans.toLocaleString('en-GB')} plans: ${n}`));
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line), ...[...new Set(notes)].map((n) => `note: ${n}`)].join('\n');
}

async function mainBench(argv: readonly string[]): Promise<void> {
  if (argv[0] === '--child') {
    const [, mode, file, policies] = argv;
    if (!file) throw new Error('child: no file');
    if (mode === 'bare') await bareRead(file.split(':'));
    else if (mode === 'reference') await referenceRun(file, policies);
    else throw new Error(`child: unknown mode ${mode}`);
    return;
  }
  const options = parseOptions(argv);
  const rows = await bench(options);
  const table = formatTable(rows);
  console.log(table);
  const out = join(packageRoot(), 'bench-out');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, today: TODAY, targets: TARGETS, rows }, null, 2)}\n`);
  console.log(`\nwritten to bench-out/latest.json`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    await mainBench(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.stack ?? error.message : String(error));
    process.exitCode = 1;
  }
}
