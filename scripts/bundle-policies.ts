/**
 * The policy packs and workbook maps the Excel add-in ships with, gathered at build time: every policy version and
 * every map in workbook-maps/ (not a fixed list: a Trust's map dropped there is bundled by the next build).
 *
 * The add-in has no file system, so vite.config.ts turns this bundle into the virtual module
 * `virtual:jobplan-policies`. Each policy's sha256 is taken here from the file's exact bytes by the very loader the
 * CLI uses (src-engine/node/load-policy-files.ts), so the add-in's stamp and the CLI's stamp are the same string
 * (test/addin/taskpane/bundled-policies.test.ts proves it). A policy library or lock problem (an edited ratified
 * file, overlapping versions) fails the build: a broken or tampered policy never reaches Medical HR.
 *
 * `node dist/scripts/bundle-policies.js` prints what would be bundled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatDiagnostic, type Diagnostic } from '../src-engine/diagnostics/diagnostic.js';
import { loadPolicyFiles, lockDiagnostics } from '../src-engine/node/load-policy-files.js';
import { packageRoot } from '../src-engine/node/package-root.js';
import { loadPolicyLibrary } from '../src-engine/policy/policy-library.js';
import { ENGINE_VERSION } from '../src-engine/version.js';

export interface BundledPolicy {
  /** As the CLI shows it when run from the package folder: `policies/<id>/<date>.yaml`. */
  readonly path: string;
  readonly text: string;
  /** sha256 of the file's bytes, computed by the CLI's own loader. */
  readonly sha256: string;
}

export interface BundledMap {
  readonly path: string;
  readonly text: string;
}

export interface PolicyBundle {
  readonly engineVersion: string;
  readonly policies: readonly BundledPolicy[];
  /**
   * Every map in workbook-maps/ (any `.yaml` or `.yml` put there: a Trust's own maps too), in the order the CLI tries
   * them (src-engine/node/read-plans.ts, loadInstalledMaps): the single-plan map (jobplan-template.yaml) first, the
   * register map (register.yaml) second, then the rest by file name.
   */
  readonly maps: readonly BundledMap[];
  /**
   * The installation config (policies/jobplan.config.yaml): which packs judge plans and the pack for plans recording
   * no organisation. The worker passes it to the core: `loadPolicyLibrary(bundle.policies, bundle.config)`.
   */
  readonly config?: { readonly path: string; readonly text: string } | null;
}

/** The shipped single-plan and register maps: the engine's defaults, which must be there. */
export const TEMPLATE_MAP_FILE = 'jobplan-template.yaml';
export const REGISTER_MAP_FILE = 'register.yaml';

/** Reads and checks every shipped policy version and every map. Throws (failing the build) on any policy error. */
export function collectPolicyBundle(root: string = packageRoot()): PolicyBundle {
  const policiesDir = join(root, 'policies');
  const files = loadPolicyFiles([policiesDir]);
  const library = loadPolicyLibrary(files.policies, files.config);
  const problems: Diagnostic[] = [...files.diagnostics, ...library.diagnostics, ...lockDiagnostics(files, library)].filter((d) => d.severity === 'error');
  if (problems.length > 0) {
    throw new Error(`the add-in cannot be built: the shipped policies have errors (fix them, then build again):\n${problems.map(formatDiagnostic).join('\n')}`);
  }
  // loadPolicyFiles names files relative to the working directory; the add-in names them relative to the package,
  // as the CLI does when run from it (npm scripts always are).
  const policies = files.policies.map((p) => ({ path: packagePath(root, resolve(p.path)), text: p.text, sha256: p.sha256! }));
  const config = files.config ? { path: packagePath(root, resolve(files.config.path)), text: files.config.text } : null;
  return { engineVersion: ENGINE_VERSION, policies, maps: collectMaps(root), config };
}

/**
 * The maps in workbook-maps/, read as text (the worker parses them: a Trust's broken map is reported in the pane, as
 * the CLI reports it, and left out). The two shipped maps must exist.
 */
export function collectMaps(root: string): BundledMap[] {
  const dir = join(root, 'workbook-maps');
  const names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
  for (const required of [TEMPLATE_MAP_FILE, REGISTER_MAP_FILE]) {
    if (!names.includes(required)) throw new Error(`the add-in cannot be built: workbook-maps/${required} is missing`);
  }
  const rank = (n: string): number => (n === TEMPLATE_MAP_FILE ? 0 : n === REGISTER_MAP_FILE ? 1 : 2);
  return names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => ({ path: `workbook-maps/${name}`, text: readFileSync(join(dir, name), 'utf8') }));
}

function packagePath(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}

/** The bundle as an ES module's source (what `virtual:jobplan-policies` is). */
export function policyBundleModule(bundle: PolicyBundle): string {
  return `export default ${JSON.stringify(bundle)};\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const bundle = collectPolicyBundle();
    for (const p of bundle.policies) console.log(`${p.path}  sha256 ${p.sha256}`);
    for (const m of bundle.maps) console.log(m.path);
    console.log(`jobplan ${bundle.engineVersion}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
