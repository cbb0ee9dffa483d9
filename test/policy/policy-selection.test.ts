/**
 * Which policy judges a plan (issue 10, item 1): the installation config names the Trust's packs and the pack for
 * plans recording no organisation; the staff group comes from the data; a plan no pack fits, or several fit, is not
 * judged; group rules count only the plans chosen for their pack.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src-engine/diagnostics/diagnostic.js';
import { evaluatePlans } from '../../src-engine/evaluate/evaluate.js';
import type { JobPlan } from '../../src-engine/model/job-plan.js';
import { staffGroupOf } from '../../src-engine/model/staff-group.js';
import { loadPolicyFiles } from '../../src-engine/node/load-policy-files.js';
import { loadPolicyLibrary } from '../../src-engine/policy/policy-library.js';
import { parsePolicySelection } from '../../src-engine/policy/policy-selection.js';
import { collectPolicyBundle } from '../../scripts/bundle-policies.js';
import { policyText } from '../evaluate/helpers.js';

const root = join(import.meta.dirname, '..', '..');
const shippedFiles = loadPolicyFiles([join(root, 'policies')]);
const shipped = loadPolicyLibrary(shippedFiles.policies, shippedFiles.config);
const consultant: JobPlan = {
  plan_ref: 'JP-1', grade: 'Consultant', contracted_pas: 10, meeting_date: '2026-09-01', start_date: '2026-10-01',
  signed_practitioner_date: '2026-09-05', signed_manager_date: '2026-09-06', declared_dcc_pas: 7.5, declared_spa_pas: 2.5,
};

async function judge(plans: JobPlan[], library = shipped, extra: object = {}) {
  return evaluatePlans(plans.map((plan) => ({ plan, cells: {}, source: 'x.json' })), library, { today: '2026-11-23', evaluatedAt: 'x', ...extra });
}

describe('the shipped installation config', () => {
  it('is read beside the policies and has no problems', () => {
    expect(shippedFiles.config?.path).toMatch(/policies[/\\]jobplan\.config\.yaml$/);
    expect(shipped.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(shipped.selection?.policies).toEqual(['cpft-job-planning', 'wales-consultant-job-planning', 'nhse-non-medical-job-planning']);
  });

  it('a consultant plan recording no organisation or staff group is judged by the medical default, not the Agenda for Change pack', async () => {
    const plan = (await judge([consultant])).plans[0]!;
    expect(plan.policies.map((p) => p.id)).toEqual(['cpft-job-planning']);
    expect(plan.policies[0]!.reason).toContain('the pack for medical plans that record no organisation');
  });

  it('an English Trust\'s medical plan that none of the configured packs names is not judged (never by the Welsh pack)', async () => {
    const plan = (await judge([{ ...consultant, organisation: 'Northfield Community Health NHS Trust', staff_group: 'medical' }])).plans[0]!;
    expect(plan.policies).toEqual([]);
    expect(plan.findings).toEqual([]);
    expect(plan.diagnostics.map((d) => d.code)).toEqual(['no_policy_applies']);
    expect(plan.diagnostics[0]!.message).toContain('not judged: choose a policy (--policy or the config)');
  });

  it('a plan naming its organisation is judged by that organisation\'s pack only', async () => {
    const [cpft, wales] = (await judge([{ ...consultant, organisation: 'CPFT' }, { ...consultant, plan_ref: 'JP-2', organisation: 'Swansea Bay University Health Board' }])).plans;
    expect(cpft!.policies.map((p) => p.id)).toEqual(['cpft-job-planning']);
    expect(wales!.policies.map((p) => p.id)).toEqual(['wales-consultant-job-planning']);
  });

  it('an Agenda for Change band is non-medical: the NHS England toolkit judges it', async () => {
    const plan = (await judge([{ ...consultant, grade: 'Band 7', contracted_pas: undefined, contracted_hours: 37.5 }])).plans[0]!;
    expect(plan.policies.map((p) => p.id)).toEqual(['nhse-non-medical-job-planning']);
  });

  it('a plan recording nothing that says which pack fits is not judged, and says what to record', async () => {
    const plan = (await judge([{ plan_ref: 'JP-0', meeting_date: '2026-09-01' }])).plans[0]!;
    expect(plan.policies).toEqual([]);
    expect(plan.diagnostics[0]!.message).toMatch(/not judged: choose a policy .*staff group not recorded.*record its staff group or grade/);
  });

  it('--policy <id> still judges any plan by the pack named', async () => {
    const plan = (await judge([{ plan_ref: 'JP-0', meeting_date: '2026-09-01' }], shipped, { policy: { id: 'cpft-job-planning' } })).plans[0]!;
    expect(plan.policies.map((p) => p.id)).toEqual(['cpft-job-planning']);
  });
});

describe('staff group from the data', () => {
  it.each([
    ['Consultant', 'medical'], ['Locum Consultant', 'medical'], ['Consultant Psychiatrist', 'medical'], ['Specialty Doctor', 'medical'],
    ['Speciality doctor', 'medical'], ['Specialist', 'medical'], ['Associate Specialist', 'medical'], ['Band 6', 'non-medical'],
    ['AfC 8a', 'non-medical'], ['Nurse Consultant', 'non-medical'], ['Clinical Nurse Specialist', 'non-medical'], ['Head of Finance', null],
  ])('grade %s → %s', (grade, group) => {
    expect(staffGroupOf({ grade })).toBe(group);
  });

  it('a recorded staff group wins, and a band alone says non-medical', () => {
    expect(staffGroupOf({ grade: 'Consultant', staff_group: 'non-medical' })).toBe('non-medical');
    expect(staffGroupOf({ band: '6' })).toBe('non-medical');
  });
});

describe('without a config', () => {
  const national = (id: string) => policyText().replace('policy: demo', `policy: ${id}`);
  const twoNational = loadPolicyLibrary([{ path: 'policies/a/2020-01-01.yaml', text: national('a') }, { path: 'policies/b/2020-01-01.yaml', text: national('b') }]);

  it('a plan that two packs fit with nothing to choose between them is not judged', async () => {
    const plan = (await judge([{ ...consultant, start_date: '2020-06-01' }], twoNational)).plans[0]!;
    expect(plan.policies).toEqual([]);
    expect(plan.diagnostics.map((d) => d.code)).toEqual(['policy_choice_ambiguous']);
    expect(plan.diagnostics[0]!.message).toContain('a and b all fit it');
  });

  it('a pack naming the plan\'s organisation is chosen over a national one', async () => {
    const local = national('local').replace('applies_to: { staff_groups: [medical] }', 'applies_to: { staff_groups: [medical], organisations: [Test Trust] }');
    const lib = loadPolicyLibrary([{ path: 'policies/a/2020-01-01.yaml', text: national('a') }, { path: 'policies/local/2020-01-01.yaml', text: local }]);
    const plan = (await judge([{ ...consultant, organisation: 'test trust', start_date: '2020-06-01' }], lib)).plans[0]!;
    expect(plan.policies.map((p) => p.id)).toEqual(['local']);
  });
});

describe('the config file', () => {
  const config = (text: string) => parsePolicySelection({ path: 'policies/jobplan.config.yaml', text });

  it('is checked against its schema with line and column', () => {
    const { diagnostics } = config('policies: [cpft-job-planning]\nno_organisaton: cpft-job-planning\n');
    expect(diagnostics.map(formatDiagnostic)).toEqual(['policies/jobplan.config.yaml:2:1: config_schema_error: /no_organisaton unexpected property \'no_organisaton\'']);
  });

  it('names only loaded policies, with a suggestion, and a default among its own policies', () => {
    const text = 'policies: [cpft-job-planing]\nno_organisation: { medical: nhse-non-medical-job-planning }\n';
    const lib = loadPolicyLibrary(shippedFiles.policies, { path: 'policies/jobplan.config.yaml', text });
    expect(lib.diagnostics.map(formatDiagnostic)).toEqual([
      "policies/jobplan.config.yaml:1:12: config_unknown_policy: the config names policy 'cpft-job-planing', which is not loaded; did you mean 'cpft-job-planning', 'wales-consultant-job-planning', 'nhse-non-medical-job-planning'? (loaded: cpft-job-planning, nhse-non-medical-job-planning, wales-consultant-job-planning)",
      'policies/jobplan.config.yaml:2:29: config_default_not_listed: no_organisation names \'nhse-non-medical-job-planning\' for medical staff, but it is not one of the config\'s policies (cpft-job-planing); add it to policies or choose one of them',
    ]);
  });

  it('a Trust listing only its own packs: a plan of another organisation is not judged', async () => {
    const lib = loadPolicyLibrary(shippedFiles.policies, { path: 'c.yaml', text: 'policies: [cpft-job-planning, nhse-non-medical-job-planning]\nno_organisation: { medical: cpft-job-planning }\n' });
    const plan = (await judge([{ ...consultant, organisation: 'SBUHB' }], lib)).plans[0]!;
    expect(plan.policies).toEqual([]);
    expect(plan.diagnostics.map((d) => d.code)).toEqual(['no_policy_applies']);
  });

  it('is the same file the CLI reads', () => {
    expect(shippedFiles.config?.text).toBe(readFileSync(join(root, 'policies', 'jobplan.config.yaml'), 'utf8'));
  });

  it('is bundled into the add-in, and a library built from the bundle as the worker builds it chooses as the CLI does', async () => {
    const bundle = collectPolicyBundle(root);
    expect(bundle.config).toEqual({ path: 'policies/jobplan.config.yaml', text: shippedFiles.config!.text });
    const fromBundle = loadPolicyLibrary(bundle.policies, bundle.config);
    const plans: JobPlan[] = [consultant, { ...consultant, plan_ref: 'JP-2', organisation: 'Northfield Community Health NHS Trust' }, { ...consultant, plan_ref: 'JP-3', grade: 'Band 6' }];
    const cli = await judge(plans);
    const addin = await judge(plans, fromBundle);
    expect(addin.plans.map((p) => p.policies.map((x) => x.id))).toEqual(cli.plans.map((p) => p.policies.map((x) => x.id)));
    expect(cli.plans.map((p) => p.policies.map((x) => x.id))).toEqual([['cpft-job-planning'], [], ['nhse-non-medical-job-planning']]);
  });
});

describe('group rules count only the plans chosen for their pack', () => {
  it('a plan not judged is no member of any register group', async () => {
    const cpft = (ref: string, extra: JobPlan = {}): JobPlan => ({ ...consultant, plan_ref: ref, organisation: 'CPFT', care_group: 'Adult', ...extra });
    const report = await judge([
      cpft('C1'), cpft('C2'),
      { ...consultant, plan_ref: 'X1', organisation: 'Elsewhere NHS Trust', care_group: 'Adult' },
    ]);
    const completion = report.groups.find((g) => g.ruleId === 'register.completion-report')!;
    expect(completion.group.plans).toBe(2);
    expect(completion.message).toContain('2 of 2 job plans are complete');
  });

  it('a Welsh register of 2024 plans (before the pack\'s first version) is judged by the first version with a notice per plan, counted in the target, exit from the findings', async () => {
    const wales = (ref: string, date: string): JobPlan => ({ ...consultant, plan_ref: ref, organisation: 'SBUHB', care_group: 'Surgery', meeting_date: date, start_date: date, signed_practitioner_date: date, signed_manager_date: date });
    const report = await judge([wales('W1', '2024-06-01'), wales('W2', '2026-06-01')]);
    expect(report.plans[0]!.diagnostics.map((d) => d.message)).toEqual([
      "plan 'W1' predates the policy's first version, 01/04/2025 (wales-consultant-job-planning; the plan's reference date is 01/06/2024): judged by that first version; to choose by another date, pass --as-of",
    ]);
    expect(report.plans[0]!.diagnostics[0]!.severity).toBe('warning');
    expect(report.plans[0]!.policies.map((p) => `${p.id}@${p.version}`)).toEqual(['wales-consultant-job-planning@2025-04-01']);
    expect(report.plans[0]!.findings.map((f) => f.ruleId)).toContain('current.within-12-months');
    expect(report.plans[1]!.policies.map((p) => p.id)).toEqual(['wales-consultant-job-planning']);
    const target = report.groups.find((g) => g.ruleId === 'register.compliance-target')!;
    expect(target.offenders.map((o) => o.ref)).toEqual(['W1']);
    expect(report.summary.diagnostics.error).toBe(0);
  });
});
