/** `jobplan policy test`: runs the YAML test cases beside each policy and prints what failed and why. */
import { formatDiagnostic, formatLocation } from '../../diagnostics/diagnostic.js';
import { loadPolicyFiles } from '../../node/load-policy-files.js';
import { defaultPoliciesDir } from '../../node/package-root.js';
import { loadPolicyLibrary } from '../../policy/policy-library.js';
import { runPolicyTests } from '../../testing/run-policy-tests.js';
import { EXIT } from '../exit-codes.js';
import { formatOption, parse } from '../options.js';
import { styleFor } from '../terminal.js';

export const POLICY_TEST_USAGE = `Usage: jobplan policy test [policy folders or files...] [--format text|json] [--verbose]

Runs the policy test cases (YAML files in each policy's tests/ folder) against every version they name.
Default: the policies shipped with jobplan.
Exit codes: 0 all passed, 1 a case failed, 2 a policy or test file is broken.`;

export async function policyTestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { format: { type: 'string' }, verbose: { type: 'boolean', short: 'v' } }, POLICY_TEST_USAGE);
  if (values.help) {
    process.stdout.write(`${POLICY_TEST_USAGE}\n`);
    return EXIT.clean;
  }
  const format = formatOption(values.format, ['text', 'json'], POLICY_TEST_USAGE);
  const files = loadPolicyFiles(positionals.length > 0 ? positionals : [defaultPoliciesDir()]);
  const library = loadPolicyLibrary(files.policies);
  const run = await runPolicyTests(files.tests, library);
  const diagnostics = [...files.diagnostics, ...library.diagnostics, ...run.diagnostics];
  const passed = run.results.filter((r) => r.passed).length;
  const failed = run.results.length - passed;
  const broken = diagnostics.some((d) => d.severity === 'error');
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ passed, failed, results: run.results, diagnostics }, null, 2)}\n`);
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
    process.stdout.write(`${passed} passed, ${failed} failed (${files.tests.length} test file(s), ${library.policies.length} policy version(s))\n`);
  }
  if (broken) return EXIT.badInput;
  return failed > 0 ? EXIT.findings : EXIT.clean;
}
