/**
 * Scores `map suggest` on a workbook with an answer key (`<file>.truth.json`, written by
 * scripts/generate-trust-examples.ts): the map it suggests is used unedited to read and judge the workbook, and what
 * was read and judged is compared with the key, field by field, list by list, rule by rule.
 */
import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { evaluatePlans } from '../../src-engine/evaluate/evaluate.js';
import { parseFrequency } from '../../src-engine/model/frequency.js';
import { loadInstalledMaps } from '../../src-engine/node/read-plans.js';
import { readCsvFile } from '../../src-engine/node/read-csv.js';
import { readWorkbookFile } from '../../src-engine/node/read-workbook.js';
import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';
import { renderMapYaml } from '../../src-engine/workbook/suggest/map-yaml.js';
import { suggestMap, type MapSuggestion } from '../../src-engine/workbook/suggest/suggest-map.js';
import { plansFromWorkbook } from '../../src-engine/workbook/plans-from-workbook.js';
import { parseWorkbookMap } from '../../src-engine/workbook/workbook-map.js';
import type { EvaluationReport } from '../../src-engine/report/report.js';

export const ROOT = join(import.meta.dirname, '..', '..');

interface TruthField { readonly cell: string; readonly value: string | number | boolean | null }
export interface Truth {
  readonly kind: 'plan' | 'register';
  readonly today: string;
  readonly policy: string;
  readonly fields: Readonly<Record<string, TruthField>>;
  readonly lists?: {
    readonly activities: { readonly count: number; readonly total_pas: number; readonly dcc_pas: number; readonly spa_pas: number };
    readonly objectives: { readonly personal: number; readonly service: number };
    readonly additional_pas?: { readonly count: number; readonly pas: number };
  };
  readonly rows?: number;
  readonly uncalculated: readonly string[];
  readonly expect_fire: readonly string[];
  readonly expect_quiet: readonly string[];
  readonly row_expect_fire?: Readonly<Record<string, readonly string[]>>;
}

export interface Scorecard {
  readonly file: string;
  readonly kind: 'plan' | 'register';
  readonly suggestedKind: 'plan' | 'register';
  readonly yaml: string;
  readonly mapDiagnostics: readonly string[];
  readonly fieldsPresent: number;
  /** Truth fields the suggested map read with the right value from the right cell. */
  readonly fieldsRead: number;
  /** `field: expected → got` for each one it missed. */
  readonly fieldMisses: readonly string[];
  readonly listMisses: readonly string[];
  /** Rules that fired but should not have, and rules that should have fired but did not. */
  readonly wrongFindings: readonly string[];
  readonly suggestion: MapSuggestion;
}


export function truthOf(file: string): Truth {
  return JSON.parse(readFileSync(`${file}.truth.json`, 'utf8')) as Truth;
}

/** `'Job Plan'!B5` → { sheet, cell }. */
function splitCell(ref: string): { sheet: string; cell: string } {
  const m = /^'?(.*?)'?!([A-Z]+\d+)$/.exec(ref);
  return m ? { sheet: m[1]!, cell: m[2]! } : { sheet: '', cell: ref };
}

const rowOf = (cell: string): number => Number(/\d+$/.exec(cell)?.[0] ?? 0);

