// The roofline chart's labels and points as Chromium draws them, read in the page: each roof
// label's text box (getBBox, before its rotation) turned by its rotate(), each ridge's two lines
// as one box, the points and the ridge marks as discs (with 1 px of outline). The same check as
// webview/src/chart/labels.ts's `labelOverlaps`, on the real text metrics. Used by the report's
// browser test and the end-to-end test (inside VS Code's webview).

/** An expression to evaluate in the page's frame (a string: tsx's function helpers do not exist
 *  there); it yields `{ labels: { id, quad }[], obstacles: Circle[] }`. */
export const DRAWN_LABELS = `(() => {
  const turn = (b, t) => {
    const m = /rotate\\(([-\\d.e]+) ([-\\d.e]+) ([-\\d.e]+)\\)/.exec(t || '');
    const a = m ? Number(m[1]) : 0, cx = m ? Number(m[2]) : 0, cy = m ? Number(m[3]) : 0;
    const r = (a * Math.PI) / 180;
    return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
      .map(([x, y]) => ({ x: cx + (x - cx) * Math.cos(r) - (y - cy) * Math.sin(r), y: cy + (x - cx) * Math.sin(r) + (y - cy) * Math.cos(r) }));
  };
  const svg = document.querySelector('.rl-roofline svg');
  const labels = [];
  for (const t of svg.querySelectorAll('text.rl-roof-label')) labels.push({ id: 'roof ' + t.textContent, quad: turn(t.getBBox(), t.getAttribute('transform')) });
  const obstacles = [];
  for (const c of svg.querySelectorAll('circle.rl-point')) obstacles.push({ cx: Number(c.getAttribute('cx')), cy: Number(c.getAttribute('cy')), r: Number(c.getAttribute('r')) + 1, id: 'point ' + c.getAttribute('data-layer') });
  for (const g of svg.querySelectorAll('g.rl-ridge')) {
    const boxes = [...g.querySelectorAll('text')].map((t) => t.getBBox());
    const x = Math.min(...boxes.map((b) => b.x)), y = Math.min(...boxes.map((b) => b.y));
    const box = { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
    labels.push({ id: 'ridge ' + g.getAttribute('data-ridge'), quad: turn(box, null) });
    const m = g.querySelector('path').getBBox();
    obstacles.push({ cx: m.x + m.width / 2, cy: m.y + m.height / 2, r: m.width / 2 + 1, id: 'ridge mark ' + g.getAttribute('data-ridge') });
  }
  return { labels, obstacles };
})()`;

