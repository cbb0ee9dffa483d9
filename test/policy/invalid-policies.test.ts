import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { loadPolicy } from '../../src-engine/policy/load-policy.js';

// One small broken policy per diagnostic code (like OpenFisca's failure-mode fixtures). The first line of each
// file says which diagnostic it must produce and where: `# expect: <code> <line>:<col> [warning]`.
const dir = join(import.meta.dirname, '..', 'fixtures', 'invalid-policies');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('broken policy files are reported at file:line:col, never thrown', () => {
  it('has a fixture for every failure mode', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
  });
  for (const name of fixtures) {
    const text = readFileSync(join(dir, name), 'utf8');
    const m = /^# expect: (\w+) (\d+):(\d+)( warning)?/.exec(text);
    it(`${name}: ${m?.[1]} at ${m?.[2]}:${m?.[3]}`, () => {
      expect(m, 'fixture must start with "# expect: <code> <line>:<col>"').not.toBeNull();
      const [, code, line, col, warning] = m!;
      const path = `test/fixtures/invalid-policies/${name}`;
      const result = loadPolicy({ path, text });
      const hit = result.diagnostics.find((d) => d.code === code);
      expect(hit, result.diagnostics.map(formatDiagnostic).join('\n')).toBeDefined();
      expect(formatDiagnostic(hit!)).toMatch(new RegExp(`^${path.replace(/\./g, '\\.')}:${line}:${col}: ${warning ? 'warning: ' : ''}${code}: `));
      expect(hit!.severity).toBe(warning ? 'warning' : 'error');
      if (!warning) expect(result.policy).toBeNull();
    });
  }
});

describe('YAML syntax errors carry a hint in an author\'s words', () => {
  const message = (name: string) => {
    const path = `test/fixtures/invalid-policies/${name}`;
    return loadPolicy({ path, text: readFileSync(join(dir, name), 'utf8') }).diagnostics.map(formatDiagnostic).join('\n');
  };
  it('an unquoted colon in a changelog line: quote the text', () => {
    expect(message('policy_yaml_error-unquoted-colon.yaml')).toContain('(hint: text that holds a colon followed by a space must be quoted, e.g. change: "Fixed: the SPA rule")');
  });
  it('a tab used to indent: indent with spaces', () => {
    expect(message('policy_yaml_error-tab-indent.yaml')).toContain('(hint: indent with spaces, not tabs');
  });
});
