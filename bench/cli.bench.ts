// Benchmark of the command line on large generated models, as a user runs it: `node bin/roofline.js
// analyze chain.nnm --target h100-sxm --format json` in a child process, its wall time and its peak
// resident memory (the child's maxRSS), on chains of 1,000, 10,000 and 100,000 layers (the last at
// the layer limit, LIMITS.layers). The time per layer across the three sizes shows whether the
// analysis stays linear in the layers. Figures only.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateChainModel } from './generate';

const ROOT = path.join(__dirname, '..');
/** Prints the child's peak resident memory (KiB) on standard error as it exits. */
const PEAK = "process.on('exit', () => process.stderr.write('\\nmaxRSS ' + process.resourceUsage().maxRSS + '\\n'))";

interface Run {
  ms: number;
  peakMb: number;
  outBytes: number;
}

function runCli(file: string): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-e', `${PEAK}; process.argv.splice(1, 0, 'roofline'); require(${JSON.stringify(path.join(ROOT, 'dist', 'cli.js'))})`, 'analyze', file, '--target', 'h100-sxm', '--format', 'json'], {
    maxBuffer: 1024 * 1024 * 1024,
    encoding: 'buffer',
  });
  const ms = performance.now() - t0;
  const err = r.stderr.toString();
  if (r.status !== 0) throw new Error(`roofline exited ${r.status}: ${err.slice(0, 400)}`);
  const peak = /maxRSS (\d+)/.exec(err);
  return { ms, peakMb: peak ? Number(peak[1]) / 1024 : NaN, outBytes: r.stdout.length };
}

export async function benchCli(): Promise<string[]> {
  const lines: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-cli-bench-'));
  try {
    const perLayer: string[] = [];
    // n - 10 chain layers and the output's pooling (the largest within the limit of 100,000
    // statements a body: the input, the param and the output are statements too).
    for (const size of [1_000, 10_000, 100_000]) {
      const layers = size - 9;
      const file = path.join(dir, `chain${size}.nnm`);
      fs.writeFileSync(file, generateChainModel(layers - 1));
      const runs = size === 100_000 ? 3 : 5;
      const samples: Run[] = [];
      for (let i = 0; i < runs; i++) samples.push(runCli(file));
      samples.sort((a, b) => a.ms - b.ms);
      const med = samples[Math.floor(runs / 2)];
      const peak = Math.max(...samples.map((s) => s.peakMb));
      const aim = size === 100_000 ? `  (aim < 1500 ms and 300 MB: ${med.ms < 1500 && peak < 300 ? 'met' : 'NOT met'})` : '';
      lines.push(
        `roofline analyze --target h100-sxm --format json, ${layers.toLocaleString('en-US')} layers: median ${med.ms.toFixed(0)} ms, min ${samples[0].ms.toFixed(0)} ms, peak RSS ${peak.toFixed(0)} MB, JSON ${(med.outBytes / 1e6).toFixed(1)} MB, n=${runs}${aim}`,
      );
      perLayer.push(`${layers.toLocaleString('en-US')}: ${((1000 * med.ms) / layers).toFixed(1)} µs`);
    }
    lines.push(`  time per layer (node start-up included, about 60 ms): ${perLayer.join(', ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
