/**
 * The streaming reader (big registers) must give exactly the snapshot and diagnostics of the normal reader, which is
 * the reference: every case is read both ways and compared whole.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import {
  readWorkbookBuffer,
  readWorkbookBufferStreaming,
  readWorkbookFile,
  readZipDirectory,
  scanSheetXml,
  type ReadWorkbookResult,
} from '../../src-engine/node/read-workbook.js';
import { MEDICAL_REGISTER_COLUMNS, writeRegisterWorkbook } from '../../src-engine/node/write-register-workbook.js';

const root = join(import.meta.dirname, '..', '..');

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  // exceljs types its buffer as an ArrayBuffer-like shim; in Node it is a Node Buffer.
  return Buffer.from((await workbook.xlsx.writeBuffer()) as unknown as Buffer);
}

/** Reads the bytes both ways, checks they agree, and returns the (common) result. */
async function bothWays(bytes: Uint8Array, source = 'mem.xlsx'): Promise<ReadWorkbookResult> {
  const normal = await readWorkbookBuffer(bytes, source);
  const streamed = await readWorkbookBufferStreaming(bytes, source, { fallbackToNormalReader: false });
  expect(streamed).toEqual(normal);
  return streamed;
}

function unzip(buffer: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const e of readZipDirectory(buffer) ?? []) {
    const p = e.localHeaderOffset;
    const start = p + 30 + buffer.readUInt16LE(p + 26) + buffer.readUInt16LE(p + 28);
    const raw = buffer.subarray(start, start + e.compressedSize);
    files.set(e.name, e.method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
  }
  return files;
}

