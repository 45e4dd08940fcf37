// SCALE-Sim's own .cfg files as targets (hardware/scaleSimConfig.ts, hardware/targetFile.ts):
// recognised by content wherever a target is taken (CLI --target, the roofline.target setting), a
// Darknet .cfg staying a model; the hover and the panel name the file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { targetFromFileText } from '../server/src/core/hardware/targetFile';
import { findTarget } from '../server/src/core/hardware/catalog';
import { analyzeDocumentRoofline } from '../server/src/core/roofline';
import { resolveTargetSetting } from '../server/src/lsp/targetSetting';
import { layerCostSection } from '../server/src/ide/costCards';
import { panelData } from '../server/src/report/panelData';
import { run } from '../server/src/cli/run';
import { readModel } from './helpers/models';

const DIR = path.join(__dirname, 'fixtures', 'reference', 'scalesim', 'user-bandwidth');
const USER_WS = fs.readFileSync(path.join(DIR, 'userB_ws', 'scale.cfg'), 'utf8');
// SCALE-Sim's own configs/scale.cfg (scalesim-project/scale-sim-v2, MIT): 32 x 32 os, CALC bandwidth.
const CALC = `[general]
run_name = scale_example_run_32x32_os

[architecture_presets]
ArrayHeight:    32
ArrayWidth:     32
IfmapSramSzkB:   64
FilterSramSzkB:  64
OfmapSramSzkB:   64
IfmapOffset:    0
FilterOffset:   10000000
OfmapOffset:    20000000
Bandwidth : 10
Dataflow : os
MemoryBanks:   1

[run_presets]
InterfaceBandwidth: CALC
`;

describe('accelerators: SCALE-Sim .cfg files as targets', () => {
  it('reads the array, the SRAMs, the bandwidth and the mode, and derives the peak', () => {
    const r = targetFromFileText(USER_WS, 'scale.cfg', findTarget);
    assert.deepEqual(r.diagnostics, []);
    const t = r.target!;
    assert.equal(t.name, 'scale.cfg');
    assert.match(t.title, /^SCALE-Sim config scale\.cfg \('userB_ws_16x16'\): 16 x 16 ws, USER bandwidth 8 words a cycle per operand$/);
    assert.deepEqual([t.systolic!.rows, t.systolic!.cols, t.systolic!.dataflow], [16, 16, 'ws']);
    assert.deepEqual([t.systolic!.sram!.ifmap, t.systolic!.sram!.filter, t.systolic!.sram!.ofmap], [8192, 8192, 4096]);
    assert.deepEqual([t.systolic!.interface!.mode, t.systolic!.interface!.words], ['user', 8]);
    assert.equal(t.peak.int8!.value, 2 * 16 * 16 * 1e9);
    assert.match(t.peak.int8!.source, /^derived: 2 x systolic 16 x 16 x clock 1 GHz/);
    assert.match(t.clock!.source, /^assumption: SCALE-Sim has no clock/);
  });

  it('CALC mode has no stalls, and gives SCALE-Sim\'s compute cycles', () => {
    const t = targetFromFileText(CALC, 'scale.cfg', findTarget).target!;
    assert.equal(t.systolic!.interface!.mode, 'calc');
    const a = analyzeDocumentRoofline({ format: 'scalesim', text: readModel('scalesim/conv_nets/alexnet.csv') }, { fileName: 'alexnet.csv', target: t });
    const conv1 = a.costs[0].layers[0];
    // os on 32 x 32: 3,025 pixels on the rows (95 folds), 96 filters (3): 285 folds of 32 + 32 + 363 - 2.
    assert.equal(conv1.cycles, 285 * 425 - 1);
    assert.equal(conv1.stallCycles, 0);
    assert.ok(a.costs[0].layers.every((l) => l.stallCycles === 0));
  });

  it('a Darknet .cfg stays a model: as a target it is an RL407 that says so', () => {
    const darknet = readModel('darknet/pjreddie/alexnet.cfg');
    const r = targetFromFileText(darknet, 'alexnet.cfg', findTarget);
    assert.equal(r.target, undefined);
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['RL407']);
    assert.match(r.diagnostics[0].message, /is a Darknet model/);
  });

  it('a broken config is a located RL407 per field', () => {
    const text = USER_WS.replace('Dataflow : ws', 'Dataflow : rs').replace('ArrayWidth:     16', 'ArrayWidth:     0');
    const r = targetFromFileText(text, 'scale.cfg', findTarget);
    assert.equal(r.target, undefined);
    assert.deepEqual(r.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]), [['RL407', '0'], ['RL407', 'rs']]);
  });

  it('works as the roofline.target setting and as --target; the hover and the panel name it', () => {
    const file = path.join(DIR, 'userB_ws', 'scale.cfg');
    const t = resolveTargetSetting(file, [], () => assert.fail('no error expected'));
    assert.ok(typeof t !== 'string');
    assert.equal(t.file, 'scale.cfg');
    const a = analyzeDocumentRoofline({ format: 'scalesim', text: fs.readFileSync(path.join(DIR, 'topology.csv'), 'utf8') }, { fileName: 'topology.csv', fallbackTarget: t });
    const model = a.models[0];
    const md = layerCostSection(a, { model, layer: model.layers[0] });
    assert.ok(md.startsWith(`| **Roofline** | \`scale.cfg\` (${t.title})`), md.slice(0, 200));
    const d = panelData(a, { uri: 'file:///topology.csv', fileName: 'topology.csv' })!;
    assert.equal(d.target.title, t.title);
    let out = '';
    const status = run(['analyze', path.join(DIR, 'topology.csv'), '--target', file], { out: (l) => (out += l + '\n'), err: () => undefined, write: (c) => (out += c) });
    assert.equal(status, 0);
    assert.match(out, /on scale\.cfg \(SCALE-Sim config scale\.cfg/);
  });
});
