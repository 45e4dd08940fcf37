// Darknet .cfg -> FileAnalysis. The [net] section gives the input [batch, channels, height, width];
// every later section is one Darknet layer (index 0, 1, ... as Darknet prints them), converted by
// layers.ts, each fed by the layer before it unless it names others ([route], [shortcut]).
// Model parameters: `width` and `height` (from [net]) and `batch`, which is 1 unless overridden:
// a cfg's `batch=` is its training batch (split into `subdivisions`), not an inference batch, and
// the analysis says so where the file sets it. Never throws.
import type { FileAnalysis } from '../../analyze';
import { diag } from '../../diagnostics/catalogue';
import type { Diagnostic, Span } from '../../diagnostics/types';
import { toRoles, type PrecisionOption } from '../../precision';
import { GraphBuilder, type GraphTensor } from '../../semantics/graphBuilder';
import { checkParamOverrides, importedAnalysis, modelNameFromFile } from '../common';
import { parseCfg } from './cfg';
import { DarknetContext, type Section } from './context';
import { CONVERTERS, baseName } from './layers';
import { Options } from './options';

export interface DarknetOptions {
  fileName?: string;
  /** Model parameters to override: `width`, `height`, `batch`. */
  params?: Record<string, number>;
  precision?: PrecisionOption;
}

const PARAMS = ['width', 'height', 'batch'];

export function analyzeDarknet(text: string, options: DarknetOptions = {}): FileAnalysis {
  const parsed = parseCfg(text);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const roles = toRoles(options.precision ?? 'fp32');
  const precision = roles.activations;
  const modelName = modelNameFromFile(options.fileName, 'darknet');
  const b = new GraphBuilder(modelName, roles, { start: 0, end: text.length });
  const ctx = new DarknetContext(b, diagnostics, precision);
  const overrides = options.params ?? {};

  let sections = parsed.sections;
  const net = sections[0] && (sections[0].type === 'net' || sections[0].type === 'network') ? sections[0] : undefined;
  if (net) sections = sections.slice(1);
  else diagnostics.push(diag('RL703', sections[0]?.header ?? { start: 0, end: 0 }, 'the first section must be [net] (or [network]), with width, height and channels'));
  const noSpan: Span = net?.header ?? { start: 0, end: 0 };
  // An invalid value is an RL209 here; the input is then unknown, as the file's own would make it.
  checkParamOverrides(modelName, overrides, PARAMS, noSpan, diagnostics);

  let input: GraphTensor;
  if (net) {
    const o = new Options(net, diagnostics, `[${net.type}]`);
    const value = (key: string, fallback: number): number => overrides[key] ?? o.int(key, fallback, 0);
    const spanOf = (key: string): Span => o.option(key)?.valueSpan ?? net.header;
    const width = value('width', 0);
    const height = value('height', 0);
    const channels = o.int('channels', 0, 0);
    const batch = overrides.batch ?? 1;
    b.param('width', width, spanOf('width'), overrides.width !== undefined);
    b.param('height', height, spanOf('height'), overrides.height !== undefined);
    b.param('batch', batch, spanOf('batch'), overrides.batch !== undefined);
    const fileBatch = o.option('batch');
    if (fileBatch && fileBatch.value !== '1' && overrides.batch === undefined) {
      const sub = o.option('subdivisions');
      diagnostics.push(diag('RL706', fileBatch.valueSpan, `batch=${fileBatch.value} is Darknet's training batch${sub ? ` (run in subdivisions=${sub.value})` : ''}: the analysis uses batch 1 (set another with --param batch=N)`));
    }
    const missing = (['width', 'height', 'channels'] as const).filter((_k, i) => !(Number.isInteger([width, height, channels][i]) && [width, height, channels][i] > 0));
    for (const k of missing) {
      if (k === 'channels' || overrides[k] === undefined) o.fail(k, `'${k}' must be given and positive${k === 'channels' ? '' : ` (or set it with --param ${k}=N)`}`);
    }
    const known = !missing.length && Number.isInteger(batch) && batch > 0;
    input = b.input('data', known ? [batch, channels, height, width] : null, precision, net.header, known ? ['batch', channels, 'height', 'width'] : undefined);
  } else {
    input = b.input('data', null, precision, noSpan);
  }

  let x = input;
  sections.forEach((section, index) => {
    const s: Section = { index, section, o: new Options(section, diagnostics, `[${section.type}] (layer ${index})`), base: `${baseName(section.type)}${index}` };
    const convert = Object.prototype.hasOwnProperty.call(CONVERTERS, section.type) ? CONVERTERS[section.type] : undefined;
    x = convert
      ? convert(ctx, s, x)
      : ctx.uncounted(s, section.type, [x], null, `unknown Darknet section [${section.type}] (layer ${index}): not counted, and the layers it feeds are not counted either`, 'RL702');
    ctx.outputs[index] = x;
  });

  const model = b.finish();
  model.layers.forEach((l, i) => (l.statement = ctx.statements[i] ?? l.statement));
  return importedAnalysis(text, [model], [...diagnostics, ...b.diagnostics]);
}
