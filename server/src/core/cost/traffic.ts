// Off-chip traffic. Source: Zhang et al., "Optimizing FPGA-based Accelerator Design for Deep
// Convolutional Neural Networks", FPGA 2015 (loop tiling and the CTC ratio), as restated in
// cost-model.md.
//
// Compulsory traffic (an unbounded buffer): every input, weight, output (and KV-cache) byte crosses
// once; a fused layer's input comes from on chip.
//
// Tiled traffic. Loop order assumed (the paper's): output rows (Tr) and columns (Tc) outermost, then
// output maps (Tm), then input maps (Tn) innermost. The output tile stays on chip across the
// input-map loop and is stored once; the input and weight tiles are reloaded on every trip:
//
//   B_in  = Tn (S Tr + K - S)(S Tc + K - S)     B_w = Tm Tn K K     B_out = Tm Tr Tc      (words)
//   trips = ceil(M/Tm) ceil(N/Tn) ceil(R/Tr) ceil(C/Tc)
//   words = trips (B_in + B_w) + ceil(M/Tm) ceil(R/Tr) ceil(C/Tc) B_out
//
// per group, times groups x batch (batch is the outermost loop: each image reloads its weights).
// Approximations: every trip moves a full tile (edge tiles are not trimmed), the input tile includes
// the zero padding, and K x K is Kh x Kw with one stride.
//
// Tiled GEMM, (M x K) by (K x N) with tiles Tm, Tn, Tk; loop order rows (Tm), columns (Tn), inner
// (Tk) innermost; the Tm x Tn output tile stays on chip across the inner loop:
//
//   words = ceil(M/Tm) ceil(N/Tn) ceil(K/Tk) (Tm Tk + Tk Tn) + ceil(M/Tm) ceil(N/Tn) Tm Tn
//
// which is the conv formula for the 1 x 1 nest of nest.ts (M -> R, N -> output maps, K -> input maps).
//
// Loop orders: which tile stays on chip across the innermost tile loop. With a = ceil(M/Tm),
// b = ceil(N/Tn) and p = ceil(R/Tr) ceil(C/Tc):
//   output (above):  the output tile stays across the input maps; input and weights reload every trip:
//                    words = a b p (B_in + B_w) + a p B_out
//   weight:          loops output maps, input maps, then rows and columns innermost: each weight tile
//                    is loaded once; input tiles reload every trip, and a partial output tile is
//                    written every trip and read back for all but the first input-map tile:
//                    words = a b B_w + a b p B_in + a p (2 b - 1) B_out
//   input:           loops input maps, rows and columns, then output maps innermost: each input tile
//                    is loaded once; weights reload every trip, partial outputs as for weight:
//                    words = b p B_in + a b p B_w + a p (2 b - 1) B_out
// The buffer holds the same three tiles in every order (buffer.ts). With b = 1 no partial sum moves.
import type { ConvDims, GemmDims } from '../ops/types';
import { bytesOf, rolesOf, type Precision } from '../precision';
import type { Layer, LayerBytes } from '../semantics/model';
import { clipTile, convNest, gemmNest, type LoopOrder, type Nest, type Tile } from './nest';

/**
 * A layer's bytes by role as costed: its own, or, when the analysis sets one precision for every
 * layer (`override`), each role's bytes rescaled from that role's datatype.
 */
export function costedBytes(layer: Pick<Layer, 'bytes' | 'precision' | 'roles'>, override: Precision | undefined): LayerBytes {
  const b = layer.bytes;
  if (!override) return b;
  const roles = rolesOf(layer);
  const scale = (p: Precision) => bytesOf(override) / bytesOf(p);
  return { input: b.input * scale(roles.activations), weight: b.weight * scale(roles.weights), output: b.output * scale(roles.activations), cache: b.cache * scale(roles.kv) };
}

/** Bytes that cross off chip with an unbounded buffer. */
export function compulsoryBytes(b: LayerBytes, fused = false): number {
  return (fused ? 0 : b.input) + b.weight + b.output + b.cache;
}

/** The terms of one repeat's words, as `tileWords` computes them. */
export interface TileWordTerms {
  /** Words per tile. */
  tileIn: number;
  tileWeight: number;
  tileOut: number;
  /** Inner trips (a b p) and output tiles (a p), per repeat. */
  trips: number;
  stores: number;
  /** Words moved per repeat by operand under the loop order (output: partial sums read and written). */
  inputWords: number;
  weightWords: number;
  outputWords: number;
}

