/** `jobplan policy test`: runs the YAML test cases beside each policy and prints what failed and why. */
import { formatDiagnostic, formatLocation } from '../../diagnostics/diagnostic.js';
import { loadPolicyFiles, lockDiagnostics } from '../../node/load-policy-files.js';
import { defaultPoliciesDir } from '../../node/package-root.js';
import { loadPolicyLibrary } from '../../policy/policy-library.js';
import { runPolicyTests } from '../../testing/run-policy-tests.js';
import { isCovered, ruleCoverage, type RuleCoverage } from '../../testing/coverage.js';
import type { TextStyle } from '../../report/format-text.js';
import { EXIT } from '../exit-codes.js';
import { formatOption, parse } from '../options.js';
import { styleFor } from '../terminal.js';

export const POLICY_TEST_USAGE = `Usage: jobplan policy test [policy folders or files...] [--format text|json] [--verbose] [--coverage]

Runs the policy test cases (YAML files in each policy's tests/ folder) against every version they name.
Default: the policies shipped with jobplan.
  --coverage   list, for each rule, the cases that fire it and keep it quiet; a rule of a ratified
               version without both fails the run
Exit codes: 0 all passed, 1 a case failed (or a ratified rule is not covered), 2 a policy or test file is broken.`;

export async function policyTestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { format: { type: 'string' }, verbose: { type: 'boolean', short: 'v' }, coverage: { type: 'boolean' } }, POLICY_TEST_USAGE);
  if (values.help) {
    process.stdout.write(`${POLICY_TEST_USAGE}\n`);
    return EXIT.clean;
  }
  const format = formatOption(values.format, ['text', 'json'], POLICY_TEST_USAGE);
  const files = loadPolicyFiles(positionals.length > 0 ? positionals : [defaultPoliciesDir()]);
  const library = loadPolicyLibrary(files.policies, files.config);
  const run = await runPolicyTests(files.tests, library);
  const diagnostics = [...files.diagnostics, ...library.diagnostics, ...lockDiagnostics(files, library), ...run.diagnostics];
  const passed = run.results.filter((r) => r.passed).length;
  const failed = run.results.length - passed;
  const broken = diagnostics.some((d) => d.severity === 'error');
  const coverage = values.coverage ? ruleCoverage(library, run.results) : [];
  const uncovered = coverage.filter((c) => !isCovered(c));
  const uncoveredRatified = uncovered.filter((c) => c.status !== 'draft');
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ passed, failed, results: run.results, ...(values.coverage ? { coverage } : {}), diagnostics }, null, 2)}\n`);
  } else {
    const style = styleFor(process.stdout);
    for (const d of diagnostics) process.stdout.write(`${style.red(formatDiagnostic(d))}\n`);
    for (const r of run.results) {
      if (r.passed) {
        if (values.verbose) process.stdout.write(style.dim(`PASS ${formatLocation(r.location)}: ${r.name} [${r.policy}@${r.version}]`) + '\n');
        continue;
      }
      process.stdout.write(`${style.red('FAIL')} ${formatLocation(r.location)}: ${r.name} [${r.policy}@${r.version}]\n`);
      for (const f of r.failures) process.stdout.write(`     ${f}\n`);
    }
    if (files.tests.length === 0) process.stdout.write('no policy test files found (they live in <policy folder>/tests/*.yaml)\n');
    if (values.coverage) writeCoverage(coverage, style);
    process.stdout.write(`${passed} passed, ${failed} failed (${files.tests.length} test file(s), ${library.policies.length} policy version(s))\n`);
  }
  if (broken) return EXIT.badInput;
  return failed > 0 || uncoveredRatified.length > 0 ? EXIT.findings : EXIT.clean;
}

function writeCoverage(coverage: readonly RuleCoverage[], style: TextStyle): void {
  let current = '';
  for (const c of coverage) {
    const key = `${c.policy}@${c.version}`;
    if (key !== current) {
      current = key;
      process.stdout.write(style.bold(`\nCoverage of ${key} (${c.status})`) + '\n');
    }
    const mark = isCovered(c) ? style.green('ok ') : style.red('GAP');
    process.stdout.write(`  ${mark} ${c.ruleId.padEnd(34)} fires in ${c.fire.length}, quiet in ${c.quiet.length}\n`);
    if (!isCovered(c)) {
      const missing = [c.fire.length === 0 ? 'no case makes it fire' : '', c.quiet.length === 0 ? 'no case keeps it quiet' : ''].filter(Boolean).join(' and ');
      process.stdout.write(`      ${missing}${c.status === 'draft' ? ' (a draft: add cases before ratifying)' : ''}\n`);
    }
  }
  const gaps = coverage.filter((c) => !isCovered(c)).length;
  process.stdout.write(`\n${coverage.length - gaps} of ${coverage.length} rules covered both ways\n`);
}
