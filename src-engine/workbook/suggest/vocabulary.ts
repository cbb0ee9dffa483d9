/**
 * The words Trusts and e-job-planning systems use for the model's fields, for `map suggest`. Each field has phrases
 * (matched whole, after normalising) and keyword rules (every group must have a word in the text), so a label never
 * seen before ("Date of JP Meeting", "Clinician Signed Date") is still recognised; `fallback` phrases count only when
 * no other label names the field ("Total PAs" is the contract only on a form without "Contracted PAs").
 *
 * The maps a Trust already keeps (workbook-maps/*.yaml) add their own labels to these (suggest-map.ts).
 */

export interface FieldWords {
  readonly phrases: readonly string[];
  /** Every group must be met by a word of the text; a word ending in `*` matches any word it begins. */
  readonly keywords?: readonly (readonly string[])[];
  /** Words that rule the keyword match out (`$word`: only as the text's last word). */
  readonly not?: readonly string[];
  /** Phrases used only when no other cell names the field. */
  readonly fallback?: readonly string[];
}

const SIGN = ['sign*', 'agreed', 'agreement', 'approv*', 'authoris*', 'signatory'];
const PRACTITIONER = ['consultant', 'doctor', 'practitioner', 'clinician', '1st', 'first', 'jobholder', 'employee', 'sas', 'specialist', 'dr', 'individual', 'own'];
const MANAGER = ['manager', 'director', 'cd', '2nd', 'second', 'final', 'lead', 'amd', 'managerial', 'md', 'line'];

