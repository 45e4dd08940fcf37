// The bundled examples reproduce their published counts exactly: for every examples/*.nnm, no
// error diagnostics, complete totals, and the exact MACs (conv + linear + attention, as torchvision
// and fvcore count them) and learnable parameters of the reference, plus the layer shapes that
// matter. The reference numbers come from torchvision / Hugging Face (sum(p.numel())) and are
// re-derived by hand below; an example added without its numbers here fails the first test.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, type FileAnalysis } from '../server/src/core/analyze';
import type { Layer, ModelResult } from '../server/src/core/semantics/model';

const EXAMPLES = path.join(__dirname, '..', 'examples');

interface Reference {
  macs: number;
  params: number;
  /** Output shapes of named layers. */
  shapes: Record<string, number[]>;
}

// ---- hand arithmetic for the references -----------------------------------------------------

// AlexNet (torchvision, 224): conv1 55x55x64 x 3x11x11 = 70,276,800; conv2 27x27x192 x 64x25 =
// 223,948,800; conv3 13x13x384 x 192x9 = 112,140,288; conv4 13x13x256 x 384x9 = 149,520,384;
// conv5 13x13x256 x 256x9 = 99,680,256; fc 9216x4096 + 4096x4096 + 4096x1000 = 58,621,952.
// Sum 714,188,480.
const ALEXNET_MACS = 70_276_800 + 223_948_800 + 112_140_288 + 149_520_384 + 99_680_256 + 58_621_952;

// VGG-16: 3x3 convs, MACs = H x W x Cout x Cin x 9, params = Cout x Cin x 9 + Cout; then
// 25088x4096, 4096x4096, 4096x1000 linear layers with biases.
function vgg16(): { macs: number; params: number } {
  const stages: [number, number, number][] = [[224, 64, 2], [112, 128, 2], [56, 256, 3], [28, 512, 3], [14, 512, 3]];
  let macs = 0;
  let params = 0;
  let cin = 3;
  for (const [hw, cout, n] of stages) {
    for (let i = 0; i < n; i++) {
      macs += hw * hw * cout * cin * 9;
      params += cout * cin * 9 + cout;
      cin = cout;
    }
  }
  for (const [k, n] of [[512 * 7 * 7, 4096], [4096, 4096], [4096, 1000]]) {
    macs += k * n;
    params += k * n + n;
  }
  return { macs, params };
}

// ResNet-18 MACs: stem 112x112x64 x 3x49 = 118,013,952; layer1 4 x 56x56x64 x 64x9 = 462,422,016;
// layers 2-4 each: first 3x3 (stride 2) 57,802,752 + three 3x3 115,605,504 + 1x1 projection
// 6,422,528 = 411,041,792; fc 512,000. 118,013,952 + 462,422,016 + 3 x 411,041,792 + 512,000.
const RESNET18_MACS = 118_013_952 + 462_422_016 + 3 * 411_041_792 + 512_000;
// ResNet-18 params (conv weights + batchnorm 2 x C): stem 9,408 + 128; layer1 4 x (36,864 + 128);
// layer2 73,984 + 3 x 147,712 + 8,448; layer3 295,424 + 3 x 590,336 + 33,280; layer4 1,180,672 +
// 3 x 2,360,320 + 132,096; fc 512,000 + 1,000.
const RESNET18_PARAMS = 9_536 + 4 * 36_992 + (73_984 + 3 * 147_712 + 8_448) + (295_424 + 3 * 590_336 + 33_280) + (1_180_672 + 3 * 2_360_320 + 132_096) + 513_000;

// MobileNetV2 (width 1.0, 224): every conv is followed by batchnorm (2 x C params), no conv bias.
function mobilenetV2(): { macs: number; params: number } {
  let macs = 0;
  let params = 0;
  const conv = (cin: number, cout: number, k: number, stride: number, groups: number, h: number): number => {
    const ho = Math.floor((h + 2 * ((k - 1) / 2) - k) / stride) + 1;
    macs += ho * ho * cout * (cin / groups) * k * k;
    params += cout * (cin / groups) * k * k + 2 * cout;
    return ho;
  };
  let h = conv(3, 32, 3, 2, 1, 224);
  let c = 32;
  const settings: [number, number, number, number][] = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]];
  for (const [t, cout, n, s] of settings) {
    for (let i = 0; i < n; i++) {
      const hidden = c * t;
      if (t !== 1) conv(c, hidden, 1, 1, 1, h);
      h = conv(hidden, hidden, 3, i === 0 ? s : 1, hidden, h);
      conv(hidden, cout, 1, 1, 1, h);
      c = cout;
    }
  }
  conv(c, 1280, 1, 1, 1, h);
  macs += 1280 * 1000;
  params += 1280 * 1000 + 1000;
  return { macs, params };
}

