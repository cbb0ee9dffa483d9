/**
 * `jobplan policy test`: runs YAML policy test cases (like `opa test` and OpenFisca's YAML tests). Each case
 * is a plan (a base plan with the case's fields over it) and a date; the rules listed under `fire` must fire
 * and those under `quiet` must not, on every version of the policy the case runs against.
 */
import type { Diagnostic, FileLocation } from '../diagnostics/diagnostic.js';
import { evaluatePlans } from '../evaluate/evaluate.js';
import { deriveFacts } from '../facts/catalogue.js';
import { formatValue } from '../evaluate/message.js';
import { checkJobPlan } from '../model/check-plan.js';
import type { IsoDate } from '../model/dates.js';
import type { JobPlan } from '../model/job-plan.js';
import type { PolicyLibrary } from '../policy/policy-library.js';
import { validateAgainstSchema } from '../validation/json-schema.js';
import { parseYaml, pointerToPath, type YamlDocument } from '../yaml/yaml-document.js';
import { policyTestsSchema } from './policy-tests-schema.js';

const SCHEMA = policyTestsSchema();

export interface TestSource {
  readonly path: string;
  readonly text: string;
}

export interface CaseResult {
  readonly file: string;
  readonly name: string;
  readonly policy: string;
  readonly version: string;
  readonly location: FileLocation;
  readonly passed: boolean;
  /** What went wrong, one line per expectation that failed. */
  readonly failures: readonly string[];
  readonly fired: readonly string[];
  /** The rule ids this case expects to fire / to stay quiet (for coverage). */
  readonly expectFire: readonly string[];
  readonly expectQuiet: readonly string[];
  readonly expectNotJudged?: readonly string[];
}

export interface TestRun {
  readonly results: readonly CaseResult[];
  readonly diagnostics: readonly Diagnostic[];
}

interface TestFile {
  policy: string;
  versions?: string[];
  today?: IsoDate;
  base?: JobPlan;
  cases: { name: string; today?: IsoDate; versions?: string[]; plan?: Record<string, unknown>; plans?: Record<string, unknown>[]; expect: { fire?: string[]; quiet?: string[]; not_judged?: string[] } }[];
}

/** The date a case runs on when neither it nor its file says. Fixed, so a test means the same next year. */
export const DEFAULT_TEST_TODAY = '2026-01-01';

export async function runPolicyTests(sources: readonly TestSource[], library: PolicyLibrary): Promise<TestRun> {
  const results: CaseResult[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const source of sources) {
    const parsed = parseYaml(source.text, source.path, 'test_yaml_error');
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.ok) continue;
    const doc = parsed.document;
    const errors = validateAgainstSchema(SCHEMA, doc.data);
    for (const e of errors) {
      diagnostics.push({ code: 'test_schema_error', severity: 'error', message: `${e.path || 'the file'} ${e.message}`, location: doc.locate(pointerToPath(e.path), e.message.startsWith('unexpected') ? 'key' : 'value') });
    }
    if (errors.length > 0) continue;
    results.push(...(await runFile(doc.data as TestFile, doc, library, diagnostics)));
  }
  return { results, diagnostics };
}