/** Plan fields, as labels on a form or column headers in a register. */
export const FIELD_WORDS: Readonly<Record<string, FieldWords>> = {
  plan_ref: { phrases: ['plan reference', 'job plan reference', 'plan ref', 'jp ref', 'reference', 'job plan id', 'plan id', 'jp id', 'job plan number', 'job plan no', 'ref', 'job plan ref', 'record id'], keywords: [['plan', 'jp'], ['ref*', 'id', 'number', 'no']] },
  practitioner_name: {
    fallback: ['surname', 'last name', 'family name'],
    phrases: ['name', 'full name', 'practitioner', 'practitioner name', 'doctor', 'consultant', 'clinician', 'employee name', 'staff name', 'consultant name', 'doctor name', 'name of doctor', 'name of consultant', 'surname forename', 'consultant surname forename', 'doctor surname forename', 'employee', 'member of staff', 'name of practitioner', 'clinician name', 'staff member'],
    keywords: [['name'], ['consultant', 'doctor', 'practitioner', 'clinician', 'employee', 'staff', 'full', 'surname']],
    not: ['rota', 'team', 'panel', 'manager', 'director', 'signatory', 'by', 'service', 'organisation', 'trust'],
  },
  employee_number: { phrases: ['employee number', 'assignment number', 'esr number', 'staff number', 'assignment no', 'staff no', 'employee no', 'payroll number', 'esr assignment number', 'employee id', 'staff id', 'esr no'], keywords: [['employee', 'assignment', 'esr', 'staff', 'payroll'], ['number', 'no', 'num', 'id']] },
  staff_group: { phrases: ['staff group', 'staff category', 'staff type'] },
  grade: { phrases: ['grade', 'role', 'post', 'job title', 'grade role', 'position', 'grade post', 'post title', 'current grade', 'grade of post'], keywords: [['grade']], not: ['band', 'paid'] },
  band: { phrases: ['band', 'afc band', 'pay band', 'agenda for change band'] },
  specialty: { phrases: ['department', 'speciality team', 'specialty team', 'service area', 'specialty', 'service line', 'sub specialty', 'clinical specialty', 'specialty service', 'specialty area'], keywords: [['specialty']] },
  care_group: { phrases: ['care group', 'directorate', 'division', 'service group', 'business unit', 'clinical directorate', 'locality', 'clinical business unit', 'cbu', 'care group directorate', 'service'], keywords: [['care', 'directorate', 'division'], ['group', 'directorate', 'division']] },
  organisation: { phrases: ['organisation', 'employer', 'trust', 'employing organisation', 'health board', 'employing trust', 'organisation name', 'employing body', 'employing organization', 'organization'] },
  contracted_pas: {
    phrases: ['pas contract', 'contracted programmed activities', 'number of contracted pas', 'contracted pas', 'pas in contract', 'number of pas', 'contracted sessions', 'contracted pas per week', 'pas contracted', 'total contracted pas', 'contract pas', 'contracted programmed activities', 'pas per week', 'weekly pas', 'contracted pa', 'no of pas', 'pas'],
    keywords: [['contract*'], ['pa', 'pas', 'sessions', 'programmed']],
    fallback: ['total pas', 'total sessions', 'total programmed activities', 'total pa', 'sessions per week'],
  },
  contracted_hours: { phrases: ['contracted hours', 'contracted hours per week', 'hours per week', 'hours contracted', 'weekly hours', 'hours in contract'], keywords: [['contract*'], ['hours', 'hrs']] },
  full_time: { phrases: ['less than full time', 'are you part time', 'working less than full time', 'full time part time', 'contract type full part time', 'full time', 'ft pt', 'full time part time', 'working pattern', 'full or part time', 'whole time part time', 'full part time', 'ft', 'contract type', 'ltft'] },
  wte: { phrases: ['wte', 'fte', 'whole time equivalent', 'full time equivalent'] },
  contract_start_date: { phrases: ['start date in post', 'date started in post', 'date joined', 'contract start date', 'date of appointment', 'appointment date', 'start in post', 'date commenced', 'commencement date', 'date started', 'started in post', 'date of joining', 'joined'], keywords: [['start*', 'join*', 'commenc*', 'appoint*'], ['post', 'joined', 'appointment', 'contract', 'trust', 'commenced']] },
  flexible_working: { phrases: ['flexible working agreement', 'flexible working', 'flexible working agreement in place'], keywords: [['flexib*']], not: ['review', 'date'] },
  flexible_working_review_date: { phrases: ['flexible working review date', 'flexible working review'], keywords: [['flexib*'], ['review']] },
  plan_kind: { phrases: ['type of plan', 'plan type', 'job plan type', 'type of job plan', 'type of review', 'review type', 'reason for job plan', 'job plan reason', 'type'], keywords: [['type', 'reason'], ['plan', 'review', 'jp']] },
  status: { phrases: ['status', 'plan status', 'job plan status', 'stage', 'plan stage', 'job plan stage', 'workflow status', 'sign off status', 'state', 'workflow stage', 'current status', 'jp status'], keywords: [['status', 'stage']], not: ['marital', 'employment'] },
  meeting_date: {
    phrases: ['job plan meeting date', 'meeting date', 'date of job plan meeting', 'date of meeting', 'job plan meeting', 'job planning meeting', 'discussion date', 'date of jp meeting', 'jp meeting date', 'date of discussion', 'review meeting date', 'meeting', 'job planning meeting date', 'date of job planning meeting', 'jp meeting', 'date of review meeting'],
    keywords: [['meeting', 'discussion', 'discussed']],
    not: ['md', 'medical', 'panel', 'appeal', 'mediation', 'team'],
  },
  signed_practitioner_date: { phrases: ['date job plan agreed', 'job plan agreed', 'date agreed by doctor', 'signed doctor', 'signed by practitioner', 'doctor signed', 'consultant signed', 'clinician signed date', 'practitioner signed', 'agreed by doctor', 'consultant signature', 'doctor signature', 'date signed by doctor', 'signed consultant', 'signed by doctor', 'signed by consultant', 'signed by clinician', 'employee signature'], keywords: [SIGN, PRACTITIONER], not: ['$by', 'name', 'manager', 'director', 'cd'] },
  signed_manager_date: { phrases: ['date signed off', 'signed off date', 'final sign off date', 'date of sign off', 'signed cd', 'signed by manager', 'signed by clinical manager', 'clinical manager signed', 'cd signed', 'manager signed', 'clinical director signed', 'agreed by clinical director', 'final signatory date', 'clinical director signature', 'manager signature', 'signed clinical director', 'signed by cd'], keywords: [SIGN, MANAGER], not: ['$by', 'name'] },
  start_date: { phrases: ['plan start date', 'job plan start date', 'effective date', 'effective from', 'job plan effective from', 'start date', 'plan effective', 'job plan to start', 'plan start', 'date effective', 'job plan effective date', 'date agreed', 'effective', 'start', 'plan effective from'], keywords: [['effective', 'start*', 'commenc*']], not: ['post', 'joined', 'contract', 'appointment', 'apa', 'additional', 'flexib*', 'review', 'meeting'] },
  review_date: { phrases: ['next review date', 'review date', 'review due', 'next review', 'next review due', 'review by', 'date of next review', 'review due date', 'next job plan review', 'due for review'], keywords: [['review*'], ['next', 'due', 'date', 'by']], not: ['flexib*', 'meeting', 'type', 'last', 'previous', 'of review'] },
  spa_justification: { phrases: ['spa justification', 'reason for spa variation', 'spa variance reason', 'justification for spa'], keywords: [['spa'], ['justif*', 'reason', 'variance', 'variation']] },
  on_call_rota: { phrases: ['on call rota member', 'member of an on call rota', 'participates in on call', 'do you take part in on call', 'on call', 'on call rota', 'on an on call rota', 'participates in on call', 'on call commitment', 'on call participation', 'are you on an on call rota'], keywords: [['on'], ['call', 'oncall']], not: ['frequency', 'category', 'name', 'supplement', 'band', 'intensity'] },
  on_call_rota_name: { phrases: ['which rota', 'rota name on call', 'rota name', 'rota', 'name of rota', 'on call rota name'], keywords: [['rota'], ['name']] },
  on_call_frequency: { phrases: ['how often', 'how often are you on call', 'frequency of rota', 'on call frequency', 'frequency', 'rota frequency', 'frequency of on call', 'frequency 1 in n', 'on call frequency 1 in n'], keywords: [['frequency']] },
  on_call_category: { phrases: ['availability supplement category', 'category a or b', 'on call category', 'category', 'availability category', 'category a or b', 'on call availability category'], keywords: [['category']], not: ['pa', 'staff', 'activity'] },
  on_call_supplement_pct: { phrases: ['availability supplement', 'supplement', 'on call supplement', 'availability supplement %'] },
  intensity_band: { phrases: ['intensity band', 'intensity band plan', 'intensity band planned', 'banding', 'banding planned'], not: ['paid'] },
  intensity_band_paid: { phrases: ['intensity band paid', 'band paid', 'banding paid'] },
  private_practice_statement: { phrases: ['private practice', 'private practice statement', 'private practice and fee paying work', 'private practice fee paying work', 'fee paying work', 'private practice declaration'], keywords: [['private']] },
  external_duties_statement: { phrases: ['external duties', 'external duties statement', 'external duties declaration'], keywords: [['external']], not: ['pa', 'pas'] },
  supporting_resources: { phrases: ['resources support', 'support', 'resources required provided', 'what resources does the trust provide', 'supporting resources', 'resources', 'resources provided', 'support and resources'], keywords: [['resource*']] },
  managerial_responsibilities: { phrases: ['management', 'management roles', 'managerial roles', 'managerial responsibilities', 'management responsibilities', 'managerial roles', 'management roles'], keywords: [['manag*'], ['responsib*', 'role*']] },
  section_justification: { phrases: ['justification for empty sections', 'section justification'] },
  failure_to_agree_date: { phrases: ['failure to agree', 'failure to agree date', 'not agreed on'] },
  md_referral_date: { phrases: ['referred to md', 'referred to medical director', 'md referral date'] },
  md_meeting_date: { phrases: ['md meeting', 'medical director meeting', 'md meeting date'] },
  md_decision_date: { phrases: ['md decision', 'medical director decision', 'md decision date'] },
  mediation_outcome_date: { phrases: ['mediation outcome', 'mediation outcome date'] },
  appeal_lodged_date: { phrases: ['appeal lodged', 'appeal lodged date'] },
  appeal_panel_date: { phrases: ['appeal panel', 'appeal panel date', 'appeal panel hearing'] },
  panel_chair: { phrases: ['panel chair', 'panel chair employer nominee', 'chair of appeal panel', 'appeal panel chair'] },
  panel_member_appellant: { phrases: ['panel member appellant nominee', 'appellant nominee', 'member nominated by appellant'] },
  panel_member_approved_list: { phrases: ['panel member approved list', 'approved list member', 'member from approved list'] },
  panel_recommendation_date: { phrases: ['panel recommendation', 'panel recommendation date'] },
  declared_dcc_pas: { phrases: ['dcc pas', 'dcc', 'direct clinical care', 'direct clinical care pas', 'dcc sessions', 'dcc pas avg wk', 'dcc pa'], keywords: [['dcc', 'direct']], not: ['hours', 'hrs', 'share', 'template', '%'] },
  declared_spa_pas: { phrases: ['spa pas', 'spa', 'supporting professional activities', 'spa sessions', 'supporting professional activities pas', 'spa pa'], keywords: [['spa', 'supporting']], not: ['hours', 'hrs', 'justif*', 'reason', 'variance', 'variation'] },
  // "Other" beside DCC and SPA columns: the PAs that are neither, counted in the total (a number column only).
  declared_anr_pas: { fallback: ['other', 'other pas'], phrases: ['anr pas', 'anr', 'additional nhs responsibilities', 'other nhs', 'other sessions', 'other nhs responsibilities', 'additional nhs responsibilities pas', 'other nhs pas'], keywords: [['anr', 'additional nhs', 'other nhs', 'other sessions']], not: ['hours', 'hrs', 'external'] },
  declared_ed_pas: { phrases: ['ed pas', 'external duties', 'external', 'external duties pas', 'ed', 'external pas'], keywords: [['ed', 'external']], not: ['hours', 'hrs'] },
  declared_dcc_hours: { phrases: ['dcc hours', 'direct clinical care hours', 'clinical hours', 'patient facing hours'] },
  // An AfC register's "Non-clinical hours" beside its clinical hours: the supporting time, outside DCC either way.
  declared_spa_hours: { phrases: ['spa hours', 'supporting professional activities hours', 'non clinical hours', 'supporting hours', 'supporting activities hours'] },
  declared_anr_hours: { phrases: ['anr hours'] },
  declared_ed_hours: { phrases: ['ed hours', 'external duties hours'] },
  declared_apa_pas: { phrases: ['additional pas', 'apas', 'extra pas', 'additional programmed activities', 'apa'] },
  apa_end_date: { phrases: ['apa end date', 'additional pas end date', 'apas end', 'apa expiry date'] },
  team: { phrases: ['team', 'team name', 'base'] },
  template_dcc_share: { phrases: ['template dcc share', 'agreed template dcc share', 'template dcc %', 'job plan template dcc share', 'template dcc'] },
  variance_note: { phrases: ['variance note', 'reason for variance', 'variance from template', 'reason for variance from template'] },
  attending_weeks: { phrases: ['attending weeks per year', 'attending weeks', 'working weeks', 'weeks worked per year'] },
  profession: { phrases: ['profession', 'professional group', 'professional discipline', 'discipline'] },
  pas_paid: { phrases: ['pas paid', 'paid pas', 'pas paid esr', 'pas in payroll'] },
  hours_paid: { phrases: ['hours paid', 'paid hours'] },
  planned_hours: { phrases: ['planned hours', 'hours planned'] },
  delivered_hours: { phrases: ['delivered hours', 'hours delivered', 'actual hours'] },
};

