// tools/web/src/dom.ts: building elements without HTML strings. Every piece of text from the knowledge base, the
// engine or a link goes in as a text node (or an attribute set through the DOM), so it can never become markup.

type Child = Node | string | number | null | undefined | false;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Listener = (e: any) => void;
type Attrs = Record<string, string | number | boolean | null | undefined | Listener>;

/** h('button', {class: 'x', onclick: f}, 'text', child, ...): attributes through setAttribute, text as text. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v as EventListener);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** The engine's prose marks ids and levels with backticks (`self_care`): each marked span becomes a <code> element
 *  holding it as text, the rest text nodes; an unpaired backtick stays as it is. */
export function withCode(text: string): Node[] {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return [document.createTextNode(text)];
  return parts.map((part, i) => {
    if (i % 2 === 0) return document.createTextNode(part);
    const code = document.createElement('code');
    code.textContent = part;
    return code;
  });
}

/** Replaces every child of `el`. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

const svgNS = 'http://www.w3.org/2000/svg';
export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(svgNS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  append(el, ...children);
  return el;
}
