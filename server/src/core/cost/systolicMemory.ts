// Memory of a systolic array: the SRAM and DRAM accesses of each operand (ifmap, filter, ofmap) and
// the stall cycles when DRAM cannot feed the array at its rate. Source: SCALE-Sim v2
// (scalesim-project/scale-sim-v2, commit 22f88b1): the demand counts of scalesim/compute/
// systolic_compute_{os,ws,is}.py, and the double-buffered scratchpad of scalesim/memory/
// (read_buffer.py, write_buffer.py, double_buffered_scratchpad_mem.py) in InterfaceBandwidth USER mode.
// Two ways to the DRAM words and stalls:
// - the exact replay (systolicReplay.ts, systolicBuffers.ts): SCALE-Sim's demand run line by line
//   through its buffers, when each operand has its own DRAM port of whole words a cycle (a SCALE-Sim
//   .cfg), the layer's geometry is known and the replay visits at most `replayLimit` entries
//   (REPLAY_WORK by default; `roofline simulate --exact` lifts it);
// - the closed form below otherwise (larger layers, and a catalog target whose operands share one
//   off-chip bandwidth).
//
// SRAM accesses (words, exactly SCALE-Sim's counts either way; Sr, Sc, T and the folds as in systolic.ts):
//   ws: ifmap reads = colFolds x px x win   filter reads = win x filters   ofmap writes = rowFolds x px x filters
//   os: ifmap reads = colFolds x px x win   filter reads = rowFolds x win x filters
//       ofmap writes = px x filters + folds x (AR + AC)   (SCALE-Sim also counts each fold's edge)
//   is: ifmap reads = px x win              filter reads = colFolds x win x filters
//       ofmap writes = rowFolds x px x filters
// SRAM writes are the words DRAM brings in (ifmap, filter), SRAM ofmap reads the words drained out.
//
// Closed form. Each read operand has an SRAM of S words split in halves: the active half A = ceil(S / 2),
// which the array reads, and the prefetch half P = S - A, filled from DRAM meanwhile. The operand's
// sequence (its operand matrix in prefetch order, L words) is swept `passes` times (the stationary
// operand once; a streamed one once per fold of the other array dimension, unless it fits in the
// active half):
//   DRAM reads  = ceil(padded L / bw) x bw                        when the whole sequence fits (L <= A)
//               = ceil(A / bw) x bw + n x ceil(P / bw) x bw        otherwise, n = ceil((passes L - A) / P)
// The first active half is loaded before cycle 0 (SCALE-Sim's convention); the n-th prefetch ends at
// n x (ceil(P / bw) + 1) cycles and is needed once the array has read A + (n - 1) P words of the
// sweeps, at that fraction of the compute cycles C. So the operand's last read comes at
//   R = n (ceil(P / bw) + 1) + C (1 - (A + (n - 1) P) / (passes L)).
// The ofmap SRAM drains half of itself (H = floor(S / 2) words) at a time:
//   W = R_ofmap = C H / W_total + (W_total - H) / bw   when W_total > H (else 0).
// cycles = max(C, R_ifmap, R_filter, R_ofmap); stall cycles = cycles - C. DRAM writes = ofmap writes.
// `bw` is DRAM words a cycle per operand (SCALE-Sim gives each operand its own port of `Bandwidth`
// words); a chip whose operands share one off-chip bandwidth gives each a part in proportion to its
// DRAM words, and its first fills are not free: cycles >= all DRAM words / bw (a model runs layer after
// layer; SCALE-Sim runs one layer and loads the first halves before cycle 0). CALC mode (SCALE-Sim's
// estimated bandwidth) has no stalls.
//
// Tolerance, against the 19 real SCALE-Sim runs committed under test/fixtures/reference/scalesim/ (52
// USER-mode layers: test/accel.scalesimReference.test.ts, test/accel.scalesimUser.test.ts):
// - replay: exact on all 52 (DRAM words of each operand, stall cycles, total cycles);
// - both: compute cycles, SRAM words of every operand, Mapping Efficiency and Compute Util exact; CALC
//   total cycles exact;
// - closed form: total cycles within 5% on 15 of the 52, where SCALE-Sim's window slides forward only
//   (os and ws with SRAMs of several fold blocks); elsewhere SCALE-Sim's window re-fetches whole sweeps
//   when a demand falls just behind it (small SRAMs, the is dataflow, GEMMs), which the closed form
//   does not count: SCALE-Sim reads 2x to 40x its DRAM words there and stalls longer
//   (approximation `systolicResweep`).
import type { Dataflow, SystolicMapping } from './systolic';
import { replayScaleSim, replayWork, type ScaleSimGeometry } from './systolicReplay';

