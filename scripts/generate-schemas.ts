/**
 * Writes the generated reference files from the code that enforces them (npm run generate):
 * schemas/*.json for editors and Trusts, and docs/facts.md for policy authors. A test fails if they are stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src-engine/node/package-root.js';
import { factsMarkdown } from './facts-doc.js';
import { SCHEMA_FILES, schemaText } from './schemas.js';

for (const [name, make] of Object.entries(SCHEMA_FILES)) {
  writeFileSync(join(packageRoot(), 'schemas', name), schemaText(make));
  console.log(`wrote schemas/${name}`);
}
mkdirSync(join(packageRoot(), 'docs'), { recursive: true });
writeFileSync(join(packageRoot(), 'docs', 'facts.md'), factsMarkdown());
console.log('wrote docs/facts.md');
