// The words of RL209 for a `--param` override that names no parameter of the model, the same for
// every format: the model language's evaluator and the importers' one check (formats/common.ts).
import { didYouMean } from '../text/suggest';

/** "model 'm' has no parameter 'x' (did you mean 'y'?) (parameters: a, b)", or "(parameters: none)". */
export function noParameterMessage(model: string, name: string, names: readonly string[]): string {
  return `model '${model}' has no parameter '${name}'${didYouMean(name, names)} (parameters: ${names.join(', ') || 'none'})`;
}
