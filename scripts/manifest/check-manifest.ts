/**
 * Offline checks of the add-in manifest, shared by scripts/build-manifest.ts and test/addin/manifest/.
 *
 * 1. Schema: Microsoft's manifest XSDs (vendor/office-manifest-xsd/, the 2019 set) through libxml2 compiled to
 *    WebAssembly (xmllint-wasm): element order, types, string lengths, enumerations.
 * 2. What the XSDs cannot see: every resid resolves to a resource of the right kind, every resource is used, every
 *    URL is absolute HTTPS, the GUID is well formed and not a template's, display strings fit, icons exist at the
 *    sizes they are declared at, the requirement set and the ribbon button are the ones this add-in promises.
 *
 * `office-addin-manifest validate` would ask a Microsoft web service; this needs no network.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { packageRoot } from '../../src-engine/node/package-root.js';

export interface ManifestIssue {
  /** Which check failed: xml, schema, id, resid, resource, https, length, icon, requirements, ribbon, host, site. */
  check: string;
  message: string;
  line?: number;
}

/** What this add-in's manifest promises (README, design §6); changing one of these is a deliberate decision. */
export const EXPECTED = {
  host: 'Workbook',
  excelApiMinVersion: '1.7',
  tab: 'TabHome',
  groupLabel: 'Job planning',
  buttonLabel: 'Validate job plan',
  ribbonIconSizes: [16, 32, 80],
  iconUrlSize: 32,
  highResolutionIconUrlSize: 64,
} as const;

/** GUIDs copied from templates and samples: an add-in with one of these collides with every other copy. */
export const WELL_KNOWN_GUIDS = [
  '05c2e1c9-3e1d-406e-9a91-e9ac64854143', // yo office / Office-Addin-TaskPane template
  '00000000-0000-0000-0000-000000000000',
  '12345678-1234-1234-1234-123456789012',
];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SHORT_STRING_MAX = 125;
export const LONG_STRING_MAX = 250;

// ---------------------------------------------------------------------------------------------------------------
// A small XML reader: enough for a manifest (elements, attributes, text, comments, CDATA), with line numbers.

export interface XmlElement {
  /** Qualified name as written, e.g. `bt:Image`. */
  name: string;
  /** Name without its prefix, e.g. `Image`. */
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
  parent: XmlElement | undefined;
}

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string, line: number): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);|&/gi, (all, ref: string | undefined) => {
    if (!ref) throw new XmlSyntaxError('a bare "&" (write &amp;)', line);
    if (ref.startsWith('#x') || ref.startsWith('#X')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const e = ENTITIES[ref];
    if (e === undefined) throw new XmlSyntaxError(`unknown entity ${all}`, line);
    return e;
  });
}

