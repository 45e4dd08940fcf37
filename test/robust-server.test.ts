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
import { analyze, publishedDiagnostics, type Diagnostic } from '../server/src/core';
import { LIMITS } from '../server/src/core/limits';
import { formatCount } from '../server/src/protocol/format';
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

describe('robust: the diagnostics an editor is sent', () => {
  /** A model with `n` calls of an unknown operator (an error each) and a few warnings. */
  function manyProblems(n: number): string {
    const lines = ['model m {', '  input x: [1, 8, 16, 16]'];
    for (let i = 0; i < n; i++) lines.push(`  y${i} = frobnicate(x)`);
    lines.push('}', '');
    return lines.join('\n');
  }

  it('at most LIMITS.publishedDiagnostics, errors first in file order, and one RL109 at the top that counts the rest', () => {
    const d = (severity: Diagnostic['severity'], start: number): Diagnostic => ({ code: 'RL301', severity, message: `${severity} ${start}`, span: { start, end: start + 1 } });
    const limit = LIMITS.publishedDiagnostics;
    // Informations first in the file, then errors: the errors are kept, then the first informations.
    const all = [...Array.from({ length: limit }, (_, i) => d('information', i)), ...Array.from({ length: limit - 10 }, (_, i) => d('error', limit + i))];
    const sent = publishedDiagnostics(all);
    assert.equal(sent.length, limit + 1);
    assert.equal(sent[0].code, 'RL109');
    assert.deepEqual(sent[0].span, { start: 0, end: 0 });
    assert.equal(sent[0].message, `${formatCount(2 * limit - 10)} problems in this file: the ${formatCount(limit)} most severe are shown, ${formatCount(limit - 10)} more are not (the limit is ${formatCount(limit)} a file in the editor; the command line lists them all)`);
    const kept = sent.slice(1);
    assert.equal(kept.filter((x) => x.severity === 'error').length, limit - 10, 'every error');
    assert.deepEqual(kept.filter((x) => x.severity === 'information').map((x) => x.span.start), [...Array(10).keys()], 'then the first informations');
    assert.deepEqual(kept.map((x) => x.span.start), [...kept.map((x) => x.span.start)].sort((a, b) => a - b), 'in file order');
    // Up to the limit, the list is sent as it is.
    const few = all.slice(0, limit);
    assert.equal(publishedDiagnostics(few), few);
  });

  it('a file of 3,000 unknown-operator calls publishes the limit and the count, not 3,000', async () => {
    const session = inProcessSession();
    try {
      await session.initialize(RULES_OFF);
      const uri = 'file:///many.nnm';
      const text = manyProblems(3000);
      const all = analyze({ text, format: 'nnm' }, {}).diagnostics;
      assert.ok(all.filter((x) => x.code === 'RL301').length === 3000, 'the analysis has them all (the command line prints them)');
      const published = session.diagnostics(uri, 1);
      await session.open(uri, text);
      const sent = (await published).diagnostics;
      assert.equal(sent.length, LIMITS.publishedDiagnostics + 1);
      assert.equal(sent[0].code, 'RL109');
      assert.deepEqual(sent[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
      assert.match(String(sent[0].message), /^3,\d{3} problems in this file: the 1,000 most severe are shown/);
    } finally {
      session.close();
    }
  });
});
