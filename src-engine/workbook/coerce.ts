/**
 * Turns a cell value into the type a job plan field needs, or says plainly why it cannot:
 * dates may be real Excel dates, serial numbers or UK text; numbers may carry a unit; Yes/No means a boolean.
 */
import type { FieldType, ScalarValue } from '../model/job-plan.js';
import { fromExcelSerial, isIsoDate, parseUkDate } from '../model/dates.js';
import type { CellValue } from './snapshot.js';
import { normaliseLabel } from './workbook-map.js';

export type Coerced = { readonly ok: true; readonly value: ScalarValue } | { readonly ok: false; readonly code: string; readonly message: string };

const YES = new Set(['yes', 'y', 'true', 'x', '✓', 'agreed']);
const NO = new Set(['no', 'n', 'false', 'none', 'n/a', 'not applicable']);

export function coerceCell(value: CellValue, type: FieldType): Coerced {
  if (value === null) return { ok: true, value: null };
  switch (type.kind) {
    case 'string':
      return { ok: true, value: typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value) };
    case 'number':
      return coerceNumber(value);
    case 'date':
      return coerceDate(value);
    case 'boolean':
      return coerceBoolean(value);
    case 'enum':
      return coerceEnum(value, type.values, type.aliases ?? {});
  }
}

function coerceNumber(value: CellValue): Coerced {
  if (typeof value === 'number') return { ok: true, value };
  const text = String(value).trim();
  const m = /^(-?\d+(?:\.\d+)?|-?\.\d+)\s*(?:pas?|sessions?|hours?|hrs?|h|%)?$/i.exec(text);
  if (m) return { ok: true, value: Number(m[1]) };
  return { ok: false, code: 'workbook_bad_number', message: `'${text}' is not a number; enter a number such as 7.5` };
}

function coerceDate(value: CellValue): Coerced {
  if (typeof value === 'number') {
    const iso = fromExcelSerial(value);
    if (iso) return { ok: true, value: iso };
    return { ok: false, code: 'workbook_bad_date', message: `${value} is not a date serial Excel understands; enter the date as DD/MM/YYYY` };
  }
  if (typeof value === 'string') {
    if (isIsoDate(value)) return { ok: true, value };
    const iso = parseUkDate(value);
    if (iso) return { ok: true, value: iso };
  }
  return { ok: false, code: 'workbook_bad_date', message: `'${String(value)}' is not a date; enter it as DD/MM/YYYY (e.g. 28/04/2017) or format the cell as a date` };
}

function coerceBoolean(value: CellValue): Coerced {
  if (typeof value === 'boolean') return { ok: true, value };
  const text = normaliseLabel(String(value));
  if (YES.has(text)) return { ok: true, value: true };
  if (NO.has(text)) return { ok: true, value: false };
  return { ok: false, code: 'workbook_bad_boolean', message: `'${String(value)}' should be Yes or No` };
}

function coerceEnum(value: CellValue, values: readonly string[], aliases: Readonly<Record<string, string>>): Coerced {
  const text = normaliseLabel(String(value));
  const direct = values.find((v) => v.toLowerCase() === text);
  if (direct !== undefined) return { ok: true, value: direct };
  const alias = aliases[text];
  if (alias !== undefined) return { ok: true, value: alias };
  return { ok: false, code: 'workbook_bad_value', message: `'${String(value)}' is not one of: ${values.join(', ')}` };
}
