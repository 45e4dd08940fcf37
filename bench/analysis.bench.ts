// Benchmark of the analysis without hardware: parse + name resolution + shape inference + counts,
// on examples/resnet50.nnm and on a generated 10,000-layer model.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../server/src/core/analyze';
import { generateChainModel } from './generate';
import { fmtTiming, time } from './stats';

export async function benchAnalysis(): Promise<string[]> {
  const resnet = fs.readFileSync(path.join(__dirname, '..', 'examples', 'resnet50.nnm'), 'utf8');
  const big = generateChainModel(10_000);
  const bigLayers = analyzeText(big).models[0].totals.layers;
  return [
    fmtTiming('parse + infer + count: resnet50.nnm (175 layers)', time(() => analyzeText(resnet), 200), 5),
    fmtTiming(`parse + infer + count: generated model (${bigLayers.toLocaleString('en-US')} layers)`, time(() => analyzeText(big), 30), 150),
  ];
}
