// Benchmark of a Hugging Face config.json as a model: a 70B-class config (Llama-2-70b: hidden 8192,
// intermediate 28672, 64 heads, 8 KV heads, 80 layers, vocabulary 32,000; 68,976,648,192 params)
// read, built into layers, counted and costed on a GPU target for a whole generation (--phase
// generate: a prefill of 2,048 prompt tokens, then 128 new tokens over the growing context), and
// for its prefill and one decode step on their own. Aim: the whole generation under 50 ms, by the
// core bundled like the server (bundledCore.ts); the generation from the sources through tsx for comparison.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze as sourceAnalyze } from '../server/src/core';
import { bundledCore } from './bundledCore';
import { cpuMedian, fmtTiming, time } from './stats';

/** The published config of meta-llama/Llama-2-70b-hf (test/fixtures/reference/hf, with its reference count). */
const LLAMA_2_70B = fs.readFileSync(path.join(__dirname, '..', 'test', 'fixtures', 'reference', 'hf', 'llama-2-70b', 'config.json'), 'utf8');

export async function benchHfConfig(): Promise<string[]> {
  const { analyze } = bundledCore();
  const opts = { fileName: 'config.json', target: 'h100-sxm' };
  const generate = () => analyze({ text: LLAMA_2_70B }, { ...opts, phase: { phase: 'generate', prompt: 2048, newTokens: 128 } });
  const prefill = () => analyze({ text: LLAMA_2_70B }, { ...opts, phase: { phase: 'prefill', prompt: 2048 } });
  const decode = () => analyze({ text: LLAMA_2_70B }, { ...opts, phase: { phase: 'decode', prompt: 2048 } });
  const g = generate();
  const m = g.models[0];
  const gen = g.generations?.[0];
  return [
    `Llama-2-70b config: ${m.totals.layers} layers, ${m.totals.params} params; generation on h100-sxm (prompt 2048, 128 new): TTFT ${gen?.ttft} s, TPOT ${gen?.tpot} s, ${gen?.tokensPerSecond} tokens/s (${gen?.method}); ${g.diagnostics.length} diagnostics`,
    fmtTiming('Llama-2-70b config.json: read + build + count (no target)', time(() => analyze({ text: LLAMA_2_70B }, { fileName: 'config.json' }), 20), 50),
    fmtTiming('Llama-2-70b config.json: a whole generation (2048 + 128), costed', time(generate, 20), 50),
    fmtTiming('Llama-2-70b config.json: prefill of 2048, costed', time(prefill, 20), 50),
    fmtTiming('Llama-2-70b config.json: one decode step at context 2049, costed', time(decode, 20), 50),
    fmtTiming('  the generation, from the sources through tsx', time(() => sourceAnalyze({ text: LLAMA_2_70B }, { ...opts, phase: { phase: 'generate', prompt: 2048, newTokens: 128 } }), 20)),
    `  CPU time (user + system), median of 20: generation ${cpuMedian(generate, 20)} ms, prefill ${cpuMedian(prefill, 20)} ms, decode ${cpuMedian(decode, 20)} ms`,
  ];
}
