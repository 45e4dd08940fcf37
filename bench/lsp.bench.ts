// Benchmark of the language server through the real protocol: the server in-process over a pair of
// streams (debounce 0), timing a didChange notification to the publishDiagnostics of that version
// (analysis, cost models on the target and the publication), and hover, inlay-hint and code-lens
// requests, on examples/resnet50.nnm and on a generated 10,000-layer model. Figures only; each line
// also gives the median CPU time of a run, steadier than wall time on a busy machine.
// benchLspDebounce times changes with the server's default (adaptive) debounce, each sent after a
// typing pause of 100 ms (and one case back to back, a burst), in-process as above,
// and on the bundled server (dist/server.js, what the extension runs) in a child process over stdio
// (the text and the diagnostics then cross a pipe as JSON): a comment line typed in the middle of
// the model's body (every layer keeps its figures; the spans after it move), and an argument of a
// layer in the middle changed (that layer's figures change, the totals with it).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeLensRequest, ExitNotification, HoverRequest, InlayHintRequest, type Position, type Range } from 'vscode-languageserver/node';
import { LineIndex } from '../server/src/core';
import { textChange } from '../server/src/core/incremental/textChange';
import { inProcessSession, processSession, type LspSession } from '../test/helpers/lspSession';
import { generateChainModel } from './generate';
import { fmtTiming, type Timing } from './stats';

interface Measured {
  wall: Timing;
  /** Median CPU time of a run (ms), client and server together: less sensitive to a loaded machine. */
  cpu: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** A run's own figures, when it times only part of what it does. */
interface OwnTiming {
  ownWall: number;
  ownCpu: number;
}

function isOwn(v: unknown): v is OwnTiming {
  return typeof v === 'object' && v !== null && 'ownWall' in v && 'ownCpu' in v;
}

/** Times `fn`; a run that returns an OwnTiming reports that instead. */
async function timeAsync(fn: () => Promise<unknown>, runs: number, warmup = 3): Promise<Measured> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    const own = await fn();
    samples.push(isOwn(own) ? own.ownWall : performance.now() - t0);
    cpu.push(isOwn(own) ? own.ownCpu : cpuMs() - c0);
  }
  samples.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { wall: { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples[samples.length - 1], runs }, cpu: cpu[Math.floor(cpu.length / 2)] };
}

function line(label: string, m: Measured, aim?: number): string {
  return `${fmtTiming(label, m.wall, aim)}  cpu ${m.cpu.toFixed(2)} ms`;
}

function positionOf(text: string, needle: string): Position {
  return new LineIndex(text).position(text.indexOf(needle));
}

interface Case {
  label: string;
  uri: string;
  text: string;
  /** Where to hover: an operator call. */
  hoverAt: string;
  changeRuns: number;
  diagnosticsAim: number;
}

/** The text with a comment line typed before the line that holds `before` (a new comment each version). */
function commentBefore(text: string, before: string, version: number): string {
  const at = text.lastIndexOf('\n', text.indexOf(before)) + 1;
  return `${text.slice(0, at)}  # edit ${version}\n${text.slice(at)}`;
}

/** The change from `before` to `after` as one range replaced (the core's textChange: the stretch between their common start and end). */
function rangeChange(before: string, after: string): { range: Range; text: string } {
  // No change (a toggle's even version after the text as opened): an empty insertion at the end.
  const t = textChange(before, after) ?? { start: before.length, endBefore: before.length, endAfter: after.length };
  return { range: new LineIndex(before).range(t.start, t.endBefore), text: after.slice(t.start, t.endAfter) };
}

/** The text with `from` replaced by `to` on odd versions (so that every version changes it). */
function toggled(text: string, from: string, to: string, version: number): string {
  return version % 2 === 1 ? text.replace(from, to) : text;
}

async function benchCase(session: LspSession, c: Case): Promise<string[]> {
  await session.open(c.uri, c.text);
  let version = 1;
  // Each change types a comment line before the hovered call, so the analysis does the same work every time.
  const change = async () => {
    version++;
    const published = session.diagnostics(c.uri, version);
    await session.change(c.uri, version, commentBefore(c.text, c.hoverAt, version));
    await published;
  };
  const diagnostics = await timeAsync(change, c.changeRuns, 2);
  // The position in the text the server holds now (the last change typed a comment line above).
  const position = positionOf(commentBefore(c.text, c.hoverAt, version), c.hoverAt);
  const hover = await timeAsync(() => session.client.sendRequest(HoverRequest.type, { textDocument: { uri: c.uri }, position }), 200, 10);
  const range = { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } };
  const firstHints = await timeAsync(async () => {
    // A new version each run, so the hints are built from the new analysis (as after an edit).
    await change();
    const c0 = cpuMs();
    const t0 = performance.now();
    await session.client.sendRequest(InlayHintRequest.type, { textDocument: { uri: c.uri }, range });
    const own: OwnTiming = { ownWall: performance.now() - t0, ownCpu: cpuMs() - c0 };
    return own;
  }, 5, 1);
  const hints = await timeAsync(() => session.client.sendRequest(InlayHintRequest.type, { textDocument: { uri: c.uri }, range }), 100, 5);
  const lenses = await timeAsync(() => session.client.sendRequest(CodeLensRequest.type, { textDocument: { uri: c.uri } }), 50, 3);
  return [
    line(`didChange -> publishDiagnostics: ${c.label}`, diagnostics, c.diagnosticsAim),
    line(`hover (${c.hoverAt}): ${c.label}`, hover, 5),
    line(`first inlay hints after a change, 60 lines: ${c.label}`, firstHints),
    line(`inlay hints, 60 lines, again: ${c.label}`, hints),
    line(`code lenses: ${c.label}`, lenses),
  ];
}

