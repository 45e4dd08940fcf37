// End to end in a second real LSP client: the bundled server (`node dist/server.js --stdio`) driven
// by headless Neovim 0.7 (Debian's) through test/e2e/nvim/lsp.lua, with its own HOME and XDG
// folders. The model files are copies in a temporary workspace: one with an error (an undefined
// name) and examples/alexnet_zhang15.nnm. The expectations come from the command line's JSON
// report of the same file (docs/cli-json.md): the error's code and line, a conv layer's exact MACs
// in the hover, and the inlay hint (`CTC 163 · compute`) at the end of each line that makes a single
// layer; the bottleneck diagnostics (RL5xx), which the report does not carry, from the rules as the
// server runs them (helpers/expected.ts). The Lua script checks the same things and exits non-zero when one fails, and this test
// asserts on what it wrote, so a failure reads the same in both places.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, exactCount, ratio3, type CliLayer, type CliReport } from './helpers/cli';
import { expectedDiagnostics, type ExpectedDiagnostic } from './helpers/expected';
import { artifactsDir, INSTALL_HINT, NVIM, ROOT, tempDir } from './helpers/paths';
import { reportTimingsAtEnd, timed } from './helpers/timing';

reportTimingsAtEnd();

const SUITE = 'neovim';
const LUA = path.join(__dirname, 'nvim', 'lsp.lua');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration?: { properties: Record<string, { default?: unknown }> } } };
const DEFAULT_TARGET = String(manifest.contributes.configuration?.properties['roofline.target']?.default ?? 'h100-sxm');

interface NvimDiagnostic {
  code: string;
  line: number;
  severity: number;
  message: string;
}

interface NvimResult {
  failures: string[];
  diagnostics: Record<string, NvimDiagnostic[]>;
  hover: string | null;
  inlayHints: { label: string; line: number; character: number }[];
  timings: Record<string, number>;
}

interface RunOutcome {
  code: number | null;
  stderr: string;
  result: NvimResult;
  ms: number;
}

/** The inlay hint the server should show at the end of a layer's line: `CTC 163 · compute`. */
function expectedHint(l: CliLayer): { line: number; label: string } {
  const ctc = ratio3(l.ctc ?? Number.NaN);
  const mark = l.bound === 'utilization' ? `util ${percent(l.utilization ?? 0)}` : l.bound === 'none' ? 'no work' : (l.bound ?? '?');
  return { line: l.range.start.line, label: `CTC ${ctc} · ${mark}` };
}

/** Layers alone on their line (so the line's one hint is theirs), with a CTC: conv1, conv2, conv3 of the example. */
function singleLayerLines(report: CliReport): CliLayer[] {
  const byLine = new Map<number, CliLayer[]>();
  for (const l of report.layers) byLine.set(l.range.start.line, [...(byLine.get(l.range.start.line) ?? []), l]);
  return [...byLine.values()].filter((ls) => ls.length === 1 && ls[0].ctc !== undefined && ls[0].op === 'conv2d').map((ls) => ls[0]);
}

function runNeovim(spec: unknown, work: string): Promise<RunOutcome> {
  const specFile = path.join(work, 'spec.json');
  const outFile = path.join(work, 'out.json');
  fs.writeFileSync(specFile, JSON.stringify(spec, null, 2));
  const home = path.join(work, 'home');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_RUNTIME_DIR: path.join(home, 'run'),
    ROOFLINE_E2E_SPEC: specFile,
    ROOFLINE_E2E_OUT: outFile,
  };
  for (const k of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR'] as const) fs.mkdirSync(env[k] as string, { recursive: true, mode: 0o700 });
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(NVIM, ['--headless', '--clean', '-c', `luafile ${LUA}`], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => (stderr += c.toString()));
    // The Lua script has its own watchdog; this one only guards against Neovim itself hanging.
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - start;
      if (!fs.existsSync(outFile)) return reject(new Error(`nvim exited ${code} without writing ${outFile}; its output:\n${stderr}`));
      resolve({ code, stderr, ms, result: JSON.parse(fs.readFileSync(outFile, 'utf8')) as NvimResult });
    });
  });
}

