// Weight bytes of each built layer from the GGUF tensors it holds, at their stored types: a layer
// that reads all its weights (a projection, a norm) reads exactly the bytes of its tensors; one that
// reads part of them (an embedding reads the rows of its tokens) reads that part at the tensors'
// bytes per element. Tensors map to layers by name: `blk.N.attn_q.weight` to the attention layer
// `blk.N.attn` (or its child `blk.N.attn.q_proj` when the attention has child layers), and so on;
// a tied head reads token_embd. The layer's weights role names the datatype nearest to its tensors'
// type (the one with most bytes): int4 for Q4_K, int8 for Q8_0; its bytes stay the stored ones.
// What maps to no layer is returned, for the RL807 warning.
import { bytesOf, rolesOf } from '../../precision';
import type { Layer, ModelResult } from '../../semantics/model';
import { ggmlType, bitsPerWeight, nearestPrecision } from './ggmlTypes';
import type { TensorSize } from './storedWeights';

const ATTN_CHILD: Record<string, string> = { attn_q: 'q_proj', attn_k: 'k_proj', attn_v: 'v_proj', attn_output: 'o_proj' };

/** Candidate layer names for a tensor, most specific first. */
function layersOf(tensor: string): string[] {
  const base = tensor.replace(/\.(weight|bias)$/, '');
  const m = /^(blk\.\d+)\.(.+)$/.exec(base);
  if (!m) return [base];
  const [, blk, part] = m;
  if (part in ATTN_CHILD) return [`${blk}.attn.${ATTN_CHILD[part]}`, `${blk}.attn`];
  if (part === 'attn_qkv') return [`${blk}.attn`];
  if (part === 'ffn_gate_inp' || /^ffn_(gate|up|down)_exps$/.test(part)) return [`${blk}.ffn_moe`];
  return [base];
}

function fmtBits(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(4).replace(/0+$/, '');
}

/** Sets bytes.weight of the layers that hold tensors; returns the tensors no layer holds. */
export function applyStoredBytes(model: ModelResult, sizes: TensorSize[]): TensorSize[] {
  const byName = new Map(model.layers.map((l) => [l.name, l]));
  const held = new Map<Layer, TensorSize[]>();
  const orphans: TensorSize[] = [];
  for (const s of sizes) {
    const layer = layersOf(s.info.name).map((n) => byName.get(n)).find((l) => l !== undefined);
    if (!layer) orphans.push(s);
    else held.set(layer, [...(held.get(layer) ?? []), s]);
  }
  // A tied head (no output.weight) reads the token embedding's table.
  const head = byName.get('output');
  const embd = sizes.find((s) => s.info.name === 'token_embd.weight');
  if (head && !held.has(head) && embd) held.set(head, [embd]);
  for (const [layer, tensors] of held) {
    if (!layer.counted || tensors.some((t) => t.bytes === undefined)) continue;
    const elems = tensors.reduce((a, t) => a + t.elements, 0);
    const bytes = tensors.reduce((a, t) => a + (t.bytes ?? 0), 0);
    const roles = rolesOf(layer);
    const read = layer.bytes.weight / bytesOf(roles.weights);
    const whole = read === elems;
    layer.bytes.weight = whole ? bytes : (read * bytes) / elems;
    const types = [...new Set(tensors.map((t) => ggmlType(t.info.type)).filter((t) => t !== undefined))];
    const main = tensors.reduce((best, t) => ((t.bytes ?? 0) > (best.bytes ?? 0) ? t : best), tensors[0]);
    const mainType = ggmlType(main.info.type);
    const weights = mainType ? nearestPrecision(mainType) : roles.weights;
    if (weights !== roles.weights) layer.roles = { ...roles, weights };
    layer.notes.push(`Weights as stored in the file: ${types.map((t) => `${t.name} (${fmtBits(bitsPerWeight(t))} bits per weight)`).join(', ')}; ${layer.bytes.weight.toLocaleString('en-US')} bytes read${whole ? '' : ', at the average bytes per weight of its tensors'}.`);
  }
  return orphans;
}
