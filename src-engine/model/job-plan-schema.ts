/**
 * JSON Schema (draft-07) of a job plan, generated from the field catalogues in job-plan.ts so the model and
 * the schema cannot drift. scripts/generate-schemas.ts writes it to schemas/job-plan.schema.json.
 */
import { PLAN_FIELDS, PLAN_LISTS, type FieldSpec } from './job-plan.js';

function fieldSchema(spec: FieldSpec): object {
  const base = { description: `${spec.label}. ${spec.description}` };
  switch (spec.type.kind) {
    case 'string': return { ...base, type: ['string', 'null'] };
    case 'number': return { ...base, type: ['number', 'null'], ...(spec.type.minimum !== undefined ? { minimum: spec.type.minimum } : {}) };
    case 'boolean': return { ...base, type: ['boolean', 'null'] };
    case 'date': return { ...base, type: ['string', 'null'], format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
    case 'enum': return { ...base, enum: [...spec.type.values, null] };
  }
}

function recordSchema(fields: Readonly<Record<string, FieldSpec>>): { type: 'object'; additionalProperties: false; properties: Record<string, object> } {
  return { type: 'object', additionalProperties: false, properties: Object.fromEntries(Object.entries(fields).map(([k, s]) => [k, fieldSchema(s)])) };
}

export function jobPlanSchema(): object {
  const top = recordSchema(PLAN_FIELDS);
  for (const [list, fields] of Object.entries(PLAN_LISTS)) {
    top.properties[list] = { type: 'array', items: recordSchema(fields) };
  }
  top.properties['$schema'] = { type: 'string' };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://jobplan.example/schemas/job-plan.schema.json',
    title: 'jobplan job plan',
    description: 'One job plan (domain.md §2): scalar fields in snake_case plus the lists activities, annualised_activities, additional_pas and objectives. Dates are YYYY-MM-DD.',
    ...top,
  };
}
