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
import type { ModelParam } from './semantics/model';
import { pipelineRunTime } from './parallel/summary';
import { isPhase, PHASES, type Phase } from '../protocol/phases';

// The list of phases lives in protocol/phases.ts, which the settings and the panel share.
export { isPhase, PHASES, type Phase };

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

/** The features of a layer that takes no time of its own (not costed, or fused into another): read only. */
const NO_TIME: readonly number[] = Object.freeze([0]);

/** The slopes of a layer whose features do not change with the context (interpolatedSteps). */
const NO_SLOPE: readonly number[] = Object.freeze([]);

/** A layer's time as the roofline gives it: compute time and each memory level's transfer time. */
function features(c: CostedLayer | undefined): readonly number[] {
  if (!c || c.status !== 'ok' || c.fusedInto !== undefined) return NO_TIME;
  const roofs = c.roofs ?? [];
  const out = new Array<number>(roofs.length + 1);
  out[0] = c.ops !== undefined && c.computeRoof ? c.ops / c.computeRoof : 0;
  for (let j = 0; j < roofs.length; j++) out[j + 1] = roofs[j].time;
  return out;
}

/** Parts of attention whose counts are affine in the context by construction (attention.ts), and untiled. */
const AFFINE_PARTS = new Set(['qk', 'softmax', 'sv']);

/**
 * What a generation keeps of one model's decode step: its layers' names and roofline times, and
 * what its step time reads of the model. The rest of the step's analysis (a 70B model's is many
 * megabytes) is let go as soon as the step is evaluated, so that it is never copied from one
 * generation of the heap to the next while the other steps are evaluated.
 */
interface StepFigures {
  names: string[];
  /** features() of each layer. */
  features: (readonly number[])[];
  /** Whether each layer is a part of attention that is affine in the context by construction. */
  affine: boolean[];
  /** Each layer's producers (read only when the execution is not sequential). */
  producers: (readonly number[])[];
  execution: CostedModel['execution'];
  /** The pipeline of several micro-batches the step runs on, if any. */
  pipeline?: { stages: { first: number; last: number }[]; micro: number };
  /** The step's time (totals.time). */
  time: number;
}

/** Each model's time of a step (undefined for a model with no costs), as stepFigures gives it. */
function stepTimes(a: RooflineAnalysis): (number | undefined)[] {
  return a.models.map((_, i) => a.costs[i]?.totals.time);
}

/** The figures a generation keeps of each model of a step (undefined for a model with no costs). */
function stepFigures(a: RooflineAnalysis): (StepFigures | undefined)[] {
  return a.models.map((model, i): StepFigures | undefined => {
    const cost = a.costs[i];
    if (!cost) return undefined;
    const p = model.parallel;
    const out: StepFigures = {
      names: cost.layers.map((l) => l.name),
      features: cost.layers.map(features),
      affine: model.layers.map((l) => !l.dims && l.part !== undefined && AFFINE_PARTS.has(l.part.name)),
      producers: cost.execution === 'sequential' ? [] : model.layers.map((l) => l.producers),
      execution: cost.execution,
      time: cost.totals.time,
    };
    if (p && p.plan.pp > 1 && p.plan.micro > 1) out.pipeline = { stages: p.stages.map((s) => ({ first: s.first, last: s.last })), micro: p.plan.micro };
    return out;
  });
}

/** True when a layer's features differ between two steps (or are not finite numbers: no slope of 0 assumed). */
function changes(f: readonly number[], g: readonly number[]): boolean {
  for (let j = 0; j < f.length; j++) if (f[j] !== g[j] || !Number.isFinite(f[j])) return true;
  return false;
}

function sameShape(a: StepFigures, b: StepFigures): boolean {
  return a.names.length === b.names.length && a.names.every((n, i) => n === b.names[i]);
}

/** Seconds of one step from its layers' times: their sum, or the critical path (pipelined, dataflow). */
function stepTime(step: StepFigures, times: number[]): number {
  if (step.execution === 'sequential') return times.reduce((s, t) => s + t, 0);
  return longestPath(times.length, (i) => times[i], (i) => step.producers[i]).length;
}

