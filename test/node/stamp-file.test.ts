/** An input that cannot be read again to hash it (removed, or its permissions changed) is stamped, never a crash (exit 3). */
import { describe, expect, it } from 'vitest';
import { stampFile } from '../../src-engine/cli/run-validation.js';

describe('stampFile', () => {
  it('says "unreadable" for a file it cannot read, instead of throwing', () => {
    expect(stampFile('test/fixtures/no-such-file.xlsx')).toEqual({ path: 'test/fixtures/no-such-file.xlsx', sha256: 'unreadable' });
  });

  it('hashes a file it can read', () => {
    expect(stampFile('examples/plans/consultant-compliant.json').sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
