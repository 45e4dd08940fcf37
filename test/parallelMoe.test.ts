// Expert parallelism on Mixtral-8x7B (hf config; 46,702,792,704 params, 8 experts of 3 x 4096 x
// 14336, top 2): each of 8 devices holds one expert of every layer, its share of the batch outside
// the experts, and an all-to-all before and after every mixture (dispatch and combine) sends each
// token's two copies to their experts' devices and back; hand counts of one device's params and of
// the all-to-all bytes; experts that do not divide are RL415.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../server/src/core';

const CONFIG = fs.readFileSync(path.join(__dirname, 'fixtures', 'reference', 'hf', 'mixtral-8x7b-v0.1', 'config.json'), 'utf8');
const run = (ep: number, batch = 8) => analyze({ text: CONFIG }, { fileName: 'config.json', target: 'h100-sxm', params: { seq: 1, context: 2048, batch }, parallel: { tp: 1, pp: 1, ep, dp: 1 } });

describe('parallel: expert parallelism on Mixtral-8x7B', () => {
  const one = run(1);
  const eight = run(8);

  it('one device holds one expert of each of the 32 layers: params = all - 32 x 7/8 x the experts (hand count)', () => {
    const experts = 8 * 3 * 4096 * 14336; // 1,409,286,144 a layer
    assert.equal(one.models[0].totals.params, 46_702_792_704);
    assert.equal(eight.models[0].parallel?.perDevice.params, 46_702_792_704 - 32 * (experts * 7) / 8);
    assert.equal(eight.models[0].parallel?.perDevice.params, 7_242_780_672);
  });

  it('batch 8 over 8 expert-parallel devices: one token each; dispatch and combine all-to-alls of 2 x 4096 x 2 bytes around every mixture, over NVLink', () => {
    const m = eight.models[0];
    assert.equal(m.parallel?.deviceBatch, 1);
    assert.match(m.parallel?.notes.join(' ') ?? '', /Batch 8 split over 8 replicas \(dp=1 x ep=8\): 1 sample each\./);
    const moe = m.layers.find((l) => l.name === 'model.layers.0.block_sparse_moe')!;
    assert.equal(m.layers[moe.index - 1].name, 'model.layers.0.block_sparse_moe_dispatch');
    assert.equal(m.layers[moe.index + 1].name, 'model.layers.0.block_sparse_moe_combine');
    const c = eight.costs[0].layers[moe.index - 1];
    assert.equal(c.collective?.kind, 'alltoall');
    assert.equal(c.collective?.size, 2 * 4096 * 2, "one token's two copies, fp16");
    assert.equal(c.collective?.bytes, (7 / 8) * 2 * 4096 * 2);
    assert.equal(c.bound, 'NVLink');
    assert.equal(m.layers.filter((l) => l.op === 'alltoall').length, 64);
  });

  it('a device reads the experts it holds that all the tokens touch: 8 tokens x top 2 of 8 experts touch 7.2 on average, 0.9 of its one', () => {
    const moe = (a: typeof one) => a.models[0].layers.find((l) => l.name === 'model.layers.0.block_sparse_moe')!;
    const perExpert = 3 * 4096 * 14336 * 2;
    const router = 4096 * 8 * 2;
    const touched = (n: number) => 8 * (1 - Math.pow(1 - 2 / 8, n));
    assert.ok(Math.abs(moe(one).bytes.weight - (router + touched(8) * perExpert)) < 1);
    assert.ok(Math.abs(moe(eight).bytes.weight - (router + (touched(8) / 8) * perExpert)) < 1);
  });

  it('experts that do not divide over ep=3 make RL415', () => {
    const a = run(3, 3);
    assert.ok(a.diagnostics.some((d) => d.code === 'RL415' && /8 experts do not divide over ep=3/.test(d.message)));
  });
});
