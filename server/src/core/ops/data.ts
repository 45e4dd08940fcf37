// Data movement and views: concat, split, flatten, reshape, transpose, slice, upsample, pad,
// gather, expand, cast and identity (dropout at inference, Darknet's [cost] and [detection]).
// Views (flatten, reshape, identity) move no data; the others copy their input once (gather only
// the elements it takes).
import { broadcastShapes } from './broadcast';
import { PRECISIONS } from '../precision';
import { type OpSpec, type Shape, axis, fmtShape, numel } from './types';

export const concat: OpSpec = {
  name: 'concat',
  category: 'data',
  summary: 'Concatenates tensors along one dimension (channels by default).',
  opsRule: '0 ops (a copy).',
  args: [
    { name: 'xs', kind: 'tensors', doc: 'tensors to join (positional, two or more)' },
    { name: 'dim', kind: 'int', doc: 'dimension to join along', default: 1, keywordOnly: true },
  ],
  infer(a) {
    const xs = a.tensors('xs');
    const first = xs[0];
    const d = axis(a, 'dim', a.int('dim'), first.length);
    let total = 0;
    for (let i = 0; i < xs.length; i++) {
      const s = xs[i];
      const mismatch = s.length !== first.length || s.some((v, j) => j !== d && v !== first[j]);
      if (mismatch) a.shapeError('xs#' + i, `concat: ${fmtShape(first)} and ${fmtShape(s)} differ outside dimension ${d}`);
      total += s[d];
    }
    const out = first.slice();
    out[d] = total;
    return { outputs: [out], macs: 0, ops: 0, params: 0, weightElems: 0 };
  },
};

export const split: OpSpec = {
  name: 'split',
  category: 'data',
  summary: 'Splits a tensor into equal parts, or parts of given sizes, along one dimension.',
  opsRule: '0 ops (a copy).',
  multiOutput: true,
  args: [
    { name: 'x', kind: 'tensor', doc: 'input' },
    { name: 'parts', kind: 'ints', doc: 'number of equal parts (a number), or the part sizes (a list)' },
    { name: 'dim', kind: 'int', doc: 'dimension to split', default: 1 },
  ],
  infer(a) {
    const x = a.tensor('x');
    const d = axis(a, 'dim', a.int('dim'), x.length);
    const parts = a.ints('parts');
    let sizes: number[];
    if (!a.isList('parts')) {
      const p = parts[0];
      if (!Number.isInteger(p) || p < 1) a.fail('parts', `split: 'parts' must be a positive whole number, got ${p}`);
      if (x[d] % p !== 0) a.shapeError('parts', `split: dimension ${d} of ${fmtShape(x)} (${x[d]}) is not divisible into ${p} parts`);
      sizes = new Array(p).fill(x[d] / p);
    } else {
      sizes = parts;
      const sum = sizes.reduce((s, v) => s + v, 0);
      if (sizes.some((v) => !Number.isInteger(v) || v < 1) || sum !== x[d]) a.shapeError('parts', `split: sizes [${sizes.join(', ')}] do not add up to dimension ${d} of ${fmtShape(x)} (${x[d]})`);
    }
    const outputs = sizes.map((size) => {
      const s = x.slice();
      s[d] = size;
      return s;
    });
    return { outputs, macs: 0, ops: 0, params: 0, weightElems: 0 };
  },
};

export const flatten: OpSpec = {
  name: 'flatten',
  category: 'data',
  summary: 'Flattens dimensions from `start` on into one (a view).',
  opsRule: '0 ops; a view moves no data.',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input' },
    { name: 'start', kind: 'int', doc: 'first dimension to flatten', default: 1 },
  ],
  infer(a) {
    const x = a.tensor('x');
    const s = axis(a, 'start', a.int('start'), Math.max(1, x.length));
    return { outputs: [[...x.slice(0, s), numel(x.slice(s))]], macs: 0, ops: 0, params: 0, weightElems: 0, view: true };
  },
};

