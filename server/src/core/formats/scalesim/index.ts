// The SCALE-Sim topology importer: analyzeScaleSim(text, options) -> FileAnalysis (see analyzeScaleSim.ts).
export { analyzeScaleSim, type ScaleSimOptions } from './analyzeScaleSim';
