// Execution models. Source: cost-model.md ("Execution models"); the critical path is the classic
// longest path of a task graph (CPM), here over the layers' producer edges.
//
// - sequential: one engine runs layer after layer: model time = the sum of the layer times.
// - pipelined: one stage per layer (layer-pipelined dataflow): a new input every `interval` = the
//   slowest stage; every other stage has slack = interval - its time, and speeding it up gains
//   nothing. Latency = the critical path (an input passes through the stages; branches in parallel).
// - critical path, for any graph with branches: earliest finish EF(i) = t(i) + max EF(producers);
//   the model's length is the largest EF; latest finish LF(i) = min over consumers of LF(c) - t(c)
//   (the length for a layer nothing consumes); slack(i) = LF(i) - EF(i). A layer with slack is off
//   the critical path: making it faster leaves the model time unchanged (when branches run
//   concurrently, the 'dataflow' model of analyzeCost).
// Approximation: no contention between concurrent branches; producer indices must precede the layer
// (the evaluator's order); any other edge is ignored.

export interface Stage {
  /** Seconds. */
  time: number;
  /** Indices of the stages whose outputs this one reads. */
  producers: number[];
}

export interface Pipelined {
  /** Seconds between inputs: the slowest stage. */
  interval: number;
  /** Inputs per second (0 when no stage takes time). */
  throughput: number;
  /** Index of the slowest stage (-1 when there is none). */
  slowest: number;
  /** interval - time, per stage. */
  slack: number[];
}

export interface CriticalPath {
  /** Seconds: the longest path. */
  length: number;
  /** Stage indices on one longest path, first to last. */
  path: number[];
  earliestFinish: number[];
  slack: number[];
  /** Zero slack (within rounding). */
  critical: boolean[];
}

/** A usable duration: negative, NaN or infinite times count as 0. */
function dur(t: number): number {
  return Number.isFinite(t) && t > 0 ? t : 0;
}

export function sequentialTime(times: number[]): number {
  let t = 0;
  for (const x of times) t += dur(x);
  return t;
}

export function pipelined(times: number[]): Pipelined {
  let interval = 0;
  let slowest = -1;
  for (let i = 0; i < times.length; i++) {
    if (dur(times[i]) > interval) {
      interval = dur(times[i]);
      slowest = i;
    }
  }
  return { interval, throughput: interval > 0 ? 1 / interval : 0, slowest, slack: times.map((t) => interval - dur(t)) };
}

export function criticalPath(stages: Stage[]): CriticalPath {
  return longestPath(stages.length, (i) => stages[i].time, (i) => stages[i].producers);
}

/** The critical path of `n` stages given by their times and producers (no Stage objects made). */
export function longestPath(n: number, timeOf: (i: number) => number, producersOf: (i: number) => readonly number[]): CriticalPath {
  const ef = new Array<number>(n).fill(0);
  const via = new Array<number>(n).fill(-1);
  const valid = (p: number, i: number) => Number.isInteger(p) && p >= 0 && p < i;
  for (let i = 0; i < n; i++) {
    let start = 0;
    for (const p of producersOf(i)) {
      if (!valid(p, i)) continue;
      if (via[i] < 0 || ef[p] > start) {
        start = ef[p];
        via[i] = p;
      }
    }
    ef[i] = start + dur(timeOf(i));
  }
  let length = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (last < 0 || ef[i] > length) {
      length = ef[i];
      last = i;
    }
  }
  // Latest finish: stages in reverse order, each final before its producers (which come earlier) read it.
  const lf = new Array<number>(n).fill(length);
  for (let c = n - 1; c >= 0; c--) {
    const start = lf[c] - dur(timeOf(c));
    for (const p of producersOf(c)) if (valid(p, c) && start < lf[p]) lf[p] = start;
  }
  const eps = length * 1e-9;
  const slack = ef.map((e, i) => Math.max(0, lf[i] - e));
  const path: number[] = [];
  for (let i = last; i >= 0; i = via[i]) path.push(i);
  path.reverse();
  return { length, path, earliestFinish: ef, slack, critical: slack.map((s) => s <= eps) };
}
