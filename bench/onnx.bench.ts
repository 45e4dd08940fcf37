// Benchmark of the ONNX importer: (1) a generated ResNet-50-structured model about a gigabyte in
// size (base width 208: ~254 M parameters as zero-filled fp32 raw_data initializers), written to
// the temp directory by streaming (never held in memory), then read through a file descriptor
// (payloads skipped by seeking), inferred, counted and costed on a target, with its wall and CPU
// time, the bytes actually read and the memory (RSS and heap) before and after; (2) the real
// light_resnet50.onnx in memory. Aims: < 300 ms and < 100 MB for the gigabyte file.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { costAnalysis } from '../server/src/core/roofline';
import { analyzeOnnx } from '../server/src/core/formats/onnx/index';
import { analyzeOnnxFile } from '../server/src/formats-node/fileSource';
import { encodeModel, writeMsg } from '../test/helpers/onnxEncode';
import { resnet50Spec } from '../test/helpers/onnxResnet';
import { cpuMedian, fmtTiming, time } from './stats';

const MB = 1e6;

/** Writes a message to a file through a 1 MiB buffer (small parts coalesced, zero runs passed on). */
function writeFile(file: string, write: (sink: (c: Uint8Array) => void) => void): void {
  const fd = fs.openSync(file, 'w');
  const buf = new Uint8Array(1 << 20);
  let used = 0;
  const flush = () => {
    if (used) fs.writeSync(fd, buf, 0, used);
    used = 0;
  };
  try {
    write((c) => {
      if (c.length > buf.length / 4) {
        flush();
        fs.writeSync(fd, c);
        return;
      }
      if (used + c.length > buf.length) flush();
      buf.set(c, used);
      used += c.length;
    });
    flush();
  } finally {
    fs.closeSync(fd);
  }
}

function mem(): { rss: number; heap: number } {
  const m = process.memoryUsage();
  return { rss: m.rss / MB, heap: m.heapUsed / MB };
}

export async function benchOnnx(): Promise<string[]> {
  const lines: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-onnx-bench-'));
  const file = path.join(dir, 'resnet50_w208.onnx');
  try {
    let t0 = performance.now();
    writeFile(file, (sink) => writeMsg(encodeModel(resnet50Spec(208)), sink));
    const size = fs.statSync(file).size;
    lines.push(`generated ${path.basename(file)}: ${(size / 1e9).toFixed(3)} GB (ResNet-50 structure, base width 208) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const before = mem();
    const peakBefore = (process.resourceUsage().maxRSS * 1024) / MB;
    t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const analysis = analyzeOnnxFile(file, { params: { N: 1 } });
    const t1 = performance.now();
    const costed = costAnalysis(analysis, { target: 'h100-sxm' });
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const after = mem();
    const peakAfter = (process.resourceUsage().maxRSS * 1024) / MB;
    const m = analysis.models[0];
    lines.push(`first run: read + infer + count ${(t1 - t0).toFixed(1)} ms, + cost on h100-sxm ${(t2 - t1).toFixed(1)} ms; CPU ${((cpu.user + cpu.system) / 1e3).toFixed(1)} ms`);
    lines.push(`  ${m.totals.layers} layers, ${m.totals.macs.toLocaleString('en-US')} MACs, ${m.totals.params.toLocaleString('en-US')} params (${((m.totals.params * 4) / 1e9).toFixed(3)} GB fp32), ${analysis.diagnostics.length} diagnostics, ${costed.costs.length} costed model`);
    lines.push(`  bytes read: ${analysis.bytesRead.toLocaleString('en-US')} of ${size.toLocaleString('en-US')} (${((100 * analysis.bytesRead) / size).toFixed(4)} %)`);
    lines.push(`  memory: RSS ${before.rss.toFixed(1)} -> ${after.rss.toFixed(1)} MB (+${(after.rss - before.rss).toFixed(1)}), heap used ${before.heap.toFixed(1)} -> ${after.heap.toFixed(1)} MB (+${(after.heap - before.heap).toFixed(1)}); peak RSS of the process ${peakBefore.toFixed(1)} -> ${peakAfter.toFixed(1)} MB`);
    const big = () => costAnalysis(analyzeOnnxFile(file), { target: 'h100-sxm' });
    lines.push(fmtTiming('1 GB ResNet-50 file: read + infer + count + cost', time(big, 10, 1), 300));
    lines.push(`  CPU time (user + system), median of 10: ${cpuMedian(big, 10).toFixed(1)} ms`);

    const light = fs.readFileSync(path.join(__dirname, '..', 'test', 'fixtures', 'models', 'onnx', 'light', 'light_resnet50.onnx'));
    const small = () => analyzeOnnx(light);
    lines.push(fmtTiming('light_resnet50.onnx (80 KB, in memory): read + infer + count', time(small, 30), 50));
    lines.push(`  CPU time (user + system), median of 30: ${cpuMedian(small, 30).toFixed(1)} ms`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
