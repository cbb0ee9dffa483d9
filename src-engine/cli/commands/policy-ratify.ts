/**
 * `jobplan policy ratify`: checks a draft (schema, compile, windows, tests, coverage), marks it ratified and
 * records its sha256 in the policy lock. An already ratified file that is not yet in the lock (ratified before
 * jobplan was used) is recorded after the same checks, without being edited.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { displayPath, findLock, loadPolicyFiles } from '../../node/load-policy-files.js';
import { refuseSymlink, writeErrorMessage, writeFileAtomicSync } from '../../node/safe-write.js';
import { sha256Hex } from '../../policy/hash.js';
import { CHANGELOG_PLACEHOLDER, ratifiedText } from '../../policy/new-version.js';
import { loadPolicy } from '../../policy/load-policy.js';
import { loadPolicyLibrary, versionWindows, windowText } from '../../policy/policy-library.js';
import { lockKey, LOCK_FILE_NAME, parsePolicyLock, serialisePolicyLock, type PolicyLock } from '../../policy/policy-lock.js';
import { isCovered, ruleCoverage } from '../../testing/coverage.js';
import { runPolicyTests } from '../../testing/run-policy-tests.js';
import { EXIT } from '../exit-codes.js';
import { dateOption, parse } from '../options.js';
import { localToday } from '../terminal.js';
import { UsageError } from '../usage-error.js';

export const POLICY_RATIFY_USAGE = `Usage: jobplan policy ratify <policy file> [--date <YYYY-MM-DD>]

Marks a draft policy version ratified on the given date, after checking that it compiles, that its version
window fits between the others, that every policy test passes against it and that every rule has a case that
fires it and one that keeps it quiet. Records the file's sha256 in ${LOCK_FILE_NAME}; from then on any edit to
the file is reported as an error. An already ratified file not yet in the lock is recorded without changes.
--date is the day it was ratified: today (the default) or earlier; the version takes effect on its effective_from,
which may be in the future.`;

export async function policyRatifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { date: { type: 'string' } }, POLICY_RATIFY_USAGE);
  if (values.help) {
    process.stdout.write(`${POLICY_RATIFY_USAGE}\n`);
    return EXIT.clean;
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError('name exactly one policy file', POLICY_RATIFY_USAGE);
  if (!existsSync(file)) throw new UsageError(`${file} does not exist`, POLICY_RATIFY_USAGE);
  const date = dateOption(values.date, 'date', POLICY_RATIFY_USAGE);

  const policyDir = dirname(file);
  const root = dirname(policyDir);
  const lockPath = findLock([file])?.path ?? join(root, LOCK_FILE_NAME);
  const shown = displayPath(file);
  let lock: PolicyLock = { versions: {} };
  if (existsSync(lockPath)) {
    // A corrupt lock is the user's to restore, never rewritten from nothing (that would forget every ratification).
    const parsed = parsePolicyLock(readFileSync(lockPath, 'utf8'), displayPath(lockPath));
    if (!parsed.lock) {
      process.stderr.write(`jobplan: ${shown} was not ratified:\n${parsed.diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join('\n')}\n`);
      return EXIT.badInput;
    }
    lock = parsed.lock;
  }
  const original = readFileSync(file, 'utf8');
  const first = loadPolicy({ path: shown, text: original });
  const fail = (problems: readonly (Diagnostic | string)[]): number => {
    process.stderr.write(`jobplan: ${shown} was not ratified:\n${problems.map((p) => `  ${typeof p === 'string' ? p : formatDiagnostic(p)}`).join('\n')}\n`);
    return EXIT.badInput;
  };
  if (!first.policy) return fail(first.diagnostics);
  const doc = first.policy.document;
  const key = lockKey(doc.policy, doc.version);

  let text = original;
  if (doc.status === 'draft') {
    // The day it was ratified: today unless given. A version ratified now may take effect later (its effective_from).
    const ratifiedOn = date ?? localToday();
    const problems: string[] = [];
    if (ratifiedOn > localToday()) problems.push(`--date ${ratifiedOn} is in the future: give the day the version was ratified (today, ${localToday()}, or earlier); it takes effect on its effective_from (${doc.effective_from}), which may be later`);
    if (ratifiedOn > doc.effective_from) problems.push(`--date ${ratifiedOn} is after effective_from ${doc.effective_from}: a version is ratified before it takes effect`);
    const entry = doc.changelog?.find((c) => c.version === doc.version);
    if (!entry || entry.change === CHANGELOG_PLACEHOLDER) problems.push(`describe the change in the changelog entry for version ${doc.version}`);
    if (doc.review_by === undefined) problems.push('set review_by: the date this version is due for review');
    if (problems.length > 0) return fail(problems);
    text = ratifiedText(original, ratifiedOn);
  } else if (lock.versions[key]) {
    const recorded = lock.versions[key]!;
    if (recorded.sha256 === sha256Hex(readFileSync(file))) {
      process.stdout.write(`${key} is already ratified (${recorded.ratified}) and recorded in ${displayPath(lockPath)}.\n`);
      return EXIT.clean;
    }
    return fail([`${key} is ${doc.status} and recorded in ${displayPath(lockPath)} with another hash: the file was edited after ratification. Restore it and make the change in a new version.`]);
  } else if (date && doc.ratified !== date) {
    return fail([`${shown} says it was ratified on ${doc.ratified}, not ${date}; omit --date to record it as it is`]);
  }

  // Check the version as it will be: compiled, in a library with its siblings, against every test.
  const files = loadPolicyFiles([policyDir]);
  const siblings = files.policies.filter((p) => basename(p.path) !== basename(file));
  const library = loadPolicyLibrary([...siblings, { path: shown, text }]);
  const mine = library.policies.find((p) => p.id === doc.policy && p.version === doc.version);
  const problems: (Diagnostic | string)[] = [...library.versionDiagnostics];
  if (!mine) problems.push(...library.diagnostics.filter((d) => d.location && 'file' in d.location && d.location.file === shown));
  const run = await runPolicyTests(files.tests, library);
  problems.push(...run.diagnostics.filter((d) => d.severity === 'error'));
  for (const r of run.results.filter((x) => x.version === doc.version && x.policy === doc.policy && !x.passed)) problems.push(`test '${r.name}' fails: ${r.failures.join('; ')}`);
  for (const c of ruleCoverage(library, run.results).filter((x) => x.version === doc.version && x.policy === doc.policy && !isCovered(x))) {
    problems.push(`rule '${c.ruleId}' needs policy test cases that ${[c.fire.length === 0 ? 'make it fire' : '', c.quiet.length === 0 ? 'keep it quiet' : ''].filter(Boolean).join(' and ')}`);
  }
  if (problems.length > 0) return fail(problems);

  const bytes = text !== original ? Buffer.from(text, 'utf8') : readFileSync(file);
  const ratifiedOn = doc.status === 'draft' ? (date ?? localToday()) : (date ?? doc.ratified ?? '');
  const updated: PolicyLock = { versions: { ...lock.versions, [key]: { path: relative(dirname(lockPath), file).split('\\').join('/'), sha256: sha256Hex(bytes), ratified: ratifiedOn } } };
  // Each written beside itself and renamed into place (never through a symbolic link): a failure leaves the old file whole.
  let writing = displayPath(lockPath);
  try {
    refuseSymlink(lockPath); // before the policy file is touched: never half a ratification
    writing = shown;
    if (text !== original) writeFileAtomicSync(file, text);
    writing = displayPath(lockPath);
    writeFileAtomicSync(lockPath, serialisePolicyLock(updated));
  } catch (e) {
    process.stderr.write(`jobplan: ${shown} was not ratified: cannot write ${writing}: ${writeErrorMessage(e)}\n`);
    return EXIT.badInput;
  }
  const windows = versionWindows(library, doc.policy, { illustrative: doc.illustrative === true });
  process.stdout.write(`${key} ${text !== original ? `ratified on ${ratifiedOn}` : 'recorded as ratified'}; sha256 ${sha256Hex(bytes)} recorded in ${displayPath(lockPath)}.
${run.results.filter((r) => r.version === doc.version).length} policy test cases pass against it; every rule fires and stays quiet in some case.
Versions of ${doc.policy} now:
${windows.map((w) => `  ${w.policy.version.padEnd(12)} in force ${windowText(w)}`).join('\n')}
`);
  return EXIT.clean;
}
