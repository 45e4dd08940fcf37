// Whether a layer's counts are exact: a double holds every whole number up to 2^53 - 1, and past
// it counts are rounded (RL216, and the totals marked incomplete). The one check, its message and
// its note, for the layer builder, the parts of a call taken apart, and the evaluator and importers.
import { formatCount, formatSI, significant } from '../../protocol/format';
import { quoted } from '../limits';
import type { Layer } from './model';

/** True when every count of a layer is within 2^53 - 1, where doubles are exact. */
export function countsExact(l: Pick<Layer, 'macs' | 'ops' | 'params' | 'bytes'>): boolean {
  const b = l.bytes;
  const max = Number.MAX_SAFE_INTEGER;
  // No array: this runs on every layer of every analysis.
  return Math.abs(l.macs) <= max && Math.abs(l.ops) <= max && Math.abs(l.params) <= max && Math.abs(b.input) <= max && Math.abs(b.weight) <= max && Math.abs(b.output) <= max && Math.abs(b.cache) <= max;
}

/** The message of RL216: which count of the layer passed 2^53 - 1. */
export function inexactMessage(l: Pick<Layer, 'name' | 'macs' | 'ops' | 'params' | 'bytes'>): string {
  const b = l.bytes;
  const figures: [string, number][] = [['MACs', l.macs], ['ops', l.ops], ['params', l.params], ['bytes', b.input + b.weight + b.output + b.cache]];
  const [what, value] = figures.find(([, v]) => Math.abs(v) > Number.MAX_SAFE_INTEGER) ?? figures[0];
  const about = Math.abs(value) < 1e21 ? formatSI(value) : significant(value);
  return `layer '${quoted(l.name)}': its ${what}, about ${about}, pass 2^53 - 1 (${formatCount(Number.MAX_SAFE_INTEGER)}), past which counts are rounded: the model's totals are marked incomplete`;
}

/** The note of a layer whose counts are not exact. */
export const INEXACT_NOTE = 'Counts exceed 2^53 - 1 and are rounded: the totals are marked incomplete.';
