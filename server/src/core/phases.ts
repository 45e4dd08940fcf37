// The phases of a language model's inference, and a whole generation. A phase sets the model
// parameters `seq` (the new tokens of this step) and `context` (the positions attended, the KV cache
// included), so any model written with those two parameters (examples/llama2_7b.nnm, the Hugging
// Face and GGUF importers' models) runs in every phase:
//   prefill   the prompt of P tokens at once: seq = context = P (P: --prompt, else the model's
//             `context`; a model without `context`, an encoder, only takes seq = P);
//   decode    one new token: seq = 1, and context = P + 1 after a prompt of P tokens (--prompt),
//             else the model's `context` as written;
//   generate  a prompt of P tokens, then N new ones (--prompt P --new N). The first token comes out
//             of the prefill: time to first token (TTFT) = the prefill's time. Each of the other
//             N - 1 tokens is a decode step over a growing context, P + 1 ... P + N - 1: time per
//             output token (TPOT) = their mean; total = TTFT + (N - 1) x TPOT; tokens/s = batch x N
//             / total. The layers reported are those of the last decode step (the largest cache).
//
// Decode steps are not all evaluated: every layer's time is the largest of its compute time and its
// memory levels' transfer times (roofline.ts), and the counts of every operator are affine in the
// context (attention reads and scores K and V of `context` positions; nothing else depends on it).
// So the steps at the first and the last context give every step exactly, by interpolating each
// layer's compute time and transfer times and taking their maximum. Attention's QK^T, softmax and
// scores x V are affine by construction (untiled, attention.ts); when another layer changes with
// the context (a user's own), a third step, in the middle, checks it, and a model whose layers are
// not affine is evaluated at every step instead. Pure; never throws.
import { batchOf } from './report/throughput';
import { longestPath } from './cost/execution';
import { diag } from './diagnostics/catalogue';
import type { CostedLayer, CostedModel } from './cost/types';
import type { RooflineAnalysis } from './roofline';
import type { ModelParam, ModelResult } from './semantics/model';
import { pipelineRunTime } from './parallel/summary';

export const PHASES = ['prefill', 'decode', 'generate'] as const;
export type Phase = (typeof PHASES)[number];

export function isPhase(v: unknown): v is Phase {
  return typeof v === 'string' && (PHASES as readonly string[]).includes(v);
}

export interface PhaseOptions {
  phase: Phase;
  /** Prompt tokens P (prefill, decode, generate); default: the model's `context`. */
  prompt?: number;
  /** New tokens N (generate); default DEFAULT_NEW_TOKENS. */
  newTokens?: number;
}

/** New tokens of a generation when none are given. */
export const DEFAULT_NEW_TOKENS = 128;

/** A whole generation of one model: the JSON report's `generation`. Times in seconds. */
export interface Generation {
  prompt: number;
  new: number;
  /** Time to first token: the prefill of the prompt. */
  ttft: number;
  /** Time per output token: the mean decode step (0 when new = 1: no decode step). */
  tpot: number;
  total: number;
  /** batch x new / total. */
  tokensPerSecond: number;
  batch: number;
  /** The contexts of the first and last decode steps (empty when new = 1). */
  decodeContexts: number[];
  /** 'interpolated': the steps from the first, middle and last (exact, see the header); 'every step'. */
  method: 'interpolated' | 'every step';
}

/** The parameter overrides of a phase (given the model's own parameter values). */
export function phaseParams(phase: Phase, prompt: number | undefined, own: ReadonlyMap<string, number>): Record<string, number> {
  const context = own.get('context');
  switch (phase) {
    case 'prefill': {
      const p = prompt ?? context ?? own.get('seq') ?? 1;
      return context !== undefined ? { seq: p, context: p } : { seq: p };
    }
    case 'decode':
      return prompt !== undefined ? { seq: 1, context: prompt + 1 } : { seq: 1 };
    case 'generate':
      return { seq: prompt ?? context ?? 1, context: prompt ?? context ?? 1 };
  }
}

/** One evaluation of the file at some parameter values. */
export type Evaluate = (params: Record<string, number>) => RooflineAnalysis;

/** A layer's time as the roofline gives it: compute time and each memory level's transfer time. */
function features(c: CostedLayer | undefined): number[] {
  if (!c || c.status !== 'ok' || c.fusedInto !== undefined) return [0];
  const compute = c.ops !== undefined && c.computeRoof ? c.ops / c.computeRoof : 0;
  return [compute, ...(c.roofs ?? []).map((r) => r.time)];
}

function sameShape(a: CostedModel, b: CostedModel): boolean {
  return a.layers.length === b.layers.length && a.layers.every((l, i) => l.name === b.layers[i].name);
}

