// Timing helpers for benchmarks: run a function repeatedly and report the median and spread.

export interface Timing {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function time(fn: () => void, runs: number, warmup = 3): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples[samples.length - 1], runs };
}

export function fmtTiming(label: string, t: Timing, aim?: number): string {
  const verdict = aim === undefined ? '' : t.median <= aim ? `  (aim < ${aim} ms: met)` : `  (aim < ${aim} ms: NOT met)`;
  return `${label.padEnd(58)} median ${t.median.toFixed(2).padStart(8)} ms  min ${t.min.toFixed(2)}  max ${t.max.toFixed(2)}  n=${t.runs}${verdict}`;
}

/** Median CPU time (user + system) of `fn` in ms: on a loaded machine, closer to the work than wall time. */
export function cpuMedian(fn: () => void, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    samples.push((c.user + c.system) / 1e3);
  }
  samples.sort((x, y) => x - y);
  return samples[Math.floor(runs / 2)];
}
