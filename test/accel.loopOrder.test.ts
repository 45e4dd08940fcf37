// Loop order, the third of unroll, tile and interchange: `@tile(..., order=output|weight|input)`, the
// orders' traffic formulas (cost/traffic.ts), the tile search over orders x tiles (equal to brute
// force), and what the search picks on zcu102-int8.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import { analyzeRoofline } from '../server/src/core/roofline';
import { bruteForceTiles, searchTiles } from '../server/src/core/cost/tileSearch';
import { nestOf, type Nest } from '../server/src/core/cost/nest';
import { tileWords } from '../server/src/core/cost/traffic';
import { bytesOf } from '../server/src/core/precision';
import { jsonReport } from '../server/src/core/report/jsonReport';
import { prng, randomSpec } from './helpers/randomTiles';

const example = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'examples', name), 'utf8');

describe('accelerators: loop orders', () => {
  it('each order moves the words of its formula', () => {
    // M = 8, N = 6, R = C = 4, K = 3, S = 1; tile 4, 3, 2, 2: a = 2, b = 2, p = 4.
    const nest: Nest = { m: 8, n: 6, r: 4, c: 4, kh: 3, kw: 3, s: 1, repeat: 1 };
    const bIn = 3 * 4 * 4; // Tn (Tr + 2)(Tc + 2)
    const bW = 4 * 3 * 9;
    const bOut = 4 * 2 * 2;
    assert.equal(tileWords(nest, 4, 3, 2, 2, false, undefined, 'output'), 16 * (bIn + bW) + 8 * bOut);
    assert.equal(tileWords(nest, 4, 3, 2, 2, false, undefined, 'weight'), 4 * bW + 16 * bIn + 8 * 3 * bOut);
    assert.equal(tileWords(nest, 4, 3, 2, 2, false, undefined, 'input'), 8 * bIn + 16 * bW + 8 * 3 * bOut);
  });

  it('the search over orders x tiles equals brute force on 300 random layers', () => {
    const rnd = prng(20251204);
    const picked = { output: 0, weight: 0, input: 0 };
    for (let i = 0; i < 300; i++) {
      const spec = { ...randomSpec(rnd), orders: ['output', 'weight', 'input'] as const };
      const a = bruteForceTiles(spec);
      const b = searchTiles(spec);
      assert.deepEqual(b.best, a.best, `layer ${i}: ${JSON.stringify(spec)}`);
      assert.equal(b.fits, a.fits);
      assert.equal(b.exact, true);
      picked[a.best.order]++;
    }
    // Every order wins somewhere, so the equality covers all three.
    assert.ok(picked.output > 0 && picked.weight > 0 && picked.input > 0, JSON.stringify(picked));
  });

  it('on zcu102-int8 the search picks orders other than output-stationary, with less traffic', () => {
    for (const file of ['resnet50.nnm', 'vgg16.nnm']) {
      const a = analyzeRoofline(example(file), { target: 'zcu102-int8' });
      const layers = a.costs[0].layers.filter((l) => l.tile?.source === 'search' && l.tile.order !== 'output');
      assert.ok(layers.length > 0, file);
      const model = a.models[0];
      let less = 0;
      for (const l of layers) {
        // The same layer with the search held to the output-stationary order moves more bytes.
        const nest = nestOf(model.layers[l.index].dims!)!;
        const u = a.chosen!.target.unroll!;
        const spec = { nest, bytes: bytesOf(l.precision!), ops: l.ops!, computeRoof: l.computeRoof!, bandwidth: 19.2e9, capacity: a.chosen!.target.buffer!.value, fused: !!model.layers[l.index].fuse, pins: { m: u.m, n: u.n } };
        const outputOnly = searchTiles({ ...spec, orders: ['output'] });
        const all = searchTiles({ ...spec, orders: ['output', 'weight', 'input'] });
        assert.equal(all.best.order, l.tile!.order, l.name);
        // Never more traffic; equal traffic only when it wins on the smaller buffer (a 1 x 1 conv).
        assert.ok(all.best.traffic <= outputOnly.best.traffic, `${file} ${l.name}: ${all.best.traffic} vs ${outputOnly.best.traffic}`);
        if (all.best.traffic < outputOnly.best.traffic) less++;
        else assert.ok(all.best.bufferWords < outputOnly.best.bufferWords);
      }
      assert.ok(less > 0, `${file}: a layer with less traffic in another order`);
    }
  });

  it('@tile(..., order=...) pins the order; the hover words and JSON name it', () => {
    const text = 'use target zcu102-int8\nmodel m {\n  input x: [1, 64, 28, 28]\n  y = conv2d(x, 64, kernel=3, pad=1) @tile(m=64, n=64, r=14, c=28, order=weight)\n  z = conv2d(y, 64, kernel=3, pad=1) @tile(m=64, n=64, r=14, c=28, order=output)\n}';
    const a = analyzeRoofline(text);
    assert.deepEqual(a.diagnostics, []);
    const [y, z] = a.costs[0].layers;
    assert.equal(y.tile!.order, 'weight');
    assert.equal(z.tile!.order, 'output');
    // Same tile, one input-map tile (b = 1): weight-stationary loads the weights once, not per trip.
    assert.ok(y.traffic!.used < z.traffic!.used);
    assert.match(y.tile!.loopOrder!, /weight tile stays on chip/);
    const json = jsonReport(a, 'm.nnm', a.models[0], { chosen: a.chosen!, cost: a.costs[0] });
    assert.equal(json.layers[0].tile!.order, 'weight');
    const bad = analyzeRoofline('use target zcu102-int8\nmodel m {\n  input x: [1, 64, 28, 28]\n  y = conv2d(x, 64, kernel=3, pad=1) @tile(m=64, order=rows)\n}');
    assert.deepEqual(bad.diagnostics.map((d) => [d.code, bad.text.slice(d.span.start, d.span.end)]), [['RL206', 'rows']]);
  });
});
