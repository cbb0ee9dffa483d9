/**
 * The bounds an .xlsx must keep, on each of the three readers: the CLI's normal reader (exceljs), its streaming reader
 * (files of 1 MB and more) and the add-in's browser reader (exceljs's browser build, here the npm package). A sheet
 * past Excel's 1,048,576 rows or 16,384 columns, a DOCTYPE in any part, too many parts or a part larger than its
 * bound is refused with a located diagnostic before anything is allocated for it; a sparse sheet whose one far cell
 * is XFD1048576 is read, and small.
 */
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readXlsxBytes, type ExcelJsModule } from '../../src-addin/browser/xlsx-snapshot.js';
import type { Diagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { readWorkbookBuffer, readWorkbookBufferStreaming, type ReadWorkbookResult } from '../../src-engine/node/read-workbook.js';
import { checkZipDirectory, XmlPartGuard } from '../../src-engine/workbook/xlsx-bounds.js';

let base: Record<string, Uint8Array>;

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Register').getCell('A1').value = 'Job plan ref';
  base = unzipSync(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
});

const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

/** The base workbook with parts replaced (or added). */
function workbook(parts: Record<string, string | Uint8Array>): Uint8Array {
  const files: Zippable = { ...base };
  for (const [name, data] of Object.entries(parts)) files[name] = typeof data === 'string' ? strToU8(data) : data;
  return zipSync(files);
}

function sheet(body: string, before = ''): Uint8Array {
  return workbook({ 'xl/worksheets/sheet1.xml': `${SHEET_HEAD}${before}<sheetData>${body}</sheetData></worksheet>` });
}

type Reader = (bytes: Uint8Array) => Promise<ReadWorkbookResult>;
const readers: Record<string, Reader> = {
  normal: (bytes) => readWorkbookBuffer(bytes, 'plan.xlsx'),
  streaming: (bytes) => readWorkbookBufferStreaming(bytes, 'plan.xlsx', { fallbackToNormalReader: false }),
  browser: (bytes) => readXlsxBytes(ExcelJS as unknown as ExcelJsModule, bytes, 'plan.xlsx'),
};

function only(result: ReadWorkbookResult): Diagnostic {
  expect(result.snapshot).toBeNull();
  expect(result.diagnostics).toHaveLength(1);
  return result.diagnostics[0]!;
}

