// examples/alexnet_zhang15.nnm reproduces Zhang et al.'s design (FPGA 2015): the tile <Tm, Tn, Tr, Tc>
// = <64, 7, 13, 13> pinned in the file gives the paper's computation-to-communication ratios (29.3,
// 30.1, 57.1, 55.7, 55.7 FLOP per byte for the five convs) and the engine's cycles per layer, and the
// search's better tile stays a quick-fix suggestion. Fusion policy 'none' for the paper's figures:
// it costs each conv alone (under the default 'epilogue' a conv's CTC counts its fused ReLU's ops).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { run } from '../server/src/cli/run';
import { analyzeRoofline } from '../server/src/core/roofline';
import { createFixContext } from '../server/src/core/fixes/context';
import { planTile } from '../server/src/core/fixes/tilePlan';
import type { JsonReport } from '../server/src/core/report/jsonReport';

const FILE = path.join(__dirname, '..', 'examples', 'alexnet_zhang15.nnm');
const CONVS = ['conv1', 'conv2', 'conv3', 'conv4', 'conv5'];

function cli(argv: string[]): string {
  let out = '';
  const status = run(argv, { out: (l) => (out += l + '\n'), err: () => undefined, write: (c) => (out += c) });
  assert.equal(status, 0);
  return out;
}

describe('accelerators: the FPGA example reproduces Zhang et al.', () => {
  it('roofline analyze shows the paper\'s CTC and the per-layer cycles', () => {
    const table = cli(['analyze', FILE, '--target', 'zhang15-vc707', '--fusion', 'none']);
    const expected: [string, string, string][] = [
      ['conv1', '29.3', '732,050'],
      ['conv2', '30.1', '510,300'],
      ['conv3', '57.1', '337,662'],
      ['conv4', '55.7', '255,528'],
      ['conv5', '55.7', '170,352'],
    ];
    for (const [name, ctc, cycles] of expected) {
      const line = table.split('\n').find((l) => l.startsWith(`${name} `));
      assert.ok(line, name);
      const cells = line.split(/\s{2,}/);
      assert.ok(cells.includes(ctc), `${name}: CTC ${ctc} in ${line}`);
      assert.ok(cells.includes(cycles), `${name}: ${cycles} cycles in ${line}`);
    }
    const json = JSON.parse(cli(['analyze', FILE, '--target', 'zhang15-vc707', '--format', 'json', '--fusion', 'none'])) as JsonReport;
    const convs = CONVS.map((n) => json.layers.find((l) => l.name === n)!);
    assert.deepEqual(convs.map((l) => l.ctc!.toFixed(1)), ['29.3', '30.1', '57.1', '55.7', '55.7']);
    assert.deepEqual(convs.map((l) => l.tile!.source), ['file', 'file', 'file', 'file', 'file']);
    assert.deepEqual(convs.slice(1).map((l) => l.tile!.factors), Array(4).fill({ m: 64, n: 7, r: 13, c: 13 }));
    // The computation roof of the (64, 7) engine at 100 MHz: 2 x MACs / cycles x clock.
    assert.deepEqual(convs.map((l) => l.stallCycles), [0, 0, 0, 0, 0]);
    for (const l of convs) assert.ok(Math.abs(l.attainable! - (2 * l.macs * 100e6) / l.cycles!) < 1e-3 * l.attainable!, l.name);
  });

  it("the search's tile stays a quick-fix suggestion", () => {
    const text = fs.readFileSync(FILE, 'utf8');
    const a = analyzeRoofline(text);
    const ctx = createFixContext(text, a);
    const offered = CONVS.map((name) => {
      const layer = a.models[0].layers.find((l) => l.name === name)!;
      return planTile(ctx, layer.statement)?.edit;
    }).filter((e) => e !== undefined);
    assert.ok(offered.length > 0, 'a better tile is offered for at least one conv');
    // The file keeps the paper's tiles until the user applies one.
    assert.equal((text.match(/@tile\(m=64, n=7, r=13, c=13\)/g) ?? []).length, 5);
  });
});
