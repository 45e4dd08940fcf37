// Benchmark of the GGUF reader: generated files of Llama-2 shapes (7B and 70B, Q4_K weights with a
// Q6_K output and F32 norms, a 32,000-token vocabulary with its scores and token types, as
// llama.cpp writes them), written as their header and then truncated to their full size, so that
// each is a sparse file of several gigabytes whose tensor data was never written. The analysis reads
// the header through a file descriptor (the data is never read): its wall and CPU time, the bytes
// read, and the params and weight bytes it reports. Aim: < 100 ms for a multi-GB file.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readGgufHeader } from '../server/src/core/formats/gguf/header';
import { analyzeModelFile, FileSource } from '../server/src/formats-node/fileSource';
import { GGML, llamaGguf, writeGgufHeader, type GgufWriteOptions, type LlamaShape } from '../test/helpers/ggufWriter';
import { cpuMedian, fmtTiming, time } from './stats';

const SHAPES: Record<string, LlamaShape> = {
  'llama-2-7b': { layers: 32, dim: 4096, ffn: 11008, heads: 32, kvHeads: 32, vocab: 32000, context: 4096 },
  'llama-2-70b': { layers: 80, dim: 8192, ffn: 28672, heads: 64, kvHeads: 8, vocab: 32000, context: 4096 },
};

function header(name: string, s: LlamaShape): GgufWriteOptions {
  const o = llamaGguf({ ...s, name, tokens: true, type: (t) => (t === 'output.weight' ? GGML.Q6_K : GGML.Q4_K) });
  o.kv.push(
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.scores', { type: 'array', of: 'float32', values: Array.from({ length: s.vocab }, (_, i) => ({ type: 'float32', value: -i })) }],
    ['tokenizer.ggml.token_type', { type: 'array', of: 'int32', values: Array.from({ length: s.vocab }, () => ({ type: 'int32', value: 1 })) }],
    ['general.file_type', { type: 'uint32', value: 15 }],
    ['general.quantization_version', { type: 'uint32', value: 2 }],
  );
  return o;
}

export async function benchGguf(): Promise<string[]> {
  const lines: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-gguf-bench-'));
  try {
    for (const [name, shape] of Object.entries(SHAPES)) {
      const file = path.join(dir, `${name}.Q4_K.gguf`);
      const { header: bytes, dataBytes } = writeGgufHeader(header(name, shape));
      fs.writeFileSync(file, bytes);
      fs.truncateSync(file, bytes.length + dataBytes);
      const size = fs.statSync(file).size;
      const blocks = fs.statSync(file).blocks * 512;
      lines.push(`generated ${path.basename(file)}: ${(size / 1e9).toFixed(2)} GB (sparse: ${(blocks / 1e6).toFixed(2)} MB on disk), header ${bytes.length.toLocaleString('en-US')} bytes`);
      const first = analyzeModelFile(file);
      const m = first.models[0];
      const w = m.weights;
      lines.push(`  ${m.totals.layers} layers, ${m.totals.params.toLocaleString('en-US')} params; weights as stored: ${w?.params.toLocaleString('en-US')} params, ${w?.bytes.toLocaleString('en-US')} bytes; ${first.diagnostics.length} diagnostics`);
      lines.push(`  bytes read: ${first.bytesRead.toLocaleString('en-US')} of ${size.toLocaleString('en-US')} (${((100 * first.bytesRead) / size).toFixed(4)} %)`);
      const headerOnly = () => {
        const fd = fs.openSync(file, 'r');
        try {
          readGgufHeader(new FileSource(fd));
        } finally {
          fs.closeSync(fd);
        }
      };
      lines.push(fmtTiming(`${name} GGUF (${(size / 1e9).toFixed(1)} GB): the header alone (open, read, close)`, time(headerOnly, 10, 2), 100));
      lines.push(`  CPU time (user + system), median of 10: ${cpuMedian(headerOnly, 10).toFixed(1)} ms`);
      const read = () => analyzeModelFile(file);
      lines.push(fmtTiming(`${name} GGUF (${(size / 1e9).toFixed(1)} GB): header + layers + counts`, time(read, 10, 2), 100));
      lines.push(`  CPU time (user + system), median of 10: ${cpuMedian(read, 10).toFixed(1)} ms`);
      const costed = () => analyzeModelFile(file, { target: 'h100-sxm' });
      lines.push(fmtTiming(`${name} GGUF: the same, costed on h100-sxm`, time(costed, 10, 2), 100));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