/** Yes-or-no questions asked the other way round: "Yes" to "Less than full time?" means not full time. */
export const INVERTED_QUESTIONS: Readonly<Record<string, RegExp>> = {
  full_time: /^(less than full time|ltft|part time|are you part time|working less than full time|less than full time ltft|part time or ltft)$/,
};

/** Column headers of the plan's lists (tables), by list and row field. */
export const LIST_WORDS: Readonly<Record<string, Readonly<Record<string, FieldWords>>>> = {
  activities: {
    day: { phrases: ['day', 'day of week', 'weekday', 'day of the week'], keywords: [['day', 'weekday']], not: ['days', 'date'] },
    session: { phrases: ['session', 'time', 'am pm', 'time of day', 'times', 'session time', 'start', 'start time', 'from'], keywords: [['session', 'time']], not: ['end', 'finish', 'number', 'pa', 'pas'] },
    activity: { phrases: ['activity', 'description', 'activity description', 'details of activity', 'activity details', 'what', 'duty', 'description of duty', 'duties'], keywords: [['activit*', 'duty', 'duties', 'description']], not: ['programmed', 'type', 'category', 'categor*', 'pa', 'pas', 'number'] },
    category: { phrases: ['category', 'type', 'type of pa', 'work categorisation', 'activity type', 'pa type', 'pa category', 'dcc spa', 'categorisation', 'type of activity', 'category of pa'], keywords: [['categor*', 'type']] },
    frequency: { phrases: ['frequency', 'how often', 'week pattern', 'weeks', 'pattern'] },
    pas: { phrases: ['pas', 'pa', 'no of pas', 'number of pas', 'pa value', 'programmed activities', 'pas per session', 'pa s', 'pa per session', 'sessions'], keywords: [['pa', 'pas', 'programmed']], not: ['category', 'type', 'total', 'categor*'] },
    hours: { phrases: ['hours', 'hrs'] },
    location: { phrases: ['location', 'where', 'site', 'venue', 'place', 'base', 'hospital location'] },
    notes: { phrases: ['notes', 'comments', 'details'] },
  },
  objectives: {
    kind: { keywords: [['type', 'kind', 'personal', 'service']], phrases: ['type', 'objective type', 'personal or service', 'personal service', 'kind', 'category', 'type of objective'] },
    objective: { phrases: ['objective', 'objectives', 'description', 'outcome', 'objective description', 'smart objective', 'aim'] },
    measure: { keywords: [['measure*', 'evidence', 'success']], phrases: ['measure', 'success measure', 'how measured', 'how we will know', 'measure of success', 'evidence', 'how will it be measured', 'measured by', 'success criteria', 'outcome measure'] },
    due_date: { keywords: [['due', 'date', 'when', 'deadline', 'timescale*']], not: ['start'], phrases: ['due date', 'target date', 'timescale', 'by when', 'when', 'review by', 'deadline', 'date', 'completion date', 'due', 'timeframe', 'target'] },
    linked_activity: { phrases: ['linked activity', 'related activity'] },
  },
  additional_pas: {
    pas: { phrases: ['pas', 'number of pas', 'additional pas', 'apas', 'no of pas', 'pa'] },
    reason: { phrases: ['reason', 'purpose', 'description', 'what for'] },
    agreed_by: { phrases: ['agreed by', 'approved by', 'authorised by', 'authorized by'] },
    start_date: { phrases: ['start date', 'from', 'start', 'date from'] },
    end_date: { phrases: ['end date', 'to', 'until', 'end', 'date to', 'expiry date'] },
    fixed_term_contract: { phrases: ['fixed term contract', 'fixed term contract issued', 'contract issued', 'appendix 1 contract', 'contract', 'contract recorded'] },
  },
  annualised_activities: {
    activity: { phrases: ['activity', 'description', 'activity description'] },
    category: { phrases: ['category', 'type'] },
    occurrences_per_year: { phrases: ['occurrences per year', 'number per year', 'times a year', 'sessions per year', 'per year'] },
    pas_per_occurrence: { phrases: ['pas per occurrence', 'pas each'] },
    hours_per_occurrence: { phrases: ['hours per occurrence', 'hours each'] },
    notes: { phrases: ['notes', 'comments'] },
  },
};

