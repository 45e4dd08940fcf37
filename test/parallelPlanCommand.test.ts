// `roofline plan` and the plan options on the command line: the smallest plan that fits
// Llama-2-70B on H100s and the fastest within the budget, each with TTFT, TPOT and tokens/s equal
// to those of `analyze --phase generate` with that plan; a CNN's data-parallel throughput with its
// batch split stated; the pipeline's run time and bubble by hand; bad options.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli } from './cli-run';
import { pipelineBubble, pipelineRunTime } from '../server/src/core/parallel/summary';
import { parsePlan, planText } from '../server/src/core/parallel/plan';
import { analyze, planSearch, type AnalysisOptions } from '../server/src/core';

const CONFIG = path.join('test', 'fixtures', 'reference', 'hf', 'llama-2-70b', 'config.json');

interface PlanJson {
  model: string;
  target: string;
  capacity: number;
  smallest: string | null;
  fastest: Record<string, string | null>;
  candidates: { plan: string; devices: number; fits: boolean; ttft?: number; tpot?: number; tokensPerSecond?: number; time?: number; samplesPerSecond?: number; memory: { total: number } }[];
}

describe('roofline plan', () => {
  const r = cli(['plan', CONFIG, '--target', 'h100-sxm', '--prompt', '2048', '--new', '128', '--format', 'json']);
  const j = JSON.parse(r.out) as PlanJson;

  it('Llama-2-70B on h100-sxm: the smallest plan that fits is tp=2; the fastest within 8 devices tp=8 for prefill and decode', () => {
    assert.equal(r.status, 0, r.err);
    assert.equal(j.target, 'h100-sxm');
    assert.equal(j.capacity, 80e9);
    assert.equal(j.smallest, 'tp=2');
    assert.deepEqual(j.fastest, { prefill: 'tp=8', decode: 'tp=8' });
    const one = j.candidates.find((c) => c.plan === 'tp=1')!;
    assert.equal(one.fits, false);
    assert.ok(one.memory.total > 80e9);
    // dense model: tensor, pipeline and data parallel, powers of two, at most 8 devices
    assert.equal(j.candidates.length, 20);
    assert.ok(j.candidates.every((c) => c.devices <= 8));
  });

  it("a candidate's TTFT, TPOT and tokens/s are those of analyze --phase generate with its plan", () => {
    for (const plan of ['tp=8', 'tp=2']) {
      const c = j.candidates.find((x) => x.plan === plan)!;
      const tp = plan.split('=')[1];
      const g = cli(['analyze', CONFIG, '--target', 'h100-sxm', '--tp', tp, '--phase', 'generate', '--prompt', '2048', '--new', '128', '--format', 'json']);
      assert.equal(g.status, 0, g.err);
      const gen = (JSON.parse(g.out) as { generation: { ttft: number; tpot: number; tokensPerSecond: number } }).generation;
      assert.ok(Math.abs(c.ttft! - gen.ttft) <= 1e-12 * gen.ttft, `${plan} TTFT ${c.ttft} vs ${gen.ttft}`);
      assert.ok(Math.abs(c.tpot! - gen.tpot) <= 1e-9 * gen.tpot, `${plan} TPOT ${c.tpot} vs ${gen.tpot}`);
      assert.ok(Math.abs(c.tokensPerSecond! - gen.tokensPerSecond) <= 1e-9 * gen.tokensPerSecond);
    }
  });

  it('the table names the three picks with their memory, TTFT, TPOT and tokens/s', () => {
    const t = cli(['plan', CONFIG, '--target', 'h100-sxm', '--prompt', '2048', '--new', '128']);
    assert.equal(t.status, 0, t.err);
    assert.match(t.out, /^plans for meta-llama\/Llama-2-70b-hf on h100-sxm \(80 GB a device\), a generation of 2048 \+ 128 tokens, batch 1, up to 8 devices$/m);
    assert.match(t.out, /^smallest that fits +tp=2 +2 +69 GB \+ \S+ MB \+ \S+ MB = 69\.9 GB +yes +\S+ ms +\S+ ms +\S+ +\S+%$/m);
    assert.match(t.out, /^fastest decode \(TPOT\) +tp=8 +8 /m);
    assert.match(t.out, /^tp=1 +1 +138 GB .* no /m);
  });

  it('a CNN: data-parallel replicas split the batch (stated), samples/s grows with them; no gradient all-reduce', () => {
    const p = cli(['plan', 'examples/resnet50.nnm', '--target', 'a100-sxm-80gb', '--param', 'batch=8', '--devices', '4', '--format', 'json']);
    assert.equal(p.status, 0, p.err);
    const pj = JSON.parse(p.out) as PlanJson;
    const at = (plan: string) => pj.candidates.find((c) => c.plan === plan)!;
    assert.ok(at('dp=4').samplesPerSecond! > at('dp=2').samplesPerSecond!);
    assert.ok(at('dp=2').samplesPerSecond! > at('tp=1').samplesPerSecond!);
    assert.equal(pj.fastest.run, 'dp=4');
    const a = cli(['analyze', 'examples/resnet50.nnm', '--target', 'a100-sxm-80gb', '--param', 'batch=8', '--dp', '4']);
    assert.equal(a.status, 0, a.err);
    assert.match(a.out, /^Batch 8 split over 4 replicas: 2 samples each\.$/m);
    assert.match(a.out, /^plan dp=4 on 4 devices: per device weights /m);
    assert.doesNotMatch(a.out, /allreduce/, 'inference: no gradient all-reduce');
    const json = JSON.parse(cli(['analyze', 'examples/resnet50.nnm', '--target', 'a100-sxm-80gb', '--param', 'batch=8', '--dp', '4', '--format', 'json']).out) as { parallel: { deviceBatch: number; batch: number; devices: number } };
    assert.deepEqual([json.parallel.batch, json.parallel.deviceBatch, json.parallel.devices], [8, 2, 4]);
  });

  it("the search from the file's analysis already made (as the command line gives it) equals the one that makes its own, the file's plan set aside", () => {
    const text = `use parallel dp=2\n${fs.readFileSync(path.join(__dirname, '..', 'examples', 'resnet50.nnm'), 'utf8')}`;
    const options: AnalysisOptions = { fileName: 'resnet50.nnm', target: 'a100-sxm-80gb', params: { batch: 8 }, syntax: false };
    const analysis = analyze({ text }, options);
    assert.equal(analysis.models[0].parallel?.text, 'dp=2', "the analysis given has the file's plan applied");
    const own = planSearch({ text }, options, { budget: 4 });
    const given = planSearch({ text }, options, { budget: 4 }, analysis);
    assert.ok(!('error' in own) && own.search.candidates.length > 1);
    assert.equal(JSON.stringify(given), JSON.stringify(own));
  });

  it('bad plan options are usage errors (exit 2)', () => {
    assert.equal(cli(['analyze', CONFIG, '--tp', '0']).status, 2);
    assert.match(cli(['analyze', CONFIG, '--tp', 'eight']).err, /--tp takes a whole number, got 'eight'/);
    assert.match(cli(['plan', CONFIG, '--devices', '0']).err, /--devices takes a whole number of at least 1/);
    // Digits only, as the plan's own degrees: not a hexadecimal, an exponent or a decimal point.
    for (const v of ['0x10', '1e3', '2.0']) assert.match(cli(['plan', CONFIG, '--devices', v]).err, new RegExp(`--devices takes a whole number of at least 1, got '${v.replace('.', '\\.')}'`));
  });
});

