/** Renders the pane's state into taskpane.html and forwards the user's actions to the controller. No logic here. */
import type { PaneController, PaneState } from './controller.js';
import { diagnosticLines, groupFindings, pickerOptions, stampLines, summaryText, type FindingItem } from './view-model.js';

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`internal: taskpane.html has no #${id}`);
  return el as T;
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; attrs?: Record<string, string> } = {}, ...children: (Node | null)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  for (const c of children) if (c) node.appendChild(c);
  return node;
}

/** Findings shown per severity before "Show all": thousands of list items at once would stall the pane. */
export const FIRST_SHOWN = 200;

export function bindView(controller: PaneController): void {
  const picker = $<HTMLSelectElement>('policy-picker');
  const asOf = $<HTMLInputElement>('as-of');
  picker.addEventListener('change', () => controller.setPicker(picker.value));
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
    const inExcel = state.gateway?.kind === 'excel';
    $('excel-tools').hidden = !inExcel;
    $<HTMLButtonElement>('write-results').disabled = state.busy || !state.result;
    $<HTMLButtonElement>('validate').disabled = state.busy || !state.catalogue || !state.gateway;
    $<HTMLInputElement>('live').checked = state.live;
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
    $('summary').textContent = '';
    $('diagnostics').replaceChildren();
    $('stamp').replaceChildren();
    section.hidden = state.readProblems.length === 0;
    return;
  }
  section.hidden = false;
  const report = result.report;
  $('summary').textContent = summaryText(report);
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
  if (groups.length === 0) groupsEl.appendChild(el('p', { className: 'clean', text: 'No findings: every plan meets the policy.' }));
  const diags = diagnosticLines(report);
  $('diagnostics').replaceChildren(...(diags.length > 0 ? [el('h3', { text: 'Problems reading the plans' }), el('ul', { className: 'problems' }, ...diags.map((d) => el('li', { text: d.text, attrs: { 'data-severity': d.severity } })))] : []));
  const stamp = [...stampLines(report, result.draftKey), ...(report.inputs ?? []).map((i) => `${i.path} sha256 ${i.sha256.slice(0, 12)}…`)];
  $('stamp').replaceChildren(el('h3', { text: 'Judged by' }), ...stamp.map((line) => el('p', { text: line, className: line.includes('DRAFT') ? 'draft' : '' })));
}

function findingElement(controller: PaneController, state: PaneState, item: FindingItem): HTMLLIElement {
  const cells = el('div', { className: 'cells' }, ...item.cells.map((c) => {
    const b = el('button', { className: 'cell', text: c.label, attrs: { type: 'button', 'data-sheet': c.sheet, 'data-cell': c.cell, 'aria-label': `Go to cell ${c.label}` } });
    b.addEventListener('click', () => void controller.select(c));
    return b;
  }));
  const open = state.explanation?.key === item.key;
  const explain = el('button', { className: 'explain', text: open ? 'Hide explanation' : 'Explain', attrs: { type: 'button', 'aria-expanded': String(open) } });
  explain.addEventListener('click', () => void controller.explain(item));
  return el('li', { className: `finding ${item.severity}`, attrs: { 'data-rule': item.ruleId, 'data-plan': item.planRef } },
    el('div', { className: 'finding-head' }, el('span', { className: 'rule', text: item.ruleId }), el('span', { className: 'clause', text: item.clause })),
    el('p', { className: 'message', text: item.message }),
    el('p', { className: 'meta', text: `${item.planRef} · ${item.policy}` }),
    item.cells.length > 0 ? cells : null,
    explain,
    open ? el('pre', { className: 'explanation', text: state.explanation!.text, attrs: { tabindex: '0', 'aria-label': `Explanation of ${item.ruleId}` } }) : null,
  );
}

function renderDraft(state: PaneState): void {
  $('draft-line').textContent = state.draft ? `DRAFT ${state.draft.id}@${state.draft.version} loaded from ${state.draft.path} (sha256 ${state.draft.sha256.slice(0, 12)}…). Choose it in the picker to validate with it.` : '';
  $('draft-problems').replaceChildren(...state.draftProblems.map((p) => el('li', { text: p })));
  $('clear-draft').hidden = !state.draft;
}
