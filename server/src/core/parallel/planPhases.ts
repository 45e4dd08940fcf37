// `roofline plan` for one model of a file: the phases a plan is judged on and the search over them.
// A language model (one with attention) is judged on a generation of `prompt` tokens and `new`
// more, as `--phase generate` runs it (phases.ts): time to first token (TTFT) is the prefill of the
// prompt; time per output token (TPOT) the mean of the decode steps over contexts prompt + 1 ..
// prompt + new - 1, which is one step at their mean context prompt + new / 2 when each layer's time
// is affine in the context (decode layers bound by memory or by a link stay so over a generation;
// test/parallelPlanCommand.test.ts checks it against --phase generate); tokens/s = batch x new /
// (TTFT + (new - 1) x TPOT). Memory holds the KV cache of the last step, prompt + new - 1 positions.
// Any other model is judged on one run at its params as written, and its throughput is samples/s.
import type { Target } from '../hardware/types';
import type { RooflineAnalysis } from '../roofline';
import type { ModelResult } from '../semantics/model';
import { deviceCapacity } from '../semantics/deviceBytes';
import { batchOf } from '../report/throughput';
import { DEFAULT_NEW_TOKENS } from '../phases';
import { searchPlans, type PlanCandidate, type PlanSearch, type SearchOptions } from './search';

/** One analysis of the file at some parameter overrides (the user's own applied under them). */
export type EvaluateParams = (params: Record<string, number>) => RooflineAnalysis;

export interface PlanRequest {
  /** Which model of the file (default: the first). */
  model?: string;
  /** Prompt tokens (default: the model's `context`) and new tokens (default 128). */
  prompt?: number;
  newTokens?: number;
  /** Largest number of devices (default 8). */
  budget?: number;
  /** Plan dimensions searched (default: tp, pp and ep for a mixture of experts, tp, pp and dp otherwise). */
  dimensions?: SearchOptions['dimensions'];
}

export interface PlanFigures {
  /** Language model: TTFT, TPOT (s), tokens/s of the generation. */
  ttft?: number;
  tpot?: number;
  tokensPerSecond?: number;
  /** Any model: seconds a run of the batch, samples/s. */
  time?: number;
  samplesPerSecond?: number;
  /** Communication's share of the time, by phase. */
  communication: Record<string, number>;
}

export interface PlanReport {
  model: string;
  target: string;
  /** The device's memory, when the target gives it. */
  capacity?: number;
  batch: number;
  budget: number;
  /** Language model: the generation judged on. */
  prompt?: number;
  newTokens?: number;
  language: boolean;
  search: PlanSearch;
  /** Figures of each candidate, in the order of search.candidates. */
  figures: PlanFigures[];
  problems: string[];
}

/** The figures of one candidate. */
export function planFigures(c: PlanCandidate, language: boolean, batch: number, newTokens: number): PlanFigures {
  const communication: Record<string, number> = {};
  for (const [phase, f] of Object.entries(c.phases)) communication[phase] = f.latency > 0 ? f.communication / f.latency : 0;
  if (language) {
    const ttft = c.phases.prefill?.time ?? NaN;
    const tpot = c.phases.decode?.time ?? NaN;
    const total = ttft + (newTokens - 1) * tpot;
    return { ttft, tpot, tokensPerSecond: total > 0 ? (batch * newTokens) / total : 0, communication };
  }
  const time = c.phases.run?.time ?? NaN;
  return { time, samplesPerSecond: time > 0 ? batch / time : 0, communication };
}

/** Every plan within the budget for one model of the file, judged on a generation or a run. */
export function planReport(evaluate: EvaluateParams, base: RooflineAnalysis, request: PlanRequest, options: Omit<SearchOptions, 'budget'> = {}): PlanReport | { error: string } {
  const index = request.model ? base.models.findIndex((m) => m.name === request.model) : 0;
  const model = base.models[index];
  const target: Target | undefined = base.chosen?.target;
  if (!model) return { error: 'the file has no model' };
  if (!target) return { error: base.targetProblem ?? 'no target' };
  const language = model.layers.some((l) => l.part);
  const budget = Math.max(1, Math.floor(request.budget ?? 8));
  const batch = batchOf(model);
  const pick = (a: RooflineAnalysis): ModelResult | undefined => a.models.find((m) => m.name === model.name) ?? a.models[index];
  const out: PlanReport = { model: model.name, target: target.name, batch, budget, language, search: { candidates: [], fastest: {}, problems: [] }, figures: [], problems: [] };
  const capacity = deviceCapacity(target);
  if (capacity !== undefined) out.capacity = capacity;
  let phases: Record<string, { model: ModelResult; kvScale: number }>;
  const newTokens = request.newTokens ?? DEFAULT_NEW_TOKENS;
  if (language) {
    const own = model.params.find((p) => p.name === 'context')?.value;
    const prompt = request.prompt ?? own ?? model.params.find((p) => p.name === 'seq')?.value ?? 1;
    const mean = prompt + Math.floor(newTokens / 2);
    const last = prompt + newTokens - 1;
    const prefill = pick(evaluate({ seq: prompt, context: prompt }));
    const decode = pick(evaluate({ seq: 1, context: mean }));
    if (!prefill || !decode) return { error: `model ${model.name} could not be evaluated at seq and context (it needs both parameters)` };
    phases = { prefill: { model: prefill, kvScale: 1 }, decode: { model: decode, kvScale: mean > 0 ? last / mean : 1 } };
    out.prompt = prompt;
    out.newTokens = newTokens;
  } else {
    phases = { run: { model, kvScale: 1 } };
  }
  out.search = searchPlans(phases, target, { ...options, budget, ...(request.dimensions ? { dimensions: request.dimensions } : {}) });
  out.figures = out.search.candidates.map((c) => planFigures(c, language, batch, newTokens));
  out.problems = out.search.problems;
  return out;
}
