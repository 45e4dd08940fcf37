// Values the evaluator computes: tensors (shape, precision, producing layer and which of its
// outputs, or the position of the model input), numbers, booleans,
// bare words, lists, the several outputs of one layer, blocks, and `unknown` (after an error that
// has already been reported, so that nothing downstream reports it again).
import type { BlockDecl } from '../syntax/ast';
import type { Shape } from '../ops/types';
import type { Precision } from '../precision';

export type Value =
  | { kind: 'tensor'; shape: Shape | null; precision: Precision; producer: number; output?: number; input?: number }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'word'; value: string }
  | { kind: 'list'; items: Value[] }
  | { kind: 'tuple'; items: Value[] }
  | { kind: 'block'; decl: BlockDecl }
  | { kind: 'unknown' };

export const UNKNOWN: Value = { kind: 'unknown' };

export function describeValue(v: Value): string {
  switch (v.kind) {
    case 'tensor':
      return v.shape ? `a tensor [${v.shape.join(', ')}]` : 'a tensor';
    case 'number':
      return `the number ${v.value}`;
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'word':
      return `the word '${v.value}'`;
    case 'list':
      return 'a list';
    case 'tuple':
      return `${v.items.length} outputs`;
    case 'block':
      return `the block '${v.decl.name.text}'`;
    case 'unknown':
      return 'an unknown value';
  }
}

/** A chain of name bindings: a block or model scope over the file's global scope. */
export class Scope {
  protected readonly names = new Map<string, Value>();
  constructor(protected readonly parent?: Scope) {}

  get(name: string): Value | undefined {
    return this.names.get(name) ?? this.parent?.get(name);
  }

  set(name: string, value: Value): void {
    this.names.set(name, value);
  }

  hasOwn(name: string): boolean {
    return this.names.has(name);
  }
}
