// One point per layer on the roofline: where it goes (x = CTC, y = attainable performance), how big
// it is (area proportional to the layer's share of the model's time) and what colour class it takes
// (by what bounds it). Which layers can be plotted at all. Pure.
import type { Bound, PanelLayer } from '../../../server/src/protocol/panel';

export const MIN_RADIUS = 2.5;
export const MAX_RADIUS = 14;

/** Plottable: counted, with positive finite intensity and performance (log axes). */
export function isPlottable(l: PanelLayer): boolean {
  return l.counted && l.ctc > 0 && Number.isFinite(l.ctc) && l.attainable > 0 && Number.isFinite(l.attainable);
}

/** Radius such that the area is proportional to the share of time: the largest share gets
 *  `max`, a share four times smaller half of it; never below `min` so every layer stays visible. */
export function pointRadius(share: number, maxShare: number, min = MIN_RADIUS, max = MAX_RADIUS): number {
  if (!(maxShare > 0) || !(share > 0)) return min;
  return Math.max(min, max * Math.sqrt(Math.min(1, share / maxShare)));
}

/** CSS class of a bound: 'bound-memory'. The stylesheet maps each to a theme colour. */
export function boundClass(bound: Bound): string {
  return `bound-${bound}`;
}

export const BOUND_ORDER: readonly Bound[] = ['compute', 'memory', 'buffer', 'utilization', 'fused', 'uncounted'];

/** '+2 fused' after a producer's bound; 'into conv1' for a member; '' otherwise. */
export function fusionText(l: PanelLayer): string {
  if (l.fusedInto !== undefined) return `into ${l.fusedInto}${l.fusionRole ? ` (${l.fusionRole === 'bnFold' ? 'folded' : l.fusionRole})` : ''}`;
  return l.fused && l.fused.length > 0 ? `+${l.fused.length} fused` : '';
}

/** Words for a bound, as the legend and the hover card print them. */
export function boundText(bound: Bound): string {
  switch (bound) {
    case 'compute':
      return 'compute-bound';
    case 'memory':
      return 'memory-bound';
    case 'buffer':
      return 'buffer-bound';
    case 'utilization':
      return 'array under-utilised';
    case 'fused':
      return 'fused';
    case 'uncounted':
      return 'not counted';
  }
}