export const reshape: OpSpec = {
  name: 'reshape',
  category: 'data',
  summary: 'Gives a tensor a new shape with the same number of elements; one dimension may be -1 (a view).',
  opsRule: '0 ops; a view moves no data.',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input' },
    { name: 'shape', kind: 'ints', doc: 'new shape, e.g. [1, -1]' },
  ],
  infer(a) {
    const x = a.tensor('x');
    const target = a.ints('shape').slice();
    const free = target.filter((v) => v === -1).length;
    if (free > 1 || target.some((v) => !Number.isInteger(v) || (v < 1 && v !== -1))) a.fail('shape', `reshape: invalid shape [${target.join(', ')}] (positive sizes and at most one -1)`);
    const known = target.filter((v) => v !== -1).reduce((p, v) => p * v, 1);
    const total = numel(x);
    if (free === 1) {
      if (total % known !== 0) a.shapeError('shape', `reshape: ${fmtShape(x)} (${total} elements) cannot take the shape [${target.join(', ')}]`);
      target[target.indexOf(-1)] = total / known;
    } else if (known !== total) a.shapeError('shape', `reshape: ${fmtShape(x)} has ${total} elements, [${target.join(', ')}] has ${known}`);
    return { outputs: [target], macs: 0, ops: 0, params: 0, weightElems: 0, view: true };
  },
};

export const transpose: OpSpec = {
  name: 'transpose',
  category: 'data',
  summary: 'Permutes dimensions: swaps two (`a`, `b`) or applies `perm`.',
  opsRule: '0 ops (a copy).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input' },
    { name: 'a', kind: 'int', doc: 'first dimension to swap', optional: true },
    { name: 'b', kind: 'int', doc: 'second dimension to swap', optional: true },
    { name: 'perm', kind: 'ints', doc: 'a full permutation of the dimensions', optional: true, keywordOnly: true },
  ],
  infer(a) {
    const x = a.tensor('x');
    let perm: number[];
    if (a.has('perm')) {
      perm = a.ints('perm').map((d) => (d < 0 ? d + x.length : d));
      const sorted = perm.slice().sort((p, q) => p - q);
      if (perm.length !== x.length || sorted.some((v, i) => v !== i)) a.fail('perm', `transpose: [${a.ints('perm').join(', ')}] is not a permutation of the ${x.length} dimensions of ${fmtShape(x)}`);
    } else {
      const i = axis(a, 'a', a.has('a') ? a.int('a') : -2, x.length);
      const j = axis(a, 'b', a.has('b') ? a.int('b') : -1, x.length);
      perm = x.map((_, k) => k);
      perm[i] = j;
      perm[j] = i;
    }
    const out: Shape = perm.map((p) => x[p]);
    return { outputs: [out], macs: 0, ops: 0, params: 0, weightElems: 0 };
  },
};

export const slice: OpSpec = {
  name: 'slice',
  category: 'data',
  summary: 'Takes the range [start, end) of one dimension (end defaults to start + 1).',
  opsRule: '0 ops (a copy).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input' },
    { name: 'dim', kind: 'int', doc: 'dimension' },
    { name: 'start', kind: 'int', doc: 'first index', default: 0 },
    { name: 'end', kind: 'int', doc: 'one past the last index', optional: true },
  ],
  infer(a) {
    const x = a.tensor('x');
    const d = axis(a, 'dim', a.int('dim'), x.length);
    const start = a.int('start');
    const end = a.has('end') ? a.int('end') : start + 1;
    // Blame `start` when it is itself outside the dimension (or when `end` was not written),
    // otherwise `end`.
    const badStart = !(Number.isInteger(start) && start >= 0 && start < x[d]);
    if (badStart || !(Number.isInteger(end) && end > start && end <= x[d])) a.shapeError(badStart || !a.has('end') ? 'start' : 'end', `slice: [${start}, ${end}) is not a range inside dimension ${d} of ${fmtShape(x)}`);
    const out = x.slice();
    out[d] = end - start;
    return { outputs: [out], macs: 0, ops: 0, params: 0, weightElems: 0, inputElemsRead: numel(out), notes: ['Only the elements of the slice are read.'] };
  },
};

export const upsample: OpSpec = {
  name: 'upsample',
  category: 'data',
  summary: 'Spatial up-sampling by an integer factor (nearest or bilinear).',
  opsRule: 'nearest: 0 ops (a copy); bilinear: 7 ops per output element (4 multiplies, 3 adds).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input [N, C, H, W]' },
    { name: 'scale', kind: 'ints', doc: 'factor s or [sh, sw]', default: 2, pair: true },
    { name: 'mode', kind: 'word', doc: 'interpolation', default: 'nearest', choices: ['nearest', 'bilinear'] },
  ],
  infer(a) {
    const x = a.tensor('x');
    if (x.length !== 4) a.shapeError('x', `upsample expects a 4-D input [N, C, H, W], got ${fmtShape(x)}`);
    const [sh, sw] = a.pair('scale');
    if (!(Number.isInteger(sh) && Number.isInteger(sw) && sh >= 1 && sw >= 1)) a.fail('scale', `upsample: 'scale' must be a positive whole number, got ${sh}x${sw}`);
    const out: Shape = [x[0], x[1], x[2] * sh, x[3] * sw];
    const ops = a.word('mode') === 'bilinear' ? 7 * numel(out) : 0;
    return { outputs: [out], macs: 0, ops, params: 0, weightElems: 0 };
  },
};

