import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { jobplan, root } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jobplan-hidden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The compliant example with its sheets given `state`, and a visible decoy sheet first. */
async function withHiddenSheets(state: 'hidden' | 'veryHidden'): Promise<{ file: string; names: string[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(root, 'examples', 'consultant-compliant.xlsx'));
  const names = wb.worksheets.map((ws) => ws.name);
  wb.addWorksheet('Cover').getCell('A1').value = 'Nothing to see here';
  for (const ws of wb.worksheets) if (ws.name !== 'Cover') ws.state = state;
  const file = join(dir, `${state}.xlsx`);
  await wb.xlsx.writeFile(file);
  return { file, names };
}

describe('hidden sheets are noted when read (built CLI)', () => {
  for (const state of ['hidden', 'veryHidden'] as const) {
    it(`a plan on ${state} sheets: an info line naming the sheet and how to see it (before: nothing said)`, async () => {
      const { file, names } = await withHiddenSheets(state);
      const r = jobplan('validate', file, '--today', '2026-11-23');
      expect(r.stdout).toContain('workbook_hidden_sheet');
      expect(r.stdout).toContain(`values were read from the sheet '${names[0]}', which is ${state === 'hidden' ? 'hidden in Excel' : 'very hidden'}`);
    });
  }

  it('a visible workbook gets no such note', () => {
    expect(jobplan('validate', 'examples/consultant-compliant.xlsx', '--today', '2026-11-23').stdout).not.toContain('workbook_hidden_sheet');
  });
});
