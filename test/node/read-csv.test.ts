/**
 * The CSV / tab-separated reader: encodings (UTF-8 with and without BOM, Windows-1252, UTF-16), delimiters (comma,
 * semicolon, tab), quoting, row numbers equal to line numbers, title lines, parse errors and the size guards; and
 * the folder expansion that says which files it skipped.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCellAt, formatDiagnostic, formatLocation } from '../../src-engine/diagnostics/diagnostic.js';
import { detectDelimiter, readCsvBuffer, readCsvFile } from '../../src-engine/node/read-csv.js';
import { expandInputs } from '../../src-engine/node/read-plans.js';
import type { ReadWorkbookResult } from '../../src-engine/node/read-workbook.js';
import type { CellValue } from '../../src-engine/workbook/snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'jobplan-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function rowsOf(result: ReadWorkbookResult): readonly (readonly CellValue[])[] {
  if (!result.snapshot) throw new Error(`not read: ${result.diagnostics.map(formatDiagnostic).join('; ')}`);
  expect(result.snapshot.sheets).toHaveLength(1);
  return result.snapshot.sheets[0]!.rows;
}

/** Windows-1252 bytes of a string of Latin-1 characters plus the few 1252 extras used here. */
function cp1252(text: string): Uint8Array {
  const extra: Record<string, number> = { '€': 0x80, '–': 0x96, '’': 0x92 };
  return Uint8Array.from([...text].map((ch) => extra[ch] ?? ch.charCodeAt(0)));
}

const REGISTER = 'Job plan ref,Surname forename,Contracted PAs,Job plan meeting\nJP-1,Renée Dupré,10,01/11/2026\n';

