// Token embedding: a table lookup of `dim`-wide rows for integer token ids.
import { type OpSpec, numel } from './types';

export const embedding: OpSpec = {
  name: 'embedding',
  category: 'embedding',
  summary: 'Looks up a learned `dim`-wide row of a `vocab`-row table for each token id.',
  opsRule: '0 ops (a gather).',
  args: [
    { name: 'x', kind: 'tensor', doc: 'token ids [...]' },
    { name: 'vocab', kind: 'int', doc: 'rows of the table' },
    { name: 'dim', kind: 'int', doc: 'width of a row' },
  ],
  infer(a) {
    const x = a.tensor('x');
    const vocab = a.int('vocab');
    const dim = a.int('dim');
    if (!(Number.isInteger(vocab) && vocab >= 1)) a.fail('vocab', `embedding: 'vocab' must be a positive whole number, got ${vocab}`);
    if (!(Number.isInteger(dim) && dim >= 1)) a.fail('dim', `embedding: 'dim' must be a positive whole number, got ${dim}`);
    const tokens = numel(x);
    return {
      outputs: [[...x, dim]],
      macs: 0,
      ops: 0,
      params: vocab * dim,
      weightElems: Math.min(tokens, vocab) * dim,
      notes: ['Only the rows of the looked-up tokens are read (at most one per token), not the whole table.'],
    };
  },
};
