// Building SVG and HTML as strings: escaping of text and attribute values, and one element with its
// attributes. Strings, not DOM calls, so the chart renderers stay pure and testable in Node, and a
// chart of 2,000 points is one innerHTML assignment. No style attributes: the page's CSP forbids
// inline styles, so everything visual is a class or a presentation attribute.

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const SPECIAL = /[&<>"']/;

/** Text or attribute value, escaped for HTML and XML alike. */
export function esc(s: string | number): string {
  const t = String(s);
  return SPECIAL.test(t) ? t.replace(/[&<>"']/g, (c) => ESC[c]) : t;
}

export type Attrs = Record<string, string | number | boolean | undefined>;

/** ' a="1" b="x"'; false and undefined attributes are left out, true ones written bare (HTML). */
export function attrs(a: Attrs): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === false) continue;
    out += v === true ? ` ${k}` : ` ${k}="${esc(v)}"`;
  }
  return out;
}

/** One element: tag(name, attributes, ...children already rendered as strings). */
export function tag(name: string, a: Attrs, ...children: string[]): string {
  return `<${name}${attrs(a)}>${children.join('')}</${name}>`;
}
