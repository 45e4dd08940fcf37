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
  const n = stages.length;
  const timeOf = (i: number) => stages[i].time;
  const producersOf = (i: number) => stages[i].producers;
  const lp = longestPath(n, timeOf, producersOf);
  const slack = slackOf(n, timeOf, producersOf, lp);
  return { length: lp.length, path: lp.path, earliestFinish: Array.from(lp.finish), slack, critical: criticalOf(slack, lp.length) };
}

/** The forward pass: each stage's earliest finish, the longest path's length and its stages. */
export interface LongestPath {
  length: number;
  path: number[];
  finish: Float64Array;
}

/** A producer a stage can depend on: an earlier stage (the evaluator's order); any other edge is ignored. */
function validProducer(p: number, i: number): boolean {
  return Number.isInteger(p) && p >= 0 && p < i;
}

/** The longest path of `n` stages given by their times and producers (no Stage objects made). */
export function longestPath(n: number, timeOf: (i: number) => number, producersOf: (i: number) => readonly number[]): LongestPath {
  const ef = new Float64Array(n);
  const via = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let start = 0;
    let from = -1;
    const producers = producersOf(i);
    for (let j = 0; j < producers.length; j++) {
      const p = producers[j];
      if (!validProducer(p, i)) continue;
      if (from < 0 || ef[p] > start) {
        start = ef[p];
        from = p;
      }
    }
    via[i] = from;
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
  const path: number[] = [];
  for (let i = last; i >= 0; i = via[i]) path.push(i);
  path.reverse();
  return { length, path, finish: ef };
}

/** Each stage's slack (latest finish - earliest finish), from the forward pass. */
export function slackOf(n: number, timeOf: (i: number) => number, producersOf: (i: number) => readonly number[], lp: LongestPath): number[] {
  // Latest finish: stages in reverse order, each final before its producers (which come earlier) read it.
  const lf = new Float64Array(n).fill(lp.length);
  for (let c = n - 1; c >= 0; c--) {
    const start = lf[c] - dur(timeOf(c));
    const producers = producersOf(c);
    for (let j = 0; j < producers.length; j++) {
      const p = producers[j];
      if (validProducer(p, c) && start < lf[p]) lf[p] = start;
    }
  }
  const slack = new Array<number>(n);
  for (let i = 0; i < n; i++) slack[i] = Math.max(0, lf[i] - lp.finish[i]);
  return slack;
}

/** Zero slack, within rounding of the path's length. */
export function criticalOf(slack: readonly number[], length: number): boolean[] {
  const eps = length * 1e-9;
  return slack.map((s) => s <= eps);
}