export async function scoreSuggestion(file: string): Promise<Scorecard> {
  const truth = truthOf(file);
  const text = /\.(csv|tsv)$/i.test(file);
  const read = text ? await readCsvFile(file) : await readWorkbookFile(file);
  if (!read.snapshot) throw new Error(`${file} did not read: ${read.diagnostics.map((d) => d.message).join('; ')}`);
  const snapshot = read.snapshot;
  const suggestion = suggestMap(snapshot, { id: basename(file, extname(file)).toLowerCase().replace(/[^a-z0-9]+/g, '-'), knownMaps: loadInstalledMaps().maps });
  const yaml = renderMapYaml(suggestion, { source: file });
  const parsed = parseWorkbookMap(yaml, 'suggested.yaml');
  const mapDiagnostics = parsed.diagnostics.map((d) => `${d.code}: ${d.message}`);
  const base = { file, kind: truth.kind, suggestedKind: suggestion.kind, yaml, mapDiagnostics, suggestion };
  if (!parsed.map) return { ...base, fieldsPresent: Object.keys(truth.fields).length, fieldsRead: 0, fieldMisses: ['the map did not parse'], listMisses: [], wrongFindings: [] };

  const plans = plansFromWorkbook(snapshot, { map: parsed.map });
  // The key names the policy version it was worked out for (CPFT's, or NHS England's for Agenda for Change staff).
  const [id, version] = truth.policy.split('@') as [string, string];
  const policyFile = join(ROOT, 'policies', id, `${version}.yaml`);
  const library = loadPolicyLibrary([{ path: policyFile, text: readFileSync(policyFile, 'utf8') }]);
  const report: EvaluationReport = await evaluatePlans(plans.plans, library, { today: truth.today, policy: { id, version } });

  // The plan the key's fields describe: the one plan, or a register's first row.
  const firstRow = Math.min(...Object.values(truth.fields).map((f) => rowOf(splitCell(f.cell).cell)));
  const subject = truth.kind === 'plan' ? plans.plans[0] : plans.plans.find((p) => Object.values(p.cells).some((c) => c && rowOf(c.cell) === firstRow));
  const fieldMisses: string[] = [];
  let fieldsRead = 0;
  for (const [field, expected] of Object.entries(truth.fields)) {
    const got = subject ? (subject.plan as Record<string, unknown>)[field] ?? null : null;
    const cell = subject?.cells[field];
    const want = splitCell(expected.cell);
    const cellOk = text ? rowOf(cell?.cell ?? '') === rowOf(want.cell) : cell?.cell === want.cell && cell.sheet === want.sheet;
    // A value the key says is not there (a signature ticked with no date) is right when nothing was read for it.
    if (got === expected.value && (cellOk || (expected.value === null && cell === undefined))) fieldsRead += 1;
    else fieldMisses.push(`${field}: ${JSON.stringify(expected.value)} at ${expected.cell} → ${JSON.stringify(got)} at ${cell ? `${cell.sheet}!${cell.cell}` : '(not read)'}`);
  }

  const listMisses: string[] = [];
  if (truth.lists && subject) {
    const acts = subject.plan.activities ?? [];
    const weight = (f: unknown): number => {
      if (typeof f !== 'string') return 1;
      const parsed = parseFrequency(f);
      return parsed.ok ? parsed.weight : 1;
    };
    const sum = (cat?: string): number => acts.filter((a) => !cat || a.category === cat).reduce((s, a) => s + (a.pas ?? 0) * weight(a.frequency), 0);
    const round = (n: number): number => Math.round(n * 100) / 100;
    const a = truth.lists.activities;
    if (acts.length !== a.count) listMisses.push(`activities: ${a.count} rows → ${acts.length}`);
    if (round(sum()) !== a.total_pas) listMisses.push(`activities: ${a.total_pas} PAs a week → ${round(sum())}`);
    if (round(sum('DCC')) !== a.dcc_pas) listMisses.push(`activities: DCC ${a.dcc_pas} → ${round(sum('DCC'))}`);
    if (round(sum('SPA')) !== a.spa_pas) listMisses.push(`activities: SPA ${a.spa_pas} → ${round(sum('SPA'))}`);
    const objs = subject.plan.objectives ?? [];
    const o = truth.lists.objectives;
    const personal = objs.filter((x) => x.kind === 'personal').length;
    const service = objs.filter((x) => x.kind === 'service').length;
    if (personal !== o.personal || service !== o.service) listMisses.push(`objectives: ${o.personal} personal, ${o.service} service → ${personal}, ${service}`);
  }

  // A rule "not judged" has not fired: the key lists what a careful reader would judge.
  const fired = (findings: EvaluationReport['plans'][number]['findings']): Set<string> => new Set(findings.filter((f) => !f.notJudged).map((f) => f.ruleId));
  const wrongFindings: string[] = [];
  const all = new Set<string>([...report.plans.flatMap((p) => [...fired(p.findings)]), ...report.groups.map((g) => g.ruleId)]);
  for (const rule of truth.expect_fire) if (!all.has(rule)) wrongFindings.push(`${rule} should fire`);
  for (const rule of truth.expect_quiet) if (all.has(rule)) wrongFindings.push(`${rule} should stay quiet`);
  const byRow = truth.row_expect_fire;
  if (byRow) {
    report.plans.forEach((p, i) => {
      // Judged in the order read: the i-th result is the i-th row's.
      const input = plans.plans[i]!;
      const row = rowOf(input.cells['practitioner_name']?.cell ?? '');
      const want = [...(byRow[String(row)] ?? [])].sort();
      const got = [...fired(p.findings)].sort();
      if (want.join() !== got.join()) wrongFindings.push(`row ${row}: [${want.join(', ')}] → [${got.join(', ')}]`);
    });
  }
  return { ...base, fieldsPresent: Object.keys(truth.fields).length, fieldsRead, fieldMisses, listMisses, wrongFindings };
}
