// Quick fixes and source actions over the real protocol (the server in-process over streams): ask
// textDocument/codeAction, apply the WorkspaceEdit to the text as a client would, send didChange,
// and check the new diagnostics and the model time reported by roofline/didAnalyse. Expected tiles
// and numbers come from the core (analyzeRoofline), not from the server.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeActionKind, CodeActionRequest, type CodeAction, type Command, type Diagnostic, type Position, type Range, type WorkspaceEdit } from 'vscode-languageserver/node';
import { nestCycles } from '../server/src/core/cost/compute';
import { convNestsOf } from '../server/src/core/cost/unrollSearch';
import { analyzeRoofline } from '../server/src/core/roofline';
import { formatBytes, formatOpsPerSecond } from '../server/src/protocol/format';
import { DID_ANALYSE, type DidAnalyseParams } from '../server/src/protocol/lsp';
import { inProcessSession, type LspSession } from './helpers/lspSession';

const ROOT = path.resolve(__dirname, '..');
/** The zhang15 AlexNet without the paper's tiles it pins, so that the search tiles it. */
const ZHANG = fs.readFileSync(path.join(ROOT, 'examples', 'alexnet_zhang15.nnm'), 'utf8').replace(/ @tile\([^)]*\)/g, '');
const CONV3 = 'conv3 = conv2d(pool2, 384, kernel=3, pad=1) @split(m=2)';
const MISTILED = ZHANG.replace(CONV3, `${CONV3} @tile(r=1, c=1)`);

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function offsetAt(text: string, p: Position): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < p.line; i++) offset += lines[i].length + 1;
  return offset + p.character;
}

function rangeOf(text: string, needle: string, delta = 0, length = needle.length): Range {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `'${needle}' is in the text`);
  return { start: positionAt(text, at + delta), end: positionAt(text, at + delta + length) };
}

