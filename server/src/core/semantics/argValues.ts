// Argument values between their two forms: the checked form an operator table entry reads
// (ArgValue, through BoundArgs) and the plain form a layer's call records (PlainArg); and the
// checked value of an argument's default, made once per argument spec.
import type { ArgSpec, ArgValue } from '../ops/types';
import type { PlainArg } from './model';

/** A plain argument as an operator entry reads it. */
export function argValueOf(v: PlainArg): ArgValue {
  if (typeof v === 'number') return { kind: 'number', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'string') return { kind: 'word', value: v };
  return { kind: 'numbers', values: v };
}

/** A checked argument value as a layer's call records it (LayerBuilder.add copies lists). */
export function plainArgOf(v: ArgValue): PlainArg {
  switch (v.kind) {
    case 'number':
    case 'bool':
    case 'word':
      return v.value;
    case 'numbers':
      return v.values;
    case 'tensor':
    case 'tensors':
      // Not reached: tensor arguments are recorded as sources, never as plain values.
      return v.kind;
  }
}

/** Default argument values, made once per argument spec (they are never mutated). */
const DEFAULTS = new WeakMap<ArgSpec, ArgValue>();

/** The checked value of an argument's default; undefined when it has none. */
export function defaultArgValue(arg: ArgSpec): ArgValue | undefined {
  if (arg.default === undefined) return undefined;
  let v = DEFAULTS.get(arg);
  if (!v) {
    v = argValueOf(arg.default);
    DEFAULTS.set(arg, v);
  }
  return v;
}
