// The hint, the problems and the code lens speak of the same kernels. A line's hint shows its
// slowest layer (ide/lineLayers.ts); when that layer is memory-bound with at least minShare of the
// time, a memory-bound problem (RL501) names it; every RL501 names a kernel, never a layer fused
// into another's (a line may hold other memory-bound kernels than its slowest, such as the stem's
// pooling after its conv); and the code lens's time and dominant bound are the totals of the same
// costed layers. On ResNet-50 (h100-sxm, zcu102-int8) and the FPGA AlexNet, under the default
// fusion policy and under none.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, DEFAULT_RULE_SETTINGS, LineIndex, type FusionPolicy, type ast as A } from '../server/src/core';
import { codeLenses } from '../server/src/lsp/codeLens';
import { formatSeconds } from '../server/src/protocol/format';
import { dominantBound, isMemoryBound } from '../server/src/ide/boundWords';
import { layerIndex } from '../server/src/ide/layerIndex';
import { dominantLayer, statementLayers } from '../server/src/ide/lineLayers';

const ROOT = path.join(__dirname, '..');

/** The statements of models and blocks that make layers. */
function statements(file: A.SourceFile): (A.BindStmt | A.OutputStmt | A.ReturnStmt)[] {
  const out: (A.BindStmt | A.OutputStmt | A.ReturnStmt)[] = [];
  for (const item of file.items) {
    if (item.kind !== 'model' && item.kind !== 'block') continue;
    for (const s of item.body) if (s.kind === 'bind' || s.kind === 'output' || s.kind === 'return') out.push(s);
  }
  return out;
}

const CASES: [string, string | undefined][] = [
  ['resnet50.nnm', 'h100-sxm'],
  ['resnet50.nnm', 'zcu102-int8'],
  ['alexnet_zhang15.nnm', undefined],
];

describe('fusion: the hints, the problems and the code lens agree', () => {
  for (const [file, target] of CASES) {
    for (const fusion of ['epilogue', 'none'] as FusionPolicy[]) {
      it(`${file} on ${target ?? "its own target"}, fusion ${fusion}`, () => {
        const text = fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8');
        const a = analyze({ text }, { fileName: file, fusion, rules: DEFAULT_RULE_SETTINGS, ...(target ? { target } : {}) });
        const index = layerIndex(a);
        const cost = a.costs[0];
        const rl501 = a.diagnostics.filter((d) => d.code === 'RL501');
        assert.ok(rl501.length > 0, 'some layer is memory-bound');
        for (const d of rl501) {
          const c = cost.layers.find((l) => l.name === d.layer);
          assert.ok(c && c.fusedInto === undefined && isMemoryBound(c.bound), `${d.layer} is a memory-bound kernel of its own`);
        }
        const named = new Set(rl501.map((d) => d.layer));
        let hinted = 0;
        for (const stmt of statements(a.file)) {
          const { instances, outer } = statementLayers(a, index, stmt, stmt.value);
          // Lines of one instance (a model's body) whose hint names a layer (not a Σ over blocks).
          if (instances.length !== 1 || !outer) continue;
          const top = dominantLayer(a, instances[0]);
          const c = top && cost.layers[top.layer.index];
          if (!c || !isMemoryBound(c.bound) || (c.share ?? 0) < DEFAULT_RULE_SETTINGS.minShare) continue;
          assert.ok(named.has(c.name), `the hint of ${c.name}'s line says memory-bound (${c.bound}); so does a problem`);
          hinted++;
        }
        assert.ok(hinted > 0, 'some line shows a memory-bound layer');
        // The code lens: the totals of these same layers.
        const lens = codeLenses({ uri: 'file:///x', version: 1, analysis: a, index: new LineIndex(text), generation: 0 })[0];
        const title = lens.command!.title;
        assert.ok(title.includes(formatSeconds(cost.totals.time)), title);
        assert.ok(title.includes(dominantBound(cost.totals)!), title);
      });
    }
  }
});
