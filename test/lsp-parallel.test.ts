// The editor on a model under a parallel plan, over the real protocol (the server in-process):
// the hover on the attention call, the feed-forward's row-parallel linear and the `repeat` of
// decoder blocks lists the communication layers with their link; the panel's data carries the
// interconnect's roof, the collectives bound by it and the plan's memory and communication; the
// panel's plan and the `roofline.parallel` setting override the file's `use parallel`; RL507 (no
// plan) gets the quick fix that writes the smallest plan that fits, and RL512 (a plan that does
// not fit) the one that replaces it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeActionRequest, DidChangeConfigurationNotification, HoverRequest, type CodeAction, type Command, type Hover, type Position } from 'vscode-languageserver/node';
import { PANEL_DATA, type PanelDataResult } from '../server/src/protocol/lsp';
import { parsePageMessage, type PanelData } from '../server/src/protocol/panel';
import { inProcessSession, type LspSession } from './helpers/lspSession';

const ROOT = path.resolve(__dirname, '..');
const TEXT = fs.readFileSync(path.join(ROOT, 'examples', 'llama2_70b_tp8.nnm'), 'utf8');
const URI = 'file:///examples/llama2_70b_tp8.nnm';
/** The same model without its plan. */
const WHOLE = TEXT.replace('use parallel tp=8\n', '');
const WHOLE_URI = 'file:///examples/llama2_70b_whole.nnm';

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