/** A minimal zip writer, so tests can put hand-written XML parts into a workbook (and lie about sizes). */
function zip(files: readonly { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const body = deflateRawSync(file.data);
    const name = Buffer.from(file.name, 'utf8');
    const size = file.declaredSize ?? file.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc32(file.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc32(file.data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function rezip(files: Map<string, Buffer>, order?: readonly string[]): Buffer {
  const names = order ?? [...files.keys()];
  return zip(names.map((name) => ({ name, data: files.get(name)! })));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jobplan-stream-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the streaming reader gives the normal reader\'s snapshot', () => {
  it('for every kind of value exceljs writes', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Values');
    ws.getCell('A1').value = '  Plan reference :  ';
    ws.getCell('B1').value = '\u00a0JP-1\u00a0';
    ws.getCell('C1').value = '   ';
    ws.getCell('D1').value = '';
    ws.getCell('A2').value = 7.5;
    ws.getCell('B2').value = -0.25;
    ws.getCell('C2').value = 42896; // a number that looks like a date serial, without a date format
    ws.getCell('D2').value = true;
    ws.getCell('E2').value = false;
    ws.getCell('A3').value = new Date(Date.UTC(2017, 3, 28));
    ws.getCell('A3').numFmt = 'dd/mm/yyyy';
    ws.getCell('B3').value = new Date(Date.UTC(2026, 10, 23, 15, 30));
    ws.getCell('B3').numFmt = 'd mmm yyyy hh:mm';
    ws.getCell('C3').value = 0.75;
    ws.getCell('C3').numFmt = '0%';
    ws.getCell('D3').value = 1234.5;
    ws.getCell('D3').numFmt = '"£"#,##0.00';
    ws.getCell('A4').value = { formula: 'SUM(A2:B2)', result: 7.25 };
    ws.getCell('B4').value = { formula: 'A1&"x"', result: 'text & <result>' };
    ws.getCell('C4').value = { formula: 'A2>5', result: true };
    ws.getCell('D4').value = { formula: '1/0', result: { error: '#DIV/0!' } };
    ws.getCell('E4').value = { formula: 'NOW()' };
    ws.getCell('F4').value = { formula: 'DATE(2026,3,1)', result: 46082 };
    ws.getCell('F4').numFmt = 'dd/mm/yyyy';
    ws.getCell('A5').value = { formula: 'B5*2', result: 2, shareType: 'shared', ref: 'A5:A6' } as ExcelJS.CellFormulaValue;
    ws.getCell('A6').value = { sharedFormula: 'A5', result: 4 };
    ws.getCell('A7').value = { richText: [{ text: 'Ward ', font: { bold: true } }, { text: 'round' }] };
    ws.getCell('B7').value = { text: 'NHS Employers', hyperlink: 'https://www.nhsemployers.org' };
    ws.getCell('C7').value = { error: '#N/A' };
    ws.getCell('D7').value = 'line one\r\nline two & "three" <four>';
    ws.getCell('E7').value = 'Café — 🩺 ✓';
    ws.getCell('H9').value = 'after a gap';
    ws.getCell('A11').value = 'merged';
    ws.mergeCells('A11:C12');
    ws.getCell('A14').value = 'trailing';
    const hidden = wb.addWorksheet('Lookups', { state: 'hidden' });
    hidden.getCell('A1').value = 'Consultant';
    wb.addWorksheet('Secret', { state: 'veryHidden' }).getCell('B2').value = 2;
    wb.addWorksheet('Empty');
    const result = await bothWays(await toBuffer(wb));
    expect(result.snapshot!.sheets.map((s) => s.name)).toEqual(['Values', 'Lookups', 'Secret', 'Empty']);
    const values = result.snapshot!.sheets[0]!.rows;
    expect(values[2]).toEqual(['2017-04-28', '2026-11-23', 0.75, 1234.5]);
    expect(values[3]).toEqual([7.25, 'text & <result>', true, null, null, '2026-03-01']);
    expect(values[10]).toEqual(['merged']);
    expect(result.diagnostics.map((d) => d.location)).toEqual([
      { file: 'mem.xlsx', sheet: 'Values', cell: 'D4' },
      { file: 'mem.xlsx', sheet: 'Values', cell: 'C7' },
    ]);
  });

  it('in a 1904-date-system workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('Dates');
    ws.getCell('A1').value = new Date(Date.UTC(2017, 3, 28));
    ws.getCell('A1').numFmt = 'dd/mm/yyyy';
    ws.getCell('A2').value = 41026;
    ws.getCell('A2').numFmt = 'yyyy-mm-dd';
    const result = await bothWays(await toBuffer(wb));
    expect(result.snapshot!.sheets[0]!.rows[0]).toEqual(['2017-04-28']);
  });

  it('for every example workbook, single plans and registers', async () => {
    const examples = join(root, 'examples');
    const files = [
      ...(await readdir(examples)).filter((n) => n.endsWith('.xlsx')).map((n) => join(examples, n)),
      ...(await readdir(join(examples, 'template'))).filter((n) => n.endsWith('.xlsx')).map((n) => join(examples, 'template', n)),
    ];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const bytes = await readFile(file);
      expect(await readWorkbookBufferStreaming(bytes, file, { fallbackToNormalReader: false }), file).toEqual(await readWorkbookBuffer(bytes, file));
    }
  });

  it('for a register written by the streaming writer (sheets before shared strings), and readWorkbookFile streams big files', async () => {
    const plans = function* (): Generator<JobPlan> {
      for (let i = 0; i < 3000; i++) {
        yield {
          plan_ref: `JP-${i}`, practitioner_name: `Surname${i % 97}, Forename${i % 31}`, grade: i % 3 ? 'Consultant' : 'Specialty doctor',
          contracted_pas: 10, declared_dcc_pas: 7.5, declared_spa_pas: i % 7 ? 2.5 : 1, meeting_date: `2026-0${1 + (i % 9)}-1${i % 10}`,
          status: 'signed off', on_call_rota: i % 2 === 0, pas_paid: i % 11 ? 10 : 11,
        };
      }
    };
    const path = join(dir, 'register.xlsx');
    await writeRegisterWorkbook(plans(), path, { columns: MEDICAL_REGISTER_COLUMNS });
    const bytes = await readFile(path);
    const streamed = await bothWays(bytes, path);
    expect(streamed.snapshot!.sheets[0]!.rows).toHaveLength(3002);
    expect(await readWorkbookFile(path, { streamFromBytes: 0 })).toEqual(streamed);
    expect(await readWorkbookFile(path, { streamFromBytes: Infinity })).toEqual(streamed);
  });

  it('for XML only other writers produce: inline strings, escapes, entities, comments, CDATA, odd spacing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Register');
    ws.getCell('A1').value = 'shared';
    ws.getCell('B1').value = new Date(Date.UTC(2026, 0, 1));
    ws.getCell('B1').numFmt = 'dd/mm/yyyy';
    const files = unzip(await toBuffer(wb));
    const sheetXml = files.get('xl/worksheets/sheet1.xml')!.toString('utf8');
    const dateStyle = /<c r="B1" s="(\d+)"/.exec(sheetXml)![1]!;
    const rows = [
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="' + dateStyle + '"><v>46023</v></c></row>',
      // inline strings, plain and rich; a str cell whose text is decoded twice by exceljs; a t="d" cell (read as a number)
      "<row r='2' spans='1:6'>\n  <c r='A2' t='inlineStr'><is><t xml:space='preserve'>  Bell &amp; Co  </t></is></c>\n  <c r=\"B2\" t=\"inlineStr\"><is><r><rPr><b/></rPr><t>Ward </t></r><r><t>_x000D_round</t></r></is></c>\n  <c r=\"C2\" t=\"str\"><v>a &amp;lt; b</v></c><c r=\"D2\" t=\"d\"><v>2026-01-02</v></c><c r=\"E2\" t=\"b\"><v>1</v></c><c r=\"F2\" t=\"e\"><v>#REF!</v></c>\n</row>",
      // formulas: shared, a string result, a boolean result and an error result; a comment and CDATA between cells;
      // results 0 and FALSE, which the normal reader (exceljs's FormulaValue) drops
      '<row r="3"><c r="A3"><f t="shared" ref="A3:A4" si="0">1+1</f><v>2</v></c><!-- a note --><c r="B3" t="str"><f>A1</f><v>x &#x41;&#66;</v></c><c r="C3" t="b"><f>TRUE()</f><v>1</v></c><c r="D3" t="e"><f>NA()</f><v>#N/A</v></c><c r="E3" t="inlineStr"><is><t><![CDATA[cdata]]>kept</t></is></c><c r="F3"><f>A1-A1</f><v>0</v></c><c r="G3" t="b"><f>FALSE()</f><v>0</v></c></row>',
      '<row r="4"><c r="A4"><f t="shared" si="0"/><v>3</v></c><c r="B4" s="' + dateStyle + '"><f>B1+1</f><v>46024</v></c><c r="C4" t="s"><v>1</v></c><c r="D4"><v></v></c></row>',
      '<row r="6"><c r="C6"><v>1.5E+1</v></c></row>',
    ];
    files.set('xl/worksheets/sheet1.xml', Buffer.from(sheetXml.replace(/<sheetData>[\s\S]*<\/sheetData>/, `<sheetData>${rows.join('')}</sheetData>`)));
    const shared = files.get('xl/sharedStrings.xml')!.toString('utf8').replace(/<sst[^>]*>[\s\S]*<\/sst>/, '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>shared</t></si><si><t>line_x000D_\nbreak</t></si></sst>');
    files.set('xl/sharedStrings.xml', Buffer.from(shared));
    const result = await bothWays(rezip(files));
    expect(result.snapshot!.sheets[0]!.rows).toEqual([
      ['shared', '2026-01-01'],
      ['Bell & Co', 'Ward \rround', 'a < b', 2026, true],
      [2, 'x AB', true, null, 'kept'],
      [3, '2026-01-02', 'line\r\nbreak'],
      [],
      [null, null, 15],
    ]);
    expect(result.diagnostics.map((d) => d.location && 'cell' in d.location ? d.location.cell : '')).toEqual(['F2', 'D3']);
  });

  it('with the sheet parts before or after the shared strings, and sheets in workbook order', async () => {
    const wb = new ExcelJS.Workbook();
    for (const name of ['Zeta', 'Alpha', 'Middle']) wb.addWorksheet(name).getCell('A1').value = `${name} text`;
    const files = unzip(await toBuffer(wb));
    const names = [...files.keys()];
    const sheetsFirst = [...names.filter((n) => n.startsWith('xl/worksheets/')).reverse(), ...names.filter((n) => !n.startsWith('xl/worksheets/'))];
    const result = await bothWays(rezip(files, sheetsFirst));
    expect(result.snapshot!.sheets.map((s) => s.name)).toEqual(['Zeta', 'Alpha', 'Middle']);
  });
});

