/** Renders "Impact of a draft" into taskpane.html and forwards the user's actions to its controller. No logic here. */
import type { ImpactController, ImpactState } from './impact-controller.js';
import { $, el } from './dom.js';
import { impactVersionOptions, impactView, type ImpactPlanItem } from './impact-view-model.js';
import type { CellItem } from './view-model.js';

/** Plans listed before "Show all" (a register can have thousands). */
export const IMPACT_FIRST_SHOWN = 100;

export function bindImpactView(controller: ImpactController): void {
  const from = $<HTMLSelectElement>('impact-from');
  const to = $<HTMLSelectElement>('impact-to');
  from.addEventListener('change', () => controller.setFrom(from.value));
  to.addEventListener('change', () => controller.setTo(to.value));
  $('impact-run').addEventListener('click', () => void controller.run());
  let shown: { catalogue: unknown; draft: unknown; result: unknown } = { catalogue: null, draft: null, result: null };
  let all = false;
  const render = (state: ImpactState): void => {
    const pane = controller.pane.state;
    if (pane.catalogue && (pane.catalogue !== shown.catalogue || pane.draft !== shown.draft)) {
      const options = impactVersionOptions(pane.catalogue, pane.draft);
      for (const select of [from, to]) fillSelect(select, options);
    }
    if (from.value !== state.from) from.value = state.from;
    if (to.value !== state.to) to.value = state.to;
    $<HTMLButtonElement>('impact-run').disabled = state.busy || !pane.gateway || !pane.catalogue;
    const status = $('impact-status');
    status.textContent = state.status?.text ?? '';
    status.dataset.tone = state.status?.tone ?? 'info';
    const progress = $<HTMLProgressElement>('impact-progress');
    progress.hidden = !state.busy || !state.progress;
    if (state.progress) {
      progress.max = Math.max(1, state.progress.total);
      progress.value = state.progress.done;
    }
    if (state.result !== shown.result) {
      all = false;
      renderResult(controller, state, all, () => {
        all = true;
        renderResult(controller, controller.state, all, () => undefined);
      });
    }
    shown = { catalogue: pane.catalogue, draft: pane.draft, result: state.result };
  };
  controller.subscribe(render);
  // The lists follow the pane (its catalogue, a draft loaded or removed).
  controller.pane.subscribe(() => render(controller.state));
}

function fillSelect(select: HTMLSelectElement, options: ReturnType<typeof impactVersionOptions>): void {
  select.replaceChildren();
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const o of options) {
    const option = el('option', { text: o.label, attrs: { value: o.value } });
    const name = o.group ?? '';
    let group = groups.get(name);
    if (!group) {
      group = el('optgroup', { attrs: { label: name } });
      groups.set(name, group);
      select.appendChild(group);
    }
    group.appendChild(option);
  }
}

function cellButton(controller: ImpactController, c: CellItem): HTMLButtonElement {
  const b = el('button', { className: 'cell', text: c.label, attrs: { type: 'button', 'data-sheet': c.sheet, 'data-cell': c.cell, 'aria-label': `Go to cell ${c.label}` } });
  b.addEventListener('click', () => void controller.select(c));
  return b;
}

function planElement(controller: ImpactController, p: ImpactPlanItem): HTMLLIElement {
  return el('li', { className: 'finding impact-plan', attrs: { 'data-plan': p.ref } },
    el('p', { className: 'finding-title', text: p.who }),
    p.where ? el('p', { className: 'meta', text: p.where }) : null,
    ...p.changes.map((c) => el('div', { className: `impact-change ${c.kind}`, attrs: { 'data-rule': c.ruleId, 'data-kind': c.kind } },
      el('p', { className: 'rule-line' }, el('span', { className: 'rule', text: c.ruleId }), document.createTextNode(` ${c.label}`)),
      el('p', { className: 'message', text: c.message }),
      el('p', { className: 'hint', text: `Because: ${c.because}` }),
    )),
    ...p.wording.map((w) => el('div', { className: 'impact-wording', attrs: { 'data-rule': w.ruleId, 'data-kind': 'wording' } },
      el('p', { className: 'rule-line' }, el('span', { className: 'rule', text: w.ruleId }), document.createTextNode(' Wording only')),
      el('p', { className: 'message', text: `Was: ${w.from}` }),
      el('p', { className: 'message', text: `Would be: ${w.to}` }),
    )),
    p.cell ? el('div', { className: 'cells' }, cellButton(controller, p.cell)) : null,
  );
}

function renderResult(controller: ImpactController, state: ImpactState, all: boolean, showAll: () => void): void {
  const box = $('impact-results');
  const result = state.result;
  if (!result) {
    box.replaceChildren();
    return;
  }
  const view = impactView(result.impact);
  const list = (items: readonly ImpactPlanItem[], className: string): HTMLElement[] => {
    if (items.length === 0) return [];
    const shown = all ? items : items.slice(0, IMPACT_FIRST_SHOWN);
    const out: HTMLElement[] = [el('ol', { className: `findings ${className}` }, ...shown.map((p) => planElement(controller, p)))];
    if (shown.length < items.length) {
      const more = el('button', { className: 'show-all', text: `Show all ${items.length.toLocaleString('en-GB')}`, attrs: { type: 'button' } });
      more.addEventListener('click', showAll);
      out.push(more);
    }
    return out;
  };
  const lines = (title: string, rows: readonly { name: string; text: string }[], attr: string): HTMLElement[] => (rows.length === 0 ? [] : [
    el('h4', { text: title }),
    el('ul', { className: `impact-${attr}` }, ...rows.map((r) => el('li', { attrs: { [`data-${attr}`]: r.name } }, el('strong', { text: r.name }), document.createTextNode(`: ${r.text}`)))),
  ]);
  box.replaceChildren(
    el('p', { className: 'impact-headline', text: view.headline }),
    ...(view.direction ? [el('p', { className: 'impact-direction', text: `${view.direction}.` })] : []),
    el('ul', { className: 'hint impact-notes' }, ...view.notes.map((n) => el('li', { text: n }))),
    el('p', { className: 'impact-counts', text: `Findings: ${view.counts}.` }),
    ...(view.rules.length === 0 ? [] : [
      el('h4', { text: 'By rule' }),
      el('ul', { className: 'impact-rules' }, ...view.rules.map((r) => el('li', { attrs: { 'data-rule': r.ruleId } },
        el('strong', { text: r.title || r.ruleId }), document.createTextNode(` (${r.ruleId}): ${r.text}`), el('br'), el('span', { className: 'hint', text: `Because: ${r.because}` })))),
    ]),
    ...lines('By specialty', view.specialties, 'specialty'),
    ...lines('By care group', view.careGroups, 'care-group'),
    ...(view.plans.length > 0 ? [el('h4', { text: `Plans whose outcome would change (${view.plans.length.toLocaleString('en-GB')})` }), ...list(view.plans, 'impact-changed')] : []),
    ...(view.wordingPlans.length > 0 ? [el('h4', { text: `Wording only (${view.wordingPlans.length.toLocaleString('en-GB')})` }), ...list(view.wordingPlans, 'impact-wording-only')] : []),
    ...(view.groups.length > 0 ? [el('h4', { text: 'Register findings that would change' }), el('ul', {}, ...view.groups.map((g) => el('li', { text: g })))] : []),
    ...(view.problems.length > 0 ? [el('h4', { text: 'Problems reading the plans' }), el('ul', { className: 'problems' }, ...view.problems.map((p) => el('li', { text: p })))] : []),
  );
}
