// The Roofline page: lays out its containers once, then on every update draws the charts from
// their pure specifications into the same containers (no flicker; table scroll, sort and selection
// kept), answers host messages, turns clicks into PageMessages, exports, and remembers its state
// through the host. Everything visual is computed in chart/ and drawn by render/.
import type { HostMessage, PanelData, PanelLayer } from '../../server/src/protocol/panel';
import { bufferSpec } from './chart/buffer';
import { energySpec } from './chart/energy';
import { layersCsv } from './chart/csv';
import { isPlottable } from './chart/points';
import { notPlottedText, rooflineSpec, type RooflineSpec } from './chart/roofline';
import { nextSort } from './chart/table';
import { formatCount, formatSeconds, significant } from '../../server/src/protocol/format';
import type { Host } from './host';
import { barMarks, BUFFER_LABEL, bufferOver, bufferSvg, bufferUnder } from './render/bufferSvg';
import { energySvg } from './render/energySvg';
import { drawChart } from './render/chartDom';
import { cardHtml, createCard } from './render/card';
import { createControls } from './render/controls';
import { download, readPalette, svgToPng } from './render/exportImage';
import { exportStyleSheet } from './render/exportStyle';
import { pointMarks, rooflineLabel, rooflineOver, rooflineSvg, rooflineUnder } from './render/rooflineSvg';
import { createTable } from './render/tableView';
import { parseState, type PageState } from './state';
import type { Toolkit } from './toolkit';

export interface App {
  handle(message: HostMessage): void;
  render(data: PanelData): void;
}

export interface AppOptions {
  root: HTMLElement;
  host: Host;
  toolkit: Toolkit;
}

const SAVE_DELAY_MS = 250;

export function chartHeight(width: number): number {
  return Math.round(Math.min(520, Math.max(260, width * 0.55)));
}
export const BUFFER_HEIGHT = 190;
export const ENERGY_HEIGHT = 200;

