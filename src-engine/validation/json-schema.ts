/**
 * The only ajv import. Validates plain data against a JSON Schema (draft-07, which yaml-language-server
 * understands) and returns errors as instance paths, so callers can map them back to YAML lines.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

export interface SchemaError {
  /** JSON pointer into the data, e.g. `/rules/3/severity`. */
  readonly path: string;
  readonly message: string;
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
ajv.addKeyword('markdownDescription');
ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
const compiled = new WeakMap<object, ValidateFunction>();

export function validateAgainstSchema(schema: object, data: unknown): SchemaError[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(data)) return [];
  return simplify(validate.errors ?? []);
}

/**
 * ajv reports every branch of a oneOf/anyOf; people need the one that matters. Keep the deepest errors,
 * drop the "must match a schema in anyOf" summaries when a more specific error exists at or below that path.
 */
function simplify(errors: readonly ErrorObject[]): SchemaError[] {
  const out: SchemaError[] = [];
  const seen = new Set<string>();
  const specific = errors.filter((e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword));
  const list = specific.length > 0 ? specific : errors;
  for (const e of list) {
    const { path, message } = describe(e);
    const key = `${path}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}

function describe(e: ErrorObject): SchemaError {
  const where = e.instancePath || '';
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String(params['additionalProperty']);
      return { path: `${where}/${escape(prop)}`, message: `unexpected property '${prop}'${allowed(e)}` };
    }
    case 'required':
      return { path: where, message: `missing required property '${String(params['missingProperty'])}'` };
    case 'enum':
      return { path: where, message: `must be one of: ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { path: where, message: `must be ${JSON.stringify(params['allowedValue'])}` };
    case 'format':
      return { path: where, message: `must be a ${String(params['format'])} written YYYY-MM-DD` };
    case 'maxItems': {
      // A limit far beyond real use (policy-schema.ts): say how many there are and what to do, not ajv's wording.
      const limit = Number(params['limit']).toLocaleString('en-GB');
      return { path: where, message: `has too many entries: at most ${limit} are allowed here; split the list or the file into smaller ones` };
    }
    default:
      return { path: where, message: e.message ?? 'is not valid' };
  }
}

function allowed(e: ErrorObject): string {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!props) return '';
  return `; allowed properties are ${Object.keys(props).join(', ')}`;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
