// Compute array with fixed unroll factors. Source: Zhang et al., FPGA 2015 (loop unrolling and the
// computational roof): an engine of Tm x Tn multiply-accumulate lanes (Tm output maps x Tn input
// maps a cycle) runs a conv layer in ceil(M/Tm) x ceil(N/Tn) x R x C x K x K cycles, per group,
// summed over groups and batch.
// Utilisation = MACs / (cycles x Tm x Tn); computational roof = 2 x MACs / cycles x clock.
// GEMM mapping (stated): output features on Tm, the inner dimension on Tn, one row of the left
// operand a "pixel": ceil(N/Tm) x ceil(K/Tn) x M cycles per product. Approximation: no pipeline
// fill, drain or memory stalls; one MAC per lane per cycle.
import type { ConvDims, GemmDims } from '../ops/types';
import { convNest, gemmNest, nestMacs, type Nest } from './nest';

export interface Unroll {
  m: number;
  n: number;
}

/** Cycles of a nest (all repeats) on a Tm x Tn engine. */
export function nestCycles(nest: Nest, u: Unroll): number {
  const tm = Math.max(1, Math.floor(u.m));
  const tn = Math.max(1, Math.floor(u.n));
  return Math.ceil(nest.m / tm) * Math.ceil(nest.n / tn) * nest.r * nest.c * nest.kh * nest.kw * nest.repeat;
}

/** Conv cycles: ceil(M/Tm) ceil(N/Tn) R C Kh Kw per group, times groups and batch. */
export function convCycles(d: ConvDims, u: Unroll): number {
  const nest = convNest(d);
  return nest ? nestCycles(nest, u) : 0;
}

/** GEMM cycles: ceil(N/Tm) ceil(K/Tn) M per product, times batch. */
export function gemmCycles(d: GemmDims, u: Unroll): number {
  const nest = gemmNest(d);
  return nest ? nestCycles(nest, u) : 0;
}

export interface ArrayCompute {
  cycles: number;
  /** MACs / (cycles x lanes), 0..1. */
  utilization: number;
  macs: number;
}

/** Cycles and utilisation of a nest on a Tm x Tn engine. */
export function unrolledCompute(nest: Nest, u: Unroll): ArrayCompute {
  const cycles = nestCycles(nest, u);
  const macs = nestMacs(nest);
  const lanes = Math.max(1, Math.floor(u.m)) * Math.max(1, Math.floor(u.n));
  return { cycles, macs, utilization: cycles > 0 ? macs / (cycles * lanes) : 0 };
}

/** MACs / (cycles x lanes). */
export function utilization(macs: number, cycles: number, lanes: number): number {
  return cycles > 0 && lanes > 0 ? macs / (cycles * lanes) : 0;
}

/** The computational roof of a layer on the array: 2 x MACs / cycles ops a cycle, times the clock (ops/s). */
export function computationalRoof(macs: number, cycles: number, clockHz: number): number {
  return cycles > 0 ? ((2 * macs) / cycles) * clockHz : 0;
}
