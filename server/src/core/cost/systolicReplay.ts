// An exact replay of one SCALE-Sim v2 run in InterfaceBandwidth USER mode: the array's demand, line by
// line (one line a compute cycle), through the read and write buffers of systolicBuffers.ts. It gives
// SCALE-Sim's DRAM words per operand, stall cycles and total cycles. Source: scalesim-project/
// scale-sim-v2 at commit 22f88b1; the operand matrices of scalesim/compute/operand_matrix.py, the
// prefetch and demand matrices of systolic_compute_{os,ws,is}.py and the line loop of
// double_buffered_scratchpad_mem.py, restated here (our own code, computed address by address rather
// than stored).
//
// Layer (SCALE-Sim's): an H x W x C ifmap, FH x FW kernels, stride S, F filters; ofmap
// OH = ceil((H - FH + S) / S) by OW; px = OH OW pixels; window = FH FW C. Addresses: ifmap element
// (y, x, c) = (y W + x) C + c (a window element past the ifmap edge is invalid: not fetched, not
// demanded); filter element (window w, filter f) = f window + w.
//
// Prefetch streams (a matrix per fold, stacked, read row by row or along anti-diagonals, each
// diagonal from its highest row down), with the array's rows AR and columns AC:
//   ws  ifmap  [pixels x AR window elements] per row fold, anti-diagonals
//       filter [window x AC filters] per column fold, rows
//   os  ifmap  [window x AR pixels] per row fold, anti-diagonals
//       filter [window x AC filters] per column fold, anti-diagonals
//   is  ifmap  [window x AC pixels] per column fold, rows
//       filter [filters x AR window elements] per row fold, anti-diagonals
// Demand, folds column fold outer, row fold inner, each fold's lines:
//   ws  (2 AR + AC + T - 2 lines, T = px): ifmap skewed after AR empty lines; filter rows of the
//       fold's block, last row first, in the first AR lines; ofmap skewed after 2 AR - 1 empty lines
//   os  (AR + AC + T - 2, T = window): ifmap and filter skewed from line 0; ofmap skewed after
//       T - 1 empty lines, the block's rows last first
//   is  (2 AR + AC + T - 2, T = F): ifmap rows of the fold's block, last row first, in the first AR
//       lines; filter skewed after AR empty lines; ofmap skewed after 2 AR - 1 empty lines
// Line i is asked at cycle i + the stalls so far; its stall is the largest of ifmap, filter (served
// cycle - asked - 1) and ofmap (done - asked). Total cycles = the last line's ofmap cycle.
import type { Nest } from './nest';
import type { Dataflow } from './systolic';
import { ReadBuffer, WriteBuffer, type PrefetchStream } from './systolicBuffers';

/** A layer as SCALE-Sim's topology gives it. */
export interface ScaleSimGeometry {
  ifmapH: number;
  ifmapW: number;
  filterH: number;
  filterW: number;
  channels: number;
  stride: number;
  filters: number;
}

export interface ReplayResult {
  dram: { ifmap: number; filter: number; ofmap: number };
  stallCycles: number;
  /** Stall cycles by the operand that set each stalled line's delay (ifmap first on a tie). */
  stallsBy: { ifmap: number; filter: number; ofmap: number };
  /** SCALE-Sim's Total Cycles: the cycle of the last ofmap line. */
  cycles: number;
  /** Demand lines (compute cycles + 1). */
  lines: number;
}

interface Shape {
  oh: number;
  ow: number;
  px: number;
  win: number;
  f: number;
}

function shapeOf(g: ScaleSimGeometry): Shape {
  const oh = Math.ceil((g.ifmapH - g.filterH + g.stride) / g.stride);
  const ow = Math.ceil((g.ifmapW - g.filterW + g.stride) / g.stride);
  return { oh, ow, px: oh * ow, win: g.filterH * g.filterW * g.channels, f: g.filters };
}

/** ifmap address of pixel p, window element j (-1 past the ifmap's edge). */
function ifmapAddressing(g: ScaleSimGeometry, s: Shape): (p: number, j: number) => number {
  const rowLen = g.filterW * g.channels;
  const c = g.channels;
  return (p, j) => {
    const oy = Math.floor(p / s.ow);
    const y = oy * g.stride + Math.floor(j / rowLen);
    const k = j % rowLen;
    const x = (p - oy * s.ow) * g.stride + Math.floor(k / c);
    if (y >= g.ifmapH || x >= g.ifmapW) return -1;
    return (y * g.ifmapW + x) * c + (k % c);
  };
}

