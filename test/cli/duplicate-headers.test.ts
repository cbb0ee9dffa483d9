import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jobplan } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jobplan-dup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ORG = 'Cumbria Partnership NHS Foundation Trust';
const HEADER = 'Job plan ref,"Surname, forename",Grade,Specialty,Contracted PAs,DCC PAs,SPA PAs,Job plan meeting,Signed by practitioner,Signed by manager,Status,Staff group,Organisation';

describe('ambiguous register headers (built CLI)', () => {
  it('two "Contracted PAs" columns: a located warning naming both and the one read (it was the first, silently)', () => {
    const file = join(dir, 'ejp.csv');
    writeFileSync(file, `${HEADER},Contracted PAs\nJP-1,"Smith, Jane",Consultant,Cardiology,10,7.5,2.5,01/09/2026,05/09/2026,06/09/2026,Signed off,Medical,${ORG},12\n`);
    const r = jobplan('validate', file, '--today', '2026-11-23');
    expect(r.stdout).toContain(`${file}:1:14: warning: workbook_duplicate_header: two columns are headed for contracted_pas: E ('Contracted PAs') and N ('Contracted PAs'); jobplan read column E`);
  });

  it('one column per field: no such warning', () => {
    const file = join(dir, 'clean.csv');
    writeFileSync(file, `${HEADER}\nJP-1,"Smith, Jane",Consultant,Cardiology,10,7.5,2.5,01/09/2026,05/09/2026,06/09/2026,Signed off,Medical,${ORG}\n`);
    expect(jobplan('validate', file, '--today', '2026-11-23').stdout).not.toContain('workbook_duplicate_header');
  });
});