// AlexNet of Zhang et al. (two groups, 227): per image
//   conv1 96 x 55x55 x 3x11x11           = 105,415,200
//   conv2 256 x 27x27 x (96/2)x5x5        = 223,948,800
//   conv3 384 x 13x13 x 256x3x3           = 149,520,384
//   conv4 384 x 13x13 x (384/2)x3x3       = 112,140,288
//   conv5 256 x 13x13 x (384/2)x3x3       =  74,760,192
//   five convs                            = 665,784,864   (x 2 = 1.3316 GFLOP)
//   fc6 9216x4096 + fc7 4096x4096 + fc8 4096x1000 = 58,621,952 -> 724,406,816
// params: convs 34,944 + 307,456 + 885,120 + 663,936 + 442,624 = 2,334,080;
//   fc 37,752,832 + 16,781,312 + 4,097,000 = 58,631,144 -> 60,965,224 (bvlc_alexnet)
const ZHANG_CONV_MACS = 105_415_200 + 223_948_800 + 149_520_384 + 112_140_288 + 74_760_192;

// BERT-base, seq 128. params: embeddings 30522x768 + 512x768 + 2x768 + layernorm 2x768 = 23,837,184;
// a layer: attention 4 x (768x768 + 768) = 2,362,368, 2 layernorms 3,072, ffn 768x3072 + 3072 +
// 3072x768 + 768 = 4,722,432 -> 7,087,872, x 12 = 85,054,464; pooler 768x768 + 768 = 590,592.
const BERT_PARAMS = 23_837_184 + 12 * 7_087_872 + 590_592;
// MACs per layer: projections 4 x 128 x 768 x 768 = 301,989,888; QK^T and scores x V 2 x 12 x 128 x
// 128 x 64 = 25,165,824; ffn 2 x 128 x 768 x 3072 = 603,979,776. x 12, plus the pooler 768 x 768.
const BERT_MACS = 12 * (301_989_888 + 25_165_824 + 603_979_776) + 768 * 768;

// Llama-2-7B. params: embedding 32000x4096 = 131,072,000; a layer: attention 4 x 4096^2 = 67,108,864,
// mlp 3 x 4096 x 11008 = 135,266,304, 2 rmsnorms 8,192 -> 202,383,360, x 32; final norm 4,096;
// lm head 131,072,000.
const LLAMA_PARAMS = 131_072_000 + 32 * (67_108_864 + 135_266_304 + 8_192) + 4_096 + 131_072_000;
// One decode step (seq 1, context 4096), per layer: projections 4 x 4096^2 = 67,108,864; scores
// 2 x 32 heads x 1 x 4096 x 128 = 33,554,432; mlp 135,266,304. Plus the lm head 4096 x 32000.
const LLAMA_ATTN_DECODE = 67_108_864 + 33_554_432;
const LLAMA_MACS = 32 * (LLAMA_ATTN_DECODE + 135_266_304) + 4096 * 32_000;

// Llama-2-70B: 80 layers, hidden 8192, 64 heads, 8 KV heads (kv width 1024), ffn 28672. A layer:
// q, o 8192^2 = 67,108,864 each; k, v 8192 x 1024 = 8,388,608 each; mlp 3 x 8192 x 28672 =
// 704,643,072; 2 rmsnorms 16,384 -> 855,654,400; x 80, + embedding and lm head 2 x 262,144,000 + 8,192.
const LLAMA70_PARAMS = 80 * 855_654_400 + 2 * 262_144_000 + 8192;
// Decode MACs a layer: 150,994,944 + 704,643,072 linear, 2 x 64 x 4096 x 128 = 67,108,864 scores; + lm head.
// The Hugging Face count of LlamaForCausalLM (test/fixtures/reference/hf/COUNTS.md): 68,976,648,192.
const LLAMA70_MACS = 80 * (150_994_944 + 704_643_072 + 67_108_864) + 8192 * 32_000;