/** The valid entries of an M x N matrix read by rows or by anti-diagonals (highest row first). */
function streamOf(rows: number, cols: number, diagonal: boolean, at: (r: number, c: number) => number, bound: number): PrefetchStream {
  const out = new Int32Array(rows * cols);
  const starts = new Int32Array((diagonal ? rows + cols - 1 : rows) + 1);
  let n = 0;
  if (diagonal) {
    for (let d = 0; d < rows + cols - 1; d++) {
      starts[d] = n;
      for (let r = Math.min(d, rows - 1), low = Math.max(0, d - cols + 1); r >= low; r--) {
        const a = at(r, d - r);
        if (a >= 0) out[n++] = a;
      }
    }
  } else {
    for (let r = 0; r < rows; r++) {
      starts[r] = n;
      for (let c = 0; c < cols; c++) {
        const a = at(r, c);
        if (a >= 0) out[n++] = a;
      }
    }
  }
  starts[starts.length - 1] = n;
  return { addresses: out.subarray(0, n), entries: rows * cols, addressBound: bound, starts };
}

/**
 * SCALE-Sim's layer for one group and image of a nest: C = input maps, F = output maps, the kernel and
 * stride as given, and an ifmap of the input's rows and columns when the nest has them, held to the
 * range whose ceil((H - FH + S) / S) is the nest's output (a padded input reads as its padded size;
 * SCALE-Sim's own overhanging last window keeps its topology's H). A GEMM (M x K by K x N) is M
 * pixels of a 1 x 1 kernel over K channels: the same addresses as SCALE-Sim's M x K ifmap.
 */
export function nestGeometry(n: Nest): ScaleSimGeometry {
  const side = (out: number, k: number, input: number | undefined) => {
    const high = (out - 1) * n.s + k;
    const low = Math.max(1, (out - 2) * n.s + k + 1);
    return Math.min(high, Math.max(low, input ?? high));
  };
  return { ifmapH: side(n.r, n.kh, n.ih), ifmapW: side(n.c, n.kw, n.iw), filterH: n.kh, filterW: n.kw, channels: n.n, stride: n.s, filters: n.m };
}

/** Work of a replay, in entries visited: both prefetch streams, every SRAM read and every line. */
export function replayWork(df: Dataflow, g: ScaleSimGeometry, rows: number, cols: number): number {
  const s = shapeOf(g);
  const [sr, sc, t] = df === 'os' ? [s.px, s.f, s.win] : df === 'ws' ? [s.win, s.f, s.px] : [s.win, s.px, s.f];
  const rowFolds = Math.ceil(sr / rows);
  const colFolds = Math.ceil(sc / cols);
  const lines = rowFolds * colFolds * ((df === 'os' ? rows : 2 * rows) + cols + t - 2);
  const ifmap = s.px * s.win;
  const filter = s.win * s.f;
  const reads = df === 'ws' ? colFolds * ifmap + filter : df === 'os' ? colFolds * ifmap + rowFolds * filter : ifmap + colFolds * filter;
  return ifmap + filter + reads + lines;
}

/**
 * Replays one SCALE-Sim run (one group of one image). `sram` in words, `bw` words a cycle per port.
 */
