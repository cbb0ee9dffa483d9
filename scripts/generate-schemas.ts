/** Writes schemas/*.json from the TypeScript that enforces them (npm run schemas). A test fails if they are stale. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src-engine/node/package-root.js';
import { SCHEMA_FILES, schemaText } from './schemas.js';

for (const [name, make] of Object.entries(SCHEMA_FILES)) {
  writeFileSync(join(packageRoot(), 'schemas', name), schemaText(make));
  console.log(`wrote schemas/${name}`);
}
