/**
 * The policy pipeline for one file, in order: parse YAML (with positions) → validate against the schema →
 * compile. Each stage reports diagnostics with file:line:col; a later stage runs only on a clean earlier one.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { validateAgainstSchema } from '../validation/json-schema.js';
import { parseYaml, pointerToPath } from '../yaml/yaml-document.js';
import { compilePolicy } from './compile.js';
import type { CompiledPolicy } from './compiled-policy.js';
import { sha256Hex } from './hash.js';
import type { PolicyDocument, PolicySource } from './policy-document.js';
import { policySchema } from './policy-schema.js';

const SCHEMA = policySchema();

export interface LoadedPolicy {
  readonly policy: CompiledPolicy | null;
  readonly diagnostics: Diagnostic[];
}

export function loadPolicy(source: PolicySource): LoadedPolicy {
  const parsed = parseYaml(source.text, source.path, 'policy_yaml_error');
  if (!parsed.ok) return { policy: null, diagnostics: parsed.diagnostics };
  const { document } = parsed;
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const errors = validateAgainstSchema(SCHEMA, document.data);
  for (const e of errors) {
    const path = pointerToPath(e.path);
    const atKey = e.message.startsWith('unexpected property');
    diagnostics.push({
      code: 'policy_schema_error',
      severity: 'error',
      message: `${e.path === '' ? 'the file' : e.path} ${e.message}`,
      location: document.locate(path, atKey ? 'key' : 'value'),
    });
  }
  if (errors.length > 0) return { policy: null, diagnostics };
  const sha256 = source.sha256 ?? sha256Hex(source.text);
  const compiled = compilePolicy(document.data as PolicyDocument, document, sha256);
  return { policy: compiled.policy, diagnostics: [...diagnostics, ...compiled.diagnostics] };
}
