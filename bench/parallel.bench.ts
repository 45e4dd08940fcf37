// Benchmark of `roofline plan` on a 70B model: every tensor x pipeline x expert parallel plan of up
// to 64 devices (powers of two: 84 plans) for Llama-2-70B's config on h100-sxm, each judged on a
// generation of 2,048 + 128 tokens (a prefill and a decode step costed once per distinct split of
// the layers, the pipelines derived from those). Aim: under 1 s. Also one analysis under tp=8.
// Median of several runs after a warm-up, in wall time and in CPU time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, planSearch } from '../server/src/core/index';
import { cpuMedian, fmtTiming, time } from './stats';

const CONFIG = fs.readFileSync(path.join(__dirname, '..', 'test', 'fixtures', 'reference', 'hf', 'llama-2-70b', 'config.json'), 'utf8');

export async function benchParallel(): Promise<string[]> {
  const options = { fileName: 'config.json', target: 'h100-sxm' };
  const search = () => {
    const r = planSearch({ text: CONFIG }, options, { budget: 64, prompt: 2048, newTokens: 128, dimensions: ['tp', 'pp', 'ep'] });
    if ('error' in r) throw new Error(r.error);
    return r;
  };
  const r = search();
  const tp8 = () => analyze({ text: CONFIG }, { ...options, params: { seq: 1, context: 2048 }, parallel: { tp: 8, pp: 1, ep: 1, dp: 1 } });
  const share = tp8().costs[0].parallel?.communication.share ?? NaN;
  return [
    `Llama-2-70b config, prompt 2,048 + 128 new tokens, tp x pp x ep up to 64 devices: ${r.search.candidates.length} plans; smallest that fits ${r.search.smallest?.text}; fastest prefill ${r.search.fastest.prefill?.text}, fastest decode ${r.search.fastest.decode?.text}`,
    fmtTiming('roofline plan: every tp x pp x ep plan of up to 64 devices', time(search, 5, 1), 1000),
    `${'  the same in CPU time'.padEnd(58)} median ${cpuMedian(search, 5).toFixed(2).padStart(8)} ms`,
    fmtTiming('analyze --tp 8: one decode step (1,445 layers)', time(tp8, 10)),
    `  communication: ${(share * 100).toFixed(1)}% of the decode step's time at tp=8`,
  ];
}
