/**
 * Which policy judges a plan: the Trust's installation config (policies/jobplan.config.yaml) names the packs that
 * are its own and the pack for plans that record no organisation, by staff group. A plan is judged by the one pack
 * that fits it; a plan that no pack fits, or that several fit with nothing to choose between them, is not judged
 * ("choose a policy"), never judged by a guess.
 *
 * The config is plain data (PolicySelection), so both shells hand it to the core: the CLI reads the file beside the
 * policies, the add-in bundles its text at build time.
 */
import type { Diagnostic, FileLocation } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { formatUkDate, type IsoDate } from '../model/dates.js';
import { STAFF_GROUPS, type JobPlan, type StaffGroup } from '../model/job-plan.js';
import { staffGroupOf } from '../model/staff-group.js';
import { validateAgainstSchema } from '../validation/json-schema.js';
import { parseYaml, pointerToPath } from '../yaml/yaml-document.js';
import type { CompiledPolicy } from './compiled-policy.js';
import { POLICY_ID_PATTERN } from './policy-schema.js';

/** The config's file name: beside the policy folders, at the top of policies/. */
export const CONFIG_FILE_NAME = 'jobplan.config.yaml';

export interface PolicySelection {
  /** Where the config came from (shown in reasons and diagnostics). */
  readonly path: string;
  /** The packs (policy ids) that judge this installation's plans; a pack not listed judges only when asked for. */
  readonly policies: readonly string[];
  /** The pack for a plan that records no organisation, by its staff group (recorded, or derived from its grade). */
  readonly noOrganisation: Readonly<Partial<Record<StaffGroup, string>>>;
  /** Where each policy id is written in the config, for diagnostics: `policies/0`, `no_organisation/medical`. */
  readonly locations?: Readonly<Record<string, FileLocation>>;
}

/** The config file's shape, as authors write it. */
export function policySelectionSchema(): object {
  const id = { type: 'string', pattern: POLICY_ID_PATTERN, description: 'A policy id: the name of its folder under policies/.' };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://jobplan.example/schemas/jobplan-config.schema.json',
    title: 'jobplan installation config',
    description: 'Which policy packs judge this installation\'s job plans (policies/jobplan.config.yaml).',
    type: 'object',
    additionalProperties: false,
    required: ['policies'],
    properties: {
      $schema: { type: 'string' },
      installation: { type: 'string', description: 'Who this installation is for (shown to nobody; a note for the next administrator).' },
      policies: { type: 'array', items: id, minItems: 1, uniqueItems: true, description: 'The packs that judge plans here. A plan is judged by the one that fits it (organisation, staff group, grade); --policy chooses any loaded pack.' },
      no_organisation: {
        description: 'The pack for plans that record no organisation: one pack id, or one per staff group (medical, non-medical). The staff group is the one recorded, else the one the grade says (Consultant, Specialty Doctor, Specialist, Associate Specialist → medical; an Agenda for Change band → non-medical).',
        anyOf: [
          id,
          { type: 'object', additionalProperties: false, minProperties: 1, properties: Object.fromEntries(STAFF_GROUPS.map((g) => [g, id])) },
        ],
      },
    },
  };
}

const SCHEMA = policySelectionSchema();

