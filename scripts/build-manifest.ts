/**
 * Builds the add-in manifest for a Trust's own web server from the development manifest.xml, and checks it.
 *
 *   node dist/scripts/build-manifest.js --host https://jobplan.trust.nhs.uk/addin [--out manifest.prod.xml]
 *       [--id <guid>|new] [--version 1.0.1.0] [--support-url https://intranet.trust.nhs.uk/jobplan] [--provider "..."]
 *   node dist/scripts/build-manifest.js --check some-manifest.xml
 *
 * Every https://localhost:3000/... URL becomes <host>/..., AppDomain becomes the host's origin. HTTPS only. The
 * result is validated with the same checks as test/addin/manifest/ (the XSDs, resids, HTTPS, GUID, lengths, icons
 * in assets/), plus "no localhost left"; nothing is written unless it passes.
 * Exit codes: 0 written (or valid), 1 the manifest fails a check, 2 bad arguments or unreadable input.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../src-engine/node/package-root.js';
import { checkManifest, formatIssue, parseXml, XmlSyntaxError } from './manifest/check-manifest.js';

export class BuildManifestError extends Error {}

export interface BuildManifestOptions {
  /** Where the built task pane (dist-addin/) is served: https://host[:port][/path]. */
  host: string;
  /** A new GUID for the add-in, or 'new' for a random one. */
  id?: string;
  /** A new add-in version (up to four dot-separated numbers); Office updates a deployed add-in when it changes. */
  version?: string;
  /** The Trust's own help page, used for SupportUrl and the Get Started "learn more" link. */
  supportUrl?: string;
  /** ProviderName shown in Office's add-in dialog, e.g. the Trust's name. */
  provider?: string;
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Parses and normalises an HTTPS URL given on the command line; refuses anything else with a reason. */
export function httpsUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BuildManifestError(`${what} "${value}" is not a URL; write it in full, e.g. https://jobplan.trust.nhs.uk/addin`);
  }
  if (url.protocol === 'http:') throw new BuildManifestError(`${what} "${value}" uses http: Office add-ins are loaded over HTTPS only (use https://)`);
  if (url.protocol !== 'https:') throw new BuildManifestError(`${what} "${value}" must be an https:// URL`);
  if (url.username || url.password) throw new BuildManifestError(`${what} must not contain a user name or password`);
  return url;
}

