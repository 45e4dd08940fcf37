// Weight bytes of each built layer from the GGUF tensors it holds, at their stored types: a layer
// that reads all its weights (a projection, a norm) reads exactly the bytes of its tensors; one that
// reads part of them (an embedding reads the rows of its tokens) reads that part at the tensors'
// bytes per element. Tensors map to layers by name: `blk.N.attn_q.weight` to the attention's part
// `blk.N.attn.q_proj` (a fused `attn_qkv` to q_proj, k_proj and v_proj, in proportion), and so on;
// a tied head reads token_embd. The layer's weights role names the datatype nearest to its tensors'
// type (the one with most bytes): int4 for Q4_K, int8 for Q8_0; its bytes stay the stored ones.
// What maps to no layer is returned, for the RL807 warning.
import { formatCount } from '../../../protocol/format';
import { bytesOf, rolesOf } from '../../precision';
import type { Layer, ModelResult } from '../../semantics/model';
import { bitsPerWeight, nearestPrecision } from './ggmlTypes';
import type { TensorSize } from './storedWeights';

const ATTN_CHILD: Record<string, string> = { attn_q: 'q_proj', attn_k: 'k_proj', attn_v: 'v_proj', attn_output: 'o_proj' };

/**
 * The layers a tensor's weights belong to: one name, or (a fused q/k/v tensor) several, which
 * share it in proportion to the weights each reads. The first candidate whose layers all exist wins.
 */
function candidatesOf(tensor: string): string[][] {
  const base = tensor.replace(/\.(weight|bias)$/, '');
  const m = /^(blk\.\d+)\.(.+)$/.exec(base);
  if (!m) return [[base]];
  const [, blk, part] = m;
  if (part in ATTN_CHILD) return [[`${blk}.attn.${ATTN_CHILD[part]}`], [`${blk}.attn`]];
  if (part === 'attn_qkv') return [['q_proj', 'k_proj', 'v_proj'].map((p) => `${blk}.attn.${p}`), [`${blk}.attn`]];
  if (part === 'ffn_gate_inp' || /^ffn_(gate|up|down)_exps$/.test(part)) return [[`${blk}.ffn_moe`]];
  return [[base]];
}

/** Weight elements a layer reads (its bytes at its weights' datatype). */
function readElems(layer: Layer): number {
  return layer.bytes.weight / bytesOf(rolesOf(layer).weights);
}

interface Share {
  size: TensorSize;
  /** Elements of the tensor this layer holds. */
  elems: number;
}

/** Sets bytes.weight of the layers that hold tensors; returns the tensors no layer holds. */
export function applyStoredBytes(model: ModelResult, sizes: TensorSize[]): TensorSize[] {
  const byName = new Map(model.layers.map((l) => [l.name, l]));
  const held = new Map<Layer, Share[]>();
  const hold = (layer: Layer, share: Share) => {
    const shares = held.get(layer);
    if (shares) shares.push(share);
    else held.set(layer, [share]);
  };
  const orphans: TensorSize[] = [];
  for (const s of sizes) {
    const group = candidatesOf(s.info.name)
      .map((names) => names.map((n) => byName.get(n)))
      .find((ls): ls is Layer[] => ls.every((l) => l !== undefined));
    if (!group) {
      orphans.push(s);
      continue;
    }
    const total = group.reduce((a, l) => a + readElems(l), 0);
    for (const l of group) hold(l, { size: s, elems: group.length === 1 || total === 0 ? s.elements : (s.elements * readElems(l)) / total });
  }
  // A tied head (no output.weight) reads the token embedding's table.
  const head = byName.get('output');
  const embd = sizes.find((s) => s.info.name === 'token_embd.weight');
  if (head && !held.has(head) && embd) hold(head, { size: embd, elems: embd.elements });
  for (const [layer, shares] of held) {
    if (!layer.counted || shares.some((t) => t.size.bytes === undefined)) continue;
    const roles = rolesOf(layer);
    const read = readElems(layer);
    const elems = shares.reduce((a, t) => a + t.elems, 0);
    const bytes = shares.reduce((a, t) => a + (t.elems * (t.size.bytes ?? 0)) / t.size.elements, 0);
    const whole = Math.abs(read - elems) < 1e-6 * Math.max(1, elems);
    layer.bytes.weight = whole ? bytes : (read * bytes) / elems;
    const types = [...new Set(shares.map((t) => t.size.type).filter((t) => t !== undefined))];
    const main = shares.reduce((best, t) => ((t.size.bytes ?? 0) > (best.size.bytes ?? 0) ? t : best), shares[0]);
    const mainType = main.size.type;
    const weights = mainType ? nearestPrecision(mainType) : roles.weights;
    if (weights !== roles.weights) layer.roles = { ...roles, weights };
    layer.notes.push(`Weights as stored in the file: ${types.map((t) => `${t.name} (${String(bitsPerWeight(t))} bits per weight)`).join(', ')}; ${formatCount(layer.bytes.weight)} bytes read${whole ? '' : ', at the average bytes per weight of its tensors'}.`);
  }
  return orphans;
}
