// Hardware: the catalog (every figure sourced and sane, spot checks of published peaks, bandwidths
// and ridge points), unit parsing, hardware blocks read by the parser and turned into targets
// (codes and exact spans of every error), user target files (JSON with offsets, malformed text,
// the schema and its example), and the generated docs/targets.md, which must equal the catalog.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderTargetsDoc } from '../scripts/targets-doc';
import { CATALOG, findTarget, targetNames } from '../server/src/core/hardware/catalog';
import { targetFromBlock } from '../server/src/core/hardware/fromBlock';
import { HARDWARE_FIELDS, LEVEL_FIELDS, type FindBase, type TargetResult } from '../server/src/core/hardware/targetSpec';
import { TARGET_FILE_KEYS, targetFromJson } from '../server/src/core/hardware/fromJson';
import * as jsonc from 'jsonc-parser';
import { parseJsonWithOffsets, TOKEN, toPlain } from '../server/src/core/hardware/jsonWithOffsets';
import type { Sourced, Target } from '../server/src/core/hardware/types';
import { COMMON_UNITS, formatQuantity, parseQuantityText, toBase, unitsOf, type Dimension } from '../server/src/core/hardware/units';
import { PRECISIONS } from '../server/src/core/precision';
import type { HardwareDecl } from '../server/src/core/syntax/ast';
import { parse } from '../server/src/core/syntax/parser';
import { LineIndex } from '../server/src/core/text/lineIndex';

const root = path.join(__dirname, '..');

/** Every sourced figure of a target, with a label saying which it is. */
function figures(t: Target): [string, Sourced][] {
  const out: [string, Sourced][] = [];
  if (t.clock) out.push(['clock', t.clock]);
  for (const [p, s] of Object.entries(t.peak)) if (s) out.push([`peak ${p}`, s]);
  for (const l of t.memory) {
    out.push([`${l.name} bandwidth`, l.bandwidth]);
    if (l.capacity) out.push([`${l.name} capacity`, l.capacity]);
  }
  if (t.buffer) out.push(['buffer', t.buffer]);
  if (t.lanes) out.push(['lanes', t.lanes]);
  if (t.unroll) {
    out.push(['unroll m', { value: t.unroll.m, source: t.unroll.source }]);
    out.push(['unroll n', { value: t.unroll.n, source: t.unroll.source }]);
  }
  if (t.systolic) {
    out.push(['systolic rows', { value: t.systolic.rows, source: t.systolic.source }]);
    out.push(['systolic cols', { value: t.systolic.cols, source: t.systolic.source }]);
  }
  return out;
}

function target(name: string): Target {
  const t = findTarget(name);
  assert.ok(t, `catalog has ${name}`);
  return t;
}

function offChip(t: Target) {
  const l = t.memory.find((m) => m.offChip);
  assert.ok(l, `${t.name} has an off-chip level`);
  return l;
}

