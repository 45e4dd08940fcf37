// Peaks derived from the hardware: a systolic target with rows x cols PEs (x arrays) and a clock, and
// no published peak, runs one multiply-accumulate per PE a cycle at its own precision, so its peak is
// 2 x rows x cols x arrays x clock ops a second (1 MAC = 2 ops). The figure says so in its source
// ("derived: ..."). Used by the target builder (hardware blocks, target files), the SCALE-Sim config
// reader and the catalog.
import { formatQuantity } from './units';
import type { Sourced, Target } from './types';

/** 2 x rows x cols x arrays x clock, with the formula as its source. */
export function arrayPeak(rows: number, cols: number, arrays: number, clock: Sourced): Sourced {
  const value = 2 * rows * cols * arrays * clock.value;
  const arraysText = arrays > 1 ? ` x ${arrays} arrays` : '';
  return { value, source: `derived: 2 x systolic ${rows} x ${cols}${arraysText} x clock ${formatQuantity(clock.value, 'frequency')} (one MAC per PE a cycle)` };
}

/**
 * The target with a peak for its default precision derived from its systolic array and clock when it
 * has none (the same target otherwise).
 */
export function withArrayPeak(t: Target): Target {
  const s = t.systolic;
  if (!s || !t.clock || t.peak[t.defaultPrecision]) return t;
  return { ...t, peak: { ...t.peak, [t.defaultPrecision]: arrayPeak(s.rows, s.cols, s.arrays ?? 1, t.clock) } };
}
