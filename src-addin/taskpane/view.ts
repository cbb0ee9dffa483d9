/** Renders the pane's state into taskpane.html and forwards the user's actions to the controller. No logic here. */
import type { PaneController, PaneState } from './controller.js';
import { ImpactController } from './impact-controller.js';
import { bindImpactView } from './impact-view.js';
import { $, el } from './dom.js';
import { diagnosticLines, groupFindings, mapLine, noPlanAdvice, notJudgedItems, parseUkDateInput, pickerOptions, readingView, stampLines, summaryText, unjudgedPlans, type CellItem, type FindingItem } from './view-model.js';

/** Findings shown per severity before "Show all": thousands of list items at once would stall the pane. */
export const FIRST_SHOWN = 200;

export function bindView(controller: PaneController): void {
  const picker = $<HTMLSelectElement>('policy-picker');
  const asOf = $<HTMLInputElement>('as-of');
  picker.addEventListener('change', () => controller.setPicker(picker.value));
  // The as-of date is typed as DD/MM/YYYY (a text input: <input type=date> follows the browser's locale); checked when
  // the user leaves the field, and again by Validate.
  asOf.addEventListener('change', () => controller.setAsOf(asOf.value));
  $('validate').addEventListener('click', () => void controller.validate());
  $('write-results').addEventListener('click', () => void controller.writeResults());
  $('clear-highlights').addEventListener('click', () => {
    $<HTMLInputElement>('highlight').checked = false;
    void controller.setHighlight(false);
  });
  $<HTMLInputElement>('highlight').addEventListener('change', (e) => void controller.setHighlight((e.target as HTMLInputElement).checked));
  $<HTMLInputElement>('live').addEventListener('change', (e) => void controller.setLive((e.target as HTMLInputElement).checked));
  const draftInput = $<HTMLInputElement>('draft-input');
  draftInput.addEventListener('change', async () => {
    const file = draftInput.files?.[0];
    if (file) await controller.loadDraft(file.name, new Uint8Array(await file.arrayBuffer()));
    draftInput.value = '';
  });
  $('clear-draft').addEventListener('click', () => void controller.clearDraft());
  for (const id of ['map-input', 'no-plan-map-input']) {
    const mapInput = $<HTMLInputElement>(id);
    mapInput.addEventListener('change', async () => {
      const file = mapInput.files?.[0];
      if (file) await controller.loadMap(file.name, new Uint8Array(await file.arrayBuffer()));
      mapInput.value = '';
    });
  }
  $('forget-map').addEventListener('click', () => void controller.forgetMap());
  bindImpactView(new ImpactController(controller));

  let shown: { catalogue: unknown; draft: unknown; result: unknown; explanation: unknown } = { catalogue: null, draft: null, result: null, explanation: null };
  const expanded = new Set<string>();
  const rerender = (): void => renderResults(controller, controller.state, expanded, rerender);
  controller.subscribe((state) => {
    renderStatus(state);
    if (state.catalogue !== shown.catalogue || state.draft !== shown.draft) renderPicker(picker, state);
    if (picker.value !== state.picker) picker.value = state.picker;
    if (state.result !== shown.result) expanded.clear();
    if (state.result !== shown.result || state.explanation !== shown.explanation || state.readProblems.length > 0) renderResults(controller, state, expanded, rerender);
    renderDraft(state);
    renderMap(state);
    const inExcel = state.gateway?.kind === 'excel';
    $('excel-tools').hidden = !inExcel;
    $<HTMLButtonElement>('write-results').disabled = state.busy || !state.result;
    $<HTMLButtonElement>('validate').disabled = state.busy || !state.catalogue || !state.gateway;
    $<HTMLInputElement>('live').checked = state.live;
    const badDate = parseUkDateInput(state.asOf) === 'invalid';
    asOf.setAttribute('aria-invalid', String(badDate));
    $('as-of-error').textContent = badDate ? `"${state.asOf.trim()}" is not a date: enter it as DD/MM/YYYY, for example 01/04/2026.` : '';
    shown = { catalogue: state.catalogue, draft: state.draft, result: state.result, explanation: state.explanation };
  });
}

function renderStatus(state: PaneState): void {
  const status = $('status');
  status.textContent = state.status.text;
  status.dataset.tone = state.status.tone;
  const progress = $<HTMLProgressElement>('progress');
  progress.hidden = !state.busy || !state.progress;
  if (state.progress) {
    progress.max = Math.max(1, state.progress.total);
    progress.value = state.progress.done;
  }
}

