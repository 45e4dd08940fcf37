// End-to-end tests of the language server over the real protocol: the real server in-process over
// two pairs of streams (initialize with debounceMs 0, open, wait on publishDiagnostics), and the
// bundled server (dist/server.js, built in `before`) spawned with --stdio. Expected numbers are
// computed here from analyzeText and formatted with toLocaleString, not with the server's helpers.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CompletionRequest,
  DefinitionRequest,
  DidChangeConfigurationNotification,
  DocumentSymbolRequest,
  ExitNotification,
  HoverRequest,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type Hover,
  type Location,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import { analyzeText } from '../server/src/core/analyze';
import { debounceDelay } from '../server/src/lsp/documents';
import { generateChainModel } from '../bench/generate';
import { inProcessSession, processSession, RULES_OFF, type LspSession } from './helpers/lspSession';

const ROOT = path.resolve(__dirname, '..');
const RESNET = fs.readFileSync(path.join(ROOT, 'examples', 'resnet50.nnm'), 'utf8');
const ALEXNET = fs.readFileSync(path.join(ROOT, 'examples', 'alexnet.nnm'), 'utf8');
const RESNET_URI = 'file:///examples/resnet50.nnm';
const ALEXNET_URI = 'file:///examples/alexnet.nnm';

/** Position of the `nth` occurrence of `needle` in `text`, moved `delta` characters. */
function positionOf(text: string, needle: string, delta = 0, nth = 1): Position {
  let offset = -1;
  for (let i = 0; i < nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `'${needle}' (occurrence ${nth}) is not in the text`);
  }
  offset += delta;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function rangeOf(text: string, needle: string, nth = 1): Range {
  return { start: positionOf(text, needle, 0, nth), end: positionOf(text, needle, needle.length, nth) };
}

const exact = (n: number) => n.toLocaleString('en-US');

function markdown(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  const c = h.contents;
  assert.ok(typeof c === 'object' && !Array.isArray(c) && 'kind' in c && c.kind === 'markdown', 'expected Markdown content');
  return c.value;
}

function items(result: CompletionItem[] | CompletionList | null): CompletionItem[] {
  if (!result) return [];
  return Array.isArray(result) ? result : result.items;
}

