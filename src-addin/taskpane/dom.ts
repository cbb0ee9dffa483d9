/** The two DOM helpers every view of the pane uses: an element of taskpane.html by id, and a new element. */

/** The element of taskpane.html with this id; its absence is a bug in the page, not a user's mistake. */
export const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`internal: taskpane.html has no #${id}`);
  return el as T;
};

/** A new element with text set as text (never as HTML: workbook text cannot become markup), attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; attrs?: Record<string, string> } = {}, ...children: (Node | null)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  for (const c of children) if (c) node.appendChild(c);
  return node;
}
