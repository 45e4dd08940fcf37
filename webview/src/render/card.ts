// The hover card of a layer: its name and operator, CTC, attainable performance, what bounds it,
// time and share, operations, traffic, buffer need against capacity, tile and utilisation. The
// content is a pure HTML string; the card element is positioned by the CSSOM (allowed by the CSP,
// unlike a style attribute) and kept inside the window.
import type { PanelData, PanelLayer } from '../../../server/src/protocol/panel';
import { boundText } from '../chart/points';
import { formatBytes, formatOps, formatOpsPerByte, formatOpsPerSecond, formatPercent, formatSeconds } from '../../../server/src/protocol/format';
import { esc } from './svg';

export function cardHtml(l: PanelLayer, data: PanelData): string {
  const rows: [string, string][] = [];
  if (l.counted && l.bound === 'fused') {
    rows.push(['fused into', `${l.fusedInto ?? ''}${l.fusionRole ? ` (${l.fusionRole === 'bnFold' ? 'folded' : l.fusionRole})` : ''}`], ['time', 'none of its own: the group\'s kernel runs it'], ['ops', formatOps(l.ops)]);
  } else if (l.counted) {
    const traffic = data.trafficMode === 'tiled' ? l.trafficTiled : l.trafficCompulsory;
    rows.push(
      ['CTC', formatOpsPerByte(l.ctc)],
      ['attainable', formatOpsPerSecond(l.attainable)],
      ['bound', `${boundText(l.bound)}${l.boundLabel ? ` (${l.boundLabel})` : ''}`],
      ['time', formatSeconds(l.time)],
      ['share', formatPercent(l.share)],
      ['ops', formatOps(l.ops)],
      [`traffic (${data.trafficMode})`, formatBytes(traffic)],
    );
  } else rows.push(['bound', boundText('uncounted')]);
  if (l.bufferNeed > 0) {
    const cap = data.bufferCapacity;
    rows.push(['buffer', cap ? `${formatBytes(l.bufferNeed)} of ${formatBytes(cap)}${l.bufferNeed > cap ? ' (overflows)' : ''}` : formatBytes(l.bufferNeed)]);
  }
  if (l.fused && l.fused.length > 0) rows.push([`fused group${l.fusionKind ? ` (${l.fusionKind})` : ''}`, l.fused.join(', ')]);
  if (l.tile) rows.push(['tile', `${l.tile}${l.tileSource ? ` (${l.tileSource})` : ''}`]);
  if (l.utilization !== undefined) rows.push(['utilisation', formatPercent(l.utilization)]);
  rows.push(['line', String(l.line + 1)]);
  return (
    `<div class="rl-card-title"><span class="rl-swatch bound-${esc(l.bound)}"></span>${esc(l.name)} <span class="rl-card-op">${esc(l.op)}</span></div>` +
    `<table class="rl-card-rows">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`
  );
}

export interface CardView {
  /** Shows `html` near the pointer; `key` identifies the content, which is only rewritten when it changes. */
  show(key: string, html: () => string, clientX: number, clientY: number): void;
  hide(): void;
  readonly visible: boolean;
}

export function createCard(el: HTMLElement): CardView {
  el.hidden = true;
  el.setAttribute('role', 'tooltip');
  let shown = '';
  return {
    show(key, html, clientX, clientY) {
      if (key !== shown || el.hidden) {
        el.innerHTML = html();
        shown = key;
      }
      el.hidden = false;
      const win = el.ownerDocument.defaultView;
      const vw = win?.innerWidth ?? 1024;
      const vh = win?.innerHeight ?? 768;
      const r = el.getBoundingClientRect();
      let x = clientX + 14;
      let y = clientY + 14;
      if (x + r.width > vw - 4) x = Math.max(4, clientX - r.width - 14);
      if (y + r.height > vh - 4) y = Math.max(4, clientY - r.height - 14);
      el.style.left = `${x}px`;
      el.style.top = `${y}px`;
    },
    hide() {
      el.hidden = true;
      shown = '';
    },
    get visible() {
      return !el.hidden;
    },
  };
}