function close(actual: number, expected: number, rel = 1e-9, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what} ${actual} is not ${expected}`);
}

describe('hardware catalog', () => {
  it('has at least 16 targets with unique, lower-case dashed names', () => {
    assert.ok(CATALOG.length >= 16, `${CATALOG.length} targets`);
    const names = CATALOG.map((t) => t.name);
    assert.equal(new Set(names).size, names.length, 'names are unique');
    for (const n of names) assert.match(n, /^[a-z0-9]+(-[a-z0-9]+)*$/, n);
    assert.deepEqual(targetNames(), names);
  });

  it('holds the required targets', () => {
    for (const n of [
      'h100-sxm', 'h100-pcie', 'a100-sxm-40gb', 'a100-sxm-80gb', 'v100-sxm2', 'rtx-4090', 'l4', 't4',
      'jetson-orin-nano-8gb', 'jetson-agx-orin-64gb', 'tpu-v1', 'tpu-v4', 'tpu-v5e', 'edge-tpu',
      'apple-m2-gpu', 'zhang15-vc707', 'zcu102-int8', 'rpi5-cpu', 'eyeriss',
    ]) {
      assert.ok(CATALOG.some((t) => t.name === n), n);
    }
  });

  for (const t of CATALOG) {
    describe(t.name, () => {
      it('gives every figure a non-empty source and a positive finite value', () => {
        const fs_ = figures(t);
        assert.ok(fs_.length >= 2);
        for (const [what, s] of fs_) {
          assert.equal(typeof s.source, 'string', `${what} source`);
          assert.ok(s.source.trim().length >= 10, `${t.name} ${what}: source '${s.source}' is too short to name a datasheet or paper`);
          assert.ok(!/\b(TODO|TBD|FIXME|unknown)\b/i.test(s.source), `${t.name} ${what}: placeholder source`);
          assert.ok(Number.isFinite(s.value) && s.value > 0, `${t.name} ${what}: ${s.value}`);
          if (s.source.startsWith('derived')) assert.match(s.source, /^derived: \S/, `${t.name} ${what}: a derived figure gives its formula`);
        }
        assert.ok(t.title.length > 0);
      });

      it('has a peak for its default precision and exactly one off-chip level, listed first', () => {
        assert.ok(t.peak[t.defaultPrecision], `peak ${t.defaultPrecision}`);
        assert.equal(t.memory.filter((l) => l.offChip).length, 1);
        assert.equal(t.memory[0].offChip, true);
      });

      it('keeps unroll within lanes and derived peaks equal to their formula', () => {
        if (t.unroll && t.lanes) assert.ok(t.unroll.m * t.unroll.n <= t.lanes.value, 'unroll within lanes');
        const p = t.peak[t.defaultPrecision] as Sourced;
        if (t.unroll && t.clock && p.source.startsWith('derived: 2 x unroll')) close(p.value, 2 * t.unroll.m * t.unroll.n * t.clock.value, 1e-12, 'peak');
        if (!t.unroll && t.lanes && t.clock && p.source.startsWith('derived: 2 x')) close(p.value, 2 * t.lanes.value * t.clock.value, 1e-12, 'peak');
        for (const [, s] of Object.entries(t.peak)) if (s && /with sparsity \/ 2/.test(s.source)) assert.ok(s.source.startsWith('derived:'));
      });

      it('has an energy table with the off-chip level, the buffer and a source', () => {
        const e = t.energy;
        assert.ok(e, 'energy');
        assert.ok(e.source.includes('Horowitz') || e.source.length > 20);
        if (e.relative) {
          // Eyeriss: its own normalised table, every access a multiple of the MAC energy.
          assert.ok(e.relative.perAccess.DRAM > e.relative.perAccess.buffer && (e.macPj[t.defaultPrecision] ?? 0) > 0);
          assert.ok(t.notes?.some((n) => /normalised table/.test(n)));
          return;
        }
        assert.ok(e.bytePj[offChip(t).name] > 0);
        assert.ok(e.bytePj.buffer > 0);
        assert.ok((e.macPj.fp32 ?? 0) > 0);
        assert.ok(t.notes?.some((n) => /approximation/.test(n)), 'the approximation is stated in notes');
      });
    });
  }

  it('has at least one layer-pipelined FPGA entry', () => {
    assert.ok(CATALOG.some((t) => t.kind === 'fpga' && t.execution === 'pipelined'));
  });

  it('H100 SXM: 989.4 TFLOP/s fp16 dense, 3.35 TB/s, 50 MB L2, ridge about 295.3 op/B', () => {
    const t = target('h100-sxm');
    assert.equal(t.peak.fp16?.value, 989.4e12);
    assert.equal(t.peak.bf16?.value, 989.4e12);
    assert.equal(offChip(t).bandwidth.value, 3.35e12);
    assert.equal(t.buffer?.value, 50 * 2 ** 20);
    close((t.peak.fp16 as Sourced).value / offChip(t).bandwidth.value, 295.34, 1e-4, 'ridge');
  });

  it('A100 SXM 40 GB and 80 GB: 312 TFLOP/s, 1.555 and 2.039 TB/s', () => {
    assert.equal(target('a100-sxm-40gb').peak.fp16?.value, 312e12);
    assert.equal(target('a100-sxm-80gb').peak.fp16?.value, 312e12);
    assert.equal(offChip(target('a100-sxm-40gb')).bandwidth.value, 1.555e12);
    assert.equal(offChip(target('a100-sxm-80gb')).bandwidth.value, 2.039e12);
  });

  it('zhang15-vc707: 100 MHz fp32, unroll 64 x 7, 448 lanes, peak 89.6 GFLOP/s derived, 4.5 GB/s', () => {
    const t = target('zhang15-vc707');
    assert.equal(t.kind, 'fpga');
    assert.equal(t.defaultPrecision, 'fp32');
    assert.equal(t.clock?.value, 100e6);
    assert.deepEqual([t.unroll?.m, t.unroll?.n], [64, 7]);
    assert.equal(t.lanes?.value, 448);
    close((t.peak.fp32 as Sourced).value, 89.6e9, 1e-12, 'peak');
    assert.match((t.peak.fp32 as Sourced).source, /^derived: 2 x unroll 64 x 7 x 100 MHz/);
    assert.equal(offChip(t).bandwidth.value, 4.5e9);
    assert.match(offChip(t).bandwidth.source, /Zhang.*FPGA 2015/);
    assert.equal(t.buffer?.value, 2 * 2 ** 20);
    assert.equal(t.execution, 'sequential');
  });

  it('TPU v1: 92 TOP/s int8, 34 GB/s, 28 MiB on chip, 256 x 256 at 700 MHz (Jouppi et al., ISCA 2017)', () => {
    const t = target('tpu-v1');
    assert.equal(t.peak.int8?.value, 92e12);
    assert.equal(offChip(t).bandwidth.value, 34e9);
    assert.equal(t.buffer?.value, 28 * 2 ** 20);
    assert.equal(t.clock?.value, 700e6);
    assert.deepEqual([t.systolic?.rows, t.systolic?.cols, t.systolic?.dataflow], [256, 256, 'ws']);
    for (const [, s] of figures(t)) assert.match(s.source, /Jouppi et al\., .*ISCA 2017/);
    close(2 * 256 * 256 * 700e6, 92e12, 0.005, 'the paper rounds 91.75 to 92');
  });

  it('Edge TPU 4 TOP/s int8; Eyeriss 12 x 14, 200 MHz, 108 KB, int16, relative energies 1/2/6/200', () => {
    assert.equal(target('edge-tpu').peak.int8?.value, 4e12);
    const e = target('eyeriss');
    assert.equal(e.defaultPrecision, 'int16');
    assert.deepEqual([e.systolic?.rows, e.systolic?.cols, e.systolic?.native], [12, 14, 'row-stationary']);
    assert.equal(e.clock?.value, 200e6);
    assert.equal(e.lanes?.value, 168);
    assert.equal(e.buffer?.value, 108 * 1024);
    close((e.peak.int16 as Sourced).value, 67.2e9, 1e-12, 'peak');
    assert.deepEqual(e.energy?.relative?.perAccess, { MAC: 1, RF: 1, array: 2, buffer: 6, DRAM: 200 });
  });

  it('Raspberry Pi 5: 2.4 GHz, LPDDR4X-4267 on 32 bits = 17.068 GB/s, NEON fp32 153.6 GFLOP/s', () => {
    const t = target('rpi5-cpu');
    assert.equal(t.clock?.value, 2.4e9);
    close(offChip(t).bandwidth.value, 17.068e9, 1e-12, 'bandwidth');
    close((t.peak.fp32 as Sourced).value, 153.6e9, 1e-12, 'peak');
  });

  it('ZCU102 int8 engine: 2,520 DSPs x 2 lanes, derived peak, 19.2 GB/s', () => {
    const t = target('zcu102-int8');
    assert.equal(t.lanes?.value, 5040);
    assert.equal(offChip(t).bandwidth.value, 19.2e9);
    assert.match(t.clock?.source ?? '', /assumption/);
    close((t.peak.int8 as Sourced).value, 2 * 64 * 64 * 300e6, 1e-12, 'peak');
  });

  it('finds targets ignoring case, by aliases, and with underscores for dashes', () => {
    assert.equal(findTarget('H100-SXM')?.name, 'h100-sxm');
    assert.equal(findTarget('h100_sxm')?.name, 'h100-sxm');
    assert.equal(findTarget('h100')?.name, 'h100-sxm');
    assert.equal(findTarget('vc707')?.name, 'zhang15-vc707');
    assert.equal(findTarget('zhang15_vc707')?.name, 'zhang15-vc707');
    assert.equal(findTarget('TPU_V1')?.name, 'tpu-v1');
    assert.equal(findTarget('a100')?.name, 'a100-sxm-80gb');
    assert.equal(findTarget('rpi5')?.name, 'rpi5-cpu');
    assert.equal(findTarget('no-such-chip'), undefined);
    assert.equal(findTarget(''), undefined);
    assert.equal(findTarget(undefined as unknown as string), undefined, 'never throws on a non-string');
  });
});

describe('hardware units', () => {
  const rows: [number, string, Dimension, number][] = [
    [100, 'MHz', 'frequency', 100e6],
    [1.41, 'GHz', 'frequency', 1.41e9],
    [32, 'kHz', 'frequency', 32e3],
    [50, 'Hz', 'frequency', 50],
    [4.5, 'GB/s', 'bandwidth', 4.5e9],
    [3.35, 'TB/s', 'bandwidth', 3.35e12],
    [100, 'MB/s', 'bandwidth', 100e6],
    [2, 'KB/s', 'bandwidth', 2e3],
    [1, 'B/s', 'bandwidth', 1],
    [1, 'GiB/s', 'bandwidth', 2 ** 30],
    [8, 'Gb/s', 'bandwidth', 1e9],
    [2, 'MiB', 'size', 2 * 2 ** 20],
    [108, 'KiB', 'size', 108 * 1024],
    [1, 'GiB', 'size', 2 ** 30],
    [50, 'MB', 'size', 50e6],
    [1, 'KB', 'size', 1e3],
    [1, 'kB', 'size', 1e3],
    [1, 'TB', 'size', 1e12],
    [7, 'B', 'size', 7],
    [37080, 'Kb', 'size', 37080e3 / 8],
    [32, 'Mb', 'size', 32e6 / 8],
    [89.6, 'GFLOP/s', 'throughput', 89.6e9],
    [989.4, 'TFLOP/s', 'throughput', 989.4e12],
    [1, 'PFLOP/s', 'throughput', 1e15],
    [1, 'FLOP/s', 'throughput', 1],
    [92, 'TOP/s', 'throughput', 92e12],
    [4, 'TOPS', 'throughput', 4e12],
    [5, 'GOP/s', 'throughput', 5e9],
    [1, 'POP/s', 'throughput', 1e15],
    [3, 'OP/s', 'throughput', 3],
    [92, 'Top/s', 'throughput', 92e12],
    [92, 'Tops', 'throughput', 92e12],
    [5, 'Gop/s', 'throughput', 5e9],
    [0.2, 'pJ', 'energy', 0.2],
    [1.3, 'nJ', 'energy', 1300],
  ];
  for (const [value, unit, dim, expected] of rows) {
    it(`${value} ${unit} is ${expected} (${dim})`, () => {
      const r = toBase(value, unit, dim);
      assert.ok(r.ok, JSON.stringify(r));
      close(r.value, expected, 1e-12, unit);
    });
  }

  it('says what is wrong: a missing unit, an unknown unit, a unit of another dimension', () => {
    assert.deepEqual(toBase(100, undefined, 'frequency'), { ok: false, reason: 'missing-unit', expected: COMMON_UNITS.frequency });
    const unknown = toBase(100, 'Mhz', 'frequency');
    assert.equal(unknown.ok, false);
    assert.equal(!unknown.ok && unknown.reason, 'unknown-unit');
    const wrong = toBase(4.5, 'GB/s', 'frequency');
    assert.equal(!wrong.ok && wrong.reason, 'wrong-dimension');
    assert.equal(!wrong.ok && wrong.found, 'bandwidth');
    assert.equal(toBase(1, 'MB', 'bandwidth').ok, false, 'a size is not a bandwidth');
  });

  it('reads quantity text with offsets', () => {
    assert.deepEqual(parseQuantityText('4.5 GB/s'), { value: 4.5, numberStart: 0, numberEnd: 3, unit: { text: 'GB/s', start: 4, end: 8 } });
    assert.deepEqual(parseQuantityText(' 100MHz'), { value: 100, numberStart: 1, numberEnd: 4, unit: { text: 'MHz', start: 4, end: 7 } });
    assert.deepEqual(parseQuantityText('448'), { value: 448, numberStart: 0, numberEnd: 3 });
    assert.equal(parseQuantityText('1e3 Hz')?.value, 1000);
    assert.equal(parseQuantityText('-2 MiB')?.value, -2);
    for (const bad of ['', 'fast', 'MHz 100', '1.2.3 GB', '4.5 GB/s extra']) assert.equal(parseQuantityText(bad), undefined, bad);
  });

  it('prints base values with readable units', () => {
    assert.equal(formatQuantity(2 * 2 ** 20, 'size'), '2 MiB');
    assert.equal(formatQuantity(50e6, 'size'), '50 MB');
    assert.equal(formatQuantity(108 * 1024, 'size'), '108 KiB');
    assert.equal(formatQuantity(3.35e12, 'bandwidth'), '3.35 TB/s');
    assert.equal(formatQuantity(989.4e12, 'throughput'), '989.4 TFLOP/s');
    assert.equal(formatQuantity(92e12, 'throughput', { integer: true }), '92 TOP/s');
    assert.equal(formatQuantity(700e6, 'frequency'), '700 MHz');
  });

  it('accepts in target files exactly the units it accepts in hardware blocks', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'target.schema.json'), 'utf8'));
    for (const dim of ['frequency', 'bandwidth', 'size', 'throughput', 'energy'] as Dimension[]) {
      const pattern = new RegExp(schema.definitions[dim].oneOf[0].pattern);
      for (const u of unitsOf(dim)) assert.ok(pattern.test(`1 ${u}`), `schema ${dim} accepts ${u}`);
      for (const other of ['frequency', 'bandwidth', 'size', 'throughput', 'energy'] as Dimension[]) {
        if (other === dim) continue;
        for (const u of unitsOf(other)) if (!unitsOf(dim).includes(u)) assert.ok(!pattern.test(`1 ${u}`), `schema ${dim} rejects ${u}`);
      }
    }
  });
});

// ---- hardware blocks ---------------------------------------------------------------------------

interface BlockCase {
  result: TargetResult;
  text: string;
  found: { code: string; text: string; start: number; end: number }[];
}

function block(text: string, findBase: FindBase = findTarget, name?: string): BlockCase {
  const parsed = parse(text);
  assert.deepEqual(parsed.diagnostics, [], 'the block parses');
  const decls = parsed.file.items.filter((i): i is HardwareDecl => i.kind === 'hardware');
  const decl = name ? decls.find((d) => d.name.text === name) : decls[0];
  assert.ok(decl, 'a hardware block');
  const result = targetFromBlock(decl, findBase);
  return { result, text, found: result.diagnostics.map((d) => ({ code: d.code, text: text.slice(d.span.start, d.span.end), start: d.span.start, end: d.span.end })) };
}

/** The span of the `nth` occurrence of `needle` in `text`, after `after` if given. */
function spanIn(text: string, needle: string, after = ''): { start: number; end: number } {
  const from = after ? text.indexOf(after) : 0;
  const start = text.indexOf(needle, from);
  assert.ok(start >= 0, `'${needle}' in the text`);
  return { start, end: start + needle.length };
}

const ZHANG_BLOCK = `hardware zhang15 {
  kind      = fpga              # fpga | asic | gpu | cpu | npu
  clock     = 100 MHz
  unroll    = (m: 64, n: 7)
  bandwidth = 4.5 GB/s
  buffer    = 2 MiB
  precision = fp32
  execution = sequential
}
`;

describe('hardware blocks', () => {
  it('reads the language reference example and derives the peak', () => {
    const { result, found } = block(ZHANG_BLOCK);
    assert.deepEqual(found, []);
    const t = result.target as Target;
    assert.equal(t.name, 'zhang15');
    assert.equal(t.kind, 'fpga');
    assert.equal(t.clock?.value, 100e6);
    assert.equal(offChip(t).bandwidth.value, 4.5e9);
    assert.equal(t.buffer?.value, 2 * 2 ** 20);
    assert.deepEqual([t.unroll?.m, t.unroll?.n], [64, 7]);
    close((t.peak.fp32 as Sourced).value, 89.6e9, 1e-12, 'peak');
    assert.match((t.peak.fp32 as Sourced).source, /^derived: 2 x unroll 64 x 7 x clock 100 MHz$/);
    assert.match(t.clock?.source ?? '', /model file/);
    assert.deepEqual(t.clock?.span, spanIn(ZHANG_BLOCK, '100 MHz'));
    for (const [what, s] of figures(t)) assert.ok(s.source.length > 0, what);
  });

  it('gives the line of each figure when the caller says how to find it', () => {
    const parsed = parse(ZHANG_BLOCK);
    const lines = new LineIndex(ZHANG_BLOCK);
    const r = targetFromBlock(parsed.file.items[0] as HardwareDecl, findTarget, { file: 'alexnet.nnm', lineOf: (o) => lines.position(o).line });
    assert.equal(r.target?.clock?.source, 'alexnet.nnm, line 3');
    assert.equal(offChip(r.target as Target).bandwidth.source, 'alexnet.nnm, line 5');
  });

  it('RL401: a figure without a unit, at the number', () => {
    const text = 'hardware x {\n  clock = 100\n  bandwidth = 1 GB/s\n  peak fp32 = 1 TFLOP/s\n}\n';
    const { found, result } = block(text);
    assert.deepEqual(found, [{ code: 'RL401', text: '100', ...spanIn(text, '100') }]);
    assert.ok(result.target, 'the rest still makes a target');
    assert.equal(result.target.clock, undefined);
  });

  it('RL402: a unit of another dimension (clock = 4.5 GB/s), at the unit', () => {
    const text = 'hardware x {\n  clock = 4.5 GB/s\n  bandwidth = 1 GB/s\n  peak fp32 = 1 TFLOP/s\n}\n';
    const { found, result } = block(text);
    assert.deepEqual(found, [{ code: 'RL402', text: 'GB/s', ...spanIn(text, 'GB/s') }]);
    assert.match(result.diagnostics[0].message, /unknown unit 'GB\/s' for 'clock' \(expected one of: Hz, kHz, MHz, GHz\)/);
  });

  it('RL402: an unknown unit, with a hint for a wrong case', () => {
    const text = 'hardware x {\n  clock = 100 Mhz\n  bandwidth = 1 GB/s\n  peak fp32 = 1 TFLOP/s\n}\n';
    const { found, result } = block(text);
    assert.deepEqual(found, [{ code: 'RL402', text: 'Mhz', ...spanIn(text, 'Mhz') }]);
    assert.match(result.diagnostics[0].message, /did you mean MHz/);
  });

  it('RL403: a zero bandwidth, at the figure', () => {
    const text = 'hardware x {\n  bandwidth = 0 GB/s\n  peak fp32 = 1 TFLOP/s\n}\n';
    const { found, result } = block(text);
    assert.deepEqual(found, [{ code: 'RL403', text: '0 GB/s', ...spanIn(text, '0 GB/s') }]);
    assert.equal(result.target, undefined, 'no off-chip level: no target, and no second error for it');
  });

  it('RL403: a negative buffer and a zero clock, at the figures', () => {
    const text = 'hardware x {\n  bandwidth = 1 GB/s\n  buffer = -2 MiB\n  clock = 0 MHz\n  peak fp32 = 1 TFLOP/s\n}\n';
    const { found } = block(text);
    assert.deepEqual(found, [
      { code: 'RL403', text: '-2 MiB', ...spanIn(text, '-2 MiB') },
      { code: 'RL403', text: '0 MHz', ...spanIn(text, '0 MHz') },
    ]);
  });

  it('RL404: an unknown field, at its name', () => {
    const text = 'hardware x {\n  colour = red\n  bandwidth = 1 GB/s\n  peak fp32 = 1 TFLOP/s\n}\n';
    const { found, result } = block(text);
    assert.deepEqual(found, [{ code: 'RL404', text: 'colour', ...spanIn(text, 'colour') }]);
    assert.match(result.diagnostics[0].message, /known: kind, clock, bandwidth, buffer, peak/);
    assert.ok(result.target);
  });

  it('RL405: an unknown base target, at its name', () => {
    const text = 'hardware x = nope_chip {\n  bandwidth = 1 GB/s\n}\n';
    const { found, result } = block(text);
    assert.deepEqual(found, [{ code: 'RL405', text: 'nope_chip', ...spanIn(text, 'nope_chip') }]);
    assert.equal(result.target, undefined);
  });

  it('RL406: no peak and no way to derive it; no off-chip bandwidth', () => {
    const text = 'hardware lonely {\n  bandwidth = 1 GB/s\n  clock = 1 GHz\n}\n';
    const { found } = block(text);
    assert.deepEqual(found, [{ code: 'RL406', text: 'lonely', ...spanIn(text, 'lonely') }]);
    const text2 = 'hardware nomem {\n  peak int8 = 4 TOP/s\n}\n';
    assert.deepEqual(block(text2).found, [{ code: 'RL406', text: 'nomem', ...spanIn(text2, 'nomem') }]);
  });

  it('derives the peak from lanes and clock', () => {
    const { result, found } = block('hardware e {\n  lanes = 168\n  clock = 200 MHz\n  precision = int16\n  bandwidth = 720 MB/s\n}\n');
    assert.deepEqual(found, []);
    close((result.target?.peak.int16 as Sourced).value, 67.2e9, 1e-12, 'peak');
    assert.match((result.target?.peak.int16 as Sourced).source, /^derived: 2 x 168 lanes x clock 200 MHz$/);
  });

  it('overrides a catalog entry: hardware my_gpu = h100_sxm { bandwidth = 2.0 TB/s }', () => {
    const text = 'hardware my_gpu = h100_sxm {\n  bandwidth = 2.0 TB/s\n}\n';
    const { result, found } = block(text);
    assert.deepEqual(found, []);
    const t = result.target as Target;
    assert.equal(t.name, 'my_gpu');
    assert.equal(offChip(t).name, 'HBM3');
    assert.equal(offChip(t).bandwidth.value, 2.0e12);
    assert.deepEqual(offChip(t).bandwidth.span, spanIn(text, '2.0 TB/s'));
    assert.match(offChip(t).bandwidth.source, /model file/);
    assert.equal(offChip(t).capacity?.value, 80e9, 'the rest of the level stays');
    assert.equal(t.peak.fp16?.value, 989.4e12);
    assert.match(t.peak.fp16?.source ?? '', /H100 Tensor Core GPU Architecture whitepaper/);
    close((t.peak.fp16 as Sourced).value / offChip(t).bandwidth.value, 494.7, 1e-9, 'ridge');
    assert.ok(t.notes?.some((n) => n.includes("'h100-sxm'") && n.includes('bandwidth')));
    assert.equal(findTarget('h100-sxm')?.memory[0].bandwidth.value, 3.35e12, 'the catalog entry is not changed');
  });

  it('finds an underscored base even with a strict lookup that knows only dashes', () => {
    const strict: FindBase = (n) => CATALOG.find((t) => t.name === n);
    const { result, found } = block('hardware g = h100_sxm {\n  peak fp16 = 700 TFLOP/s\n}\n', strict);
    assert.deepEqual(found, []);
    assert.equal(result.target?.peak.fp16?.value, 700e12);
  });

  it('re-derives a derived peak when the engine changes', () => {
    const { result, found } = block('hardware fast = zhang15_vc707 {\n  clock = 200 MHz\n}\n');
    assert.deepEqual(found, []);
    close((result.target?.peak.fp32 as Sourced).value, 179.2e9, 1e-12, 'peak');
  });

  it('reads level sub-blocks; a new level needs a bandwidth', () => {
    const text = 'hardware l {\n  bandwidth = 1 GB/s\n  peak int8 = 1 TOP/s\n  level L2 {\n    bandwidth = 10 TB/s\n    capacity = 50 MB\n  }\n  level SRAM {\n    capacity = 1 MB\n  }\n}\n';
    const { result, found } = block(text);
    assert.deepEqual(found, [{ code: 'RL406', text: 'SRAM', ...spanIn(text, 'SRAM') }]);
    const l2 = result.target?.memory.find((m) => m.name === 'L2');
    assert.equal(l2?.bandwidth.value, 10e12);
    assert.equal(l2?.capacity?.value, 50e6);
    assert.equal(l2?.offChip, false);
  });

  it('RL403 for an unroll beyond the lanes; RL212 for an unknown precision of a peak', () => {
    const text = 'hardware u {\n  lanes = 100\n  unroll = (m: 64, n: 7)\n  clock = 100 MHz\n  bandwidth = 1 GB/s\n  peak fp99 = 1 TOP/s\n}\n';
    const { found } = block(text);
    assert.deepEqual(found, [
      { code: 'RL212', text: 'fp99', ...spanIn(text, 'fp99') },
      { code: 'RL403', text: 'unroll = (m: 64, n: 7)', ...spanIn(text, 'unroll = (m: 64, n: 7)') },
    ]);
  });

  it('never throws on a mangled block', () => {
    const text = `${ZHANG_BLOCK}hardware g = h100_sxm { bandwidth = 2.0 TB/s\n level L2 { bandwidth = 5 TB/s } }\n`;
    const chars = ['', '0', '-', '{', '}', '=', 'x', '(', ' ', '\n', '/'];
    for (let i = 0; i < text.length; i++) {
      for (const c of [chars[i % chars.length], '']) {
        const mangled = text.slice(0, i) + c + text.slice(i + 1);
        const parsed = parse(mangled);
        for (const item of parsed.file.items) if (item.kind === 'hardware') targetFromBlock(item, findTarget);
      }
    }
  });
});

// ---- target files ------------------------------------------------------------------------------

const EXAMPLE = fs.readFileSync(path.join(root, 'examples', 'my-fpga.target.json'), 'utf8');

function json(text: string): { result: TargetResult; found: { code: string; text: string }[] } {
  const result = targetFromJson(text);
  return { result, found: result.diagnostics.map((d) => ({ code: d.code, text: text.slice(d.span.start, d.span.end) })) };
}

describe('target files', () => {
  it('reads the example target file', () => {
    const r = targetFromJson(EXAMPLE, { file: 'my-fpga.target.json' });
    assert.deepEqual(r.diagnostics, []);
    const t = r.target as Target;
    assert.equal(t.name, 'my-fpga');
    close((t.peak.fp32 as Sourced).value, 134.4e9, 1e-12, 'peak');
    assert.match((t.peak.fp32 as Sourced).source, /^derived:/);
    assert.equal(offChip(t).bandwidth.value, 12.8e9);
    assert.match(offChip(t).bandwidth.source, /UG885/);
    assert.match(t.clock?.source ?? '', /my-fpga\.target\.json, line 7/);
    assert.equal(t.memory.find((l) => l.name === 'BRAM')?.capacity?.value, 2 * 2 ** 20);
    assert.equal(t.energy?.macPj.fp32, 4.6);
  });

  it('gives a located RL103 error for malformed JSON, and no target', () => {
    const cases: [string, string, string][] = [
      ['{"name": "x", "clock": }', 'RL103', '}'],
      ['{"name": "x",}', 'RL103', '}'],
      ['{"name" "x"}', 'RL103', '"'],
      ['{"name": "x", "clock": 1.2.3}', 'RL105', '1.2.3'],
      ['{"name": "x"', 'RL104', '{'],
      ['{"name": "x', 'RL102', '"x'],
      ['', 'RL103', ''],
      ['[1, 2]', 'RL103', '[1, 2]'],
    ];
    for (const [text, code, at] of cases) {
      const { result, found } = json(text);
      assert.equal(result.target, undefined, text);
      assert.deepEqual(found, [{ code, text: at }], text);
    }
  });

  it('locates unit errors inside the strings', () => {
    const text = '{ "name": "x", "clock": "4.5 GB/s", "bandwidth": "1 GB/s", "peak": { "fp32": "1 TFLOP/s" } }';
    const { found } = json(text);
    assert.deepEqual(found, [{ code: 'RL402', text: 'GB/s' }]);
    assert.equal(json(text).result.diagnostics[0].span.start, text.indexOf('GB/s'));
    const text2 = '{ "name": "x", "clock": "100", "bandwidth": "0 GB/s", "buffer": "-2 MiB", "peak": { "fp32": "1 TFLOP/s" } }';
    assert.deepEqual(json(text2).found, [
      { code: 'RL401', text: '100' },
      { code: 'RL403', text: '0 GB/s' },
      { code: 'RL403', text: '-2 MiB' },
    ]);
  });

  it('takes numbers in SI base units and figures with their own sources', () => {
    const text = '{ "name": "x", "clock": 1e8, "bandwidth": { "value": 4.5e9, "source": "Zhang et al., FPGA 2015" }, "lanes": 448 }';
    const { result, found } = json(text);
    assert.deepEqual(found, []);
    assert.equal(result.target?.clock?.value, 1e8);
    assert.equal(offChip(result.target as Target).bandwidth.source, 'Zhang et al., FPGA 2015');
    close((result.target?.peak.fp32 as Sourced).value, 89.6e9, 1e-12, 'peak derived from lanes');
  });

  it('reports unknown keys, unknown precisions, unknown bases and a missing name at their text', () => {
    assert.deepEqual(json('{ "name": "x", "colour": "red", "bandwidth": "1 GB/s", "peak": { "fp99": "1 TOP/s", "int8": "1 TOP/s" } }').found, [
      { code: 'RL404', text: '"colour"' },
      { code: 'RL212', text: '"fp99"' },
    ]);
    assert.deepEqual(json('{ "name": "x", "base": "nope" }').found, [{ code: 'RL405', text: '"nope"' }]);
    assert.deepEqual(json('{ "bandwidth": "1 GB/s" }').found, [{ code: 'RL406', text: '{' }]);
    assert.deepEqual(json('{ "name": "x", "levels": [{ "bandwidth": "1 TB/s" }], "bandwidth": "1 GB/s", "peak": { "int8": "1 TOP/s" } }').found, [{ code: 'RL406', text: '{' }]);
  });

  it('overrides a catalog entry from a target file', () => {
    const { result, found } = json('{ "name": "slow-h100", "base": "h100-sxm", "bandwidth": "2 TB/s" }');
    assert.deepEqual(found, []);
    assert.equal(offChip(result.target as Target).bandwidth.value, 2e12);
    assert.equal(result.target?.peak.fp16?.value, 989.4e12);
  });

  it('never throws on truncated or mangled text', () => {
    for (let i = 0; i <= EXAMPLE.length; i += 3) {
      targetFromJson(EXAMPLE.slice(0, i));
      targetFromJson(EXAMPLE.slice(0, i) + '}' + EXAMPLE.slice(i + 1));
    }
    targetFromJson('['.repeat(100000));
    targetFromJson('{"a":'.repeat(5000));
  });

  it("reads jsonc-parser's token kinds by their values (a const enum the code cannot import)", () => {
    const kinds = (jsonc as unknown as { SyntaxKind: Record<string, number> }).SyntaxKind;
    assert.deepEqual(TOKEN, { openBrace: kinds.OpenBraceToken, closeBrace: kinds.CloseBraceToken, openBracket: kinds.OpenBracketToken, closeBracket: kinds.CloseBracketToken, comma: kinds.CommaToken, numeric: kinds.NumericLiteral, eof: kinds.EOF });
  });

  it('locates every kind of JSON error as the hand-written reader did (codes, spans, messages)', () => {
    const cases: [string, string, string, string][] = [
      ['{"a": tru}', 'RL103', 'tru', "expected a value, found 'tru'"],
      ['{"a": "x\\q"}', 'RL103', '\\q', "expected a valid escape such as \\n or \\u0041, found '\\q'"],
      ['{"a": 01}', 'RL105', '01', 'invalid number 01'],
      ['{"a": 2GB}', 'RL105', '2GB', 'invalid number 2GB'],
      ['{ /* x', 'RL104', '/*', "comment '/*' is not closed"],
      ['{"a": "b\nc"}', 'RL102', '"b', 'unterminated string'],
      ['{"a": 1} x', 'RL103', 'x', "expected end of file, found 'x'"],
      ['{"a": -}', 'RL105', '-', 'invalid number -'],
      ['{"a": [1, 2,]}', 'RL103', ']', "expected a value after the comma (JSON allows no trailing comma), found ']'"],
      ['{"a": [1, 2', 'RL104', '[', "'[' is not closed"],
      ['{"a": 1 "b": 2}', 'RL103', '"', "expected ',' or '}', found a string"],
      ['[1 2]', 'RL103', '2', "expected ',' or ']', found a number"],
      ['{"a": false.}', 'RL103', '.', "expected ',' or '}', found '.'"],
      ['{"a": {"b": 1}', 'RL104', '{', "'{' is not closed"],
      ['{"a": "x\\', 'RL103', '\\', "expected a valid escape such as \\n or \\u0041, found '\\'"],
      ['['.repeat(300), 'RL103', '[', "expected at most 256 levels of nesting, found '['"],
    ];
    for (const [text, code, at, message] of cases) {
      const r = parseJsonWithOffsets(text);
      assert.equal(r.value, undefined, text);
      assert.deepEqual(r.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end), d.message]), [[code, at, message]], text);
    }
    assert.deepEqual(toPlain(parseJsonWithOffsets('\uFEFF{"a": 1} // a comment').value as never), { a: 1 }, 'a byte-order mark and comments are white space');
  });

  it('reads JSON with offsets', () => {
    const text = '{ "a": [1, "x"], // note\n "b": {"c": null} }';
    const root_ = parseJsonWithOffsets(text).value;
    assert.ok(root_ && root_.kind === 'object');
    assert.deepEqual(toPlain(root_), { a: [1, 'x'], b: { c: null } });
    assert.deepEqual(root_.members[0].keySpan, { start: 2, end: 5 });
    assert.equal(text.slice(root_.members[0].value.start, root_.members[0].value.end), '[1, "x"]');
  });
});

// ---- the schema --------------------------------------------------------------------------------

type Schema = Record<string, unknown>;

/** A minimal draft-07 check: the keywords the target schema uses, nothing more. */
function validate(schema: Schema, value: unknown, rootSchema: Schema, at = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const ref = (schema.$ref as string).replace(/^#\//, '').split('/');
    let s: unknown = rootSchema;
    for (const k of ref) s = (s as Schema)[k];
    return validate(s as Schema, value, rootSchema, at);
  }
  const errors: string[] = [];
  if (Array.isArray(schema.oneOf)) {
    const ok = (schema.oneOf as Schema[]).filter((s) => validate(s, value, rootSchema, at).length === 0).length;
    if (ok !== 1) errors.push(`${at}: matches ${ok} of oneOf`);
    return errors;
  }
  const type = schema.type;
  if (type !== undefined) {
    const types = Array.isArray(type) ? (type as string[]) : [type as string];
    const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
    const ok = types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
    if (!ok) return [`${at}: ${actual} is not ${types.join('|')}`];
  }
  if (Array.isArray(schema.enum) && !(schema.enum as unknown[]).includes(value)) errors.push(`${at}: ${String(value)} not in enum`);
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) errors.push(`${at}: '${value}' does not match`);
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) errors.push(`${at}: too short`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${at}: below minimum`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) errors.push(`${at}: not above minimum`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => errors.push(...validate(schema.items as Schema, v, rootSchema, `${at}[${i}]`)));
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const r of (schema.required as string[] | undefined) ?? []) if (!(r in obj)) errors.push(`${at}: missing required '${r}'`);
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, v] of Object.entries(obj)) {
      if (schema.propertyNames) errors.push(...validate(schema.propertyNames as Schema, k, rootSchema, `${at}.${k} (name)`));
      if (props[k]) errors.push(...validate(props[k], v, rootSchema, `${at}.${k}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: '${k}' is not allowed`);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') errors.push(...validate(schema.additionalProperties as Schema, v, rootSchema, `${at}.${k}`));
    }
  }
  return errors;
}

