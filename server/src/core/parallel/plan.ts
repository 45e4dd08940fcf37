// A parallel plan: how many devices a model runs on and how it is split over them.
//   tp     tensor parallel: the attention heads and the feed-forward network split column- and
//          row-wise over tp devices (Megatron-LM, Shoeybi et al., 2019)
//   pp     pipeline parallel: consecutive layers in pp stages, one a device (GPipe, Huang et al., 2019)
//   ep     expert parallel: the experts of a mixture spread over ep devices (GShard, Lepikhin et al., 2021)
//   dp     data parallel: dp replicas, each with its share of the batch (inference: no gradient all-reduce)
//   micro  micro-batches a pipeline splits the batch into (default: min(pp, batch))
// Devices = tp x pp x ep x dp. Written `tp=8 pp=2` in `use parallel`, the `roofline.parallel`
// setting and the panel; `--tp 8 --pp 2` on the command line. Pure; never throws.

export interface ParallelPlan {
  tp: number;
  pp: number;
  ep: number;
  dp: number;
  /** Micro-batches of a pipeline; absent: min(pp, batch). */
  micro?: number;
}

export const PLAN_KEYS = ['tp', 'pp', 'ep', 'dp', 'micro'] as const;
export type PlanKey = (typeof PLAN_KEYS)[number];

export const PLAN_KEY_WORDS: Record<PlanKey, string> = {
  tp: 'tensor parallel: attention heads and feed-forward split over N devices',
  pp: 'pipeline parallel: N stages of consecutive layers',
  ep: 'expert parallel: the experts of a mixture over N devices',
  dp: 'data parallel: N replicas, each with its share of the batch',
  micro: 'micro-batches of a pipeline (default: min(pp, batch))',
};

/** The plan of one device. */
export const SINGLE_DEVICE: Readonly<ParallelPlan> = Object.freeze({ tp: 1, pp: 1, ep: 1, dp: 1 });

/** Largest degree a plan takes in any dimension (a guard against typing 80000 by mistake). */
export const MAX_DEGREE = 4096;

export function devicesOf(plan: ParallelPlan): number {
  return plan.tp * plan.pp * plan.ep * plan.dp;
}

export function isSingleDevice(plan: ParallelPlan): boolean {
  return devicesOf(plan) === 1 && (plan.micro ?? 1) === 1;
}

/** `tp=8 pp=2`: the degrees other than 1, in a fixed order ('tp=1' for one device). */
export function planText(plan: ParallelPlan): string {
  const parts = PLAN_KEYS.filter((k) => k !== 'micro' && plan[k] !== 1).map((k) => `${k}=${plan[k]}`);
  if (plan.micro !== undefined) parts.push(`micro=${plan.micro}`);
  return parts.length > 0 ? parts.join(' ') : 'tp=1';
}

/** One problem of a plan's text: where (offsets in the text) and what. */
export interface PlanProblem {
  start: number;
  end: number;
  message: string;
}

export interface ParsedPlan {
  plan: ParallelPlan;
  problems: PlanProblem[];
}

/** A degree: a whole number from 1 to MAX_DEGREE, or a message. */
export function checkDegree(key: string, value: number): string | undefined {
  if (!Number.isInteger(value) || value < 1) return `${key} must be a whole number of at least 1, got ${value}`;
  if (value > MAX_DEGREE) return `${key}=${value} is more than ${MAX_DEGREE} devices`;
  return undefined;
}

/**
 * Reads `tp=8 pp=2` (pairs separated by spaces or commas; `tp 8` and `tp:8` are accepted too).
 * Unknown keys, bad numbers and repeated keys are problems located in the text; the plan keeps
 * what could be read (1 for the rest).
 */
export function parsePlan(text: string): ParsedPlan {
  const plan: ParallelPlan = { ...SINGLE_DEVICE };
  const problems: PlanProblem[] = [];
  const seen = new Set<string>();
  const re = /([A-Za-z_]\w*)\s*(?:[=:]\s*|\s+)(\S+?)(?=[\s,]|$)|(\S+?)(?=[\s,]|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[3] !== undefined) {
      problems.push({ start, end, message: `'${m[3]}' is not a setting of a plan: write key=N with key one of ${PLAN_KEYS.join(', ')} (e.g. tp=8 pp=2)` });
      continue;
    }
    const key = m[1].toLowerCase();
    if (!(PLAN_KEYS as readonly string[]).includes(key)) {
      problems.push({ start, end: start + m[1].length, message: `unknown plan setting '${m[1]}' (known: ${PLAN_KEYS.join(', ')})` });
      continue;
    }
    const value = Number(m[2]);
    const bad = Number.isFinite(value) ? checkDegree(key, value) : `${key} takes a whole number, got '${m[2]}'`;
    if (bad) {
      problems.push({ start, end, message: bad });
      continue;
    }
    if (seen.has(key)) problems.push({ start, end, message: `${key} is given twice; the last one counts` });
    seen.add(key);
    plan[key as PlanKey] = value;
  }
  return { plan, problems };
}
