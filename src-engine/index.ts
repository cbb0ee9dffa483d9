/**
 * The engine core's public surface: text and plain data in, plain data out. The CLI (src-engine/cli/) and the
 * Excel add-in (src-addin/) use only what is exported here, so both give the same findings for the same workbook.
 */
export { ENGINE_VERSION } from './version.js';
export { formatDiagnostic, formatLocation, formatCellReference, formatCellAt, delimitedTextSheetName, hasErrors, type Diagnostic, type Location } from './diagnostics/diagnostic.js';
export type { JobPlan, Activity, AnnualisedActivity, AdditionalPa, Objective } from './model/job-plan.js';
export type { CellMap, CellRef } from './model/cells.js';
export { checkJobPlan } from './model/check-plan.js';
export type { WorkbookSnapshot, SheetSnapshot, CellValue } from './workbook/snapshot.js';
export { parseWorkbookMap, type WorkbookMap } from './workbook/workbook-map.js';
export { extractJobPlan, extractPlans, type ExtractedPlan } from './workbook/extract.js';
export { plansFromWorkbook, chooseMap, RESULTS_SHEET_NAME, type WorkbookPlans, type MapChoice } from './workbook/plans-from-workbook.js';
export { coerceCell } from './workbook/coerce.js';
export { FACTS, deriveFacts } from './facts/catalogue.js';
export { OPERATORS } from './policy/operators.js';
export type { PolicySource } from './policy/policy-document.js';
export type { CompiledPolicy, PolicyStamp } from './policy/compiled-policy.js';
export { loadPolicy } from './policy/load-policy.js';
export { loadPolicyLibrary, versionInForce, versionWindows, findVersion, stampOf, policyIds, checkVersionWindows, type PolicyLibrary } from './policy/policy-library.js';
export { sha256Hex } from './policy/hash.js';
export { evaluatePlans, explainRule, planRefOf, type PlanInput, type EvaluateOptions, type RuleExplanation } from './evaluate/evaluate.js';
export type { ConditionTrace } from './evaluate/condition-trace.js';
export { formatReportText, clauseText, countFindings } from './report/format-text.js';
export { formatExplanationText, traceLines, describeCondition } from './report/format-explanation.js';
export { summariseRegister, type RegisterSummary } from './report/register-summary.js';
export { renderReportHtml, escapeHtml } from './report/render-html.js';
export type { EvaluationReport, Finding, PlanResult } from './report/report.js';
export { runPolicyTests, type TestSource, type CaseResult } from './testing/run-policy-tests.js';
export { describeReading, type WorkbookReading, type PlanReading, type FieldReading, type ListReading } from './workbook/what-was-read.js';
export { chooseMapByFit, type MapFit } from './workbook/choose-map.js';
