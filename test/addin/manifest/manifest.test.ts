/**
 * Offline checks of the add-in manifest: Microsoft's XSDs (vendored) through xmllint-wasm, plus the checks the XSDs
 * cannot make (scripts/manifest/check-manifest.ts), on manifest.xml and on a manifest built for a Trust's host.
 * Every check is also shown to fail on a deliberately broken copy.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildManifest, main as buildManifestMain } from '../../../scripts/build-manifest.js';
import { ICON_SIZES, encodePng, iconFileName, renderIcon } from '../../../scripts/generate-icons.js';
import type { ManifestIssue, XmlElement } from '../../../scripts/manifest/check-manifest.js';
import { checkManifest, EXPECTED, manifestIssues, parseXml, pngSize, schemaIssues } from '../../../scripts/manifest/check-manifest.js';

const root = join(import.meta.dirname, '..', '..', '..');
const assetsDir = join(root, 'assets');
const manifestPath = join(root, 'manifest.xml');
const xml = readFileSync(manifestPath, 'utf8');
const TRUST_HOST = 'https://jobplan.trust.nhs.uk/addin';

const tmp = mkdtempSync(join(tmpdir(), 'jobplan-manifest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) yield* walk(c);
}
const find = (el: XmlElement, pred: (e: XmlElement) => boolean): XmlElement[] => [...walk(el)].filter(pred);
const checks = (issues: ManifestIssue[]): string[] => [...new Set(issues.map((i) => i.check))].sort();
const show = (issues: ManifestIssue[]): string => issues.map((i) => `${i.line ?? '-'}: ${i.check}: ${i.message}`).join('\n');

/** A copy of manifest.xml with `from` (which must occur exactly once) replaced by `to`. */
function broken(from: string, to: string, source = xml): string {
  expect(source.split(from).length - 1, `"${from}" should occur once in the manifest`).toBe(1);
  return source.replace(from, to);
}