/**
 * Words one repeat of the nest moves with the tile (Tm, Tn, Tr, Tc), already within the nest, under
 * a loop order: the formulas above, written once for the cost model, the tile search and its
 * brute-force twin. `fused`: the input comes from on chip, so input tiles move no off-chip words.
 * `terms`, when given, receives the formula's terms (the search's inner loop passes none and
 * allocates nothing).
 */
export function tileWords(nest: Nest, tm: number, tn: number, tr: number, tc: number, fused = false, terms?: TileWordTerms, order: LoopOrder = 'output'): number {
  const s = nest.s;
  const tileIn = fused ? 0 : tn * (s * tr + nest.kh - s) * (s * tc + nest.kw - s);
  const tileWeight = tm * tn * nest.kh * nest.kw;
  const tileOut = tm * tr * tc;
  const a = Math.ceil(nest.m / tm);
  const b = Math.ceil(nest.n / tn);
  const p = Math.ceil(nest.r / tr) * Math.ceil(nest.c / tc);
  const trips = a * b * p;
  const stores = a * p;
  let inputWords: number;
  let weightWords: number;
  let outputWords: number;
  if (order === 'output') {
    inputWords = trips * tileIn;
    weightWords = trips * tileWeight;
    outputWords = stores * tileOut;
  } else {
    inputWords = order === 'input' ? b * p * tileIn : trips * tileIn;
    weightWords = order === 'weight' ? a * b * tileWeight : trips * tileWeight;
    outputWords = stores * (2 * b - 1) * tileOut;
  }
  if (terms) {
    terms.tileIn = tileIn;
    terms.tileWeight = tileWeight;
    terms.tileOut = tileOut;
    terms.trips = trips;
    terms.stores = stores;
    terms.inputWords = inputWords;
    terms.weightWords = weightWords;
    terms.outputWords = outputWords;
  }
  return inputWords + weightWords + outputWords;
}

export interface NestTraffic extends TileWordTerms {
  /** Words moved in all (all repeats); the operands' words are per repeat. */
  words: number;
}

/** Tiled traffic of a nest (tile clipped to the nest), in words, by operand; `words` covers every repeat. */
export function nestTraffic(nest: Nest, tile: Tile, order: LoopOrder = 'output'): NestTraffic {
  const t = clipTile(nest, tile);
  const terms: TileWordTerms = { tileIn: 0, tileWeight: 0, tileOut: 0, trips: 0, stores: 0, inputWords: 0, weightWords: 0, outputWords: 0 };
  const perRepeat = tileWords(nest, t.m, t.n, t.r, t.c, false, terms, order);
  return { ...terms, words: perRepeat * nest.repeat };
}

export interface TiledTraffic {
  words: number;
  bytes: number;
  /** Bytes by operand. */
  input: number;
  weight: number;
  output: number;
}

function toBytes(nt: NestTraffic, repeat: number, bytes: number): TiledTraffic {
  return {
    words: nt.words,
    bytes: nt.words * bytes,
    input: nt.inputWords * repeat * bytes,
    weight: nt.weightWords * repeat * bytes,
    output: nt.outputWords * repeat * bytes,
  };
}

const EMPTY: TiledTraffic = { words: 0, bytes: 0, input: 0, weight: 0, output: 0 };

/** Tiled conv traffic (Zhang et al.), tile {m, n, r, c} clipped to the layer; per group x groups x batch. */
export function convTiledTraffic(d: ConvDims, tile: Tile, bytes: number): TiledTraffic {
  const nest = convNest(d);
  return nest ? toBytes(nestTraffic(nest, tile), nest.repeat, bytes) : EMPTY;
}

/** Tiled GEMM traffic with tiles {m, n, k} over (M x K) by (K x N); `input` = left operand, `weight` = right. */
export function gemmTiledTraffic(d: GemmDims, tile: { m: number; n: number; k: number }, bytes: number): TiledTraffic {
  const nest = gemmNest(d);
  return nest ? toBytes(nestTraffic(nest, { m: tile.n, n: tile.k, r: tile.m, c: 1 }), nest.repeat, bytes) : EMPTY;
}