describe('e2e: Neovim 0.7 over stdio', function () {
  this.timeout(120_000);
  let outcome: RunOutcome;
  let broken: CliReport;
  let model: CliReport;
  let brokenWant: ExpectedDiagnostic[];
  let modelWant: ExpectedDiagnostic[];
  let hoverLayer: CliLayer;
  let hintLayers: CliLayer[];

  before(async function () {
    if (!fs.existsSync(NVIM)) throw new Error(`${NVIM} is missing: ${INSTALL_HINT}`);
    const server = path.join(ROOT, 'dist', 'server.js');
    // Always: dist/ may be older than the sources, or a production bundle of another run.
    await timed(SUITE, 'npm run build', () => runBuild());
    const work = tempDir('nvim');
    const ws = path.join(work, 'workspace');
    fs.mkdirSync(ws);
    const modelFile = path.join(ws, 'alexnet_zhang15.nnm');
    fs.copyFileSync(path.join(ROOT, 'examples', 'alexnet_zhang15.nnm'), modelFile);
    // An error: conv2 reads a name that is not defined.
    const brokenFile = path.join(ws, 'broken.nnm');
    const text = fs.readFileSync(path.join(ROOT, 'examples', 'alexnet.nnm'), 'utf8').replace('conv2d(pool1, 192', 'conv2d(pool9, 192');
    assert.ok(text.includes('pool9'), 'examples/alexnet.nnm changed: the broken copy needs its conv2 line');
    fs.writeFileSync(brokenFile, text);

    broken = analyze(brokenFile);
    assert.ok(broken.diagnostics.length > 0, 'the CLI finds no error in the broken copy');
    model = analyze(modelFile);
    // The server's default target (no settings are sent) for files that name none.
    brokenWant = expectedDiagnostics(brokenFile, DEFAULT_TARGET);
    modelWant = expectedDiagnostics(modelFile, DEFAULT_TARGET);
    hoverLayer = model.layers.find((l) => l.name === 'conv2') ?? assert.fail('no layer conv2 in alexnet_zhang15');
    hintLayers = singleLayerLines(model);
    assert.ok(hintLayers.length >= 3, `expected conv1..conv3 alone on their lines, got ${hintLayers.map((l) => l.name).join(', ')}`);

    const spec = {
      cmd: [process.execPath, server, '--stdio'],
      rootDir: ws,
      timeoutMs: 60_000,
      files: [
        { name: 'broken.nnm', path: brokenFile, expectDiagnostics: brokenWant.map((d) => ({ code: d.code, line: d.line })) },
        {
          name: 'alexnet_zhang15.nnm',
          path: modelFile,
          expectDiagnostics: modelWant.map((d) => ({ code: d.code, line: d.line })),
          // On the callee (`conv2d`), one character in.
          hover: { line: hoverLayer.range.start.line, character: hoverLayer.range.start.character + 1, contains: [`MACs: ${exactCount(hoverLayer.macs)}`] },
          inlayHints: { expect: hintLayers.map(expectedHint) },
        },
      ],
    };
    outcome = await timed(SUITE, 'nvim run (start, 2 files, hover, hints)', () => runNeovim(spec, work));
    fs.mkdirSync(artifactsDir(), { recursive: true });
    fs.writeFileSync(path.join(artifactsDir(), 'neovim-result.json'), JSON.stringify(outcome.result, null, 2));
    console.log(`      nvim ran ${Math.round(outcome.ms)} ms (exit ${outcome.code}); its timings (ms since start): ${JSON.stringify(outcome.result.timings)}`);
  });

  it('publishes the error of the broken model (code and line, as the CLI)', () => {
    const seen = outcome.result.diagnostics['broken.nnm'] ?? [];
    for (const d of broken.diagnostics) {
      assert.ok(
        seen.some((s) => s.code === d.code && s.line === d.range.start.line),
        `expected ${d.code} on line ${d.range.start.line + 1} ("${d.message}"), Neovim got ${JSON.stringify(seen)}`,
      );
    }
    assert.deepEqual(seen.map((s) => `${s.code}@${s.line + 1}`).sort(), brokenWant.map((d) => `${d.code}@${d.line + 1}`).sort());
  });

  it("publishes alexnet_zhang15.nnm's diagnostics: the CLI's and the bottleneck rules'", () => {
    const seen = outcome.result.diagnostics['alexnet_zhang15.nnm'];
    assert.ok(seen, 'no diagnostics were published for alexnet_zhang15.nnm');
    assert.deepEqual(seen.map((s) => `${s.code}@${s.line + 1}`).sort(), modelWant.map((d) => `${d.code}@${d.line + 1}`).sort());
  });

  it("hovers conv2 with its exact MACs", () => {
    assert.ok(outcome.result.hover, `no hover on conv2 (${outcome.result.failures.join('; ')})`);
    assert.ok(outcome.result.hover.includes(`MACs: ${exactCount(hoverLayer.macs)}`), `the hover lacks "MACs: ${exactCount(hoverLayer.macs)}":\n${outcome.result.hover}`);
  });

  it('answers textDocument/inlayHint with `CTC … · bound` at the end of each single-layer conv line', () => {
    const hints = outcome.result.inlayHints;
    for (const l of hintLayers) {
      const want = expectedHint(l);
      const onLine = hints.filter((h) => h.line === want.line);
      assert.ok(
        onLine.some((h) => h.label.trim() === want.label),
        `no inlay hint "${want.label}" for ${l.name} on line ${want.line + 1}; hints on that line: ${JSON.stringify(onLine)} (${hints.length} hints in all)`,
      );
    }
  });

  it('the Lua script saw no failure and exited 0', () => {
    assert.deepEqual(outcome.result.failures, []);
    assert.equal(outcome.code, 0, `nvim exited ${outcome.code}:\n${outcome.stderr}`);
  });
});

/** A fraction as the cards write it: 0.3125 -> '31.3%', 0.985 -> '98.5%', 1 -> '100%'. */
function percent(f: number): string {
  const p = f * 100;
  if (p >= 10 || p === 0) return `${p.toFixed(p >= 99.95 || Number.isInteger(p) ? 0 : 1)}%`;
  return `${p.toPrecision(2)}%`;
}

function runBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited ${code}`))));
  });
}
