// Marks: the many small elements of a chart that stand for layers (circles, bars), each with its
// key (the layer index, written as data-layer), its attributes and its <title>. As strings for the
// first drawing and for exports; patched in place on updates (see chartDom.ts). Pure.
import { esc } from './svg';

export interface Mark {
  /** PanelLayer.index, written as data-layer. */
  key: number;
  /** Attributes after class and data-layer, in the order written. */
  attrs: Record<string, string | number>;
  cls: string;
  title: string;
}

export function markSvg(tagName: string, m: Mark): string {
  let a = '';
  for (const k in m.attrs) a += ` ${k}="${esc(m.attrs[k])}"`;
  return `<${tagName} class="${esc(m.cls)}" data-layer="${m.key}"${a}><title>${esc(m.title)}</title></${tagName}>`;
}

export function marksSvg(tagName: string, marks: readonly Mark[]): string {
  let out = '';
  for (const m of marks) out += markSvg(tagName, m);
  return out;
}