describe('language server, in-process over the protocol', () => {
  let session: LspSession;

  const hoverAt = (uri: string, position: Position) => session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  const complete = async (uri: string, position: Position) => items(await session.client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }));

  before(async () => {
    session = inProcessSession();
    await session.initialize(RULES_OFF);
    await session.open(RESNET_URI, RESNET);
    await session.open(ALEXNET_URI, ALEXNET);
  });

  after(async () => {
    await session.shutdown();
    session.close();
  });

  describe('diagnostics', () => {
    it('publishes none for the clean examples', async () => {
      assert.deepEqual((await session.diagnostics(RESNET_URI, 1)).diagnostics, []);
      assert.deepEqual((await session.diagnostics(ALEXNET_URI, 1)).diagnostics, []);
    });

    it('publishes errors with their code, exact range, source and related information', async () => {
      const uri = 'file:///errors.nnm';
      const text = ['model m {', '  input x: [1, 3, 8, 8]', '  y = conv2d(x, 4, kernel=3, padd=1)', '  z = relu(w)', '  z = relu(x)', '}', ''].join('\n');
      const published = await session.open(uri, text);
      assert.equal(published.version, 1);
      const byCode = new Map(published.diagnostics.map((d) => [d.code, d]));
      assert.deepEqual([...byCode.keys()].sort(), ['RL201', 'RL202', 'RL302']);
      const unknownArg = byCode.get('RL302')!;
      assert.deepEqual(unknownArg.range, rangeOf(text, 'padd'));
      assert.equal(unknownArg.severity, 1);
      assert.equal(unknownArg.source, 'roofline');
      // LSP 3.18 allows Markdown messages (string | MarkupContent); the server sends plain strings.
      assert.equal(typeof unknownArg.message, 'string');
      assert.match(String(unknownArg.message), /conv2d has no argument 'padd'/);
      assert.deepEqual(byCode.get('RL201')!.range, { start: positionOf(text, 'relu(w', 5), end: positionOf(text, 'relu(w', 6) });
      const twice = byCode.get('RL202')!;
      assert.deepEqual(twice.range, rangeOf(text, 'z', 2));
      assert.deepEqual(twice.relatedInformation?.[0].location, { uri, range: rangeOf(text, 'z', 1) });
    });
  });

  describe('hover', () => {
    it('shows a conv layer in the single-layer form: op, name, shapes, exact MACs and ops, bytes, rule', async () => {
      const layer = analyzeText(ALEXNET).models[0].layers.find((l) => l.name === 'conv1.conv2d')!;
      const md = markdown(await hoverAt(ALEXNET_URI, positionOf(ALEXNET, 'conv2d(image', 1)));
      assert.match(md, /\*\*conv2d\*\* layer `conv1\.conv2d`/);
      assert.ok(md.includes(`MACs: ${exact(layer.macs)} (70.3 M)`), md);
      assert.ok(md.includes(`ops: ${exact(layer.ops)}`), md);
      assert.ok(md.includes(`params: ${exact(layer.params)}`), md);
      assert.ok(md.includes('input `[1, 3, 224, 224]` → output `[1, 64, 55, 55]`'), md);
      assert.ok(md.includes(`weights ${exact(layer.bytes.weight)} B`), md);
      assert.match(md, /MiB|KiB/);
      assert.ok(md.includes('*ops rule:* 2 ops per MAC'), md);
      assert.ok(md.includes('`conv2d(x, out?, kernel, stride=1,'), 'the argument list');
      assert.ok(md.includes('2-D convolution'), 'the summary');
    });

    it('aggregates every instance of a conv layer in a block body of resnet50', async () => {
      const convs = analyzeText(RESNET).models[0].layers.filter((l) => l.op === 'conv2d');
      const total = convs.reduce((s, l) => s + l.macs, 0);
      const md = markdown(await hoverAt(RESNET_URI, positionOf(RESNET, 'conv2d(x, out', 2)));
      assert.ok(md.includes(`${convs.length} instances`), md);
      assert.ok(md.includes(`MACs: ${exact(total)} (4.09 G)`), md);
      assert.ok(md.includes(`MACs: ${exact(convs[0].macs)}`), 'the first instance');
      assert.ok(md.includes(`output \`[${convs[0].outputs[0]!.join(', ')}]\``), md);
    });

    for (const binding of ['s1', 's2', 's3']) {
      it(`sums the layers of the repeat call bound to ${binding}`, async () => {
        const layers = analyzeText(RESNET).models[0].layers.filter((l) => l.name === binding || l.name.startsWith(`${binding}[`) || l.name.startsWith(`${binding}.`));
        const macs = layers.reduce((s, l) => s + l.macs, 0);
        const params = layers.reduce((s, l) => s + l.params, 0);
        const md = markdown(await hoverAt(RESNET_URI, positionOf(RESNET, `${binding} = repeat(`, binding.length + 4)));
        assert.ok(md.includes(`**Sum over ${layers.length} layers**`), md);
        assert.ok(md.includes(`MACs: ${exact(macs)}`), md);
        assert.ok(md.includes(`params: ${exact(params)}`), md);
        assert.ok(md.includes(`→ \`${binding}\``), md);
      });
    }

    it('shows the shape of a tensor name', async () => {
      const md = markdown(await hoverAt(RESNET_URI, positionOf(RESNET, 'global_avgpool(s4)', 15)));
      assert.ok(md.includes('tensor `s4`'), md);
      assert.ok(md.includes('`[1, 2048, 7, 7]`'), md);
    });

    it('describes a keyword argument from the operator table', async () => {
      const md = markdown(await hoverAt(ALEXNET_URI, positionOf(ALEXNET, 'stride=4', 1)));
      assert.match(md, /\*\*conv2d\*\* argument `stride=1`/);
    });
  });

  describe('document symbols', () => {
    it('lists models with their params, inputs and layers, and blocks with their statements', async () => {
      const symbols = (await session.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: RESNET_URI } })) as DocumentSymbol[];
      assert.deepEqual(symbols.map((s) => s.name), ['conv_bn', 'bottleneck', 'resnet50']);
      const model = symbols[2];
      assert.deepEqual(model.selectionRange, rangeOf(RESNET, 'resnet50', 2));
      assert.deepEqual(model.children?.map((c) => c.name), ['batch', 'size', 'image', 'stem', 's1', 's2', 's3', 's4', 'pool', 'logits']);
      const stem = model.children!.find((c) => c.name === 'stem')!;
      assert.deepEqual(stem.selectionRange, { start: positionOf(RESNET, 'stem ='), end: positionOf(RESNET, 'stem =', 4) });
      assert.match(stem.detail ?? '', /maxpool → \[1, 64, 56, 56\]/);
      const bottleneck = symbols[1];
      assert.deepEqual(bottleneck.children?.map((c) => c.name), ['x', 'mid', 'out', 'stride', 'a', 'b', 'c', 'skip', 'return']);
    });
  });

  describe('definition', () => {
    it('goes from a tensor name to its binding', async () => {
      const loc = (await session.client.sendRequest(DefinitionRequest.type, { textDocument: { uri: RESNET_URI }, position: positionOf(RESNET, 'global_avgpool(s4)', 16) })) as Location;
      assert.deepEqual(loc, { uri: RESNET_URI, range: { start: positionOf(RESNET, 's4 = repeat'), end: positionOf(RESNET, 's4 = repeat', 2) } });
    });

    it('goes from a block parameter use to the parameter', async () => {
      const loc = (await session.client.sendRequest(DefinitionRequest.type, { textDocument: { uri: RESNET_URI }, position: positionOf(RESNET, 'conv_bn(b, out', 11) })) as Location;
      assert.deepEqual(loc.range, { start: positionOf(RESNET, 'x, mid, out, stride', 8), end: positionOf(RESNET, 'x, mid, out, stride', 11) });
    });
  });

  describe('completion', () => {
    const uri = 'file:///complete.nnm';
    const text = [
      'use precision fp32',
      'model m {',
      '  input x: [1, 3, 32, 32]',
      '  a = ',
      '  b = conv2d(x, 8, kernel=3, ',
      '  c = upsample(a, 2, mode=',
      '  d = relu(a) @',
      '  e = relu(a) @precision(',
      '}',
      '',
    ].join('\n');
    const endOf = (needle: string) => positionOf(text, needle, needle.length);

    before(async () => {
      await session.open(uri, text);
    });

    it('offers operators with their summary as a snippet, and names in scope', async () => {
      const list = await complete(uri, endOf('  a = '));
      const conv = list.find((i) => i.label === 'conv2d');
      assert.ok(conv, 'conv2d is offered');
      assert.equal(conv.insertText, 'conv2d($1)');
      assert.equal(conv.insertTextFormat, InsertTextFormat.Snippet);
      assert.match(conv.detail ?? '', /2-D convolution/);
      assert.ok(list.some((i) => i.label === 'x'), 'the input x is in scope');
      assert.ok(list.some((i) => i.label === 'channels'), 'builtins');
    });

    it("offers conv2d's keyword arguments not given yet, with docs and defaults", async () => {
      const list = await complete(uri, endOf('kernel=3, '));
      const labels = list.filter((i) => i.insertText?.endsWith('=')).map((i) => i.label);
      assert.deepEqual(labels.sort(), ['bias', 'depthwise', 'dilation', 'groups', 'pad', 'stride']);
      const stride = list.find((i) => i.label === 'stride')!;
      assert.equal(stride.insertText, 'stride=');
      assert.match(stride.detail ?? '', /default 1/);
      assert.ok(JSON.stringify(stride.documentation).includes('stride s or [sh, sw]'));
    });

    it('offers word choices after name=', async () => {
      assert.deepEqual((await complete(uri, endOf('mode='))).map((i) => i.label), ['nearest', 'bilinear']);
    });

    it('offers annotations after @ and precisions after @precision( and use precision', async () => {
      assert.deepEqual((await complete(uri, endOf('relu(a) @'))).map((i) => i.label), ['tile', 'precision', 'attention', 'fuse', 'nofuse']);
      const precisions = (await complete(uri, endOf('@precision('))).map((i) => i.label);
      assert.ok(precisions.includes('int8') && precisions.includes('fp16'), precisions.join());
      // the roles, as keyword arguments: @precision(weights=int4)
      assert.ok(precisions.includes('weights=') || precisions.includes('weights'), precisions.join());
      assert.deepEqual((await complete(uri, endOf('use precision '))).map((i) => i.label), precisions.filter((p) => !['weights', 'activations', 'kv', 'weights=', 'activations=', 'kv='].includes(p)));
    });
  });

  describe('changes', () => {
    const uri = 'file:///changing.nnm';
    const clean = 'model m {\n  input x: [1, 4]\n  y = relu(x)\n}\n';

    it('publishes fresh diagnostics after a change', async () => {
      assert.deepEqual((await session.open(uri, clean)).diagnostics, []);
      const broken = clean.replace('relu(x)', 'relu(q)');
      const next = session.diagnostics(uri, 2);
      await session.change(uri, 2, broken);
      const published = await next;
      assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range]), [['RL201', rangeOf(broken, 'q')]]);
    });

    it('ends on the diagnostics of the last text after two quick changes', async () => {
      const last = clean.replace('relu(x)', 'relu(x, 3)');
      const final = session.diagnostics(uri, 4);
      await session.change(uri, 3, clean.replace('relu(x)', 'relu(zz)'));
      await session.change(uri, 4, last);
      const published = await final;
      assert.deepEqual(published.diagnostics.map((d) => d.code), ['RL308']);
      const all = session.publications(uri);
      assert.equal(all[all.length - 1].version, 4, 'nothing older is published after the last version');
      const hover = markdown(await hoverAt(uri, positionOf(last, 'relu', 1)));
      assert.ok(hover.includes('**relu**'), hover);
    });
  });
});

