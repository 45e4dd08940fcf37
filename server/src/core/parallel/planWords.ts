// A parallel plan in words, for the command line's table, the Markdown summary and the hover: the
// plan and its devices, one device's memory against its capacity, the communication share by link,
// and the pipeline's stages and bubble. Sizes of memory are decimal (GB = 1e9 bytes), as device
// memory is sold. Pure.
import { deviceCapacity, deviceFit, type HeldBytes } from '../semantics/deviceBytes';
import type { CostedModel } from '../cost/types';
import type { Target } from '../hardware/types';
import type { ModelResult } from '../semantics/model';
import { formatPercent, formatSeconds, formatSI } from '../../protocol/format';

const size = (n: number) => formatSI(n, 'B');

/** 'weights 17.2 GB + KV cache 83.9 MB + activations 1.05 MB': the three sizes a device holds (RL507 names them too). */
export function heldWords(m: HeldBytes): string {
  return `weights ${size(m.weightBytes)} + KV cache ${size(m.kvCacheBytes)} + activations ${size(m.activationBytes)}`;
}

/** 'weights 17.2 GB + KV cache 83.9 MB + activations 1.05 MB = 17.3 GB of 80 GB' (and whether it fits). */
export function memoryWords(m: HeldBytes, capacity: number | undefined): string {
  const { need, fits } = deviceFit(m, capacity);
  const of = capacity !== undefined ? ` of ${size(capacity)}${fits ? '' : ': does not fit'}` : '';
  return `${heldWords(m)} = ${size(need)}${of}`;
}

/**
 * Without a plan, on a target with device memory: what one device must hold, against its capacity
 * ('device memory: weights 138 GB + ... = 139 GB of 80 GB: does not fit; roofline plan finds ...'),
 * the sizes RL507 (rules/deviceMemory.ts) checks. Undefined under a plan (planLines says it) or
 * without a capacity.
 */
export function deviceMemoryLine(model: ModelResult, target: Target | undefined): string | undefined {
  const capacity = deviceCapacity(target);
  if (model.parallel || capacity === undefined) return undefined;
  const t = model.totals;
  return `device memory: ${memoryWords(t, capacity)}${deviceFit(t, capacity).fits ? '' : '; `roofline plan` lists the plans over several devices that fit'}`;
}

/** The lines that describe a plan applied to a model (none without a plan). */
export function planLines(model: ModelResult, cost: CostedModel | undefined, target: Target | undefined): string[] {
  const p = model.parallel;
  if (!p) return [];
  const lines = [`plan ${p.text} on ${p.devices} device${p.devices === 1 ? '' : 's'}: per device ${memoryWords(model.totals, deviceCapacity(target))}`];
  const s = cost?.parallel;
  if (s) {
    const links = Object.entries(s.communication.byLink).map(([k, v]) => `${k} ${formatSeconds(v)}`).join(', ');
    lines.push(`communication: ${formatSeconds(s.communication.time)} of ${formatSeconds(s.latency)} (${formatPercent(s.communication.share)})${links ? `: ${links}` : ''}`);
    if (p.plan.pp > 1) {
      lines.push(`pipeline: ${p.plan.pp} stages, ${s.microBatches} micro-batch${s.microBatches === 1 ? '' : 'es'}, stage times ${s.stages.map(formatSeconds).join(', ')}; bubble ${formatPercent(s.bubble)}; a run of the batch ${formatSeconds(s.runTime)}`);
    }
  }
  lines.push(...p.notes);
  return lines;
}
