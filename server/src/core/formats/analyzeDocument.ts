// One entry for every format: the model language, Caffe prototxt, Darknet cfg and SCALE-Sim
// topologies from their text, ONNX from a random-access byte source. Each gives the same
// FileAnalysis (the same model graph), so costing, the panel, the language server and the CLI work
// on all of them unchanged. Pure; never throws.
import { analyzeText, type AnalyzeOptions, type FileAnalysis } from '../analyze';
import { analyzeCaffe } from './caffe';
import { importedAnalysis, type ModelFormat } from './common';
import { textLimitDiagnostic } from '../diagnostics/limitDiagnostics';
import { analyzeDarknet } from './darknet';
import { analyzeOnnxSource, type ByteSource } from './onnx';
import { analyzeScaleSim } from './scalesim';

export type DocumentInput = { format: Exclude<ModelFormat, 'onnx'>; text: string } | { format: 'onnx'; source: ByteSource };

export function analyzeDocument(input: DocumentInput, options: AnalyzeOptions = {}): FileAnalysis {
  const common = { fileName: options.fileName, params: options.params, precision: options.precision };
  // Text past the limits is not parsed at all (the model language checks in analyzeText).
  const tooLarge = input.format !== 'onnx' && input.format !== 'nnm' ? textLimitDiagnostic(input.text) : undefined;
  if (tooLarge && input.format !== 'onnx') return importedAnalysis(input.text, [], [tooLarge]);
  switch (input.format) {
    case 'nnm':
      return analyzeText(input.text, options);
    case 'caffe':
      return analyzeCaffe(input.text, common);
    case 'darknet':
      return analyzeDarknet(input.text, common);
    case 'scalesim':
      return analyzeScaleSim(input.text, common);
    case 'onnx':
      return analyzeOnnxSource(input.source, common);
  }
}