describe('the sheet scanner', () => {
  const xml = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Café &amp; “quotes” 🩺</t></is></c><c r="C1" s="3"><v>46023</v></c></row>',
    '<row r="3"><c r="AB3"><v>12.5</v></c><c r="A3" t="e"><v>#VALUE!</v></c></row>',
    '</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>',
  ].join('');

  it('gives the same sheet however the XML is cut into pieces', () => {
    const whole = scanSheetXml('S', [xml], { sharedStrings: ['Plan'], dateStyleIds: [3] });
    expect(whole.sheet.rows).toEqual([['Plan', null, '2026-01-01'], [], [...Array<null>(27).fill(null), 12.5]]);
    expect(whole.diagnostics.map((d) => d.location)).toEqual([{ file: 'sheet.xml', sheet: 'S', cell: 'A3' }]);
    for (const size of [1, 2, 3, 7, 64]) {
      const pieces: string[] = [];
      for (let i = 0; i < xml.length; i += size) pieces.push(xml.slice(i, i + size));
      expect(scanSheetXml('S', pieces, { sharedStrings: ['Plan'], dateStyleIds: [3] })).toEqual(whole);
    }
  });

  it('reads the text of a non-merged cell, and numbers the rows by their r attribute', () => {
    const { sheet } = scanSheetXml('S', ['<worksheet><sheetData><row r="2"><c r="B2" t="inlineStr"><is><t>Café &amp; “quotes” 🩺</t></is></c></row></sheetData></worksheet>']);
    expect(sheet.rows).toEqual([[], [null, 'Café & “quotes” 🩺']]);
  });
});

