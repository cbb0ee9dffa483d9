/**
 * Every bound jobplan puts on what it reads, in one place: the CLI's readers (src-engine/node/) and the add-in's
 * browser reader (src-addin/browser/xlsx-snapshot.ts) both take their numbers from here, so a file one of them
 * refuses as too big the other refuses for the same reason. Each bound is far above any real job plan or register
 * (a Trust's whole register of 10,000 plans is about 1.5 MB as .xlsx, 3 MB as CSV, 10 MB as JSON) and far below
 * what would exhaust a process or a browser tab; each refusal says what to do instead (split the register …).
 *
 * Pure data: the core imports no Node built-ins, so the browser reader can share it.
 */

const MB = 1024 * 1024;

export const INPUT_LIMITS = {
  /** An .xlsx file as saved (compressed). A 1,048,576-row register of 10 columns is about 12 MB. */
  xlsxFileBytes: 100 * MB,
  /** An .xlsx file opened in the add-in's browser reader: a browser tab has less room than a process. */
  browserXlsxFileBytes: 50 * MB,
  /** A CSV or tab-separated file. */
  csvFileBytes: 200 * MB,
  /** A .json file of plans: JSON.parse needs several times the file's size (and 50 MB of JSON is 150,000 plans). */
  jsonFileBytes: 50 * MB,
  /**
   * A policy, policy test, workbook map or config (YAML), or a policy lock (JSON): hand-written files of a few KB (the
   * largest shipped policy is 24 KB). 1 MB is 40 times that, and a YAML list of 1 MB still parses in a few seconds
   * (measured: 100,000 list items, 0.9 MB, 4 s and 190 MB; 1,000,000 items took 30 s and 1.1 GB).
   */
  yamlFileBytes: 1 * MB,

  /** All the parts of an .xlsx, inflated (the CLI). The 1,048,576-row register above inflates to about 110 MB. */
  xlsxInflatedBytes: 200 * MB,
  /** All the parts of an .xlsx, inflated, in the browser. */
  browserXlsxInflatedBytes: 150 * MB,
  /** One part of an .xlsx, inflated: a sheet or the shared strings. */
  xlsxPartInflatedBytes: 160 * MB,
  /** Parts in an .xlsx: Excel writes tens (a part per sheet, drawing, image); 10,000 is no workbook. */
  xlsxEntries: 10_000,
  /** Inflated ÷ compressed, checked once a workbook (or a part) inflates past xlsxRatioFromBytes: real files are 5–20:1. */
  xlsxCompressionRatio: 200,
  xlsxRatioFromBytes: 10 * MB,

  /** Excel's own sheet size: 1,048,576 rows by 16,384 columns (A1 to XFD1048576). */
  excelRows: 1_048_576,
  excelColumns: 16_384,
  /**
   * Fields held from one CSV file (counted before parsing). An .xlsx is held to fewer by its inflated bounds: a
   * 1,048,576-row register of 4 columns (159 MB of sheet XML) reads in 330 MB.
   */
  cellsPerFile: 30_000_000,
} as const;

/** Bytes as people read them: `12.3 MB`, `200 MB`. */
export function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
}
