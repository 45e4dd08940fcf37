// The editor experience over the real protocol (the server in-process over streams): roofline hover
// cards, inlay hints, code lenses, the roofline/didAnalyse notification the status bar shows, and
// their settings (roofline.target, roofline.inlayHints.enabled, roofline.codeLens.enabled) pushed
// with didChangeConfiguration. Expected numbers come from the core (analyzeRoofline) and are
// formatted with the same shared formatters (protocol/format.ts) as the server's.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeLensRefreshRequest,
  CodeLensRequest,
  DidChangeConfigurationNotification,
  HoverRequest,
  InlayHintRefreshRequest,
  InlayHintRequest,
  type CodeLens,
  type Hover,
  type InlayHint,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import { analysisLook, READY_TOOLTIP } from '../client/src/statusText';
import { summariseTargetFile } from '../client/src/targetFileSummary';
import type { CostedLayer } from '../server/src/core/cost/types';
import { analyzeRoofline } from '../server/src/core/roofline';
import {
  formatBandwidth,
  formatCount,
  formatNoun,
  formatOpsPerByte,
  formatOpsPerJoule,
  formatOpsPerSecond,
  formatPercent,
  formatRatio,
  formatSeconds,
  formatSI,
} from '../server/src/protocol/format';
import { DID_ANALYSE, LIST_TARGETS, type DidAnalyseParams, type TargetChoice } from '../server/src/protocol/lsp';
import { CLIENT_CAPABILITIES, inProcessSession, type LspSession } from './helpers/lspSession';

const ROOT = path.resolve(__dirname, '..');
const read = (name: string) => fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
/** The zhang15 AlexNet without the paper's tiles it pins, so that the search tiles it. */
const ZHANG = read('alexnet_zhang15.nnm').replace(/ @tile\([^)]*\)/g, '');
const RESNET = read('resnet50.nnm');
const ZHANG_URI = 'file:///examples/alexnet_zhang15.nnm';
const RESNET_URI = 'file:///examples/resnet50.nnm';
const WHOLE: Range = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