/**
 * The summed time of the decode steps at contexts first..last, from the first and last steps, and
 * a middle one when a layer other than attention's QK^T, softmax and scores x V changes with the
 * context; undefined when the steps are not affine.
 */
function interpolatedSteps(first: number, last: number, sa: StepFigures | undefined, sb: StepFigures | undefined, middle: (() => { context: number; figures: (StepFigures | undefined)[] }) | undefined, index: number): number | undefined {
  if (!sa || !sb || !sameShape(sa, sb)) return undefined;
  const fa = sa.features;
  const fb = sb.features;
  if (fa.some((f, i) => f.length !== fb[i].length)) return undefined;
  const at = (t: number, i: number): readonly number[] => (last === first ? fa[i] : fa[i].map((x, j) => x + ((fb[i][j] - x) * (t - first)) / (last - first)));
  const byConstruction = (i: number) => sa.affine[i] === true;
  const mid = middle && fa.some((f, i) => f.some((x, j) => x !== fb[i][j]) && !byConstruction(i)) ? middle() : undefined;
  if (mid) {
    const sm = mid.figures[index];
    if (!sm || !sameShape(sa, sm)) return undefined;
    const fm = sm.features;
    for (let i = 0; i < fm.length; i++) {
      const want = at(mid.context, i);
      if (fm[i].length !== want.length || fm[i].some((x, j) => Math.abs(x - want[j]) > 1e-9 * Math.max(Math.abs(x), 1e-12))) return undefined;
    }
  }
  // Each layer's time at context t: the largest of its compute and transfer times, each affine in t.
  // A layer whose finite features are the same at both ends has slopes of 0 (shared, not made).
  const slope: (readonly number[])[] = new Array(fa.length);
  for (let i = 0; i < fa.length; i++) slope[i] = last !== first && changes(fa[i], fb[i]) ? fa[i].map((x, j) => (fb[i][j] - x) / (last - first)) : NO_SLOPE;
  const timeAt = (i: number, t: number): number => {
    let m = 0;
    const f = fa[i];
    const s = slope[i];
    if (s === NO_SLOPE) {
      for (let j = 0; j < f.length; j++) if (f[j] > m) m = f[j];
      return m;
    }
    for (let j = 0; j < f.length; j++) {
      const x = f[j] + s[j] * (t - first);
      if (x > m) m = x;
    }
    return m;
  };
  // Whether each layer's time changes with the context (a slope not all 0), tested once.
  const varies: boolean[] = slope.map((s) => s !== NO_SLOPE && s.some((x) => x !== 0));
  const varying: number[] = [];
  for (let i = 0; i < varies.length; i++) if (varies[i]) varying.push(i);
  let sum = 0;
  // A pipeline of several micro-batches (a parallel plan): each step takes the stages' run time.
  const p = sa.pipeline;
  if (sa.execution === 'sequential' && p) {
    const stageTimes = p.stages.map(() => 0);
    for (let t = first; t <= last; t++) {
      p.stages.forEach((s, k) => {
        let st = 0;
        for (let i = s.first; i <= s.last; i++) st += timeAt(i, t);
        stageTimes[k] = st;
      });
      sum += pipelineRunTime(stageTimes, p.micro);
    }
    return sum;
  }
  if (sa.execution === 'sequential') {
    // The layers whose figures do not depend on the context once, the others at every step.
    let constant = 0;
    for (let i = 0; i < fa.length; i++) if (!varies[i]) constant += timeAt(i, first);
    for (let t = first; t <= last; t++) {
      sum += constant;
      for (const i of varying) sum += timeAt(i, t);
    }
    return sum;
  }
  const times = fa.map((_, i) => timeAt(i, first));
  for (let t = first; t <= last; t++) {
    for (const i of varying) times[i] = timeAt(i, t);
    sum += stepTime(sa, times);
  }
  return sum;
}

export interface GenerationResult {
  /** The analysis reported: the last decode step (the prefill when new = 1). */
  analysis: RooflineAnalysis;
  /** One per model of the file (undefined for a model with no costs). */
  generations: (Generation | undefined)[];
}

