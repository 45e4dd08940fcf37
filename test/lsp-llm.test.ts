// The editor on a language model, over the real protocol (the server in-process): the hover and the
// inlay hint of an attention line (the sum over its parts, and each part), the settings
// roofline.attention and roofline.phase (with roofline.generation.*), the generation's code lens,
// and the hover of `use precision W/A/KV`. Expected figures come from the core.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeLensRequest, DidChangeConfigurationNotification, HoverRequest, InlayHintRequest, type Hover, type InlayHint, type MarkupContent, type Position } from 'vscode-languageserver/node';
import { analyze } from '../server/src/core/index';
import { formatRatio, formatSeconds, formatSI } from '../server/src/protocol/format';
import { PANEL_DATA, type PanelDataResult } from '../server/src/protocol/lsp';
import { runReportSource } from '../server/src/report/reportSource';
import { parsePageMessage, type PanelData } from '../server/src/protocol/panel';
import { inProcessSession, type LspSession } from './helpers/lspSession';

const ROOT = path.resolve(__dirname, '..');
const LLAMA = fs.readFileSync(path.join(ROOT, 'examples', 'llama2_7b.nnm'), 'utf8');
const URI = 'file:///examples/llama2_7b.nnm';
const PARTS = ['q_proj', 'k_proj', 'v_proj', 'qk', 'softmax', 'sv', 'o_proj'];

