// Every reproducer of the robustness issue, as a test: each input gives a clear diagnostic or a
// one-line error, never an abort, a hang or a number that lies. The heavy ones run the bundled
// command line (or language server) as a child process with a 300 MB heap
// (--max-old-space-size=300): it must exit normally (status 0, 1 or 2 and no signal; V8 aborts
// with SIGABRT or SIGTRAP on an invalid size or an exhausted heap), within the timeout of
// spawnSync, which only stops a hang (no test asserts how fast anything runs).
// Not here: the FIFO, /dev/zero and workspace cases of the server (robust-files.test.ts), the
// catastrophic regexes at growing sizes (robust-linear.test.ts), hovers and the report
// (robust-escaping.test.ts), the broken stream (robust-server.test.ts), the CSV cells that look
// like formulas (`=HYPERLINK(...)`, `@SUM(...)`: test/cli-outputs.test.ts, one function for the
// command line and the panel, server/src/protocol/csv.ts).
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExitNotification, HoverRequest, ShutdownRequest } from 'vscode-languageserver/node';
import { analyze, LIMITS, type RooflineAnalysis } from '../server/src/core';
import { renderTable } from '../server/src/cli/table';
import { encodeModel, toBytes, DT, type DimSpec } from './helpers/onnxEncode';
import { writeReluChain } from './helpers/onnxChain';
import { numberProblems } from './helpers/numberChecks';
import { CLIENT_CAPABILITIES, processSession } from './helpers/lspSession';
import { InitializeRequest, InitializedNotification } from 'vscode-languageserver/node';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'bin', 'roofline.js');
let dir = '';

