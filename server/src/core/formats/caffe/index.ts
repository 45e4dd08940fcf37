// The Caffe prototxt importer: analyzeCaffe(text, options) -> FileAnalysis (see analyzeCaffe.ts).
export { analyzeCaffe, type CaffeOptions } from './analyzeCaffe';
import { someLineStarts } from '../sniff';
import type { TextFormat } from '../format';
import { analyzeCaffe } from './analyzeCaffe';

/** Caffe's network description: a prototxt with layer { } blocks, or the old input_dim header. */
export const caffeFormat: TextFormat<'caffe'> = {
  id: 'caffe',
  kind: 'text',
  title: 'Caffe prototxt',
  extensions: ['.prototxt'],
  languageId: 'caffe-prototxt',
  sniff: (head) => someLineStarts(head, /^(layers?\s*\{|input_dim\s*:|input\s*:\s*"|name\s*:\s*")/),
  analyze: (text, options) => analyzeCaffe(text, options),
};