const REFERENCES: Record<string, Reference> = {
  'alexnet.nnm': { macs: 714_188_480, params: 61_100_840, shapes: { pool5: [1, 256, 6, 6], avg: [1, 256, 6, 6], fc6: [1, 4096], logits: [1, 1000] } },
  'resnet50.nnm': { macs: 4_089_184_256, params: 25_557_032, shapes: { stem: [1, 64, 56, 56], 's1[2]': [1, 256, 56, 56], 's2[2]': [1, 512, 28, 28], 's3[4]': [1, 1024, 14, 14], 's4[1]': [1, 2048, 7, 7], logits: [1, 1000] } },
  'vgg16.nnm': { macs: 15_470_264_320, params: 138_357_544, shapes: { s1: [1, 64, 112, 112], s5: [1, 512, 7, 7], avg: [1, 512, 7, 7], fc6: [1, 4096], logits: [1, 1000] } },
  'resnet18.nnm': { macs: 1_814_073_344, params: 11_689_512, shapes: { stem: [1, 64, 56, 56], 's1[1]': [1, 64, 56, 56], 's2[0]': [1, 128, 28, 28], 's3[0]': [1, 256, 14, 14], 's4[0]': [1, 512, 7, 7], logits: [1, 1000] } },
  'mobilenet_v2.nnm': { macs: 300_774_272, params: 3_504_872, shapes: { stem: [1, 32, 112, 112], 'b1.proj': [1, 16, 112, 112], 'b7.proj': [1, 320, 7, 7], head: [1, 1280, 7, 7], logits: [1, 1000] } },
  'alexnet_zhang15.nnm': {
    macs: 724_406_816,
    params: 60_965_224,
    shapes: { conv1: [1, 96, 55, 55], pool1: [1, 96, 27, 27], conv2: [1, 256, 27, 27], pool2: [1, 256, 13, 13], conv3: [1, 384, 13, 13], conv4: [1, 384, 13, 13], conv5: [1, 256, 13, 13], pool5: [1, 256, 6, 6], fc6: [1, 4096], fc8: [1, 1000] },
  },
  'bert_base.nnm': { macs: 11_174_215_680, params: 109_482_240, shapes: { word: [1, 128, 768], x: [1, 128, 768], 'h[0]': [1, 128, 768], 'h[11]': [1, 128, 768], cls: [1, 768], pooled: [1, 768] } },
  'llama2_70b.nnm': { macs: LLAMA70_MACS, params: LLAMA70_PARAMS, shapes: { x: [1, 1, 8192], 'h[0].attn.k_proj': [1, 1, 1024], 'h[0].attn.qk': [1, 64, 1, 4096], 'h[79]': [1, 1, 8192], logits: [1, 1, 32000] } },
  // The same model at a context of 2,048 (its counts without a target: the plan needs one):
  // 80 x (855,638,016 linear + 2 x 64 x 2,048 x 128 attention) + 262,144,000 (lm_head).
  'llama2_70b_tp8.nnm': { macs: 71_397_539_840, params: 68_976_648_192, shapes: { x: [1, 1, 8192], 'h[0].attn.qk': [1, 64, 1, 2048], 'h[0].gate': [1, 1, 28672], 'h[79]': [1, 1, 8192], logits: [1, 1, 32000] } },
  'llama2_7b.nnm': { macs: 7_680_819_200, params: 6_738_415_616, shapes: { x: [1, 1, 4096], 'h[0].attn.o_proj': [1, 1, 4096], 'h[0].attn.qk': [1, 32, 1, 4096], 'h[0].gate': [1, 1, 11008], 'h[31]': [1, 1, 4096], logits: [1, 1, 32000] } },
};

function read(file: string): string {
  return fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
}

function only(r: FileAnalysis): ModelResult {
  assert.equal(r.models.length, 1);
  return r.models[0];
}

function layer(m: ModelResult, name: string): Layer {
  const found = m.layers.find((l) => l.name === name);
  assert.ok(found, `no layer '${name}' in ${m.name}`);
  return found;
}

