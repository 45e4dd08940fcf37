// What the fuzz suite does with one input: the analysis core, in process (the child's), as the
// command line runs it: a model file of any format analysed and costed on h100-sxm with the
// bottleneck rules, a target file read and used to cost a small model. The outcome is checked the
// way the tests check it (test/helpers/numberChecks.ts): no non-finite number, no count past 2^53
// unflagged, no internal error; a throw out of the core is an abort.
import { analyze, DEFAULT_RULE_SETTINGS, findTarget, MemorySource, targetFromJson } from '../../server/src/core';
import { numberProblems } from '../../test/helpers/numberChecks';
import type { FuzzFormat } from './seeds';

/** The model a fuzzed target file costs: a few layers of each kind the cost models treat apart. */
const PROBE_MODEL = ['model probe {', '  input x: [1, 3, 64, 64]', '  c = conv2d(x, 16, kernel=3, pad=1)', '  r = relu(c)', '  p = maxpool(r, kernel=2)', '  f = flatten(p)', '  y = linear(f, 10)', '}', ''].join('\n');

export interface FuzzOutcome {
  nonFinite: string[];
  unflaggedInexact: string[];
  internalErrors: string[];
  /** The layers of the first model (a measure of how far the input got). */
  layers: number;
}

export function runInput(format: FuzzFormat, bytes: Uint8Array): FuzzOutcome {
  const options = { target: 'h100-sxm', rules: DEFAULT_RULE_SETTINGS, fileName: `fuzz.${format}` };
  if (format === 'target') {
    const r = targetFromJson(new TextDecoder('utf-8').decode(bytes), { file: 'fuzz.target.json', findBase: findTarget });
    const internal = r.diagnostics.filter((d) => /internal error/i.test(d.message)).map((d) => d.message.slice(0, 200));
    if (!r.target) return { nonFinite: [], unflaggedInexact: [], internalErrors: internal, layers: 0 };
    const a = analyze({ text: PROBE_MODEL, format: 'nnm' }, { ...options, target: r.target });
    const p = numberProblems(a);
    return { ...p, internalErrors: [...internal, ...p.internalErrors], layers: a.models[0]?.layers.length ?? 0 };
  }
  const a = format === 'onnx' ? analyze({ source: new MemorySource(bytes), format: 'onnx' }, options) : analyze({ text: new TextDecoder('utf-8').decode(bytes), format }, options);
  return { ...numberProblems(a), layers: a.models[0]?.layers.length ?? 0 };
}