/** The development manifest rewritten for `options.host`. Throws BuildManifestError when it cannot. */
export function buildManifest(devXml: string, options: BuildManifestOptions): string {
  const host = httpsUrl(options.host, '--host');
  if (host.search || host.hash) throw new BuildManifestError('--host must not contain a query (?) or fragment (#): give the folder the add-in is served from');
  const newBase = host.href.endsWith('/') ? host.href : `${host.href}/`;

  let root;
  try {
    root = parseXml(devXml);
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw new BuildManifestError(`the input manifest is not well-formed XML (line ${e.line}: ${e.message})`);
    throw e;
  }
  const source = root.children.find((c) => c.local === 'DefaultSettings')?.children.find((c) => c.local === 'SourceLocation')?.attrs.DefaultValue;
  if (!source) throw new BuildManifestError('the input manifest has no DefaultSettings/SourceLocation to take the development address from');
  const devBase = new URL('.', source).href; // e.g. https://localhost:3000/
  const devOrigin = new URL(source).origin;

  // The development header comment talks about localhost: replace it by a note of where this copy came from.
  const header = `<!-- Built by scripts/build-manifest.ts from manifest.xml for ${escapeXml(newBase).replace(/--/g, '%2D%2D')}. Do not edit: rebuild. -->`;
  const start = devXml.indexOf('<OfficeApp');
  const comment = /<!--[\s\S]*?-->/.exec(devXml);
  const withHeader = comment && comment.index < start ? devXml.slice(0, comment.index) + header + devXml.slice(comment.index + comment[0].length) : devXml;

  let xml = withHeader
    .replace(new RegExp(`(<AppDomain>\\s*)${escapeRe(devOrigin)}/?(\\s*</AppDomain>)`, 'g'), `$1${escapeXml(host.origin)}$2`)
    .split(devBase).join(escapeXml(newBase));
  if (xml.includes(devOrigin)) xml = xml.split(devOrigin).join(escapeXml(host.origin));

  if (options.id !== undefined) {
    const id = options.id === 'new' ? randomUUID() : options.id;
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new BuildManifestError(`--id "${id}" is not a GUID (or "new" for a random one)`);
    xml = replaceOnce(xml, /<Id>[^<]*<\/Id>/, `<Id>${id.toLowerCase()}</Id>`, 'Id');
  }
  if (options.version !== undefined) {
    if (!/^\d{1,5}(\.\d{1,5}){0,3}$/.test(options.version)) throw new BuildManifestError(`--version "${options.version}" must be one to four dot-separated numbers, e.g. 1.0.1.0`);
    xml = replaceOnce(xml, /<Version>[^<]*<\/Version>/, `<Version>${options.version}</Version>`, 'Version');
  }
  if (options.provider !== undefined) {
    const p = options.provider.trim();
    if (!p || p.length > 125) throw new BuildManifestError('--provider must be 1 to 125 characters');
    xml = replaceOnce(xml, /<ProviderName>[^<]*<\/ProviderName>/, `<ProviderName>${escapeXml(p)}</ProviderName>`, 'ProviderName');
  }
  if (options.supportUrl !== undefined) {
    const support = escapeXml(httpsUrl(options.supportUrl, '--support-url').href);
    xml = replaceOnce(xml, /(<SupportUrl\s+DefaultValue=")[^"]*(")/, `$1${support}$2`, 'SupportUrl');
    const learnMore = findDeep(root, 'LearnMoreUrl')?.attrs.resid;
    if (learnMore) xml = replaceOnce(xml, new RegExp(`(<bt:Url\\s+id="${escapeRe(learnMore)}"\\s+DefaultValue=")[^"]*(")`), `$1${support}$2`, `the ${learnMore} URL`);
  }
  return xml;
}

function replaceOnce(xml: string, re: RegExp, replacement: string, what: string): string {
  if (!re.test(xml)) throw new BuildManifestError(`cannot find ${what} in the input manifest`);
  return xml.replace(re, replacement);
}

function findDeep(el: ReturnType<typeof parseXml>, local: string): ReturnType<typeof parseXml> | undefined {
  if (el.local === local) return el;
  for (const c of el.children) {
    const f = findDeep(c, local);
    if (f) return f;
  }
  return undefined;
}

const USAGE = `Usage:
  node dist/scripts/build-manifest.js --host https://<server>/<folder> [--out manifest.prod.xml] [--in manifest.xml]
      [--id <guid>|new] [--version <n.n.n.n>] [--support-url https://...] [--provider "<Trust name>"]
  node dist/scripts/build-manifest.js --check <manifest.xml>`;

const FLAGS = new Set(['--host', '--out', '--in', '--id', '--version', '--support-url', '--provider', '--check']);

/** The command; returns its exit code. `log`/`err` are injectable for tests. */
export async function main(argv: readonly string[], log: (s: string) => void = console.log, err: (s: string) => void = console.error): Promise<number> {
  const args = new Map<string, string>();
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--help' || a === '-h') {
      log(USAGE);
      return 0;
    }
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (!FLAGS.has(flag)) {
      err(`build-manifest: unknown argument "${a}"\n${USAGE}`);
      return 2;
    }
    const value = inline ?? argv[++k];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      err(`build-manifest: ${flag} needs a value\n${USAGE}`);
      return 2;
    }
    args.set(flag, value);
  }
  const assetsDir = join(packageRoot(), 'assets');

  const checkFile = args.get('--check');
  if (checkFile !== undefined) {
    if (!existsSync(checkFile)) {
      err(`build-manifest: ${checkFile} does not exist`);
      return 2;
    }
    const issues = await checkManifest(readFileSync(checkFile, 'utf8'), { assetsDir, fileName: 'manifest.xml' });
    for (const i of issues) err(formatIssue(checkFile, i));
    if (issues.length) return 1;
    log(`${checkFile}: valid (schema, resids, HTTPS, GUID, strings, icons, ribbon)`);
    return 0;
  }

  const host = args.get('--host');
  if (!host) {
    err(`build-manifest: --host is required\n${USAGE}`);
    return 2;
  }
  const input = args.get('--in') ?? join(packageRoot(), 'manifest.xml');
  const out = args.get('--out') ?? 'manifest.prod.xml';
  if (resolve(out) === resolve(input)) {
    err(`build-manifest: --out would overwrite the input ${input}; choose another file`);
    return 2;
  }
  if (!existsSync(input)) {
    err(`build-manifest: ${input} does not exist`);
    return 2;
  }
  const devXml = readFileSync(input, 'utf8');
  let built: string;
  try {
    const opts: BuildManifestOptions = { host };
    for (const [flag, key] of [['--id', 'id'], ['--version', 'version'], ['--support-url', 'supportUrl'], ['--provider', 'provider']] as const) {
      const v = args.get(flag);
      if (v !== undefined) opts[key] = v;
    }
    built = buildManifest(devXml, opts);
  } catch (e) {
    if (e instanceof BuildManifestError) {
      err(`build-manifest: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const hostname = new URL(host).hostname;
  const local = hostname === 'localhost' || hostname === '127.0.0.1';
  const issues = await checkManifest(built, { assetsDir, forbidLocalhost: !local, fileName: 'manifest.xml' });
  if (issues.length) {
    for (const i of issues) err(formatIssue(out, i));
    err(`build-manifest: not written: the built manifest fails ${issues.length} check${issues.length === 1 ? '' : 's'}`);
    return 1;
  }
  writeFileSync(out, built);
  const id = /<Id>([^<]*)<\/Id>/.exec(built)?.[1];
  const version = /<Version>([^<]*)<\/Version>/.exec(built)?.[1];
  log(`wrote ${out}: add-in ${id} version ${version}, served from ${new URL(host).href.replace(/\/?$/, '/')}`);
  log('checked: XSD schema, every resid resolves, HTTPS only, no localhost, GUID, string lengths, icons, ribbon button');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error('build-manifest: internal error:', e);
      process.exit(3);
    },
  );
}
