// Benchmark of the cost models: the full cost analysis of examples/resnet50.nnm, tile search
// included, on an FPGA target built here with the figures of Zhang et al., FPGA 2015 (VC707, 100 MHz,
// unroll (64, 7), 89.6 GFLOP/s fp32, 4.5 GB/s, 37,080 Kb of block RAM); and the tile search's
// evaluation counts against exhaustive enumeration over ResNet-50's conv layers. Aims: < 50 ms for the
// analysis, >= 100x fewer evaluations. Median of several repetitions after a warm-up.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeText } from '../server/src/core/analyze';
import type { Target } from '../server/src/core/hardware/types';
import { costModel } from '../server/src/core/cost/analyzeCost';
import { nestOf } from '../server/src/core/cost/nest';
import { bruteForceTiles, searchTiles, type SearchSpec } from '../server/src/core/cost/tileSearch';
import { convNestsOf, unrollSearch } from '../server/src/core/cost/unrollSearch';

const FPGA: Target = {
  name: 'bench-vc707',
  title: 'Zhang et al. FPGA 2015 accelerator on a Virtex-7 485T (VC707), built for the benchmark',
  kind: 'fpga',
  clock: { value: 100e6, source: 'Zhang et al., FPGA 2015' },
  peak: { fp32: { value: 89.6e9, source: 'derived: 2 x 448 lanes x 100 MHz' } },
  defaultPrecision: 'fp32',
  memory: [{ name: 'DRAM', bandwidth: { value: 4.5e9, source: 'Zhang et al., FPGA 2015' }, offChip: true }],
  buffer: { value: 4_746_240, source: 'derived: 37,080 Kb of block RAM' },
  unroll: { m: 64, n: 7, source: 'Zhang et al., FPGA 2015' },
  lanes: { value: 448, source: 'derived: 2,240 DSPs / 5 per fp32 lane' },
  execution: 'sequential',
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function timeIt(reps: number, f: () => void, warmUp = 5): number {
  for (let i = 0; i < warmUp; i++) f();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const fmt = (n: number) => n.toLocaleString('en-US');

export async function benchCost(): Promise<string[]> {
  const text = fs.readFileSync(path.join(__dirname, '..', 'examples', 'resnet50.nnm'), 'utf8');
  const model = analyzeText(text).models[0];
  const lines: string[] = [];

  const parseMs = timeIt(21, () => analyzeText(text));
  const costMs = timeIt(21, () => costModel(model, FPGA));
  const costed = costModel(model, FPGA);
  lines.push(`cost: ResNet-50 (${model.layers.length} layers) on ${FPGA.name}: costModel with tile search ${costMs.toFixed(2)} ms (median of 21; aim < 50 ms); analyzeText ${parseMs.toFixed(2)} ms`);
  lines.push(`cost: ResNet-50 on ${FPGA.name}: ${(costed.totals.time * 1e3).toFixed(2)} ms a run, ${fmt(costed.totals.cycles ?? 0)} conv/GEMM cycles, dominant bound ${costed.totals.bound} (${((costed.totals.boundShare ?? 0) * 100).toFixed(1)} % of the time)`);

  // Tile search vs exhaustive enumeration, fixed (64, 7) unroll: both run, same answers.
  const convs = model.layers.filter((l) => l.counted && l.dims?.kind === 'conv');
  let brute = 0;
  let evaluations = 0;
  let probes = 0;
  let same = 0;
  const specs: SearchSpec[] = convs.map((l) => ({ nest: nestOf(l.dims!)!, bytes: 4, ops: l.ops, computeRoof: 89.6e9, bandwidth: 4.5e9, capacity: 4_746_240, pins: { m: 64, n: 7 } }));
  for (const spec of specs) {
    const a = bruteForceTiles(spec);
    const b = searchTiles(spec);
    brute += a.evaluations;
    evaluations += b.evaluations;
    probes += b.probes;
    if (JSON.stringify(a.best) === JSON.stringify(b.best)) same++;
  }
  const searchMs = timeIt(15, () => specs.forEach((s) => searchTiles(s)));
  const bruteMs = timeIt(3, () => specs.forEach((s) => bruteForceTiles(s)), 1);
  lines.push(`cost: tile search, ${convs.length} ResNet-50 conv layers at (64, 7), 4.6 MB: ${fmt(brute)} tiles enumerated vs ${fmt(evaluations)} evaluated (${(brute / evaluations).toFixed(0)}x fewer) + ${fmt(probes)} bound/buffer checks (${(brute / (evaluations + probes)).toFixed(0)}x fewer in all); identical answers ${same}/${convs.length}; ${searchMs.toFixed(2)} ms vs ${bruteMs.toFixed(2)} ms`);

  // All four factors free (no fixed unroll), 256 KiB: the enumeration is too large to run; its size is M N R C.
  let space = 0;
  let ev4 = 0;
  let pr4 = 0;
  const free = specs.map((s) => ({ ...s, pins: {}, capacity: 256 * 1024 }));
  for (const spec of free) {
    const r = searchTiles(spec);
    space += r.space;
    ev4 += r.evaluations;
    pr4 += r.probes;
  }
  const freeMs = timeIt(15, () => free.forEach((s) => searchTiles(s)));
  lines.push(`cost: tile search, all four factors free, 256 KiB: ${fmt(space)} tiles in the space vs ${fmt(ev4)} evaluated (${(space / ev4).toExponential(2)}x fewer) + ${fmt(pr4)} checks (${(space / (ev4 + pr4)).toExponential(2)}x in all); ${freeMs.toFixed(2)} ms`);

  // Cross-layer unroll search within 448 lanes.
  const nests = convNestsOf(model);
  const u = unrollSearch(nests, 448)!;
  const unrollMs = timeIt(15, () => unrollSearch(nests, 448));
  const at647 = nests.reduce((s, n) => s + Math.ceil(n.m / 64) * Math.ceil(n.n / 7) * n.r * n.c * n.kh * n.kw * n.repeat, 0);
  lines.push(`cost: unroll search, ResNet-50 within 448 lanes: (${u.best.unroll.m}, ${u.best.unroll.n}) ${fmt(u.best.cycles)} cycles (vs ${fmt(at647)} at (64, 7)), ${fmt(u.evaluations)} pairs, ${unrollMs.toFixed(2)} ms`);
  return lines;
}
