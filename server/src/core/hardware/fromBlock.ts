// Turns a `hardware` block of a model file into a Target. The block's fields (kind, clock, bandwidth,
// buffer, peak <precision>, unroll (m, n), lanes, precision, execution, systolic (rows, cols),
// dataflow, energy <precision>) and its `level NAME { bandwidth, capacity, energy }` sub-blocks are
// put in the neutral form that target files share (targetSpec.ts), which `buildTarget`
// (buildTarget.ts) checks and assembles, starting from a catalog entry for
// `hardware x = base { ... }`. Figures' sources name the file and line. Never throws.
import { diag } from '../diagnostics/catalogue';
import type { Span } from '../diagnostics/types';
import type { HardwareDecl, HwField, HwValue } from '../syntax/ast';
import { buildTarget } from './buildTarget';
import { spanOf } from './specFieldChecker';
import type { FindBase, SpecField, SpecValue, TargetResult, TargetSpec } from './targetSpec';

function valueFromHw(v: HwValue): SpecValue {
  switch (v.kind) {
    case 'quantity': {
      const out: SpecValue = { kind: 'quantity', value: v.value, span: spanOf(v) };
      if (v.unit) out.unit = { text: v.unit.text, span: spanOf(v.unit) };
      return out;
    }
    case 'word':
      return { kind: 'word', word: v.word.text, span: spanOf(v) };
    case 'factors':
      return { kind: 'factors', items: v.items.map((i) => ({ key: i.key.text, value: i.value, span: spanOf(i), keySpan: spanOf(i.key) })), span: spanOf(v) };
  }
}

function fieldFromHw(f: HwField): SpecField {
  const out: SpecField = { key: f.key.text, keySpan: spanOf(f.key), span: spanOf(f) };
  if (f.qualifier) out.qualifier = { text: f.qualifier.text, span: spanOf(f.qualifier) };
  if (f.value) out.value = valueFromHw(f.value);
  return out;
}

/** The neutral description of a hardware block. */
export function specFromBlock(decl: HardwareDecl): TargetSpec {
  const spec: TargetSpec = {
    name: decl.name.text,
    nameSpan: spanOf(decl.name),
    fields: decl.fields.map(fieldFromHw),
    levels: decl.levels.map((l) => ({ name: l.name.text, nameSpan: spanOf(l.name), fields: l.fields.map(fieldFromHw), span: spanOf(l) })),
    span: spanOf(decl),
  };
  if (decl.base) spec.base = { name: decl.base.text, span: spanOf(decl.base) };
  return spec;
}

export interface BlockOptions {
  /** Name of the file, for sources ("alexnet.nnm, line 4"); "model file" when absent. */
  file?: string;
  /** Zero-based line of an offset (LineIndex.position(offset).line); sources then give the line. */
  lineOf?: (offset: number) => number;
}

/**
 * The target a `hardware` block describes, with located diagnostics. `findBase` looks up the
 * catalog entry of `hardware x = base { ... }` (underscores are also tried as dashes).
 */
export function targetFromBlock(decl: HardwareDecl, findBase: FindBase, options: BlockOptions = {}): TargetResult {
  const file = options.file ?? 'model file';
  const name = decl?.name?.text ?? '';
  const describe = (span: Span): string => {
    if (options.lineOf) {
      try {
        return `${file}, line ${options.lineOf(span.start) + 1}`;
      } catch {
        // fall through to the block name
      }
    }
    return `${file}, hardware block '${name}'`;
  };
  let spec: TargetSpec;
  try {
    spec = specFromBlock(decl);
  } catch (e) {
    const at = decl && decl.name ? spanOf(decl.name) : { start: 0, end: 0 };
    return { diagnostics: [diag('RL403', at, `internal error while reading hardware block '${name}': ${e instanceof Error ? e.message : String(e)}`)] };
  }
  return buildTarget(spec, findBase, { origin: 'hardware block', describe });
}
