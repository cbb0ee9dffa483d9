import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isoDateFromJsDate,
  normaliseExcelJsValue,
  readWorkbookBuffer,
  readWorkbookFile,
  readZipDirectory,
  type ReadWorkbookResult,
} from '../../src-engine/node/read-workbook.js';
import type { SheetSnapshot } from '../../src-engine/workbook/snapshot.js';

// ---------------------------------------------------------------------------------------------------------------
// Helpers: build workbooks with exceljs, and craft zip bytes by hand for the guards

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  // exceljs types its buffer as an ArrayBuffer-like shim; in Node it is a Node Buffer.
  return Buffer.from((await workbook.xlsx.writeBuffer()) as unknown as Buffer);
}

async function readOne(build: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void, sheetName = 'Sheet1'): Promise<{ sheet: SheetSnapshot; result: ReadWorkbookResult }> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet(sheetName), wb);
  const result = await readWorkbookBuffer(await toBuffer(wb), 'mem.xlsx');
  const sheet = result.snapshot?.sheets.find((s) => s.name === sheetName);
  if (!sheet) throw new Error(`sheet ${sheetName} missing: ${JSON.stringify(result.diagnostics)}`);
  return { sheet, result };
}

interface ZipSpec {
  readonly name: string;
  readonly data: Buffer;
  /** 0 stored, 8 deflate (default). */
  readonly method?: 0 | 8;
  /** Overrides the uncompressed size written in the headers (to lie about it). */
  readonly declaredSize?: number;
  readonly flags?: number;
  /** Writes 0xFFFFFFFF sizes plus a zip64 extra field carrying these 8-byte sizes. */
  readonly zip64?: boolean;
}

