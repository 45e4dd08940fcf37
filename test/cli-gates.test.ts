// `roofline analyze --fail-on` gates: `--min-share` (default: the editor's
// roofline.diagnostics.minShare default), layers that move no data are never memory-bound, one
// summary line before the details. Every crossing is checked against the JSON report.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_RULE_SETTINGS } from '../server/src/core/rules';
import { formatPercent } from '../server/src/protocol/format';
import type { JsonReport } from '../server/src/core/report/jsonReport';
import { cli } from './cli-run';

const RESNET = 'examples/resnet50.nnm';
const NOT_MEMORY = new Set(['compute', 'utilization', 'buffer', 'none']);

describe('cli: --fail-on gates', () => {
  const j = JSON.parse(cli(['analyze', RESNET, '--target', 'zcu102-int8', '--format', 'json']).out) as JsonReport;
  const byName = new Map(j.layers.map((l) => [l.name, l]));

  /** The layers named by the detail lines of a gate's standard error. */
  function named(err: string, rule: RegExp): string[] {
    return err
      .split('\n')
      .slice(1)
      .map((line) => rule.exec(line)?.[1])
      .filter((n): n is string => n !== undefined);
  }

  it('memory-bound --min-share 0.01 on ResNet-50: no zero-byte layer, the summary line first', () => {
    const r = cli(['analyze', RESNET, '--target', 'zcu102-int8', '--fail-on', 'memory-bound', '--min-share', '0.01']);
    assert.equal(r.status, 3);
    const lines = r.err.split('\n');
    const layers = named(r.err, /^examples\/resnet50\.nnm: fail-on: (\S+) is memory-bound \(/);
    assert.equal(layers.length, lines.length - 1, 'every line after the first names one layer');
    // What the JSON says should cross: memory-bound, moving bytes, at least 1% of the time.
    const expected = j.layers.filter((l) => l.bound !== undefined && !NOT_MEMORY.has(l.bound) && (l.traffic ?? 0) > 0 && (l.share ?? 0) >= 0.01).map((l) => l.name);
    assert.deepEqual(layers, expected);
    for (const name of layers) {
      const l = byName.get(name)!;
      assert.ok((l.traffic ?? 0) > 0, `${name} moves bytes`);
      assert.ok((l.share ?? 0) >= 0.01, `${name} has at least 1% of the time`);
    }
    const shares = layers.reduce((s, n) => s + byName.get(n)!.share!, 0);
    assert.match(lines[0], new RegExp(`^examples/resnet50\\.nnm: fail-on: ${layers.length} layers crossed \\(memory-bound ${layers.length}\\), ${formatPercent(shares)} of the time; not checked: \\d+ layers under 1% of the time \\(--min-share\\)`));
  });

  it('the flatten layer (no byte moved) is never memory-bound, even with --min-share 0', () => {
    const pool = byName.get('pool')!;
    assert.equal(pool.op, 'flatten');
    assert.equal(pool.traffic, 0);
    const r = cli(['analyze', RESNET, '--target', 'zcu102-int8', '--fail-on', 'memory-bound', '--min-share', '0']);
    assert.equal(r.status, 3);
    const layers = named(r.err, /fail-on: (\S+) is memory-bound/);
    assert.ok(!layers.includes('pool'));
    assert.equal(layers.length, j.layers.filter((l) => l.bound !== undefined && !NOT_MEMORY.has(l.bound) && (l.traffic ?? 0) > 0).length);
    for (const name of layers) assert.ok(byName.get(name)!.traffic! > 0);
  });

  it("--min-share defaults to the editor's roofline.diagnostics.minShare default, and takes 5% or 0.05", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown }> } } };
    assert.equal(pkg.contributes.configuration.properties['roofline.diagnostics.minShare'].default, DEFAULT_RULE_SETTINGS.minShare);
    const dflt = cli(['analyze', RESNET, '--target', 'zcu102-int8', '--fail-on', 'memory-bound']).err;
    assert.equal(dflt, cli(['analyze', RESNET, '--target', 'zcu102-int8', '--fail-on', 'memory-bound', '--min-share', String(DEFAULT_RULE_SETTINGS.minShare)]).err);
    const pct = cli(['analyze', RESNET, '--target', 'zcu102-int8', '--fail-on', 'memory-bound', '--min-share', '4%']);
    assert.deepEqual(named(pct.err, /fail-on: (\S+) is memory-bound/), j.layers.filter((l) => (l.traffic ?? 0) > 0 && !NOT_MEMORY.has(l.bound!) && l.share! >= 0.04).map((l) => l.name));
    assert.equal(cli(['analyze', RESNET, '--fail-on', 'memory-bound', '--min-share', '2']).status, 2);
  });

  it('a gate that passes says so in one line; utilization and buffer gates', () => {
    const pass = cli(['analyze', RESNET, '--target', 'h100-sxm', '--fail-on', 'buffer']);
    assert.equal(pass.status, 0, pass.err);
    assert.match(pass.err, /^examples\/resnet50\.nnm: fail-on: passed \(buffer/);
    const util = cli(['analyze', 'examples/alexnet_zhang15.nnm', '--fail-on', 'utilization<50%']);
    assert.equal(util.status, 3);
    assert.match(util.err.split('\n')[0], /fail-on: \d+ layers? crossed \(utilization<50%/);
    assert.match(util.err, /conv1 uses 32\.1% of the compute array \(below 50%\)/);
    const typo = cli(['analyze', RESNET, '--fail-on', 'memory-bond']);
    assert.equal(typo.status, 2);
    assert.match(typo.err, /did you mean 'memory-bound'\?/);
  });
});