async function runFile(file: TestFile, doc: YamlDocument, library: PolicyLibrary, diagnostics: Diagnostic[]): Promise<CaseResult[]> {
  const versions = library.policies.filter((p) => p.id === file.policy);
  if (versions.length === 0) {
    diagnostics.push({ code: 'test_unknown_policy', severity: 'error', message: `tests name policy '${file.policy}', which is not loaded (or did not compile)`, location: doc.locate(['policy']) });
    return [];
  }
  for (const v of file.versions ?? []) {
    if (!versions.some((p) => p.version === v)) diagnostics.push({ code: 'test_unknown_version', severity: 'error', message: `tests name version '${v}' of '${file.policy}', which is not loaded`, location: doc.locate(['versions']) });
  }
  const results: CaseResult[] = [];
  for (const [index, testCase] of file.cases.entries()) {
    const location = doc.locate(['cases', index]);
    if (testCase.plan && testCase.plans) {
      diagnostics.push({ code: 'test_schema_error', severity: 'error', message: `case '${testCase.name}' has both 'plan' and 'plans'; use 'plans' for a register of several plans`, location });
      continue;
    }
    // A case is one plan, or several judged together as a register (for group rules).
    const overrides = testCase.plans ?? [testCase.plan ?? {}];
    const plans = overrides.map((o) => merge(file.base ?? {}, o));
    const problems = plans.flatMap((plan, i) => checkJobPlan(plan).map((p) => ({ ...p, i })));
    if (problems.length > 0) {
      for (const p of problems) diagnostics.push({ code: 'test_bad_plan', severity: 'error', message: `case '${testCase.name}'${testCase.plans ? ` plan ${p.i + 1}` : ''}: ${p.message}`, location: testCase.plans ? doc.locate(['cases', index, 'plans', p.i, ...pointerToPath(p.path)]) : planLocation(doc, index, p.path, testCase.plan ?? {}) });
      continue;
    }
    const plan = plans[0]!;
    const wanted = testCase.versions ?? file.versions;
    for (const policy of versions.filter((p) => !wanted || wanted.includes(p.version))) {
      const expectFire = testCase.expect.fire ?? [];
      const expectQuiet = testCase.expect.quiet ?? [];
      const expectNotJudged = testCase.expect.not_judged ?? [];
      const known = new Set(policy.rules.map((r) => r.id));
      const unknown = [...expectFire, ...expectQuiet, ...expectNotJudged].filter((id) => !known.has(id));
      for (const id of unknown) {
        diagnostics.push({ code: 'test_unknown_rule', severity: 'error', message: `case '${testCase.name}' expects rule '${id}', which ${policy.id}@${policy.version} does not have`, location });
      }
      const today = testCase.today ?? file.today ?? DEFAULT_TEST_TODAY;
      const report = await evaluatePlans(plans.map((p) => ({ plan: p, cells: {}, source: doc.file })), library, { today, policy: { id: policy.id, version: policy.version }, evaluatedAt: '1970-01-01T00:00:00.000Z', engine: 'reference', groups: testCase.plans ? 'on' : 'off' });
      const findings = [...report.plans.flatMap((p) => p.findings), ...report.groups];
      // A rule not judged (a deciding fact not recorded) neither fired nor stayed quiet.
      const notJudged = [...new Set(findings.filter((f) => 'notJudged' in f && f.notJudged).map((f) => f.ruleId))];
      const fired = [...new Set(findings.filter((f) => !('notJudged' in f && f.notJudged)).map((f) => f.ruleId))];
      const failures: string[] = [];
      for (const id of expectNotJudged.filter((i) => known.has(i) && !notJudged.includes(i))) {
        failures.push(`expected '${id}' not to be judged; it ${fired.includes(id) ? 'fired' : 'stayed quiet'}`);
      }
      // `quiet` is "does not fire" (a case written before rules could be not judged keeps its meaning); `fire` wants a finding.
      for (const id of expectFire.filter((i) => known.has(i) && notJudged.includes(i))) {
        failures.push(`expected '${id}' to fire; it was not judged: ${findings.find((x) => x.ruleId === id)!.message}`);
      }
      for (const id of expectFire.filter((i) => known.has(i) && !fired.includes(i))) {
        failures.push(`expected '${id}' to fire; it stayed quiet (${valuesText(policy.rules.find((r) => r.id === id)!.facts, plan, today)})`);
      }
      for (const id of expectQuiet.filter((i) => known.has(i) && fired.includes(i))) {
        const f = findings.find((x) => x.ruleId === id)!;
        failures.push(`expected '${id}' to stay quiet; it fired: ${f.message}`);
      }
      results.push({ file: doc.file, name: testCase.name, policy: policy.id, version: policy.version, location, passed: failures.length === 0 && unknown.length === 0, failures, fired, expectFire, expectQuiet, expectNotJudged });
    }
  }
  return results;
}

/** Case fields override the base; a null removes the base's field. */
function merge(base: JobPlan, over: Record<string, unknown>): JobPlan {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out as JobPlan;
}

function planLocation(doc: YamlDocument, index: number, pointer: string, casePlan: Record<string, unknown>): FileLocation {
  const path = pointerToPath(pointer);
  const first = path[0];
  if (first !== undefined && String(first) in casePlan) return doc.locate(['cases', index, 'plan', ...path]);
  return doc.locate(['base', ...path]);
}

function valuesText(facts: readonly string[], plan: JobPlan, today: IsoDate): string {
  const derived = deriveFacts(plan, { today });
  return facts.map((f) => `${f} = ${formatValue(derived[f]?.value ?? null)}`).join(', ') || 'no facts';
}