function positionOf(text: string, needle: string, delta = 0): Position {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `'${needle}' is in the text`);
  const before = text.slice(0, offset + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function markdown(h: Hover | null): string {
  assert.ok(h && typeof h.contents === 'object' && 'kind' in h.contents && h.contents.kind === 'markdown', 'a Markdown hover');
  return h.contents.value;
}

function label(h: InlayHint): string {
  return typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
}

/** The costed layer of the first model, on the target the file names (or `fallbackTarget`). */
function costed(text: string, name: string, fallbackTarget?: string): CostedLayer {
  const c = analyzeRoofline(text, { fallbackTarget }).costs[0].layers.find((l) => l.name === name);
  assert.ok(c && c.status === 'ok', `${name} is costed`);
  return c;
}

/** The hint's mark as the server writes it, from the core's bound. */
function mark(c: CostedLayer): string {
  return c.bound === 'utilization' ? `util ${formatPercent(c.utilization!)}` : c.bound!;
}

/** Collects roofline/didAnalyse notifications and lets a test wait for one. */
class Analyses {
  readonly all: DidAnalyseParams[] = [];
  private waiters: { match: (p: DidAnalyseParams) => boolean; resolve: (p: DidAnalyseParams) => void }[] = [];

  constructor(session: LspSession) {
    session.client.onNotification(DID_ANALYSE, (p: DidAnalyseParams) => {
      this.all.push(p);
      for (const w of this.waiters.filter((x) => x.match(p))) w.resolve(p);
      this.waiters = this.waiters.filter((x) => !x.match(p));
    });
  }

  next(match: (p: DidAnalyseParams) => boolean): Promise<DidAnalyseParams> {
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  last(uri: string): DidAnalyseParams | undefined {
    return this.all.filter((p) => p.uri === uri).at(-1);
  }
}

describe('editor experience over the protocol', () => {
  let session: LspSession;
  let analyses: Analyses;
  const refreshes = { inlayHints: 0, codeLens: 0 };

  const hover = async (uri: string, position: Position) => markdown(await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position }));
  const hints = async (uri: string, range: Range = WHOLE) => (await session.client.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range })) ?? [];
  const lenses = async (uri: string): Promise<CodeLens[]> => (await session.client.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
  const configure = (roofline: unknown) => session.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { roofline } });

  before(async () => {
    session = inProcessSession();
    analyses = new Analyses(session);
    session.client.onRequest(InlayHintRefreshRequest.type, () => void refreshes.inlayHints++);
    session.client.onRequest(CodeLensRefreshRequest.type, () => void refreshes.codeLens++);
    const workspace = { ...CLIENT_CAPABILITIES.workspace, inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } };
    await session.initialize({ debounceMs: 0 }, { ...CLIENT_CAPABILITIES, workspace });
    await session.open(ZHANG_URI, ZHANG);
    await session.open(RESNET_URI, RESNET);
  });

  after(async () => {
    await session.shutdown();
    session.close();
  });

  describe('hover card', () => {
    it('shows a compute-bound conv layer with the CTC, attainable, bound, time and tile of the cost model', async () => {
      const c = costed(ZHANG, 'conv3');
      const md = await hover(ZHANG_URI, positionOf(ZHANG, 'conv2d(pool2'));
      assert.ok(md.includes('| **Roofline** | `zhang15-vc707` · fp32 |'), md);
      assert.ok(md.includes(`| CTC | ${formatOpsPerByte(c.ctc!)}`), md);
      assert.ok(md.includes(`| attainable | ${formatOpsPerSecond(c.attainable!)} of the ${formatOpsPerSecond(c.peak!)} fp32 peak |`), md);
      assert.ok(md.includes('| bound | compute-bound |'), md);
      assert.ok(md.includes(`| time | ${formatSeconds(c.time!)} · ${formatPercent(c.share!)} of the model |`), md);
      const t = c.tile!;
      assert.equal(t.source, 'search');
      const factors = Object.entries(t.factors).map(([k, v]) => `${k}=${v}`).join(' ');
      assert.ok(md.includes(`| tile | ${factors}, ${t.order}-stationary order, found by the search (${formatNoun(t.search!.evaluations, 'tile')} evaluated of ${formatCount(t.search!.space)}) |`), md);
      assert.ok(md.includes(`| energy | ${formatSI(c.energy!, 'J')} · ${formatOpsPerJoule(c.ops!, c.energy!)} |`), md);
      for (const a of c.approximations) assert.ok(md.includes(`- ${a}`), `approximation listed: ${a}`);
      assert.ok(md.includes('MACs: ') && md.includes('ops: '), 'the counts stay');
    });

    it('names array utilisation, cycles and the buffer need of conv1', async () => {
      const c = costed(ZHANG, 'conv1');
      const md = await hover(ZHANG_URI, positionOf(ZHANG, 'conv2d(image'));
      assert.ok(md.includes(`| bound | limited by array utilisation (${formatPercent(c.utilization!)}) |`), md);
      assert.ok(md.includes(`| utilisation | ${formatPercent(c.utilization!)} |`), md);
      assert.ok(md.includes(`| cycles | ${formatCount(c.cycles!)} = ${formatCount(c.computeCycles!)} compute + ${formatCount(c.stallCycles!)} stalls |`), md);
      assert.ok(md.includes(`| CTC | ${formatOpsPerByte(c.ctc!)} · ridge `), md);
      assert.match(md, /\| buffer \| [\d.]+ MiB of 2 MiB \(\d+(\.\d)?%\) \|/);
    });

    it('puts a memory-bound layer on its roof: DDR3 at 4.5 GB/s', async () => {
      const c = costed(ZHANG, 'pool1');
      const md = await hover(ZHANG_URI, positionOf(ZHANG, 'maxpool(lrn(relu(conv1)'));
      assert.ok(md.includes(`| attainable | ${formatOpsPerSecond(c.attainable!)} on the DDR3 roof at ${formatBandwidth(4.5e9)} |`), md);
      assert.ok(md.includes('4.5 GB/s'), md);
      assert.ok(md.includes('| bound | memory-bound on DDR3 |'), md);
    });

    it('sums the roofline figures of a repeat call and of the instances of a block-body line', async () => {
      const analysis = analyzeRoofline(RESNET, { fallbackTarget: 'h100-sxm' });
      const repeat = await hover(RESNET_URI, positionOf(RESNET, 's3 = repeat', 6));
      assert.ok(repeat.includes('**Roofline, sum over 62 layers**'), repeat);
      assert.match(repeat, /\| bound \| (compute|HBM3) [\d.]+%/);
      const convs = analysis.costs[0].layers.filter((l) => l.op === 'conv2d');
      const time = convs.reduce((s, l) => s + (l.time ?? 0), 0);
      const block = await hover(RESNET_URI, positionOf(RESNET, 'conv2d(x, out'));
      assert.ok(block.includes(`**Roofline, sum over ${convs.length} instances**`), block);
      assert.ok(block.includes(`| time | ${formatSeconds(time)} ·`), block);
      assert.ok(block.includes(`**Roofline, first instance** \`${convs[0].name}\``), block);
    });

    it('says why there are no figures when the target is unknown, and how to set one', async () => {
      const uri = 'file:///unknown-target.nnm';
      const text = 'use target nosuch\nmodel m {\n  input x: [1, 3, 8, 8]\n  y = conv2d(x, 4, kernel=3)\n}\n';
      await session.open(uri, text);
      const md = await hover(uri, positionOf(text, 'conv2d'));
      assert.ok(md.includes('`use target nosuch` names no known target'), md);
      assert.ok(md.includes('`roofline.target` setting'), md);
      assert.deepEqual(await hints(uri), []);
    });

    it('says why a layer is not counted', async () => {
      const uri = 'file:///uncounted.nnm';
      const text = 'model m {\n  input x: [1, 3, 8, 8]\n  y = conv2d(x, 4, kernel=3, stride=0)\n}\n';
      await session.open(uri, text);
      const md = await hover(uri, positionOf(text, 'conv2d'));
      assert.match(md, /\*not counted\*, so it has no counts and no roofline figures/);
      assert.match(md, /RL3\d\d/);
    });
  });

  describe('inlay hints', () => {
    it('puts one hint at the end of every layer line of alexnet_zhang15: the slowest layer of the line, named when not the outer call', async () => {
      const analysis = analyzeRoofline(ZHANG);
      const costs = analysis.costs[0].layers;
      // The layers of each statement (the outer one has no '.' in its name), the slowest first.
      const byStatement = new Map<number, CostedLayer[]>();
      for (const l of analysis.models[0].layers) byStatement.set(l.statement.start, [...(byStatement.get(l.statement.start) ?? []), costs[l.index]]);
      const expected = [...byStatement.values()].map((line) => {
        const top = line.reduce((best, c) => ((c.time ?? 0) > (best.time ?? 0) ? c : best), line[0]);
        if (top.fusedInto) return `fused into ${top.fusedInto}`;
        return `${top.name.includes('.') ? `${top.op} ` : ''}CTC ${formatRatio(top.ctc!)} · ${mark(top)}`;
      });
      const list = await hints(ZHANG_URI);
      const lines = ZHANG.split('\n');
      assert.equal(list.length, byStatement.size, 'one per layer statement');
      assert.deepEqual(list.map(label), expected);
      const conv1 = costs.find((c) => c.name === 'conv1')!;
      assert.equal(label(list[0]), `CTC ${formatRatio(conv1.ctc!)} · util ${formatPercent(conv1.utilization!)}`);
      // `pool1 = maxpool(lrn(relu(conv1), size=5), ...)`: the relu runs in conv1's kernel, the lrn is the slowest.
      assert.match(label(list[1]), /^lrn CTC [\d.]+ · DDR3$/);
      for (const h of list) {
        assert.equal(h.position.character, lines[h.position.line].trimEnd().length, 'at the end of the line');
        assert.equal(h.paddingLeft, true);
      }
      assert.equal(list[0].position.line, positionOf(ZHANG, 'conv1 =').line);
    });

    it('answers only the requested range', async () => {
      const range = { start: positionOf(ZHANG, 'conv2 ='), end: positionOf(ZHANG, 'conv3 =') };
      const list = await hints(ZHANG_URI, { start: range.start, end: { line: range.end.line, character: 1000 } });
      assert.equal(list.length, 3);
    });

    it('aggregates the instances of a block-body line (×16) and sums a repeat line (Σ)', async () => {
      const list = await hints(RESNET_URI);
      const at = (needle: string) => list.find((h) => h.position.line === positionOf(RESNET, needle).line);
      // `a = relu(conv_bn(x, mid, 1))`: the conv carries its group (batch norm folded, relu fused).
      const a = costed(RESNET, 's1[0].a.conv_bn.conv2d', 'h100-sxm');
      assert.deepEqual(a.fused, ['s1[0].a.conv_bn', 's1[0].a']);
      assert.equal(label(at('a    = relu')!), `conv2d CTC ${formatRatio(a.ctc!)} · ${mark(a)} · ×16`);
      // The walkthrough quotes this line and its hint.
      const walkthrough = fs.readFileSync(path.join(__dirname, '..', 'media', 'walkthrough', 'open-example.md'), 'utf8');
      assert.ok(walkthrough.includes('a = relu(conv_bn(x, mid, 1))') && walkthrough.includes(`\`${label(at('a    = relu')!)}\` on an H100`), walkthrough);
      assert.match(label(at('s1 = repeat')!), /^Σ CTC [\d.]+ · (compute|HBM3)$/);
    });

    it('follows roofline.fusion: under none the ReLU of a composite line is a layer of its own again', async () => {
      const line = (list: InlayHint[]) => label(list.find((h) => h.position.line === positionOf(RESNET, 'a    = relu').line)!);
      assert.match(line(await hints(RESNET_URI)), /^conv2d CTC/);
      await configure({ fusion: 'none' });
      const none = analyzeRoofline(RESNET, { fallbackTarget: 'h100-sxm', fusion: 'none' }).costs[0].layers;
      const parts = ['s1[0].a.conv_bn.conv2d', 's1[0].a.conv_bn', 's1[0].a'].map((n) => none.find((c) => c.name === n)!);
      const top = parts.reduce((x, y) => (y.time! > x.time! ? y : x));
      assert.equal(line(await hints(RESNET_URI)), `${top.name === 's1[0].a' ? '' : `${top.op} `}CTC ${formatRatio(top.ctc!)} · ${mark(top)} · ×16`);
      await configure({ fusion: 'epilogue' });
      assert.match(line(await hints(RESNET_URI)), /^conv2d CTC/);
    });

    it('goes away when roofline.inlayHints.enabled is false, and the client is asked to refresh', async () => {
      const before = refreshes.inlayHints;
      await configure({ inlayHints: { enabled: false } });
      assert.deepEqual(await hints(ZHANG_URI), []);
      assert.equal(refreshes.inlayHints, before + 1);
      await configure({ inlayHints: { enabled: true } });
      assert.ok((await hints(ZHANG_URI)).length > 0);
    });
  });

  describe('code lenses', () => {
    it('puts the model time, throughput and dominant bound above the model, and Select target', async () => {
      const t = analyzeRoofline(ZHANG).costs[0].totals;
      const list = await lenses(ZHANG_URI);
      assert.equal(list.length, 2);
      const [time, select] = list;
      assert.equal(time.range.start.line, positionOf(ZHANG, 'model alexnet_zhang15').line);
      assert.equal(
        time.command?.title,
        `⏱ ${formatSeconds(t.time)} · ${formatSI(t.throughput)} runs/s (batch 1) · mostly DDR3-bound (${formatPercent(t.boundShare!)}) on zhang15-vc707`,
      );
      assert.equal(time.command?.command, 'roofline.showPanel');
      assert.deepEqual(time.command?.arguments, [ZHANG_URI, 'alexnet_zhang15']);
      assert.equal(select.command?.title, 'Select target');
      assert.equal(select.command?.command, 'roofline.selectTarget');
    });

    it('goes away when roofline.codeLens.enabled is false', async () => {
      const before = refreshes.codeLens;
      await configure({ codeLens: { enabled: false } });
      assert.deepEqual(await lenses(ZHANG_URI), []);
      assert.equal(refreshes.codeLens, before + 1);
      await configure({ codeLens: { enabled: true } });
      assert.equal((await lenses(RESNET_URI)).length, 2);
    });
  });

  describe('target and status', () => {
    it('reports the target, where it came from and the precision in roofline/didAnalyse', () => {
      const zhang = analyses.last(ZHANG_URI);
      assert.ok(zhang?.target);
      assert.equal(zhang.target.name, 'zhang15-vc707');
      assert.equal(zhang.target.origin, 'file');
      assert.equal(zhang.precision, 'fp32');
      const look = analysisLook(zhang);
      assert.equal(look.text, '$(pulse) zhang15-vc707 · fp32');
      assert.ok(look.tooltip.startsWith(READY_TOOLTIP), 'the readiness signal stays');
      assert.ok(look.tooltip.includes('from `use target` in this file'), look.tooltip);
      assert.ok(look.tooltip.includes(`Model: ${formatSeconds(zhang.time!)}, mostly DDR3-bound`), look.tooltip);
      const resnet = analyses.last(RESNET_URI);
      assert.equal(resnet?.target?.origin, 'fallback');
      assert.ok(analysisLook(resnet!).tooltip.includes('from the roofline.target setting'));
    });

    it('follows the roofline.target setting: re-analysis, didAnalyse, hover and lenses on the new target', async () => {
      const before = refreshes.inlayHints;
      const onZhang = analyses.next((p) => p.uri === RESNET_URI && p.target?.name === 'zhang15-vc707');
      await configure({ target: 'zhang15-vc707' });
      const p = await onZhang;
      assert.equal(p.target?.origin, 'fallback');
      assert.equal(p.version, 1, 'the same version, re-analysed');
      const onDdr = await hover(RESNET_URI, positionOf(RESNET, 'linear(pool'));
      // The refresh request comes after the notifications and before this answer.
      assert.equal(refreshes.inlayHints, before + 1, 'hints refreshed after the target changed');
      assert.ok(onDdr.includes('`zhang15-vc707`') && onDdr.includes('DDR3'), onDdr);
      const onH100 = analyses.next((x) => x.uri === RESNET_URI && x.target?.name === 'h100-sxm');
      await configure({ target: 'h100-sxm' });
      assert.equal((await onH100).target?.title, 'NVIDIA H100 SXM5 80 GB');
      const md = await hover(RESNET_URI, positionOf(RESNET, 'conv2d(x, out'));
      assert.ok(md.includes('`h100-sxm`'), md);
      assert.match(md, /\| bound \| (compute-bound|memory-bound on HBM3) \|/);
      assert.match((await lenses(RESNET_URI))[0].command?.title ?? '', /on h100-sxm$/);
      // The file's own `use target` wins over the setting.
      assert.equal(analyses.last(ZHANG_URI)?.target?.name, 'zhang15-vc707');
    });

    it('lists the catalog for the target picker, with kind and peak/bandwidth detail', async () => {
      const choices = (await session.client.sendRequest(LIST_TARGETS, { uri: ZHANG_URI })) as TargetChoice[];
      const zhang = choices.find((c) => c.name === 'zhang15-vc707');
      assert.equal(zhang?.kind, 'fpga');
      assert.equal(zhang?.detail, `fp32 ${formatOpsPerSecond(89.6e9)} · ${formatSI(4.5e9, 'B/s')}`);
    });
  });
});