export function parseXml(src: string): XmlElement {
  const lineStarts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === '\n') lineStarts.push(i + 1);
  const lineAt = (pos: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const skipPast = (pos: number, end: string, what: string): number => {
    const at = src.indexOf(end, pos);
    if (at < 0) throw new XmlSyntaxError(`unterminated ${what}`, lineAt(pos));
    return at + end.length;
  };

  let root: XmlElement | undefined;
  let current: XmlElement | undefined;
  let i = 0;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const textEnd = lt < 0 ? src.length : lt;
    if (textEnd > i) {
      const text = src.slice(i, textEnd);
      if (current) current.text += decodeEntities(text, lineAt(i));
      else if (text.trim()) throw new XmlSyntaxError('text outside the root element', lineAt(i));
      i = textEnd;
      continue;
    }
    if (src.startsWith('<?', i)) i = skipPast(i, '?>', 'processing instruction');
    else if (src.startsWith('<!--', i)) i = skipPast(i, '-->', 'comment');
    else if (src.startsWith('<![CDATA[', i)) {
      const end = skipPast(i, ']]>', 'CDATA section');
      if (!current) throw new XmlSyntaxError('CDATA outside the root element', lineAt(i));
      current.text += src.slice(i + 9, end - 3);
      i = end;
    } else if (src.startsWith('<!', i)) throw new XmlSyntaxError('DOCTYPE and other declarations are not allowed', lineAt(i));
    else if (src.startsWith('</', i)) {
      const end = skipPast(i, '>', 'end tag');
      const name = src.slice(i + 2, end - 1).trim();
      if (!current || current.name !== name) {
        throw new XmlSyntaxError(`</${name}> does not close ${current ? `<${current.name}> (line ${current.line})` : 'anything'}`, lineAt(i));
      }
      current = current.parent;
      i = end;
    } else {
      const line = lineAt(i);
      const nameMatch = /^<([A-Za-z_][\w.:-]*)/.exec(src.slice(i, i + 200));
      if (!nameMatch) throw new XmlSyntaxError('a "<" that starts no tag', line);
      const name = nameMatch[1]!;
      const el: XmlElement = { name, local: name.includes(':') ? name.slice(name.indexOf(':') + 1) : name, attrs: {}, children: [], text: '', line, parent: current };
      let p = i + nameMatch[0].length;
      const attr = /\s*([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
      for (;;) {
        attr.lastIndex = p;
        const m = attr.exec(src);
        if (!m) break;
        if (m[1]! in el.attrs) throw new XmlSyntaxError(`attribute ${m[1]} repeated on <${name}>`, lineAt(p));
        el.attrs[m[1]!] = decodeEntities(m[2] ?? m[3] ?? '', lineAt(p));
        p = attr.lastIndex;
      }
      const close = /\s*(\/?)>/y;
      close.lastIndex = p;
      const c = close.exec(src);
      if (!c) throw new XmlSyntaxError(`malformed start tag <${name}>`, lineAt(p));
      if (current) current.children.push(el);
      else if (root) throw new XmlSyntaxError('a second root element', line);
      else root = el;
      if (!c[1]) current = el;
      i = close.lastIndex;
    }
  }
  if (current) throw new XmlSyntaxError(`<${current.name}> is never closed`, current.line);
  if (!root) throw new XmlSyntaxError('no root element', 1);
  return root;
}

const kids = (el: XmlElement | undefined, local: string): XmlElement[] => (el ? el.children.filter((c) => c.local === local) : []);
const kid = (el: XmlElement | undefined, local: string): XmlElement | undefined => kids(el, local)[0];
function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) yield* walk(c);
}
const xsiType = (el: XmlElement): string | undefined => {
  const key = Object.keys(el.attrs).find((k) => k === 'xsi:type' || k.endsWith(':type'));
  const v = key ? el.attrs[key] : undefined;
  return v?.includes(':') ? v.slice(v.indexOf(':') + 1) : v;
};

// ---------------------------------------------------------------------------------------------------------------
// Schema check

export const defaultXsdDir = (): string => join(packageRoot(), 'vendor', 'office-manifest-xsd');
const MAIN_XSD = 'OfficeAppManifestV1_1.xsd';

/** Validates against the vendored XSDs (the main one with every other one preloaded for its imports). */
export async function schemaIssues(xml: string, xsdDir = defaultXsdDir(), fileName = 'manifest.xml'): Promise<ManifestIssue[]> {
  const others = readdirSync(xsdDir).filter((f) => f.endsWith('.xsd') && f !== MAIN_XSD).sort();
  const result = await validateXML({
    xml: [{ fileName, contents: xml }],
    schema: [{ fileName: MAIN_XSD, contents: readFileSync(join(xsdDir, MAIN_XSD), 'utf8') }],
    preload: others.map((f) => ({ fileName: f, contents: readFileSync(join(xsdDir, f), 'utf8') })),
  });
  if (result.valid) return [];
  const issues = result.errors.map((e): ManifestIssue => {
    // Shorten "{http://schemas.microsoft.com/office/...}Name" to "Name" for people.
    const message = e.message.replace(/\{https?:\/\/[^}]*\}/g, '').replace(/^.*?Schemas (validity|parser) error : /, '');
    return e.loc ? { check: 'schema', message, line: e.loc.lineNumber } : { check: 'schema', message };
  });
  return issues.length ? issues : [{ check: 'schema', message: result.rawOutput.trim() || 'the manifest does not validate' }];
}

// ---------------------------------------------------------------------------------------------------------------
// The checks the XSDs cannot make

