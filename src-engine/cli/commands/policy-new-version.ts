/** `jobplan policy new-version`: starts the next version of a policy as a draft copy of the latest one. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import { displayPath, loadPolicyFiles } from '../../node/load-policy-files.js';
import { defaultPoliciesDir } from '../../node/package-root.js';
import { writeErrorMessage, writeFileAtomicSync } from '../../node/safe-write.js';
import { newDraftText } from '../../policy/new-version.js';
import { loadPolicyLibrary, versionWindows } from '../../policy/policy-library.js';
import { EXIT } from '../exit-codes.js';
import { dateOption, parse } from '../options.js';
import { UsageError } from '../usage-error.js';

export const POLICY_NEW_VERSION_USAGE = `Usage: jobplan policy new-version <policy-id> --effective <YYYY-MM-DD> [--from <version>] [--policies <folder>]

Copies the latest real (not illustrative) version of a policy, or the one named by --from, into a new draft file
policies/<policy-id>/<effective date>.yaml, with version and effective date set, status draft, 'supersedes'
naming the version it replaces, and a changelog entry to fill in. The existing files are not touched.`;

export function policyNewVersionCommand(args: string[]): number {
  const { values, positionals } = parse(args, { effective: { type: 'string' }, policies: { type: 'string' }, from: { type: 'string' } }, POLICY_NEW_VERSION_USAGE);
  if (values.help) {
    process.stdout.write(`${POLICY_NEW_VERSION_USAGE}\n`);
    return EXIT.clean;
  }
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0) throw new UsageError('name exactly one policy id, e.g. cpft-job-planning', POLICY_NEW_VERSION_USAGE);
  const effective = dateOption(values.effective, 'effective', POLICY_NEW_VERSION_USAGE);
  if (!effective) throw new UsageError('--effective YYYY-MM-DD is required: the first day the new version is in force', POLICY_NEW_VERSION_USAGE);

  const dir = values.policies ?? defaultPoliciesDir();
  const files = loadPolicyFiles([dir]);
  const library = loadPolicyLibrary(files.policies);
  const versions = library.policies.filter((p) => p.id === id).sort((a, b) => a.document.effective_from.localeCompare(b.document.effective_from));
  const real = versions.filter((p) => p.document.illustrative !== true);
  const latest = values.from !== undefined ? versions.find((p) => p.version === values.from) : (real[real.length - 1] ?? versions[versions.length - 1]);
  if (values.from !== undefined && !latest) throw new UsageError(`--from ${values.from}: no such version of '${id}' (versions: ${versions.map((p) => p.version).join(', ')})`, POLICY_NEW_VERSION_USAGE);
  if (!latest) {
    const broken = library.diagnostics.filter((d) => d.location?.file?.includes(id) === true);
    process.stderr.write(`jobplan: no version of '${id}' compiles in ${displayPath(dir)}${broken.length ? `:\n${broken.map(formatDiagnostic).join('\n')}` : `; policies there: ${[...new Set(library.policies.map((p) => p.id))].join(', ') || 'none'}`}\n`);
    return EXIT.badInput;
  }
  const newest = versions[versions.length - 1]!;
  if (effective <= newest.document.effective_from) {
    throw new UsageError(`--effective ${effective} must be after the latest version's effective date (${id}@${newest.version} takes effect ${newest.document.effective_from})`, POLICY_NEW_VERSION_USAGE);
  }
  const target = join(dir, id, `${effective}.yaml`);
  if (existsSync(target)) {
    process.stderr.write(`jobplan: ${displayPath(target)} already exists; edit it, or choose another effective date\n`);
    return EXIT.badInput;
  }
  const current = versionWindows(library, id).pop();
  const supersedes = current?.policy.version ?? null;
  const text = newDraftText(readFileSync(join(dir, id, `${latest.document.effective_from}.yaml`), 'utf8'), supersedes, effective);
  const shown = displayPath(target);
  try {
    // Never replaces a file (exclusive), even one made since the check above; a read-only folder is a message.
    writeFileAtomicSync(target, text, { exclusive: true });
  } catch (e) {
    process.stderr.write(`jobplan: cannot create ${shown}: ${writeErrorMessage(e)}${(e as NodeJS.ErrnoException).code === 'EEXIST' ? '; edit it, or choose another effective date' : ''}\n`);
    return EXIT.badInput;
  }
  process.stdout.write(`Created ${shown}: ${id}@${effective} (draft${supersedes ? `, supersedes ${supersedes}` : ''}), copied from ${latest.version}.
Next:
  1. edit the rules and parameters, set review_by, and describe the change in its changelog entry
  2. jobplan policy check ${shown}
  3. jobplan policy diff ${id}@${latest.version} ${id}@${effective}
  4. jobplan policy test --coverage      (the tests in ${displayPath(join(dir, id, 'tests'))} run against every version)
  5. jobplan policy ratify ${shown} --date YYYY-MM-DD
`);
  return EXIT.clean;
}