/**
 * Largest replay by default, in entries visited (systolicReplay.ts replayWork): 10 to 25 ms. Larger
 * layers get the closed form.
 */
export const REPLAY_WORK = 500_000;

export type Operand = 'ifmap' | 'filter' | 'ofmap';

export interface OperandAccesses {
  reads: number;
  writes: number;
}

/** Words read and written per operand at one level. */
export type LevelAccesses = Record<Operand, OperandAccesses>;

export interface Accesses {
  sram: LevelAccesses;
  dram: LevelAccesses;
}

export interface SramWords {
  ifmap: number;
  filter: number;
  ofmap: number;
}

export interface ArrayMemory {
  /** SRAM of each operand, in words. */
  sram: SramWords;
  /** DRAM words a cycle: per operand port ('ports'), or one bandwidth the three share ('shared'). */
  bandwidth: number;
  sharing: 'ports' | 'shared';
  /** 'user': stalls modelled; 'calc': SCALE-Sim's estimated bandwidth, no stalls. */
  mode: 'user' | 'calc';
  /** Largest exact replay, in entries visited (replayWork); default REPLAY_WORK. */
  replayLimit?: number;
}

export interface SystolicLayerShape {
  ofmapPixels: number;
  window: number;
  filters: number;
}

export interface MemoryResult {
  accesses: Accesses;
  computeCycles: number;
  stallCycles: number;
  cycles: number;
  /** The operand whose DRAM traffic sets the cycles (absent without stalls). */
  limitedBy?: Operand;
  /** Closed form only: an operand's sequence does not fit in its active half (SCALE-Sim re-fetches more). */
  resweeps: boolean;
  /** True when the figures come from the exact replay of SCALE-Sim's buffers (systolicReplay.ts). */
  replayed: boolean;
}

interface ReadStream {
  /** Words of the operand's sequence (non-null entries), and with SCALE-Sim's null padding. */
  words: number;
  padded: number;
  /** Words the fold (column fold fc, row fold fr; fc outer, as SCALE-Sim runs them) reads from the sweeps. */
  block: (fc: number, fr: number) => number;
}

function readStreams(df: Dataflow, layer: SystolicLayerShape, m: SystolicMapping, rows: number, cols: number, sram: SramWords): { ifmap: ReadStream; filter: ReadStream } {
  const { ofmapPixels: px, window: win, filters } = layer;
  const usedRows = (fr: number) => Math.min(rows, m.sr - fr * rows);
  const usedCols = (fc: number) => Math.min(cols, m.sc - fc * cols);
  if (df === 'ws') {
    // ifmap: every fold streams px pixels of its rows of the window (swept again for each column fold);
    // filter: each fold loads its block once.
    return {
      ifmap: { words: px * win, padded: px * m.rowFolds * rows, block: (_fc, fr) => px * usedRows(fr) },
      filter: { words: win * filters, padded: win * m.colFolds * cols, block: (fc, fr) => usedRows(fr) * usedCols(fc) },
    };
  }
  if (df === 'os') {
    // ifmap: each fold streams its pixels' windows (swept again for each column fold); filter: a
    // column fold's block is read by each of its row folds, from DRAM again unless it stays in the
    // active half.
    const block = win * Math.min(cols, filters);
    const stays = block <= Math.ceil(sram.filter / 2);
    return {
      ifmap: { words: px * win, padded: win * m.rowFolds * rows, block: (_fc, fr) => usedRows(fr) * win },
      filter: { words: win * filters, padded: win * m.colFolds * cols, block: (fc, fr) => (stays && fr > 0 ? 0 : win * usedCols(fc)) },
    };
  }
  // is: the ifmap is stationary (each fold loads its block once); the filter streams every fold.
  return {
    ifmap: { words: px * win, padded: win * m.colFolds * cols, block: (fc, fr) => usedRows(fr) * usedCols(fc) },
    filter: { words: win * filters, padded: filters * m.rowFolds * rows, block: (_fc, fr) => filters * usedRows(fr) },
  };
}

