/**
 * JSON Schema (draft-07, for yaml-language-server) of one policy version file. Facts, operators and
 * parameters are listed as `examples` (editor completion) rather than `enum`, so that a misspelling reaches
 * the compiler, which can say "did you mean ...?" with the exact line and column.
 */
import { FACTS } from '../facts/catalogue.js';
import { OPERATORS } from './operators.js';

export const RULE_ID_PATTERN = '^[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+$';
export const POLICY_ID_PATTERN = '^[a-z][a-z0-9-]*$';
const DATE = { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
/**
 * Bounds far beyond any real policy (the largest shipped version has 40 rules and lists of a dozen values), so that a
 * pasted or generated file gets a located error instead of minutes of compiling and a gigabyte of memory.
 */
export const MAX_RULES = 1_000;
export const MAX_LIST_VALUES = 10_000;

/** Plan fields that can form groups: the text fields of a plan. */
export const GROUP_FIELDS = FACTS.filter((f) => f.type === 'string').map((f) => f.name);

export function policySchema(): object {
  const scalar = { type: ['number', 'string', 'boolean'] };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://jobplan.example/schemas/policy.schema.json',
    title: 'jobplan policy version',
    description: 'One immutable version of a job planning policy: metadata, named parameters with clause citations, and rules.',
    type: 'object',
    additionalProperties: false,
    required: ['policy', 'version', 'title', 'owner', 'applies_to', 'status', 'effective_from', 'parameters', 'rules'],
    properties: {
      $schema: { type: 'string' },
      policy: { type: 'string', pattern: POLICY_ID_PATTERN, description: 'Policy id: the folder name under policies/ (kebab-case).' },
      version: { type: 'string', minLength: 1, description: 'Version label, quoted (YAML reads 2017.1 as a number). By convention the effective date.' },
      title: { type: 'string', minLength: 1 },
      document: { type: 'string', description: 'The policy document number, e.g. POL/004/042.' },
      owner: { type: 'string', minLength: 1, description: 'The organisation that owns the policy.' },
      source: { type: 'string', description: 'Where the text of the policy can be read (file or URL).' },
      illustrative: { type: 'boolean', description: 'True for a version made up to demonstrate a change; never a real organisation\'s policy.' },
      jurisdiction: { enum: ['england', 'wales', 'scotland', 'northern-ireland'] },
      applies_to: {
        type: 'object',
        additionalProperties: false,
        description: 'Which plans this policy judges. An omitted list means any.',
        properties: {
          staff_groups: { type: 'array', items: { enum: ['medical', 'non-medical'] }, minItems: 1 },
          grades: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, description: 'Grades, matched ignoring case.' },
          organisations: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, description: 'A local policy: the organisations (names or codes, matched ignoring case) whose plans it judges. Omit for a national policy.' },
        },
      },
      status: { enum: ['draft', 'ratified', 'superseded'], description: 'Only ratified (or superseded, for past dates) versions are selected by date; drafts only when asked for.' },
      ratified: { ...DATE, description: 'Date the version was ratified.' },
      effective_from: { ...DATE, description: 'First day the version is in force.' },
      effective_to: { ...DATE, description: 'Last day in force, only for a version withdrawn without a successor; otherwise the next version\'s effective date ends it.' },
      review_by: { ...DATE, description: 'Date the policy is due for review.' },
      supersedes: { type: ['string', 'null'], description: 'Version label this version replaces.' },
      changelog: {
        type: 'array',
        items: { type: 'object', additionalProperties: false, required: ['version', 'change'], properties: { version: { type: 'string' }, date: DATE, change: { type: 'string', minLength: 1 } } },
      },
      parameters: {
        type: 'object',
        propertyNames: { pattern: '^[a-z][a-z0-9_]*$' },
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          required: ['value', 'unit', 'clause'],
          properties: {
            value: { type: ['number', 'string', 'boolean', 'array'], items: scalar, maxItems: MAX_LIST_VALUES },
            unit: { type: 'string', examples: ['PA', 'days', 'months', 'hours', 'ratio', 'percent', 'count', 'text', 'date'] },
            clause: { type: 'string', minLength: 1, description: 'The clause of the policy that sets this value.' },
            description: { type: 'string' },
          },
        },
      },
      rules: { type: 'array', items: { $ref: '#/definitions/rule' }, maxItems: MAX_RULES },
    },
    definitions: {
      rule: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'clause', 'severity', 'when', 'message'],
        properties: {
          id: { type: 'string', pattern: RULE_ID_PATTERN, description: 'Stable dotted id, kept across versions (e.g. signoff.within-deadline).' },
          title: { type: 'string', minLength: 1 },
          clause: { type: 'string', minLength: 1, description: 'The clause of the policy this rule enforces.' },
          severity: { enum: ['error', 'warning', 'info'] },
          scope: { enum: ['plan', 'group'], description: 'plan (default): judged on each job plan. group: judged on groups of plans of a register, through aggregates.' },
          group_by: { type: 'array', items: { type: 'string', examples: GROUP_FIELDS }, description: 'Group rules: plan fields whose values form the groups (e.g. [care_group, specialty]); omit for the whole register.' },
          where: { $ref: '#/definitions/condition', description: 'Group rules: which plans take part.' },
          aggregates: {
            type: 'object',
            propertyNames: { pattern: '^[a-z][a-z0-9_]*$' },
            additionalProperties: { $ref: '#/definitions/aggregate' },
            description: 'Group rules: named numbers over the plans of a group; the rule\'s conditions test these names.',
          },
          offenders: { $ref: '#/definitions/condition', description: 'Group rules: the plans a finding lists as its cause.' },
          when: { $ref: '#/definitions/condition', description: 'When these conditions hold, the plan breaks the rule.' },
          message: { type: 'string', minLength: 1, description: 'Finding text; {name} is replaced by the fact or parameter of that name.' },
          explain: { type: 'string', description: 'Longer guidance for the user: why the rule exists and how to fix the plan.' },
          when_unknown: {
            enum: ['error', 'warning', 'info', 'quiet'],
            description: 'Plan rules: when a fact that decides the rule is not recorded (a blank plan type on a plan with a start in post, no contracted PAs...), the rule says "not judged: <field> not recorded" at this severity instead of staying quiet. quiet: say nothing (the absence means the situation does not arise). Default: warning.',
          },
          cells_from: {
            type: 'array', items: { type: 'string', examples: FACTS.map((f) => f.name) }, minItems: 1,
            description: 'Facts whose cells a finding may point at: of the facts that decided the result, only these are shown (all of these when none of them decided it). Default: every deciding fact.',
          },
        },
      },
      aggregate: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        maxProperties: 1,
        description: 'One of: count (true, or a plan condition), share (a plan condition: the fraction of plans meeting it), sum/mean/min/max (a numeric plan fact), distinct (a plan fact: how many different values), ratio ({of, to}: sum of one numeric fact over the sum of another).',
        properties: {
          count: { anyOf: [{ const: true }, { $ref: '#/definitions/condition' }] },
          share: { $ref: '#/definitions/condition' },
          sum: { type: 'string', examples: FACTS.filter((f) => f.type === 'number').map((f) => f.name) },
          mean: { type: 'string', examples: FACTS.filter((f) => f.type === 'number').map((f) => f.name) },
          min: { type: 'string', examples: FACTS.filter((f) => f.type === 'number').map((f) => f.name) },
          max: { type: 'string', examples: FACTS.filter((f) => f.type === 'number').map((f) => f.name) },
          distinct: { type: 'string', examples: FACTS.map((f) => f.name) },
          ratio: {
            type: 'object', additionalProperties: false, required: ['of', 'to'],
            properties: { of: { type: 'string', examples: FACTS.filter((f) => f.type === 'number').map((f) => f.name) }, to: { type: 'string', examples: FACTS.filter((f) => f.type === 'number').map((f) => f.name) } },
            description: 'sum(of) ÷ sum(to) over the plans of the group (null when sum(to) is 0).',
          },
        },
      },
      condition: {
        // One flat object rather than anyOf branches, so a misspelt key gets one clear error; the compiler
        // checks the combinations (exactly one of all/any/not/fact; operator with fact).
        type: 'object',
        additionalProperties: false,
        description: 'all / any / not of conditions, or a fact compared with a value by an operator.',
        properties: {
          all: { type: 'array', minItems: 1, items: { $ref: '#/definitions/condition' }, description: 'Every condition holds.' },
          any: { type: 'array', minItems: 1, items: { $ref: '#/definitions/condition' }, description: 'At least one condition holds.' },
          not: { $ref: '#/definitions/condition', description: 'The condition does not hold.' },
          fact: { type: 'string', examples: FACTS.map((f) => f.name), description: 'A fact of the catalogue (see docs/facts.md).' },
          operator: { type: 'string', examples: OPERATORS.map((o) => o.name) },
          value: {
            type: ['number', 'string', 'boolean', 'array', 'object'],
            items: scalar,
            maxItems: MAX_LIST_VALUES,
            properties: { param: { type: 'string', description: 'A parameter of this policy.' }, fact: { type: 'string', description: 'Another fact.' } },
            additionalProperties: false,
            description: 'A literal, a list of literals, {param: name} or {fact: name}.',
          },
        },
      },
    },
  };
}
