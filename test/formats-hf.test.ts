// Hugging Face config.json as a model file (server/src/core/formats/hf/): the parameter count of
// every committed config equals sum(p.numel()) of the class in `architectures` (tied weights once;
// counts in test/fixtures/models/SOURCES.md), the layers each family is made of (grouped-query
// attention, tied heads, attention biases, learned positions, BERT's heads), the model parameters,
// recognition by content, the round trip through a model file, and the errors, located.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileAnalysis } from '../server/src/core/analyze';
import { analyzeText } from '../server/src/core/analyze';
import { CATALOGUE } from '../server/src/core/diagnostics/catalogue';
import { detectFormat } from '../server/src/core/formats/detect';
import { analyzeHfConfig } from '../server/src/core/formats/hf';
import { toNnm } from '../server/src/core/formats/toNnm';
import type { Layer, ModelResult } from '../server/src/core/semantics/model';
import type { JsonReport } from '../server/src/core/report/jsonReport';
import { cli } from './cli-run';
import { modelPath, readModel } from './helpers/models';


/** The five configs of test/fixtures/models/hf and their counts (SOURCES.md). */
export const HF_REFERENCE: [string, number][] = [
  ['hf/llama-2-7b/config.json', 6_738_415_616],
  ['hf/mistral-7b-v0.1/config.json', 7_241_732_096],
  ['hf/qwen2-0.5b/config.json', 494_032_768],
  ['hf/gpt2/config.json', 124_439_808],
  ['hf/bert-base-uncased/config.json', 109_514_298],
];

function analyse(text: string, params?: Record<string, number>): { r: FileAnalysis; m: ModelResult } {
  const r = analyzeHfConfig(text, { fileName: 'config.json', params });
  assert.equal(r.models.length, 1, r.diagnostics.map((d) => d.message).join('; '));
  return { r, m: r.models[0] };
}