export const pad: OpSpec = {
  name: 'pad',
  category: 'data',
  summary: 'Pads a tensor: `pads` lists the amounts before every dimension, then after every dimension (ONNX order).',
  opsRule: '0 ops (a copy).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input' },
    { name: 'pads', kind: 'ints', doc: '[before_0, ..., before_n-1, after_0, ..., after_n-1]' },
  ],
  infer(a) {
    const x = a.tensor('x');
    const pads = a.ints('pads');
    if (pads.length !== 2 * x.length) a.fail('pads', `pad: ${pads.length} amounts for a ${x.length}-D input ${fmtShape(x)} (needs ${2 * x.length})`);
    const out = x.map((d, i) => d + pads[i] + pads[i + x.length]);
    if (pads.some((p) => !Number.isInteger(p)) || out.some((d) => d < 1)) a.fail('pads', `pad: [${pads.join(', ')}] leaves no elements of ${fmtShape(x)}`);
    return { outputs: [out], macs: 0, ops: 0, params: 0, weightElems: 0 };
  },
};

export const gather: OpSpec = {
  name: 'gather',
  category: 'data',
  summary: 'Takes the entries `indices` of one dimension (a lookup); the index tensor replaces that dimension.',
  opsRule: '0 ops (a copy).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'data' },
    { name: 'indices', kind: 'tensor', doc: 'integer indices' },
    { name: 'dim', kind: 'int', doc: 'dimension to index', default: 0 },
  ],
  infer(a) {
    const x = a.tensor('x');
    const idx = a.tensor('indices');
    if (x.length < 1) a.shapeError('x', `gather expects at least a 1-D input, got ${fmtShape(x)}`);
    const d = axis(a, 'dim', a.int('dim'), x.length);
    const out: Shape = [...x.slice(0, d), ...idx, ...x.slice(d + 1)];
    return { outputs: [out], macs: 0, ops: 0, params: 0, weightElems: 0, inputElemsRead: numel(out) + numel(idx), notes: ['Only the gathered elements (and the indices) are read.'] };
  },
};

export const expand: OpSpec = {
  name: 'expand',
  category: 'data',
  summary: 'Broadcasts a tensor to a larger shape (NumPy rules), materialising the copy.',
  opsRule: '0 ops (a copy).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input' },
    { name: 'shape', kind: 'ints', doc: 'shape to broadcast to' },
  ],
  infer(a) {
    const x = a.tensor('x');
    const shape = a.ints('shape');
    const out = broadcastShapes(x, shape);
    if (typeof out === 'string') return a.shapeError('shape', `expand: ${fmtShape(x)} does not broadcast to [${shape.join(', ')}] (${out})`);
    return { outputs: [out], macs: 0, ops: 0, params: 0, weightElems: 0 };
  },
};

export const cast: OpSpec = {
  name: 'cast',
  category: 'data',
  summary: 'Converts the elements to another type (give the layer the precision of its output: the ONNX importer does; in a model file, @precision).',
  opsRule: '0 ops (a copy that converts).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'input' },
    { name: 'to', kind: 'word', doc: 'the new element type', choices: [...PRECISIONS] },
  ],
  infer(a) {
    const x = a.tensor('x');
    const to = a.word('to');
    if (!(PRECISIONS as string[]).includes(to)) a.fail('to', `cast: unknown type '${to}' (known: ${PRECISIONS.join(', ')})`);
    return { outputs: [x], macs: 0, ops: 0, params: 0, weightElems: 0 };
  },
};

export const identity: OpSpec = {
  name: 'identity',
  category: 'data',
  summary: 'Passes its input through unchanged (dropout at inference): a view.',
  opsRule: '0 ops; a view moves no data.',
  args: [{ name: 'x', kind: 'tensor', doc: 'input' }],
  infer(a) {
    return { outputs: [a.tensor('x')], macs: 0, ops: 0, params: 0, weightElems: 0, view: true };
  },
};
