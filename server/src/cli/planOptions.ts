// The parallel plan on the command line: `--tp N --pp N --ep N --dp N --micro N`, each a whole
// number of at least 1; together the plan that overrides a file's `use parallel` (the core's
// parallel/plan.ts gives the words and the checks).
import type { OptionSpec, ParsedArgs } from './args';
import { option, UsageError } from './args';
import { checkDegree, PLAN_KEYS, PLAN_KEY_WORDS, SINGLE_DEVICE, type ParallelPlan } from './core';

export const PLAN_OPTIONS: OptionSpec[] = PLAN_KEYS.map((k) => ({ name: k, value: true, placeholder: 'N', help: `${PLAN_KEY_WORDS[k]} (overrides 'use parallel')` }));

/** The plan the options give, or undefined when none is given. */
export function planOption(args: ParsedArgs): ParallelPlan | undefined {
  if (!PLAN_KEYS.some((k) => option(args, k) !== undefined)) return undefined;
  const plan: ParallelPlan = { ...SINGLE_DEVICE };
  for (const k of PLAN_KEYS) {
    const text = option(args, k);
    if (text === undefined) continue;
    const value = Number(text);
    const bad = /^\d+$/.test(text.trim()) ? checkDegree(k, value) : `--${k} takes a whole number, got '${text}'`;
    if (bad) throw new UsageError(bad.startsWith('--') ? bad : `--${bad}`);
    plan[k] = value;
  }
  return plan;
}
