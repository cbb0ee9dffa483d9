/** `jobplan extract`: what jobplan reads from a workbook, field by field and row by row, with the cell of each. */
import { formatDiagnostic, hasErrors } from '../../diagnostics/diagnostic.js';
import { loadInstalledMaps, readWorkbook } from '../../node/read-plans.js';
import { formatReadingText } from '../../report/format-reading.js';
import { describeReading } from '../../workbook/what-was-read.js';
import { EXIT } from '../exit-codes.js';
import { formatOption, parse } from '../options.js';
import { loadRunContext } from '../run-context.js';
import { UsageError } from '../usage-error.js';
import { displayPath } from '../../node/load-policy-files.js';

export const EXTRACT_USAGE = `Usage: jobplan extract <workbook> [--map <map.yaml>] [--format text|json] [--all]

Shows what jobplan reads from a workbook: each field with its value and cell, each table row, each field of the job
plan model it did not find, and each cell it could not read and why. Without --map, the map in workbook-maps/ that
reads the workbook best is used (and named).

Options:
  --map <map.yaml>     read with this workbook map
  --format text|json   output format (default: text)
  --all                for a register, describe every row (default: the first 5)

Exit codes: 0 a plan was read, 2 no plan could be read (or bad arguments).`;

export async function extractCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { map: { type: 'string' }, format: { type: 'string' }, all: { type: 'boolean' } }, EXTRACT_USAGE);
  if (values.help) {
    process.stdout.write(`${EXTRACT_USAGE}\n`);
    return EXIT.clean;
  }
  if (positionals.length !== 1) throw new UsageError('name one workbook', EXTRACT_USAGE);
  const format = formatOption(values.format, ['text', 'json'], EXTRACT_USAGE);
  const context = loadRunContext({ map: values.map });
  if (hasErrors(context.diagnostics) || !context.map) {
    process.stderr.write(`${context.diagnostics.map(formatDiagnostic).join('\n')}\n`);
    return EXIT.badInput;
  }
  const file = positionals[0]!;
  const installed = values.map === undefined ? loadInstalledMaps() : { maps: [], diagnostics: [] };
  const read = await readWorkbook(file, context.map, values.map === undefined);
  if (!read.plans) {
    process.stderr.write(`${[...installed.diagnostics, ...read.diagnostics].map(formatDiagnostic).join('\n')}\n`);
    return EXIT.badInput;
  }
  const reading = describeReading(displayPath(file), { ...read.plans, diagnostics: [...installed.diagnostics, ...read.plans.diagnostics] }, values.all ? Number.MAX_SAFE_INTEGER : undefined);
  process.stdout.write(format === 'json' ? `${JSON.stringify(reading, null, 2)}\n` : `${formatReadingText(reading)}\n`);
  return reading.planCount > 0 ? EXIT.clean : EXIT.badInput;
}