describe('target schema', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'target.schema.json'), 'utf8')) as Schema;

  it('is draft-07 and requires a name', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.deepEqual(schema.required, ['name']);
  });

  it('validates the example target file', () => {
    assert.deepEqual(validate(schema, JSON.parse(EXAMPLE), schema), []);
  });

  it('rejects what the reader rejects', () => {
    assert.ok(validate(schema, { title: 'no name' }, schema).length > 0);
    assert.ok(validate(schema, { name: 'x', clock: '4.5 GB/s' }, schema).length > 0);
    assert.ok(validate(schema, { name: 'x', colour: 'red' }, schema).length > 0);
    assert.ok(validate(schema, { name: 'x', peak: { fp99: '1 TOP/s' } }, schema).length > 0);
    assert.ok(validate(schema, { name: 'x', bandwidth: 0 }, schema).length > 0);
  });

  it('lists the same fields as the reader, each with a description', () => {
    const props = schema.properties as Record<string, Schema>;
    assert.deepEqual(Object.keys(props).sort(), [...TARGET_FILE_KEYS, ...HARDWARE_FIELDS].sort());
    const levelProps = ((props.levels.items as Schema).properties ?? {}) as Record<string, Schema>;
    assert.deepEqual(Object.keys(levelProps).sort(), ['name', ...LEVEL_FIELDS].sort());
    const undocumented: string[] = [];
    const walk = (s: Schema, at: string) => {
      for (const [k, p] of Object.entries((s.properties as Record<string, Schema> | undefined) ?? {})) {
        if (typeof p.description !== 'string' || p.description.length < 10) undocumented.push(`${at}.${k}`);
        walk(p, `${at}.${k}`);
        if (p.items) walk(p.items as Schema, `${at}.${k}[]`);
      }
    };
    walk(schema, '$');
    assert.deepEqual(undocumented, []);
    const precisions = ((schema.definitions as Record<string, Schema>).precisionName.enum as string[]).slice().sort();
    assert.deepEqual(precisions, [...PRECISIONS].sort());
  });
});

describe('docs/targets.md', () => {
  it('equals the output of scripts/targets-doc.ts (run it to regenerate)', () => {
    const committed = fs.readFileSync(path.join(root, 'docs', 'targets.md'), 'utf8');
    assert.equal(committed, renderTargetsDoc(), 'docs/targets.md is stale: npx tsx scripts/targets-doc.ts > docs/targets.md');
  });

  it('lists every target', () => {
    const doc = renderTargetsDoc();
    for (const t of CATALOG) assert.ok(doc.includes(`| \`${t.name}\` |`), t.name);
  });
});
