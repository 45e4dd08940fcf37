// A GGUF file as a model, from its header alone (header.ts; the tensor data is never read): the
// layers from `general.architecture` and its keys (toSpec.ts, built by transformer/build.ts), each
// layer's weight bytes at the ggml types of its tensors (layerWeights.ts), and the file's own
// weights summed over its tensor infos (`weights`: params and bytes, exact). Layers compute at fp16
// (activations and KV cache) unless a precision is given; the weights are at their stored types,
// whatever the option says.
// Never throws: a corrupt or truncated header is one RL801 error at the byte offset where reading
// failed; another format or version RL802; an architecture that is not modelled RL804 (the weights
// are still summed); tensors that no layer holds RL807.
import { formatCount } from '../../../protocol/format';
import type { FileAnalysis } from '../../analyze';
import { diag } from '../../diagnostics/catalogue';
import type { Diagnostic } from '../../diagnostics/types';
import type { PrecisionOption } from '../../precision';
import type { ModelResult } from '../../semantics/model';
import { totalsOf } from '../../semantics/layerBuilder';
import { importedAnalysis, modelNameFromFile } from '../common';
import type { ByteSource } from '../onnx/byteSource';
import { buildTransformer } from '../transformer/build';
import { GgufError } from './cursor';
import { readGgufHeader, type GgufHeader } from './header';
import { applyStoredBytes } from './layerWeights';
import { storedWeights, tensorSize } from './storedWeights';
import { GGUF_ARCHES, ggufString, specFromGguf } from './toSpec';

export interface GgufOptions {
  fileName?: string;
  /** Overrides of batch, seq and context. */
  params?: Record<string, number>;
  /** The precision layers compute at and keep their KV cache in (fp16 by default); the weights are as stored. */
  precision?: PrecisionOption;
}

const NO_SPAN = { start: 0, end: 0 };

function emptyModel(name: string): ModelResult {
  return { name, span: NO_SPAN, nameSpan: NO_SPAN, params: [], inputs: [], layers: [], totals: totalsOf([]) };
}

function analyzeHeader(h: GgufHeader, size: number, options: GgufOptions): FileAnalysis {
  const diagnostics: Diagnostic[] = h.problems.map((p) => diag('RL806', NO_SPAN, `${p.message} (at byte ${p.offset})`));
  const sizes = h.tensors.map(tensorSize);
  for (const s of sizes) if (s.problem) diagnostics.push(diag('RL803', NO_SPAN, `${s.problem} (tensor info at byte ${s.info.at})`));
  const weights = storedWeights(sizes);
  const end = sizes.reduce((e, s) => Math.max(e, h.dataOffset + s.info.offset + (s.bytes ?? 0)), h.dataOffset);
  if (h.tensors.length > 0 && end > size) diagnostics.push(diag('RL806', NO_SPAN, `the tensor data ends at byte ${formatCount(end)} but the file has ${formatCount(size)} bytes: it is truncated (the header is whole and is analysed)`));

  const fallbackName = modelNameFromFile(options.fileName, 'gguf');
  const arch = ggufString(h, 'general.architecture');
  if (arch === undefined) {
    diagnostics.push(diag('RL805', NO_SPAN, 'general.architecture is missing (a string such as "llama"): no layers are built; the weights are summed from the tensor infos'));
    return importedAnalysis('', [{ ...emptyModel(fallbackName), weights }], diagnostics);
  }
  if (!(arch in GGUF_ARCHES)) {
    diagnostics.push(diag('RL804', NO_SPAN, `architecture '${arch}' is not modelled (modelled: ${Object.keys(GGUF_ARCHES).join(', ')}): no layers are built; the weights are summed from the tensor infos`));
    return importedAnalysis('', [{ ...emptyModel(ggufString(h, 'general.name') ?? fallbackName), weights }], diagnostics);
  }
  const { spec, diagnostics: specProblems } = specFromGguf(h, arch, fallbackName);
  diagnostics.push(...specProblems);
  if (!spec) return importedAnalysis('', [{ ...emptyModel(ggufString(h, 'general.name') ?? fallbackName), weights }], diagnostics);
  const { model, diagnostics: built } = buildTransformer(spec, { precision: options.precision ?? 'fp16', params: options.params });
  diagnostics.push(...built);
  const orphans = applyStoredBytes(model, sizes);
  // The weights in memory are the file's, at their stored types (not params x a datatype).
  model.totals = { ...totalsOf(model.layers), weightBytes: weights.bytes };
  model.weights = weights;
  if (model.totals.params !== weights.params || orphans.length > 0) {
    const listed = orphans.slice(0, 5).map((o) => `${o.info.name} (${formatCount(o.elements)})`).join(', ');
    const more = orphans.length > 5 ? ` and ${orphans.length - 5} more` : '';
    diagnostics.push(diag('RL807', NO_SPAN, `the layers built from the metadata hold ${formatCount(model.totals.params)} params, the file's tensors ${formatCount(weights.params)}${orphans.length ? `; tensors no layer holds: ${listed}${more}` : ''}`));
  }
  return importedAnalysis('', [model], diagnostics);
}

export function analyzeGgufSource(source: ByteSource, options: GgufOptions = {}): FileAnalysis {
  try {
    return analyzeHeader(readGgufHeader(source), source.size, options);
  } catch (e) {
    if (e instanceof GgufError) {
      const where = `(at byte ${e.offset} of ${source.size})`;
      return importedAnalysis('', [], [e.kind === 'unsupported' ? diag('RL802', NO_SPAN, `${e.message} ${where}`) : diag('RL801', NO_SPAN, `${e.message} ${where}`)]);
    }
    // Not expected: a bug, reported rather than thrown (the core never throws on bad input).
    return importedAnalysis('', [], [diag('RL801', NO_SPAN, `internal error while reading the header: ${String(e)}`)]);
  }
}
