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
// Several identical arrays on a chip (TPU v4: 8 MXUs) take whole folds each, so the layer takes
// ceil(folds / arrays) x cycles-a-fold - 1 cycles: no array runs part of a fold.
//
// Reported: mapping efficiency (SCALE-Sim's per-fold average of used PEs), utilisation (SCALE-Sim's
// "Overall Util": MACs / (cycles x AR x AC)) and SCALE-Sim's "Compute Util": the per-fold average of
// used PEs x T / (PEs x the fold's own cycles), where a fold's own cycles are AR + AC + T - 2 for os
// and 2 AR + 2 AC + T - 3 for ws and is (its count includes the drain of the last column; SCALE-Sim
// v2 at commit 22f88b1, systolic_compute_is.py, counts is folds as ws does). These are compute
// cycles (memory stalls: systolicMemory.ts). Approximation: a grouped or batched layer is one
// SCALE-Sim run per group and image.
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
  /** Identical arrays sharing the folds (1 when absent). */
  arrays?: number;
}

/** How SCALE-Sim maps a layer: the operand on the rows (Sr), on the columns (Sc), and streamed (T). */
export interface SystolicMapping {
  sr: number;
  sc: number;
  t: number;
  rowFolds: number;
  colFolds: number;
}

export interface SystolicResult {
  cycles: number;
  folds: number;
  /** Arrays used, and the folds the busiest one runs: ceil(folds / arrays). */
  arrays: number;
  foldsPerArray: number;
  cyclesPerFold: number;
  mapping: SystolicMapping;
  /** Average fraction of the PEs mapped in a fold (SCALE-Sim "Mapping Efficiency"). */
  mappingEfficiency: number;
  /** MACs / (cycles x PEs x arrays) (SCALE-Sim "Overall Util" for one array). */
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
  const arrays = Math.max(1, Math.floor(array.arrays ?? 1));
  const { ofmapPixels: px, window: win, filters: f } = layer;
  const macs = px * win * f;
  const [sr, sc, t] = array.dataflow === 'os' ? [px, f, win] : array.dataflow === 'ws' ? [win, f, px] : [win, px, f];
  if (!(sr > 0 && sc > 0 && t > 0)) {
    return { cycles: 0, folds: 0, arrays, foldsPerArray: 0, cyclesPerFold: 0, mapping: { sr: 0, sc: 0, t: 0, rowFolds: 0, colFolds: 0 }, mappingEfficiency: 0, utilization: 0, macs: 0 };
  }
  const rowFolds = Math.ceil(sr / ar);
  const colFolds = Math.ceil(sc / ac);
  const folds = rowFolds * colFolds;
  const foldsPerArray = Math.ceil(folds / arrays);
  const cyclesPerFold = array.dataflow === 'os' ? ar + ac + t - 2 : 2 * ar + ac + t - 2;
  const cycles = foldsPerArray * cyclesPerFold - 1;
  const pes = ar * ac;
  const mappingEfficiency = (sr * sc) / (folds * pes);
  const result: SystolicResult = {
    cycles,
    folds,
    arrays,
    foldsPerArray,
    cyclesPerFold,
    mapping: { sr, sc, t, rowFolds, colFolds },
    mappingEfficiency,
    utilization: macs / (cycles * pes * arrays),
    macs,
  };
  {
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
  return { ...one, cycles, macs, utilization: cycles > 0 ? macs / (cycles * array.rows * array.cols * one.arrays) : 0 };
}