function renderPicker(picker: HTMLSelectElement, state: PaneState): void {
  if (!state.catalogue) return;
  picker.replaceChildren();
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const o of pickerOptions(state.catalogue, state.draft)) {
    const option = el('option', { text: o.label, attrs: { value: o.value } });
    if (o.group === null) picker.appendChild(option);
    else {
      let group = groups.get(o.group);
      if (!group) {
        group = el('optgroup', { attrs: { label: o.group } });
        groups.set(o.group, group);
        picker.appendChild(group);
      }
      group.appendChild(option);
    }
  }
  picker.value = state.picker;
}

function renderResults(controller: PaneController, state: PaneState, expanded: Set<string>, rerender: () => void): void {
  const section = $('results');
  const readProblems = $('read-problems');
  readProblems.replaceChildren();
  if (state.readProblems.length > 0) {
    section.hidden = false;
    readProblems.appendChild(el('ul', { className: 'problems' }, ...state.readProblems.map((p) => el('li', { text: p }))));
  }
  const groupsEl = $('finding-groups');
  const result = state.result;
  if (!result) {
    groupsEl.replaceChildren();
    for (const id of ['summary', 'map-used', 'reading-summary']) $(id).textContent = '';
    for (const id of ['diagnostics', 'stamp', 'not-judged', 'reading', 'no-plan-advice']) $(id).replaceChildren();
    $('no-plan').hidden = true;
    $('what-was-read').hidden = true;
    section.hidden = state.readProblems.length === 0;
    return;
  }
  section.hidden = false;
  const report = result.report;
  const bundledCount = state.catalogue?.maps.length ?? 0;
  $('summary').textContent = summaryText(report);
  $('map-used').textContent = `${mapLine(result.map, bundledCount, report.summary.plans)}.`;
  const noPlan = report.summary.plans === 0;
  $('no-plan').hidden = !noPlan;
  $('no-plan-advice').replaceChildren(...(noPlan ? noPlanAdvice(result.map).map((line) => el('p', { text: line })) : []));
  section.dataset.elapsedMs = String(result.elapsedMs);
  section.dataset.evaluatedAt = report.evaluatedAt;
  const groups = groupFindings(report);
  groupsEl.replaceChildren(...groups.map((g) => {
    const all = expanded.has(g.severity) || g.count <= FIRST_SHOWN;
    let more: HTMLButtonElement | null = null;
    if (!all) {
      more = el('button', { className: 'show-all', text: `Show all ${g.heading}`, attrs: { type: 'button' } });
      more.addEventListener('click', () => {
        expanded.add(g.severity);
        rerender();
      });
    }
    return el('section', { className: `severity-group ${g.severity}`, attrs: { 'data-severity': g.severity } },
      el('h3', { text: g.heading }),
      el('ol', { className: 'findings' }, ...(all ? g.items : g.items.slice(0, FIRST_SHOWN)).map((item) => findingElement(controller, state, item))),
      more,
    );
  }));
  const notJudged = notJudgedItems(report);
  const unjudged = unjudgedPlans(report);
  // Green only when plans were read and every plan and rule was judged: no plan, a plan no policy judged, or rules
  // not judged, is never "no findings".
  if (groups.length === 0 && !noPlan) {
    groupsEl.appendChild(notJudged.length === 0 && unjudged.length === 0
      ? el('p', { className: 'clean', text: 'No findings: every plan meets the policy.' })
      : el('p', { className: 'neutral', text: 'No findings among what could be judged; what was not judged is listed below.' }));
  }
  const unjudgedCount = notJudged.length + unjudged.length;
  // A register can have thousands: the first FIRST_SHOWN, then "Show all", as for findings.
  const allNotJudged = expanded.has('not-judged') || unjudgedCount <= FIRST_SHOWN;
  const planItems = (allNotJudged ? unjudged : unjudged.slice(0, FIRST_SHOWN)).map((p) => el('li', { className: 'plan-not-judged', attrs: { 'data-plan': p.ref, 'data-not-judged': 'plan' } },
    // Not a finding (the rules were never run on it): its own class, so nothing counts it as one.
    el('p', { className: 'message' }, el('span', { className: 'status-word', text: 'Not judged: ' }), document.createTextNode(p.reason))));
  const ruleItems = (allNotJudged ? notJudged : notJudged.slice(0, Math.max(0, FIRST_SHOWN - planItems.length))).map((item) => notJudgedElement(controller, item));
  let moreNotJudged: HTMLButtonElement | null = null;
  if (!allNotJudged) {
    moreNotJudged = el('button', { className: 'show-all', text: `Show all ${unjudgedCount.toLocaleString('en-GB')} not judged`, attrs: { type: 'button' } });
    moreNotJudged.addEventListener('click', () => {
      expanded.add('not-judged');
      rerender();
    });
  }
  $('not-judged').replaceChildren(...(unjudgedCount > 0 ? [el('section', { className: 'not-judged', attrs: { 'data-severity': 'not-judged' } },
    el('h3', { text: [notJudged.length > 0 ? `${notJudged.length.toLocaleString('en-GB')} rule${notJudged.length === 1 ? '' : 's'} not judged` : '', unjudged.length > 0 ? `${unjudged.length.toLocaleString('en-GB')} plan${unjudged.length === 1 ? '' : 's'} not judged` : ''].filter(Boolean).join(', ') }),
    el('p', { className: 'hint', text: 'These were not checked, so they are neither passed nor failed: a value a rule needs could not be read, or no policy applies to the plan.' }),
    el('ol', { className: 'findings' }, ...planItems, ...ruleItems),
    moreNotJudged,
  )] : []));
  renderReading(controller, result.reading);
  const diags = diagnosticLines(report);
  $('diagnostics').replaceChildren(...(diags.length > 0 ? [el('h3', { text: 'Problems reading the plans' }), el('ul', { className: 'problems' }, ...diags.map((d) => el('li', { text: d.text, attrs: { 'data-severity': d.severity } })))] : []));
  const stamp = [...stampLines(report, result.draftKey, { info: result.map, bundledCount }), ...(report.inputs ?? []).map((i) => `${i.path} sha256 ${i.sha256}`)];
  $('stamp').replaceChildren(el('h3', { text: 'Judged by' }), ...stamp.map((line) => el('p', { className: line.includes('DRAFT') ? 'draft' : '' }, ...withHashes(line))));
}