describe('language server, debounced', () => {
  let session: LspSession;
  const uri = 'file:///debounced.nnm';
  const text = (out: number) => `model m {\n  input x: [1, 3, 8, 8]\n  y = conv2d(x, ${out}, kernel=1)\n}\n`;

  before(async () => {
    // A clock on which every analysis takes 150 ms: edits then wait that long (at most debounceMs).
    let now = 0;
    session = inProcessSession({ clock: () => (now += 75) });
    await session.initialize({ debounceMs: 200 });
  });

  after(async () => {
    await session.shutdown();
    session.close();
  });

  it('analyses only the last of quick edits, and answers a request with the current text', async () => {
    await session.open(uri, text(4));
    const final = session.diagnostics(uri, 3);
    await session.change(uri, 2, text(8));
    await session.change(uri, 3, text(16));
    // A hover before the debounce ends is answered from the current text (the analysis is finished first).
    const md = markdown(await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text(16), 'conv2d', 1) }));
    assert.ok(md.includes('output `[1, 16, 8, 8]`'), md);
    await final;
    assert.deepEqual(session.publications(uri).map((p) => p.version), [1, 3]);
  });

  it('waits as long as the last analysis took, from 10 ms on, never more than debounceMs', () => {
    assert.deepEqual(
      [undefined, 0, 9.9, 10, 40.2, 75, 300].map((ms) => debounceDelay(ms, 75)),
      [0, 0, 0, 10, 41, 75, 75],
    );
    assert.equal(debounceDelay(300, 0), 0, 'debounceMs 0: every edit at once');
    assert.equal(debounceDelay(40.2, 75, 40.2), 0, 'an edit after a pause as long as the last analysis: at once');
    assert.equal(debounceDelay(40.2, 75, 12), 41, 'an edit of a burst waits');
  });

  it('does not wait after a fast analysis: every version is analysed', async () => {
    // A clock on which every analysis takes 2 ms.
    let now = 0;
    const fast = inProcessSession({ clock: () => (now += 1) });
    try {
      await fast.initialize({ debounceMs: 200 });
      const doc = 'file:///fast.nnm';
      await fast.open(doc, text(4));
      const last = fast.diagnostics(doc, 3);
      await fast.change(doc, 2, text(8));
      await fast.change(doc, 3, text(16));
      await last;
      assert.deepEqual(fast.publications(doc).map((p) => p.version), [1, 2, 3]);
    } finally {
      await fast.shutdown();
      fast.close();
    }
  });

  it('analyses at once an edit that comes after a pause as long as the last analysis took', async () => {
    const doc = 'file:///paused.nnm';
    await session.open(doc, text(4));
    // Every analysis here takes 75 ms on the fake clock; edits are stamped on the real one.
    await new Promise((resolve) => setTimeout(resolve, 120));
    await session.change(doc, 2, text(8));
    // Messages are handled in order: analysed at once, version 2 is published before the answer to a later request.
    await session.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    assert.equal(session.publications(doc).at(-1)?.version, 2);
    // An edit right after it waits for the debounce.
    const third = session.diagnostics(doc, 3);
    await session.change(doc, 3, text(16));
    await session.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    assert.equal(session.publications(doc).at(-1)?.version, 2);
    await third;
    assert.deepEqual(session.publications(doc).map((p) => p.version), [1, 2, 3]);
  });

  it('counts the pause from the end of the last analysis: edits sent while one runs wait as a burst (the real clock)', async () => {
    // A model whose analysis takes tens of milliseconds; no fake clock: the edits are sent together,
    // so the second and third are handled only once the first one's analysis has run. (At 8,000
    // layers a comment's analysis came down to about 10 ms, where the debounce stops: every edit was
    // then analysed at once. 20,000 layers take about 25 ms.)
    const real = inProcessSession();
    try {
      await real.initialize({ ...RULES_OFF, debounceMs: 200 });
      const doc = 'file:///burst.nnm';
      const chain = generateChainModel(20_000);
      const opened = real.diagnostics(doc, 1);
      await real.open(doc, chain);
      await opened;
      // One edit, so that the last analysis is an edit's (tens of milliseconds, not the first one's).
      const second = real.diagnostics(doc, 2);
      await real.change(doc, 2, `#\n${chain}`);
      await second;
      // A pause longer than that analysis: the next edit is analysed at once.
      await new Promise((resolve) => setTimeout(resolve, 400));
      const last = real.diagnostics(doc, 5);
      void real.change(doc, 3, `# a\n${chain}`);
      void real.change(doc, 4, `# ab\n${chain}`);
      void real.change(doc, 5, `# abc\n${chain}`);
      await last;
      assert.deepEqual(real.publications(doc).map((p) => p.version).slice(-2), [3, 5], 'version 4 came during the analysis of 3: it waited, and 5 replaced it');
    } finally {
      await real.shutdown();
      real.close();
    }
  });

  it('applies roofline.analysis.debounceMs pushed with didChangeConfiguration', async () => {
    const other = 'file:///other.nnm';
    await session.open(other, text(4));
    await session.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { roofline: { analysis: { debounceMs: 0 } } } });
    await session.change(uri, 4, text(32));
    // Messages are handled in order: with no debounce, the analysis of version 4 is published
    // before the answer to a later request about another document.
    await session.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: other } });
    assert.equal(session.publications(uri).at(-1)?.version, 4);
  });
});

