/** What validate, explain and replay all need before evaluating: the policy library, the workbook map, and the problems found loading them. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadPolicyFiles, lockDiagnostics } from '../node/load-policy-files.js';
import { defaultMapPath, defaultPoliciesDir } from '../node/package-root.js';
import { loadWorkbookMap } from '../node/read-plans.js';
import { loadPolicyLibrary, type PolicyLibrary } from '../policy/policy-library.js';
import type { WorkbookMap } from '../workbook/workbook-map.js';

export interface RunContext {
  readonly library: PolicyLibrary;
  readonly map: WorkbookMap | null;
  readonly mapPath: string;
  readonly policiesDirs: readonly string[];
  readonly diagnostics: Diagnostic[];
}

export function loadRunContext(options: { policies?: readonly string[] | undefined; map?: string | undefined; policy?: { id: string } | null }): RunContext {
  const policiesDirs = options.policies && options.policies.length > 0 ? options.policies : [defaultPoliciesDir()];
  const files = loadPolicyFiles(policiesDirs);
  const library = loadPolicyLibrary(files.policies, files.config);
  const mapPath = options.map ?? defaultMapPath();
  const map = loadWorkbookMap(mapPath);
  const diagnostics: Diagnostic[] = [...files.diagnostics, ...library.diagnostics, ...lockDiagnostics(files, library), ...map.diagnostics];
  const wanted = options.policy;
  if (wanted && !library.policies.some((p) => p.id === wanted.id)) {
    diagnostics.push({ code: 'policy_not_found', severity: 'error', message: `no policy '${wanted.id}' is loaded; loaded: ${[...new Set(library.policies.map((p) => p.id))].join(', ') || 'none'}` });
  }
  return { library, map: map.map, mapPath, policiesDirs, diagnostics };
}
