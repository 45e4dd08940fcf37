// The SCALE-Sim topology importer on every file of test/fixtures/models/scalesim (conv_nets and GEMM_mnk):
// all load with no diagnostic, one layer a row; SCALE-Sim's conventions (no padding, output
// ceil((H - R + S) / S), one-byte words); the quirks (tabs, a BOM, extra columns, `,,,,` rows,
// indented rows, `#dw` comments, a missing trailing comma); and, end to end, the systolic model on
// an imported row reproduces SCALE-Sim's committed golden (AlexNet Conv1 on 32 x 32, ws: 112,283
// cycles). Then the errors, located, on a fixture: the rest of the file still loads. Fusion policy:
// any; a topology holds conv and GEMM layers only, so no policy groups any (checked below).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FUSION_POLICIES } from '../server/src/core/cost/fusion';
import { nestSystolic } from '../server/src/core/cost/systolic';
import { analyzeDocumentRoofline } from '../server/src/core/roofline';
import { nestOf } from '../server/src/core/cost/nest';
import { analyzeScaleSim } from '../server/src/core/formats/scalesim/analyzeScaleSim';
import { readRows } from '../server/src/core/formats/scalesim/csv';
import type { Layer, ModelResult } from '../server/src/core/semantics/model';
import { modelPath, readModel } from './helpers/models';

const ROOT = modelPath('scalesim');
const FIXTURES = path.join(__dirname, 'fixtures', 'formats', 'scalesim');