/** A minimal zip writer (no dependency), so tests control every header field the guard reads. */
function makeZip(specs: readonly ZipSpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const spec of specs) {
    const method = spec.method ?? 8;
    const body = method === 8 ? deflateRawSync(spec.data) : spec.data;
    const name = Buffer.from(spec.name, 'utf8');
    const size = spec.declaredSize ?? spec.data.length;
    const extra = spec.zip64 ? Buffer.alloc(4 + 16) : Buffer.alloc(0);
    if (spec.zip64) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
    }
    const size32 = spec.zip64 ? 0xffffffff : size;
    const comp32 = spec.zip64 ? 0xffffffff : body.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(spec.zip64 ? 45 : 20, 4);
    local.writeUInt16LE(spec.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc32(spec.data), 14);
    local.writeUInt32LE(comp32, 18);
    local.writeUInt32LE(size32, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(spec.zip64 ? 45 : 20, 6);
    central.writeUInt16LE(spec.flags ?? 0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc32(spec.data), 16);
    central.writeUInt32LE(comp32, 20);
    central.writeUInt32LE(size32, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, extra, body);
    centrals.push(central, name, extra);
    offset += local.length + name.length + extra.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(specs.length, 8);
  end.writeUInt16LE(specs.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Unpacks an exceljs-written zip so a test can edit its parts and pack them again with makeZip. */
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

function rezip(files: Map<string, Buffer>): Buffer {
  return makeZip([...files].map(([name, data]) => ({ name, data })));
}

const MINIMAL_WORKBOOK_XML = Buffer.from('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>');

function codes(result: ReadWorkbookResult): string[] {
  return result.diagnostics.map((d) => d.code);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jobplan-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------

describe('normalising cell values', () => {
  it('a Date cell reads as its ISO calendar date', async () => {
    const { sheet } = await readOne((ws) => {
      ws.getCell('A1').value = new Date(Date.UTC(2017, 3, 28));
      ws.getCell('A1').numFmt = 'dd/mm/yyyy';
    });
    expect(sheet.rows).toEqual([['2017-04-28']]);
  });

  it('a date with a time of day reads as its UTC date part', () => {
    expect(isoDateFromJsDate(new Date(Date.UTC(2026, 10, 23, 23, 59, 59)))).toBe('2026-11-23');
    // An invalid Date (a date-formatted number Excel cannot show) is reported, never read as empty without a word.
    expect(normaliseExcelJsValue(new Date(Number.NaN))).toEqual({ error: 'not a date' });
  });

  it('a date in a 1904-date-system workbook reads as the same calendar date', async () => {
    const { sheet } = await readOne((ws, wb) => {
      wb.properties.date1904 = true;
      ws.getCell('A1').value = new Date(Date.UTC(2026, 9, 1));
      ws.getCell('A1').numFmt = 'dd/mm/yyyy';
    });
    expect(sheet.rows).toEqual([['2026-10-01']]);
  });

  it('a number stays a number, even one that looks like a date serial', async () => {
    const { sheet } = await readOne((ws) => {
      ws.getCell('A1').value = 46_000;
      ws.getCell('B1').value = 7.5;
      ws.getCell('C1').value = 0;
    });
    expect(sheet.rows).toEqual([[46_000, 7.5, 0]]);
  });

  it('whitespace-only text reads as null and other text is trimmed', async () => {
    const { sheet } = await readOne((ws) => {
      ws.getCell('A1').value = '   ';
      ws.getCell('B1').value = '\u00a0 ';
      ws.getCell('C1').value = '  MDT meeting  ';
    });
    expect(sheet.rows).toEqual([[null, null, 'MDT meeting']]);
  });

  it('a formula cell reads as its cached result', async () => {
    const { sheet } = await readOne((ws) => {
      ws.getCell('A1').value = { formula: '4+6', result: 10 };
      ws.getCell('B1').value = { formula: '"Ward"&" round"', result: 'Ward round' };
      ws.getCell('C1').value = { formula: 'TRUE()', result: true };
    });
    expect(sheet.rows).toEqual([[10, 'Ward round', true]]);
  });

  it('a formula cell without a cached result reads as null', async () => {
    const { sheet } = await readOne((ws) => {
      ws.getCell('A1').value = { formula: 'SUM(B2:B9)' } as ExcelJS.CellFormulaValue;
      ws.getCell('B1').value = 'after';
    });
    expect(sheet.rows).toEqual([[null, 'after']]);
  });

  it('a shared formula reads as its own cached result', async () => {
    const { sheet } = await readOne((ws) => {
      ws.getCell('A1').value = { formula: 'B1*2', result: 2, shareType: 'shared', ref: 'A1:A2' } as ExcelJS.CellFormulaValue;
      ws.getCell('A2').value = { sharedFormula: 'A1', result: 4 };
    });
    expect(sheet.rows.map((r) => r[0])).toEqual([2, 4]);
  });

  it('rich text reads as its runs concatenated', async () => {
    const { sheet } = await readOne((ws) => {
      ws.getCell('A1').value = { richText: [{ text: 'Ward ' }, { font: { bold: true }, text: 'round' }] };
    });
    expect(sheet.rows).toEqual([['Ward round']]);
  });

  it('a hyperlink reads as its display text', async () => {
    const { sheet } = await readOne((ws) => {
      ws.getCell('A1').value = { text: 'CPFT policy', hyperlink: 'https://example.org/policy.pdf' };
    });
    expect(sheet.rows).toEqual([['CPFT policy']]);
    expect(normaliseExcelJsValue({ text: { richText: [{ text: 'rich ' }, { text: 'link' }] }, hyperlink: 'x' })).toBe('rich link');
    expect(normaliseExcelJsValue({ hyperlink: 'https://example.org' })).toBe('https://example.org');
  });

  it('an error cell reads as null with a workbook_cell_error warning naming the sheet and cell', async () => {
    const { sheet, result } = await readOne((ws) => {
      ws.getCell('A4').value = 'PAs';
      ws.getCell('C4').value = { error: '#N/A' };
      ws.getCell('D4').value = { formula: '1/0', result: { error: '#DIV/0!' } };
    }, 'Timetable');
    expect(sheet.rows[3]).toEqual(['PAs']);
    expect(result.diagnostics).toEqual([
      { code: 'workbook_cell_error', severity: 'warning', message: expect.stringContaining('#N/A'), location: { file: 'mem.xlsx', sheet: 'Timetable', cell: 'C4' } },
      { code: 'workbook_cell_error', severity: 'warning', message: expect.stringContaining('#DIV/0!'), location: { file: 'mem.xlsx', sheet: 'Timetable', cell: 'D4' } },
    ]);
  });

  it('many error cells give at most 20 warnings plus one summary', async () => {
    const { result } = await readOne((ws) => {
      for (let r = 1; r <= 25; r++) ws.getCell(r, 1).value = { error: '#REF!' };
    });
    expect(result.diagnostics).toHaveLength(21);
    expect(result.diagnostics[20]!.message).toMatch(/^5 more cell/);
  });

  it('booleans stay booleans', async () => {
    const { sheet } = await readOne((ws) => {
      ws.getCell('A1').value = true;
      ws.getCell('B1').value = false;
    });
    expect(sheet.rows).toEqual([[true, false]]);
  });

  it('trailing empty cells and rows are trimmed but inner gaps are kept', async () => {
    const { sheet } = await readOne((ws) => {
      ws.getCell('A1').value = 'x';
      ws.getCell('B1').value = '';
      ws.getCell('C1').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } };
      ws.getCell('B3').value = 'y';
      ws.getCell('A5').value = '  ';
      ws.getCell('H9').border = { top: { style: 'thin' } };
    });
    expect(sheet.rows).toEqual([['x'], [], [null, 'y']]);
  });

  it('rows start at A1 even when the used range starts lower', async () => {
    const { sheet } = await readOne((ws) => {
      ws.getCell('C3').value = 'first';
    });
    expect(sheet.rows).toEqual([[], [], [null, null, 'first']]);
  });

  it('in merged cells only the top-left cell holds the value', async () => {
    const { sheet } = await readOne((ws) => {
      ws.getCell('A1').value = 'Job plan';
      ws.mergeCells('A1:B2');
      ws.getCell('C1').value = 'c1';
      ws.getCell('C2').value = 'c2';
    });
    expect(sheet.rows).toEqual([['Job plan', null, 'c1'], [null, null, 'c2']]);
  });
});

describe('sheets', () => {
  it('hidden and very hidden sheets are included, in workbook order', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Details').getCell('A1').value = 'd';
    const hidden = wb.addWorksheet('Lookups', { state: 'hidden' });
    hidden.getCell('A1').value = 'l';
    wb.addWorksheet('Secret', { state: 'veryHidden' }).getCell('A1').value = 's';
    wb.addWorksheet('Empty');
    const { snapshot } = await readWorkbookBuffer(await toBuffer(wb), 'mem.xlsx');
    expect(snapshot?.sheets.map((s) => s.name)).toEqual(['Details', 'Lookups', 'Secret', 'Empty']);
    expect(snapshot?.sheets[3]?.rows).toEqual([]);
    expect(snapshot?.source).toBe('mem.xlsx');
  });

  it('chart sheets are skipped and the worksheets around them still read', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Details').getCell('A1').value = 'd';
    wb.addWorksheet('Timetable').getCell('A1').value = 't';
    const files = unzip(await toBuffer(wb));
    const book = files.get('xl/workbook.xml')!.toString('utf8').replace('</sheets>', '<sheet name="PA chart" sheetId="99" r:id="rIdChart"/></sheets>');
    files.set('xl/workbook.xml', Buffer.from(book));
    const rels = files.get('xl/_rels/workbook.xml.rels')!.toString('utf8').replace(
      '</Relationships>',
      '<Relationship Id="rIdChart" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>',
    );
    files.set('xl/_rels/workbook.xml.rels', Buffer.from(rels));
    files.set('xl/chartsheets/sheet1.xml', Buffer.from('<?xml version="1.0"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>'));
    const result = await readWorkbookBuffer(rezip(files), 'chart.xlsx');
    expect(result.diagnostics).toEqual([]);
    expect(result.snapshot?.sheets.map((s) => s.name)).toEqual(['Details', 'Timetable']);
  });
});

