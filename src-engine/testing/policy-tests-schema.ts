/** JSON Schema (draft-07) of a policy test file (policies/<id>/tests/*.yaml). */
import { jobPlanSchema } from '../model/job-plan-schema.js';
import { RULE_ID_PATTERN } from '../policy/policy-schema.js';

export function policyTestsSchema(): object {
  const plan = jobPlanSchema() as { properties: object };
  const planSchema = { type: 'object', additionalProperties: false, properties: plan.properties, description: 'Job plan fields (see job-plan.schema.json); a null removes a field of the base plan.' };
  const ruleList = { type: 'array', items: { type: 'string', pattern: RULE_ID_PATTERN }, uniqueItems: true };
  const date = { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://jobplan.example/schemas/policy-tests.schema.json',
    title: 'jobplan policy tests',
    description: 'Cases of job plan data and an evaluation date, with the rules expected to fire and to stay quiet.',
    type: 'object',
    additionalProperties: false,
    required: ['policy', 'cases'],
    properties: {
      $schema: { type: 'string' },
      policy: { type: 'string', description: 'The policy id these cases test.' },
      versions: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Versions to run against; default: every version of the policy.' },
      today: { ...date, description: 'Evaluation date for every case that does not set its own.' },
      base: { ...planSchema, description: 'A plan every case starts from; each case overrides its fields (lists are replaced whole).' },
      cases: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'expect'],
          properties: {
            name: { type: 'string', minLength: 1 },
            today: date,
            versions: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Only run against these versions.' },
            plan: planSchema,
            plans: { type: 'array', minItems: 1, items: planSchema, description: 'Several plans (each over the base), judged together as a register: for group rules.' },
            expect: {
              type: 'object',
              additionalProperties: false,
              properties: {
                fire: ruleList,
                quiet: ruleList,
                not_judged: { ...ruleList, description: 'Rules the case expects to say "not judged: <field> not recorded" (a fact that decides them is missing); quiet means judged and met.' },
              },
              anyOf: [{ required: ['fire'] }, { required: ['quiet'] }, { required: ['not_judged'] }],
            },
          },
        },
      },
    },
  };
}
