import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factsMarkdown } from '../../scripts/facts-doc.js';
import { SCHEMA_FILES, schemaText } from '../../scripts/schemas.js';

const root = join(import.meta.dirname, '..', '..');

describe('generated reference files are up to date (run `npm run generate` after changing the code)', () => {
  for (const [name, make] of Object.entries(SCHEMA_FILES)) {
    it(`schemas/${name} matches the code that enforces it`, () => {
      expect(readFileSync(join(root, 'schemas', name), 'utf8')).toBe(schemaText(make));
    });
  }
  it('docs/facts.md lists every fact and operator', () => {
    expect(readFileSync(join(root, 'docs', 'facts.md'), 'utf8')).toBe(factsMarkdown());
  });
});