describe('parallel: plans in words and a pipeline by hand', () => {
  it('parsePlan reads tp=8 pp=2 and says what it cannot read, where', () => {
    assert.deepEqual(parsePlan('tp=8 pp=2'), { plan: { tp: 8, pp: 2, ep: 1, dp: 1 }, problems: [] });
    assert.deepEqual(parsePlan('tp=8, micro=4').plan, { tp: 8, pp: 1, ep: 1, dp: 1, micro: 4 });
    const bad = parsePlan('tp=8 xp=2 pp=0');
    assert.deepEqual(bad.problems.map((p) => [p.start, p.end]), [[5, 7], [10, 14]]);
    assert.match(bad.problems[0].message, /unknown plan setting 'xp' \(known: tp, pp, ep, dp, micro\)/);
    assert.match(bad.problems[1].message, /pp must be a whole number of at least 1, got 0/);
    assert.equal(planText({ tp: 8, pp: 2, ep: 1, dp: 1 }), 'tp=8 pp=2');
  });

  it('m micro-batches through stages take latency + (m - 1) x the slowest; the bubble is (pp - 1) / (m + pp - 1) with equal stages', () => {
    assert.equal(pipelineRunTime([1, 1, 1, 1], 4), 7);
    assert.ok(Math.abs(pipelineBubble([1, 1, 1, 1], 4, 7) - 3 / 7) < 1e-15);
    assert.equal(pipelineRunTime([1, 3], 5), 4 + 4 * 3);
    assert.equal(pipelineRunTime([2], 3), 6, 'no pipeline: the micro-batches one after another');
  });
});