function read(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

function clean(file: string): { m: ModelResult; text: string } {
  const text = read(file);
  const r = analyzeScaleSim(text, { fileName: path.basename(file) });
  assert.deepEqual(r.diagnostics.map((d) => `${d.code} ${d.message}`), [], file);
  assert.equal(r.models[0].totals.complete, true, file);
  return { m: r.models[0], text };
}

function layer(m: ModelResult, name: string): Layer {
  const l = m.layers.find((x) => x.name === name);
  assert.ok(l, `no layer '${name}'`);
  return l;
}

/** Data rows of a file as SCALE-Sim reads them: every non-blank line after the first. */
function dataRows(text: string): number {
  return text.replace(/^\uFEFF/, '').split('\n').slice(1).filter((l) => l.trim() !== '' && l.replace(/[,\s]/g, '') !== '').length;
}

describe('SCALE-Sim: every topology loads', () => {
  for (const dir of ['conv_nets', 'GEMM_mnk']) {
    for (const f of fs.readdirSync(path.join(ROOT, dir)).filter((x) => x.endsWith('.csv')).sort()) {
      it(`${dir}/${f}: no diagnostic, one layer a row, each with its own input`, () => {
        const { m, text } = clean(`${dir}/${f}`);
        assert.equal(m.layers.length, dataRows(text));
        assert.equal(m.inputs.length, m.layers.length);
        for (const l of m.layers) {
          assert.deepEqual(l.producers, [], l.name);
          assert.equal(l.op, dir === 'GEMM_mnk' ? 'linear' : 'conv2d', l.name);
          assert.equal(l.precision, 'int8');
          assert.equal(text.slice(l.span.start, l.span.end).split(/[,\t]/)[0].trim(), l.name.replace(/#\d+$/, ''));
        }
      });
    }
  }
});

describe("SCALE-Sim: the conventions", () => {
  it('alexnet.csv Conv1: 224, 11 x 11, stride 4 -> ceil((224 - 11 + 4) / 4) = 55 (a floor rule gives 54); int8 bytes', () => {
    const { m } = clean('conv_nets/alexnet.csv');
    const c1 = layer(m, 'Conv1');
    assert.deepEqual(c1.inputs, [[1, 3, 224, 224]]);
    assert.deepEqual(c1.outputs, [[1, 96, 55, 55]]);
    // SCALE-Sim's num_mac = 55 x 55 x 11 x 11 x 3 x 96 = 105,415,200
    assert.equal(c1.macs, 105_415_200);
    assert.equal(c1.params, 96 * 363); // no bias
    // one-byte words: ifmap 3 x 224^2 = 150,528; filters 34,848; ofmap 96 x 55^2 = 290,400
    assert.deepEqual(c1.bytes, { input: 150_528, weight: 34_848, output: 290_400, cache: 0 });
    assert.ok(c1.notes.some((n) => n.includes('overhangs the input by 3 row(s)')));
    // Conv2: 27, 5 x 5, stride 1 -> 23 (no padding field)
    assert.deepEqual(layer(m, 'Conv2').outputs, [[1, 256, 23, 23]]);
  });

  it("end to end: the systolic model on the imported Conv1 gives SCALE-Sim's golden 112,283 cycles (32 x 32, ws)", () => {
    const { m } = clean('conv_nets/alexnet_part.csv');
    const dims = m.layers[0].dims;
    assert.ok(dims);
    const nest = nestOf(dims);
    assert.ok(nest);
    const r = nestSystolic(nest, { rows: 32, cols: 32, dataflow: 'ws' });
    assert.deepEqual([r.folds, r.cycles, r.macs], [36, 112_283, 105_415_200]);
  });

  it('GEMM rows: M x K times K x N as a linear layer (SCALE-Sim: ifmap M x K, filter K x N)', () => {
    const { m } = clean('GEMM_mnk/gpt2.csv');
    const qkt = layer(m, 'QKT');
    // QKT, M 1024, N 1024, K 64: MACs 1024 x 1024 x 64 = 67,108,864
    assert.deepEqual([qkt.inputs, qkt.outputs, qkt.macs], [[[1024, 64]], [[1024, 1024]], 67_108_864]);
    assert.deepEqual(qkt.dims, { kind: 'gemm', batch: 1, m: 1024, k: 64, n: 1024, weightRhs: true });
    // SCALE-Sim maps a GEMM row to a conv: ifmap M x K, filter 1 x K, 1 channel, N filters: on a
    // 32 x 32 os array: ceil(1024 / 32) x ceil(1024 / 32) = 1,024 folds of 32 + 32 + 64 - 2 = 126 cycles
    const r = nestSystolic(nestOf(qkt.dims!)!, { rows: 32, cols: 32, dataflow: 'os' });
    assert.deepEqual([r.folds, r.cyclesPerFold], [1024, 126]);
  });

  it('depthwise: a #dw row (or DP in the name) has one group per channel', () => {
    const { m } = clean('conv_nets/mobilnet_4k.csv');
    const dw = layer(m, 'Conv2_dw');
    // 1080 x 2048, 3 x 3, 1 channel, 1 filter: out 1078 x 2046, as SCALE-Sim simulates the row
    assert.deepEqual(dw.outputs, [[1, 1, 1078, 2046]]);
    assert.ok(dw.notes.some((n) => n.startsWith("Depthwise ('#dw')")));
    // Conv11 has no trailing comma: its stride is still read
    assert.deepEqual(layer(m, 'Conv11').outputs, [[1, 256, 270, 512]]);
    const text = 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nC_DP, 8, 8, 3, 3, 16, 2, 1,\nD, 8, 8, 3, 3, 16, 1, 1, #dw\n';
    const r = analyzeScaleSim(text);
    assert.deepEqual(r.diagnostics, []);
    // DP: 16 channels x 2 filters each = 32 maps; MACs 32 x 6 x 6 x 9 = 10,368 (SCALE-Sim: 16 layers of 2 filters)
    const [dp, d] = r.models[0].layers;
    assert.deepEqual([dp.outputs, dp.macs, d.outputs, d.macs], [[[1, 32, 6, 6]], 10_368, [[1, 16, 6, 6]], 5184]);
  });

  it('the quirks: tabs, a BOM, extra columns and a ,,,, row, indented rows', () => {
    // UNet_maestro.csv is tab-separated
    const maestro = clean('conv_nets/UNet_maestro.csv').m;
    assert.deepEqual(layer(maestro, 'Conv1_1').outputs, [[1, 64, 570, 570]]);
    // UNet_2d.csv starts with a byte-order mark
    assert.equal(clean('conv_nets/UNet_2d.csv').m.layers[0].name, 'Conv1a');
    // Resnet50.csv: extra columns (Eh, Ew, e2) ignored, the ,,,, row skipped
    const r50 = clean('conv_nets/Resnet50.csv').m;
    // Conv1: ceil((224 - 7 + 2) / 2) = ceil(109.5) = 110, as the file's own Eh, Ew, e2 columns say
    // (110, 110, 12100), where a floor rule would give 109
    assert.deepEqual(layer(r50, 'Conv1').outputs, [[1, 64, 110, 110]]);
    // mobilnet_paper.csv indents some rows with a tab
    assert.deepEqual(layer(clean('conv_nets/mobilnet_paper.csv').m, 'Conv15_4').outputs, [[1, 512, 14, 14]]);
    assert.deepEqual(readRows('a,\t b ,c,, # x\n,,,,\n\n').map((r) => [r.cells.map((c) => c.text), r.comment?.text]), [[['a', 'b', 'c'], 'x']]);
  });
});

describe('SCALE-Sim: fusion', () => {
  it('every topology has the same figures under every fusion policy: conv and GEMM rows form no group', () => {
    for (const dir of ['conv_nets', 'GEMM_mnk']) {
      for (const f of fs.readdirSync(path.join(ROOT, dir)).filter((x) => x.endsWith('.csv'))) {
        const text = read(`${dir}/${f}`);
        const runs = FUSION_POLICIES.map((fusion) => analyzeDocumentRoofline({ format: 'scalesim', text }, { target: 'tpu-v1', fusion }).costs[0]);
        for (const r of runs) assert.deepEqual(r.groups, [], `${dir}/${f} under ${r.fusion}`);
        for (const r of runs.slice(1)) assert.deepEqual(r.layers, runs[0].layers, `${dir}/${f} under ${r.fusion}`);
      }
    }
  });
});

describe('SCALE-Sim: errors, located', () => {
  it('a malformed row is one RL704 at its cell (or the row); the rest of the file loads', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'broken.csv'), 'utf8');
    const r = analyzeScaleSim(text, { fileName: 'broken.csv' });
    assert.deepEqual(r.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]), [
      ['RL704', 'x8'], // IFMAP width must be a positive whole number
      ['RL704', 'Short, 8, 8, 3,'], // too few columns: the row
      ['RL704', '5'], // filter 5 x 5 larger than the 4 x 4 IFMAP
    ]);
    const m = r.models[0];
    assert.deepEqual(m.layers.map((l) => [l.name, l.counted]), [['Conv1', true], ['Bad1', false], ['Short', false], ['Big', false], ['Conv2', true]]);
    assert.equal(m.totals.complete, false);
    // Conv1: 8, 3 x 3, stride 2: ceil((8 - 3 + 2) / 2) = 4 (floor((8 - 3) / 2) + 1 = 3); 4 x 4 x 4 x 27
    assert.deepEqual([layer(m, 'Conv1').outputs, layer(m, 'Conv1').macs], [[[1, 4, 4, 4]], 1728]);
    // Conv2 #dw: 4 channels, 4 filters each: 16 maps of 5 x 5, MACs 16 x 25 x 9 = 3,600
    assert.deepEqual([layer(m, 'Conv2').outputs, layer(m, 'Conv2').macs], [[[1, 16, 5, 5]], 3600]);
  });

  it('a first line that is no header is RL704 (SCALE-Sim skips it); --param is RL209', () => {
    const text = 'Conv1, 8, 8, 3, 3, 3, 4, 1,\nConv2, 8, 8, 3, 3, 3, 4, 1,\n';
    const r = analyzeScaleSim(text, { params: { batch: 2 } });
    assert.deepEqual(r.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]), [['RL209', ''], ['RL704', 'Conv1, 8, 8, 3, 3, 3, 4, 1,']]);
    assert.deepEqual(r.models[0].layers.map((l) => l.name), ['Conv2']);
  });

  it('no input never throws', () => {
    const t = read('conv_nets/Resnet50.csv');
    for (let cut = 0; cut < t.length; cut += 37) assert.equal(analyzeScaleSim(t.slice(0, cut)).models.length, 1);
    for (const f of ['caffe/lenet.prototxt', 'darknet/pjreddie/yolov3.cfg', 'onnx/light/light_vgg19.onnx']) {
      assert.equal(analyzeScaleSim(readModel(f, 'latin1')).models.length, 1);
    }
  });
});