describe('guards apply to the streaming reader too', () => {
  const workbookXml = Buffer.from('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>');

  it('the same codes for files that are not workbooks, too large, or lying about their size', async () => {
    const codes = (r: ReadWorkbookResult): string[] => r.diagnostics.map((d) => d.code);
    expect(codes(await readWorkbookBufferStreaming(Buffer.from('Plan ref,Name\nJP-1,Bell'), 'register.csv.xlsx'))).toEqual(['workbook_not_xlsx']);
    const huge = zip([{ name: 'xl/workbook.xml', data: workbookXml }, { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>'), declaredSize: 300 * 1024 * 1024 }]);
    expect(codes(await readWorkbookBufferStreaming(huge, 'bomb.xlsx'))).toEqual(['workbook_too_large']);
    const liar = zip([{ name: 'xl/workbook.xml', data: workbookXml }, { name: 'xl/sharedStrings.xml', data: Buffer.alloc(1024 * 1024, 0x41), declaredSize: 100 }]);
    const lied = await readWorkbookBufferStreaming(liar, 'liar.xlsx');
    expect(codes(lied)).toEqual(['workbook_too_large']);
    expect(lied.diagnostics[0]!.message).toContain('xl/sharedStrings.xml');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Register').getCell('A1').value = 'x';
    expect(codes(await readWorkbookBufferStreaming(await toBuffer(wb), 'small.xlsx', { maxUncompressedBytes: 1000 }))).toEqual(['workbook_too_large']);
  });

  it('a workbook the streaming path cannot read is read (or refused) as the normal reader does', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Details').getCell('A1').value = 'x';
    const files = unzip(await toBuffer(wb));
    files.set('xl/workbook.xml', Buffer.from('<workbook><sheets><sheet name="Details" sheetId="1" r:id="rId'));
    const broken = rezip(files);
    const streamed = await readWorkbookBufferStreaming(broken, 'broken.xlsx');
    expect(streamed).toEqual(await readWorkbookBuffer(broken, 'broken.xlsx'));
    expect(streamed.diagnostics.map((d) => d.code)).toEqual(['workbook_unreadable']);
    const strict = await readWorkbookBufferStreaming(broken, 'broken.xlsx', { fallbackToNormalReader: false });
    expect(strict.diagnostics.map((d) => d.code)).toEqual(['workbook_unreadable']);
  });

  it('reading never modifies the file', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Register').getCell('A1').value = 'Job plan ref';
    const path = join(dir, 'untouched.xlsx');
    const bytes = await toBuffer(wb);
    await writeFile(path, bytes);
    await readWorkbookFile(path, { streamFromBytes: 0 });
    expect((await readFile(path)).equals(bytes)).toBe(true);
  });
});