export interface ManifestCheckOptions {
  /**
   * Local folder holding what is served at `<base>assets/` (the repository's assets/). When given, every icon
   * URL under it must name a PNG there whose size is the size the manifest declares.
   */
  assetsDir?: string;
  /** The URL the add-in is served from, ending in "/"; by default the folder of DefaultSettings/SourceLocation. */
  base?: string;
  /**
   * The built add-in (dist-addin/). When given, every URL under `base` (task pane, function file, icons, help page)
   * must name a file there: the manifest and the build agree.
   */
  siteDir?: string;
  /** For a manifest built for deployment: no URL may point at localhost. */
  forbidLocalhost?: boolean;
  /** GUIDs the Id must differ from (e.g. the development manifest's, for a second deployed copy). */
  otherIds?: readonly string[];
}

type ResourceKind = 'Images' | 'Urls' | 'ShortStrings' | 'LongStrings';
const KIND_OF_REFERENCE: Record<string, ResourceKind> = {
  Image: 'Images',
  SourceLocation: 'Urls',
  FunctionFile: 'Urls',
  LearnMoreUrl: 'Urls',
  Label: 'ShortStrings',
  Title: 'ShortStrings',
  Namespace: 'ShortStrings',
  Description: 'LongStrings',
};
const MAX_LENGTH: Partial<Record<ResourceKind, number>> = { ShortStrings: SHORT_STRING_MAX, LongStrings: LONG_STRING_MAX };