export function replayScaleSim(df: Dataflow, g: ScaleSimGeometry, rows: number, cols: number, sram: { ifmap: number; filter: number; ofmap: number }, bw: number): ReplayResult {
  const s = shapeOf(g);
  const { px, win, f } = s;
  const ar = rows;
  const ac = cols;
  const ifAddr = ifmapAddressing(g, s);
  const ifBound = g.ifmapH * g.ifmapW * g.channels;
  const fBound = win * f;
  const fAddr = (w: number, k: number) => k * win + w;
  const [sr, sc, t] = df === 'os' ? [px, f, win] : df === 'ws' ? [win, f, px] : [win, px, f];
  const rowFolds = Math.ceil(sr / ar);
  const colFolds = Math.ceil(sc / ac);

  let ifStream: PrefetchStream;
  let fStream: PrefetchStream;
  if (df === 'ws') {
    ifStream = streamOf(px * rowFolds, ar, true, (r, c) => {
      const j = Math.floor(r / px) * ar + c;
      return j < win ? ifAddr(r % px, j) : -1;
    }, ifBound);
    fStream = streamOf(win * colFolds, ac, false, (r, c) => {
      const k = Math.floor(r / win) * ac + c;
      return k < f ? fAddr(r % win, k) : -1;
    }, fBound);
  } else if (df === 'os') {
    ifStream = streamOf(win * rowFolds, ar, true, (r, c) => {
      const p = Math.floor(r / win) * ar + c;
      return p < px ? ifAddr(p, r % win) : -1;
    }, ifBound);
    fStream = streamOf(win * colFolds, ac, true, (r, c) => {
      const k = Math.floor(r / win) * ac + c;
      return k < f ? fAddr(r % win, k) : -1;
    }, fBound);
  } else {
    ifStream = streamOf(win * colFolds, ac, false, (r, c) => {
      const p = Math.floor(r / win) * ac + c;
      return p < px ? ifAddr(p, r % win) : -1;
    }, ifBound);
    fStream = streamOf(f * rowFolds, ar, true, (r, c) => {
      const w = Math.floor(r / f) * ar + c;
      return w < win ? fAddr(w, r % f) : -1;
    }, fBound);
  }
  const ifBuf = new ReadBuffer(ifStream, sram.ifmap, bw);
  const fBuf = new ReadBuffer(fStream, sram.filter, bw);
  const ofBuf = new WriteBuffer(sram.ofmap, bw);

  const foldLines = df === 'os' ? ar + ac + t - 2 : 2 * ar + ac + t - 2;
  let stalls = 0;
  const stallsBy = { ifmap: 0, filter: 0, ofmap: 0 };
  let line = 0;
  let lastOut = 0;
  for (let fc = 0; fc < colFolds; fc++) {
    const usedC = Math.min(ac, sc - fc * ac);
    for (let fr = 0; fr < rowFolds; fr++) {
      const usedR = Math.min(ar, sr - fr * ar);
      for (let k = 0; k < foldLines; k++, line++) {
        const cycle = line + stalls;
        let ifEnd = -Infinity;
        let fEnd = -Infinity;
        let ofCount = 0;
        if (df === 'ws') {
          // ifmap: pixel k - AR - c of window element fr AR + c.
          const lo = Math.max(0, k - ar - px + 1);
          const hi = Math.min(usedR - 1, k - ar);
          if (lo <= hi && !holdsGroup(ifBuf, ifStream, fr * px + k - ar)) {
            for (let c = lo; c <= hi; c++) {
              const a = ifAddr(k - ar - c, fr * ar + c);
              if (a >= 0) ifEnd = Math.max(ifEnd, ifBuf.read(a));
            }
          }
          const w = fr * ar + ar - 1 - k;
          if (k < ar && w < win && !holdsGroup(fBuf, fStream, fc * win + w)) {
            for (let c = 0; c < usedC; c++) fEnd = Math.max(fEnd, fBuf.read(fAddr(w, fc * ac + c)));
          }
          ofCount = skewedCount(k - (2 * ar - 1), px, 0, usedC);
        } else if (df === 'os') {
          const lo = Math.max(0, k - win + 1);
          let hi = Math.min(usedR - 1, k);
          if (lo <= hi && !holdsGroup(ifBuf, ifStream, fr * win + k)) {
            for (let c = lo; c <= hi; c++) {
              const a = ifAddr(fr * ar + c, k - c);
              if (a >= 0) ifEnd = Math.max(ifEnd, ifBuf.read(a));
            }
          }
          hi = Math.min(usedC - 1, k);
          if (lo <= hi && !holdsGroup(fBuf, fStream, fc * win + k)) {
            for (let c = lo; c <= hi; c++) fEnd = Math.max(fEnd, fBuf.read(fAddr(k - c, fc * ac + c)));
          }
          // ofmap block rows last first: the valid rows are AR - usedR .. AR - 1 of the flipped block.
          ofCount = skewedCount(k - (win - 1), ar, ar - usedR, usedC);
        } else {
          const w = fr * ar + ar - 1 - k;
          if (k < ar && w < win && !holdsGroup(ifBuf, ifStream, fc * win + w)) {
            for (let c = 0; c < usedC; c++) {
              const a = ifAddr(fc * ac + c, w);
              if (a >= 0) ifEnd = Math.max(ifEnd, ifBuf.read(a));
            }
          }
          const lo = Math.max(0, k - ar - f + 1);
          const hi = Math.min(usedR - 1, k - ar);
          if (lo <= hi && !holdsGroup(fBuf, fStream, fr * f + k - ar)) {
            for (let c = lo; c <= hi; c++) fEnd = Math.max(fEnd, fBuf.read(fAddr(fr * ar + c, k - ar - c)));
          }
          ofCount = skewedCount(k - (2 * ar - 1), f, 0, usedC);
        }
        const ifStall = Math.max(0, ifEnd - cycle - 1);
        const fStall = Math.max(0, fEnd - cycle - 1);
        const ofOut = ofBuf.write(ofCount, cycle);
        const ofStall = ofOut - cycle;
        const stall = Math.max(ifStall, fStall, ofStall);
        if (stall > 0) stallsBy[stall === ifStall ? 'ifmap' : stall === fStall ? 'filter' : 'ofmap'] += stall;
        stalls += stall;
        lastOut = ofOut;
      }
    }
  }
  ofBuf.finish();
  return { dram: { ifmap: ifBuf.dram, filter: fBuf.dram, ofmap: ofBuf.dram }, stallCycles: stalls, stallsBy, cycles: lastOut, lines: line };
}

/**
 * True when the whole row or anti-diagonal `group` of the operand's prefetch matrix is in the buffer's
 * active window: the line's demand (a part of that group) only hits, and hits change nothing.
 */
function holdsGroup(buffer: ReadBuffer, stream: PrefetchStream, group: number): boolean {
  return buffer.holds(stream.starts[group], stream.starts[group + 1]);
}

/**
 * Valid entries of a skewed line: columns c in [0, used) whose row (base - c) falls in [low, rows),
 * base being the line's row in column 0.
 */
function skewedCount(base: number, rows: number, low: number, used: number): number {
  const from = Math.max(0, base - rows + 1);
  const to = Math.min(used - 1, base - low);
  return to >= from ? to - from + 1 : 0;
}
