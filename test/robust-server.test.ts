// The server stays up (issue reproducer "The server goes silent"): a request that crashes becomes
// that request's error and the next request is answered; an analysis over its time budget is
// stopped and says so (RL217, incomplete totals); a message header without Content-Length is
// logged and the server exits (status 1) so that the client restarts it, never silent; a body
// that is not JSON is logged and skipped. The stream cases run the bundled server as a child
// process over stdio, as other editors do.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { HoverRequest } from 'vscode-languageserver/node';
import { analyze } from '../server/src/core';
import { inProcessSession, processSession, RULES_OFF } from './helpers/lspSession';

const ROOT = path.join(__dirname, '..');

/** A model of 4 x `n` layers written in a few lines (repeat of a block). */
function repeated(n: number): string {
  return ['block b(x) {', '  c = conv2d(x, 8, kernel=3, pad=1)', '  n = batchnorm(c)', '  r = relu(n)', '  return add(r, x)', '}', 'model m {', '  input x: [1, 8, 16, 16]', `  y = repeat(${n}, b, x)`, '}', ''].join('\n');
}

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

describe('robust: the time budget of an analysis', () => {
  it('stops the evaluation and the costing where the clock runs out, and says so (a fake clock: deterministic)', () => {
    let t = 0;
    const now = () => (t += 1); // every reading of the clock is one millisecond later
    const r = analyze({ text: repeated(2000), format: 'nnm' }, { target: 'h100-sxm', timeBudgetMs: 50, now });
    const d = r.diagnostics.find((x) => x.code === 'RL217');
    assert.ok(d, 'RL217');
    assert.match(d.message, /ran past its time budget of 50 ms and was stopped/);
    const m = r.models[0];
    assert.ok(m.layers.length < 8000, `cut short: ${m.layers.length} layers`);
    assert.equal(m.totals.complete, false);
    assert.ok(m.totals.notes?.some((n) => /time budget/.test(n)));
  });

  it('without a budget, the same model is analysed whole', () => {
    const r = analyze({ text: repeated(200), format: 'nnm' }, { target: 'h100-sxm' });
    assert.equal(r.models[0].layers.length, 800);
    assert.ok(!r.diagnostics.some((x) => x.code === 'RL217'));
  });
});

describe('robust: one request fails, the server goes on', () => {
  it('a hover that throws (a malformed request) answers an error; the next hover is answered', async () => {
    const session = inProcessSession();
    try {
      await session.initialize(RULES_OFF);
      const uri = 'file:///m.nnm';
      const text = 'model m {\n  input x: [1, 8]\n  y = linear(x, 4)\n}\n';
      await session.open(uri, text);
      await assert.rejects(session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: null as never }), /hover failed/);
      const hover = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 7 } });
      assert.ok(hover, 'answered after the failure');
    } finally {
      session.close();
    }
  });

  it('an analysis over the editor\'s time budget (roofline.analysis.timeBudgetMs) is reported, and hovers are answered', async () => {
    const session = inProcessSession();
    try {
      // 1 ms: any analysis of 40,000 layers takes far longer, on any machine.
      await session.initialize({ ...RULES_OFF, analysis: { timeBudgetMs: 1 } });
      const uri = 'file:///big.nnm';
      const text = repeated(10_000);
      const published = await session.open(uri, text);
      assert.ok(published.diagnostics.some((d) => d.code === 'RL217' && /time budget of 1 ms/.test(String(d.message))), JSON.stringify(published.diagnostics.slice(0, 3)));
      const hover = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 7 } });
      assert.ok(hover !== undefined);
    } finally {
      session.close();
    }
  });
});

describe('robust: a broken stream over stdio', function () {
  this.timeout(120_000);
  before(() => {
    spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
  });

  function start(): { child: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, stderr: () => err };
  }

  it('a header without Content-Length: logged, and the server exits with status 1 (the client restarts it)', async () => {
    const { child, exited, stderr } = start();
    const session = processSession(child);
    try {
      await session.initialize(RULES_OFF);
      child.stdin?.write(`Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'shutdown' })}`);
      assert.equal(await exited, 1);
      assert.match(stderr(), /malformed message header \(Header must provide a Content-Length property\.\): the stream cannot be followed any more; the server exits/);
    } finally {
      session.close();
      if (child.exitCode === null) child.kill();
    }
  });

  it('a body that is not JSON: logged and skipped; the next request is answered', async () => {
    const { child, stderr } = start();
    const session = processSession(child);
    try {
      await session.initialize(RULES_OFF);
      child.stdin?.write(frame('{ this is not json'));
      const uri = 'file:///m.nnm';
      await session.open(uri, 'model m {\n  input x: [1, 8]\n  y = linear(x, 4)\n}\n');
      const hover = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 7 } });
      assert.ok(hover, 'answered');
      assert.match(stderr(), /an unreadable message was skipped/);
      assert.equal(child.exitCode, null, 'still running');
    } finally {
      session.close();
      child.kill();
    }
  });
});
