// A Hugging Face config.json as a model: `model_type` names the family (families.ts), its keys
// give the sizes, and the class in `architectures` gives the head (heads.ts); build.ts makes the
// layers. Every layer's span is the config key that sizes it, so diagnostics land on that key.
// Never throws: bad JSON is a located syntax error, a bad key an RL811 error at it, an unknown
// family RL810, an unknown class RL812 (the base model is analysed).
import type { FileAnalysis } from '../../analyze';
import { diag } from '../../diagnostics/catalogue';
import type { Diagnostic, Span } from '../../diagnostics/types';
import { member, parseJsonWithOffsets } from '../../hardware/jsonWithOffsets';
import type { Precision, PrecisionOption } from '../../precision';
import { importedAnalysis } from '../common';
import { buildTransformer } from '../transformer/build';
import { MAX_BLOCKS, type TransformerSpec } from '../transformer/spec';
import { ConfigReader } from './configReader';
import { FAMILIES, familyOf, type Family } from './families';
import { headFor, type HeadChoice } from './heads';

export interface HfOptions {
  fileName?: string;
  /** Overrides of batch, seq and context. */
  params?: Record<string, number>;
  /** Overrides the precision of torch_dtype (one datatype, or one per role). */
  precision?: PrecisionOption;
}

/** torch_dtype as a precision (fp32 when absent, as torch builds a model by default). */
const DTYPES: Record<string, Precision> = { float32: 'fp32', float16: 'fp16', bfloat16: 'bf16', float: 'fp32', half: 'fp16' };

/** The first class in `architectures` and its head; the base model with a warning for a class not modelled. */
function chooseHead(r: ConfigReader, family: Family, modelType: string): { cls: string; choice: HeadChoice } {
  const classes = r.strings('architectures') ?? [];
  const first = classes[0];
  const base = `${family.classStem}Model`;
  const choice = first ? headFor(first.value, family, r) : undefined;
  if (first && choice) return { cls: first.value, choice };
  const span = first?.span ?? r.span('architectures');
  r.diagnostics.push(diag('RL812', span, first ? `'${first.value}' is not a ${modelType} class the tool models: the base model ${base} is analysed, without its head` : `'architectures' names no class: the base model ${base} is analysed`));
  return { cls: base, choice: { head: { kind: 'none', pooler: false }, prefix: '' } };
}

export function analyzeHfConfig(text: string, options: HfOptions = {}): FileAnalysis {
  const parsed = parseJsonWithOffsets(text);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const root = parsed.value;
  if (!root) return importedAnalysis(text, [], diagnostics);
  const top: Span = { start: root.start, end: root.start + 1 };
  if (root.kind !== 'object') return importedAnalysis(text, [], [diag('RL811', top, 'a model config is a JSON object with model_type and architectures')]);
  const r = new ConfigReader(root, diagnostics, 'the config');
  const modelType = member(root, 'model_type');
  if (!modelType || modelType.value.kind !== 'string') {
    diagnostics.push(diag('RL811', r.span('model_type'), "the config has no 'model_type' (a string such as \"llama\"): it does not say which model it describes"));
    return importedAnalysis(text, [], diagnostics);
  }
  const family = familyOf(modelType.value.value);
  if (!family) {
    diagnostics.push(diag('RL810', { start: modelType.value.start, end: modelType.value.end }, `model_type '${modelType.value.value}' is not supported (supported: ${Object.keys(FAMILIES).join(', ')})`));
    return importedAnalysis(text, [], diagnostics);
  }
  const body = family.read(r);
  if (body.layers > MAX_BLOCKS) {
    diagnostics.push(diag('RL811', r.span('num_hidden_layers', 'n_layer'), `${body.layers} blocks: at most ${MAX_BLOCKS} are built`));
    return importedAnalysis(text, [], diagnostics);
  }
  const { cls, choice } = chooseHead(r, family, modelType.value.value);
  const dtype = r.string('torch_dtype');
  const precision = options.precision ?? (dtype !== undefined ? DTYPES[dtype] : undefined) ?? 'fp32';
  const spec: TransformerSpec = { ...body, name: r.string('_name_or_path') ?? cls, naming: family.naming, prefix: choice.prefix, head: choice.head };
  const { model, diagnostics: built } = buildTransformer(spec, {
    precision,
    params: options.params,
    span: (role) => {
      const keys = family.keys[role];
      return keys && r.has(...keys) ? r.span(...keys) : undefined;
    },
    paramSpan: (name) => (name === 'batch' ? undefined : r.has('max_position_embeddings', 'n_positions') ? r.span('max_position_embeddings', 'n_positions') : undefined),
    modelSpan: { start: root.start, end: root.end },
  });
  return importedAnalysis(text, [model], [...diagnostics, ...built]);
}