/**
 * The folds in classes of equal blocks, so that the sums below take constant time whatever the
 * number of folds (a layer of a million channels has ~10^9 folds): a block depends on its column
 * fold only through whether it is the last (a partial one), and on its row fold through whether it
 * is the first (os re-reads) or the last. Each class: a representative index and how many it stands for.
 */
function foldClasses(n: number, firstApart: boolean): [number, number][] {
  if (n <= 1) return [[0, Math.max(0, n)]];
  if (!firstApart) return [[0, n - 1], [n - 1, 1]];
  if (n === 2) return [[0, 1], [1, 1]];
  return [[0, 1], [1, n - 2], [n - 1, 1]];
}

/** Words of all the sweeps: the blocks of every fold. */
function sweptWords(stream: ReadStream, m: SystolicMapping): number {
  let sum = 0;
  for (const [fc, nc] of foldClasses(m.colFolds, false)) for (const [fr, nr] of foldClasses(m.rowFolds, true)) sum += stream.block(fc, fr) * nc * nr;
  return sum;
}

/**
 * The fraction of the folds run when the sweeps have read `words` (fold by fold, column folds outer,
 * linear inside a fold): the same as walking every fold, in constant time (fold classes above).
 */
function foldsAt(stream: ReadStream, m: SystolicMapping, words: number): number {
  let read = 0;
  let fold = 0;
  const rowClasses = foldClasses(m.rowFolds, true);
  const columnWords = (fc: number) => rowClasses.reduce((s, [fr, nr]) => s + stream.block(fc, fr) * nr, 0);
  for (const [fc0, nc] of foldClasses(m.colFolds, false)) {
    const total = columnWords(fc0);
    // Whole column folds of this class that end before `words` is reached.
    const skip = total > 0 ? Math.min(nc - 1, Math.max(0, Math.ceil((words - read) / total) - 1)) : nc;
    read += skip * total;
    fold += skip * m.rowFolds;
    if (skip === nc) continue;
    for (let k = skip; k < nc; k++) {
      for (const [fr, nr] of rowClasses) {
        const b = stream.block(fc0, fr);
        if (b > 0) {
          // The first fold of this class where the sweeps reach `words`.
          const i = Math.max(0, Math.ceil((words - read) / b) - 1);
          if (i < nr) return fold + i + (words - read - i * b) / b;
        }
        read += b * nr;
        fold += nr;
      }
    }
  }
  return fold;
}

/** SRAM reads and writes of the array's demand, SCALE-Sim's counts. */
export function sramDemand(df: Dataflow, layer: SystolicLayerShape, m: SystolicMapping, rows: number, cols: number): LevelAccesses {
  const { ofmapPixels: px, window: win, filters } = layer;
  const folds = m.rowFolds * m.colFolds;
  const none = { reads: 0, writes: 0 };
  if (df === 'ws') return { ifmap: { reads: m.colFolds * px * win, writes: 0 }, filter: { reads: win * filters, writes: 0 }, ofmap: { reads: 0, writes: m.rowFolds * px * filters } };
  if (df === 'os') return { ifmap: { reads: m.colFolds * px * win, writes: 0 }, filter: { reads: m.rowFolds * win * filters, writes: 0 }, ofmap: { ...none, writes: px * filters + folds * (rows + cols) } };
  return { ifmap: { reads: px * win, writes: 0 }, filter: { reads: m.colFolds * win * filters, writes: 0 }, ofmap: { reads: 0, writes: m.rowFolds * px * filters } };
}

const roundUp = (x: number, unit: number) => Math.ceil(x / unit) * unit;