/** A stamp line with each whole sha256 in its own span, which may break anywhere (64 characters do not fit 320 px). */
function withHashes(line: string): Node[] {
  return line.split(/\b([0-9a-f]{64})\b/).map((part, i) => (i % 2 === 1 ? el('span', { className: 'sha', text: part }) : document.createTextNode(part)));
}

/** A button that goes to a cell (selects it inside Excel; outside, says where it is). */
function cellButton(controller: PaneController, c: CellItem): HTMLButtonElement {
  const b = el('button', { className: 'cell', text: c.label, attrs: { type: 'button', 'data-sheet': c.sheet, 'data-cell': c.cell, 'aria-label': `Go to cell ${c.label}` } });
  b.addEventListener('click', () => void controller.select(c));
  return b;
}

/** A finding's heading: the rule's title in plain words, then its id and clause, small, for policy authors. */
function findingHead(item: FindingItem): Node[] {
  return [
    el('p', { className: 'finding-title', text: item.title || item.ruleId }),
    el('p', { className: 'rule-line' }, el('span', { className: 'rule', text: item.ruleId, attrs: { title: 'Rule id (for policy authors)' } }), el('span', { className: 'clause', text: item.clause })),
  ];
}

function notJudgedElement(controller: PaneController, item: FindingItem): HTMLLIElement {
  return el('li', { className: 'finding not-judged', attrs: { 'data-rule': item.ruleId, 'data-plan': item.planRef, 'data-not-judged': 'true' } },
    ...findingHead(item),
    // The core's message says what could not be checked and why ("Not judged: … could not be checked, because …").
    el('p', { className: 'message' }, el('span', { className: 'status-word', text: 'Not judged: ' }), document.createTextNode(item.message.replace(/^Not judged:\s*/, ''))),
    el('p', { className: 'meta', text: `${item.planRef} · ${item.policy}` }),
    item.cells.length > 0 ? el('div', { className: 'cells' }, ...item.cells.map((c) => cellButton(controller, c))) : null,
  );
}

