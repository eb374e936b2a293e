/**
 * Small DOM builders for the panel. Text is always added as Text nodes and
 * attributes with setAttribute, so that a zone's names and data can never
 * become markup (ARCHITECTURE.md rule 9): there is no innerHTML in the webview.
 */

/** Children of `el`: nodes, or strings added as text. */
export type Child = Node | string | null | undefined | false;

/** Attributes set with setAttribute; `style` and event handlers are refused (the CSP forbids them anyway). */
export type Attrs = Record<string, string | number | boolean | undefined>;

function setAttrs(node: Element, attrs: Attrs | undefined): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    // Markup-level styles and handlers are never built here; widths go through the CSSOM instead.
    if (name === 'style' || name.toLowerCase().startsWith('on')) throw new Error(`refusing attribute ${name}`);
    node.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(node: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** An HTML element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/** A bar's filled part, `share` of the track's width (0..1). Set through the CSSOM, which the CSP allows. */
export function fill(className: string, share: number): HTMLSpanElement {
  const span = el('span', { class: className });
  span.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
  return span;
}

/** Removes every child of `node`. */
export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}
