// Benchmark of the language-model analyses on examples/llama2_70b.nnm (80 layers, 1,283 layers
// with attention taken apart) on h100-sxm: a decode step, a prefill of 2,048 tokens, and a whole
// generation (--phase generate --prompt 2048 --new 128: the prefill and 127 decode steps). Aim: a
// 70B-class model analysed for a full generation in under 50 ms, by the core bundled like the
// server (bundledCore.ts); the same through tsx from the sources for comparison. Median of several
// runs after a warm-up, in wall time and in the process's CPU time (which a machine shared with
// other work inflates less).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze as sourceAnalyze } from '../server/src/core/index';
import { bundledCore } from './bundledCore';
import { cpuMedian, fmtTiming, time } from './stats';


export async function benchLlm(): Promise<string[]> {
  const text = fs.readFileSync(path.join(__dirname, '..', 'examples', 'llama2_70b.nnm'), 'utf8');
  const { analyze } = bundledCore();
  const run = (phase: 'prefill' | 'decode' | 'generate') => analyze({ text }, { target: 'h100-sxm', phase: { phase, prompt: 2048, newTokens: 128 } });
  const g = run('generate');
  const gen = g.generations?.[0];
  const layers = g.models[0].layers.length;
  const lines: string[] = [];
  const cases: [string, 'prefill' | 'decode' | 'generate', number | undefined][] = [
    [`llama2_70b.nnm decode step (${layers.toLocaleString('en-US')} layers)`, 'decode', undefined],
    ['llama2_70b.nnm prefill of 2,048 tokens', 'prefill', undefined],
    ['llama2_70b.nnm generate: prompt 2,048, 128 new tokens', 'generate', 50],
  ];
  for (const [label, phase, aim] of cases) {
    lines.push(fmtTiming(label, time(() => run(phase), 15), aim));
    lines.push(`${'  the same in CPU time'.padEnd(58)} median ${cpuMedian(() => run(phase), 15).toFixed(2).padStart(8)} ms`);
  }
  const fromSource = () => sourceAnalyze({ text }, { target: 'h100-sxm', phase: { phase: 'generate', prompt: 2048, newTokens: 128 } });
  lines.push(fmtTiming('  the generation, from the sources through tsx', time(fromSource, 15)));
  if (gen) lines.push(`  TTFT ${(gen.ttft * 1e3).toFixed(1)} ms, TPOT ${(gen.tpot * 1e3).toFixed(2)} ms, ${gen.tokensPerSecond.toFixed(1)} tokens/s on h100-sxm (decode steps ${gen.method})`);
  return lines;
}
