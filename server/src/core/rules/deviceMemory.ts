// RL507, the model does not fit in the device's memory (warning), on a target that gives its memory
// capacity (`deviceMemory`: the catalog's GPUs, TPUs and Jetsons; `memory` in hardware blocks and
// target files).
//
// Fires once per model, at the model's name, when weights + KV cache + activations exceed the
// capacity, naming the three sizes: "model m needs 15.6 GB of device memory: weights 13.5 GB + KV
// cache 2.15 GB + activations 524 kB, more than the 8 GB of jetson-orin-nano-8gb". Weights are
// every layer's params at its weights' datatype (all the experts of a mixture, a tied weight once);
// the KV cache is the one at the model's context, at the KV datatype; activations are the largest
// that one layer reads and writes (an estimate of what is live at once). Sizes in decimal units
// (GB = 1e9 bytes), as device memory is sold. Related information points at the file's target (its
// `hardware` block or `use target` line) when the file gives it.
//
// Why it matters: a model that does not fit does not run at the time the roofline gives: it must
// be split over devices, offloaded, or quantised (`use precision int4/fp16/int8`).
import { formatSI } from '../../protocol/format';
import { heldWords } from '../parallel/planWords';
import { defineRule, overDeviceMemory, targetRelated, type RuleRun } from './shared';

const size = (n: number) => formatSI(n, 'B');

const run: RuleRun = (ctx, diag) => {
  // Under a parallel plan, RL512 (planMemory.ts) checks one device's share instead.
  const over = ctx.model.parallel ? undefined : overDeviceMemory(ctx);
  if (!over) return [];
  const { need, capacity, target } = over;
  const d = diag(ctx.model.nameSpan, `model ${ctx.model.name} needs ${size(need)} of device memory: ${heldWords(ctx.model.totals)}, more than the ${size(capacity.value)} of ${target.name}`);
  const related = targetRelated(ctx, `device memory ${size(capacity.value)} (${capacity.source})`, capacity);
  if (related.length > 0) d.related = related;
  return [d];
};

export const deviceMemory = defineRule({
  name: 'deviceMemory',
  code: 'RL507',
  severity: 'warning',
  title: 'Model does not fit in device memory',
  setting: 'weights + KV cache + activations that exceed the target\'s device memory',
  run,
});
