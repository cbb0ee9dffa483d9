/**
 * `jobplan validate` on registers saved as CSV or tab-separated text (run `npm run build` first): each row checked
 * as a plan, findings and diagnostics cited as file:line:field, folders reading CSVs and naming what they skip.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../src-engine/report/report.js';
import { jobplan } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jobplan-csv-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ORG = 'Cumbria Partnership NHS Foundation Trust';
const HEADER = 'Job plan ref,"Surname, forename",Grade,Specialty,Contracted PAs,DCC PAs,SPA PAs,Job plan meeting,Signed by practitioner,Signed by manager,Status,Staff group,Organisation';
/** An e-job-planning export: title lines, a header on line 4, JP-2's specialty holding a line break (lines 6-7). */
const EXPORT = [
  'Job Plan Compliance Export,,,,,,,,,,,,', //                                                              line 1
  'Generated: 01/11/2026 09:14,,,,,,,,,,,,', //                                                             line 2
  '', //                                                                                                    line 3
  HEADER, //                                                                                                line 4
  `JP-1,"Smith, Jane",Consultant,Cardiology,10,7.5,2.5,01/09/2026,05/09/2026,06/09/2026,Signed off,Medical,${ORG}`, // line 5
  `JP-2,"Jones, Bob",Consultant,"Care of the`, //                                                            line 6
  `elderly",10,7.5,2.5,01/09/2026,15/10/2026,06/09/2026,Signed off,Medical,${ORG}`, //                        line 7
  `JP-3,"Brown, Ann",Consultant,Cardiology,10,9,1,01/09/2026,05/09/2026,06/09/2026,Signed off,Medical,${ORG}`, // line 8
  `JP-4,"Green, Tom",Consultant,Cardiology,10,7.5,2.5,31/02/2026,05/09/2026,06/09/2026,Signed off,Medical,${ORG}`, // line 9
].join('\r\n');

function write(path: string, content: string | Uint8Array): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function validateJson(...args: string[]): { status: number | null; report: EvaluationReport } {
  const r = jobplan('validate', ...args, '--today', '2026-11-23', '--policy', 'cpft-job-planning', '--format', 'json');
  if (r.stdout.trim() === '') throw new Error(`no JSON output (exit ${r.status}): ${r.stderr}`);
  return { status: r.status, report: JSON.parse(r.stdout) as EvaluationReport };
}

describe('jobplan validate <register.csv>', () => {
  const csv = write(join(dir, 'exports', 'ejp.csv'), EXPORT);

  it('prints findings and cell problems at file:line:field, not Sheet!A1', () => {
    const r = jobplan('validate', csv, '--today', '2026-11-23', '--policy', 'cpft-job-planning');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(2); // JP-4's impossible date is bad input
    // JP-2 starts on line 6: the practitioner signed (field 9) 44 days after the meeting (field 8).
    expect(r.stdout).toMatch(/signoff\.within-deadline[^\n]*\n[^\n]*after 44 days[^\n]*\n\s+at ([^\n]*, )?\S*ejp\.csv:6:8, \S*ejp\.csv:6:9/);
    expect(r.stdout).toContain(`at ${csv}:8:7`); // JP-3's SPA of 1 PA, field 7 of line 8
    expect(r.stdout).toContain(`${csv}:9:8: workbook_bad_date`); // JP-4's 31/02/2026
    expect(r.stdout).not.toMatch(/ejp!|'ejp'!/);
    expect(r.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
  });

  it('checks one plan per data row, with the cells of the row it starts on', () => {
    const { report } = validateJson(csv);
    expect(report.plans.map((p) => p.ref)).toEqual(['JP-1', 'JP-2', 'JP-3', 'JP-4']);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const jp2 = report.plans.find((p) => p.ref === 'JP-2')!;
    expect(jp2.findings.find((f) => f.ruleId === 'signoff.within-deadline')?.cells).toEqual([{ sheet: 'ejp', cell: 'H6' }, { sheet: 'ejp', cell: 'I6' }]);
    expect(report.plans.find((p) => p.ref === 'JP-1')!.findings).toEqual([]);
  });

  it('writes the same line:field references into the --out findings workbook', async () => {
    const out = join(dir, 'findings.xlsx');
    jobplan('validate', csv, '--today', '2026-11-23', '--policy', 'cpft-job-planning', '--out', out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const rows: string[][] = [];
    wb.getWorksheet('Findings')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const signoff = rows.find((r) => r[0] === 'JP-2' && r[3] === 'signoff.within-deadline');
    expect(signoff?.[6]).toBe(`${csv}:6:8, ${csv}:6:9`);
  });

  it('reads a UTF-16 tab-separated .txt (Excel\'s "Unicode Text") when it is named', () => {
    const tabbed = EXPORT.split('\r\n').slice(3, 5).map((line) => line.replace('"Surname, forename"', 'Practitioner name').replace('"Smith, Jane"', 'Smith Jane').replaceAll(',', '\t')).join('\r\n');
    const txt = write(join(dir, 'unicode', 'Unicode export.txt'), Buffer.from(`\ufeff${tabbed}\r\n`, 'utf16le'));
    const { report } = validateJson(txt);
    expect(report.diagnostics).toEqual([]);
    expect(report.plans.map((p) => [p.ref, p.practitioner])).toEqual([['JP-1', 'Smith Jane']]);
  });

  it('reports an unclosed quote at its line and field, with no stack trace, and exits 2', () => {
    const broken = write(join(dir, 'broken', 'ejp.csv'), `${HEADER}\nJP-1,"Smith, Jane,Consultant,Cardiology,10\n`);
    const r = jobplan('validate', broken, '--today', '2026-11-23');
    expect(r.status).toBe(2);
    expect(r.stdout).toContain(`${broken}:2:2: csv_parse_error: the quote opening field 2 of line 2 is never closed`);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\bat .*\.js:\d+|CsvError/);
  });

  it('reads the CSVs of a folder and names the files it skipped, with why', () => {
    const folder = join(dir, 'folder');
    write(join(folder, 'ejp.csv'), EXPORT);
    for (const name of ['notes.docx', 'old register.xls', '~$register.xlsx']) write(join(folder, name), 'not read');
    const { status, report } = validateJson(folder);
    expect(report.inputs?.map((i) => i.path)).toEqual([join(folder, 'ejp.csv')]);
    expect(report.plans).toHaveLength(4);
    const skipped = report.diagnostics.filter((d) => d.code === 'input_skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.severity).toBe('info');
    expect(skipped[0]!.message).toBe(`${folder}: skipped 3 files jobplan does not read: notes.docx, old register.xls (save it as an Excel Workbook (.xlsx)), ~$register.xlsx (Excel's lock file)`);
    expect(status).toBe(2); // JP-4's bad date, as above: the skipped files alone are not an error
  });

  it('explains an unsupported file named on the command line', () => {
    const ods = write(join(dir, 'other', 'budget.ods'), 'x');
    const r = jobplan('validate', ods, '--today', '2026-11-23');
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('input_unsupported: ');
    expect(r.stdout).toContain('.csv');
    expect(r.stdout).toContain('save it as an Excel Workbook (.xlsx)');
  });
});