/** Width and height from a PNG's IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || sig.some((b, k) => bytes[k] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const looksLikeUrl = (s: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(s.trim());

function httpsProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'https:') return `uses ${url.protocol.replace(':', '')}, not https (Office loads add-in content over HTTPS only)`;
  if (url.username || url.password) return 'carries a user name or password';
  return undefined;
}

function isLocalhost(value: string): boolean {
  try {
    const h = new URL(value.trim()).hostname;
    return h === 'localhost' || h === '127.0.0.1' || h === '[::1]' || h.endsWith('.localhost');
  } catch {
    return false;
  }
}

/** Every check except the schema one, on the manifest's text. Synchronous; reads icon files when asked. */
export function manifestIssues(xml: string, options: ManifestCheckOptions = {}): ManifestIssue[] {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    if (e instanceof XmlSyntaxError) return [{ check: 'xml', message: e.message, line: e.line }];
    throw e;
  }
  const issues: ManifestIssue[] = [];
  const add = (check: string, message: string, at?: XmlElement): void => {
    issues.push(at ? { check, message, line: at.line } : { check, message });
  };

  if (root.local !== 'OfficeApp' || xsiType(root) !== 'TaskPaneApp') add('schema', 'the root element must be <OfficeApp xsi:type="TaskPaneApp">', root);

  // --- Id ---
  const idEl = kid(root, 'Id');
  const id = idEl?.text.trim() ?? '';
  if (!GUID.test(id)) add('id', `<Id> "${id}" is not a GUID (8-4-4-4-12 hexadecimal digits)`, idEl ?? root);
  else if (WELL_KNOWN_GUIDS.includes(id.toLowerCase())) add('id', `<Id> ${id} is a well-known template GUID: generate a new one (it must be unique to this add-in)`, idEl);
  else if (/^(.)\1{7}-/.test(id) || id.includes('12345678')) add('id', `<Id> ${id} looks like a placeholder, not a generated GUID`, idEl);
  else if (options.otherIds?.some((o) => o.toLowerCase() === id.toLowerCase())) add('id', `<Id> ${id} is the same as another manifest's: give this copy its own GUID`, idEl);

  // --- plain strings ---
  const lengthCheck = (el: XmlElement | undefined, what: string, max: number): void => {
    if (!el) return;
    for (const [attr, value] of Object.entries(el.attrs)) {
      if (attr !== 'DefaultValue' && attr !== 'Value') continue;
      if (value.length > max) add('length', `${what} is ${value.length} characters long; at most ${max} are allowed`, el);
      if (!value.trim()) add('length', `${what} is empty`, el);
    }
    for (const o of kids(el, 'Override')) lengthCheck(o, `${what} (${o.attrs.Locale ?? 'override'})`, max);
  };
  lengthCheck(kid(root, 'DisplayName'), 'DisplayName', SHORT_STRING_MAX);
  lengthCheck(kid(root, 'Description'), 'Description', LONG_STRING_MAX);
  const provider = kid(root, 'ProviderName');
  if (provider && (provider.text.trim().length > SHORT_STRING_MAX || !provider.text.trim())) add('length', `ProviderName must be 1 to ${SHORT_STRING_MAX} characters`, provider);

  // --- URLs: every attribute value and text that is a URL must be absolute https ---
  const URL_SETTINGS = ['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'SourceLocation'];
  const isUrlSetting = (el: XmlElement | undefined): boolean =>
    !!el && (URL_SETTINGS.includes(el.local) || el.parent?.local === 'Images' || el.parent?.local === 'Urls');
  const urlFields: { el: XmlElement; where: string; value: string }[] = [];
  for (const el of walk(root)) {
    for (const [attr, value] of Object.entries(el.attrs)) {
      if (attr === 'xmlns' || attr.startsWith('xmlns:')) continue; // namespace names, never fetched
      const declared = (attr === 'DefaultValue' && isUrlSetting(el)) || (attr === 'Value' && el.local === 'Override' && isUrlSetting(el.parent));
      if (declared || looksLikeUrl(value)) urlFields.push({ el, where: `<${el.name}> ${attr}`, value });
    }
    if (el.children.length === 0 && (el.local === 'AppDomain' || looksLikeUrl(el.text))) urlFields.push({ el, where: `<${el.name}>`, value: el.text.trim() });
  }
  for (const { el, where, value } of urlFields) {
    const problem = httpsProblem(value);
    if (problem) add('https', `${where} "${value}" ${problem}`, el);
    else if (options.forbidLocalhost && isLocalhost(value)) add('host', `${where} "${value}" still points at localhost`, el);
  }

  // --- requirements ---
  const sets = kids(kid(kid(root, 'Requirements'), 'Sets'), 'Set');
  const excel = sets.find((s) => s.attrs.Name === 'ExcelApi');
  if (!excel) add('requirements', `<Requirements> must name the ExcelApi set (minimum ${EXPECTED.excelApiMinVersion}, Office 2019)`, kid(root, 'Requirements') ?? root);
  else {
    const min = excel.attrs.MinVersion ?? kid(kid(root, 'Requirements'), 'Sets')?.attrs.DefaultMinVersion ?? '1.1';
    if (min !== EXPECTED.excelApiMinVersion) add('requirements', `ExcelApi MinVersion is ${min}; this add-in deliberately requires ${EXPECTED.excelApiMinVersion} (Office 2019 and later): newer APIs go behind isSetSupported`, excel);
  }
  const hosts = kids(kid(root, 'Hosts'), 'Host').map((h) => h.attrs.Name);
  if (hosts.length !== 1 || hosts[0] !== EXPECTED.host) add('requirements', `<Hosts> must be exactly Workbook (Excel); found ${hosts.join(', ') || 'none'}`, kid(root, 'Hosts') ?? root);
  const permissions = kid(root, 'Permissions')?.text.trim();
  if (permissions !== 'ReadWriteDocument') add('requirements', `<Permissions> is ${permissions ?? 'missing'}; the pane writes a results sheet and needs ReadWriteDocument`, kid(root, 'Permissions') ?? root);

  // --- resources and resids ---
  const overrides = kid(root, 'VersionOverrides');
  const resources = kid(overrides, 'Resources');
  const byId = new Map<string, { kind: ResourceKind; el: XmlElement; used: boolean }>();
  for (const kind of ['Images', 'Urls', 'ShortStrings', 'LongStrings'] as const) {
    for (const el of kid(resources, kind)?.children ?? []) {
      const rid = el.attrs.id ?? '';
      const prev = byId.get(rid);
      if (prev) add('resource', `resource id "${rid}" is defined twice (lines ${prev.el.line} and ${el.line})`, el);
      else byId.set(rid, { kind, el, used: false });
      const max = MAX_LENGTH[kind];
      if (max) lengthCheck(el, `${kind === 'ShortStrings' ? 'ShortString' : 'LongString'} "${rid}"`, max);
    }
  }
  const resolve = (el: XmlElement | undefined): XmlElement | undefined => {
    const rid = el?.attrs.resid;
    return rid === undefined ? undefined : byId.get(rid)?.el;
  };
  const refs = overrides ? [...walk(overrides)].filter((el) => el.attrs.resid !== undefined) : [];
  for (const ref of refs) {
    const rid = ref.attrs.resid!;
    const res = byId.get(rid);
    const want = KIND_OF_REFERENCE[ref.local];
    if (!res) add('resid', `<${ref.name} resid="${rid}"> refers to no resource: add it to <Resources>${want ? ` <bt:${want}>` : ''}`, ref);
    else {
      res.used = true;
      if (want && res.kind !== want) add('resid', `<${ref.name} resid="${rid}"> needs a ${want} resource but "${rid}" is in ${res.kind}`, ref);
    }
  }
  for (const [rid, res] of byId) if (!res.used) add('resource', `resource "${rid}" is never used`, res.el);

  // --- icons ---
  const sourceLocation = kid(kid(root, 'DefaultSettings'), 'SourceLocation')?.attrs.DefaultValue ?? '';
  let base = options.base;
  if (!base) {
    try {
      base = new URL('.', sourceLocation).href;
    } catch {
      base = undefined;
    }
  }
  const declaredSizes = new Map<string, Set<number>>();
  for (const ref of refs) {
    if (ref.local !== 'Image') continue;
    const size = Number(ref.attrs.size);
    const set = declaredSizes.get(ref.attrs.resid!) ?? new Set<number>();
    set.add(size);
    declaredSizes.set(ref.attrs.resid!, set);
  }
  const iconChecks: { el: XmlElement; url: string; sizes: number[]; what: string }[] = [];
  const iconUrl = kid(root, 'IconUrl');
  const hiRes = kid(root, 'HighResolutionIconUrl');
  if (!iconUrl) add('icon', '<IconUrl> is missing (the icon in Insert > Add-ins and on the task pane tab)', root);
  else iconChecks.push({ el: iconUrl, url: iconUrl.attrs.DefaultValue ?? '', sizes: [EXPECTED.iconUrlSize], what: 'IconUrl' });
  if (!hiRes) add('icon', '<HighResolutionIconUrl> is missing', root);
  else iconChecks.push({ el: hiRes, url: hiRes.attrs.DefaultValue ?? '', sizes: [EXPECTED.highResolutionIconUrlSize], what: 'HighResolutionIconUrl' });
  for (const [rid, sizes] of declaredSizes) {
    const res = byId.get(rid);
    if (res?.kind !== 'Images') continue;
    if (sizes.size > 1) add('icon', `image "${rid}" is used at sizes ${[...sizes].join(' and ')}: one file has one size`, res.el);
    iconChecks.push({ el: res.el, url: res.el.attrs.DefaultValue ?? '', sizes: [...sizes], what: `image "${rid}"` });
  }
  if (options.assetsDir && base) {
    const assetsBase = new URL('assets/', base).href;
    for (const { el, url, sizes, what } of iconChecks) {
      if (!url.startsWith(assetsBase)) {
        add('icon', `${what} "${url}" is not served with the add-in (${assetsBase}...), so it cannot be checked`, el);
        continue;
      }
      const rel = decodeURIComponent(url.slice(assetsBase.length).split(/[?#]/)[0]!);
      const file = join(options.assetsDir, ...rel.split('/'));
      if (rel.split('/').includes('..') || !existsSync(file)) {
        add('icon', `${what} "${url}": assets/${rel} does not exist`, el);
        continue;
      }
      const size = pngSize(readFileSync(file));
      if (!size) add('icon', `${what}: assets/${rel} is not a PNG`, el);
      else if (size.width !== size.height || !sizes.includes(size.width)) {
        add('icon', `${what}: assets/${rel} is ${size.width}×${size.height} px but is declared as ${sizes.map((s) => `${s}×${s}`).join(', ')}`, el);
      }
    }
  }

  // --- every page and file the manifest names under its base is in the built site ---
  if (options.siteDir && base) {
    const seen = new Set<string>();
    for (const { el, where, value } of urlFields) {
      if (!value.startsWith(base)) continue;
      const rel = decodeURIComponent(value.slice(base.length).split(/[?#]/)[0]!);
      if (seen.has(rel) || !rel) continue;
      seen.add(rel);
      if (rel.split('/').includes('..') || !existsSync(join(options.siteDir, ...rel.split('/')))) add('site', `${where} "${value}": ${rel} is not in the built add-in (${options.siteDir})`, el);
    }
  }

  // --- the ribbon button this add-in promises ---
  const host = kids(kid(overrides, 'Hosts'), 'Host').find((h) => xsiType(h) === EXPECTED.host);
  const desktop = kid(host, 'DesktopFormFactor');
  if (!overrides) add('ribbon', '<VersionOverrides> is missing: there would be no ribbon button', root);
  else if (!desktop) add('ribbon', 'VersionOverrides has no <Host xsi:type="Workbook"><DesktopFormFactor>', overrides);
  else {
    if (!kid(desktop, 'GetStarted')) add('ribbon', '<GetStarted> is missing (the callout shown after installing)', desktop);
    if (!kid(desktop, 'FunctionFile')) add('ribbon', '<FunctionFile> is missing (required with add-in commands)', desktop);
    const tab = kids(kid(desktop, 'ExtensionPoint'), 'OfficeTab').find((t) => t.attrs.id === EXPECTED.tab);
    const groups = kids(tab, 'Group');
    const button = groups.flatMap((g) => kids(g, 'Control')).find((c) => xsiType(c) === 'Button' && resolve(kid(c, 'Label'))?.attrs.DefaultValue === EXPECTED.buttonLabel);
    if (!tab) add('ribbon', `no <OfficeTab id="${EXPECTED.tab}"> (the Home tab) in the PrimaryCommandSurface`, desktop);
    else if (!button) add('ribbon', `no button labelled "${EXPECTED.buttonLabel}" on the Home tab`, tab);
    else {
      const group = button.parent!;
      if (resolve(kid(group, 'Label'))?.attrs.DefaultValue !== EXPECTED.groupLabel) add('ribbon', `the button's group should be labelled "${EXPECTED.groupLabel}"`, group);
      for (const el of [group, button]) {
        const sizes = kids(kid(el, 'Icon'), 'Image').map((img) => Number(img.attrs.size));
        const missing = EXPECTED.ribbonIconSizes.filter((s) => !sizes.includes(s));
        if (missing.length) add('ribbon', `<${el.local} id="${el.attrs.id}"> has no ${missing.join(', ')} px icon (16, 32 and 80 are mandatory)`, el);
      }
      const tip = kid(button, 'Supertip');
      if (!resolve(kid(tip, 'Title')) || !resolve(kid(tip, 'Description'))) add('ribbon', 'the button needs a supertip with a title and a description', button);
      const action = kid(button, 'Action');
      if (!action || xsiType(action) !== 'ShowTaskpane') add('ribbon', 'the button must open the task pane (Action xsi:type="ShowTaskpane")', action ?? button);
      else {
        if (!kid(action, 'TaskpaneId')?.text.trim()) add('ribbon', 'the ShowTaskpane action needs a <TaskpaneId>', action);
        const target = resolve(kid(action, 'SourceLocation'))?.attrs.DefaultValue;
        if (target !== undefined && target !== sourceLocation) add('ribbon', `the button opens ${target} but DefaultSettings opens ${sourceLocation}: they should be the same page`, action);
      }
    }
  }
  return issues;
}

/** Schema and own checks together, in line order. */
export async function checkManifest(xml: string, options: ManifestCheckOptions & { xsdDir?: string; fileName?: string } = {}): Promise<ManifestIssue[]> {
  const issues = [...(await schemaIssues(xml, options.xsdDir, options.fileName)), ...manifestIssues(xml, options)];
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

export const formatIssue = (file: string, i: ManifestIssue): string => `${file}${i.line ? `:${i.line}` : ''}: manifest_${i.check}: ${i.message}`;
