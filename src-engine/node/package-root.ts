/** Finds jobplan's own folder (where policies/ and workbook-maps/ ship), from source or from dist/. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'jobplan') return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('internal: cannot find the jobplan package folder');
    dir = parent;
  }
}

export const defaultPoliciesDir = (): string => join(packageRoot(), 'policies');
export const defaultMapPath = (): string => join(packageRoot(), 'workbook-maps', 'jobplan-template.yaml');