function file(name: string, content: string | Uint8Array): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** The bundled command line in a child process with a 300 MB heap. */
function roofline(args: string[], timeout = 120_000): Run {
  const r = spawnSync(process.execPath, ['--max-old-space-size=300', CLI, ...args], { encoding: 'utf8', timeout, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

/** Exited normally: a status (0 ok, 1 errors in the file, 2 an unreadable file), no signal, no crash report. */
function normalExit(r: Run, statuses: number[] = [0, 1]): void {
  assert.equal(r.signal, null, `killed by ${r.signal}: ${r.err.slice(0, 500)}`);
  assert.ok(r.status !== null && statuses.includes(r.status), `status ${r.status}: ${r.err.slice(0, 1000)}`);
  assert.ok(!/FATAL ERROR|invalid size error|heap out of memory|internal error|\n\s+at /.test(r.err), r.err.slice(0, 1000));
}

/** The JSON report of `analyze --format json`, and that no number in it is null. */
function jsonReport(r: Run): { totals: Record<string, unknown>; layers: Record<string, unknown>[]; diagnostics: { code: string; message: string }[]; notes?: string[] } {
  const j = JSON.parse(r.out);
  // The numeric fields of the totals, of each layer and of its bytes: a number when present.
  const NUMERIC = ['macs', 'ops', 'params', 'time', 'throughput', 'energy', 'traffic', 'ctc', 'attainable', 'share', 'cycles', 'utilization', 'slack', 'boundShare'];
  const numbers = (o: Record<string, unknown>, at: string, keys: string[]) => {
    for (const k of keys) if (k in o) assert.equal(typeof o[k], 'number', `${at}.${k} is ${JSON.stringify(o[k])}`);
  };
  numbers(j.totals, 'totals', NUMERIC);
  for (const [i, l] of (j.layers as Record<string, unknown>[]).entries()) {
    numbers(l, `layers[${i}]`, NUMERIC);
    numbers(l.bytes as Record<string, unknown>, `layers[${i}].bytes`, ['input', 'weight', 'output', 'cache']);
  }
  return j;
}

function codes(r: Run): string[] {
  return [...r.err.matchAll(/: (?:error|warning|information|hint) (RL\d+):/g)].map((m) => m[1]);
}

/** Analysed in this process (light inputs): the analysis, checked for non-finite and unflagged numbers. */
function analysed(text: string, format: 'nnm' | 'caffe' | 'scalesim' | 'darknet', options = {}): RooflineAnalysis {
  const a = analyze({ text, format }, { target: 'h100-sxm', ...options });
  assert.deepEqual(numberProblems(a), { nonFinite: [], unflaggedInexact: [], internalErrors: [] });
  return a;
}

function onnxWithInput(dims: DimSpec[]): Uint8Array {
  return toBytes(encodeModel({ irVersion: 8, opsets: [{ domain: '', version: 13 }], graph: { name: 'g', nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }], initializers: [], inputs: [{ name: 'x', elemType: DT.float, dims }], outputs: [{ name: 'y', elemType: DT.float }] } }));
}

describe('robust: the reproducers of the robustness issue', function () {
  this.timeout(600_000);

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-repro-'));
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
    assert.equal(b.status, 0, String(b.stderr));
  });

  describe('1. a dimension near 2^53, with a target', () => {
    it('.nnm: [1, 3, 224, 9007199254740992] is an RL218 error at the dimension', () => {
      const f = file('big.nnm', 'model m {\n input x: [1, 3, 224, 9007199254740992]\n y = conv2d(x, 64, kernel=3)\n}\n');
      const r = roofline(['analyze', f, '--target', 'h100-sxm']);
      normalExit(r);
      assert.match(r.err, /big\.nnm:2:23: error RL218: dimension 9,007,199,254,740,992 is beyond the limit of 9,007,199,254,740,991 \(2\^53 - 1\)/);
    });

    it('SCALE-Sim: the row Conv1, 9007199254740993, ... is an RL218 error at its row', () => {
      const f = file('big.csv', 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nConv1, 9007199254740993, 224, 7, 7, 3, 64, 2,\n');
      const r = roofline(['analyze', f, '--target', 'h100-sxm']);
      normalExit(r);
      assert.match(r.err, /big\.csv:2:1: error RL218: input 'Conv1\.ifmap': dimension 9,007,199,254,740,992 is beyond the limit/);
    });

    it('prototxt: input_dim: 9007199254740992 is an RL218 error', () => {
      const f = file('big.prototxt', 'name: "x"\ninput: "data"\ninput_dim: 1\ninput_dim: 3\ninput_dim: 224\ninput_dim: 9007199254740992\nlayer { name: "c" type: "Convolution" bottom: "data" top: "c" convolution_param { num_output: 64 kernel_size: 3 } }\n');
      const r = roofline(['analyze', f, '--target', 'h100-sxm']);
      normalExit(r);
      assert.ok(codes(r).includes('RL218'), r.err);
    });

    it('[1e15, 1e15] into linear: analysed (the tile search is bounded), its counts flagged as rounded', () => {
      const f = file('e15.nnm', 'model m {\n input x: [1e15, 1e15]\n y = linear(x, 10)\n}\n');
      const r = roofline(['analyze', f, '--target', 'h100-sxm', '--format', 'json']);
      normalExit(r);
      const j = jsonReport(r);
      assert.equal(j.totals.complete, false);
      assert.ok(j.diagnostics.some((d) => d.code === 'RL216'));
      assert.equal(j.layers[0].costStatus, undefined, 'costed');
    });

    it('ONNX: a dim_value of 2^53 + 1, 2^63 - 1 or -1 is an RL609 error (it became 1 before)', () => {
      for (const [dim, shown] of [
        [2n ** 53n + 1n, '9007199254740993'],
        [2n ** 63n - 1n, '9223372036854775807'],
        [-1n, '-1'],
      ] as const) {
        const f = file(`dim${shown}.onnx`, onnxWithInput([1, dim]));
        const r = roofline(['analyze', f, '--format', 'json']);
        normalExit(r);
        const j = jsonReport(r);
        const d = j.diagnostics.find((x) => x.code === 'RL609');
        assert.ok(d, r.out.slice(0, 500));
        assert.ok(d.message.includes(shown), d.message);
      }
    });
  });

  describe('2. reads that never end', () => {
    it('analyze /dev/zero, and --target /dev/zero: a one-line error, exit 2', function () {
      if (process.platform === 'win32') this.skip();
      const model = file('ok.nnm', 'model m {\n input x: [1, 8]\n y = linear(x, 4)\n}\n');
      for (const args of [['analyze', '/dev/zero'], ['analyze', model, '--target', '/dev/zero']]) {
        const r = roofline(args, 60_000);
        normalExit(r, [2]);
        assert.match(r.err, /cannot read \/dev\/zero: it is a device, not a regular file/);
      }
    });

    it('analyze - < /dev/zero (standard input that never ends): a one-line error, exit 2', function () {
      if (process.platform === 'win32') this.skip();
      const zero = fs.openSync('/dev/zero', 'r');
      try {
        const r = spawnSync(process.execPath, ['--max-old-space-size=300', CLI, 'analyze', '-'], { encoding: 'utf8', timeout: 60_000, stdio: [zero, 'pipe', 'pipe'] });
        normalExit({ status: r.status, signal: r.signal, out: r.stdout, err: r.stderr }, [2]);
        assert.match(r.stderr, /cannot read <stdin>: it is more than 64 MiB, the limit of standard input/);
      } finally {
        fs.closeSync(zero);
      }
    });

    it('a FIFO as the model or as the target: a one-line error at once, exit 2', function () {
      if (process.platform === 'win32') this.skip();
      const pipe = path.join(dir, 'pipe.nnm');
      spawnSync('mkfifo', [pipe]);
      const pipeTarget = path.join(dir, 'pipe.target.json');
      spawnSync('mkfifo', [pipeTarget]);
      const model = file('ok2.nnm', 'model m {\n input x: [1, 8]\n y = linear(x, 4)\n}\n');
      for (const args of [['analyze', pipe], ['analyze', model, '--target', pipeTarget]]) {
        const r = roofline(args, 60_000);
        normalExit(r, [2]);
        assert.match(r.err, /it is a named pipe \(FIFO\), not a regular file/);
      }
    });
  });

  describe('3. catastrophic regexes', () => {
    it("prototxt: '9' x 4,000 then 'a' (25 s before) and a 3 KB file: one RL701 error", () => {
      for (const n of [1000, 4000]) {
        const f = file(`nines${n}.prototxt`, `name: "n"\ninput_dim: ${'9'.repeat(n)}a\n`);
        const r = roofline(['analyze', f], 60_000);
        normalExit(r);
        assert.match(r.err, /error RL701: invalid number '9{10}/);
      }
    });

    it('target file: "bandwidth": "1" then 80,000 spaces and "!" (2.2 s before): a located error', () => {
      const t = file('spaces.target.json', `{ "name": "t", "kind": "gpu", "clock": "1 GHz", "peak": { "fp32": "1 TFLOP/s" }, "bandwidth": "1${' '.repeat(80_000)}!" }`);
      const m = file('ok3.nnm', 'model m {\n input x: [1, 8]\n y = linear(x, 4)\n}\n');
      const r = roofline(['analyze', m, '--target', t], 60_000);
      normalExit(r, [2]);
      assert.match(r.err, /spaces\.target\.json:1:\d+: error RL\d+: /);
    });
  });

  describe('4. deep recursion', () => {
    for (const [what, op] of [
      ['unary minuses', '-'],
      ['nots', 'not '],
    ] as const) {
      it(`5,000 ${what} in an expression: RL215 (expression depth), no stack overflow`, () => {
        const f = file(`deep-${what}.nnm`, `param p = ${op.repeat(5000)}1\nmodel m {\n input x: [1, 8]\n y = linear(x, 4)\n}\n`);
        const r = roofline(['analyze', f]);
        normalExit(r);
        assert.match(r.err, /error RL215: expression nested more than 200 deep/);
      });
    }

    it('a table of 200,000 rows (renderTable spread every row into Math.max)', () => {
      const rows = Array.from({ length: 200_000 }, (_, i) => [`layer${i}`, String(i)]);
      const table = renderTable([{ title: 'layer', align: 'left' }, { title: 'n', align: 'right' }], rows);
      assert.equal(table.split('\n').length, 200_002);
      assert.ok(table.split('\n')[2].startsWith('layer0 '));
    });
  });

  describe('5. loose resource limits', () => {
    it('repeat(1000000000, b, x): RL215 at the count, before any work', () => {
      const f = file('repeat.nnm', 'block b(x) {\n return relu(x)\n}\nmodel m {\n input x: [1, 8]\n y = repeat(1000000000, b, x)\n}\n');
      const r = roofline(['analyze', f, '--target', 'h100-sxm']);
      normalExit(r);
      assert.match(r.err, /repeat\.nnm:6:13: error RL215: repeat's count 1,000,000,000 is beyond the limit of 100,000 layers/);
    });

    it('an ONNX chain of 10^6 nodes: cut at the layer limit (RL610), its JSON written in 300 MB', () => {
      // The counts only (--target none): 100,000 layers retain about 105 MB. With a target, their
      // costs double that, close to the 300 MB heap (see docs/limits.md), so that run is not a test.
      const f = path.join(dir, 'chain.onnx');
      writeReluChain(f, 1_000_000);
      const r = roofline(['analyze', f, '--format', 'json', '--target', 'none']);
      normalExit(r);
      const j = jsonReport(r);
      assert.equal(j.layers.length, LIMITS.layers);
      assert.ok(j.diagnostics.some((d) => d.code === 'RL610' && /900,000 were not read/.test(d.message)));
    });

    it('a 100 MB identifier: one line says the file is too large, and nothing echoes the identifier', () => {
      const f = path.join(dir, 'ident.nnm');
      fs.writeFileSync(f, `model ${'a'.repeat(100 * 1024 * 1024)} {}\n`);
      const r = roofline(['analyze', f]);
      normalExit(r, [1, 2]);
      assert.ok(r.err.length < 2_000, `short: ${r.err.length} characters`);
      assert.match(r.err, /^roofline: cannot read .*ident\.nnm: it is 100 MiB, beyond the limit of 16 MiB for a text model file$/m);
    });

    it('a line of 1 MB (within the file limit): RL108, and no message echoes it', () => {
      const f = file('line.nnm', `model ${'a'.repeat(1024 * 1024)} {}\n`);
      const r = roofline(['analyze', f]);
      normalExit(r);
      assert.ok(r.err.length < 2_000, `short: ${r.err.length} characters`);
      assert.match(r.err, /line\.nnm:1:1: error RL108: this line has 1,048,585 characters, beyond the limit of 100,000: the file is not analysed/);
    });

    it('a 200,000-line document in the language server (300 MB heap): cut at the editor\'s layer limit, answered, exits normally', async () => {
      const lines = ['model m {', 'input x: [1, 64, 56, 56]'];
      for (let i = 1; i <= 200_000; i++) lines.push(`l${i}=relu(${i === 1 ? 'x' : `l${i - 1}`})`);
      lines.push('}', '');
      const text = lines.join('\n');
      const child = spawn(process.execPath, ['--max-old-space-size=300', path.join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      const session = processSession(child);
      try {
        await session.client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: CLIENT_CAPABILITIES, initializationOptions: { debounceMs: 0 } });
        await session.client.sendNotification(InitializedNotification.type, {});
        const uri = pathToFileURL(path.join(dir, 'lines.nnm')).href;
        const published = await session.open(uri, text);
        assert.ok(published.diagnostics.some((d) => d.code === 'RL215' && /25,000/.test(String(d.message))), JSON.stringify(published.diagnostics.slice(0, 3)));
        const hover = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 3, character: 4 } });
        assert.ok(hover, 'a hover is answered');
        await session.client.sendRequest(ShutdownRequest.type);
        await session.client.sendNotification(ExitNotification.type);
        assert.deepEqual(await exited, { code: 0, signal: null }, stderr.slice(0, 1000));
      } finally {
        session.close();
        if (child.exitCode === null) child.kill();
      }
    });
  });

  describe('6. wrong numbers without a warning', () => {
    it('[1, 1e308] into linear: an RL218 error, never Infinity as null with complete: true', () => {
      const f = file('e308.nnm', 'model m {\n input x: [1, 1e308]\n y = linear(x, 10)\n}\n');
      const r = roofline(['analyze', f, '--target', 'h100-sxm', '--format', 'json']);
      normalExit(r);
      const j = jsonReport(r);
      assert.equal(j.totals.complete, false);
      assert.ok(j.diagnostics.some((d) => d.code === 'RL218'));
    });

    it('prototxt dim: 1e308: an RL218 error', () => {
      const a = analysed('name: "x"\ninput: "data"\ninput_shape { dim: 1 dim: 1e308 }\nlayer { name: "fc" type: "InnerProduct" bottom: "data" top: "fc" inner_product_param { num_output: 10 } }\n', 'caffe');
      assert.ok(a.diagnostics.some((d) => d.code === 'RL218'), JSON.stringify(a.diagnostics));
      assert.equal(a.models[0].totals.complete, false);
    });

    it('a target with rows: 1e308: an RL218 error in the target file', () => {
      const t = file('rows.target.json', '{ "name": "t", "kind": "tpu", "clock": "1 GHz", "peak": { "fp32": "1 TFLOP/s" }, "bandwidth": "1 TB/s", "systolic": { "rows": 1e308, "cols": 128 } }');
      const m = file('ok4.nnm', 'model m {\n input x: [1, 8]\n y = linear(x, 4)\n}\n');
      const r = roofline(['analyze', m, '--target', t]);
      normalExit(r, [2]);
      assert.match(r.err, /rows\.target\.json:1:\d+: error RL218: 'systolic' factor rows: dimension 1e\+308 is beyond the limit/);
    });

    it('a target with energy "1e308 pJ": the overflowing figures are left out and flagged (RL219), never null', () => {
      const t = file('energy.target.json', '{ "name": "t", "kind": "gpu", "clock": "1 GHz", "peak": { "fp32": "1 TFLOP/s" }, "bandwidth": "1 TB/s", "energy": { "fp32": "1e308 pJ" } }');
      const m = file('ok5.nnm', 'model m {\n input x: [1, 8]\n y = linear(x, 4)\n}\n');
      const r = roofline(['analyze', m, '--target', t, '--format', 'json']);
      normalExit(r);
      const j = jsonReport(r);
      assert.ok(j.diagnostics.some((d) => d.code === 'RL219'), JSON.stringify(j.diagnostics));
      assert.equal(j.layers[0].costStatus, 'overflow');
      assert.equal(j.totals.costComplete, false);
    });

    it('[1000003, 1000033] x 10007: the count past 2^53 is flagged (RL216, totals incomplete), not printed as if exact', () => {
      // 1,000,003 x 1,000,033 x 10,007 = 10,007,360,252,990,693 MACs; a double holds ...692.
      assert.equal(1000003n * 1000033n * 10007n, 10007360252990693n);
      const a = analysed('model m {\n input x: [1000003, 1000033]\n y = linear(x, 10007)\n}\n', 'nnm');
      const d = a.diagnostics.find((x) => x.code === 'RL216');
      assert.ok(d, 'RL216');
      assert.match(d.message, /^layer 'y': its MACs, about 10 P, pass 2\^53 - 1 \(9,007,199,254,740,991\), past which counts are rounded/);
      assert.equal(a.models[0].totals.complete, false);
      assert.equal(a.models[0].totals.inexact, 1);
    });

    it('a sum past 2^53 of exact layers is given by its exact digits', () => {
      // Three int8 layers of 3,002,399,751,580,331 MACs each (every count of each layer below 2^53):
      // the sum is 9,007,199,254,740,993 = 2^53 + 1, which a double rounds to 2^53.
      const text = 'use precision int8\nmodel m {\n input x: [3002399751580331, 1]\n a = linear(x, 1, bias=false)\n b = linear(x, 1, bias=false)\n c = linear(x, 1, bias=false)\n}\n';
      const a = analysed(text, 'nnm');
      const t = a.models[0].totals;
      assert.equal(t.complete, true, JSON.stringify(t));
      assert.equal(t.exact?.macs, (3n * 3002399751580331n).toString());
      assert.equal(t.exact?.macs, '9007199254740993');
      assert.equal(t.exact?.ops, '18014398509481986');
      assert.notEqual(String(t.macs), t.exact?.macs, 'the double rounds it; the digits do not');
      assert.ok(!a.diagnostics.some((d) => d.code === 'RL216'));
    });

    it('a 1e12 x 1e12 linear layer: counted, flagged as rounded, no Infinity, no null', () => {
      const f = file('e12.nnm', 'model m {\n input x: [1000000000000, 1000000000000]\n y = linear(x, 1000000000000)\n}\n');
      const r = roofline(['analyze', f, '--target', 'h100-sxm', '--format', 'json']);
      normalExit(r);
      const j = jsonReport(r);
      assert.equal(j.layers[0].macs, 1e36);
      assert.equal(j.totals.complete, false);
      assert.equal(j.totals.inexact, 1);
      assert.ok(j.diagnostics.some((d) => d.code === 'RL216' && /its MACs, about 1e\+36, pass 2\^53 - 1/.test(d.message)));
    });
  });
});
