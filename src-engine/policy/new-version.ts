/**
 * Starting and ratifying policy versions, as edits to the YAML text that keep the author's comments and layout.
 * The file of a ratified version is never edited again; the next version starts as a draft copy of the latest.
 */
import type { IsoDate } from '../model/dates.js';
import { editYaml } from '../yaml/yaml-document.js';

/** The changelog text a new draft starts with; ratification refuses a version that still has it. */
export const CHANGELOG_PLACEHOLDER = 'Describe the change here before ratifying.';

/** The text of a new draft version effective on `effective`, copied from `latest` (the newest version). */
export function newDraftText(latestText: string, supersedes: string | null, effective: IsoDate): string {
  const edits = [
    { set: ['version'], value: effective },
    { set: ['status'], value: 'draft' },
    { delete: ['ratified'] },
    { set: ['effective_from'], value: effective },
    { delete: ['effective_to'] },
    // The review date belongs to the new version; the author sets it (the old one would precede the new start).
    { delete: ['review_by'] },
    { set: ['supersedes'], value: supersedes },
    { append: ['changelog'], value: { version: effective, change: CHANGELOG_PLACEHOLDER } },
  ] as const;
  return editYaml(latestText, edits);
}

/** The text of `draft` marked ratified on `date`. */
export function ratifiedText(draftText: string, date: IsoDate): string {
  return editYaml(draftText, [{ set: ['status'], value: 'ratified' }, { set: ['ratified'], value: date, after: 'status' }]);
}
