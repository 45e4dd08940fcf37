// Reductions over chosen dimensions (all when none are given): reduce_mean, reduce_sum and
// reduce_max, 1 op per input element, the reduced dimensions kept with size 1 or dropped.
import { type BoundArgs, type OpSpec, type Shape, axis, numel } from './types';

/** The dimensions of a reduction, normalised, checked and without repeats. */
function reducedDims(a: BoundArgs, x: Shape): Set<number> {
  const dims = a.has('dims') ? a.ints('dims') : x.map((_, i) => i);
  const set = new Set<number>();
  for (const d of dims) {
    const n = axis(a, 'dims', d, Math.max(1, x.length));
    if (set.has(n)) a.fail('dims', `${a.op}: dimension ${d} is listed twice`);
    set.add(n);
  }
  return set;
}

function reduction(name: string, summary: string): OpSpec {
  return {
    name,
    category: 'elementwise',
    summary,
    opsRule: '1 op per input element.',
    args: [
      { name: 'x', kind: 'tensor', doc: 'input' },
      { name: 'dims', kind: 'ints', doc: 'dimensions to reduce (all when omitted)', optional: true },
      { name: 'keepdims', kind: 'bool', doc: 'keep the reduced dimensions with size 1', default: true },
    ],
    infer(a) {
      const x = a.tensor('x');
      const dims = reducedDims(a, x);
      const keep = a.bool('keepdims');
      const out: Shape = [];
      x.forEach((d, i) => {
        if (!dims.has(i)) out.push(d);
        else if (keep) out.push(1);
      });
      return { outputs: [out], macs: 0, ops: numel(x), params: 0, weightElems: 0 };
    },
  };
}

export const reduceMean = reduction('reduce_mean', 'Mean over the given dimensions.');
export const reduceSum = reduction('reduce_sum', 'Sum over the given dimensions.');
export const reduceMax = reduction('reduce_max', 'Maximum over the given dimensions.');