describe.each(Object.keys(readers))('the %s reader', (name) => {
  const read = readers[name]!;

  it('refuses a cell in row 2,000,000,000 with the sheet and row named', async () => {
    const d = only(await read(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row><row r="2000000000"><c r="A2000000000"><v>1</v></c></row>')));
    expect(d).toMatchObject({ code: 'workbook_beyond_excel_limits', severity: 'error', location: { file: 'plan.xlsx', sheet: 'Register' } });
    expect(d.message).toMatch(/^sheet 'Register' (row |cell A)2000000000 is beyond Excel's last row 1,048,576; the file is not a valid workbook/);
  });

  it('refuses column ZZZZZZZ with the cell named', async () => {
    const d = only(await read(sheet('<row r="1"><c r="ZZZZZZZ1"><v>1</v></c></row>')));
    expect(d).toMatchObject({ code: 'workbook_beyond_excel_limits', location: { sheet: 'Register', cell: 'ZZZZZZZ1' } });
    expect(d.message).toBe("sheet 'Register' cell ZZZZZZZ1 is beyond Excel's last column XFD; the file is not a valid workbook: open it in Excel and save it again, or export it again.");
  });

  it('refuses a used range declared past Excel\'s last row', async () => {
    const d = only(await read(sheet('<row r="1"><c r="A1"><v>1</v></c></row>', '<dimension ref="A1:B2000000000"/>')));
    expect(d.code).toBe('workbook_beyond_excel_limits');
    expect(d.message).toContain('the range A1:B2000000000');
  });

  it('refuses a DOCTYPE in a sheet, in the workbook part and in the content types', async () => {
    const doctype = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>';
    const inSheet = workbook({ 'xl/worksheets/sheet1.xml': `${doctype}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>` });
    expect(only(await read(inSheet)).code).toBe('workbook_doctype');
    const workbookXml = strFromU8(base['xl/workbook.xml']!).replace(/^<\?xml[^>]*\?>/, `${doctype}`);
    expect(only(await read(workbook({ 'xl/workbook.xml': workbookXml }))).code).toBe('workbook_doctype');
    const types = strFromU8(base['[Content_Types].xml']!).replace(/^<\?xml[^>]*\?>/, `${doctype}`);
    expect(only(await read(workbook({ '[Content_Types].xml': types }))).code).toBe('workbook_doctype');
  });

  it('reads a sparse sheet whose far cell is XFD1048576, sharing one empty row for the rows between', async () => {
    const result = await read(sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'));
    expect(result.diagnostics).toEqual([]);
    const rows = result.snapshot!.sheets[0]!.rows;
    expect(rows).toHaveLength(1_048_576);
    expect(rows[0]).toEqual([1]);
    expect(rows[1_048_575]![16_383]).toBe(2);
    expect(rows[1]).toBe(rows[500_000]);
  });

  it('refuses a workbook of more parts than any workbook has', async () => {
    const parts: Record<string, string> = {};
    for (let i = 0; i < 10_001; i++) parts[`xl/media/p${i}.txt`] = '';
    const d = only(await read(workbook(parts)));
    expect(d.code).toBe('workbook_too_large');
    expect(d.message).toMatch(/holds 10,0\d\d parts, more than the 10,000 jobplan reads/);
  });
});

describe('a merged range of the whole sheet', () => {
  const merged = () => workbook({ 'xl/worksheets/sheet1.xml': `${SHEET_HEAD}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c><c r="B1"><v>2</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>` });

  it('is read by the CLI (exceljs would make a cell object for each of its 17 billion cells): only its corner keeps a value', async () => {
    for (const read of [readers.normal!, readers.streaming!]) {
      const result = await read(merged());
      expect(result.diagnostics).toEqual([]);
      expect(result.snapshot!.sheets[0]).toMatchObject({ rows: [['Title']], merges: ['A1:XFD1048576'] });
    }
  });

  it('is refused by the browser reader with what to do', async () => {
    const d = only(await readers.browser!(merged()));
    expect(d.message).toMatch(/merged range of more than a million cells.*unmerge it in Excel/);
  });
});

describe('the browser reader', () => {
  it('refuses a part that inflates past what it declares, as the CLI does', async () => {
    const bytes = sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>${'x'.repeat(100_000)}</t></is></c></row>`);
    // Understate the sheet part's size in the central directory.
    const entries = checkZipDirectory(bytes, 'plan.xlsx');
    if (!Array.isArray(entries)) throw new Error(entries.message);
    const part = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    const lied = bytes.slice();
    new DataView(lied.buffer).setUint32(part.centralOffset + 24, 1000, true);
    const d = only(await readers.browser!(lied));
    expect(d).toMatchObject({ code: 'workbook_too_large', message: expect.stringContaining("part 'xl/worksheets/sheet1.xml' expands beyond the size it declares") });
  });
});

describe('the part guard', () => {
  it('finds a row past the last however the XML is cut into pieces', () => {
    const xml = `${SHEET_HEAD}<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048577"><c r="A1048577"><v>1</v></c></row></sheetData></worksheet>`;
    for (const size of [1, 2, 3, 7, 16, 1000]) {
      const guard = new XmlPartGuard('plan.xlsx', 'xl/worksheets/sheet1.xml', 'Register');
      for (let i = 0; i < xml.length; i += size) guard.feed(xml.slice(i, i + size));
      expect(guard.problem?.code).toBe('workbook_beyond_excel_limits');
    }
  });

  it('reads a quoted ">" in an attribute without losing the row number after it', () => {
    const guard = new XmlPartGuard('plan.xlsx', 'xl/worksheets/sheet1.xml', 'Register');
    guard.feed(`${SHEET_HEAD}<sheetData><row spans=">" r="2000000000"></row></sheetData></worksheet>`);
    expect(guard.problem?.code).toBe('workbook_beyond_excel_limits');
  });
});
