// Benchmark of a Hugging Face config.json as a model: a 70B-class config (Llama-2-70b: hidden 8192,
// intermediate 28672, 64 heads, 8 KV heads, 80 layers, vocabulary 32,000; 68,976,648,192 params)
// read, built into layers, counted and costed on a GPU target: a prefill of 2,048 tokens and one
// decode step at the context a 128-token generation ends with. Aim: a whole generation under 50 ms.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../server/src/core';
import { cpuMedian, fmtTiming, time } from './stats';

/** The published config of meta-llama/Llama-2-70b-hf (test/fixtures/reference/hf, with its reference count). */
const LLAMA_2_70B = fs.readFileSync(path.join(__dirname, '..', 'test', 'fixtures', 'reference', 'hf', 'llama-2-70b', 'config.json'), 'utf8');

export async function benchHfConfig(): Promise<string[]> {
  const opts = { fileName: 'config.json', target: 'h100-sxm' };
  const prefill = () => analyze({ text: LLAMA_2_70B }, { ...opts, params: { seq: 2048, context: 2048 } });
  const decode = () => analyze({ text: LLAMA_2_70B }, { ...opts, params: { seq: 1, context: 2048 + 128 } });
  const p = prefill();
  const d = decode();
  const m = p.models[0];
  const lines = [
    `Llama-2-70b config: ${m.totals.layers} layers, ${m.totals.params.toLocaleString('en-US')} params; prefill ${(p.costs[0]?.totals.time ?? NaN).toExponential(3)} s, decode step ${(d.costs[0]?.totals.time ?? NaN).toExponential(3)} s on h100-sxm; ${p.diagnostics.length + d.diagnostics.length} diagnostics`,
    fmtTiming('Llama-2-70b config.json: read + build + count (no target)', time(() => analyze({ text: LLAMA_2_70B }, { fileName: 'config.json' }), 20), 50),
    fmtTiming('Llama-2-70b config.json: prefill 2048, costed on h100-sxm', time(prefill, 20), 50),
    fmtTiming('Llama-2-70b config.json: one decode step at context 2176, costed', time(decode, 20), 50),
    fmtTiming('Llama-2-70b config.json: prefill + decode (a generation, two analyses)', time(() => (prefill(), decode()), 20), 50),
    `  CPU time (user + system), median of 20: prefill ${cpuMedian(prefill, 20).toFixed(1)} ms, decode ${cpuMedian(decode, 20).toFixed(1)} ms`,
  ];
  return lines;
}