describe('the editor under a parallel plan', () => {
  let session: LspSession;
  const hover = async (needle: string) => markdown(await session.client.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: positionOf(TEXT, needle) }));
  const panel = async (uri: string, whatIf: Record<string, unknown> = {}): Promise<PanelData> => {
    const r = (await session.client.sendRequest(PANEL_DATA, { uri, ...whatIf })) as PanelDataResult;
    assert.ok('data' in r, JSON.stringify(r));
    return r.data;
  };

  before(async () => {
    session = inProcessSession();
    await session.initialize({ debounceMs: 0 });
    await session.open(URI, TEXT);
  });

  after(async () => {
    await session.shutdown();
    session.close();
  });

  it('hover on the attention call: its all-reduce over NVLink (tree, 8 devices, 16 KiB, 3.67 µs), 80 instances', async () => {
    const md = await hover('attention(rmsnorm');
    assert.match(md, /\*\*Communication\*\* \(plan tp=8, 8 devices\)/);
    assert.match(md, /- 80 × `h\[0\]\.attn_allreduce` all-reduce of 16 KiB over NVLink \(tree, 8 devices\): 32 KiB sent in 6 steps, 3\.67 µs = 72\.8 ns \+ 3\.6 µs latency · 294 µs in all · 5\.1% of the model · bound by NVLink/);
  });

  it('hover on the row-parallel linear of the feed-forward: its all-reduce', async () => {
    const md = await hover('linear(mul');
    assert.match(md, /- 80 × `h\[0\]\.f_allreduce` all-reduce of 16 KiB over NVLink/);
    assert.match(md, /\*\*linear\*\* · 80 instances in model/, 'the card counts the linear layers alone, not their all-reduces');
  });

  it('hover on the decoder blocks (repeat): both all-reduces, and NVLink in the bound mix', async () => {
    const md = await hover('repeat(80');
    assert.match(md, /`h\[0\]\.attn_allreduce` all-reduce/);
    assert.match(md, /`h\[0\]\.f_allreduce` all-reduce/);
    assert.match(md, /\| bound \| HBM3 89\.\d% · NVLink 10\.\d% of the time \|/);
  });

  it("the panel: the interconnect's roof, the collectives bound by it, one device's memory and the communication share", async () => {
    const d = await panel(URI);
    const link = d.roofs.find((r) => r.kind === 'link');
    assert.deepEqual(link, { kind: 'link', label: 'NVLink 450 GB/s', level: 'NVLink', value: 450e9 });
    const reduce = d.layers.find((l) => l.name === 'h[0].attn_allreduce')!;
    assert.equal(reduce.bound, 'link');
    assert.equal(reduce.boundLabel, 'NVLink');
    assert.ok(reduce.ctc > 0 && reduce.attainable > 0 && reduce.attainable < reduce.ctc * 450e9, 'under the NVLink roof');
    assert.equal(d.parallel?.plan, 'tp=8');
    assert.equal(d.parallel?.devices, 8);
    assert.equal(d.parallel?.weightBytes, 17_246_470_144);
    assert.equal(d.parallel?.capacity, 80e9);
    // The device's sum and whether it fits come from the server (the one comparison, deviceFit).
    const p = d.parallel!;
    assert.equal(p.total, p.weightBytes + p.kvCacheBytes + p.activationBytes);
    assert.equal(p.fits, true);
    assert.ok((d.parallel?.communication.share ?? 0) > 0.05);
  });

  it("the panel's plan overrides the file's: tp=2 (one all-reduce of 2 devices), '' one device (no link roof)", async () => {
    const two = await panel(URI, { parallel: 'tp=2' });
    assert.equal(two.parallel?.plan, 'tp=2');
    assert.equal(two.layers.find((l) => l.name === 'h[0].attn_allreduce')?.bound, 'link');
    const one = await panel(URI, { parallel: '' });
    assert.equal(one.parallel, undefined);
    assert.equal(one.roofs.some((r) => r.kind === 'link'), false);
    const bad = (await session.client.sendRequest(PANEL_DATA, { uri: URI, parallel: 'tp=0' })) as PanelDataResult;
    assert.match('error' in bad ? bad.error : '', /tp must be a whole number of at least 1, got 0/);
    assert.deepEqual(parsePageMessage({ type: 'setParallel', plan: 'tp=8 pp=2' }), { type: 'setParallel', plan: 'tp=8 pp=2' });
    assert.equal(parsePageMessage({ type: 'setParallel', plan: '<script>' }), undefined);
  });

  it('the roofline.parallel setting overrides the file for the document (pp=2: sends, two stages)', async () => {
    const next = session.nextDiagnostics(URI);
    await session.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { roofline: { parallel: 'pp=2' } } });
    await next;
    const d = await panel(URI);
    assert.equal(d.parallel?.plan, 'pp=2');
    assert.equal(d.parallel?.stages, 2);
    assert.ok(d.layers.some((l) => l.name === 'send_to_stage1'));
    const back = session.nextDiagnostics(URI);
    await session.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { roofline: { parallel: '' } } });
    await back;
    assert.equal((await panel(URI)).parallel?.plan, 'tp=8');
  });

  it('RL507 without a plan, and its quick fix: use parallel tp=2 after the use lines', async () => {
    const published = await session.open(WHOLE_URI, WHOLE);
    const rl507 = published.diagnostics.filter((d) => d.code === 'RL507');
    assert.equal(rl507.length, 1);
    assert.match(String(rl507[0].message), /needs 139 GB of device memory/);
    const actions = ((await session.client.sendRequest(CodeActionRequest.type, { textDocument: { uri: WHOLE_URI }, range: rl507[0].range, context: { diagnostics: rl507 } })) ?? []) as (CodeAction | Command)[];
    const fix = actions.find((a): a is CodeAction => 'kind' in a && /^Use parallel/.test(a.title));
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.match(fix.title, /^Use parallel tp=2: the smallest plan that fits \(2 devices, 69\.\d GB of 80 GB a device on h100-sxm\)$/);
    assert.equal(fix.isPreferred, true);
    const edits = fix.edit?.changes?.[WHOLE_URI] ?? [];
    assert.equal(edits.length, 1);
    assert.equal(edits[0].newText, '\nuse parallel tp=2');
    assert.equal(edits[0].range.start.line, positionOf(WHOLE, 'use precision fp16').line);
  });

  it('RL512 for a plan that does not fit (dp=2), and the fix replaces the plan', async () => {
    const uri = 'file:///examples/llama2_70b_dp2.nnm';
    const text = TEXT.replace('use parallel tp=8', 'use parallel dp=2');
    const published = await session.open(uri, text);
    const rl512 = published.diagnostics.filter((d) => d.code === 'RL512');
    assert.equal(rl512.length, 1);
    assert.deepEqual(rl512[0].range.start, positionOf(text, 'dp=2'));
    const actions = ((await session.client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: rl512[0].range, context: { diagnostics: rl512 } })) ?? []) as (CodeAction | Command)[];
    const fix = actions.find((a): a is CodeAction => 'kind' in a && /^Use parallel/.test(a.title));
    assert.ok(fix);
    const edits = fix.edit?.changes?.[uri] ?? [];
    assert.deepEqual(edits.map((e) => e.newText), ['tp=2']);
    assert.deepEqual(edits[0].range.start, positionOf(text, 'dp=2'));
  });
});
