// The roofline. Source: Williams, Waterman, Patterson, "Roofline: an insightful visual performance
// model for multicore architectures", CACM 2009; per-level roofs as in the hierarchical roofline.
//
//   CTC (ops per byte) = ops / bytes crossing a level
//   attainable        = min(peak x utilisation, CTC x bandwidth) over every memory level
//   ridge point       = peak / bandwidth
//   time              = max(ops / (peak x utilisation), bytes_i / bandwidth_i for every level i)
//
// The bound is the roof that sets the time: 'compute', or the name of a memory level; 'utilization'
// when the compute roof binds and the array is less than LOW_UTILIZATION used (the ceiling lowered by
// unfilled lanes is what bounds it); 'none' for a layer with no work. Ties go to compute (a layer
// exactly at the ridge is compute-bound, as CTC >= ridge). The caller sets 'buffer' when no tile fits.
// Approximation: compute and every transfer overlap perfectly (time is their maximum, not their sum).

/** What bounds a layer: 'compute', 'utilization', 'buffer', 'none', or a memory level's name. */
export type Bound = 'compute' | 'utilization' | 'buffer' | 'none' | (string & {});

/** Below this utilisation a compute-bound layer is reported as bound by utilisation. */
export const LOW_UTILIZATION = 0.75;

export interface LevelTraffic {
  name: string;
  /** Bytes per second. */
  bandwidth: number;
  /** Bytes crossing the level. */
  traffic: number;
}

export interface Roof extends LevelTraffic {
  /** Ops per byte crossing this level; null when no byte crosses it. */
  ctc: number | null;
  /** CTC x bandwidth (ops/s); Infinity when no byte crosses it. */
  attainable: number;
  /** Seconds to move the level's traffic. */
  time: number;
}

export interface RooflineResult {
  /** Peak x utilisation (ops/s). */
  computeRoof: number;
  computeTime: number;
  roofs: Roof[];
  /** ops / time (ops/s); equals min(compute roof, every level's CTC x bandwidth). */
  attainable: number;
  time: number;
  bound: Bound;
}

/** Ops per byte; null when there are no bytes. */
export function ctc(ops: number, bytes: number): number | null {
  return bytes > 0 ? ops / bytes : null;
}

/** min(peak x utilisation, CTC x bandwidth). */
export function attainable(peak: number, util: number, ctcValue: number | null, bandwidth: number): number {
  const compute = peak * util;
  return ctcValue === null ? compute : Math.min(compute, ctcValue * bandwidth);
}

/** The CTC at which a roof's bandwidth line meets the compute roof (ops per byte). */
export function ridgePoint(peak: number, bandwidth: number): number {
  return bandwidth > 0 ? peak / bandwidth : Infinity;
}

export function roofline(input: { ops: number; peak: number; utilization?: number; levels: LevelTraffic[] }): RooflineResult {
  const util = input.utilization ?? 1;
  const computeRoof = input.peak * util;
  const ops = Math.max(0, input.ops);
  const computeTime = ops > 0 ? (computeRoof > 0 ? ops / computeRoof : Infinity) : 0;
  let time = computeTime;
  let bound: Bound = computeTime > 0 ? (util < LOW_UTILIZATION ? 'utilization' : 'compute') : 'none';
  const roofs: Roof[] = [];
  for (const level of input.levels) {
    const usable = level.bandwidth > 0 && Number.isFinite(level.bandwidth);
    const levelTime = usable ? level.traffic / level.bandwidth : 0;
    const c = ctc(ops, level.traffic);
    roofs.push({ name: level.name, bandwidth: level.bandwidth, traffic: level.traffic, ctc: c, attainable: c === null || !usable ? Infinity : c * level.bandwidth, time: levelTime });
    if (levelTime > time) {
      time = levelTime;
      bound = level.name;
    }
  }
  return { computeRoof, computeTime, roofs, attainable: time > 0 && Number.isFinite(time) ? ops / time : 0, time, bound };
}
