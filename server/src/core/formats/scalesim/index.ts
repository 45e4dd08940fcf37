// The SCALE-Sim topology importer: analyzeScaleSim(text, options) -> FileAnalysis (see analyzeScaleSim.ts).
export { analyzeScaleSim, type ScaleSimOptions } from './analyzeScaleSim';
import { someLineStarts } from '../sniff';
import type { TextFormat } from '../format';
import { analyzeScaleSim } from './analyzeScaleSim';

/** A SCALE-Sim topology: a CSV whose header starts with 'Layer name'. */
export const scalesimFormat: TextFormat<'scalesim'> = {
  id: 'scalesim',
  kind: 'text',
  title: 'SCALE-Sim topology',
  extensions: ['.csv'],
  sniff: (head) => someLineStarts(head, /^layer\s*name\s*[,\t]/i),
  analyze: (text, options) => analyzeScaleSim(text, options),
};
