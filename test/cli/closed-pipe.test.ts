/** A reader that stops early (`| head`) closes jobplan's output pipe: a quiet end, never a stack trace. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './run-cli.js';

describe('jobplan writing to a pipe that is closed early', () => {
  it('ends quietly, without a stack trace', () => {
    const bin = join(root, 'bin', 'jobplan.js');
    // Three registers with traces: far more than a pipe holds (about 150 KB), so the writes meet the closed pipe.
    const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${bin}" validate examples/register-cpft-2026.xlsx examples/register-sbuhb-2026.xlsx examples/register-nhse-ahp-2026.xlsx --today 2026-11-23 --format json --trace | head -c 10`], { cwd: root, encoding: 'utf8' });
    expect(r.stdout.length).toBe(10);
    expect(r.stderr).not.toMatch(/EPIPE|internal error|at .*\.js:\d+/);
  });
});