/** The column (or two) that says a header row is this list's table, not another's. */
export const LIST_KEYS: Readonly<Record<string, readonly string[]>> = {
  activities: ['activity'],
  objectives: ['objective'],
  additional_pas: ['agreed_by', 'reason'],
  annualised_activities: ['occurrences_per_year'],
};

/** Sub-headings that set an objective's kind. */
export const OBJECTIVE_KIND_WORDS: Readonly<Record<string, RegExp>> = {
  personal: /\b(personal|individual|development|professional)\b/i,
  service: /\b(service|team|department(al)?|organisational|organizational|trust)\b/i,
};

/** A session heading of a timetable grid: its name in the map (AM, PM, EVE) from its text. */
export function sessionName(text: string): string | null {
  // "AM (09:00 - 13:00)": the name outside the brackets, else the time inside them.
  const bracket = /^(.*?)\s*\((.*)\)\s*$/.exec(text.trim());
  if (bracket) return sessionName(bracket[1]!) ?? (bracket[1]!.trim() === '' ? sessionName(bracket[2]!) : null);
  const t = text.trim().toLowerCase().replace(/[.:]$/, '');
  if (/^(am|a\.m|morning|morning session|am session|mornings)$/.test(t)) return 'AM';
  if (/^(pm|p\.m|afternoon|afternoon session|pm session|afternoons)$/.test(t)) return 'PM';
  if (/^(eve|evening|evening session|evenings|night|twilight)$/.test(t)) return 'EVE';
  const time = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*(?:-|–|to)\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/.exec(t);
  if (!time) return null;
  let start = Number(time[1]);
  if (time[3] === 'pm' && start < 12) start += 12;
  if (start >= 17) return 'EVE';
  if (start >= 12) return 'PM';
  return 'AM';
}