/** The pause before each keystroke of a user typing at 10 keys a second (timed runs leave it out). */
const TYPING_PAUSE_MS = 100;

/**
 * didChange to publishDiagnostics with the server's own debounce (the default setting: adaptive,
 * none after an analysis under 10 ms or after a pause as long as the last analysis took, else as
 * long as that analysis took, at most 75 ms), as a user's edit meets it: each change is sent
 * `pauseMs` after the one before is published (TYPING_PAUSE_MS: a keystroke; 0: edits back to back,
 * a burst, which waits the debounce). `edit` gives the text of each version.
 */
async function withDebounce(where: 'in-process' | 'bundled, stdio', label: string, uri: string, text: string, edit: (version: number) => string, runs: number, aim: number | undefined, pauseMs = TYPING_PAUSE_MS): Promise<string> {
  const child = where === 'in-process' ? undefined : spawn(process.execPath, [path.join(__dirname, '..', 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const session = child ? processSession(child) : inProcessSession();
  await session.initialize({});
  try {
    await session.open(uri, text);
    // Each version's change as an editor sends it: the range it replaces and the new text (made
    // before timing: the client's work is not the server's).
    const changes: { range: Range; text: string }[] = [];
    let before = text;
    for (let v = 2; v <= runs + 3; v++) {
      const after = edit(v);
      changes[v] = rangeChange(before, after);
      before = after;
    }
    let version = 1;
    const change = async (): Promise<OwnTiming> => {
      version++;
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      const c0 = cpuMs();
      const t0 = performance.now();
      const published = session.diagnostics(uri, version);
      await session.changeRange(uri, version, changes[version].range, changes[version].text);
      await published;
      return { ownWall: performance.now() - t0, ownCpu: cpuMs() - c0 };
    };
    const m = await timeAsync(change, runs, 2);
    const title = `didChange -> publishDiagnostics, ${where}, default debounce: ${label}${pauseMs > 0 ? '' : ', back to back'}`;
    // A child's CPU time is not this process's: wall time only.
    return child ? fmtTiming(title, m.wall, aim) : line(title, m, aim);
  } finally {
    await session.shutdown();
    if (child) await session.client.sendNotification(ExitNotification.type);
    session.close();
    if (child && child.exitCode === null) child.kill();
  }
}

export async function benchLspDebounce(): Promise<string[]> {
  const resnet = fs.readFileSync(path.join(__dirname, '..', 'examples', 'resnet50.nnm'), 'utf8');
  const chain = generateChainModel(10_000);
  const resnetUri = 'file:///bench/resnet50.nnm';
  const chainUri = 'file:///bench/chain.nnm';
  // The middle of the chain: a convolution whose bias is switched on and off.
  const conv = 'l5001 = conv2d(l5000, 64, kernel=3, pad=1, bias=false)';
  if (!chain.includes(conv)) throw new Error('the generated chain has no layer l5001 as expected');
  const lines: string[] = [];
  for (const where of ['in-process', 'bundled, stdio'] as const) {
    lines.push(
      await withDebounce(where, 'resnet50.nnm, a comment typed in the body', resnetUri, resnet, (v) => commentBefore(resnet, '  s3 = ', v), 50, 10),
      await withDebounce(where, 'resnet50.nnm, a stage\'s depth changed', resnetUri, resnet, (v) => toggled(resnet, 'repeat(5, bottleneck', 'repeat(6, bottleneck', v), 50, 10),
      await withDebounce(where, '10,000 layers, a comment typed in the body', chainUri, chain, (v) => commentBefore(chain, conv, v), 15, 50),
      await withDebounce(where, '10,000 layers, a layer\'s argument changed', chainUri, chain, (v) => toggled(chain, conv, conv.replace('bias=false', 'bias=true'), v), 15, 50),
      // Edits sent as soon as the last is published: a burst, for which the server waits.
      await withDebounce(where, '10,000 layers, a comment typed in the body', chainUri, chain, (v) => commentBefore(chain, conv, v), 15, undefined, 0),
    );
  }
  return lines;
}

export async function benchLsp(): Promise<string[]> {
  const session = inProcessSession();
  await session.initialize({ debounceMs: 0 });
  const resnet = fs.readFileSync(path.join(__dirname, '..', 'examples', 'resnet50.nnm'), 'utf8');
  const big = generateChainModel(10_000);
  try {
    return [
      ...(await benchCase(session, { label: 'resnet50.nnm', uri: 'file:///bench/resnet50.nnm', text: resnet, hoverAt: 'conv2d(x, out', changeRuns: 50, diagnosticsAim: 30 })),
      ...(await benchCase(session, { label: '10,000 layers', uri: 'file:///bench/chain.nnm', text: big, hoverAt: 'conv2d(l4', changeRuns: 10, diagnosticsAim: 300 })),
    ];
  } finally {
    await session.shutdown();
    session.close();
  }
}
