import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILES, schemaText } from '../../scripts/schemas.js';

describe('schemas/ published for editors and Trusts', () => {
  for (const [name, make] of Object.entries(SCHEMA_FILES)) {
    it(`schemas/${name} matches the code that enforces it (run 'npm run schemas' after changing it)`, () => {
      const committed = readFileSync(join(import.meta.dirname, '..', '..', 'schemas', name), 'utf8');
      expect(committed).toBe(schemaText(make));
    });
  }
});
