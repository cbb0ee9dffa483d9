import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { cutLong, escapeControls, escapeControlsDeep } from '../../src-engine/diagnostics/terminal-text.js';
import { jobplan, root } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jobplan-terminal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('text from the user\'s files reaches the terminal escaped (built CLI)', () => {
  it('a plan_ref holding ESC[8m (conceal) is shown as \\u001b[8m, and the ERROR lines after it are plain text', () => {
    const plan = JSON.parse(readFileSync(join(root, 'examples', 'plans', 'breaks-signoff-late.json'), 'utf8')) as Record<string, unknown>;
    plan['plan_ref'] = 'JP-1\u001b[8m\u202e';
    const file = join(dir, 'hidden.json');
    writeFileSync(file, JSON.stringify(plan));
    const r = jobplan('validate', file, '--today', '2026-11-23');
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).not.toContain('\u202e');
    expect(r.stdout).toContain('JP-1\\u001b[8m\\u202e');
    expect(r.stdout).toMatch(/ERROR +signoff\.within-deadline/);
    expect(r.status).toBe(1);
  });
});

describe('diagnostics and messages', () => {
  it('a diagnostic quoting a 10 MB cell is cut to a few thousand characters, keeping its start and end', () => {
    const cell = 'x'.repeat(10 * 1024 * 1024);
    const text = formatDiagnostic({ code: 'workbook_bad_date', severity: 'error', message: `'${cell}' is not a date; write it as DD/MM/YYYY`, location: { file: 'a.xlsx', sheet: 'Job Plan', cell: 'D12' } });
    expect(text.length).toBeLessThan(2200);
    expect(text).toMatch(/^a\.xlsx: 'Job Plan'!D12: workbook_bad_date: 'xxx/);
    expect(text).toMatch(/ … \[10,48\d,\d{3} characters not shown\] … /);
    expect(text.endsWith('write it as DD/MM/YYYY')).toBe(true);
  });

  it('control characters in a diagnostic (a sheet name, a value) are escaped; tab and newline kept', () => {
    const text = formatDiagnostic({ code: 'c', severity: 'warning', message: 'a\u001b[2Jb\rc\td\ne\u0085', location: { sheet: 'S\u0007', cell: 'A1' } });
    expect(text).toBe("'S\\u0007'!A1: warning: c: a\\u001b[2Jb\\u000dc\td\ne\\u0085");
  });

  it('escapeControlsDeep copies only what it changes and keeps a __proto__ key as a key', () => {
    const clean = { a: ['x', { b: 'y' }] };
    expect(escapeControlsDeep(clean)).toBe(clean);
    const dirty = JSON.parse('{"__proto__": "\\u001b", "k": ["ok", "\\u0007"]}') as Record<string, unknown>;
    const out = escapeControlsDeep(dirty);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out['k']).toEqual(['ok', '\\u0007']);
    expect(escapeControls('plain')).toBe('plain');
    expect(cutLong('short')).toBe('short');
  });
});
