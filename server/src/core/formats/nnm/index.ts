// The model language itself (.nnm) as a format of the registry: any printable text that no other
// format claims is read as a model file (analyze.ts). analyzeDocument has checked the text's size
// limits already: the text is parsed and analysed without a second look.
import { analyzeParsed } from '../../analyze';
import { parse } from '../../syntax/parser';
import { looksBinary, type TextFormat } from '../format';

export const nnmFormat: TextFormat<'nnm'> = {
  id: 'nnm',
  kind: 'text',
  title: 'Neural Network Model',
  extensions: ['.nnm'],
  languageId: 'nnm',
  sniff: (head) => !looksBinary(head),
  analyze: (text, options) => analyzeParsed(text, parse(text), options),
};