/** "What was read": each field with its value and cell, table rows, fields not found, cells that could not be read. */
function renderReading(controller: PaneController, reading: NonNullable<PaneState['result']>['reading']): void {
  const view = readingView(reading);
  $('what-was-read').hidden = false;
  $('reading-summary').textContent = view.summary;
  const at = (c: CellItem | null): Node => (c ? cellButton(controller, c) : document.createTextNode(''));
  $('reading').replaceChildren(...view.plans.map((plan) => el('section', { className: 'reading-plan', attrs: { 'data-plan': plan.ref } },
    el('h4', { text: plan.practitioner ? `${plan.ref} (${plan.practitioner})` : plan.ref }),
    el('table', { className: 'reading-fields' },
      el('tbody', {}, ...plan.fields.map((f) => el('tr', { attrs: { 'data-field': f.field } },
        el('th', { text: f.label, attrs: { scope: 'row' } }), el('td', {}, el('span', { className: 'value', text: f.value }), at(f.cell))))),
    ),
    ...plan.lists.flatMap((list) => [
      el('h4', { text: `${list.title}: ${list.rows.length} row${list.rows.length === 1 ? '' : 's'}` }, ...(list.header ? [document.createTextNode(' '), at(list.header)] : [])),
      el('ol', { className: 'reading-rows', attrs: { 'data-list': list.list } }, ...list.rows.map((row) => el('li', { text: `${row.text} ` }, row.cell ? at(row.cell) : null))),
    ]),
    plan.unread.length > 0 ? el('h4', { className: 'unread', text: `Could not be read (${plan.unread.length})` }) : null,
    plan.unread.length > 0 ? el('ul', { className: 'reading-rows unread' }, ...plan.unread.map((u) => el('li', {}, u.cell ? at(u.cell) : null, document.createTextNode(` ${u.reason}`)))) : null,
    plan.problems.length > 0 ? el('h4', { text: `Notes on reading (${plan.problems.length})` }) : null,
    plan.problems.length > 0 ? el('ul', { className: 'reading-rows' }, ...plan.problems.map((p) => el('li', { text: p }))) : null,
    el('h4', { text: `Not found (${plan.notFound.length})` }),
    el('p', { className: 'not-found', text: plan.notFound.join('; ') || 'none' }),
  )), ...(view.problems.length > 0 ? [el('h4', { text: 'Problems with the workbook' }), el('ul', { className: 'problems' }, ...view.problems.map((p) => el('li', { text: p })))] : []));
}

function findingElement(controller: PaneController, state: PaneState, item: FindingItem): HTMLLIElement {
  const cells = el('div', { className: 'cells' }, ...item.cells.map((c) => cellButton(controller, c)));
  const open = state.explanation?.key === item.key;
  const explain = el('button', { className: 'explain', text: open ? 'Hide explanation' : 'Explain', attrs: { type: 'button', 'aria-expanded': String(open) } });
  explain.addEventListener('click', () => void controller.explain(item));
  return el('li', { className: `finding ${item.severity}`, attrs: { 'data-rule': item.ruleId, 'data-plan': item.planRef } },
    ...findingHead(item),
    el('p', { className: 'message', text: item.message }),
    el('p', { className: 'meta', text: `${item.planRef} · ${item.policy}` }),
    item.cells.length > 0 ? cells : null,
    explain,
    open ? explanationElement(item, state.explanation!) : null,
  );
}

/**
 * Explain: what became of the rule in plain sentences ("The practitioner signed 29 days after the job plan meeting on
 * 01/09/2026; the policy allows 28 days (§7.5)."), the policy's reason for it, and, behind a disclosure, the condition
 * trace with the values seen for policy authors.
 */
function explanationElement(item: FindingItem, explanation: NonNullable<PaneState['explanation']>): HTMLElement {
  const plain = explanation.plain;
  const trace = el('details', { className: 'trace' },
    el('summary', { text: 'How the rule was checked (for policy authors)' }),
    el('pre', { className: 'explanation', text: explanation.text, attrs: { tabindex: '0', 'aria-label': `Conditions of ${item.ruleId}` } }),
  );
  if (!plain) trace.open = true;
  return el('div', { className: 'explain-box', attrs: { 'aria-label': `Explanation of ${item.title || item.ruleId}`, role: 'region' } },
    plain ? el('p', { className: 'outcome', text: plain.outcome }) : null,
    plain && plain.reasons.length > 0 ? el('ul', { className: 'reasons' }, ...plain.reasons.map((r) => el('li', { text: r }))) : null,
    plain?.why ? el('p', { className: 'why', text: `Why the policy asks this: ${plain.why}` }) : null,
    trace,
  );
}

function renderMap(state: PaneState): void {
  const map = state.map;
  const bundled = state.catalogue?.maps.map((m) => `'${m.id}'`).join(', ') ?? '';
  $('map-line').textContent = map
    ? `Map '${map.info.id}' loaded from ${map.info.path} (sha256 ${map.info.sha256.slice(0, 12)}…): the workbook is read with it${map.remembered === 'workbook' ? '; remembered for this workbook' : map.remembered === 'session' ? '; kept for this session' : ''}.`
    : bundled ? `No map loaded: the add-in's maps (${bundled}) are tried, and the one that reads the workbook best is used.` : '';
  $('map-problems').replaceChildren(...state.mapProblems.map((p) => el('li', { text: p })));
  $('forget-map').hidden = !map;
}

function renderDraft(state: PaneState): void {
  $('draft-line').textContent = state.draft ? `DRAFT ${state.draft.id}@${state.draft.version} loaded from ${state.draft.path} (sha256 ${state.draft.sha256.slice(0, 12)}…). Choose it in the picker to validate with it.` : '';
  $('draft-problems').replaceChildren(...state.draftProblems.map((p) => el('li', { text: p })));
  $('clear-draft').hidden = !state.draft;
}