describe('language server, bundled, over stdio', () => {
  before(function () {
    this.timeout(120_000);
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
  });

  it('initializes, answers a hover, shuts down and exits with code 0', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const session = processSession(child);
    try {
      await session.initialize(RULES_OFF);
      const published = await session.open(ALEXNET_URI, ALEXNET);
      assert.deepEqual(published.diagnostics, []);
      const md = markdown(await session.client.sendRequest(HoverRequest.type, { textDocument: { uri: ALEXNET_URI }, position: positionOf(ALEXNET, 'linear(fc7', 1) }));
      assert.ok(md.includes(`MACs: ${exact(4096 * 1000)}`), md);
      await session.shutdown();
      await session.client.sendNotification(ExitNotification.type);
      assert.equal(await exited, 0);
    } finally {
      session.close();
      if (child.exitCode === null) child.kill();
    }
  });
});

describe('language server: bottleneck diagnostics over the protocol', () => {
  let session: LspSession;
  const uri = 'file:///zhang15.nnm';
  const text = fs.readFileSync(path.join(ROOT, 'examples', 'alexnet_zhang15.nnm'), 'utf8');

  before(async () => {
    session = inProcessSession();
    await session.initialize({ debounceMs: 0 });
  });

  after(async () => {
    await session.shutdown();
    session.close();
  });

  it('publishes the rules\' diagnostics with the layer they are about, and follows their settings', async () => {
    const published = await session.open(uri, text);
    const util = published.diagnostics.find((d) => d.code === 'RL503');
    assert.ok(util, 'conv1 under-uses the 64 x 7 array');
    assert.deepEqual(util.data, { layer: 'conv1' });
    assert.match(String(util.message), /^conv1 uses 32\.1% of the 64 x 7 compute array/);
    assert.equal(util.severity, 3, 'information by default');
    const memory = published.diagnostics.filter((d) => d.code === 'RL501').map((d) => (d.data as { layer: string }).layer);
    assert.ok(memory.includes('fc6'), 'fc6 is memory-bound on DDR3');
    // Severity per rule from the settings: RL503 as a warning, RL501 off.
    const next = session.nextDiagnostics(uri);
    await session.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { roofline: { rules: { lowUtilization: { severity: 'warning' }, memoryBound: { severity: 'off' } } } } });
    const after = await next;
    assert.equal(after.diagnostics.find((d) => d.code === 'RL503')?.severity, 2);
    assert.equal(after.diagnostics.filter((d) => d.code === 'RL501').length, 0);
  });
});
