// `roofline unroll FILE [--target T] [--lanes N] [--format json]`: the single unroll (Tm, Tn) within
// the lane budget that minimises the model's total conv cycles (Zhang et al., FPGA 2015).
import { choiceOption, countOption, parseCommand, UsageError, type CommandSpec } from './args';
import { formatCount, unrollSearchModel } from './core';
import type { CliIO } from './io';
import { loadOneModel, MODEL_OPTIONS } from './loadModel';

export const UNROLL_COMMAND: CommandSpec = {
  name: 'unroll',
  usage: 'usage: roofline unroll FILE [--target NAME|FILE] [--lanes N] [--format table|json] [options]',
  summary: "The one unroll (Tm, Tn) within the lane budget that minimises the model's total conv cycles (Zhang et al., FPGA 2015).",
  options: [
    ...MODEL_OPTIONS,
    { name: 'lanes', value: true, placeholder: 'N', help: "multiply-accumulate lanes for the search (default: the target's)" },
    { name: 'format', value: true, placeholder: 'F', help: 'table (default) or json' },
  ],
};
export const UNROLL_USAGE = UNROLL_COMMAND.usage;

export function runUnroll(argv: string[], io: CliIO): number {
  const args = parseCommand(argv, UNROLL_COMMAND, io.out);
  if (!args) return 0;
  const format = choiceOption(args, 'format', ['table', 'json'] as const, 'table');
  const lanesOption = countOption(args, 'lanes');
  const loaded = loadOneModel(args, io, UNROLL_USAGE, lanesOption === undefined);
  const target = loaded.analysis.chosen?.target;
  const lanes = lanesOption ?? target?.lanes?.value;
  if (lanes === undefined) throw new UsageError(`${target?.name ?? 'the target'} has no lane budget: give --lanes N`);
  if (loaded.errors > 0) return 1;
  const r = loaded.model ? unrollSearchModel(loaded.model, lanes) : undefined;
  if (!r) throw new UsageError(`${loaded.display} has no conv layer to unroll`);
  const best = { m: r.best.unroll.m, n: r.best.unroll.n, cycles: r.best.cycles };
  if (format === 'json') io.out(JSON.stringify({ ...best, lanes: r.best.lanes, budget: lanes }));
  else io.out(`best unroll within ${formatCount(lanes)} lanes: m=${best.m} n=${best.n} (${formatCount(r.best.lanes)} lanes), ${formatCount(best.cycles)} cycles over the model's conv layers`);
  return 0;
}
