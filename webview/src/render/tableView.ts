// The sortable layer table. The header is built once; the body draws only the rows in view (with
// spacer rows above and below), so a 10,000-layer model scrolls smoothly and updates in a few
// milliseconds; the scroll container is never replaced, so an update keeps the scroll position.
// A header click asks for a sort; a row click (or Enter) asks to reveal the layer.
import type { PanelData, PanelLayer } from '../../../server/src/protocol/panel';
import { COLUMNS, sortLayers, visibleRows, type ColumnId, type SortState } from '../chart/table';
import { esc } from './svg';

export interface TableActions {
  sort(column: ColumnId): void;
  reveal(layer: number): void;
  scrolled(scrollTop: number): void;
}

export interface TableView {
  update(data: PanelData, sort: SortState, selected: number | undefined): void;
  /** Marks a layer as selected; `reveal` scrolls it into view. */
  select(layer: number | undefined, reveal: boolean): void;
  /** The layers in table order. */
  rows(): readonly PanelLayer[];
  scrollTo(scrollTop: number): void;
}

const ESTIMATED_ROW_HEIGHT = 22;

export function createTable(container: HTMLElement, actions: TableActions): TableView {
  const doc = container.ownerDocument;
  const scroller = doc.createElement('div');
  scroller.className = 'rl-table-scroll';
  scroller.tabIndex = 0;
  const table = doc.createElement('table');
  table.className = 'rl-table';
  const thead = doc.createElement('thead');
  const headRow = doc.createElement('tr');
  for (const c of COLUMNS) {
    const th = doc.createElement('th');
    th.dataset.col = c.id;
    th.className = c.numeric ? 'num' : '';
    th.scope = 'col';
    th.tabIndex = 0;
    th.textContent = c.title;
    const ind = doc.createElement('span');
    ind.className = 'rl-sort-ind';
    th.append(ind);
    headRow.append(th);
  }
  thead.append(headRow);
  const tbody = doc.createElement('tbody');
  table.append(thead, tbody);
  scroller.append(table);
  container.replaceChildren(scroller);

  let data: PanelData | undefined;
  let ordered: PanelLayer[] = [];
  let selected: number | undefined;
  let rowHeight = ESTIMATED_ROW_HEIGHT;
  let drawn = { start: -1, end: -1 };
  let frame = 0;

  const sortBy = (th: HTMLElement | null): void => {
    const id = th?.dataset.col;
    if (id) actions.sort(id as ColumnId);
  };
  thead.addEventListener('click', (e) => sortBy((e.target as Element).closest('th')));
  thead.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      sortBy((e.target as Element).closest('th'));
    }
  });
  const rowLayer = (target: EventTarget | null): number | undefined => {
    const tr = (target as Element | null)?.closest?.('tr[data-layer]');
    return tr ? Number((tr as HTMLElement).dataset.layer) : undefined;
  };
  tbody.addEventListener('click', (e) => {
    const l = rowLayer(e.target);
    if (l !== undefined) actions.reveal(l);
  });
  tbody.addEventListener('keydown', (e) => {
    const l = rowLayer(e.target);
    if (l !== undefined && e.key === 'Enter') actions.reveal(l);
  });
  scroller.addEventListener('scroll', () => {
    if (frame) return;
    const win = doc.defaultView;
    const run = (): void => {
      frame = 0;
      draw(false);
      actions.scrolled(scroller.scrollTop);
    };
    frame = win ? win.requestAnimationFrame(run) : 0;
    if (!win) run();
  });

  function rowHtml(l: PanelLayer, d: PanelData): string {
    const cls = `bound-${l.bound}${l.counted ? '' : ' uncounted'}${l.index === selected ? ' selected' : ''}`;
    let cells = '';
    for (const c of COLUMNS) {
      const text = c.text(l, d);
      const swatch = c.id === 'bound' ? `<span class="rl-swatch bound-${esc(l.bound)}"></span>` : '';
      cells += `<td class="${c.numeric ? 'num' : ''}" title="${esc(text)}">${swatch}${esc(text)}</td>`;
    }
    return `<tr data-layer="${l.index}" class="${cls}" tabindex="-1">${cells}</tr>`;
  }

  /** The height the rows may fill: the scroller's max-height (its clientHeight is only the content's
   *  until rows are drawn), else the window's. Read once: a style read after a DOM write would
   *  force a layout of the whole page. */
  let maxViewport = 0;
  function viewport(): number {
    if (!maxViewport) {
      const win = doc.defaultView;
      const max = win ? parseFloat(win.getComputedStyle(scroller).maxHeight) : NaN;
      maxViewport = Number.isFinite(max) && max > 0 ? max : (win?.innerHeight ?? 800);
    }
    return maxViewport;
  }
  let measured = false;

  function draw(force: boolean): void {
    if (!data) return;
    const w = visibleRows({ scrollTop: scroller.scrollTop, viewport: viewport(), rowHeight, count: ordered.length });
    if (!force && w.start === drawn.start && w.end === drawn.end) return;
    drawn = { start: w.start, end: w.end };
    let html = `<tr class="rl-spacer" aria-hidden="true"><td colspan="${COLUMNS.length}"></td></tr>`;
    for (let i = w.start; i < w.end; i++) html += rowHtml(ordered[i], data);
    html += `<tr class="rl-spacer" aria-hidden="true"><td colspan="${COLUMNS.length}"></td></tr>`;
    tbody.innerHTML = html;
    const spacers = tbody.querySelectorAll<HTMLElement>('tr.rl-spacer > td');
    // Heights through the CSSOM: the CSP forbids style attributes, not style properties.
    spacers[0].style.height = `${w.padTop}px`;
    spacers[1].style.height = `${w.padBottom}px`;
    spacers[0].parentElement!.hidden = w.padTop === 0;
    spacers[1].parentElement!.hidden = w.padBottom === 0;
    // Measure the real row height once, the first time rows exist, and redraw if the estimate
    // was off (a measure forces a layout, so never on later draws).
    const first = measured ? null : tbody.querySelector<HTMLElement>('tr[data-layer]');
    if (first) {
      measured = true;
      const h = first.getBoundingClientRect().height;
      if (h > 0 && Math.abs(h - rowHeight) > 0.5) {
        rowHeight = h;
        draw(true);
      }
    }
  }

  function markHeader(sort: SortState): void {
    for (const th of Array.from(headRow.children) as HTMLElement[]) {
      const on = th.dataset.col === sort.column;
      th.classList.toggle('sorted', on);
      th.setAttribute('aria-sort', on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none');
      const ind = th.querySelector('.rl-sort-ind');
      if (ind) ind.textContent = on ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : '';
    }
  }

  return {
    update(d, sort, sel) {
      data = d;
      selected = sel;
      ordered = sortLayers(d.layers, sort, d);
      markHeader(sort);
      draw(true);
    },
    select(layer, reveal) {
      selected = layer;
      for (const tr of Array.from(tbody.querySelectorAll<HTMLElement>('tr.selected'))) tr.classList.remove('selected');
      if (layer === undefined) return;
      if (reveal) {
        const pos = ordered.findIndex((l) => l.index === layer);
        if (pos >= 0) {
          const top = pos * rowHeight;
          const view = viewport();
          const head = thead.getBoundingClientRect().height;
          if (top < scroller.scrollTop || top + rowHeight > scroller.scrollTop + view - head) scroller.scrollTop = Math.max(0, top - view / 2);
          draw(false);
        }
      }
      tbody.querySelector(`tr[data-layer="${layer}"]`)?.classList.add('selected');
    },
    rows: () => ordered,
    scrollTo(top) {
      scroller.scrollTop = top;
      draw(true);
    },
  };
}
