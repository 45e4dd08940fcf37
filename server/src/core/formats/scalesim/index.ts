// The SCALE-Sim topology importer: analyzeScaleSim(text, options) -> FileAnalysis (see analyzeScaleSim.ts).
export { analyzeScaleSim, type ScaleSimOptions } from './analyzeScaleSim';
import type { TextFormat } from '../format';
import { analyzeScaleSim } from './analyzeScaleSim';

/** A SCALE-Sim topology: a CSV whose header starts with 'Layer name'. */
export const scalesimFormat: TextFormat<'scalesim'> = {
  id: 'scalesim',
  kind: 'text',
  title: 'SCALE-Sim topology',
  extensions: ['.csv'],
  sniff: (head) => /^\s*layer\s*name\s*[,\t]/im.test(head),
  analyze: (text, options) => analyzeScaleSim(text, options),
};