describe('guards', () => {
  it('a missing file is workbook_unreadable, not an exception', async () => {
    const path = join(dir, 'no-such-plan.xlsx');
    const result = await readWorkbookFile(path);
    expect(result.snapshot).toBeNull();
    expect(result.diagnostics).toEqual([{ code: 'workbook_unreadable', severity: 'error', message: expect.stringContaining(path), location: { file: path, line: 1, col: 1 } }]);
  });

  it('a folder is workbook_unreadable', async () => {
    expect(codes(await readWorkbookFile(dir))).toEqual(['workbook_unreadable']);
  });

  it('a text file renamed .xlsx is workbook_not_xlsx and says to save as Excel Workbook (.xlsx)', async () => {
    const path = join(dir, 'register.xlsx');
    await writeFile(path, 'Plan reference,Practitioner name\nJP-1,Dr A\n');
    const result = await readWorkbookFile(path);
    expect(codes(result)).toEqual(['workbook_not_xlsx']);
    expect(result.diagnostics[0]!.message).toContain('Excel Workbook (.xlsx)');
    expect(result.diagnostics[0]!.message).toContain('text file');
  });

  it('an HTML page saved with an Excel name is workbook_not_xlsx and says so', async () => {
    const result = await readWorkbookBuffer(Buffer.from('\ufeff<html><body><table><tr><td>JP-1</td></tr></table></body></html>'), 'esr-export.xls');
    expect(codes(result)).toEqual(['workbook_not_xlsx']);
    expect(result.diagnostics[0]!.message).toContain('web page or XML');
  });

  it('an empty file is workbook_not_xlsx', async () => {
    expect(codes(await readWorkbookBuffer(new Uint8Array(0), 'empty.xlsx'))).toEqual(['workbook_not_xlsx']);
  });

  it('a legacy .xls (compound file) is workbook_not_xlsx', async () => {
    const cfb = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb);
    Buffer.from('Workbook', 'utf16le').copy(cfb, 1024);
    const result = await readWorkbookBuffer(cfb, 'old.xls');
    expect(codes(result)).toEqual(['workbook_not_xlsx']);
    expect(result.diagnostics[0]!.message).toContain('.xls');
  });

  it('a password-protected .xlsx (compound file with EncryptedPackage) is workbook_encrypted', async () => {
    const cfb = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb);
    Buffer.from('EncryptionInfo', 'utf16le').copy(cfb, 1024);
    Buffer.from('EncryptedPackage', 'utf16le').copy(cfb, 1152);
    const result = await readWorkbookBuffer(cfb, 'locked.xlsx');
    expect(codes(result)).toEqual(['workbook_encrypted']);
    expect(result.diagnostics[0]!.message).toMatch(/password/);
  });

  it('a zip with encrypted entries is workbook_encrypted', async () => {
    const zip = makeZip([{ name: 'xl/workbook.xml', data: MINIMAL_WORKBOOK_XML, flags: 1 }]);
    expect(codes(await readWorkbookBuffer(zip, 'zipcrypto.xlsx'))).toEqual(['workbook_encrypted']);
  });

  it('a zip that is not a workbook (e.g. a .docx) is workbook_not_xlsx', async () => {
    const zip = makeZip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
    expect(codes(await readWorkbookBuffer(zip, 'letter.xlsx'))).toEqual(['workbook_not_xlsx']);
  });

  it('an Excel binary workbook (.xlsb) is workbook_not_xlsx', async () => {
    const zip = makeZip([{ name: 'xl/workbook.bin', data: Buffer.from([1, 2, 3]) }]);
    const result = await readWorkbookBuffer(zip, 'plan.xlsb');
    expect(codes(result)).toEqual(['workbook_not_xlsx']);
    expect(result.diagnostics[0]!.message).toContain('.xlsb');
  });

  it('a truncated workbook is workbook_unreadable', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Details').getCell('A1').value = 'x';
    const bytes = await toBuffer(wb);
    expect(codes(await readWorkbookBuffer(bytes.subarray(0, Math.floor(bytes.length / 2)), 'half.xlsx'))).toEqual(['workbook_unreadable']);
  });

  it('a workbook whose XML is broken is workbook_unreadable, not an exception', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Details').getCell('A1').value = 'x';
    const files = unzip(await toBuffer(wb));
    files.set('xl/worksheets/sheet1.xml', Buffer.from('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'));
    files.set('xl/workbook.xml', Buffer.from('<workbook><sheets><sheet name="Details" sheetId="1" r:id="rId'));
    const result = await readWorkbookBuffer(rezip(files), 'broken.xlsx');
    expect(result.snapshot).toBeNull();
    expect(codes(result)).toEqual(['workbook_unreadable']);
  });

  it('a zip declaring a huge uncompressed size is workbook_too_large before anything is inflated', async () => {
    const zip = makeZip([
      { name: 'xl/workbook.xml', data: MINIMAL_WORKBOOK_XML },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>'), declaredSize: 300 * 1024 * 1024 },
    ]);
    const result = await readWorkbookBuffer(zip, 'bomb.xlsx');
    expect(codes(result)).toEqual(['workbook_too_large']);
    expect(result.diagnostics[0]!.message).toContain('300 MB');
  });

  it('zip64 sizes in the extra field are honoured by the size guard', async () => {
    const zip = makeZip([
      { name: 'xl/workbook.xml', data: MINIMAL_WORKBOOK_XML },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>'), declaredSize: 5 * 1024 ** 3, zip64: true },
    ]);
    expect(readZipDirectory(zip)?.[1]?.uncompressedSize).toBe(5 * 1024 ** 3);
    expect(codes(await readWorkbookBuffer(zip, 'bomb64.xlsx'))).toEqual(['workbook_too_large']);
  });

  it('maxUncompressedBytes lowers the size limit', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Details').getCell('A1').value = 'x';
    const bytes = await toBuffer(wb);
    expect(codes(await readWorkbookBuffer(bytes, 'small.xlsx', { maxUncompressedBytes: 1000 }))).toEqual(['workbook_too_large']);
    expect(codes(await readWorkbookBuffer(bytes, 'small.xlsx'))).toEqual([]);
  });

  it('a compression ratio above 200:1 over 10 MB is workbook_too_large', async () => {
    const zip = makeZip([
      { name: 'xl/workbook.xml', data: MINIMAL_WORKBOOK_XML },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 * 1024 * 1024, 0x20) },
    ]);
    const result = await readWorkbookBuffer(zip, 'ratio.xlsx');
    expect(codes(result)).toEqual(['workbook_too_large']);
    expect(result.diagnostics[0]!.message).toMatch(/zip bomb/);
  });

  it('a part that inflates to more than it declares is workbook_too_large', async () => {
    const zip = makeZip([
      { name: 'xl/workbook.xml', data: MINIMAL_WORKBOOK_XML },
      { name: 'xl/sharedStrings.xml', data: Buffer.alloc(1024 * 1024, 0x41), declaredSize: 100 },
    ]);
    const result = await readWorkbookBuffer(zip, 'liar.xlsx');
    expect(codes(result)).toEqual(['workbook_too_large']);
    expect(result.diagnostics[0]!.message).toContain('xl/sharedStrings.xml');
  });

  it('reading never modifies the file (same bytes, same mtime)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Details').getCell('A1').value = 'Plan reference';
    const path = join(dir, 'untouched.xlsx');
    await writeFile(path, await toBuffer(wb));
    const past = new Date('2020-01-02T03:04:05Z');
    await utimes(path, past, past);
    const before = await readFile(path);
    const result = await readWorkbookFile(path);
    expect(result.snapshot?.sheets[0]?.rows).toEqual([['Plan reference']]);
    expect((await readFile(path)).equals(before)).toBe(true);
    expect((await stat(path)).mtime.getTime()).toBe(past.getTime());
  });
});