interface ReadPlan {
  dram: number;
  prefetches: number;
  active: number;
  prefetch: number;
  /** Words of all the sweeps. */
  swept: number;
}

function planRead(stream: ReadStream, m: SystolicMapping, sramWords: number, line: number): ReadPlan {
  const s = Math.max(2, Math.floor(sramWords));
  const active = Math.ceil(s / 2);
  const prefetch = s - active;
  const swept = sweptWords(stream, m);
  if (stream.words <= active) return { dram: roundUp(stream.padded, line), prefetches: 0, active, prefetch, swept };
  const n = Math.max(0, Math.ceil((swept - active) / prefetch));
  return { dram: roundUp(active, line) + n * roundUp(prefetch, line), prefetches: n, active, prefetch, swept };
}

/** The cycle of the operand's last read (see the header); 0 when nothing is fetched during the layer. */
function readEnd(stream: ReadStream, plan: ReadPlan, m: SystolicMapping, bw: number, compute: number): number {
  if (plan.prefetches === 0 || !(bw > 0)) return 0;
  const perPrefetch = Math.ceil(plan.prefetch / bw) + 1;
  const folds = m.rowFolds * m.colFolds;
  const neededAt = foldsAt(stream, m, plan.active + (plan.prefetches - 1) * plan.prefetch) / folds;
  return plan.prefetches * perPrefetch + compute * Math.max(0, 1 - neededAt);
}

function writeEnd(writes: number, sramWords: number, bw: number, compute: number): number {
  const s = Math.max(2, Math.floor(sramWords));
  const half = Math.floor(s / 2);
  if (writes <= s || !(bw > 0)) return 0;
  return (compute * half) / writes + Math.ceil((writes - s) / half) * Math.ceil(half / bw);
}

/**
 * Accesses and stalls of one SCALE-Sim run (one group of one image) taking `computeCycles`: replayed
 * exactly when each operand has its own port of whole words a cycle, the layer's geometry is known and
 * its replay is at most REPLAY_WORK; in closed form otherwise.
 */
export function systolicMemory(df: Dataflow, layer: SystolicLayerShape, m: SystolicMapping, rows: number, cols: number, computeCycles: number, mem: ArrayMemory, geometry?: ScaleSimGeometry): MemoryResult {
  const sram = sramDemand(df, layer, m, rows, cols);
  const bw = mem.bandwidth;
  if (geometry && mem.mode === 'user' && mem.sharing === 'ports' && Number.isSafeInteger(bw) && bw > 0 && replayWork(df, geometry, rows, cols) <= (mem.replayLimit ?? REPLAY_WORK)) {
    return replayedMemory(df, geometry, sram, rows, cols, computeCycles, mem);
  }
  return closedForm(df, layer, m, rows, cols, computeCycles, mem, sram);
}

function replayedMemory(df: Dataflow, g: ScaleSimGeometry, sram: LevelAccesses, rows: number, cols: number, computeCycles: number, mem: ArrayMemory): MemoryResult {
  const r = replayScaleSim(df, g, rows, cols, mem.sram, mem.bandwidth);
  const accesses: Accesses = {
    sram: {
      ifmap: { reads: sram.ifmap.reads, writes: r.dram.ifmap },
      filter: { reads: sram.filter.reads, writes: r.dram.filter },
      ofmap: { reads: r.dram.ofmap, writes: sram.ofmap.writes },
    },
    dram: {
      ifmap: { reads: r.dram.ifmap, writes: 0 },
      filter: { reads: r.dram.filter, writes: 0 },
      ofmap: { reads: 0, writes: r.dram.ofmap },
    },
  };
  const out: MemoryResult = { accesses, computeCycles, stallCycles: r.stallCycles, cycles: computeCycles + r.stallCycles, resweeps: false, replayed: true };
  if (r.stallCycles > 0) out.limitedBy = limiting(r.stallsBy.ifmap, r.stallsBy.filter, r.stallsBy.ofmap);
  return out;
}

