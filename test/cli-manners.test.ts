// Everyday command-line manners: per-command --help, `-` for standard input (format from
// --input-format or sniffed), several files and globs, colour only on a terminal and never under
// NO_COLOR, "did you mean" for commands, options, values, operators, targets and params, one-line
// errors with exit 2 for a missing file or a directory (never 'internal error' / 70), an empty file
// is an error, and `npm run example` ends on the report's path.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { colorAllowed, OUTPUT_FAILED, outputFailure } from '../server/src/cli/io';
import { writeAllSync } from '../server/src/cli/stdio';
import { closest, editDistance } from '../server/src/core/text/suggest';
import { OPERATORS } from '../server/src/core/ops/table';
import type { JsonReport } from '../server/src/core/report/jsonReport';
import { cli } from './cli-run';
import { modelPath } from './helpers/models';
import { generateChainModel } from '../bench/generate';

const root = path.join(__dirname, '..');

function temp(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-manners-')), name);
  fs.writeFileSync(file, text);
  return file;
}

describe('cli: manners', () => {
  before(function () {
    if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
      const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, encoding: 'utf8' });
      assert.equal(b.status, 0, b.stderr);
    }
  });
  const bin = (args: string[], env: NodeJS.ProcessEnv = {}, input?: string) =>
    spawnSync(process.execPath, [path.join(root, 'bin', 'roofline.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, ...(input !== undefined ? { input } : {}) });

  it('every command has its --help: usage, each option, exit 0', () => {
    for (const command of ['analyze', 'diff', 'targets', 'tiles', 'unroll', 'report']) {
      const r = cli([command, '--help']);
      assert.equal(r.status, 0, command);
      assert.match(r.out, new RegExp(`^usage: roofline ${command}`), command);
      assert.match(r.out, /^ {2}-h, --help\s+show this help$/m, command);
      assert.equal(cli(['help', command]).out, r.out, `roofline help ${command}`);
    }
    const analyze = cli(['analyze', '-h']).out;
    for (const option of ['--target NAME|FILE', '--format F', '--fail-on RULE', '--min-share X', '--input-format F', '--pretty', '--param NAME=VALUE']) assert.ok(analyze.includes(option), option);
    assert.match(cli(['diff', '--help']).out, /--vs-param NAME=VALUE\s+B's params, over A's --param \(repeatable\)/);
    const top = cli(['--help']);
    assert.equal(top.status, 0);
    assert.match(top.out, /'roofline COMMAND --help' lists a command's options/);
  });

  it('"did you mean" for commands, options, option values, operators, targets and params', () => {
    const command = cli(['analyse', 'examples/resnet50.nnm']);
    assert.equal(command.status, 2);
    assert.match(command.err, /unknown command 'analyse' \(did you mean 'analyze'\?\)/);
    assert.match(cli(['analyze', 'examples/resnet50.nnm', '--taget', 'h100-sxm']).err, /^roofline: unknown option --taget \(did you mean '--target'\?\)$/m);
    assert.match(cli(['analyze', 'examples/resnet50.nnm', '--format', 'jsn']).err, /--format must be table, json, csv, markdown, sarif; got 'jsn' \(did you mean 'json'\?\)/);
    assert.match(cli(['analyze', 'examples/resnet50.nnm', '--precision', 'fp61']).err, /did you mean 'fp16'\?/);
    const target = cli(['analyze', 'examples/resnet50.nnm', '--target', 'h100-sxn']);
    assert.equal(target.status, 2);
    assert.match(target.err, /unknown target 'h100-sxn' \(did you mean 'h100-sxm'\?\)/);
    const op = cli(['analyze', temp('op.nnm', 'model m {\n  input x: [1, 3, 8, 8]\n  y = conv2dd(x, 4, 3)\n}\n')]);
    assert.equal(op.status, 1);
    assert.match(op.err, /:3:7: error RL301: unknown operator 'conv2dd' \(did you mean 'conv2d'\?\); the model's totals are incomplete/);
    const useTarget = cli(['analyze', temp('t.nnm', 'use target zcu102-int9\nmodel m {\n  input x: [1, 4]\n  y = relu(x)\n}\n')]);
    assert.match(useTarget.err, /error RL405: unknown target 'zcu102-int9' \(did you mean 'zcu102-int8'\?\)/);
    const param = cli(['analyze', 'examples/resnet50.nnm', '--param', 'bach=8']);
    assert.equal(param.status, 1);
    assert.match(param.err, /RL209: model 'resnet50' has no parameter 'bach' \(did you mean 'batch'\?\) \(parameters: batch, size\)/);
    assert.match(cli(['analyze', modelPath('caffe/bvlc_alexnet/deploy.prototxt'), '--param', 'bach=2']).err, /RL209: model 'AlexNet' has no parameter 'bach' \(did you mean 'batch'\?\)/);
    assert.match(cli(['analyze', modelPath('darknet/pjreddie/alexnet.cfg'), '--param', 'widht=224']).err, /RL209: model 'alexnet' has no parameter 'widht' \(did you mean 'width'\?\)/);
    // The transformer importers (Hugging Face config.json, GGUF) check through the same function.
    assert.match(cli(['analyze', modelPath('hf/gpt2/config.json'), '--param', 'sqe=64']).err, /RL209: model '[^']+' has no parameter 'sqe' \(did you mean 'seq'\?\) \(parameters: batch, seq, context\)/);
    // Nothing close: no suggestion.
    assert.doesNotMatch(cli(['analyze', 'examples/resnet50.nnm', '--param', 'zzzzzz=8']).err, /did you mean/);
  });

  it('the suggestion: edit distance with swaps, at most a third of the name away', () => {
    assert.equal(editDistance('conv2dd', 'conv2d'), 1);
    assert.equal(editDistance('fp61', 'fp16'), 1, 'a swap of neighbours is one edit');
    assert.equal(editDistance('ReLU', 'relu'), 0, 'case does not count');
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(closest('h100-sxn', ['a100-sxm', 'h100-sxm', 'h100-pcie']), 'h100-sxm');
    assert.equal(closest('xyz', ['conv2d', 'relu']), undefined);
    assert.equal(closest('relu', ['relu', 'gelu']), 'gelu', 'the name itself is no suggestion');
  });

  it('the suggestion skips candidates by length and still finds what comparing every candidate finds', () => {
    // The brute-force twin: every candidate's distance, the first of the least within the limit.
    const everyCandidate = (name: string, candidates: readonly string[]) => {
      const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
      let best: string | undefined;
      let bestDistance = limit + 1;
      for (const c of candidates) {
        const d = c === name ? Infinity : editDistance(name, c);
        if (d < bestDistance) [best, bestDistance] = [c, d];
      }
      return best;
    };
    const names = [...OPERATORS.keys()];
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789_';
    for (let i = 0; i < 2000; i++) {
      // A name of the table with up to three random edits, or a random word of 1 to 14 letters.
      let name = i % 2 === 0 ? names[random(names.length)] : '';
      if (name === '') for (let k = 1 + random(14); k > 0; k--) name += letters[random(letters.length)];
      for (let e = random(4); e > 0; e--) {
        const at = random(name.length + 1);
        const kind = random(3);
        const letter = letters[random(letters.length)];
        name = kind === 0 ? name.slice(0, at) + letter + name.slice(at) : kind === 1 ? name.slice(0, at) + name.slice(at + 1) : name.slice(0, at) + letter + name.slice(at + 1);
      }
      assert.equal(closest(name, names), everyCandidate(name, names), name);
    }
    // Lengths compared in lower case, as the distance is: 'İ' is one unit, and two in lower case.
    const dotted = ['xy', 'i\u0307i\u0307'];
    assert.equal(closest('\u0130\u0130', dotted), everyCandidate('\u0130\u0130', dotted));
    assert.equal(closest('\u0130\u0130', dotted), 'i\u0307i\u0307');
  });

  it("'-' reads standard input: the format from --input-format or from the content", () => {
    const text = fs.readFileSync(path.join(root, 'examples', 'resnet50.nnm'), 'utf8');
    const nnm = cli(['analyze', '-', '--format', 'json'], { stdin: text });
    assert.equal(nnm.status, 0, nnm.err);
    assert.equal((JSON.parse(nnm.out) as JsonReport).totals.macs, 4_089_184_256);
    const prototxt = fs.readFileSync(modelPath('caffe/bvlc_alexnet/deploy.prototxt'), 'utf8');
    const sniffed = JSON.parse(cli(['analyze', '-', '--format', 'json'], { stdin: prototxt }).out) as JsonReport;
    assert.deepEqual(sniffed.layers.find((l) => l.op === 'conv2d')?.output, [10, 96, 55, 55], 'a Caffe deploy file, by its content');
    const onnx = fs.readFileSync(modelPath('onnx/light/light_resnet50.onnx'));
    const binary = JSON.parse(cli(['analyze', '-', '--format', 'json'], { stdin: onnx }).out) as JsonReport;
    assert.equal(binary.totals.params, 25_557_032, 'ONNX bytes, by their content');
    // The content says nnm; --input-format says otherwise and wins.
    const forced = cli(['analyze', '-', '--input-format', 'darknet'], { stdin: text });
    assert.equal(forced.status, 1);
    assert.match(forced.err, /^<stdin>:\d+:\d+: error RL7\d\d/m);
    assert.equal(cli(['analyze', '-', '-'], { stdin: text }).status, 2, "'-' once");
    // Through the real standard input of the built command.
    const piped = bin(['analyze', '-', '--format', 'json'], {}, text);
    assert.equal(piped.status, 0, piped.stderr);
    assert.equal((JSON.parse(piped.stdout) as JsonReport).totals.params, 25_557_032);
  });

  it("'-' is read once by the commands that load the file twice (diff on two precisions, plan)", () => {
    const text = fs.readFileSync(path.join(root, 'examples', 'resnet18.nnm'), 'utf8');
    const diff = cli(['diff', '-', '--input-format', 'nnm', '--vs-precision', 'fp16', '--target', 'h100-sxm'], { stdin: text });
    assert.equal(diff.status, 0, diff.err);
    const llama = fs.readFileSync(path.join(root, 'examples', 'llama2_7b.nnm'), 'utf8');
    const plan = cli(['plan', '-', '--input-format', 'nnm', '--target', 'h100-sxm', '--devices', '8'], { stdin: llama });
    assert.equal(plan.status, 0, plan.err);
    assert.match(plan.out, /tp=8/);
    // The built command through its real standard input.
    const piped = bin(['diff', '-', '--input-format', 'nnm', '--vs-precision', 'fp16', '--target', 'h100-sxm'], {}, text);
    assert.equal(piped.status, 0, piped.stderr);
  });

  it('several files or a glob in one run: one report each, or one JSON array', () => {
    const two = cli(['analyze', 'examples/resnet50.nnm', 'examples/alexnet.nnm', '--format', 'json']);
    assert.equal(two.status, 0, two.err);
    const reports = JSON.parse(two.out) as JsonReport[];
    assert.deepEqual(reports.map((r) => r.model), ['resnet50', 'alexnet']);
    const onDisk = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.nnm')).sort();
    const glob = cli(['analyze', 'examples/*.nnm', '--format', 'json']);
    assert.deepEqual((JSON.parse(glob.out) as JsonReport[]).map((r) => r.file), onDisk.map((f) => `examples/${f}`));
    const table = cli(['analyze', 'examples/resnet50.nnm', 'examples/alexnet.nnm']).out;
    assert.match(table, /^== examples\/resnet50\.nnm ==$/m);
    assert.match(table, /^\n?== examples\/alexnet\.nnm ==$/m);
    assert.equal((cli(['analyze', 'examples/**/alexnet*.nnm', '--format', 'json']).out.match(/"schemaVersion"/g) ?? []).length, onDisk.filter((f) => f.startsWith('alexnet')).length);
    const none = cli(['analyze', 'examples/*.nothing']);
    assert.equal(none.status, 2);
    assert.equal(none.err, 'roofline: no file matches examples/*.nothing');
  });

  it('colour on a terminal only: none when piped or under NO_COLOR', () => {
    assert.equal(colorAllowed({ isTTY: true }, {}), true);
    assert.equal(colorAllowed({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(colorAllowed({ isTTY: true }, { NO_COLOR: '' }), true, 'an empty NO_COLOR does not count (no-color.org)');
    assert.equal(colorAllowed({ isTTY: false }, {}), false);
    assert.equal(colorAllowed({}, {}), false);
    const coloured = cli(['analyze', 'examples/resnet50.nnm', '--target', 'zcu102-int8'], { color: true }).out;
    assert.match(coloured, /\u001b\[33mDDR4 \(PS\)\u001b\[0m/);
    // The columns still line up: colour codes take no width.
    const plain = cli(['analyze', 'examples/resnet50.nnm', '--target', 'zcu102-int8']).out;
    assert.equal(coloured.replace(/\u001b\[[0-9;]*m/g, ''), plain);
    const piped = bin(['analyze', 'examples/resnet50.nnm', '--target', 'zcu102-int8', '--fail-on', 'memory-bound']);
    assert.doesNotMatch(piped.stdout + piped.stderr, /\u001b\[/);
  });

  it('a missing file or a directory: one line, exit 2, never an internal error', () => {
    const extra: Record<string, string[]> = { analyze: [], tiles: [], unroll: [], report: ['-o', path.join(os.tmpdir(), 'x.html')], diff: ['--vs', 'h100-sxm'] };
    for (const command of Object.keys(extra)) {
      for (const [file, words] of [
        ['no-such-file.nnm', 'cannot read no-such-file.nnm: no such file (ENOENT)'],
        ['examples', "examples is a directory: give model files, or a pattern such as 'examples/*.nnm'"],
      ]) {
        const r = bin([command, file, ...extra[command]]);
        assert.equal(r.status, 2, `${command} ${file}: ${r.stderr}`);
        assert.equal(r.stderr, `roofline: ${words}\n`, `${command} ${file}`);
        assert.doesNotMatch(r.stderr, /internal error/);
      }
    }
  });

  it('an empty file is an error, not a silent success', () => {
    for (const text of ['', '  \n\n']) {
      const r = cli(['analyze', temp('empty.nnm', text)]);
      assert.equal(r.status, 1);
      assert.match(r.err, /empty\.nnm: error: the file is empty: no model to analyse$/);
    }
    assert.equal(cli(['analyze', '-'], { stdin: '' }).status, 1);
  });

  // A child that runs the command and says, on exit, whether Node's streams of standard output or
  // error were ever made (a stream queues in memory what a pipe has not taken yet, and making one
  // turns its pipe non-blocking). `before`: code the child runs first.
  const probed = (args: string[], before = '') => {
    const watch = (name: string) => `{ const d = Object.getOwnPropertyDescriptor(process, '${name}'); Object.defineProperty(process, '${name}', { configurable: true, enumerable: d.enumerable, get() { made.push('${name}'); return d.get.call(this); } }); }`;
    const probe = `const made = []; ${watch('stdout')} ${watch('stderr')} process.on('exit', () => require('fs').writeSync(2, 'streams made: ' + (made.length > 0) + '\\n'));`;
    return spawn(process.execPath, ['-e', `${before} ${probe} process.argv.splice(1, 0, 'roofline'); require(${JSON.stringify(path.join(root, 'dist', 'cli.js'))})`, ...args], { cwd: root });
  };

  /** Reads a child's standard output after `pauseMs`, to its end: what it wrote, its status and standard error. */
  const readSlowly = async (child: ReturnType<typeof spawn>, pauseMs: number) => {
    child.stdout!.pause();
    await new Promise((r) => setTimeout(r, pauseMs));
    const out: Buffer[] = [];
    let err = '';
    child.stdout!.on('data', (c: Buffer) => out.push(c));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout!.resume();
    const status = await new Promise<number | null>((r) => child.on('close', r));
    return { out: Buffer.concat(out).toString('utf8'), status, err };
  };

  it('standard output is written synchronously: a slow reader gets the whole report, and nothing is queued', async () => {
    // The reader waits 300 ms before it reads: the command waits for it at the full pipe.
    const file = temp('chain.nnm', generateChainModel(3000));
    const { out, status, err } = await readSlowly(probed(['analyze', file, '--target', 'h100-sxm', '--format', 'json']), 300);
    assert.equal(status, 0, err);
    assert.equal(err, 'streams made: false\n', 'no stream, no queue');
    assert.equal((JSON.parse(out) as JsonReport).layers.length, 3001);
  });

  it('a standard output left non-blocking (its stream made first) is waited on, not queued: the whole report', async () => {
    // Making the stream turns the child's pipe non-blocking: a full pipe is then EAGAIN, waited on.
    const file = temp('chain.nnm', generateChainModel(3000));
    const { out, status, err } = await readSlowly(probed(['analyze', file, '--target', 'h100-sxm', '--format', 'json'], 'void process.stdout;'), 300);
    assert.equal(status, 0, err);
    assert.equal((JSON.parse(out) as JsonReport).layers.length, 3001);
  });

  it('a reader that stops early: the rest of the output is dropped, no message, and the status stays 0', async () => {
    const file = temp('chain.nnm', generateChainModel(3000));
    const child = probed(['analyze', file, '--target', 'h100-sxm', '--format', 'json']);
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    // The reader takes the first chunk and closes its end, as `head -c` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((r) => child.on('close', r));
    assert.equal(status, 0, err);
    assert.equal(err, 'streams made: false\n');
  });

  it('writeAllSync writes every byte, and says a failure', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-stdio-'));
    const file = path.join(dir, 'out.bin');
    const fd = fs.openSync(file, 'w');
    const data = Buffer.from('é€😀'.repeat(100_000));
    try {
      writeAllSync(fd, data);
    } finally {
      fs.closeSync(fd);
    }
    assert.ok(fs.readFileSync(file).equals(data));
    const readOnly = fs.openSync(file, 'r');
    try {
      assert.throws(() => writeAllSync(readOnly, data), (e: NodeJS.ErrnoException) => e.code === 'EBADF');
    } finally {
      fs.closeSync(readOnly);
    }
  });

  it('a failure to write the output: none for a reader that stops early, one line and status 74 otherwise', () => {
    const error = (code: string, message: string) => Object.assign(new Error(message), { code });
    assert.deepEqual(outputFailure(undefined), {});
    assert.deepEqual(outputFailure(error('EPIPE', 'write EPIPE')), {});
    assert.deepEqual(outputFailure(error('ENOSPC', 'ENOSPC: no space left on device, write')), { status: OUTPUT_FAILED, message: 'roofline: cannot write the output: no space left on the device (ENOSPC)' });
    assert.equal(OUTPUT_FAILED, 74);
    // End to end where a full device exists (Linux): one line on standard error, status 74.
    if (!fs.existsSync('/dev/full')) return assert.notEqual(process.platform, 'linux');
    const full = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [path.join(root, 'bin', 'roofline.js'), 'analyze', 'examples/resnet50.nnm', '--format', 'json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
      assert.equal(r.status, OUTPUT_FAILED, r.stderr);
      assert.equal(r.stderr, 'roofline: cannot write the output: no space left on the device (ENOSPC)\n');
    } finally {
      fs.closeSync(full);
    }
  });

  it("report -o: a file that cannot be written is one line and status 74, never 'internal error'", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-report-'));
    const missing = path.join(dir, 'no-such-folder', 'r.html');
    const r = cli(['report', 'examples/resnet50.nnm', '-o', missing]);
    assert.equal(r.status, OUTPUT_FAILED);
    assert.equal(r.err, `roofline: cannot write ${missing}: its folder does not exist (ENOENT)`);
    const folder = cli(['report', 'examples/resnet50.nnm', '-o', dir]);
    assert.equal(folder.status, OUTPUT_FAILED);
    assert.equal(folder.err, `roofline: cannot write ${dir}: it is a directory`);
  });

  it('npm run example ends on the path of the report it writes', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const last = pkg.scripts.example.split('&&').pop()!.trim();
    const m = /^node bin\/roofline\.js (report .*) -o (\S+)$/.exec(last);
    assert.ok(m, `the example's last step writes a report: ${last}`);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-example-')), m[2]);
    const r = bin([...m[1].split(' '), '-o', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines[lines.length - 1].endsWith(` ${out}`), lines[lines.length - 1]);
    assert.ok(fs.statSync(out).size > 10_000);
  });
});