/** What a generation keeps of its prefill, per model: the time to first token, the batch and the activations. */
interface PrefillFigures {
  /** The prefill's time (undefined for a model with no costs). */
  ttft: number | undefined;
  batch: number;
  activationBytes: number;
}

/**
 * A whole generation: the prefill of `prompt` tokens, then `newTokens` - 1 decode steps. Of every
 * analysis but the one reported, only the figures the generation reads are kept (see StepFigures).
 */
export function generate(evaluate: Evaluate, prompt: number, newTokens: number): GenerationResult {
  const steps = newTokens - 1;
  if (steps < 1) {
    const analysis = evaluate({ seq: prompt, context: prompt });
    return { analysis, generations: generations(prefillFigures(analysis), [], prompt, newTokens, 0, 'interpolated') };
  }
  const prefill = prefillFigures(evaluate({ seq: prompt, context: prompt }));
  const first = prompt + 1;
  const last = prompt + steps;
  let method: Generation['method'] = 'interpolated';
  const decode = (t: number) => evaluate({ seq: 1, context: t });
  const { a, analysis } = firstAndLast(decode, first, last);
  const b = last === first ? a : stepFigures(analysis);
  let mid: { context: number; figures: (StepFigures | undefined)[] } | undefined;
  const middle = steps >= 3 ? () => (mid ??= { context: first + Math.floor(steps / 2), figures: stepFigures(decode(first + Math.floor(steps / 2))) }) : undefined;
  let sums: (number | undefined)[] = prefill.map((_, i) => interpolatedSteps(first, last, a[i], b[i], middle, i));
  if (sums.some((s, i) => s === undefined && a[i] !== undefined)) {
    method = 'every step';
    sums = prefill.map(() => 0);
    for (let t = first; t <= last; t++) {
      // Only each model's time is read of a step in between: no figures of its layers are kept.
      const times = t === first ? a.map((c) => c?.time) : t === last ? b.map((c) => c?.time) : stepTimes(decode(t));
      times.forEach((time, i) => (sums[i] = (sums[i] ?? 0) + (time ?? 0)));
    }
  }
  // The memory the run needs at once: the reported step's weights and cache, the larger activations.
  analysis.models.forEach((m, i) => {
    const p = prefill[i];
    if (p) m.totals.activationBytes = Math.max(m.totals.activationBytes, p.activationBytes);
  });
  return { analysis, generations: generations(prefill, sums, prompt, newTokens, steps, method) };
}

/** The first decode step's figures, and the analysis reported: the last step's (the first's when it is the only one). */
function firstAndLast(decode: (context: number) => RooflineAnalysis, first: number, last: number): { a: (StepFigures | undefined)[]; analysis: RooflineAnalysis } {
  if (last === first) {
    const analysis = decode(first);
    return { a: stepFigures(analysis), analysis };
  }
  const a = stepFigures(decode(first));
  return { a, analysis: decode(last) };
}

function prefillFigures(a: RooflineAnalysis): PrefillFigures[] {
  return a.models.map((m, i) => ({ ttft: a.costs[i]?.totals.time, batch: batchOf(m), activationBytes: m.totals.activationBytes }));
}

/** Each model's generation from its prefill and the summed time of its decode steps. */
function generations(prefill: PrefillFigures[], sums: (number | undefined)[], prompt: number, newTokens: number, steps: number, method: Generation['method']): (Generation | undefined)[] {
  const first = prompt + 1;
  const last = prompt + steps;
  return prefill.map(({ ttft, batch }, i): Generation | undefined => {
    const sum = steps > 0 ? sums[i] : 0;
    if (ttft === undefined || sum === undefined) return undefined;
    const tpot = steps > 0 ? sum / steps : 0;
    const total = ttft + sum;
    return { prompt, new: newTokens, ttft, tpot, total, tokensPerSecond: total > 0 ? (batch * newTokens) / total : 0, batch, decodeContexts: steps > 0 ? [first, last] : [], method };
  });
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