function closedForm(df: Dataflow, layer: SystolicLayerShape, m: SystolicMapping, rows: number, cols: number, computeCycles: number, mem: ArrayMemory, sram: LevelAccesses): MemoryResult {
  const streams = readStreams(df, layer, m, rows, cols, mem.sram);
  const bw = mem.bandwidth > 0 && Number.isFinite(mem.bandwidth) ? mem.bandwidth : 0;
  // DRAM words with whole lines of the port's width (SCALE-Sim's request lines); a shared bandwidth
  // has no per-operand lines: one word.
  const lineWidth = mem.sharing === 'ports' && bw > 0 ? bw : 1;
  const ifmap = planRead(streams.ifmap, m, mem.sram.ifmap, lineWidth);
  const filter = planRead(streams.filter, m, mem.sram.filter, lineWidth);
  // os keeps the sums in the PEs: DRAM gets each output once (SCALE-Sim's edge counts are no words).
  const writes = df === 'os' ? layer.ofmapPixels * layer.filters : sram.ofmap.writes;
  const dram: LevelAccesses = {
    ifmap: { reads: ifmap.dram, writes: 0 },
    filter: { reads: filter.dram, writes: 0 },
    ofmap: { reads: 0, writes },
  };
  // SRAM: the array's demand, plus the words DRAM writes into it and drains from it.
  const accesses: Accesses = {
    sram: {
      ifmap: { reads: sram.ifmap.reads, writes: ifmap.dram },
      filter: { reads: sram.filter.reads, writes: filter.dram },
      ofmap: { reads: writes, writes: sram.ofmap.writes },
    },
    dram,
  };
  const resweeps = (p: ReadPlan, st: ReadStream) => p.prefetches > 0 && p.swept > st.words;
  const out: MemoryResult = { accesses, computeCycles, stallCycles: 0, cycles: computeCycles, resweeps: resweeps(ifmap, streams.ifmap) || resweeps(filter, streams.filter), replayed: false };
  if (mem.mode === 'calc' || bw <= 0) return out;
  const total = ifmap.dram + filter.dram + writes;
  const share = (words: number) => (mem.sharing === 'ports' ? bw : total > 0 ? (bw * words) / total : bw);
  const ends: [Operand, number][] = [
    ['ifmap', readEnd(streams.ifmap, ifmap, m, share(ifmap.dram), computeCycles)],
    ['filter', readEnd(streams.filter, filter, m, share(filter.dram), computeCycles)],
    ['ofmap', writeEnd(writes, mem.sram.ofmap, share(writes), computeCycles)],
  ];
  let cycles = computeCycles;
  // A shared off-chip bandwidth also carries the first fill of each SRAM, which SCALE-Sim (one layer a
  // run) loads before cycle 0: with it, the layer takes at least all its DRAM words / bandwidth.
  if (mem.sharing === 'shared') ends.push([limiting(ifmap.dram, filter.dram, writes), total / bw]);
  for (const [operand, end] of ends) {
    if (end > cycles) {
      cycles = end;
      out.limitedBy = operand;
    }
  }
  out.cycles = Math.ceil(cycles);
  out.stallCycles = out.cycles - computeCycles;
  return out;
}

function limiting(ifmap: number, filter: number, ofmap: number): Operand {
  return ifmap >= filter && ifmap >= ofmap ? 'ifmap' : filter >= ofmap ? 'filter' : 'ofmap';
}

/** Sums of accesses (all groups and images of a layer). */
export function scaleAccesses(a: Accesses, times: number): Accesses {
  const level = (l: LevelAccesses): LevelAccesses => ({
    ifmap: { reads: l.ifmap.reads * times, writes: l.ifmap.writes * times },
    filter: { reads: l.filter.reads * times, writes: l.filter.writes * times },
    ofmap: { reads: l.ofmap.reads * times, writes: l.ofmap.writes * times },
  });
  return { sram: level(a.sram), dram: level(a.dram) };
}

/** Words read and written at a level, all operands. */
export function levelWords(l: LevelAccesses): number {
  return l.ifmap.reads + l.ifmap.writes + l.filter.reads + l.filter.writes + l.ofmap.reads + l.ofmap.writes;
}
