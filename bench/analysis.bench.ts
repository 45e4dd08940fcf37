// Benchmark of the analysis without hardware: parse + name resolution + shape inference + counts,
// on examples/resnet50.nnm, on a generated 10,000-layer model, and on a hostile file of 50,000
// calls of unknown operators (each an RL301 with its "did you mean": a fuzzed file of this shape
// once took 5.3 s; text/suggest.ts skips candidates by length, ops/table.ts operatorSuggestion
// makes a name's suggestion once).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../server/src/core/analyze';
import { generateChainModel } from './generate';
import { fmtTiming, time } from './stats';

export async function benchAnalysis(): Promise<string[]> {
  const resnet = fs.readFileSync(path.join(__dirname, '..', 'examples', 'resnet50.nnm'), 'utf8');
  const big = generateChainModel(10_000);
  const bigLayers = analyzeText(big).models[0].totals.layers;
  const unknownCalls = ['model m {', '  input x: [1, 8]', ...Array.from({ length: 10_000 }, (_, i) => `  y${i} = frob(frob(frob(frob(frobnicate(x)))))`), '}', ''].join('\n');
  const unknown = analyzeText(unknownCalls).diagnostics.filter((d) => d.code === 'RL301').length;
  return [
    fmtTiming('parse + infer + count: resnet50.nnm (175 layers)', time(() => analyzeText(resnet), 200), 5),
    fmtTiming(`parse + infer + count: generated model (${bigLayers.toLocaleString('en-US')} layers)`, time(() => analyzeText(big), 30), 150),
    fmtTiming(`the same: ${unknown.toLocaleString('en-US')} calls of unknown operators (RL301 each)`, time(() => analyzeText(unknownCalls), 5)),
  ];
}