describe('reference arithmetic (the test checking itself)', () => {
  it('adds up to the published figures', () => {
    assert.equal(ALEXNET_MACS, 714_188_480);
    assert.deepEqual(vgg16(), { macs: 15_470_264_320, params: 138_357_544 });
    assert.equal(RESNET18_MACS, 1_814_073_344);
    assert.equal(RESNET18_PARAMS, 11_689_512);
    assert.deepEqual(mobilenetV2(), { macs: 300_774_272, params: 3_504_872 });
    assert.equal(ZHANG_CONV_MACS, 665_784_864);
    assert.equal(ZHANG_CONV_MACS + 58_621_952, 724_406_816);
    assert.equal(2_334_080 + 58_631_144, 60_965_224);
    assert.equal(BERT_PARAMS, 109_482_240);
    assert.equal(BERT_MACS, 11_174_215_680);
    assert.equal(LLAMA_PARAMS, 6_738_415_616);
    assert.equal(LLAMA_MACS, 7_680_819_200);
  });
});

describe('bundled examples', () => {
  const files = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.nnm')).sort();

  it('every example has its reference numbers in this test', () => {
    assert.deepEqual(files, Object.keys(REFERENCES).sort());
  });

  for (const file of files) {
    const ref = REFERENCES[file];
    if (!ref) continue;
    describe(file, () => {
      it('has no errors, complete totals and the exact MACs and params of the reference', () => {
        const r = analyzeText(read(file));
        assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`), []);
        const m = only(r);
        assert.equal(m.totals.complete, true);
        assert.equal(m.totals.uncounted, 0);
        assert.equal(m.totals.macs, ref.macs, 'MACs');
        assert.equal(m.totals.params, ref.params, 'params');
      });
      it('gives the layer shapes that matter', () => {
        const m = only(analyzeText(read(file)));
        for (const [name, shape] of Object.entries(ref.shapes)) assert.deepEqual(layer(m, name).outputs, [shape], name);
      });
      it('scales MACs, not params, with --param batch=2', () => {
        const m = only(analyzeText(read(file), { params: { batch: 2 } }));
        assert.equal(m.totals.macs, 2 * ref.macs);
        assert.equal(m.totals.params, ref.params);
        assert.equal(m.params.find((p) => p.name === 'batch')?.overridden, true);
      });
    });
  }
});

describe('alexnet_zhang15.nnm in detail', () => {
  const r = analyzeText(read('alexnet_zhang15.nnm'));
  const m = only(r);
  it('targets zhang15-vc707 in fp32', () => {
    assert.equal(r.settings.target?.name, 'zhang15-vc707');
    assert.equal(r.settings.precision?.name, 'fp32');
  });
  it('its five convs total 665,784,864 MACs per image (1.3316 GFLOP)', () => {
    const convs = m.layers.filter((l) => l.op === 'conv2d');
    assert.deepEqual(convs.map((l) => l.name), ['conv1', 'conv2', 'conv3', 'conv4', 'conv5']);
    assert.deepEqual(convs.map((l) => l.macs), [105_415_200, 223_948_800, 149_520_384, 112_140_288, 74_760_192]);
    assert.equal(convs.reduce((s, l) => s + l.macs, 0), ZHANG_CONV_MACS);
    assert.equal((2 * ZHANG_CONV_MACS / 1e9).toFixed(4), '1.3316');
  });
  it('has the per-group loop nests of Zhang et al. (M, N, R, C, K, S)', () => {
    // conv1 and conv3 are written with groups=1 (M = 96, 384) and mapped with @split(m=2) as the
    // paper's per-GPU halves: L1 M=48 N=3, L3 M=192 N=256, two passes each.
    const dims = (name: string) => {
      const d = layer(m, name).dims;
      assert.ok(d && d.kind === 'conv');
      return [d.groups, d.m, d.n, d.r, d.c, d.kh, d.stride];
    };
    assert.deepEqual(dims('conv1'), [2, 48, 3, 55, 55, 11, 4]);
    assert.deepEqual(dims('conv2'), [2, 128, 48, 27, 27, 5, 1]);
    assert.deepEqual(dims('conv3'), [2, 192, 256, 13, 13, 3, 1]);
    assert.deepEqual(dims('conv4'), [2, 192, 192, 13, 13, 3, 1]);
    assert.deepEqual(dims('conv5'), [2, 128, 192, 13, 13, 3, 1]);
  });
});

describe('bert_base.nnm in detail', () => {
  it('reads int32 token ids and gives [1, 128, 768] hidden states', () => {
    const m = only(analyzeText(read('bert_base.nnm')));
    assert.deepEqual(m.inputs.map((i) => [i.name, i.shape, i.precision]), [
      ['tokens', [1, 128], 'int32'],
      ['positions', [1, 128], 'int32'],
      ['segments', [1, 128], 'int32'],
    ]);
    // 12 attention calls, each taken apart into 7 layers
    assert.equal(m.layers.filter((l) => l.part?.name === 'qk').length, 12);
    assert.equal(new Set(m.layers.filter((l) => l.part).map((l) => l.part?.of)).size, 12);
    assert.deepEqual(m.layers[m.layers.length - 1].outputs, [[1, 768]]);
  });
});

describe('llama2_7b.nnm in detail', () => {
  const text = read('llama2_7b.nnm');
  it('runs every layer in fp16', () => {
    const m = only(analyzeText(text));
    assert.equal(m.layers.length > 0, true);
    for (const l of m.layers) assert.equal(l.precision, 'fp16', l.name);
    assert.equal(m.inputs[0].precision, 'int32');
  });
  it('decode: attention MACs and KV-cache bytes per layer', () => {
    const m = only(analyzeText(text));
    const parts = m.layers.filter((l) => l.part?.of === 'h[0].attn');
    assert.deepEqual(parts.map((l) => l.name), ['q_proj', 'k_proj', 'v_proj', 'qk', 'softmax', 'sv', 'o_proj'].map((p) => `h[0].attn.${p}`));
    assert.equal(new Set(m.layers.filter((l) => l.part).map((l) => l.part?.of)).size, 32);
    // 67,108,864 + 33,554,432 (see LLAMA_ATTN_DECODE)
    assert.equal(parts.reduce((s, l) => s + l.macs, 0), 100_663_296);
    // qk reads the keys, sv the values, of 4096 positions x 4096 wide x 2 bytes = 33,554,432 each;
    // k_proj and v_proj write the new token's key and value, 4096 x 2 bytes each
    assert.equal(layer(m, 'h[0].attn.qk').bytes.cache, 33_554_432);
    assert.equal(layer(m, 'h[0].attn.sv').bytes.cache, 33_554_432);
    assert.equal(layer(m, 'h[0].attn.k_proj').bytes.cache, 8192);
    assert.equal(parts.reduce((s, l) => s + l.bytes.cache, 0), 67_108_864 + 16_384);
    // The cache at context 4096: 32 layers x keys and values x 4096 x 4096 x 2 bytes
    assert.equal(m.totals.kvCacheBytes, 32 * 2 * 4096 * 4096 * 2);
    // the embedding reads one row: 4096 x 2 bytes
    assert.equal(layer(m, 'x').bytes.weight, 8192);
  });
  it('prefill with --param seq=4096: attention MACs as computed by hand', () => {
    const m = only(analyzeText(text, { params: { seq: 4096 } }));
    assert.deepEqual(m.params.map((p) => [p.name, p.value, p.overridden]), [
      ['batch', 1, false],
      ['seq', 4096, true],
      ['context', 4096, false],
    ]);
    const parts = m.layers.filter((l) => l.part?.of === 'h[0].attn');
    // projections 4096 tokens x 4 x 4096^2 = 274,877,906,944
    // scores 2 x 32 heads x 4096 x 4096 x 128 = 137,438,953,472 (full, causal masking not subtracted)
    assert.equal(parts.reduce((s, l) => s + l.macs, 0), 274_877_906_944 + 137_438_953_472);
    assert.equal(layer(m, 'h[0].attn.qk').macs, 137_438_953_472 / 2);
    assert.deepEqual(layer(m, 'h[0].attn.o_proj').outputs, [[1, 4096, 4096]]);
    // model: 4096 x (every linear MAC of a decode step) + 32 x the scores
    //   linear per token: 32 x (67,108,864 + 135,266,304) + 131,072,000 = 6,607,077,376
    assert.equal(m.totals.macs, 4096 * 6_607_077_376 + 32 * 137_438_953_472);
    assert.equal(m.totals.params, LLAMA_PARAMS);
    assert.deepEqual(layer(m, 'logits').outputs, [[1, 4096, 32_000]]);
  });
});
