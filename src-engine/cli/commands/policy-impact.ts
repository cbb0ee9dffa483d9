/** `jobplan policy impact`: what an amendment would change across the plans, before it is ratified. */
import { formatDiagnostic, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { escapeControls } from '../../diagnostics/terminal-text.js';
import { defaultMapPath, defaultPoliciesDir } from '../../node/package-root.js';
import { expandInputs, loadWorkbookMap, readPlans } from '../../node/read-plans.js';
import { outputProblem, writeErrorMessage, writeFileAtomicSync } from '../../node/safe-write.js';
import { policyImpact } from '../../policy/impact.js';
import { impactJsonChunks } from '../../report/impact-json.js';
import { formatImpactText } from '../../report/impact-text.js';
import { renderImpactHtml } from '../../report/render-html.js';
import { ENGINE_VERSION } from '../../version.js';
import { EXIT } from '../exit-codes.js';
import { dateOption, formatOption, parse } from '../options.js';
import { stampFile } from '../run-validation.js';
import { localToday, styleFor } from '../terminal.js';
import { UsageError } from '../usage-error.js';
import { writeChunksToStdout } from '../write-stdout.js';
import { resolveBoth } from './policy-diff.js';

export const POLICY_IMPACT_USAGE = `Usage: jobplan policy impact <from> <to> <plans, registers or folders...> [options]

Judges the same plans under two versions of a policy and reports the plans whose outcome changes: findings that
appear, findings that go, severities that change, rules now judged or no longer judged, by rule (with the change in
the policy that caused it: a parameter's new value, a new condition or severity, a rule added or removed), by
specialty and by care group. Findings whose outcome is the same but whose message differs are listed apart as
"wording only". Register findings (group rules) that change are listed too.

Each of <from> and <to> is a policy file (an unratified draft works) or id@version looked up in --policies, e.g.
  jobplan policy impact cpft-job-planning@2017-04-28 cpft-job-planning@2022-11-01 examples/register-cpft-2026.xlsx
Both versions are judged as if in force for every plan they apply to, whatever the plan's date (the output says how
many plans are dated before <to> takes effect). A plan outside both versions' applies_to is counted, not judged.
A plan in several files (the same plan reference) is counted and listed once, as validate's register rules count it
(the copy agreed most recently), with the other files named.

Options:
  --format text|json   what to print (default text)
  --out <report.html>  also write the committee's page "What this amendment would change" (counts, a chart by
                       specialty, the plans listed)
  --today <YYYY-MM-DD> the evaluation date for overdue checks (default: today)
  --map <map.yaml>     workbook map for your own layout (default: chosen by each workbook's sheets, as validate)
  --policies <folder>  where id@version is looked up (default: the policies shipped with jobplan)

Exit codes: 0 the impact was worked out (whether or not anything changes), 2 bad input (a version missing or
broken, no plan read, a file unreadable), 3 a bug in jobplan.`;

export async function policyImpactCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    format: { type: 'string' }, out: { type: 'string' }, today: { type: 'string' }, map: { type: 'string' }, policies: { type: 'string' },
  }, POLICY_IMPACT_USAGE);
  if (values.help) {
    process.stdout.write(`${POLICY_IMPACT_USAGE}\n`);
    return EXIT.clean;
  }
  const format = formatOption(values.format, ['text', 'json'], POLICY_IMPACT_USAGE);
  const today = dateOption(values.today, 'today', POLICY_IMPACT_USAGE) ?? localToday();
  if (positionals.length < 2) throw new UsageError('name the two versions to compare (policy files or id@version), then the plans or registers', POLICY_IMPACT_USAGE);
  if (positionals.length < 3) throw new UsageError('name the plans or registers to judge after the two versions (workbooks, CSV registers, JSON plans or folders)', POLICY_IMPACT_USAGE);
  const [fromRef, toRef, ...paths] = positionals as [string, string, ...string[]];
  if (values.out !== undefined) {
    if (!/\.html?$/i.test(values.out)) throw new UsageError(`--out writes the HTML page: give a name ending in .html (got '${values.out}')`, POLICY_IMPACT_USAGE);
    const problem = outputProblem([{ option: '--out', path: values.out }], [...expandInputs(paths).files, fromRef, toRef, ...(values.map !== undefined ? [values.map] : [])]);
    if (problem !== null) {
      process.stderr.write(`jobplan: ${problem}\n`);
      return EXIT.badInput;
    }
  }

  const dir = values.policies ?? defaultPoliciesDir();
  const [a, b] = resolveBoth(fromRef, toRef, dir);
  if (!a.policy || !b.policy) {
    const diagnostics = [...(a.policy ? [] : a.diagnostics), ...(b.policy ? [] : b.diagnostics)];
    return refuse(format, diagnostics, `cannot work out the impact: ${[a.policy ? null : fromRef, b.policy ? null : toRef].filter((x) => x !== null).join(' and ')} did not load (see above)`);
  }

  const mapPath = values.map ?? defaultMapPath();
  const map = loadWorkbookMap(mapPath);
  if (!map.map || hasErrors(map.diagnostics)) return refuse(format, map.diagnostics, `cannot read the plans: the workbook map ${mapPath} has problems (see above)`);
  const read = await readPlans(paths, map.map);
  const inputDiagnostics: Diagnostic[] = [...map.diagnostics, ...read.diagnostics];
  if (read.plans.length === 0) {
    return refuse(format, inputDiagnostics, `no job plans were read from ${paths.join(', ')}: name job plan workbooks (.xlsx), registers (.xlsx, .csv) or JSON plans, or a folder holding them`);
  }

  const impact = await policyImpact(read.plans, a.policy, b.policy, { today });
  const diagnostics = [...inputDiagnostics, ...impact.diagnostics];
  const withDiagnostics = { ...impact, diagnostics };
  if (values.out !== undefined) {
    try {
      writeFileAtomicSync(values.out, renderImpactHtml(withDiagnostics, { engineVersion: ENGINE_VERSION, evaluatedAt: new Date().toISOString(), inputs: read.files.map(stampFile) }));
    } catch (e) {
      process.stderr.write(`jobplan: could not write ${values.out}: ${writeErrorMessage(e)}\n`);
      return EXIT.badInput;
    }
  }
  if (format === 'json') {
    await writeChunksToStdout(impactJsonChunks(withDiagnostics, { engineVersion: ENGINE_VERSION, inputs: read.files.map(stampFile) }));
  } else {
    const style = styleFor(process.stderr);
    for (const d of inputDiagnostics) if (d.severity !== 'info') process.stderr.write(`${d.severity === 'error' ? style.red(formatDiagnostic(d)) : style.yellow(formatDiagnostic(d))}\n`);
    process.stdout.write(formatImpactText(impact));
    if (values.out !== undefined) process.stdout.write(`Page written to ${escapeControls(values.out)}\n`);
  }
  return hasErrors(diagnostics) ? EXIT.badInput : EXIT.clean;
}

function refuse(format: string, diagnostics: readonly Diagnostic[], message: string): number {
  if (format === 'json') process.stdout.write(`${JSON.stringify({ impact: null, diagnostics: [...diagnostics, { code: 'policy_impact_refused', severity: 'error', message }] }, null, 2)}\n`);
  else {
    for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    process.stderr.write(`jobplan: ${message}\n`);
  }
  return EXIT.badInput;
}