/** Seconds of one step from its layers' times: their sum, or the critical path (pipelined, dataflow). */
function stepTime(model: ModelResult, cost: CostedModel, times: number[]): number {
  if (cost.execution === 'sequential') return times.reduce((s, t) => s + t, 0);
  return longestPath(times.length, (i) => times[i], (i) => model.layers[i].producers).length;
}

/** Parts of attention whose counts are affine in the context by construction (attention.ts), and untiled. */
const AFFINE_PARTS = new Set(['qk', 'softmax', 'sv']);

/**
 * The summed time of the decode steps at contexts first..last, from the first and last steps, and
 * a middle one when a layer other than attention's QK^T, softmax and scores x V changes with the
 * context; undefined when the steps are not affine.
 */
function interpolatedSteps(first: number, last: number, a: RooflineAnalysis, b: RooflineAnalysis, middle: (() => { context: number; analysis: RooflineAnalysis }) | undefined, index: number): number | undefined {
  const ca = a.costs[index];
  const cb = b.costs[index];
  const model = a.models[index];
  if (!ca || !cb || !model || !sameShape(ca, cb)) return undefined;
  const fa = ca.layers.map(features);
  const fb = cb.layers.map(features);
  if (fa.some((f, i) => f.length !== fb[i].length)) return undefined;
  const at = (t: number, i: number): number[] => (last === first ? fa[i] : fa[i].map((x, j) => x + ((fb[i][j] - x) * (t - first)) / (last - first)));
  const byConstruction = (i: number) => {
    const l = model.layers[i];
    return l !== undefined && !l.dims && l.part !== undefined && AFFINE_PARTS.has(l.part.name);
  };
  const mid = middle && fa.some((f, i) => f.some((x, j) => x !== fb[i][j]) && !byConstruction(i)) ? middle() : undefined;
  if (mid) {
    const cm = mid.analysis.costs[index];
    if (!cm || !sameShape(ca, cm)) return undefined;
    const fm = cm.layers.map(features);
    for (let i = 0; i < fm.length; i++) {
      const want = at(mid.context, i);
      if (fm[i].length !== want.length || fm[i].some((x, j) => Math.abs(x - want[j]) > 1e-9 * Math.max(Math.abs(x), 1e-12))) return undefined;
    }
  }
  // Each layer's time at context t: the largest of its compute and transfer times, each affine in t.
  const slope = fa.map((f, i) => f.map((x, j) => (last === first ? 0 : (fb[i][j] - x) / (last - first))));
  const timeAt = (i: number, t: number): number => {
    let m = 0;
    const f = fa[i];
    const s = slope[i];
    for (let j = 0; j < f.length; j++) {
      const x = f[j] + s[j] * (t - first);
      if (x > m) m = x;
    }
    return m;
  };
  const varying = slope.map((s, i) => (s.some((x) => x !== 0) ? i : -1)).filter((i) => i >= 0);
  let sum = 0;
  // A pipeline of several micro-batches (a parallel plan): each step takes the stages' run time.
  const p = model.parallel;
  if (ca.execution === 'sequential' && p && p.plan.pp > 1 && p.plan.micro > 1) {
    const stageTimes = p.stages.map(() => 0);
    for (let t = first; t <= last; t++) {
      p.stages.forEach((s, k) => {
        let st = 0;
        for (let i = s.first; i <= s.last; i++) st += timeAt(i, t);
        stageTimes[k] = st;
      });
      sum += pipelineRunTime(stageTimes, p.plan.micro);
    }
    return sum;
  }
  if (ca.execution === 'sequential') {
    // The layers whose figures do not depend on the context once, the others at every step.
    let constant = 0;
    for (let i = 0; i < fa.length; i++) if (!slope[i].some((x) => x !== 0)) constant += timeAt(i, first);
    for (let t = first; t <= last; t++) {
      sum += constant;
      for (const i of varying) sum += timeAt(i, t);
    }
    return sum;
  }
  const times = fa.map((_, i) => timeAt(i, first));
  for (let t = first; t <= last; t++) {
    for (const i of varying) times[i] = timeAt(i, t);
    sum += stepTime(model, ca, times);
  }
  return sum;
}

export interface GenerationResult {
  /** The analysis reported: the last decode step (the prefill when new = 1). */
  analysis: RooflineAnalysis;
  /** One per model of the file (undefined for a model with no costs). */
  generations: (Generation | undefined)[];
}

