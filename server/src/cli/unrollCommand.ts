// `roofline unroll FILE --target T [--lanes N] [--format json]`: the single unroll (Tm, Tn) within
// the lane budget that minimises the model's total conv cycles (Zhang et al., FPGA 2015).
import { unrollSearchModel } from '../core';
import { option, parseArgs, UsageError } from './args';
import type { CliIO } from './io';
import { formatOption, loadModel, MODEL_OPTIONS } from './loadModel';
import { thousands } from './table';

export const UNROLL_USAGE = 'usage: roofline unroll FILE --target NAME|FILE [--lanes N] [--param NAME=VALUE]... [--format table|json] [--model NAME]';

export function runUnroll(argv: string[], io: CliIO): number {
  const args = parseArgs(argv, [...MODEL_OPTIONS, { name: 'lanes', value: true }]);
  const format = formatOption(args, ['table', 'json']);
  const lanesText = option(args, 'lanes');
  const lanesOption = lanesText === undefined ? undefined : Number(lanesText);
  if (lanesOption !== undefined && !(Number.isInteger(lanesOption) && lanesOption >= 1)) throw new UsageError(`--lanes must be a positive whole number, got '${lanesText}'`);
  const loaded = loadModel(args, io, UNROLL_USAGE, lanesOption === undefined);
  const target = loaded.analysis.chosen?.target;
  const lanes = lanesOption ?? target?.lanes?.value;
  if (lanes === undefined) throw new UsageError(`${target?.name ?? 'the target'} has no lane budget: give --lanes N`);
  if (loaded.errors > 0) return 1;
  const r = loaded.model ? unrollSearchModel(loaded.model, lanes) : undefined;
  if (!r) throw new UsageError(`${loaded.file} has no conv layer to unroll`);
  const best = { m: r.best.unroll.m, n: r.best.unroll.n, cycles: r.best.cycles };
  if (format === 'json') io.out(JSON.stringify({ ...best, lanes: r.best.lanes, budget: lanes }));
  else io.out(`best unroll within ${thousands(lanes)} lanes: m=${best.m} n=${best.n} (${thousands(r.best.lanes)} lanes), ${thousands(best.cycles)} cycles over the model's conv layers`);
  return 0;
}
