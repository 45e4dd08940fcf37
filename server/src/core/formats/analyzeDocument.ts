// One entry for every format: the model language, Caffe prototxt, Darknet cfg, SCALE-Sim
// topologies and Hugging Face configs from their text, ONNX and GGUF from a random-access byte
// source. Each gives the same
// FileAnalysis (the same model graph), so costing, the panel, the language server and the CLI work
// on all of them unchanged. Pure; never throws.
import { analyzeText, type AnalyzeOptions, type FileAnalysis } from '../analyze';
import { analyzeCaffe } from './caffe';
import type { BinaryFormat, ModelFormat } from './common';
import { analyzeDarknet } from './darknet';
import { analyzeGgufSource } from './gguf';
import { analyzeHfConfig } from './hf';
import { analyzeOnnxSource, type ByteSource } from './onnx';
import { analyzeScaleSim } from './scalesim';

export type DocumentInput = { format: Exclude<ModelFormat, BinaryFormat>; text: string } | { format: BinaryFormat; source: ByteSource };

export function analyzeDocument(input: DocumentInput, options: AnalyzeOptions = {}): FileAnalysis {
  const common = { fileName: options.fileName, params: options.params, precision: options.precision };
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
    case 'hf':
      return analyzeHfConfig(input.text, common);
    case 'gguf':
      return analyzeGgufSource(input.source, common);
  }
}