/** A whole generation: the prefill of `prompt` tokens, then `newTokens` - 1 decode steps. */
export function generate(evaluate: Evaluate, prompt: number, newTokens: number): GenerationResult {
  const prefill = evaluate({ seq: prompt, context: prompt });
  const steps = newTokens - 1;
  const first = prompt + 1;
  const last = prompt + steps;
  let method: Generation['method'] = 'interpolated';
  let reported = prefill;
  const sums: (number | undefined)[] = prefill.models.map(() => 0);
  if (steps >= 1) {
    const decode = (t: number) => evaluate({ seq: 1, context: t });
    const a = decode(first);
    const b = steps >= 2 ? decode(last) : a;
    let mid: { context: number; analysis: RooflineAnalysis } | undefined;
    const middle = steps >= 3 ? () => (mid ??= { context: first + Math.floor(steps / 2), analysis: decode(first + Math.floor(steps / 2)) }) : undefined;
    reported = b;
    for (let i = 0; i < sums.length; i++) sums[i] = interpolatedSteps(first, last, a, b, middle, i);
    if (sums.some((s, i) => s === undefined && a.costs[i] !== undefined)) {
      method = 'every step';
      for (let i = 0; i < sums.length; i++) sums[i] = 0;
      for (let t = first; t <= last; t++) {
        const step = t === first ? a : t === last ? b : decode(t);
        step.costs.forEach((c, i) => (sums[i] = (sums[i] ?? 0) + c.totals.time));
      }
    }
  }
  const generations = prefill.models.map((m, i): Generation | undefined => {
    const cost = prefill.costs[i];
    const sum = sums[i];
    if (!cost || sum === undefined) return undefined;
    const batch = batchOf(m);
    const ttft = cost.totals.time;
    const tpot = steps > 0 ? sum / steps : 0;
    const total = ttft + sum;
    return { prompt, new: newTokens, ttft, tpot, total, tokensPerSecond: total > 0 ? (batch * newTokens) / total : 0, batch, decodeContexts: steps > 0 ? [first, last] : [], method };
  });
  // The memory the run needs at once: the reported step's weights and cache, the larger activations.
  if (reported !== prefill) {
    reported.models.forEach((m, i) => {
      const p = prefill.models[i];
      if (p) m.totals.activationBytes = Math.max(m.totals.activationBytes, p.totals.activationBytes);
    });
  }
  return { analysis: reported, generations };
}

/** What an analysis in a phase records: the phase, its prompt and new tokens, the parameters set. */
export interface PhaseInfo {
  phase: Phase;
  prompt?: number;
  newTokens?: number;
  /** The parameter overrides the phase applied (with the user's own). */
  params: Record<string, number>;
}

/**
 * The analysis of a file in a phase. `run(params)` analyses and costs the file with those
 * parameter overrides (the user's own applied under them). A model that a decode or a generation
 * needs `context` for and that has none gets RL221 at its name.
 */
export function analyzePhase(
  run: Evaluate,
  options: PhaseOptions,
  userParams: Record<string, number> = {},
  ownParams: (params: Record<string, number>) => readonly ModelParam[] = (p) => run(p).models[0]?.params ?? [],
): { analysis: RooflineAnalysis; phase: PhaseInfo; generations?: (Generation | undefined)[] } {
  const withUser = (p: Record<string, number>) => run({ ...userParams, ...p });
  // The model's own parameter values (`ownParams`: an evaluation, no costing), when the phase needs
  // them: a prefill (whose `context` is set only where the model has one), or a generation with no
  // prompt given (phaseParams reads nothing else).
  let own: ReadonlyMap<string, number> = new Map();
  if (options.phase === 'prefill' || (options.phase === 'generate' && options.prompt === undefined)) {
    own = new Map(ownParams(userParams).map((p) => [p.name, p.value]));
  }
  const params = phaseParams(options.phase, options.prompt, own);
  const info: PhaseInfo = { phase: options.phase, params };
  if (options.prompt !== undefined) info.prompt = options.prompt;
  if (options.phase !== 'generate') {
    const analysis = withUser(params);
    if (options.phase === 'decode' && params.context === undefined) noContext(analysis, 'decode');
    return { analysis, phase: info };
  }
  const prompt = params.seq;
  const newTokens = options.newTokens ?? DEFAULT_NEW_TOKENS;
  info.prompt = prompt;
  info.newTokens = newTokens;
  const g = generate(withUser, prompt, newTokens);
  return { analysis: g.analysis, phase: info, generations: g.generations };
}

/**
 * RL221 on the models that have no `context` parameter, which a decode step needs (where the phase
 * sets `context` itself, the evaluator's RL209 already says that the model has none).
 */
function noContext(a: RooflineAnalysis, phase: Phase): void {
  for (const m of a.models) {
    if (m.params.some((p) => p.name === 'context')) continue;
    a.diagnostics.push(diag('RL221', m.nameSpan, `the ${phase} phase needs the parameter 'context' (the positions attended, the KV cache included): model ${m.name} has ${m.params.map((p) => p.name).join(', ') || 'no parameters'}`));
  }
  a.diagnostics.sort((x, y) => x.span.start - y.span.start || x.span.end - y.span.end);
}
