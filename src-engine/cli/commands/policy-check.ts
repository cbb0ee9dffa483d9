/** `jobplan policy check`: parses, validates and compiles policy files; reports every problem as file:line:col. */
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import { loadPolicyFiles, lockDiagnostics } from '../../node/load-policy-files.js';
import { defaultPoliciesDir } from '../../node/package-root.js';
import { loadPolicy } from '../../policy/load-policy.js';
import { loadPolicyLibrary } from '../../policy/policy-library.js';
import { EXIT } from '../exit-codes.js';
import { formatOption, parse } from '../options.js';
import { styleFor } from '../terminal.js';

export const POLICY_CHECK_USAGE = `Usage: jobplan policy check [policy files or folders...] [--format text|json]

Checks policy files: YAML syntax, the policy schema, and compilation (unknown facts, operators, parameters,
duplicate rule ids, message placeholders). Default: the policies shipped with jobplan.
Exit codes: 0 no errors (warnings allowed), 2 errors found.`;

export function policyCheckCommand(args: string[]): number {
  const { values, positionals } = parse(args, { format: { type: 'string' } }, POLICY_CHECK_USAGE);
  if (values.help) {
    process.stdout.write(`${POLICY_CHECK_USAGE}\n`);
    return EXIT.clean;
  }
  const format = formatOption(values.format, ['text', 'json'], POLICY_CHECK_USAGE);
  const files = loadPolicyFiles(positionals.length > 0 ? positionals : [defaultPoliciesDir()]);
  const perFile = files.policies.map((source) => ({ source, loaded: loadPolicy(source) }));
  // Checks between files (duplicate versions, windows, the lock) come from the library.
  const library = loadPolicyLibrary(files.policies, files.config);
  const config = files.config;
  const configDiagnostics = config ? library.diagnostics.filter((d) => d.location !== undefined && 'file' in d.location && d.location.file === config.path) : [];
  const crossFile = [...library.versionDiagnostics, ...lockDiagnostics(files, library), ...configDiagnostics];
  const diagnostics = [...files.diagnostics, ...perFile.flatMap((f) => f.loaded.diagnostics), ...crossFile];
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  // A file is ok only when no error points at it, its own or one found between files (an edited ratified file).
  const fileOk = (path: string): boolean => !diagnostics.some((d) => d.severity === 'error' && d.location !== undefined && 'file' in d.location && d.location.file === path);
  if (format === 'json') {
    const result = {
      files: perFile.map((f) => ({ path: f.source.path, sha256: f.loaded.policy?.sha256 ?? null, policy: f.loaded.policy ? { id: f.loaded.policy.id, version: f.loaded.policy.version, rules: f.loaded.policy.rules.length, parameters: Object.keys(f.loaded.policy.parameters).length } : null, ok: fileOk(f.source.path) })),
      ...(config ? { config: { path: config.path, ok: fileOk(config.path), policies: library.selection?.policies ?? null } } : {}),
      diagnostics,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const style = styleFor(process.stdout);
    for (const d of diagnostics) process.stdout.write(`${d.severity === 'error' ? style.red(formatDiagnostic(d)) : style.yellow(formatDiagnostic(d))}\n`);
    for (const f of perFile) {
      if (f.loaded.policy && fileOk(f.source.path)) process.stdout.write(style.dim(`ok  ${f.source.path}: ${f.loaded.policy.id}@${f.loaded.policy.version}, ${f.loaded.policy.rules.length} rules, ${Object.keys(f.loaded.policy.parameters).length} parameters, sha256 ${f.loaded.policy.sha256}`) + '\n');
    }
    if (config && fileOk(config.path)) process.stdout.write(style.dim(`ok  ${config.path}: judges plans by ${library.selection?.policies.join(', ') ?? '(none)'}`) + '\n');
    const bad = perFile.filter((f) => !f.loaded.policy || !fileOk(f.source.path)).length;
    const elsewhere = errors - diagnostics.filter((d) => d.severity === 'error' && d.location !== undefined && 'file' in d.location && perFile.some((f) => f.source.path === (d.location as { file: string }).file)).length;
    const warnings = diagnostics.length - errors;
    process.stdout.write(`${plural(perFile.length, 'policy file')} checked: ${perFile.length - bad} ok, ${bad} with errors${elsewhere > 0 ? `; ${plural(elsewhere, 'error')} in ${config && !fileOk(config.path) ? 'the config or ' : ''}the lock or between versions` : ''}; ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.\n`);
  }
  return errors > 0 ? EXIT.badInput : EXIT.clean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
