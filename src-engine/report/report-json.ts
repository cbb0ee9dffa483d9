/**
 * An EvaluationReport as JSON, written in pieces so a register of 100,000 plans never becomes one giant string
 * (JSON.stringify of such a report passes V8's string limit). Small reports are indented for people; from
 * COMPACT_FROM_PLANS plans on, each plan and group finding is one line: the same data, ready for `jq` or a
 * line-by-line reader.
 *
 * Condition traces (the tree of every condition with the value it saw) are left out unless asked for: they are
 * what `jobplan explain` shows for one finding, and over a register they were half the output's bytes.
 */
import type { GroupFinding } from '../evaluate/evaluate-groups.js';
import type { EvaluationReport, PlanResult } from './report.js';

export const COMPACT_FROM_PLANS = 50;

export interface ReportJsonOptions {
  /** Keep each finding's condition trace (default false). */
  readonly trace?: boolean;
}

/** Consecutive pieces of the report's JSON text (ending in a newline), made as they are asked for. */
export function* reportJsonChunks(report: EvaluationReport, options: ReportJsonOptions = {}): Generator<string> {
  const keep = options.trace === true;
  const plan = (p: PlanResult): PlanResult => (keep ? p : { ...p, findings: p.findings.map(withoutTrace) });
  const group = (g: GroupFinding): GroupFinding => (keep ? g : withoutTrace(g));
  if (report.plans.length < COMPACT_FROM_PLANS) {
    yield `${JSON.stringify({ ...report, plans: report.plans.map(plan), groups: report.groups.map(group) }, null, 2)}\n`;
    return;
  }
  const { plans, groups, ...head } = report;
  const headText = JSON.stringify(head, null, 2);
  // The head's closing brace is replaced by the two long lists, one item per line, each shaped as it is written.
  yield `${headText.slice(0, headText.lastIndexOf('}')).trimEnd()},\n`;
  yield* listChunks('plans', plans, plan);
  yield ',\n';
  yield* listChunks('groups', groups, group);
  yield '\n}\n';
}

/** The whole JSON text at once (small reports, tests). */
export function reportJson(report: EvaluationReport, options: ReportJsonOptions = {}): string {
  return [...reportJsonChunks(report, options)].join('');
}

function* listChunks<T>(name: string, items: readonly T[], shape: (item: T) => T): Generator<string> {
  if (items.length === 0) {
    yield `  "${name}": []`;
    return;
  }
  yield `  "${name}": [\n`;
  for (let i = 0; i < items.length; i++) yield `    ${JSON.stringify(shape(items[i]!))}${i < items.length - 1 ? ',\n' : '\n'}`;
  yield '  ]';
}

function withoutTrace<T extends { readonly trace?: unknown }>(item: T): T {
  const { trace: _trace, ...rest } = item;
  return rest as T;
}