describe('editor experience: pure parts', () => {
  it('formats bandwidths, CTCs and energy efficiency', () => {
    assert.equal(formatBandwidth(4.5e9), '4.5 GB/s');
    assert.equal(formatBandwidth(3.35e12), '3.35 TB/s');
    assert.equal(formatBandwidth(2e12), '2 TB/s');
    assert.equal(formatOpsPerByte(57.0833), '57.1 op/B');
    assert.equal(formatOpsPerJoule(1.33e9, 0.0072), '185 GOP/J');
    assert.equal(formatOpsPerJoule(1, 0), '—');
  });

  it('says "no target" in the status bar when the server has none', () => {
    const look = analysisLook({ uri: 'u', version: 1, precision: 'fp16', problem: "unknown target 'x'", errors: 2 });
    assert.equal(look.text, '$(warning) no target · fp16');
    assert.ok(look.tooltip.startsWith(READY_TOOLTIP));
    assert.ok(look.tooltip.includes("unknown target 'x'") && look.tooltip.includes('2 errors'), look.tooltip);
  });

  it('summarises a target file for the quick pick', () => {
    const s = summariseTargetFile(read('my-fpga.target.json'));
    assert.match(s.title ?? '', /Virtex-7/);
    assert.equal(s.detail, 'fpga · unroll 64 x 7 at 150 MHz · 12.8 GB/s');
    assert.equal(summariseTargetFile('{').detail, 'target file (not valid JSON)');
  });
});