describe('manifest.xml', () => {
  it('is valid against the vendored Office add-in manifest XSDs (libxml2 via xmllint-wasm)', async () => {
    const issues = await schemaIssues(xml);
    expect(issues, show(issues)).toEqual([]);
  });

  it('passes every check the XSDs cannot make: resids, HTTPS, GUID, string lengths, icons, ribbon, requirements', () => {
    const issues = manifestIssues(xml, { assetsDir });
    expect(issues, show(issues)).toEqual([]);
  });

  it('declares what README and the design promise', () => {
    const doc = parseXml(xml);
    const text = (local: string) => doc.children.find((c) => c.local === local);
    expect(doc.attrs['xsi:type']).toBe('TaskPaneApp');
    expect(text('Id')!.text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/); // a random (v4) GUID
    expect(text('Id')!.text).not.toBe('05c2e1c9-3e1d-406e-9a91-e9ac64854143');
    expect(text('DisplayName')!.attrs.DefaultValue).toBe('jobplan');
    expect(text('Permissions')!.text).toBe('ReadWriteDocument');
    expect(find(doc, (e) => e.local === 'Host' && e.attrs.Name !== undefined).map((h) => h.attrs.Name)).toEqual(['Workbook']);
    const sets = find(doc, (e) => e.local === 'Sets' && e.parent?.parent === doc)[0]!;
    expect(sets.attrs.DefaultMinVersion).toBe('1.1');
    expect(sets.children.map((s) => [s.attrs.Name, s.attrs.MinVersion])).toEqual([['ExcelApi', '1.7']]);
    expect(find(doc, (e) => e.local === 'SourceLocation' && e.parent?.local === 'DefaultSettings')[0]!.attrs.DefaultValue).toBe('https://localhost:3000/taskpane.html');

    const strings = new Map(find(doc, (e) => e.attrs.id !== undefined && e.attrs.DefaultValue !== undefined).map((e) => [e.attrs.id!, e.attrs.DefaultValue!]));
    const tab = find(doc, (e) => e.local === 'OfficeTab')[0]!;
    expect(tab.attrs.id).toBe('TabHome');
    const group = tab.children[0]!;
    expect(strings.get(group.children.find((c) => c.local === 'Label')!.attrs.resid!)).toBe('Job planning');
    const button = group.children.find((c) => c.local === 'Control')!;
    expect(button.attrs['xsi:type']).toBe('Button');
    expect(strings.get(button.children.find((c) => c.local === 'Label')!.attrs.resid!)).toBe('Validate job plan');
    const action = button.children.find((c) => c.local === 'Action')!;
    expect(action.attrs['xsi:type']).toBe('ShowTaskpane');
    expect(action.children.map((c) => c.local)).toEqual(['TaskpaneId', 'SourceLocation']);
    expect(strings.get(action.children[1]!.attrs.resid!)).toBe('https://localhost:3000/taskpane.html');
    expect(strings.get(find(doc, (e) => e.local === 'FunctionFile')[0]!.attrs.resid!)).toBe('https://localhost:3000/commands.html');
    const getStarted = find(doc, (e) => e.local === 'GetStarted')[0]!;
    expect(getStarted.children.map((c) => c.local)).toEqual(['Title', 'Description', 'LearnMoreUrl']);
  });

  it('resolves every resid and serves every URL from one HTTPS origin, so build-manifest can move them all', () => {
    const doc = parseXml(xml);
    const ids = new Set(find(doc, (e) => e.attrs.id !== undefined && e.parent?.parent?.local === 'Resources').map((e) => e.attrs.id));
    const refs = find(doc, (e) => e.attrs.resid !== undefined);
    expect(refs.length).toBeGreaterThanOrEqual(15);
    for (const r of refs) expect(ids.has(r.attrs.resid!), `resid ${r.attrs.resid} on line ${r.line}`).toBe(true);
    const urls = find(doc, () => true).flatMap((e) => [...Object.entries(e.attrs).filter(([k]) => !k.startsWith('xmlns')).map(([, v]) => v), e.text.trim()]).filter((v) => /^[a-z]+:\/\//i.test(v));
    expect(urls.length).toBe(11); // IconUrl, HighResolutionIconUrl, SupportUrl, AppDomain, SourceLocation, 3 images, 3 URLs
    for (const u of urls) expect(new URL(u).origin).toBe('https://localhost:3000');
  });

  it('names only pages and files that the built add-in (dist-addin/) contains, once it has been built', () => {
    const site = join(root, 'dist-addin');
    if (!existsSync(join(site, 'taskpane.html'))) return; // npm run build:addin not run yet
    const issues = manifestIssues(xml, { assetsDir, siteDir: site });
    expect(issues, show(issues)).toEqual([]);
  });

  it('vendors the XSDs unchanged from ../shared/office-manifest-xsd (when that folder exists)', () => {
    const shared = join(root, '..', 'shared', 'office-manifest-xsd');
    if (!existsSync(shared)) return; // a clean clone (CI) has only the vendored copy
    const xsds = readdirSync(shared).filter((f) => f.endsWith('.xsd')).sort();
    expect(readdirSync(join(root, 'vendor', 'office-manifest-xsd')).filter((f) => f.endsWith('.xsd')).sort()).toEqual(xsds);
    for (const f of xsds) expect(readFileSync(join(root, 'vendor', 'office-manifest-xsd', f), 'utf8'), f).toBe(readFileSync(join(shared, f), 'utf8'));
  });
});

/** The RGBA pixels of a PNG written by encodePng (8-bit RGBA, filter 0 on every row). */
function pixelsOf(png: Buffer): Uint8Array {
  const size = pngSize(png)!;
  const idat: Buffer[] = [];
  for (let p = 8; p < png.length; ) {
    const len = png.readUInt32BE(p);
    if (png.toString('latin1', p + 4, p + 8) === 'IDAT') idat.push(png.subarray(p + 8, p + 8 + len));
    p += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = size.width * 4 + 1;
  const out = new Uint8Array(size.width * size.height * 4);
  for (let y = 0; y < size.height; y++) {
    expect(raw[y * stride], 'filter type').toBe(0);
    out.set(raw.subarray(y * stride + 1, (y + 1) * stride), y * size.width * 4);
  }
  return out;
}

describe('icons in assets/', () => {
  it.each(ICON_SIZES)('icon-%i.png is a square PNG of that size', (size) => {
    expect(pngSize(readFileSync(join(assetsDir, iconFileName(size))))).toEqual({ width: size, height: size });
  });

  it.each(ICON_SIZES)('icon-%i.png holds exactly the pixels scripts/generate-icons.ts draws (reproducible)', (size) => {
    const committed = pixelsOf(readFileSync(join(assetsDir, iconFileName(size))));
    expect(Buffer.from(committed).equals(Buffer.from(renderIcon(size)))).toBe(true);
  });

  it('draws an opaque NHS Blue body, transparent rounded corners and a white tick', () => {
    const px = renderIcon(32);
    const at = (x: number, y: number) => Array.from(px.subarray((y * 32 + x) * 4, (y * 32 + x) * 4 + 4));
    expect(at(0, 0)[3]).toBe(0); // corner outside the rounded square
    expect(at(16, 4)).toEqual([0x00, 0x5e, 0xb8, 255]); // top middle: blue
    expect(at(14, 22)).toEqual([255, 255, 255, 255]); // the tick's corner: white
    expect(pngSize(encodePng(3, 2, new Uint8Array(24)))).toEqual({ width: 3, height: 2 });
  });
});

describe('build-manifest: a manifest for the Trust host', () => {
  const built = buildManifest(xml, { host: TRUST_HOST });

  it('rewrites every localhost URL to the host and passes the same checks (schema included), with no localhost left', async () => {
    expect(built).not.toMatch(/localhost/);
    const issues = await checkManifest(built, { assetsDir, forbidLocalhost: true });
    expect(issues, show(issues)).toEqual([]);
    const doc = parseXml(built);
    expect(find(doc, (e) => e.local === 'SourceLocation' && e.parent?.local === 'DefaultSettings')[0]!.attrs.DefaultValue).toBe(`${TRUST_HOST}/taskpane.html`);
    expect(find(doc, (e) => e.local === 'AppDomain')[0]!.text).toBe('https://jobplan.trust.nhs.uk');
    expect(find(doc, (e) => e.attrs.id === 'Icon.80x80')[0]!.attrs.DefaultValue).toBe(`${TRUST_HOST}/assets/icon-80.png`);
    expect(find(doc, (e) => e.attrs.id === 'Commands.Url')[0]!.attrs.DefaultValue).toBe(`${TRUST_HOST}/commands.html`);
    // Only the URLs and the header comment change.
    expect(built.split('\n').length).toBeLessThan(xml.split('\n').length);
  });

  it('can give the copy its own GUID and version, the Trust name and its own help page', async () => {
    const devId = parseXml(xml).children.find((c) => c.local === 'Id')!.text;
    const prod = buildManifest(xml, { host: TRUST_HOST, id: 'new', version: '1.2.0.0', provider: 'Cumbria Partnership NHS FT', supportUrl: 'https://intranet.cumbria.nhs.uk/jobplan?a=1&b=2' });
    const doc = parseXml(prod);
    const id = doc.children.find((c) => c.local === 'Id')!.text;
    expect(id).not.toBe(devId);
    expect(doc.children.find((c) => c.local === 'Version')!.text).toBe('1.2.0.0');
    expect(doc.children.find((c) => c.local === 'ProviderName')!.text).toBe('Cumbria Partnership NHS FT');
    expect(doc.children.find((c) => c.local === 'SupportUrl')!.attrs.DefaultValue).toBe('https://intranet.cumbria.nhs.uk/jobplan?a=1&b=2');
    expect(find(doc, (e) => e.attrs.id === 'Help.Url')[0]!.attrs.DefaultValue).toBe('https://intranet.cumbria.nhs.uk/jobplan?a=1&b=2');
    const issues = await checkManifest(prod, { assetsDir, forbidLocalhost: true, otherIds: [devId] });
    expect(issues, show(issues)).toEqual([]);
    expect(manifestIssues(buildManifest(xml, { host: TRUST_HOST, id: devId }), { assetsDir, otherIds: [devId] }).map((i) => i.check)).toEqual(['id']);
  });

  it.each([
    ['http://jobplan.trust.nhs.uk/addin', /uses http: Office add-ins are loaded over HTTPS only/],
    ['ftp://jobplan.trust.nhs.uk/addin', /must be an https:\/\/ URL/],
    ['jobplan.trust.nhs.uk/addin', /is not a URL/],
    ['https://jobplan.trust.nhs.uk/addin?x=1', /query/],
    ['https://user:pw@jobplan.trust.nhs.uk/addin', /user name or password/],
  ])('refuses --host %s', (host, message) => {
    expect(() => buildManifest(xml, { host })).toThrow(message);
  });

  it('refuses a malformed --id, --version or an http --support-url', () => {
    expect(() => buildManifest(xml, { host: TRUST_HOST, id: 'not-a-guid' })).toThrow(/not a GUID/);
    expect(() => buildManifest(xml, { host: TRUST_HOST, version: 'v2' })).toThrow(/dot-separated numbers/);
    expect(() => buildManifest(xml, { host: TRUST_HOST, supportUrl: 'http://intranet/jobplan' })).toThrow(/HTTPS only/);
  });

  it('the command writes a checked manifest, exits 2 on bad arguments and 1 on a manifest that fails a check', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const run = (...argv: string[]) => buildManifestMain(argv, (s) => out.push(s), (s) => err.push(s));
    const target = join(tmp, 'manifest.prod.xml');
    expect(await run('--host', TRUST_HOST, '--out', target, '--id', 'new'), err.join('\n')).toBe(0);
    expect(out.join('\n')).toMatch(/wrote .*manifest\.prod\.xml: add-in [0-9a-f-]{36} version 1\.0\.0\.0, served from https:\/\/jobplan\.trust\.nhs\.uk\/addin\//);
    expect(await checkManifest(readFileSync(target, 'utf8'), { assetsDir, forbidLocalhost: true })).toEqual([]);
    expect(await run('--check', target)).toBe(0);

    expect(await run('--host', 'http://jobplan.trust.nhs.uk/addin', '--out', join(tmp, 'x.xml'))).toBe(2);
    expect(err.at(-1)).toMatch(/HTTPS only/);
    expect(existsSync(join(tmp, 'x.xml'))).toBe(false);
    expect(await run('--out', join(tmp, 'x.xml'))).toBe(2);
    expect(await run('--host', TRUST_HOST, '--out', manifestPath)).toBe(2);
    expect(err.at(-1)).toMatch(/would overwrite the input/);
    expect(await run('--hots', TRUST_HOST)).toBe(2);

    const bad = join(tmp, 'bad.xml');
    writeFileSync(bad, broken('<Label resid="Group.Label"/>', '<Label resid="Group.Lable"/>'));
    expect(await run('--check', bad)).toBe(1);
    expect(err.join('\n')).toMatch(/bad\.xml:\d+: manifest_resid: <Label resid="Group\.Lable"> refers to no resource/);
    expect(await run('--in', bad, '--host', TRUST_HOST, '--out', join(tmp, 'y.xml'))).toBe(1);
    expect(err.at(-1)).toMatch(/not written/);
    expect(existsSync(join(tmp, 'y.xml'))).toBe(false);
  });
});

describe('each check fails on a broken copy', () => {
  const ICON_LINE = '<bt:Image id="Icon.80x80" DefaultValue="https://localhost:3000/assets/icon-80.png"/>';
  const cases: { name: string; xml: () => string; check: string; message: RegExp; xsd: 'passes' | 'fails'; also?: string[] }[] = [
    {
      name: 'a dangling resid (the XSD cannot see it)',
      xml: () => xml.replace('<bt:Image size="16" resid="Icon.16x16"/>', '<bt:Image size="16" resid="Icon.16x61"/>'),
      check: 'resid', message: /<bt:Image resid="Icon\.16x61"> refers to no resource: add it to <Resources> <bt:Images>/, xsd: 'passes',
    },
    {
      name: 'a dangling resid on the button label (the button is then missing too)',
      xml: () => broken('<Label resid="ValidateButton.Label"/>\n                  <Supertip>', '<Label resid="ValidateButton.Lable"/>\n                  <Supertip>'),
      check: 'resid', message: /<Label resid="ValidateButton\.Lable"> refers to no resource/, xsd: 'passes', also: ['ribbon'],
    },
    {
      name: 'a resid of the wrong kind (a URL pointing at a short string)',
      xml: () => broken('<LearnMoreUrl resid="Help.Url"/>', '<LearnMoreUrl resid="GetStarted.Title"/>'),
      check: 'resid', message: /needs a Urls resource but "GetStarted\.Title" is in ShortStrings/, xsd: 'passes', also: ['resource'],
    },
    {
      name: 'an http URL (the XSD accepts any URI)',
      xml: () => broken('DefaultValue="https://localhost:3000/commands.html"', 'DefaultValue="http://localhost:3000/commands.html"'),
      check: 'https', message: /"http:\/\/localhost:3000\/commands\.html" uses http, not https/, xsd: 'passes',
    },
    {
      name: 'an http AppDomain',
      xml: () => broken('<AppDomain>https://localhost:3000</AppDomain>', '<AppDomain>http://localhost:3000</AppDomain>'),
      check: 'https', message: /<AppDomain> "http:\/\/localhost:3000" uses http/, xsd: 'passes',
    },
    {
      name: 'an element out of order (Version after ProviderName)',
      xml: () => broken('<Version>1.0.0.0</Version>\n  <ProviderName>jobplan</ProviderName>', '<ProviderName>jobplan</ProviderName>\n  <Version>1.0.0.0</Version>'),
      check: 'schema', message: /Element 'ProviderName': This element is not expected\. Expected is one of \( AlternateId, Version \)/, xsd: 'fails',
    },
    {
      name: 'Requirements placed after DefaultSettings',
      xml: () => {
        const req = xml.slice(xml.indexOf('  <Requirements>'), xml.indexOf('</Requirements>') + '</Requirements>\n'.length);
        return broken('  <Permissions>', `${req}  <Permissions>`, xml.replace(req, ''));
      },
      check: 'schema', message: /Element 'Requirements': This element is not expected/, xsd: 'fails',
    },
    {
      name: 'an unknown Permissions value',
      xml: () => broken('<Permissions>ReadWriteDocument</Permissions>', '<Permissions>ReadWriteEverything</Permissions>'),
      check: 'schema', message: /'ReadWriteEverything' is not an element of the set \{'Restricted', 'ReadDocument'/, xsd: 'fails', also: ['requirements'],
    },
    {
      name: "the template's well-known GUID",
      xml: () => xml.replace(/<Id>[^<]*<\/Id>/, '<Id>05c2e1c9-3e1d-406e-9a91-e9ac64854143</Id>'),
      check: 'id', message: /well-known template GUID/, xsd: 'passes',
    },
    {
      name: 'a malformed GUID',
      xml: () => xml.replace(/<Id>[^<]*<\/Id>/, '<Id>1b32d769-c45d-482a-beaa-2f937c844c3</Id>'),
      check: 'id', message: /is not a GUID/, xsd: 'fails',
    },
    {
      name: 'a DisplayName over 125 characters',
      xml: () => broken('<DisplayName DefaultValue="jobplan"/>', `<DisplayName DefaultValue="${'j'.repeat(126)}"/>`),
      check: 'length', message: /DisplayName is 126 characters long; at most 125/, xsd: 'fails',
    },
    {
      name: 'a Description over 250 characters',
      xml: () => xml.replace(/<Description DefaultValue="[^"]*"\/>/, `<Description DefaultValue="${'d'.repeat(251)}"/>`),
      check: 'length', message: /Description is 251 characters long; at most 250/, xsd: 'fails',
    },
    {
      name: 'a ShortString over 125 characters (the Get Started title)',
      xml: () => xml.replace(/(<bt:String id="GetStarted\.Title" DefaultValue=")[^"]*"/, `$1${'g'.repeat(126)}"`),
      check: 'length', message: /ShortString "GetStarted\.Title" is 126 characters long; at most 125/, xsd: 'fails',
    },
    {
      name: 'a LongString over 250 characters (the supertip)',
      xml: () => xml.replace(/(<bt:String id="ValidateButton\.Tooltip" DefaultValue=")[^"]*"/, `$1${'t'.repeat(251)}"`),
      check: 'length', message: /LongString "ValidateButton\.Tooltip" is 251 characters long; at most 250/, xsd: 'fails',
    },
    {
      name: 'an 80 px icon slot pointing at the 64 px file',
      xml: () => broken(ICON_LINE, ICON_LINE.replace('icon-80.png', 'icon-64.png')),
      check: 'icon', message: /image "Icon\.80x80": assets\/icon-64\.png is 64×64 px but is declared as 80×80/, xsd: 'passes',
    },
    {
      name: 'an icon file that does not exist',
      xml: () => broken(ICON_LINE, ICON_LINE.replace('icon-80.png', 'icon-81.png')),
      check: 'icon', message: /assets\/icon-81\.png does not exist/, xsd: 'passes',
    },
    {
      name: 'an icon that is not a PNG',
      xml: () => broken('<HighResolutionIconUrl DefaultValue="https://localhost:3000/assets/icon-64.png"/>', '<HighResolutionIconUrl DefaultValue="https://localhost:3000/assets/help.html"/>'),
      check: 'icon', message: /HighResolutionIconUrl: assets\/help\.html is not a PNG/, xsd: 'passes',
    },
    {
      name: 'a resource defined but never used',
      xml: () => broken('<bt:String id="Group.Label" DefaultValue="Job planning"/>', '<bt:String id="Group.Label" DefaultValue="Job planning"/>\n        <bt:String id="Spare.Label" DefaultValue="Spare"/>'),
      check: 'resource', message: /resource "Spare\.Label" is never used/, xsd: 'passes',
    },
    {
      name: 'a resource id defined twice',
      xml: () => broken('<bt:String id="Group.Label" DefaultValue="Job planning"/>', '<bt:String id="Group.Label" DefaultValue="Job planning"/>\n        <bt:String id="Group.Label" DefaultValue="Again"/>'),
      check: 'resource', message: /resource id "Group\.Label" is defined twice/, xsd: 'passes',
    },
    {
      name: 'the button relabelled',
      xml: () => broken('DefaultValue="Validate job plan"', 'DefaultValue="Show task pane"'),
      check: 'ribbon', message: /no button labelled "Validate job plan" on the Home tab/, xsd: 'passes',
    },
    {
      name: 'the button moved to the Data tab',
      xml: () => broken('<OfficeTab id="TabHome">', '<OfficeTab id="TabData">'),
      check: 'ribbon', message: /no <OfficeTab id="TabHome">/, xsd: 'passes',
    },
    {
      name: "the button's 80 px icon dropped",
      xml: () => xml.replace(/(<Control[\s\S]*?)\s*<bt:Image size="80" resid="Icon\.80x80"\/>/, '$1'),
      check: 'ribbon', message: /<Control id="Jobplan\.ValidateButton"> has no 80 px icon/, xsd: 'passes',
    },
    {
      name: 'ExcelApi raised to 1.8 (would lock out Office 2019)',
      xml: () => broken('<Set Name="ExcelApi" MinVersion="1.7"/>', '<Set Name="ExcelApi" MinVersion="1.8"/>'),
      check: 'requirements', message: /ExcelApi MinVersion is 1\.8; this add-in deliberately requires 1\.7/, xsd: 'passes',
    },
    {
      name: 'XML that is not well-formed',
      xml: () => broken('</DefaultSettings>', '</DefaultSetting>'),
      check: 'xml', message: /<\/DefaultSetting> does not close <DefaultSettings>/, xsd: 'fails',
    },
  ];

  it.each(cases)('$name → $check', async ({ xml: make, check, message, xsd, also = [] }) => {
    const copy = make();
    const own = manifestIssues(copy, { assetsDir });
    const schema = await schemaIssues(copy);
    const all = [...own, ...schema];
    expect(checks(all), show(all)).toContain(check);
    expect(all.filter((i) => i.check === check).map((i) => i.message).join('\n')).toMatch(message);
    expect(all.every((i) => i.line === undefined || i.line > 0)).toBe(true);
    if (xsd === 'passes') expect(schema, 'the XSD alone would not catch this').toEqual([]);
    else expect(schema.length, 'the XSD catches this too').toBeGreaterThan(0);
    // Nothing else broke: the only failing checks are the intended one (and the XSD's own report of it).
    expect(checks(all).filter((c) => c !== check && c !== 'schema'), show(all)).toEqual(also);
  });

  it('a page missing from the built add-in is caught', () => {
    const site = mkdtempSync(join(tmp, 'site-'));
    writeFileSync(join(site, 'taskpane.html'), '<!doctype html>');
    const issues = manifestIssues(xml, { siteDir: site });
    expect(issues.map((i) => i.check)).toEqual(Array(issues.length).fill('site'));
    expect(issues.map((i) => i.message.replace(/ \(.*\)$/, ''))).toEqual([
      '<IconUrl> DefaultValue "https://localhost:3000/assets/icon-32.png": assets/icon-32.png is not in the built add-in',
      '<HighResolutionIconUrl> DefaultValue "https://localhost:3000/assets/icon-64.png": assets/icon-64.png is not in the built add-in',
      '<SupportUrl> DefaultValue "https://localhost:3000/assets/help.html": assets/help.html is not in the built add-in',
      '<bt:Image> DefaultValue "https://localhost:3000/assets/icon-16.png": assets/icon-16.png is not in the built add-in',
      '<bt:Image> DefaultValue "https://localhost:3000/assets/icon-80.png": assets/icon-80.png is not in the built add-in',
      '<bt:Url> DefaultValue "https://localhost:3000/commands.html": commands.html is not in the built add-in',
    ]);
  });

  it('a built manifest that still points at localhost is caught', () => {
    const partly = buildManifest(xml, { host: TRUST_HOST }).replace(`${TRUST_HOST}/commands.html`, 'https://localhost:3000/commands.html');
    expect(manifestIssues(partly, { assetsDir, forbidLocalhost: true }).map((i) => [i.check, i.message])).toEqual([
      ['host', '<bt:Url> DefaultValue "https://localhost:3000/commands.html" still points at localhost'],
    ]);
  });

  it('the expected values are the ones this test asserts', () => {
    expect(EXPECTED).toMatchObject({ excelApiMinVersion: '1.7', tab: 'TabHome', buttonLabel: 'Validate job plan', groupLabel: 'Job planning' });
  });
});
