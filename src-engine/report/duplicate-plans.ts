/**
 * A folder run can hold one job plan twice: the plan's own workbook, the directorate's one-sheet-per-plan workbook
 * and the register row for it. Every copy is still checked on its own (each file gets its findings), but the group
 * rules count each plan once, or a care group's "28 plans" would count one consultant three times. The copy
 * counted is the one agreed most recently (else met most recently); on a tie a full job plan before a register
 * row; then the first file read. A warning names every file holding the reference and the copy counted.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PlanInput } from '../evaluate/evaluate.js';
import { agreedDate } from '../facts/catalogue.js';

export interface DuplicatePlans {
  /** Per input, in order: whether the group rules count it (false for the copies not used). */
  readonly countInGroups: readonly boolean[];
  readonly diagnostics: readonly Diagnostic[];
}

/** `refs[i]` is the reference of `inputs[i]` as reports name it. Only a reference seen in more than one file counts as duplicated. */
export function findDuplicatePlans(inputs: readonly PlanInput[], refs: readonly string[]): DuplicatePlans {
  const countInGroups = inputs.map(() => true);
  const diagnostics: Diagnostic[] = [];
  const byRef = new Map<string, number[]>();
  inputs.forEach((input, i) => {
    // Only a real plan reference identifies a plan across files (not a name, nor "<file> row 12").
    if (!input.plan.plan_ref) return;
    const list = byRef.get(refs[i]!) ?? [];
    list.push(i);
    byRef.set(refs[i]!, list);
  });
  for (const [ref, indexes] of byRef) {
    const files = [...new Set(indexes.map((i) => inputs[i]!.source))];
    if (files.length < 2) continue;
    const used = [...indexes].sort((a, b) => compareCopies(inputs[a]!, inputs[b]!) || a - b)[0]!;
    for (const i of indexes) if (i !== used) countInGroups[i] = false;
    const chosen = inputs[used]!;
    const why = agreedDate(chosen.plan) ? 'agreed most recently' : chosen.plan.meeting_date ? 'met most recently' : 'read first';
    diagnostics.push({
      code: 'input_duplicate_plan',
      severity: 'warning',
      message: `plan ${ref} is in ${files.length} files: ${files.join(', ')}. Each copy is checked; the register rules count it once, using the copy in ${chosen.source}${indexes.length > 1 ? ` (${why})` : ''}.`,
    });
  }
  return { countInGroups, diagnostics };
}

/** Negative when `a` is the better copy to count. */
function compareCopies(a: PlanInput, b: PlanInput): number {
  const date = (p: PlanInput): string => agreedDate(p.plan) ?? p.plan.meeting_date ?? '';
  const da = date(a);
  const db = date(b);
  if (da !== db) return da > db ? -1 : 1;
  const rank = (p: PlanInput): number => (p.kind === 'register-row' ? 1 : 0);
  return rank(a) - rank(b);
}
