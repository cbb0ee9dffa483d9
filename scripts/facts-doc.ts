/** docs/facts.md: the policy language's vocabulary (facts and operators), generated from the code. */
import { FACTS } from '../src-engine/facts/catalogue.js';
import { OPERATORS } from '../src-engine/policy/operators.js';

export function factsMarkdown(): string {
  const rows = FACTS.map((f) => `| \`${f.name}\` | ${f.type} | ${f.unit ?? ''} | ${f.description.replace(/\|/g, '\\|')} |`);
  const ops = OPERATORS.map((o) => `| \`${o.name}\` | ${o.factTypes.join(', ')} | ${o.value === 'none' ? '(none)' : o.value === 'list-of-same' ? 'a list' : o.value === 'element' ? 'a text' : 'same type as the fact'} | ${o.description} |`);
  return `# Facts and operators

Generated from \`src-engine/facts/catalogue.ts\` and \`src-engine/policy/operators.ts\` by \`npm run generate\`; do not edit.

A rule's conditions compare **facts** about one job plan with values using **operators**. A value is a literal,
\`{param: name}\` (a parameter of the same policy version) or \`{fact: name}\` (another fact of the same type).
Any comparison with a fact that is not recorded (null) is false; test absence with \`isMissing\`.
Dates are ISO \`YYYY-MM-DD\`; compare them with \`before\`/\`after\`, or use the \`days_\`/\`months_\` facts.

## Facts (${FACTS.length})

| fact | type | unit | meaning |
|---|---|---|---|
${rows.join('\n')}

## Operators (${OPERATORS.length})

| operator | fact types | value | meaning |
|---|---|---|---|
${ops.join('\n')}
`;
}
