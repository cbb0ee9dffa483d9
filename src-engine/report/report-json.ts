/**
 * An EvaluationReport as JSON, written in pieces so a register of 100,000 plans never becomes one giant string
 * (JSON.stringify of such a report passes V8's string limit) and, when streamed, never sits in memory at all.
 * Small reports are indented for people; from COMPACT_FROM_PLANS plans on, and always when streamed, each plan and
 * group finding is one line: the same data, ready for `jq` or a line-by-line reader.
 *
 * Keys come in the order a streamed report can know them: the run's stamp first, then the plans, then what is
 * only known at the end (group findings, the policy versions used, diagnostics, the summary).
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

/** What a run knows before its first plan is judged. */
export type ReportHead = Pick<EvaluationReport, 'engineVersion' | 'evaluatedAt' | 'asOf' | 'today' | 'inputs' | 'options'>;

function headOf(report: ReportHead): ReportHead {
  const { engineVersion, evaluatedAt, asOf, today, inputs, options } = report;
  return { engineVersion, evaluatedAt, asOf, today, ...(inputs ? { inputs } : {}), ...(options ? { options } : {}) };
}

function tailOf(report: EvaluationReport): Pick<EvaluationReport, 'groups' | 'policies' | 'diagnostics' | 'summary' | 'audit'> {
  const { groups, policies, diagnostics, summary, audit } = report;
  return { groups, policies, diagnostics, summary, ...(audit ? { audit } : {}) };
}

/** Consecutive pieces of a whole report's JSON text (ending in a newline), made as they are asked for. */
export function* reportJsonChunks(report: EvaluationReport, options: ReportJsonOptions = {}): Generator<string> {
  const shape = shaper(options);
  if (report.plans.length < COMPACT_FROM_PLANS) {
    const tail = tailOf(report);
    yield `${JSON.stringify({ ...headOf(report), plans: report.plans.map(shape.plan), ...tail, groups: tail.groups.map(shape.group) }, null, 2)}\n`;
    return;
  }
  const stream = new ReportJsonStream(options);
  yield stream.head(report);
  for (const plan of report.plans) yield stream.plan(plan);
  yield stream.tail(report);
}

/** The whole JSON text at once (small reports, tests). */
export function reportJson(report: EvaluationReport, options: ReportJsonOptions = {}): string {
  return [...reportJsonChunks(report, options)].join('');
}

/**
 * A report written as it is made: head() before the first plan, plan() for each plan as it is judged, tail() with
 * the finished report (whose own `plans` may be empty: they were written already).
 */
export class ReportJsonStream {
  readonly #shape: ReturnType<typeof shaper>;
  #plans = 0;

  constructor(options: ReportJsonOptions = {}) {
    this.#shape = shaper(options);
  }

  head(report: ReportHead): string {
    const text = JSON.stringify(headOf(report), null, 2);
    return `${text.slice(0, text.lastIndexOf('}')).trimEnd()},\n  "plans": [`;
  }

  plan(plan: PlanResult): string {
    return this.planText(JSON.stringify(this.#shape.plan(plan)));
  }

  /** A plan already made JSON by planJson (with the same trace option), e.g. on another thread. */
  planText(json: string): string {
    return `${this.#plans++ === 0 ? '\n' : ',\n'}    ${json}`;
  }

  /**
   * What goes before `count` plans already made JSON and joined by PLAN_LINE_SEPARATOR (',\n    ') elsewhere:
   * the text then reads as if planText had written each.
   */
  planBlockPrefix(count: number): string {
    const prefix = this.#plans === 0 ? '\n    ' : ',\n    ';
    this.#plans += count;
    return prefix;
  }

  tail(report: EvaluationReport): string {
    const { groups, ...rest } = tailOf(report);
    const lines = groups.map((g) => `    ${JSON.stringify(this.#shape.group(g))}`);
    const restText = JSON.stringify(rest, null, 2);
    return `${this.#plans > 0 ? '\n  ' : ''}],\n  "groups": [${lines.length ? `\n${lines.join(',\n')}\n  ` : ''}],\n${restText.slice(restText.indexOf('{') + 1).replace(/^\n/, '')}\n`;
  }
}

/** One plan's line of a report's JSON, as ReportJsonStream writes it (planText takes it). */
export function planJson(plan: PlanResult, options: ReportJsonOptions = {}): string {
  return JSON.stringify(shaper(options).plan(plan));
}

function shaper(options: ReportJsonOptions): { plan: (p: PlanResult) => PlanResult; group: (g: GroupFinding) => GroupFinding } {
  const keep = options.trace === true;
  return {
    // A run that kept no traces has none to take out: the plan is written as it is (no copy of every finding).
    plan: (p) => (keep || !p.findings.some((f) => f.trace !== undefined) ? p : { ...p, findings: p.findings.map(withoutTrace) }),
    group: (g) => (keep ? g : withoutTrace(g)),
  };
}

function withoutTrace<T extends { readonly trace?: unknown }>(item: T): T {
  const { trace: _trace, ...rest } = item;
  return rest as T;
}
