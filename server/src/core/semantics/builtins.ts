// Functions of the language that compute numbers rather than make layers: channels(x), dim(x, i),
// rank(x), min, max, ceil, floor. `repeat` is handled by the evaluator itself.

export interface BuiltinSpec {
  name: string;
  signature: string;
  doc: string;
}

export const BUILTINS: ReadonlyMap<string, BuiltinSpec> = new Map(
  [
    { name: 'channels', signature: 'channels(x)', doc: 'Size of dimension 1 of tensor x (its channels in NCHW).' },
    { name: 'dim', signature: 'dim(x, i)', doc: 'Size of dimension i of tensor x (negative i counts from the end).' },
    { name: 'rank', signature: 'rank(x)', doc: 'Number of dimensions of tensor x.' },
    { name: 'min', signature: 'min(a, b, ...)', doc: 'Smallest of the numbers.' },
    { name: 'max', signature: 'max(a, b, ...)', doc: 'Largest of the numbers.' },
    { name: 'ceil', signature: 'ceil(a)', doc: 'a rounded up.' },
    { name: 'floor', signature: 'floor(a)', doc: 'a rounded down.' },
    { name: 'repeat', signature: 'repeat(n, block, x, ...)', doc: 'Chains n calls of block, each fed by the one before; keyword arguments go to every call. Layers are named name[i].layer.' },
  ].map((b) => [b.name, b]),
);