describe('readCsvFile: encodings', () => {
  it('reads UTF-8 without a BOM: one sheet named after the file, text trimmed, plain numbers as numbers, dates as text', async () => {
    const path = write('ejp.csv', 'Job plan ref , Grade,PAs,SPA,Meeting,Notes,ESR\n JP-1 ,Consultant,10,-1.5,01/11/2026,,00123\n');
    const result = await readCsvFile(path);
    expect(result.snapshot?.sheets[0]?.name).toBe('ejp');
    expect(result.snapshot?.source).toBe(path);
    expect(result.diagnostics).toEqual([]);
    expect(rowsOf(result)).toEqual([
      ['Job plan ref', 'Grade', 'PAs', 'SPA', 'Meeting', 'Notes', 'ESR'],
      ['JP-1', 'Consultant', 10, -1.5, '01/11/2026', null, '00123'],
    ]);
  });

  it('drops a UTF-8 byte order mark (Excel\'s "CSV UTF-8") from the first header', async () => {
    const result = await readCsvFile(write('bom.csv', `\ufeff${REGISTER}`));
    expect(result.diagnostics).toEqual([]);
    expect(rowsOf(result)[0]![0]).toBe('Job plan ref');
    expect(rowsOf(result)[1]![1]).toBe('Renée Dupré');
  });

  it('reads bytes that are not UTF-8 as Windows-1252, and says so in an info diagnostic', async () => {
    const result = await readCsvFile(write('cp1252.csv', cp1252('Job plan ref,Name,Fee\nJP-1,Zoë Renée Dupré,£450 – O’Neill’s €20\n')));
    expect(rowsOf(result)[1]).toEqual(['JP-1', 'Zoë Renée Dupré', '£450 – O’Neill’s €20']);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([['csv_windows_1252', 'info']]);
    expect(result.diagnostics[0]!.message).toContain('Windows-1252');
  });

  it('does not take UTF-8 for Windows-1252: é and £ in UTF-8 are read as such, with no note', async () => {
    const result = await readCsvFile(write('utf8.csv', 'Job plan ref,Name,Fee\nJP-1,Renée,£450\n'));
    expect(rowsOf(result)[1]).toEqual(['JP-1', 'Renée', '£450']);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads UTF-16 LE with a BOM, tab-separated (Excel\'s "Unicode Text" .txt)', async () => {
    const text = '\ufeffJob plan ref\tName\tContracted PAs\r\nJP-1\tRenée Dupré\t10\r\nJP-2\tŁukasz Nowak\t6\r\n';
    const result = await readCsvFile(write('unicode.txt', Buffer.from(text, 'utf16le')));
    expect(result.diagnostics).toEqual([]);
    expect(result.snapshot?.sheets[0]?.name).toBe('unicode');
    expect(rowsOf(result)).toEqual([['Job plan ref', 'Name', 'Contracted PAs'], ['JP-1', 'Renée Dupré', 10], ['JP-2', 'Łukasz Nowak', 6]]);
  });

  it('reads UTF-16 BE with a BOM', async () => {
    const le = Buffer.from('\ufeffJob plan ref,Name\nJP-1,Renée\n', 'utf16le');
    const be = Buffer.alloc(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1]!;
      be[i + 1] = le[i]!;
    }
    expect(rowsOf(await readCsvFile(write('be.csv', be)))).toEqual([['Job plan ref', 'Name'], ['JP-1', 'Renée']]);
  });

  it('refuses a workbook or other binary file with a text name, with a hint rather than garbage rows', async () => {
    const zip = await readCsvFile(write('renamed.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 0, 0, 0])));
    expect(zip.snapshot).toBeNull();
    expect(zip.diagnostics.map((d) => d.code)).toEqual(['csv_not_text']);
    expect(zip.diagnostics[0]!.message).toContain('.xlsx');
    const binary = await readCsvFile(write('binary.csv', Buffer.from([0x41, 0x42, 0x00, 0x01, 0x43, 0x44, 0x45, 0x46])));
    expect(binary.diagnostics.map((d) => d.code)).toEqual(['csv_not_text']);
  });
});

describe('readCsvFile: delimiters and quoting', () => {
  it('detects semicolons in a .csv (a European Excel), commas inside fields staying text', async () => {
    const result = await readCsvFile(write('semi.csv', 'Job plan ref;Surname, forename;Contracted PAs\nJP-1;Smith, Jane;10\nJP-2;Jones, Bob;6\n'));
    expect(rowsOf(result)).toEqual([['Job plan ref', 'Surname, forename', 'Contracted PAs'], ['JP-1', 'Smith, Jane', 10], ['JP-2', 'Jones, Bob', 6]]);
  });

  it('detects tabs in a .csv, and always uses tabs for .tsv', async () => {
    expect(rowsOf(await readCsvFile(write('tabs.csv', 'Ref\tName\tPAs\nJP-1\tSmith, Jane\t10\n')))[1]).toEqual(['JP-1', 'Smith, Jane', 10]);
    // Many commas and no tab on the data line: a .tsv is still split on tabs only.
    expect(rowsOf(await readCsvFile(write('plain.tsv', 'Ref\tNotes\nJP-1\ta, b, c, d\n')))[1]).toEqual(['JP-1', 'a, b, c, d']);
  });

  it('chooses the delimiter from the data lines, not the title lines above them', () => {
    const titled = 'Job Plan Compliance Export, Cumbria\nGenerated: 01/11/2026, 09:14\n\nRef;Name;PAs\nJP-1;Smith;10\nJP-2;Jones;6\n';
    expect(detectDelimiter(titled)).toBe(';');
    expect(detectDelimiter('Ref,Name;Surname,PAs\nJP-1,"Smith; Jane",10\n')).toBe(',');
    expect(detectDelimiter('sep=;\nRef,Name;x\n')).toBe(';');
  });

  it('keeps commas and line breaks inside quoted fields, with every later record on its own line number', async () => {
    const text = [
      'Ref,Name,Notes,PAs', //                     line 1
      'JP-1,"Smith, Jane","two', //                line 2 (record spans lines 2-4)
      'line ""notes""', //                         line 3
      'here",10', //                               line 4
      'JP-2,"Jones, Bob",,6', //                   line 5
    ].join('\r\n');
    const rows = rowsOf(await readCsvFile(write('quoted.csv', text)));
    expect(rows[1]).toEqual(['JP-1', 'Smith, Jane', 'two\nline "notes"\nhere', 10]);
    expect(rows[2]).toEqual([]);
    expect(rows[3]).toEqual([]);
    // Row index 4 is line 5: a finding at quoted!D5 is line 5 of the file.
    expect(rows[4]).toEqual(['JP-2', 'Jones, Bob', null, 6]);
    expect(rows).toHaveLength(5);
  });

  it('keeps title and blank lines above the header as rows, so the header row is the header line', async () => {
    const text = 'Job Plan Compliance Export,,,\nGenerated: 01/11/2026 09:14,,,\n,,,\n\nJob plan ref,Grade,Contracted PAs,Job plan meeting\nJP-1,Consultant,10,01/09/2026\n';
    const rows = rowsOf(await readCsvFile(write('titled.csv', text)));
    expect(rows.slice(0, 4)).toEqual([['Job Plan Compliance Export'], ['Generated: 01/11/2026 09:14'], [], []]);
    expect(rows[4]).toEqual(['Job plan ref', 'Grade', 'Contracted PAs', 'Job plan meeting']);
    expect(rows[5]).toEqual(['JP-1', 'Consultant', 10, '01/09/2026']);
  });

  it('reports an unclosed quote as csv_parse_error at its line and field, and keeps the records before it', async () => {
    const path = write('broken.csv', 'Ref,Name,PAs\nJP-1,Smith,10\nJP-2,"Jones, Bob,6\nJP-3,Brown,8\n');
    const result = await readCsvFile(path);
    expect(result.diagnostics).toHaveLength(1);
    const d = result.diagnostics[0]!;
    expect(d.code).toBe('csv_parse_error');
    expect(d.severity).toBe('error');
    expect(d.location).toEqual({ file: path, line: 3, col: 2 });
    expect(formatDiagnostic(d)).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:2: csv_parse_error: the quote opening field 2 of line 3 is never closed, so lines 3 to 4 were not read`));
    expect(d.message).not.toMatch(/at .*\.js:\d+/);
    expect(rowsOf(result)).toEqual([['Ref', 'Name', 'PAs'], ['JP-1', 'Smith', 10]]);
  });
});

describe('readCsvFile: size guards', () => {
  it('refuses a file over the byte limit before reading it', async () => {
    const result = await readCsvFile(write('big.csv', 'Ref,Name\n' + 'JP-1,Smith\n'.repeat(200)), { maxBytes: 1000 });
    expect(result.snapshot).toBeNull();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['csv_too_large']);
    expect(result.diagnostics[0]!.message).toMatch(/more than the 0\.0 MB/);
  });

  it('refuses too many lines, too many fields on a line, and too many fields in all', () => {
    const lines = readCsvBuffer(Buffer.from('a\nb\nc\nd\n'), 'lines.csv', { maxRows: 3 });
    expect(lines.snapshot).toBeNull();
    expect(lines.diagnostics[0]!.message).toContain('more than 3 lines');
    expect(readCsvBuffer(Buffer.from('a\nb\nc\n'), 'exact.csv', { maxRows: 3 }).snapshot).not.toBeNull();
    const wide = readCsvBuffer(Buffer.from(`Ref,Name\n${','.repeat(50)}\n`), 'wide.csv', { maxColumns: 20 });
    expect(wide.snapshot).toBeNull();
    expect(wide.diagnostics[0]).toMatchObject({ code: 'csv_too_large', location: { file: 'wide.csv', line: 2, col: 1 } });
    const cells = readCsvBuffer(Buffer.from('a,b,c\n'.repeat(10)), 'cells.csv', { maxCells: 25 });
    expect(cells.diagnostics.map((d) => d.code)).toEqual(['csv_too_large']);
    expect(readCsvBuffer(Buffer.from('a,b,c\n'.repeat(8)), 'cells.csv', { maxCells: 25 }).snapshot).not.toBeNull();
  });

  it('reports an empty file and a missing one as diagnostics', async () => {
    expect((await readCsvFile(write('empty.csv', ''))).diagnostics.map((d) => d.code)).toEqual(['csv_empty']);
    expect((await readCsvFile(join(dir, 'nope.csv'))).diagnostics.map((d) => d.code)).toEqual(['csv_unreadable']);
  });
});

describe('CSV locations', () => {
  it('cites a CSV cell as file:line:field and a CSV row as file:line; workbook cells stay Sheet!A1', () => {
    expect(formatCellAt('exports/ejp.csv', 'ejp', 'F12')).toBe('exports/ejp.csv:12:6');
    expect(formatCellAt('exports/ejp.csv', 'ejp', 'AA3')).toBe('exports/ejp.csv:3:27');
    expect(formatCellAt('exports/ejp.csv', 'ejp', 'A12:AR12')).toBe('exports/ejp.csv:12');
    expect(formatCellAt('exports\\ejp.TSV', 'ejp', 'B2')).toBe('exports\\ejp.TSV:2:2');
    expect(formatCellAt('register.xlsx', 'Register', 'F12')).toBe('Register!F12');
    expect(formatCellAt('exports/ejp.csv', 'Other sheet', 'F12')).toBe("'Other sheet'!F12");
    expect(formatLocation({ file: 'exports/ejp.csv', sheet: 'ejp', cell: 'H7' })).toBe('exports/ejp.csv:7:8');
    expect(formatLocation({ file: 'register.xlsx', sheet: 'Register', cell: 'H7' })).toBe('register.xlsx: Register!H7');
  });
});

describe('expandInputs: folders', () => {
  it('reads .csv/.tsv/.xlsx/.json from a folder and names every file it skips, with why, in one note', () => {
    const folder = join(dir, 'plans');
    mkdirSync(join(folder, 'archive'), { recursive: true });
    for (const name of ['ejp.csv', 'team.tsv', 'notes.docx', 'old.xls', 'budget.ods', '~$ejp.xlsx', 'readme.txt', 'plan.json']) writeFileSync(join(folder, name), 'x');
    const { files, diagnostics } = expandInputs([folder]);
    expect(files.map((f) => f.slice(folder.length + 1))).toEqual(['ejp.csv', 'plan.json', 'team.tsv']);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'input_skipped', severity: 'info' });
    const message = diagnostics[0]!.message;
    expect(message).toContain('skipped 5 files jobplan does not read: ');
    expect(message).toContain('old.xls (save it as an Excel Workbook (.xlsx))');
    expect(message).toContain('budget.ods (save it as an Excel Workbook (.xlsx))');
    expect(message).toContain("~$ejp.xlsx (Excel's lock file)");
    expect(message).toContain('notes.docx');
    expect(message).toContain('readme.txt (name it to read it as tab-separated text)');
    expect(message).not.toContain('archive'); // folders inside are not searched, and not files skipped
  });

  it('says nothing about skipping when a folder holds only what jobplan reads (and folders)', () => {
    const folder = join(dir, 'clean');
    mkdirSync(join(folder, 'old'), { recursive: true });
    writeFileSync(join(folder, 'a.csv'), 'x');
    expect(expandInputs([folder]).diagnostics).toEqual([]);
  });
});
