import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { loadPolicy } from '../../src-engine/policy/load-policy.js';
import { MAX_LIST_VALUES, MAX_RULES } from '../../src-engine/policy/policy-schema.js';
import { policyText } from '../evaluate/helpers.js';

// A pasted or generated policy with a huge list or thousands of rules gets a located error, not minutes of
// compiling and a gigabyte of memory (issue 12: a 1M-item notIn list or 100k rules took 1.2–1.6 GB and 12–27 s).
const PATH = 'policies/demo/2020-01-01.yaml';

function problems(text: string): string[] {
  const result = loadPolicy({ path: PATH, text });
  expect(result.policy).toBeNull();
  return result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
}

const listRule = (values: number) => `
  - id: grade.listed
    title: A listed grade
    clause: "7.1"
    severity: warning
    when: { fact: grade, operator: notIn, value: [${Array.from({ length: values }, (_, i) => `"g${i}"`).join(', ')}] }
    message: "Grade {grade} is not listed."`;

const manyRules = (count: number) => Array.from({ length: count }, (_, i) => `
  - id: spa.minimum-${i}
    title: SPA minimum
    clause: "7.2.1"
    severity: warning
    when: { fact: spa_pas, operator: lessThan, value: { param: spa_min } }
    message: "SPA {spa_pas} below {spa_min}."`).join('');

describe('a policy bigger than any real one is refused where it grows too big', () => {
  it(`a list of ${MAX_LIST_VALUES + 1} values in a condition: an error at the list's line and column`, () => {
    const text = policyText({ extraRules: listRule(MAX_LIST_VALUES + 1) });
    const found = problems(text);
    const line = text.split('\n').findIndex((l) => l.includes('operator: notIn')) + 1;
    expect(found.join('\n')).toMatch(new RegExp(`^${PATH.replace(/\./g, '\\.')}:${line}:\\d+: .*(10000|10,000)`, 'm'));
  });

  it(`${MAX_LIST_VALUES} values are still a policy`, () => {
    const result = loadPolicy({ path: PATH, text: policyText({ extraRules: listRule(MAX_LIST_VALUES) }) });
    expect(result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
    expect(result.policy).not.toBeNull();
  });

  it(`${MAX_RULES + 1} rules: an error naming the limit`, () => {
    expect(problems(policyText({ extraRules: manyRules(MAX_RULES - 1) })).join('\n')).toMatch(/rules.*(1000|1,000)/);
  });
});
