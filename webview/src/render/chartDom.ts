// Puts a chart into its container without flicker or needless work: the first time as one SVG
// string; on later updates the <svg> stays, its frame (axes, roofs, legend: a few dozen elements)
// is redrawn, and its marks (up to 2,000 points or bars) are patched in place by layer: attributes
// and titles that changed are set, marks that left are removed, new ones parsed in, and the order
// (largest point first, selected last) restored only when it changed.
import type { Mark } from './marks';
import { marksSvg } from './marks';

export interface ChartParts {
  /** The whole SVG, for the first drawing. */
  full(): string;
  width: number;
  height: number;
  label: string;
  under: string;
  over: string;
  markTag: 'circle' | 'rect';
  marks: readonly Mark[];
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function drawChart(box: HTMLElement, svgClass: string, parts: ChartParts): void {
  const svg = box.firstElementChild;
  const under = svg?.querySelector(':scope > g.rl-under');
  const markLayer = svg?.querySelector(':scope > g.rl-under + g');
  const over = svg?.querySelector(':scope > g.rl-over');
  if (!svg || !svg.classList.contains(svgClass) || !under || !markLayer || !over) {
    box.innerHTML = parts.full();
    const layer = box.querySelector(':scope > svg > g.rl-under + g');
    if (layer) remember(layer, parts.marks);
    return;
  }
  svg.setAttribute('width', String(parts.width));
  svg.setAttribute('height', String(parts.height));
  svg.setAttribute('viewBox', `0 0 ${parts.width} ${parts.height}`);
  svg.setAttribute('aria-label', parts.label);
  under.innerHTML = parts.under;
  over.innerHTML = parts.over;
  patchMarks(markLayer, parts.markTag, parts.marks);
}

/** A mark element remembers the mark it last showed: comparing with it costs no DOM read. */
type MarkedElement = Element & { rlMark?: Mark };

function remember(layer: Element, marks: readonly Mark[]): void {
  const children = layer.children;
  for (let i = 0; i < children.length && i < marks.length; i++) (children[i] as MarkedElement).rlMark = marks[i];
}

export function patchMarks(layer: Element, tagName: string, marks: readonly Mark[]): void {
  const byKey = new Map<number, MarkedElement>();
  for (const el of Array.from(layer.children) as MarkedElement[]) {
    const key = el.rlMark?.key ?? Number(el.getAttribute('data-layer'));
    byKey.set(key, el);
  }
  let reused = 0;
  for (const m of marks) if (byKey.has(m.key)) reused++;
  // Mostly new marks: parsing them all at once is cheaper than patching.
  if (reused < marks.length / 2) {
    layer.innerHTML = marksSvg(tagName, marks);
    remember(layer, marks);
    return;
  }
  const fresh = marks.filter((m) => !byKey.has(m.key));
  const created = new Map<number, Element>();
  if (fresh.length) {
    const tmp = layer.ownerDocument.createElementNS(SVG_NS, 'g');
    tmp.innerHTML = marksSvg(tagName, fresh);
    remember(tmp, fresh);
    for (const el of Array.from(tmp.children) as MarkedElement[]) created.set(el.rlMark?.key ?? -1, el);
  }
  const ordered: Element[] = [];
  for (const m of marks) {
    let el: MarkedElement | undefined = byKey.get(m.key);
    if (el) {
      byKey.delete(m.key);
      const was = el.rlMark;
      if (was?.cls !== m.cls && el.getAttribute('class') !== m.cls) el.setAttribute('class', m.cls);
      for (const a in m.attrs) {
        const v = m.attrs[a];
        if (was ? was.attrs[a] !== v : el.getAttribute(a) !== String(v)) el.setAttribute(a, String(v));
      }
      if (was?.title !== m.title) {
        const title = el.firstElementChild;
        if (title && title.textContent !== m.title) title.textContent = m.title;
      }
      el.rlMark = m;
    } else el = created.get(m.key);
    if (el) ordered.push(el);
  }
  for (const el of byKey.values()) el.remove();
  const now = layer.children;
  let same = now.length === ordered.length;
  for (let i = 0; same && i < ordered.length; i++) same = now[i] === ordered[i];
  if (!same) layer.replaceChildren(...ordered);
}