/** Values that say by themselves which field they answer, whatever the label beside them ("Hours: | Part time"). */
export const SELF_EVIDENT_VALUES: readonly [RegExp, string][] = [
  [/^(full[ -]?time|part[ -]?time|ltft|less than full[ -]?time|whole[ -]?time|ft|pt)$/i, 'full_time'],
];

/** Status words of e-job-planning systems → the model's status (checked in order). */
export const STATUS_GUESSES: readonly [RegExp, string][] = [
  [/not\s*started|not\s*begun|^open$|^new$|^draft/i, 'draft'],
  [/dispute|failure to agree|fail(ed)? to agree|mediation|appeal|escalat/i, 'disputed'],
  [/awaiting|pending|submitted|\b(for|to)\s+(\w+\s+)?sign|part(ially)?\s*signed|agreed/i, 'agreed'],
  [/signed|lock|complete|approved|final|closed/i, 'signed off'],
  [/discussion|progress|review|meeting|started|ongoing|with (doctor|manager)/i, 'in discussion'],
];

export const PLAN_KIND_GUESSES: readonly [RegExp, string][] = [
  [/interim|new\s*starter|new\s*post|new\s*appoint|induction|first/i, 'interim'],
  [/change|revis|amend|variation|mid.?year/i, 'change'],
  [/annual|yearly|routine|review/i, 'annual'],
];

export const STAFF_GROUP_GUESSES: readonly [RegExp, string][] = [
  [/medic|dental|doctor|consultant|sas\b/i, 'medical'],
  [/nurs|ahp|allied|afc|agenda|scien|psycholog|therap|midwi|pharm|non.?medical/i, 'non-medical'],
];
