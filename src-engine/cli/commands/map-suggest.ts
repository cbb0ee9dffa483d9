/** `jobplan map suggest`: a first workbook map for a Trust's own layout, with where each field was found. */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import { displayPath } from '../../node/load-policy-files.js';
import { packageRoot } from '../../node/package-root.js';
import { loadInstalledMaps } from '../../node/read-plans.js';
import { readCsvFile } from '../../node/read-csv.js';
import { readWorkbookFile } from '../../node/read-workbook.js';
import { outputProblem, writeErrorMessage, writeFileAtomicSync } from '../../node/safe-write.js';
import { extractPlans } from '../../workbook/extract.js';
import { renderMapYaml } from '../../workbook/suggest/map-yaml.js';
import { suggestMap } from '../../workbook/suggest/suggest-map.js';
import { parseWorkbookMap } from '../../workbook/workbook-map.js';
import { EXIT } from '../exit-codes.js';
import { parse } from '../options.js';
import { UsageError } from '../usage-error.js';

export const MAP_SUGGEST_USAGE = `Usage: jobplan map suggest <workbook> [--out map.yaml] [--id name] [--force]

Proposes a workbook map for a job plan workbook or register laid out in a Trust's own way: it finds the labels and
their values, timetable grids, tables (objectives under their sub-headings), sign-off rows and a register's header
row, and writes a map whose comments say where each field was found, how sure the guess is and what was not found.
Check it with 'jobplan extract <workbook> --map map.yaml'; put it in workbook-maps/ to have it chosen by itself.

Options:
  --out <map.yaml>   write the map to this file (default: print it); an existing file is kept unless --force
  --id <name>        the map's id (default: from the workbook's file name)
  --force            replace an existing --out file

Exit codes: 0 a map was suggested, 2 nothing in the workbook looked like a job plan (or bad arguments).`;

const TEXT_EXTENSIONS = new Set(['.csv', '.tsv', '.tab', '.txt']);

export async function mapSuggestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: 'string' }, id: { type: 'string' }, force: { type: 'boolean' } }, MAP_SUGGEST_USAGE);
  if (values.help) {
    process.stdout.write(`${MAP_SUGGEST_USAGE}\n`);
    return EXIT.clean;
  }
  if (positionals.length !== 1) throw new UsageError('name one workbook', MAP_SUGGEST_USAGE);
  const file = positionals[0]!;
  const id = values.id ?? idFrom(file);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new UsageError(`--id must be lower case letters, digits and hyphens, e.g. my-trust-consultant (got '${id}')`, MAP_SUGGEST_USAGE);
  const shown = displayPath(file);
  const read = TEXT_EXTENSIONS.has(extname(file).toLowerCase()) ? await readCsvFile(file) : await readWorkbookFile(file);
  if (!read.snapshot) {
    process.stderr.write(`${read.diagnostics.map((d) => formatDiagnostic({ ...d, location: d.location ?? { file: shown, line: 1, col: 1 } })).join('\n')}\n`);
    return EXIT.badInput;
  }
  const snapshot = { ...read.snapshot, source: shown };
  const suggestion = suggestMap(snapshot, { id, knownMaps: loadInstalledMaps().maps });
  if (suggestion.found.length === 0) {
    process.stderr.write(`${shown}: nothing in this workbook looks like a job plan or a register (no labels, column headers or timetable jobplan recognises). Is it the right file?\n`);
    return EXIT.badInput;
  }
  const out = values.out;
  const schemaPath = out ? relative(dirname(resolve(out)), join(packageRoot(), 'schemas', 'workbook-map.schema.json')).split('\\').join('/') : undefined;
  const yaml = renderMapYaml(suggestion, { source: shown, ...(schemaPath ? { schemaPath } : {}) });
  const parsed = parseWorkbookMap(yaml, out ?? 'suggested map');
  if (!parsed.map) throw new Error(`the suggested map does not parse: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);

  // Proof that it reads: the map on the very workbook it was made from.
  const extracted = extractPlans(snapshot, parsed.map);
  const counts = { sure: 0, likely: 0, check: 0 };
  for (const f of suggestion.found) counts[f.confidence] += 1;
  const summary = [
    `${shown}: ${suggestion.kind === 'register' ? 'a register' : 'one job plan'}; found ${suggestion.found.length} (${counts.sure} sure, ${counts.likely} likely, ${counts.check} to check).`,
    ...(suggestion.missing.length > 0 ? [`Not found: ${suggestion.missing.join(', ')}.`] : []),
    ...(suggestion.values.length > 0 ? [`Values translated: ${suggestion.values.filter((v) => v.value !== null).map((v) => `'${v.text}' → ${v.value}`).join(', ') || 'none'}${suggestion.values.some((v) => v.value === null) ? `; not understood: ${suggestion.values.filter((v) => v.value === null).map((v) => `'${v.text}'`).join(', ')}` : ''}.`] : []),
    `Read with it: ${extracted.plans.length} plan${extracted.plans.length === 1 ? '' : 's'}. Check what was read with: jobplan extract ${shown} --map ${out ?? '<map.yaml>'}`,
  ];

  if (!out) {
    process.stdout.write(yaml);
    process.stderr.write(`${summary.join('\n')}\n`);
    return EXIT.clean;
  }
  // The workbook read, by any name (a symbolic or hard link), is never written over, even with --force.
  const problem = outputProblem([{ option: '--out', path: out }], [file]);
  if (problem !== null) {
    process.stderr.write(`${problem}\n`);
    return EXIT.badInput;
  }
  if (existsSync(out)) {
    if (!values.force) {
      process.stderr.write(`${out} already exists; it was left as it is. Choose another --out, or add --force to replace it\n`);
      return EXIT.badInput;
    }
  }
  // Written beside the target and renamed into place, so a failure never leaves half a map.
  try {
    writeFileAtomicSync(out, yaml);
  } catch (e) {
    process.stderr.write(`cannot write ${out}: ${writeErrorMessage(e)}\n`);
    return EXIT.badInput;
  }
  process.stderr.write(`${summary.join('\n')}\nMap written to ${out}\n`);
  return EXIT.clean;
}

/** A map id from a file name: `BMA style (2026).xlsx` → `bma-style-2026`. */
function idFrom(file: string): string {
  const stem = basename(file, extname(file)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return stem === '' ? 'trust-map' : /^[a-z0-9]/.test(stem) ? stem : `map-${stem}`;
}
