// A fuzz worker: a child process (started by pool.ts with a heap limit) that runs one input at a
// time through the core (target.ts) and answers with its outcome and time. A V8 abort, an exhausted
// heap or a hang ends or stalls this process only; the pool sees it, counts it, and starts another.
import { runInput } from './target';
import type { FuzzFormat } from './seeds';

interface Job {
  id: number;
  format: FuzzFormat;
  bytes: Uint8Array;
}

process.on('message', (job: Job) => {
  // Wall time, and the CPU time of this process (what the input costs, whatever else the machine runs).
  const start = performance.now();
  const cpu = process.cpuUsage();
  const times = () => {
    const c = process.cpuUsage(cpu);
    return { ms: performance.now() - start, cpuMs: (c.user + c.system) / 1000 };
  };
  try {
    const outcome = runInput(job.format, job.bytes);
    process.send?.({ id: job.id, ...times(), outcome });
  } catch (e) {
    // The core never throws on bad input: a throw is a defect, reported as an abort.
    process.send?.({ id: job.id, ...times(), threw: e instanceof Error ? (e.stack ?? e.message).slice(0, 2000) : String(e) });
  }
});
process.send?.({ ready: true });
