// RL512, a parallel plan does not fit in the device's memory (warning), on a target that gives its
// memory capacity, under a plan (`use parallel`, --tp/--pp/--ep/--dp, `roofline.parallel`).
//
// Fires once per model, at the `use parallel` line when the file gives the plan (else at the model's
// name), when one device's weights + KV cache + activations exceed its capacity, naming the plan and
// the three sizes: "plan pp=2 puts weights 69.0 GB + KV cache 671 MB + activations 65.5 kB = 69.7 GB
// on a device, more than the 40.0 GB of a100-sxm-40gb". A device holds its pipeline stage: the
// weights of its layers (a tensor-parallel share of each split layer), the KV cache of all its
// micro-batches, and the largest activations one of its layers reads and writes. Without a plan,
// RL507 speaks for the whole model.
//
// Why it matters: a plan that does not fit does not run. More tensor or pipeline parallelism
// divides the weights; the quick fix (and `roofline plan`) proposes the smallest plan that fits.
import { memoryWords } from '../parallel/planWords';
import { formatSI } from '../../protocol/format';
import { defineRule, overDeviceMemory, targetRelated, type RuleRun } from './shared';

const run: RuleRun = (ctx, diag) => {
  const p = ctx.model.parallel;
  // Under a plan the model's totals are one device's.
  const over = p ? overDeviceMemory(ctx) : undefined;
  if (!p || !over) return [];
  const { capacity, target } = over;
  const m = ctx.model.totals;
  const at = ctx.analysis.settings.parallel?.span ?? ctx.model.nameSpan;
  const d = diag(at, `plan ${p.text} puts ${memoryWords(m, undefined)} on a device, more than the ${formatSI(capacity.value, 'B')} of ${target.name}`);
  const related = targetRelated(ctx, `device memory ${formatSI(capacity.value, 'B')} (${capacity.source})`, capacity);
  if (related.length > 0) d.related = related;
  return [d];
};

export const planMemory = defineRule({
  name: 'planMemory',
  code: 'RL512',
  severity: 'warning',
  title: 'Parallel plan does not fit in device memory',
  setting: "one device's weights + KV cache + activations under a parallel plan that exceed its memory",
  run,
});