/** Parses and checks a config file's text: YAML syntax and schema errors with file:line:col. */
export function parsePolicySelection(source: { readonly path: string; readonly text: string }): { selection: PolicySelection | null; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(source.text, source.path, 'config_yaml_error');
  if (!parsed.ok) return { selection: null, diagnostics: parsed.diagnostics };
  const { document } = parsed;
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  for (const e of validateAgainstSchema(SCHEMA, document.data)) {
    const atKey = e.message.startsWith('unexpected property');
    diagnostics.push({ code: 'config_schema_error', severity: 'error', message: `${e.path === '' ? 'the config' : e.path} ${e.message}`, location: document.locate(pointerToPath(e.path), atKey ? 'key' : 'value') });
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { selection: null, diagnostics };
  const data = document.data as { policies: string[]; no_organisation?: string | Partial<Record<StaffGroup, string>> };
  const locations: Record<string, FileLocation> = {};
  data.policies.forEach((p, i) => (locations[`policies/${i}`] = document.locate(['policies', i])));
  const noOrganisation: Partial<Record<StaffGroup, string>> = {};
  if (typeof data.no_organisation === 'string') {
    for (const g of STAFF_GROUPS) noOrganisation[g] = data.no_organisation;
    locations['no_organisation'] = document.locate(['no_organisation']);
  } else if (data.no_organisation) {
    for (const g of STAFF_GROUPS) {
      const id = data.no_organisation[g];
      if (id === undefined) continue;
      noOrganisation[g] = id;
      locations[`no_organisation/${g}`] = document.locate(['no_organisation', g]);
    }
  }
  return { selection: { path: source.path, policies: data.policies, noOrganisation, locations }, diagnostics };
}

/** Ids in the config that name no loaded policy, and defaults that are not among the config's own policies. */
export function checkPolicySelection(selection: PolicySelection, loadedIds: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (key: string): FileLocation => selection.locations?.[key] ?? { file: selection.path, line: 1, col: 1 };
  selection.policies.forEach((id, i) => {
    if (!loadedIds.includes(id)) out.push({ code: 'config_unknown_policy', severity: 'error', message: `the config names policy '${id}', which is not loaded${didYouMean(id, loadedIds)} (loaded: ${loadedIds.join(', ') || 'none'})`, location: at(`policies/${i}`) });
  });
  for (const [group, id] of Object.entries(selection.noOrganisation)) {
    const key = selection.locations?.[`no_organisation/${group}`] ? `no_organisation/${group}` : 'no_organisation';
    if (!selection.policies.includes(id)) {
      out.push({ code: 'config_default_not_listed', severity: 'error', message: `no_organisation names '${id}' for ${group} staff, but it is not one of the config's policies (${selection.policies.join(', ')}); add it to policies or choose one of them`, location: at(key) });
    }
  }
  // A default named for every group is reported once.
  return out.filter((d, i) => out.findIndex((o) => o.message === d.message) === i);
}

/** One pack's candidate: its id and the version whose applies_to decides whether it fits (in force, else the first). */
export interface PackCandidate {
  readonly id: string;
  /** The version in force on the reference date; null when none is (the plan predates it, or a gap). */
  readonly inForce: CompiledPolicy | null;
  /** The version whose applies_to is read: the one in force, else the first dated version. */
  readonly representative: CompiledPolicy;
}

type Fit = 'yes' | 'no' | 'unknown';

/** Whether a pack fits a plan; an organisation is matched only when the plan records one (see choosePack). */
function packFit(policy: CompiledPolicy, plan: JobPlan, group: StaffGroup | null): Fit {
  const { staff_groups: groups, grades, organisations } = policy.document.applies_to;
  const org = plan.organisation?.trim().toLowerCase();
  if (organisations && org && !organisations.some((o) => o.toLowerCase() === org)) return 'no';
  if (grades && plan.grade && plan.grade.trim() !== '') {
    const grade = plan.grade.trim().toLowerCase();
    if (!grades.some((g) => grade === g.toLowerCase() || grade.includes(g.toLowerCase()))) return 'no';
  }
  if (groups) {
    if (group === null) return 'unknown';
    if (!groups.includes(group)) return 'no';
  }
  return 'yes';
}

function namesOrganisation(policy: CompiledPolicy, plan: JobPlan): boolean {
  const org = plan.organisation?.trim().toLowerCase();
  return !!org && (policy.document.applies_to.organisations ?? []).some((o) => o.toLowerCase() === org);
}

export type PackChoice =
  | { readonly kind: 'chosen'; readonly candidate: PackCandidate; readonly why: string | null }
  | { readonly kind: 'not-judged'; readonly code: 'no_policy_applies' | 'policy_choice_ambiguous'; readonly message: string };

const NOT_JUDGED = 'not judged: choose a policy (--policy or the config)';

/**
 * The one pack that judges a plan among the candidates (the config's policies, else every loaded pack):
 *  1. the packs that fit its organisation (when recorded), staff group (recorded or derived) and grade;
 *  2. of several, the ones that name its organisation (a Trust's own policy over a national one);
 *  3. for a plan recording no organisation, the config's pack for its staff group, when that pack fits;
 *  4. exactly one left: chosen; none or several: not judged.
 */
export function choosePack(plan: JobPlan, ref: string, candidates: readonly PackCandidate[], selection: PolicySelection | null): PackChoice {
  const group = staffGroupOf(plan);
  const fits = candidates.map((c) => ({ c, fit: packFit(c.representative, plan, group) }));
  let yes = fits.filter((f) => f.fit === 'yes').map((f) => f.c);
  const org = plan.organisation?.trim() ? plan.organisation.trim() : null;
  const described = `organisation ${org ?? 'not recorded'}, staff group ${group === null ? 'not recorded' : group + (plan.staff_group ? '' : ` (from the grade${plan.band && !plan.grade ? ' or band' : ''})`)}, grade ${plan.grade?.trim() || 'not recorded'}`;
  if (org && yes.length > 1) {
    const local = yes.filter((c) => namesOrganisation(c.representative, plan));
    if (local.length > 0) yes = local;
  }
  if (!org && group !== null) {
    const fallback = selection?.noOrganisation[group];
    const hit = fallback ? yes.find((c) => c.id === fallback) : undefined;
    if (hit) return { kind: 'chosen', candidate: hit, why: yes.length > 1 ? `the pack for ${group} plans that record no organisation (${selection!.path})` : null };
  }
  if (yes.length === 1) return { kind: 'chosen', candidate: yes[0]!, why: null };
  if (yes.length > 1) {
    return { kind: 'not-judged', code: 'policy_choice_ambiguous', message: `plan '${ref}' ${NOT_JUDGED}: ${joinIds(yes.map((c) => c.id))} all fit it (${described})${org ? '' : '; record its organisation, or set no_organisation in the config'}` };
  }
  const unknown = fits.filter((f) => f.fit === 'unknown').map((f) => f.c.id);
  const hint = unknown.length > 0 ? `; record its staff group or grade (${joinIds(unknown)} would fit a plan of the right staff group)` : '';
  return { kind: 'not-judged', code: 'no_policy_applies', message: `plan '${ref}' ${NOT_JUDGED}: no ${selection ? 'configured ' : 'loaded '}policy fits it (${described})${hint}` };
}

function joinIds(ids: readonly string[]): string {
  return ids.length <= 2 ? ids.join(' and ') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

/** The per-plan notice for a plan whose reference date is before its pack's first version took effect. */
export function predatesMessage(ref: string, id: string, first: IsoDate, date: IsoDate): string {
  return `plan '${ref}' predates the policy's first version, ${formatUkDate(first)} (${id}; the plan's reference date is ${formatUkDate(date)}): judged by that first version; to choose by another date, pass --as-of`;
}