/** The text after a client applies the edits of `uri` in a WorkspaceEdit (ranges of the old text). */
function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit | undefined): string {
  const edits = edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, 'the action edits the document');
  const sorted = edits.map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function actions(result: (Command | CodeAction)[] | null): CodeAction[] {
  return (result ?? []).filter((a): a is CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

describe('language server: quick fixes and source actions', () => {
  let session: LspSession;
  const analysed: DidAnalyseParams[] = [];
  const analysedWaiters: { uri: string; version: number; resolve: (p: DidAnalyseParams) => void }[] = [];

  const codeActions = async (uri: string, range: Range, diagnostics: Diagnostic[] = [], only?: string[]) =>
    actions(await session.client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: only ? { diagnostics, only } : { diagnostics } }));
  /** The model time of a version, once roofline/didAnalyse has reported it. */
  const timeOf = (uri: string, version: number): Promise<number | undefined> => {
    const seen = analysed.find((p) => p.uri === uri && p.version === version);
    if (seen) return Promise.resolve(seen.time);
    return new Promise((resolve) => analysedWaiters.push({ uri, version, resolve: (p) => resolve(p.time) }));
  };
  /** Checks that version 2 of the document analyses faster than version 1. */
  const faster = async (uri: string) => {
    const [before, after] = [await timeOf(uri, 1), await timeOf(uri, 2)];
    assert.ok(before !== undefined && after !== undefined && after < before, `model time ${after} s after, ${before} s before`);
  };

  before(async () => {
    session = inProcessSession();
    session.client.onNotification(DID_ANALYSE, (p: DidAnalyseParams) => {
      analysed.push(p);
      for (const w of analysedWaiters.filter((x) => x.uri === p.uri && x.version === p.version)) w.resolve(p);
    });
    await session.initialize({ debounceMs: 0 });
  });

  after(async () => {
    await session.shutdown();
    session.close();
  });

  it('"Use tile ..." at a mistiled conv3 replaces its tile with the search best; the model gets faster', async () => {
    const uri = 'file:///mistiled.nnm';
    const first = await session.open(uri, MISTILED);
    assert.deepEqual(first.diagnostics.filter((d) => d.severity === 1), []);
    const expected = analyzeRoofline(ZHANG).costs[0].layers.find((l) => l.name === 'conv3')!;
    const found = await codeActions(uri, rangeOf(MISTILED, 'conv3 =', 2, 0));
    const fix = found.find((a) => a.title.startsWith('Use tile'));
    assert.ok(fix, found.map((a) => a.title).join('; '));
    assert.equal(fix.title, `Use tile m=64, n=7, r=13, c=13, order=output (${formatOpsPerSecond(expected.attainable!)}, ${formatBytes(expected.buffer!.need)})`);
    assert.equal(fix.kind, CodeActionKind.QuickFix);
    assert.equal(fix.isPreferred, undefined, 'preferred only when it fixes an RL502');

    const fixed = applyWorkspaceEdit(MISTILED, uri, fix.edit);
    assert.ok(fixed.includes(`${CONV3} @tile(m=64, n=7, r=13, c=13, order=output)`), fixed);
    const published = session.diagnostics(uri, 2);
    await session.change(uri, 2, fixed);
    const next = await published;
    assert.deepEqual(next.diagnostics.filter((d) => d.severity === 1), [], 'no errors');
    const conv3Line = rangeOf(fixed, CONV3).start.line;
    assert.deepEqual(next.diagnostics.filter((d) => d.code === 'RL502' && d.range.start.line <= conv3Line && d.range.end.line >= conv3Line), [], 'no RL502 on conv3');
    await faster(uri);
    const tile = analyzeRoofline(fixed).costs[0].layers.find((l) => l.name === 'conv3')!.tile;
    assert.equal(tile?.source, 'file');
    assert.deepEqual(tile?.factors, expected.tile?.factors, "the layer's tile is now the search's best");
    const again = await codeActions(uri, rangeOf(fixed, 'conv3 =', 2, 0));
    assert.equal(again.filter((a) => a.title.startsWith('Use tile')).length, 0, 'offered no more');
  });

  it('attaches the tile fix to an RL502 diagnostic, at the @tile text or at the layer, and prefers it', async () => {
    const uri = 'file:///rl502.nnm';
    await session.open(uri, MISTILED);
    // RL502's two forms (rules/tileOverflow.ts): at the file's `@tile(...)`, and at the layer's call.
    for (const range of [rangeOf(MISTILED, '@tile(r=1, c=1)'), rangeOf(MISTILED, 'conv2d(pool2, 384, kernel=3, pad=1)')]) {
      const d: Diagnostic = { range, code: 'RL502', source: 'roofline', message: 'the tile of conv3 needs more on-chip buffer than zhang15-vc707 has' };
      const found = await codeActions(uri, range, [d]);
      const fix = found.find((a) => a.title.startsWith('Use tile'));
      assert.ok(fix, found.map((a) => a.title).join('; '));
      assert.equal(fix.isPreferred, true);
      assert.deepEqual(fix.diagnostics, [d]);
    }
  });

  it('attaches the fuse fix to an RL505 diagnostic on the layer it fuses, and only to that one', async () => {
    const uri = 'file:///rl505.nnm';
    // c is read by r and by s: the fusion policy leaves r alone (c's output goes off chip anyway), @fuse can still fuse it.
    const text = 'use target zhang15-vc707\nmodel m {\n  input x: [1, 8, 32, 32]\n  c = conv2d(x, 16, kernel=3)\n  r = relu(c)\n  s = add(r, c)\n  output p = maxpool(relu(r), kernel=2)\n}\n';
    await session.open(uri, text);
    const d: Diagnostic = { range: rangeOf(text, 'relu(c)'), code: 'RL505', source: 'roofline', message: 'relu moves more bytes than it computes', data: { layer: 'r' } };
    const fix = (await codeActions(uri, d.range, [d])).find((a) => a.title.startsWith('Fuse'));
    assert.equal(fix?.title, 'Fuse relu into c (@fuse)');
    assert.equal(fix?.isPreferred, true);
    assert.deepEqual(fix?.diagnostics, [d]);
    // A nested relu cannot take @fuse (it would apply to the maxpool): no fix for it.
    const nested: Diagnostic = { range: rangeOf(text, 'relu(r)'), code: 'RL505', source: 'roofline', message: 'relu could be fused', data: { layer: 'p.relu' } };
    assert.deepEqual((await codeActions(uri, nested.range, [nested])).filter((a) => a.title.startsWith('Fuse')), []);
  });

  it('the source action applies the best tiles to all layers, and only it answers a source request', async () => {
    const uri = 'file:///all.nnm';
    await session.open(uri, MISTILED);
    const found = await codeActions(uri, rangeOf(MISTILED, 'model alexnet'), [], [CodeActionKind.Source]);
    assert.deepEqual(found.map((a) => [a.kind, a.title]), [['source.applyBestTiles.roofline', 'Apply best tiles to all layers (8 layers)']]);
    const fixed = applyWorkspaceEdit(MISTILED, uri, found[0].edit);
    const published = session.diagnostics(uri, 2);
    await session.change(uri, 2, fixed);
    assert.deepEqual((await published).diagnostics.filter((d) => d.severity === 1), []);
    await faster(uri);
    const done = await codeActions(uri, rangeOf(fixed, 'model alexnet'), [], [CodeActionKind.Source]);
    assert.equal(done[0]?.disabled?.reason, 'Nothing to change: 0 layers; 8 already at their best.');
  });

  it('a block statement whose instances differ gets a disabled tile action saying why', async () => {
    const uri = 'file:///block.nnm';
    const text = 'use target zhang15-vc707\nblock unit(x) {\n  y = conv2d(x, 16, kernel=3, pad=1)\n  return relu(y)\n}\nmodel m {\n  input x: [1, 8, 32, 32]\n  a = unit(x)\n  b = unit(maxpool(a, kernel=2))\n}\n';
    await session.open(uri, text);
    const tile = (await codeActions(uri, rangeOf(text, 'conv2d', 0, 0))).find((a) => a.title.startsWith('Use the best tile'));
    assert.equal(tile?.title, 'Use the best tile in all 2 instances');
    assert.match(tile?.disabled?.reason ?? '', /differs between the 2 instances of this block statement/);
    assert.equal(tile?.edit, undefined);
  });

  it('sets the unroll of a hardware block to the best across the model', async () => {
    const uri = 'file:///unroll.nnm';
    const text = ZHANG.replace('use target zhang15-vc707', 'hardware fpga = zhang15_vc707 {\n  unroll = (m: 32, n: 14)\n}\nuse target fpga');
    await session.open(uri, text);
    const found = await codeActions(uri, rangeOf(text, 'hardware fpga', 3, 0));
    const fix = found.find((a) => a.title.startsWith('Set unroll'));
    const nests = convNestsOf(analyzeRoofline(text).models[0]);
    const cycles = (m: number, n: number) => nests.reduce((sum, nest) => sum + nestCycles(nest, { m, n }), 0).toLocaleString('en-US');
    assert.equal(fix?.title, `Set unroll to the best across this model: m=64, n=7 (cycles ${cycles(32, 14)} -> ${cycles(64, 7)})`);
    const fixed = applyWorkspaceEdit(text, uri, fix?.edit);
    assert.ok(fixed.includes('  unroll = (m: 64, n: 7)\n'));
    const published = session.diagnostics(uri, 2);
    await session.change(uri, 2, fixed);
    assert.deepEqual((await published).diagnostics.filter((d) => d.severity === 1), []);
    await faster(uri);
  });
});