function positionOf(text: string, needle: string): Position {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function markdown(h: Hover | null): string {
  assert.ok(h && typeof h.contents === 'object' && 'kind' in h.contents);
  return h.contents.value;
}

function label(h: InlayHint): string {
  return typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
}

describe('the editor on a language model', () => {
  let session: LspSession;
  const hover = async (position: Position) => markdown(await session.client.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position }));
  const hintOn = async (needle: string): Promise<InlayHint> => {
    const line = positionOf(LLAMA, needle).line;
    const hints = (await session.client.sendRequest(InlayHintRequest.type, { textDocument: { uri: URI }, range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } } })) ?? [];
    const h = hints.find((x) => x.position.line === line);
    assert.ok(h, `a hint on the line of '${needle}'`);
    return h;
  };
  const configure = async (roofline: unknown) => {
    const next = session.nextDiagnostics(URI);
    await session.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { roofline } });
    await next;
  };

  before(async () => {
    session = inProcessSession();
    await session.initialize({ debounceMs: 0 });
    await session.open(URI, LLAMA);
  });

  after(async () => {
    await session.shutdown();
    session.close();
  });

  it('hover on attention: the sum over its parts, their roofline, and each part named and costed', async () => {
    const md = await hover(positionOf(LLAMA, 'attention(rmsnorm'));
    assert.match(md, /^\*\*attention\*\* · 32 instances, the first `h\[0\]\.attn` · taken apart into 7 layers: `\.q_proj`, `\.k_proj`, `\.v_proj`, `\.qk`, `\.softmax`, `\.sv`, `\.o_proj`/);
    // The counts of the call, as before it was taken apart: 4 x 4096^2 + 2 x 32 x 4096 x 128 MACs
    assert.ok(md.includes('MACs: 100,663,296'), md);
    assert.ok(md.includes('**Roofline, sum over the parts**'), md);
    for (const p of PARTS) assert.ok(md.includes(`\`h[0].attn.${p}\``), `${p} listed`);
    // flash by default: qk carries the kernel of softmax and sv
    assert.match(md, /`h\[0\]\.attn\.softmax` softmax · fused into `h\[0\]\.attn\.qk`/);
  });

  it('inlay hint on the attention line: Σ CTC and the bound over the parts, ×32, each part in the tooltip', async () => {
    const h = await hintOn('attn = attention(');
    const a = analyze({ text: LLAMA }, { fallbackTarget: 'h100-sxm' });
    const parts = a.costs[0].layers.filter((c) => c.name.startsWith('h[0].attn.') && c.name !== 'h[0].attn.rmsnorm' && c.fusedInto === undefined);
    const ops = parts.reduce((s, c) => s + (c.ops ?? 0), 0);
    const traffic = parts.reduce((s, c) => s + (c.traffic?.used ?? 0), 0);
    assert.equal(label(h), `Σ CTC ${formatRatio(ops / traffic)} · HBM3 · ×32`);
    const tooltip = (h.tooltip as MarkupContent).value;
    for (const p of PARTS) assert.ok(tooltip.includes(`\`h[0].attn.${p}\``), `${p} in the tooltip`);
  });

  it('roofline.attention unfused: the scores leave the chip (softmax costed on its own)', async () => {
    await configure({ attention: 'unfused' });
    const md = await hover(positionOf(LLAMA, 'attention(rmsnorm'));
    assert.match(md, /`h\[0\]\.attn\.softmax` softmax · [\d.]+ [nµm]?s/);
    assert.ok(!md.includes('fused into `h[0].attn.qk`'), md);
    await configure({ attention: 'flash' });
  });

  it('roofline.phase generate: a code lens with the time to first token, per output token and tokens/s', async () => {
    await configure({ phase: 'generate', generation: { prompt: 2048, new: 128 } });
    const lenses = (await session.client.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } })) ?? [];
    const g = analyze({ text: LLAMA }, { fallbackTarget: 'h100-sxm', phase: { phase: 'generate', prompt: 2048, newTokens: 128 } }).generations?.[0];
    assert.ok(g);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.includes(`⚡ 2,048 + 128 tokens: TTFT ${formatSeconds(g.ttft)} · TPOT ${formatSeconds(g.tpot)} · total ${formatSeconds(g.total)} · ${formatSI(g.tokensPerSecond)} tokens/s on h100-sxm`), titles.join('\n'));
    assert.ok(titles.some((t) => t.startsWith('last decode step · ⏱ ')), titles.join('\n'));
    await configure({ phase: 'decode' });
    const decode = ((await session.client.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } })) ?? []).map((l) => l.command?.title ?? '');
    assert.ok(decode.some((t) => t.startsWith('decode (seq 1, context 2,049) · ⏱ ')), decode.join('\n'));
    await configure({ phase: 'model' });
  });

  it("the panel's data: the phase switch (a what-if: decode, then generate with its figures), attention and precision by role", async () => {
    const panel = async (whatIf: Record<string, unknown>): Promise<PanelData> => {
      const r = (await session.client.sendRequest(PANEL_DATA, { uri: URI, ...whatIf })) as PanelDataResult;
      assert.ok('data' in r, JSON.stringify(r));
      return r.data;
    };
    const plain = await panel({});
    assert.deepEqual(plain.phase, { phase: 'model' });
    assert.equal(plain.attention, 'flash');
    assert.equal(plain.generation, undefined);
    const decode = await panel({ phase: 'decode', prompt: 1000 });
    assert.deepEqual(decode.phase, { phase: 'decode', prompt: 1000 });
    assert.deepEqual(decode.params.filter((p) => p.name !== 'batch').map((p) => [p.name, p.value]), [['seq', 1], ['context', 1001]]);
    const gen = await panel({ phase: 'generate', prompt: 512, newTokens: 16, attention: 'unfused', precision: 'int4/fp16/int8' });
    assert.equal(gen.attention, 'unfused');
    assert.equal(gen.precision, 'int4/fp16/int8');
    const g = analyze({ text: LLAMA }, { fallbackTarget: 'h100-sxm', attention: 'unfused', precision: { weights: 'int4', activations: 'fp16', kv: 'int8' }, phase: { phase: 'generate', prompt: 512, newTokens: 16 } }).generations?.[0];
    assert.ok(g && gen.generation);
    assert.deepEqual(gen.generation, { prompt: 512, new: 16, ttft: g.ttft, tpot: g.tpot, total: g.total, tokensPerSecond: g.tokensPerSecond });
    // the softmax costed on its own (unfused)
    assert.equal(gen.layers.find((l) => l.name === 'h[0].attn.softmax')?.fusedInto, undefined);
    const bad = (await session.client.sendRequest(PANEL_DATA, { uri: URI, phase: 'train' })) as PanelDataResult;
    assert.ok('error' in bad && bad.error.includes("unknown phase 'train'"));
  });

  it("the page's messages: setPhase, setAttention and setPrecision by role are checked", () => {
    assert.deepEqual(parsePageMessage({ type: 'setPhase', phase: 'generate', prompt: 2048, newTokens: 128 }), { type: 'setPhase', phase: 'generate', prompt: 2048, newTokens: 128 });
    assert.deepEqual(parsePageMessage({ type: 'setPhase', phase: 'decode', prompt: -3 }), { type: 'setPhase', phase: 'decode' });
    assert.equal(parsePageMessage({ type: 'setPhase', phase: 'train' }), undefined);
    assert.deepEqual(parsePageMessage({ type: 'setAttention', mode: 'unfused' }), { type: 'setAttention', mode: 'unfused' });
    assert.equal(parsePageMessage({ type: 'setAttention', mode: 'fast' }), undefined);
    assert.deepEqual(parsePageMessage({ type: 'setPrecision', precision: 'int4/fp16/int8' }), { type: 'setPrecision', precision: 'int4/fp16/int8' });
    assert.equal(parsePageMessage({ type: 'setPrecision', precision: 'int4/fp16' }), undefined);
    assert.equal(parsePageMessage({ type: 'setPrecision', precision: '../x' }), undefined);
  });

  it('hover on use precision W/A/KV names each role and its size', async () => {
    const uri = 'file:///w4.nnm';
    const text = 'use precision int4/fp16/int8\nmodel m {\n  input x: [1, 4, 64]\n  y = linear(x, 64)\n}\n';
    await session.open(uri, text);
    const md = markdown(await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, 'int4/') }));
    assert.equal(md, 'precision `int4/fp16/int8`: weights `int4` (0.5 bytes per element) · activations `fp16` (2 bytes per element; the math type) · KV cache `int8` (1 byte per element)');
  });
});

describe('the standalone report on a language model (what-ifs offline)', () => {
  it('switches the phase, the attention mode and the precision by role without a server', () => {
    const src = { uri: 'file:///llama2_7b.nnm', fileName: 'llama2_7b.nnm', text: LLAMA, options: { target: 'h100-sxm' } };
    const plain = runReportSource(src);
    assert.ok('data' in plain);
    assert.deepEqual(plain.data.phase, { phase: 'model' });
    const gen = runReportSource(src, { phase: 'generate', prompt: 256, newTokens: 8, attention: 'unfused', precision: 'int4/fp16/int8' });
    assert.ok('data' in gen && gen.data.generation);
    const g = analyze({ text: LLAMA }, { target: 'h100-sxm', attention: 'unfused', precision: { weights: 'int4', activations: 'fp16', kv: 'int8' }, phase: { phase: 'generate', prompt: 256, newTokens: 8 } }).generations?.[0];
    assert.ok(g);
    assert.equal(gen.data.generation.ttft, g.ttft);
    assert.equal(gen.data.generation.tpot, g.tpot);
    assert.equal(gen.data.attention, 'unfused');
    assert.equal(gen.data.precision, 'int4/fp16/int8');
    const bad = runReportSource(src, { phase: 'train' });
    assert.ok('error' in bad);
  });
});
