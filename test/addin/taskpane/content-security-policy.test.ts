import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The directives of the page's Content-Security-Policy meta tag, as a map of directive → sources. */
function policyOf(page: string): Map<string, string[]> {
  const html = readFileSync(join(ROOT, 'src-addin', 'pages', page), 'utf8');
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
  if (content === undefined) return new Map();
  return new Map(content.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!, sources]));
}

describe.each(['taskpane.html', 'commands.html'])('%s Content-Security-Policy', (page) => {
  const policy = policyOf(page);

  it('is there, and lets no inline or foreign script run: only the pane\'s own files and office.js from Microsoft\'s CDN', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    const scripts = policy.get('script-src') ?? [];
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts.filter((s) => !s.startsWith("'"))).toEqual(['https://appsforoffice.microsoft.com']);
  });

  it('refuses plugins, a changed base URL and form posts', () => {
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });
});
