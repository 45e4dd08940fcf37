// Systolic-array cycles. Source: SCALE-Sim v2 (scalesim-project/scale-sim-v2), the analytical form
// of its compute models (scalesim/compute/systolic_compute_{os,ws,is}.py) as restated in
// cost-model.md. Operand matrices: ifmap (ofmap pixels x window), filter (window x filters),
// window = R x S x C. With an AR x AC array:
//
//   dataflow  rows carry    columns carry   streamed (T)   cycles a fold
//   os        ofmap pixels  filters         window         AR + AC + T - 2
//   ws        window        filters         ofmap pixels   2 AR + AC + T - 2
//   is        window        ofmap pixels    filters        2 AR + AC + T - 2
//   folds = ceil(rows / AR) x ceil(columns / AC);  cycles = folds x cycles-a-fold - 1
//
// Reported: mapping efficiency (SCALE-Sim's per-fold average of used PEs), utilisation (SCALE-Sim's
// "Overall Util": MACs / (cycles x AR x AC)) and, for os and ws, SCALE-Sim's "Compute Util": the
// per-fold average of used PEs x T / (PEs x the fold's own cycles), where a fold's own cycles are
// AR + AC + T - 2 for os and 2 AR + 2 AC + T - 3 for ws (its count includes the drain of the last
// column). Approximations: no memory stalls (SCALE-Sim with ideal SRAM bandwidth); no Compute Util
// for is (SCALE-Sim's is code differs between versions); a grouped or batched layer is one SCALE-Sim
// run per group and image.
import type { Nest } from './nest';

export type Dataflow = 'os' | 'ws' | 'is';

/** A layer as SCALE-Sim sees it. */
export interface SystolicLayer {
  ofmapPixels: number;
  /** R x S x C: the reduction length. */
  window: number;
  filters: number;
}

export interface SystolicArray {
  rows: number;
  cols: number;
  dataflow: Dataflow;
}

export interface SystolicResult {
  cycles: number;
  folds: number;
  cyclesPerFold: number;
  /** Average fraction of the PEs mapped in a fold (SCALE-Sim "Mapping Efficiency"). */
  mappingEfficiency: number;
  /** MACs / (cycles x PEs) (SCALE-Sim "Overall Util"). */
  utilization: number;
  /** SCALE-Sim "Compute Util" (per-fold average); absent for is. */
  computeUtilization?: number;
  macs: number;
}

/**
 * SCALE-Sim's conv layer: no padding field; output size ceil((H - R + S) / S) (its convention, which
 * rounds a partial last window up).
 */
export function scaleSimConv(ifmapH: number, ifmapW: number, filterH: number, filterW: number, channels: number, filters: number, stride: number): SystolicLayer {
  const oh = Math.ceil((ifmapH - filterH + stride) / stride);
  const ow = Math.ceil((ifmapW - filterW + stride) / stride);
  return { ofmapPixels: Math.max(0, oh) * Math.max(0, ow), window: filterH * filterW * channels, filters };
}

/** One group and image of a nest as a SCALE-Sim layer (ofmap pixels R x C, window Kh Kw N, M filters). */
export function nestAsSystolic(n: Nest): SystolicLayer {
  return { ofmapPixels: n.r * n.c, window: n.kh * n.kw * n.n, filters: n.m };
}

export function systolicCycles(layer: SystolicLayer, array: SystolicArray): SystolicResult {
  const ar = Math.max(1, Math.floor(array.rows));
  const ac = Math.max(1, Math.floor(array.cols));
  const { ofmapPixels: px, window: win, filters: f } = layer;
  const macs = px * win * f;
  const [sr, sc, t] = array.dataflow === 'os' ? [px, f, win] : array.dataflow === 'ws' ? [win, f, px] : [win, px, f];
  if (!(sr > 0 && sc > 0 && t > 0)) return { cycles: 0, folds: 0, cyclesPerFold: 0, mappingEfficiency: 0, utilization: 0, macs: 0 };
  const rowFolds = Math.ceil(sr / ar);
  const colFolds = Math.ceil(sc / ac);
  const folds = rowFolds * colFolds;
  const cyclesPerFold = array.dataflow === 'os' ? ar + ac + t - 2 : 2 * ar + ac + t - 2;
  const cycles = folds * cyclesPerFold - 1;
  const pes = ar * ac;
  const mappingEfficiency = (sr * sc) / (folds * pes);
  const result: SystolicResult = { cycles, folds, cyclesPerFold, mappingEfficiency, utilization: macs / (cycles * pes), macs };
  if (array.dataflow !== 'is') {
    // SCALE-Sim averages used x T / (PEs x fold cycles) over the folds. Folds come in four kinds by
    // whether their rows and columns are full; sum each kind once, weighted by how many there are.
    const foldCycles = array.dataflow === 'os' ? cyclesPerFold : 2 * ar + 2 * ac + t - 3;
    const lastRows = sr - (rowFolds - 1) * ar;
    const lastCols = sc - (colFolds - 1) * ac;
    let sum = 0;
    for (const [rows, nr] of [[ar, rowFolds - 1], [lastRows, 1]] as const) {
      for (const [cols, nc] of [[ac, colFolds - 1], [lastCols, 1]] as const) {
        sum += nr * nc * ((rows * cols * t) / (pes * foldCycles));
      }
    }
    result.computeUtilization = sum / folds;
  }
  return result;
}

/** A nest (all groups and images) on a systolic array: each group and image is its own SCALE-Sim run. */
export function nestSystolic(n: Nest, array: SystolicArray): SystolicResult {
  const one = systolicCycles(nestAsSystolic(n), array);
  const cycles = one.cycles * n.repeat;
  const macs = one.macs * n.repeat;
  return { ...one, cycles, macs, utilization: cycles > 0 ? macs / (cycles * array.rows * array.cols) : 0 };
}
