/**
 * The old-webview check must itself run in the old webviews: Internet Explorer 11 ("Trident") parses ES5 only, so one
 * ES2015 construct (let, an arrow, a template string) would make it fail there just as the pane's module does. It is
 * parsed here as ES5 in a classic script. The build copies it beside taskpane.html, which loads it as a classic script
 * before the pane's module; the end-to-end test (old-webview.e2e.test.ts) runs it with the module unavailable.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';

const file = (path: string): string => readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8');

describe('webview-check.js', () => {
  it('is ES5 in a classic script, so Internet Explorer 11 runs it', () => {
    expect(() => parse(file('src-addin/pages/webview-check.js'), { ecmaVersion: 5, sourceType: 'script' })).not.toThrow();
  });

  it('is loaded by taskpane.html as a classic script, before the pane\'s module, and Validate starts disabled', () => {
    const html = file('src-addin/pages/taskpane.html');
    const check = html.indexOf('<script src="./webview-check.js"></script>');
    expect(check).toBeGreaterThan(0);
    expect(check).toBeLessThan(html.indexOf('<script type="module"'));
    expect(html).toMatch(/<button id="validate"[^>]*\bdisabled\b/);
    expect(html).toContain('id="old-webview"');
  });
});