function clean(file: string, params?: Record<string, number>): ModelResult {
  const { r, m } = analyse(readModel(file), params);
  assert.deepEqual(r.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  assert.equal(m.totals.complete, true);
  return m;
}

function layer(m: ModelResult, name: string): Layer {
  const l = m.layers.find((x) => x.name === name);
  assert.ok(l, `no layer '${name}' (${m.layers.slice(0, 12).map((x) => x.name).join(', ')}...)`);
  return l;
}

/** The seven layers an attention call is taken apart into, and their sums. */
function attention(m: ModelResult, name: string): { parts: Record<string, Layer>; args?: Record<string, unknown>; params: number; macs: number } {
  const ps = m.layers.filter((l) => l.part?.of === name);
  assert.deepEqual(ps.map((l) => l.part?.name), ['q_proj', 'k_proj', 'v_proj', 'qk', 'softmax', 'sv', 'o_proj'], `the parts of ${name}`);
  return {
    parts: Object.fromEntries(ps.map((l) => [l.part?.name ?? '', l])),
    args: ps[0].call?.args,
    params: ps.reduce((a, l) => a + l.params, 0),
    macs: ps.reduce((a, l) => a + l.macs, 0),
  };
}

/** A config with some keys changed (JSON text, so spans are real). */
function edited(file: string, patch: Record<string, unknown>): string {
  return JSON.stringify({ ...(JSON.parse(readModel(file)) as Record<string, unknown>), ...patch }, null, 2);
}

describe('Hugging Face config.json', () => {
  describe('parameter counts equal sum(p.numel()) of the class in architectures', () => {
    for (const [file, params] of HF_REFERENCE) {
      it(`${file}: ${params.toLocaleString('en-US')}`, () => assert.equal(clean(file).totals.params, params));
    }
    it('BertModel (the pooler, no MLM head): 109,482,240', () => {
      const { r, m } = analyse(edited('hf/bert-base-uncased/config.json', { architectures: ['BertModel'] }));
      assert.deepEqual(r.diagnostics, []);
      assert.equal(m.totals.params, 109_482_240);
      assert.ok(m.layers.some((l) => l.name === 'pooler.dense'), 'BertModel: no prefix, a pooler');
    });
    it('LlamaModel has no lm_head: 6,738,415,616 - 32000 x 4096', () => {
      const { m } = analyse(edited('hf/llama-2-7b/config.json', { architectures: ['LlamaModel'] }));
      assert.equal(m.totals.params, 6_738_415_616 - 32000 * 4096);
      assert.equal(m.layers[0].name, 'embed_tokens');
    });
    it('an untied Qwen2 head adds vocab x hidden; a tied Llama head removes it', () => {
      assert.equal(analyse(edited('hf/qwen2-0.5b/config.json', { tie_word_embeddings: false })).m.totals.params, 494_032_768 + 151936 * 896);
      assert.equal(analyse(edited('hf/llama-2-7b/config.json', { tie_word_embeddings: true })).m.totals.params, 6_738_415_616 - 32000 * 4096);
    });
    it('BertForPreTraining: the MLM head, the pooler and the next-sentence classifier (768 x 2 + 2)', () => {
      assert.equal(analyse(edited('hf/bert-base-uncased/config.json', { architectures: ['BertForPreTraining'] })).m.totals.params, 109_514_298 + 768 * 768 + 768 + 768 * 2 + 2);
    });
    it('sequence classification: BERT pools and has a biased classifier; Llama scores every position without bias', () => {
      const labels = { id2label: { 0: 'neg', 1: 'pos', 2: 'neutral' } };
      const bert = analyse(edited('hf/bert-base-uncased/config.json', { architectures: ['BertForSequenceClassification'], ...labels })).m;
      assert.equal(bert.totals.params, 109_482_240 + 768 * 3 + 3);
      assert.deepEqual(layer(bert, 'classifier').outputs[0], [1, 1, 3], 'on the first token, kept as a sequence of one');
      const llama = analyse(edited('hf/llama-2-7b/config.json', { architectures: ['LlamaForSequenceClassification'], ...labels })).m;
      assert.equal(llama.totals.params, 6_738_415_616 - 32000 * 4096 + 4096 * 3);
      assert.equal(layer(llama, 'score').params, 4096 * 3);
    });
  });

  describe('the layers of each family', () => {
    it('Llama-2-7b: HF module names, one decode step at context 4096 (max_position_embeddings), fp16', () => {
      const m = clean('hf/llama-2-7b/config.json');
      assert.deepEqual(m.params.map((p) => [p.name, p.value]), [['batch', 1], ['seq', 1], ['context', 4096]]);
      const attn = attention(m, 'model.layers.0.self_attn');
      assert.deepEqual(attn.args, { heads: 32, context: 4096 });
      assert.equal(attn.params, 4 * 4096 * 4096);
      assert.equal(attn.parts.q_proj.precision, 'fp16');
      assert.equal(attn.parts.qk.bytes.cache, 4096 * 4096 * 2, 'the keys of 4096 positions at fp16');
      assert.equal(attn.parts.sv.bytes.cache, 4096 * 4096 * 2, 'the values');
      const names = ['q_proj', 'k_proj', 'v_proj', 'qk', 'softmax', 'sv', 'o_proj'].map((p) => `model.layers.0.self_attn.${p}`);
      assert.deepEqual(['model.embed_tokens', 'model.layers.0.input_layernorm', ...names, 'model.layers.0.residual_attn', 'model.layers.0.post_attention_layernorm', 'model.layers.0.mlp.gate_proj', 'model.layers.0.mlp.up_proj', 'model.layers.0.mlp.act_fn', 'model.layers.0.mlp.mul', 'model.layers.0.mlp.down_proj', 'model.layers.0.residual_mlp'], m.layers.slice(0, 17).map((l) => l.name));
      assert.deepEqual(m.layers.slice(-2).map((l) => [l.name, l.op, l.params]), [['model.norm', 'rmsnorm', 4096], ['lm_head', 'linear', 32000 * 4096]]);
      assert.equal(m.layers.length, 1 + 32 * 16 + 2);
    });

    it('Mistral-7B: grouped-query attention (8 KV heads) and the sliding window cuts the cache to 4096', () => {
      const m = clean('hf/mistral-7b-v0.1/config.json');
      const attn = attention(m, 'model.layers.31.self_attn');
      assert.deepEqual(attn.args, { heads: 32, kv_heads: 8, context: 4096 });
      assert.equal(attn.params, 2 * 4096 * 4096 + 2 * 4096 * 1024);
      assert.equal(attn.parts.k_proj.params, 4096 * 1024);
      assert.equal(attn.parts.qk.bytes.cache, 4096 * 1024 * 2, 'keys of 4096 positions, 8 heads of 128, fp16');
      assert.match(attn.parts.q_proj.notes.join(' '), /Sliding-window attention \(window 4096\).*context of 32768 reads a cache of 4096/);
      assert.equal(m.params.find((p) => p.name === 'context')?.value, 32768);
      // Within the window the cache is the context.
      assert.equal(attention(clean('hf/mistral-7b-v0.1/config.json', { context: 1000 }), 'model.layers.0.self_attn').parts.qk.bytes.cache, 1000 * 1024 * 2);
    });

    it('Qwen2-0.5B: q/k/v biases without an o_proj bias, a tied head that reads the embedding but holds no params', () => {
      const m = clean('hf/qwen2-0.5b/config.json');
      const attn = attention(m, 'model.layers.0.self_attn');
      assert.deepEqual(attn.args, { heads: 14, kv_heads: 2, context: 131072, bias: true, o_bias: false });
      assert.equal(attn.params, 2 * 896 * 896 + 2 * 896 * 128 + 896 + 2 * 128);
      assert.deepEqual([attn.parts.q_proj.params, attn.parts.k_proj.params, attn.parts.o_proj.params], [896 * 896 + 896, 896 * 128 + 128, 896 * 896]);
      const head = layer(m, 'lm_head');
      assert.equal(head.params, 0);
      assert.equal(head.bytes.weight, 151936 * 896 * 2, 'the tied table is read at bf16');
      assert.equal(head.precision, 'bf16');
      assert.match(head.notes.join(' '), /Tied weight/);
    });

    it('GPT-2: learned positions added to the tokens, biases everywhere, layernorm, a tied head', () => {
      const m = clean('hf/gpt2/config.json');
      assert.deepEqual(m.layers.slice(0, 4).map((l) => [l.name, l.op, l.params]), [
        ['transformer.wte', 'embedding', 50257 * 768],
        ['transformer.wpe', 'embedding', 1024 * 768],
        ['transformer.embed_add', 'add', 0],
        ['transformer.h.0.ln_1', 'layernorm', 2 * 768],
      ]);
      assert.deepEqual(m.inputs.map((i) => [i.name, i.shape]), [['input_ids', [1, 1]], ['position_ids', [1, 1]]]);
      assert.equal(attention(m, 'transformer.h.0.attn').params, 4 * 768 * 768 + 4 * 768);
      assert.equal(layer(m, 'transformer.h.0.mlp.c_fc').params, 768 * 3072 + 3072);
      assert.equal(layer(m, 'lm_head').params, 0);
      assert.equal(m.layers[0].precision, 'fp32', 'no torch_dtype: fp32');
    });

    it('BERT: token types, an embedding layernorm, post-norm blocks, the MLM head with its decoder bias; seq 512 and no cache', () => {
      const m = clean('hf/bert-base-uncased/config.json');
      assert.deepEqual(m.params.map((p) => [p.name, p.value]), [['batch', 1], ['seq', 512]]);
      assert.deepEqual(m.inputs.map((i) => i.name), ['input_ids', 'position_ids', 'token_type_ids']);
      const block = (n: string) => `bert.encoder.layer.0.${n}`;
      assert.deepEqual(m.layers.slice(5, 20).map((l) => l.name), [
        'bert.embeddings.LayerNorm', ...['q_proj', 'k_proj', 'v_proj', 'qk', 'softmax', 'sv', 'o_proj'].map((p) => block(`attention.${p}`)),
        ...['attention.output.residual', 'attention.output.LayerNorm', 'intermediate.dense', 'intermediate.act', 'output.dense', 'output.residual', 'output.LayerNorm'].map(block),
      ]);
      const attn = attention(m, 'bert.encoder.layer.0.attention');
      assert.deepEqual(attn.args, { heads: 12, bias: true });
      assert.equal(attn.parts.qk.bytes.cache, 512 * 768 * 4, 'the keys of the sequence itself, fp32');
      const decoder = layer(m, 'cls.predictions.decoder');
      assert.equal(decoder.params, 30522, 'the decoder bias only: its weight is the word embeddings');
      assert.deepEqual(decoder.outputs[0], [1, 512, 30522]);
      assert.equal(layer(m, 'cls.predictions.transform.dense').params, 768 * 768 + 768);
    });
  });

  describe('model parameters', () => {
    it('batch, seq and context apply; a prefill of 2048 tokens', () => {
      const m = clean('hf/llama-2-7b/config.json', { batch: 4, seq: 2048, context: 2048 });
      assert.deepEqual(m.inputs[0].shape, [4, 2048]);
      const attn = attention(m, 'model.layers.0.self_attn');
      assert.equal(attn.args?.context, 2048);
      assert.equal(attn.macs, 4 * 2048 * 4 * 4096 * 4096 + 2 * 4 * 32 * 2048 * 2048 * 128);
      assert.ok(m.params.every((p) => p.overridden));
    });
    it('seq beyond max_position_embeddings raises the default context with it', () => {
      assert.equal(clean('hf/llama-2-7b/config.json', { seq: 5000 }).params.find((p) => p.name === 'context')?.value, 5000);
    });
    it('an unknown or invalid parameter is RL209; the defaults stand', () => {
      const { r, m } = analyse(readModel('hf/gpt2/config.json'), { width: 3, seq: 0 });
      assert.deepEqual(r.diagnostics.map((d) => d.code), ['RL209', 'RL209']);
      assert.match(r.diagnostics[0].message, /no parameter 'width' \(parameters: batch, seq, context\)/);
      assert.match(r.diagnostics[1].message, /--param seq=0: 'seq' must be a positive whole number/);
      assert.equal(m.params.find((p) => p.name === 'seq')?.value, 1);
    });
  });

  describe('recognised by content, never by the .json extension', () => {
    it('a config is hf; other JSON files (a target file, package.json) are not', () => {
      assert.equal(detectFormat('config.json', readModel('hf/gpt2/config.json')), 'hf');
      assert.equal(detectFormat('anything.txt', readModel('hf/bert-base-uncased/config.json')), 'hf');
      assert.notEqual(detectFormat('my.target.json', '{ "name": "x", "peak": { "fp16": "1 TOP/s" } }'), 'hf');
      assert.notEqual(detectFormat('package.json', '{ "name": "roofline-lens", "version": "0.1.0" }'), 'hf');
    });
  });

  describe('the command line reads a config by its content', () => {
    it('roofline analyze config.json --param seq=… context=… --format json', () => {
      const r = cli(['analyze', modelPath('hf/llama-2-7b/config.json'), '--param', 'seq=2048', '--param', 'context=2048', '--target', 'a100-sxm-80gb', '--format', 'json']);
      assert.equal(r.status, 0, r.err);
      const j = JSON.parse(r.out) as JsonReport;
      assert.equal(j.totals.params, 6_738_415_616);
      assert.deepEqual(j.params, { batch: 1, seq: 2048, context: 2048 });
      assert.equal(j.target?.name, 'a100-sxm-80gb');
      const attn = j.layers.find((l) => l.name === 'model.layers.0.self_attn.qk');
      assert.ok(attn?.ctc !== undefined && attn.time !== undefined);
    });
    it('a config error is printed at its line and column; exit status 1', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-hf-'));
      const file = path.join(dir, 'config.json');
      fs.writeFileSync(file, edited('hf/gpt2/config.json', { model_type: 'falcon' }));
      const r = cli(['analyze', file]);
      assert.equal(r.status, 1);
      assert.match(r.err, /config\.json:\d+:\d+: error RL810: model_type 'falcon' is not supported/);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });

  describe('round trip through a model file', () => {
    for (const [file] of HF_REFERENCE) {
      it(`${file}: the converted .nnm has the same layers, params, MACs, ops and bytes`, () => {
        const m = clean(file);
        const { text, warnings } = toNnm(m, { title: 'converted from config.json' });
        assert.deepEqual(warnings, []);
        const back = analyzeText(text);
        assert.deepEqual(back.diagnostics.filter((d) => d.severity === 'error'), []);
        const n = back.models[0];
        assert.deepEqual(
          { params: n.totals.params, macs: n.totals.macs, ops: n.totals.ops, layers: n.layers.length },
          { params: m.totals.params, macs: m.totals.macs, ops: m.totals.ops, layers: m.layers.length },
        );
        const bytes = (x: ModelResult) => x.layers.reduce((s, l) => s + l.bytes.input + l.bytes.weight + l.bytes.output + l.bytes.cache, 0);
        assert.equal(bytes(n), bytes(m));
      });
    }
  });

  describe('errors, located', () => {
    it('bad JSON is a syntax error at the place', () => {
      const text = '{ "model_type": "llama", "architectures": ["LlamaForCausalLM"], }';
      const r = analyzeHfConfig(text);
      assert.equal(r.models.length, 0);
      assert.equal(r.diagnostics[0].code, 'RL103');
      assert.equal(text.slice(r.diagnostics[0].span.start, r.diagnostics[0].span.start + 1), '}');
    });
    it('an unsupported model_type is RL810 at its value, naming the supported ones', () => {
      const text = edited('hf/llama-2-7b/config.json', { model_type: 'falcon' });
      const r = analyzeHfConfig(text);
      assert.equal(r.models.length, 0);
      assert.equal(r.diagnostics[0].code, 'RL810');
      assert.equal(text.slice(r.diagnostics[0].span.start, r.diagnostics[0].span.end), '"falcon"');
      assert.match(r.diagnostics[0].message, /supported: llama, mistral, mixtral, qwen2, gpt2, bert/);
    });
    it('an ill-typed value is RL811 at the key; the family default is used', () => {
      const text = edited('hf/llama-2-7b/config.json', { num_hidden_layers: 'thirty-two' });
      const { r, m } = analyse(text);
      assert.deepEqual(r.diagnostics.map((d) => d.code), ['RL811']);
      assert.match(text.slice(r.diagnostics[0].span.start, r.diagnostics[0].span.end), /^"num_hidden_layers": "thirty-two"$/);
      assert.equal(m.totals.params, 6_738_415_616, 'LlamaConfig default: 32 layers');
    });
    it('a class that is not modelled is RL812 at it; the base model is analysed', () => {
      const text = edited('hf/llama-2-7b/config.json', { architectures: ['LlamaForQuestionAnswering'] });
      const { r, m } = analyse(text);
      assert.deepEqual(r.diagnostics.map((d) => d.code), ['RL812']);
      assert.equal(text.slice(r.diagnostics[0].span.start, r.diagnostics[0].span.end), '"LlamaForQuestionAnswering"');
      assert.equal(m.totals.params, 6_738_415_616 - 32000 * 4096);
    });
    it('a head_dim other than hidden / heads is RL813: the counts are said not to be exact', () => {
      const { r } = analyse(edited('hf/mistral-7b-v0.1/config.json', { head_dim: 96 }));
      assert.deepEqual(r.diagnostics.map((d) => d.code), ['RL813']);
      assert.match(r.diagnostics[0].message, /head_dim 96 differs from hidden_size \/ num_attention_heads = 128/);
    });
    it('too many blocks are refused before any is built', () => {
      const r = analyzeHfConfig(edited('hf/gpt2/config.json', { n_layer: 1e9 }));
      assert.equal(r.models.length, 0);
      assert.match(r.diagnostics[0].message, /1000000000 blocks: at most 1024 are built/);
    });
    it('no model_type: RL811, no model', () => {
      const r = analyzeHfConfig('{ "architectures": ["LlamaForCausalLM"] }');
      assert.deepEqual(r.diagnostics.map((d) => d.code), ['RL811']);
      assert.equal(r.models.length, 0);
    });
  });

  describe('docs/formats.md', () => {
    it('lists every RL8xx code with its severity', () => {
      const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'formats.md'), 'utf8');
      const codes = Object.entries(CATALOGUE).filter(([code]) => code.startsWith('RL8'));
      assert.equal(codes.length, 11);
      for (const [code, e] of codes) assert.ok(doc.includes(`| ${code} | ${e.severity} |`), `${code} (${e.severity}) is not in docs/formats.md`);
    });
  });

  describe('operator arguments the configs need', () => {
    it('linear(tied=true) reads its weight but holds only its bias as params', () => {
      const r = analyzeText('model m {\n input x: [2, 8]\n a = linear(x, 5, tied=true)\n b = linear(x, 5, bias=false, tied=true)\n}');
      const [a, b] = r.models[0].layers;
      assert.deepEqual([a.params, a.bytes.weight, b.params, b.bytes.weight], [5, (40 + 5) * 4, 0, 40 * 4]);
    });
    it('attention(o_bias=false) drops the output projection bias only', () => {
      const r = analyzeText('model m {\n input x: [1, 4, 16]\n a = attention(x, heads=4, kv_heads=2, bias=true, o_bias=false)\n b = attention(x, heads=4, bias=true)\n}');
      const m = r.models[0];
      assert.equal(attention(m, 'a').params, 2 * 256 + 2 * 16 * 8 + 16 + 2 * 8);
      assert.equal(attention(m, 'a').parts.o_proj.params, 256);
      assert.equal(attention(m, 'b').params, 4 * 256 + 4 * 16);
    });
  });
});
