// A pool of fuzz workers: child processes (child.ts, run through tsx) with a heap limit
// (--max-old-space-size) and a per-input time limit. An input that exhausts the heap, aborts V8 or
// runs past the time limit ends its child (killed on time), is counted by kind, and the pool
// starts a fresh child for the next input. Inputs go to the children as structured clones (IPC
// with the 'advanced' serialization), so bytes cross unchanged.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { FuzzFormat } from './seeds';
import type { FuzzOutcome } from './target';

/** 'slow': finished, past 5 s of CPU time (set by the campaign, which counts it). */
export type VerdictKind = 'ok' | 'abort' | 'timeout' | 'oom' | 'problem' | 'slow';

export interface Verdict {
  kind: VerdictKind;
  /** Milliseconds of the analysis, wall clock (the time limit for a timeout). */
  ms: number;
  /** Milliseconds of CPU time of the analysis (absent when the child did not answer). */
  cpuMs?: number;
  outcome?: FuzzOutcome;
  /** What went wrong: a stack, a signal, the end of the child's standard error. */
  detail?: string;
}

export interface PoolOptions {
  jobs: number;
  /** Heap limit of each child, MB. */
  heapMb: number;
  /** Per-input time limit, ms: past it the child is killed and the input counted as a timeout. */
  timeMs: number;
}

interface Pending {
  id: number;
  resolve: (v: Verdict) => void;
  timer: ReturnType<typeof setTimeout>;
  started: number;
}

/** The problems of an outcome as a verdict: 'problem' when the numbers lie or the core reported a defect. */
function verdictOf(outcome: FuzzOutcome, ms: number, cpuMs?: number): Verdict {
  const bad = outcome.nonFinite.length + outcome.unflaggedInexact.length + outcome.internalErrors.length > 0;
  const v: Verdict = bad ? { kind: 'problem', ms, outcome, detail: JSON.stringify({ nonFinite: outcome.nonFinite, unflaggedInexact: outcome.unflaggedInexact, internalErrors: outcome.internalErrors }) } : { kind: 'ok', ms, outcome };
  if (cpuMs !== undefined) v.cpuMs = cpuMs;
  return v;
}

class Worker {
  private child!: ChildProcess;
  private ready!: Promise<void>;
  private pending: Pending | undefined;
  private stderr = '';

  constructor(private readonly options: PoolOptions) {
    this.start();
  }

  private start(): void {
    this.stderr = '';
    this.child = fork(path.join(__dirname, 'child.ts'), [], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${this.options.heapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    let markReady: () => void = () => undefined;
    this.ready = new Promise((resolve) => (markReady = resolve));
    const child = this.child;
    child.on('message', (m: { ready?: boolean; id?: number; ms?: number; cpuMs?: number; outcome?: FuzzOutcome; threw?: string }) => {
      if (m.ready) return markReady();
      const p = this.pending;
      if (!p || m.id !== p.id) return;
      this.finish(m.threw !== undefined ? { kind: 'abort', ms: m.ms ?? 0, detail: `the core threw: ${m.threw}` } : verdictOf(m.outcome as FuzzOutcome, m.ms ?? 0, m.cpuMs));
    });
    child.on('exit', (code, signal) => {
      if (child !== this.child) return;
      const p = this.pending;
      if (p) {
        const oom = /heap out of memory|Allocation failed/i.test(this.stderr);
        this.finish({ kind: oom ? 'oom' : 'abort', ms: performance.now() - p.started, detail: `the child exited (${signal ?? `status ${code}`}): ${this.stderr.slice(-1500)}` });
      }
      this.start();
    });
  }

  private finish(v: Verdict): void {
    const p = this.pending;
    if (!p) return;
    clearTimeout(p.timer);
    this.pending = undefined;
    p.resolve(v);
  }

  async run(id: number, format: FuzzFormat, bytes: Uint8Array): Promise<Verdict> {
    await this.ready;
    return new Promise<Verdict>((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        // A fresh child first (the old one's exit is then ignored), so that the next input never
        // goes to the child being killed.
        const child = this.child;
        this.start();
        child.kill('SIGKILL');
        this.finish({ kind: 'timeout', ms: this.options.timeMs, detail: `over ${this.options.timeMs} ms` });
      }, this.options.timeMs);
      this.pending = { id, resolve, timer, started };
      this.child.send({ id, format, bytes });
    });
  }

  stop(): void {
    const child = this.child;
    this.child = undefined as unknown as ChildProcess;
    child.kill();
  }
}

export class FuzzPool {
  private readonly workers: Worker[];
  private readonly idle: Worker[];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private nextId = 0;

  constructor(options: PoolOptions) {
    this.workers = Array.from({ length: Math.max(1, options.jobs) }, () => new Worker(options));
    this.idle = [...this.workers];
  }

  private acquire(): Promise<Worker> {
    const w = this.idle.pop();
    if (w) return Promise.resolve(w);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  async run(format: FuzzFormat, bytes: Uint8Array): Promise<Verdict> {
    const w = await this.acquire();
    try {
      return await w.run(this.nextId++, format, bytes);
    } finally {
      this.release(w);
    }
  }

  close(): void {
    for (const w of this.workers) w.stop();
  }
}
