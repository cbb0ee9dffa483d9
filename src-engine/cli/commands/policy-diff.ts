/** `jobplan policy diff`: what changed between two policy versions (metadata, parameters, rules). */
import { existsSync, statSync } from 'node:fs';
import { formatDiagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { displayPath, loadPolicyFiles, type PolicyFiles } from '../../node/load-policy-files.js';
import { defaultPoliciesDir } from '../../node/package-root.js';
import type { CompiledPolicy } from '../../policy/compiled-policy.js';
import { diffPolicies, formatPolicyDiffText, isEmpty } from '../../policy/diff-policies.js';
import { loadPolicy } from '../../policy/load-policy.js';
import { findVersion, loadPolicyLibrary, policyIds, type PolicyLibrary } from '../../policy/policy-library.js';
import type { PolicySource } from '../../policy/policy-document.js';
import { EXIT } from '../exit-codes.js';
import { formatOption, parse } from '../options.js';
import { styleFor } from '../terminal.js';
import { UsageError } from '../usage-error.js';

export const POLICY_DIFF_USAGE = `Usage: jobplan policy diff <a> <b> [--format text|json] [--policies <folder>]

Shows what changed from policy version <a> to <b>: rules added, removed and changed (title, severity, clause,
condition, message, explain, parameters used), parameters whose value, unit or clause changed (with the rules a
new value now judges differently), and metadata (status, dates, applies_to, changelog entries...).
Each of <a> and <b> is a policy file, or id@version looked up in --policies (default: the shipped policies),
e.g. jobplan policy diff cpft-job-planning@2017-04-28 policies/cpft-job-planning/2022-11-01.yaml
Exit codes: 0 the same in substance, 1 they differ, 2 bad input (file missing or broken, version not found).`;

const VERSION_REF = /^([a-z][a-z0-9-]*)@(.+)$/;

/** The policies folder, loaded once and only when an id@version needs it. */
export type LibraryOf = () => { readonly files: PolicyFiles; readonly library: PolicyLibrary };

export interface Resolved {
  readonly policy: CompiledPolicy | null;
  readonly diagnostics: Diagnostic[];
}

export function policyDiffCommand(args: string[]): number {
  const { values, positionals } = parse(args, { format: { type: 'string' }, policies: { type: 'string' } }, POLICY_DIFF_USAGE);
  if (values.help) {
    process.stdout.write(`${POLICY_DIFF_USAGE}\n`);
    return EXIT.clean;
  }
  const format = formatOption(values.format, ['text', 'json'], POLICY_DIFF_USAGE);
  if (positionals.length < 2) throw new UsageError('name the two versions to compare: policy files or id@version', POLICY_DIFF_USAGE);
  if (positionals.length > 2) throw new UsageError(`unexpected argument '${positionals[2]}': policy diff compares exactly two versions`, POLICY_DIFF_USAGE);
  const dir = values.policies ?? defaultPoliciesDir();
  const [a, b] = resolveBoth(positionals[0]!, positionals[1]!, dir);
  if (!a.policy || !b.policy) {
    const diagnostics = [...(a.policy ? [] : a.diagnostics), ...(b.policy ? [] : b.diagnostics)];
    if (format === 'json') process.stdout.write(`${JSON.stringify({ identical: null, diagnostics }, null, 2)}\n`);
    else {
      for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      process.stderr.write(`jobplan: cannot compare: ${[a.policy ? null : positionals[0], b.policy ? null : positionals[1]].filter((x) => x !== null).join(' and ')} did not load (see above)\n`);
    }
    return EXIT.badInput;
  }
  const diagnostics: Diagnostic[] = [];
  if (a.policy.id !== b.policy.id) {
    diagnostics.push({ code: 'policy_diff_different_policies', severity: 'warning', message: `comparing two different policies, ${a.policy.id}@${a.policy.version} and ${b.policy.id}@${b.policy.version}: rules are matched by id and parameters by name` });
  }
  const diff = diffPolicies(a.policy, b.policy);
  const identical = isEmpty(diff);
  if (format === 'json') process.stdout.write(`${JSON.stringify({ identical, ...diff, diagnostics }, null, 2)}\n`);
  else {
    const style = styleFor(process.stderr);
    for (const d of diagnostics) process.stderr.write(`${style.yellow(formatDiagnostic(d))}\n`);
    process.stdout.write(formatPolicyDiffText(diff));
  }
  return identical ? EXIT.clean : EXIT.findings;
}

/** A policy file path, or id@version in the policies folder (policy impact resolves its versions the same way). */
/** Two versions, each a file or id@version looked up in `dir` (whose policies are loaded once, and only if needed). */
export function resolveBoth(from: string, to: string, dir: string): [Resolved, Resolved] {
  let library: ReturnType<LibraryOf> | undefined;
  const libraryOf: LibraryOf = () => {
    if (!library) {
      const files = loadPolicyFiles([dir]);
      library = { files, library: loadPolicyLibrary(files.policies) };
    }
    return library;
  };
  return [resolve(from, dir, libraryOf), resolve(to, dir, libraryOf)];
}

export function resolve(ref: string, dir: string, libraryOf: LibraryOf): Resolved {
  const m = VERSION_REF.exec(ref);
  if (existsSync(ref) || !m) {
    if (!existsSync(ref) && /^[a-z][a-z0-9-]*$/.test(ref)) {
      const { library } = libraryOf();
      if (policyIds(library).includes(ref)) {
        return notFound(`${ref} is neither a file nor id@version; name a version, e.g. ${ref}@${versionsOf(library, ref)[0]?.version ?? 'YYYY-MM-DD'} (versions in ${displayPath(dir)}: ${versionList(library, ref)})`);
      }
    }
    return fromFile(ref);
  }
  const id = m[1]!;
  const version = m[2]!;
  if (!existsSync(dir)) return notFound(`cannot look up ${ref}: the policies folder ${dir} does not exist (set it with --policies <folder>)`, 'policy_file_not_found');
  const { files, library } = libraryOf();
  const found = findVersion(library, id, version);
  if (found) return { policy: found, diagnostics: [] };
  // The file named like the version exists but does not compile: show why.
  const broken = files.policies.find((s) => new RegExp(`(^|/)${escape(id)}/${escape(version)}\\.ya?ml$`).test(s.path.replace(/\\/g, '/')));
  if (broken) {
    const loaded = loadPolicy(broken);
    if (!loaded.policy) return { policy: null, diagnostics: loaded.diagnostics };
  }
  if (policyIds(library).includes(id)) return notFound(`${id}@${version} is not in ${displayPath(dir)}; its versions there: ${versionList(library, id)}`);
  return notFound(`no policy '${id}' in ${displayPath(dir)}; policies there: ${policyIds(library).join(', ') || 'none'}${library.diagnostics.some((d) => d.severity === 'error') ? ` (some files do not compile: run 'jobplan policy check ${displayPath(dir)}')` : ''}`);
}

function fromFile(path: string): Resolved {
  if (!existsSync(path)) return notFound(`${path} does not exist; give a policy file or id@version`, 'policy_file_not_found');
  if (statSync(path).isDirectory()) {
    return notFound(`${path} is a folder; give one policy file, or id@version with --policies ${path}`, 'policy_diff_not_a_file');
  }
  const files = loadPolicyFiles([path]);
  const source: PolicySource | undefined = files.policies[0];
  if (!source) {
    if (files.tests.length > 0) return notFound(`${path} is a policy test file, not a policy version`, 'policy_diff_not_a_file');
    return { policy: null, diagnostics: files.diagnostics };
  }
  const loaded = loadPolicy(source);
  return { policy: loaded.policy, diagnostics: loaded.diagnostics };
}

function notFound(message: string, code = 'policy_version_not_found'): Resolved {
  return { policy: null, diagnostics: [{ code, severity: 'error', message }] };
}

function versionsOf(library: PolicyLibrary, id: string): CompiledPolicy[] {
  return library.policies.filter((p) => p.id === id).sort((x, y) => (x.version < y.version ? -1 : x.version > y.version ? 1 : 0));
}

function versionList(library: PolicyLibrary, id: string): string {
  return versionsOf(library, id).map((p) => `${p.version} (${p.document.status})`).join(', ');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
