/** The JSON Schemas jobplan publishes in schemas/, each generated from the code that enforces it. */
import { jobPlanSchema } from '../src-engine/model/job-plan-schema.js';
import { policySchema } from '../src-engine/policy/policy-schema.js';
import { policySelectionSchema } from '../src-engine/policy/policy-selection.js';
import { policyTestsSchema } from '../src-engine/testing/policy-tests-schema.js';
import { workbookMapSchema } from '../src-engine/workbook/workbook-map.js';

export const SCHEMA_FILES: Readonly<Record<string, () => object>> = {
  'policy.schema.json': policySchema,
  'policy-tests.schema.json': policyTestsSchema,
  'job-plan.schema.json': jobPlanSchema,
  'workbook-map.schema.json': workbookMapSchema,
  'jobplan-config.schema.json': policySelectionSchema,
};

export function schemaText(make: () => object): string {
  return `${JSON.stringify(make(), null, 2)}\n`;
}
