// tools/web/src/network.ts: the engine's DOT drawn in the page by Graphviz compiled to WebAssembly (@viz-js/viz,
// bundled: no network needed). Graphviz writes labels as SVG text, so knowledge-base text stays text; the SVG is
// parsed as XML, never as HTML. Fired rules and true findings and facts (filled by the engine's DOT) are lit, the
// rest faded; every node can be clicked or reached with the keyboard.
type Viz = { renderSVGElement(dot: string): SVGSVGElement };
let viz: Promise<Viz> | null = null;

function load(): Promise<Viz> {
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  return viz;
}

export async function renderNetwork(box: HTMLElement, dot: string, onNode: (key: string, targets: string[]) => void): Promise<void> {
  const v = await load();
  const el = v.renderSVGElement(dot);
  el.removeAttribute('width');
  el.removeAttribute('height');
  el.setAttribute('role', 'group');
  el.setAttribute('aria-label', 'Rule network');
  // Edges are titled "a->b": which conditions each rule speaks for or against.
  const targets = new Map<string, string[]>();
  el.querySelectorAll('g.edge > title').forEach((t) => {
    const [a, b] = (t.textContent ?? '').split('->');
    if (!a || !b) return;
    if (!targets.has(a)) targets.set(a, []);
    targets.get(a)!.push(b);
  });
  el.querySelectorAll<SVGGElement>('g.node').forEach((g) => {
    const key = g.querySelector('title')?.textContent ?? '';
    const lit = g.querySelector('[fill="#ffe08a"]') !== null;
    g.classList.add(lit ? 'lit' : 'faded');
    g.dataset.key = key;
    g.dataset.targets = (targets.get(key) ?? []).join(' ');
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    const text = [...g.querySelectorAll('text')].map((t) => t.textContent).join(' ');
    g.setAttribute('aria-label', `${text}${lit ? ' (fired or true)' : ''}`);
    const go = () => onNode(key, targets.get(key) ?? []);
    g.addEventListener('click', go);
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); }
    });
  });
  el.querySelectorAll<SVGGElement>('g.edge').forEach((g) => {
    const bold = [...g.querySelectorAll('path')].some((p) => Number(p.getAttribute('stroke-width') ?? '1') > 2);
    g.classList.add(bold ? 'lit' : 'faded');
  });
  box.replaceChildren(el);
}
