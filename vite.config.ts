/**
 * Builds the Excel add-in (src-addin/) into dist-addin/: taskpane.html and commands.html at its root, the icons and
 * help page under assets/ (the URLs manifest.xml names), scripts under bundle/. The engine core, every shipped policy
 * version (with the sha256 of its bytes, taken at build time by scripts/bundle-policies.ts) and every workbook map in
 * workbook-maps/ (whatever .yaml files are there) are bundled into the evaluation worker as the virtual module
 * `virtual:jobplan-policies`.
 *
 * `npm run build:addin` builds; `npm run dev:addin` serves https://localhost:3000 with the office-addin-dev-certs
 * certificate when ~/.office-addin-dev-certs/ holds one (`npx office-addin-dev-certs install` creates it).
 * Both run `npm run build` first: the policy bundler is compiled TypeScript (dist/scripts/bundle-policies.js).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import type * as PolicyBundler from './scripts/bundle-policies.js';

const root = fileURLToPath(new URL('.', import.meta.url)).replace(/[\\/]$/, '');
const VIRTUAL_POLICIES = 'virtual:jobplan-policies';

/** `virtual:jobplan-policies`: the policy bundle, read (and checked against the lock) when the build starts. */
function jobplanPolicies(): Plugin {
  const resolved = `\0${VIRTUAL_POLICIES}`;
  return {
    name: 'jobplan-policies',
    resolveId: (id) => (id === VIRTUAL_POLICIES ? resolved : null),
    async load(id) {
      if (id !== resolved) return null;
      const bundler = join(root, 'dist', 'scripts', 'bundle-policies.js');
      if (!existsSync(bundler)) throw new Error('dist/scripts/bundle-policies.js is missing: run `npm run build` before building the add-in');
      const { collectPolicyBundle, policyBundleModule } = (await import(pathToFileURL(bundler).href)) as typeof PolicyBundler;
      const bundle = collectPolicyBundle(root);
      for (const file of [...bundle.policies, ...bundle.maps]) this.addWatchFile(join(root, file.path));
      // A map added to the folder later is picked up by the dev server too.
      this.addWatchFile(join(root, 'workbook-maps'));
      return policyBundleModule(bundle);
    },
  };
}

const TYPES: Record<string, string> = { '.png': 'image/png', '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml', '.ico': 'image/x-icon' };

/** The repository's assets/ (icons, help page) copied to dist-addin/assets/ unchanged, and served at /assets/ in dev. */
function addinAssets(): Plugin {
  const dir = join(root, 'assets');
  const files = (): string[] => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort() : []);
  return {
    name: 'jobplan-addin-assets',
    generateBundle() {
      for (const name of files()) this.emitFile({ type: 'asset', fileName: `assets/${name}`, source: readFileSync(join(dir, name)) });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /^\/assets\/([\w.-]+)$/.exec((req.url ?? '').split('?')[0] ?? '');
        if (!m || !files().includes(m[1]!)) return next();
        res.setHeader('Content-Type', TYPES[extname(m[1]!)] ?? 'application/octet-stream');
        res.end(readFileSync(join(dir, m[1]!)));
      });
    },
  };
}

/**
 * The old-webview check (src-addin/pages/webview-check.js) is a classic script, which vite leaves as it is in the page
 * (only module scripts are bundled): it is copied beside taskpane.html unchanged, so Internet Explorer 11 and the old
 * Edge run it. The dev server serves it from the pages folder, the root.
 */
function classicPageScripts(): Plugin {
  const files = ['webview-check.js'];
  return {
    name: 'jobplan-classic-page-scripts',
    apply: 'build',
    generateBundle() {
      for (const name of files) this.emitFile({ type: 'asset', fileName: name, source: readFileSync(join(root, 'src-addin', 'pages', name)) });
    },
  };
}

/**
 * The pages live in src-addin/pages/ (so they land at dist-addin/'s root) and load their scripts from beside it
 * (`../taskpane/main.ts`): the build resolves that from the page's folder; the dev server serves only below its root,
 * so there the path becomes a /@fs/ URL.
 */
function devPageScripts(): Plugin {
  const addin = join(root, 'src-addin').replace(/\\/g, '/');
  return {
    name: 'jobplan-dev-page-scripts',
    apply: 'serve',
    transformIndexHtml: { order: 'pre', handler: (html) => html.replace(/src="\.\.\/([\w/.-]+\.ts)"/g, (_, path: string) => `src="/@fs${addin.startsWith('/') ? '' : '/'}${addin}/${path}"`) },
  };
}

/** The dev server's client connects back by WebSocket: in dev only, the pages' Content-Security-Policy allows it. */
function devContentSecurityPolicy(): Plugin {
  return {
    name: 'jobplan-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("connect-src 'self'", "connect-src 'self' ws: wss:"),
  };
}

/** office-addin-dev-certs' localhost certificate, when installed; otherwise plain HTTP (fine in a browser on localhost). */
function devCertificate(): { key: Buffer; cert: Buffer; ca?: Buffer } | undefined {
  const certs = join(homedir(), '.office-addin-dev-certs');
  const key = join(certs, 'localhost.key');
  const cert = join(certs, 'localhost.crt');
  if (!existsSync(key) || !existsSync(cert)) return undefined;
  const ca = join(certs, 'ca.crt');
  return { key: readFileSync(key), cert: readFileSync(cert), ...(existsSync(ca) ? { ca: readFileSync(ca) } : {}) };
}

export default defineConfig(({ command }) => {
  const https = command === 'serve' ? devCertificate() : undefined;
  if (command === 'serve' && !https) console.warn('jobplan: no ~/.office-addin-dev-certs/localhost.crt: serving plain HTTP. Office needs HTTPS: run `npx office-addin-dev-certs install` first.');
  return {
    root: resolve(root, 'src-addin/pages'),
    // Relative URLs, so dist-addin/ works from any folder of any host (https://trust.nhs.uk/addin/ ...).
    base: './',
    publicDir: false,
    plugins: [jobplanPolicies(), addinAssets(), devPageScripts(), devContentSecurityPolicy(), classicPageScripts()],
    build: {
      outDir: resolve(root, 'dist-addin'),
      emptyOutDir: true,
      assetsDir: 'bundle',
      // Office 2019 and Excel on older Windows run add-ins in older webviews: keep the syntax modest.
      target: 'es2019',
      sourcemap: true,
      chunkSizeWarningLimit: 2048,
      rolldownOptions: {
        input: { taskpane: resolve(root, 'src-addin/pages/taskpane.html'), commands: resolve(root, 'src-addin/pages/commands.html') },
      },
    },
    // A classic worker: module workers are missing from the webviews of older Office builds.
    worker: { format: 'iife', plugins: () => [jobplanPolicies()] },
    server: { port: 3000, strictPort: true, ...(https ? { https } : {}), fs: { allow: [root] } },
    preview: { port: 3000, strictPort: true, ...(https ? { https } : {}) },
  };
});