export function createApp({ root, host, toolkit }: AppOptions): App {
  const doc = root.ownerDocument;
  const win = doc.defaultView;
  const state: PageState = parseState(host.getState());

  root.classList.add('rl-root');
  root.innerHTML = `
    <header class="rl-header"><h1 class="rl-title"></h1><div class="rl-summary"></div></header>
    <div class="rl-controls"></div>
    <div class="rl-error" role="alert" hidden></div>
    <div class="rl-waiting">Waiting for an analysis…</div>
    <section class="rl-section rl-roofline-section" hidden>
      <div class="rl-notice" role="status" hidden></div>
      <div class="rl-chart rl-roofline"></div>
      <div class="rl-chart-note rl-roofline-note"></div>
    </section>
    <section class="rl-section rl-buffer-section" hidden>
      <h2>on-chip buffer per layer</h2>
      <div class="rl-chart rl-buffer"></div>
      <div class="rl-chart-note rl-buffer-note"></div>
    </section>
    <section class="rl-section rl-energy-section" hidden>
      <h2>energy per layer, by level</h2>
      <div class="rl-chart rl-energy"></div>
      <div class="rl-chart-note rl-energy-note"></div>
    </section>
    <section class="rl-section rl-table-section" hidden><h2>layers</h2><div class="rl-table-host"></div></section>
    <details class="rl-approx" hidden><summary>approximations</summary><ul></ul></details>
    <div class="rl-card"></div>`;
  const $ = <T extends HTMLElement = HTMLElement>(sel: string): T => root.querySelector<T>(sel)!;
  const title = $('.rl-title');
  const summary = $('.rl-summary');
  const errorBox = $('.rl-error');
  const waiting = $('.rl-waiting');
  const notice = $('.rl-notice');
  const rooflineBox = $('.rl-roofline');
  const rooflineNote = $('.rl-roofline-note');
  const bufferBox = $('.rl-buffer');
  const bufferNote = $('.rl-buffer-note');
  const energyBox = $('.rl-energy');
  const energyNote = $('.rl-energy-note');
  const approx = $<HTMLDetailsElement>('.rl-approx');
  const card = createCard($('.rl-card'));

  let data: PanelData | undefined;
  let byIndex = new Map<number, PanelLayer>();
  let spec: RooflineSpec | undefined;
  let renders = 0;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let lastWidth = 0;

  const save = (): void => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      host.setState({ ...state, data });
    }, SAVE_DELAY_MS);
  };

  const controls = createControls(
    $('.rl-controls'),
    toolkit,
    {
      setTarget: (target) => host.post({ type: 'setTarget', target }),
      setPrecision: (precision) => host.post({ type: 'setPrecision', precision }),
      setParam: (name, value) => host.post({ type: 'setParam', name, value }),
      setTraffic: (mode) => host.post({ type: 'setTraffic', mode }),
      setFusion: (policy) => host.post({ type: 'setFusion', policy }),
      exportAs: (format) => void exportAs(format),
    },
    host.controls,
  );

  const table = createTable($('.rl-table-host'), {
    sort(column) {
      state.sort = nextSort(state.sort, column);
      if (data) table.update(data, state.sort, state.selected);
      save();
    },
    reveal: (layer) => reveal(layer),
    scrolled(top) {
      state.scrollTop = top;
      save();
    },
  });

  function reveal(layer: number): void {
    select(layer, false);
    host.post({ type: 'reveal', layer });
  }

  /** Marks `layer` in both charts and the table; `fromHost`: also scroll the table to it. */
  function select(layer: number | undefined, fromHost: boolean): void {
    state.selected = layer;
    for (const el of Array.from(root.querySelectorAll('.rl-point.selected, .rl-bar.selected, .rl-energy-bar.selected'))) el.classList.remove('selected');
    if (layer !== undefined && data) {
      let point = rooflineBox.querySelector(`.rl-point[data-layer="${layer}"]`);
      const l = byIndex.get(layer);
      if (!point && l && isPlottable(l)) {
        // Sampled out: draw again with this layer kept.
        drawRoofline();
        point = rooflineBox.querySelector(`.rl-point[data-layer="${layer}"]`);
      }
      if (point) {
        point.classList.add('selected');
        point.parentNode?.append(point); // on top of its neighbours
      }
      bufferBox.querySelector(`.rl-bar[data-layer="${layer}"]`)?.classList.add('selected');
      energyBox.querySelector(`.rl-energy-bar[data-layer="${layer}"]`)?.classList.add('selected');
    }
    table.select(layer, fromHost);
    save();
  }

  function chartWidth(): number {
    return Math.max(320, Math.floor(rooflineBox.clientWidth || root.clientWidth || 800));
  }

  /** `width`: read before any DOM write of the update, so that reading it forces no layout. */
  function drawRoofline(width = chartWidth()): void {
    if (!data) return;
    lastWidth = width;
    const s = rooflineSpec(data, { width, height: chartHeight(width), keep: state.selected !== undefined ? [state.selected] : [] });
    spec = s;
    drawChart(rooflineBox, 'rl-roofline-svg', {
      full: () => rooflineSvg(s, { selected: state.selected }),
      width: s.width,
      height: s.height,
      label: rooflineLabel(s),
      under: rooflineUnder(s),
      over: rooflineOver(s),
      markTag: 'circle',
      marks: pointMarks(s.points, state.selected),
    });
    notice.hidden = !spec.sample.sampled;
    notice.textContent = spec.sample.text;
    rooflineNote.textContent = notPlottedText(spec.notPlotted, spec.fused);
  }

  function drawBuffer(width = chartWidth()): void {
    if (!data) return;
    const b = bufferSpec(data, { width, height: BUFFER_HEIGHT });
    drawChart(bufferBox, 'rl-buffer-svg', {
      full: () => bufferSvg(b, { selected: state.selected }),
      width: b.width,
      height: b.height,
      label: BUFFER_LABEL,
      under: bufferUnder(b),
      over: bufferOver(b),
      markTag: 'rect',
      marks: barMarks(b.bars, state.selected),
    });
    bufferNote.textContent = b.text;
  }

  /** The energy chart (a whole SVG each time: one bar a layer, no incremental marks). */
  function drawEnergy(width = chartWidth()): void {
    if (!data) return;
    const e = energySpec(data, { width, height: ENERGY_HEIGHT });
    energyBox.innerHTML = energySvg(e, { selected: state.selected });
    energyNote.textContent = e.text;
  }

  function render(next: PanelData): void {
    const t0 = performance.now();
    // Reads first (the layout is still clean from the last frame), then writes only: the table
    // reads its scroll position as it draws, so it goes before the charts.
    const width = rooflineBox.clientWidth ? chartWidth() : 0;
    data = next;
    byIndex = new Map(next.layers.map((l) => [l.index, l]));
    if (state.selected !== undefined && !byIndex.has(state.selected)) state.selected = undefined;
    waiting.hidden = true;
    errorBox.hidden = true;
    for (const s of Array.from(root.querySelectorAll<HTMLElement>('.rl-section'))) s.hidden = false;

    title.textContent = `${next.model} on ${next.target.title}`;
    const t = next.totals;
    const parts = [
      `${next.fileName}`,
      `${next.precision}`,
      `${formatCount(next.layers.length)} layers`,
      `${formatSeconds(t.time)} end to end`,
      // A run processes the model's batch: runs/s, and samples/s when the batch is not 1.
      (t.batch ?? 1) === 1 ? `${significant(t.throughput)} runs/s (batch 1)` : `${significant(t.throughput)} runs/s = ${significant(t.throughput * t.batch!)} samples/s (batch ${t.batch})`,
      t.dominant ? `mostly ${t.dominant}` : '',
      t.complete ? '' : 'incomplete: some layers are not counted',
    ].filter(Boolean);
    summary.textContent = parts.join(' · ');

    table.update(next, state.sort, state.selected);
    controls.update(next);
    // The first time, the sections were hidden until now: their width is only known after a layout.
    const w = width || chartWidth();
    drawRoofline(w);
    drawBuffer(w);
    drawEnergy(w);
    $('.rl-energy-section').hidden = !next.layers.some((l) => l.energy !== undefined);

    approx.hidden = next.approximations.length === 0;
    const list = approx.querySelector('ul')!;
    list.replaceChildren(
      ...next.approximations.map((a) => {
        const li = doc.createElement('li');
        li.textContent = a;
        return li;
      }),
    );
    if (card.visible) card.hide();
    save();
    const ms = performance.now() - t0;
    root.dataset.renders = String(++renders);
    root.dispatchEvent(new CustomEvent('roofline:rendered', { bubbles: true, detail: { ms, points: spec?.points.length ?? 0 } }));
  }

  // Points and bars: hover for the card, click to reveal.
  const layerOf = (target: EventTarget | null): number | undefined => {
    const el = (target as Element | null)?.closest?.('[data-layer]');
    return el ? Number(el.getAttribute('data-layer')) : undefined;
  };
  for (const box of [rooflineBox, bufferBox, energyBox]) {
    box.addEventListener('click', (e) => {
      const l = layerOf(e.target);
      if (l !== undefined) reveal(l);
    });
    box.addEventListener('mousemove', (e) => {
      const l = layerOf(e.target);
      const layer = l !== undefined ? byIndex.get(l) : undefined;
      const d = data;
      if (layer && d) card.show(String(layer.index), () => cardHtml(layer, d), e.clientX, e.clientY);
      else if (card.visible) card.hide();
    });
    box.addEventListener('mouseleave', () => card.hide());
  }

  async function exportAs(format: 'svg' | 'png' | 'csv'): Promise<void> {
    if (!data) return;
    const base = (data.fileName.split(/[\\/]/).pop() ?? 'model').replace(/\.[^.]*$/, '') || 'model';
    let content: string;
    if (format === 'csv') content = layersCsv(data, table.rows());
    else {
      const s = spec ?? rooflineSpec(data, { width: chartWidth(), height: chartHeight(chartWidth()) });
      const palette = readPalette(root);
      const svg = `<?xml version="1.0" encoding="UTF-8"?>\n${rooflineSvg(s, { selected: state.selected, styleSheet: exportStyleSheet(palette) })}`;
      content = format === 'svg' ? svg : await svgToPng(doc, svg, s.width, s.height, 2, palette.bg);
    }
    if (host.kind === 'standalone') download(doc, `${base}-roofline.${format}`, content, format === 'csv' ? 'text/csv' : 'image/svg+xml');
    else host.post({ type: 'export', format, content });
  }

  // Follow the panel's width; redraw the charts only (the table is fluid).
  if (win && 'ResizeObserver' in win) {
    let pending = 0;
    new win.ResizeObserver(() => {
      if (pending || !data) return;
      pending = win.requestAnimationFrame(() => {
        pending = 0;
        const w = chartWidth();
        if (data && Math.abs(w - lastWidth) >= 1) {
          drawRoofline(w);
          drawBuffer(w);
          drawEnergy(w);
        }
      });
    }).observe(rooflineBox);
  }

  if (state.data) {
    render(state.data);
    table.scrollTo(state.scrollTop);
  }

  return {
    render,
    handle(message) {
      switch (message.type) {
        case 'update':
          render(message.data);
          break;
        case 'select':
          select(message.layer, true);
          break;
        case 'error':
          errorBox.textContent = message.message;
          errorBox.hidden = false;
          break;
      }
    },
  };
}
