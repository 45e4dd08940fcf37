// The optional wider corpus: when a `shared/models` folder sits beside the checkout, every model
// file of it that test/fixtures/models does not already hold is analysed here, in its own format,
// and must load without throwing, with one model or more, finite totals, and every layer either
// counted or explained by an error diagnostic. In a fresh clone the folder is absent, this suite
// registers no test, and the core tests are the same (test/helpers/models.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { analyzeDocument } from '../server/src/core/formats/analyzeDocument';
import { MemorySource } from '../server/src/core/formats/onnx/byteSource';
import { detectFormat } from '../server/src/core/formats/detect';
import { extraModels } from './helpers/models';

const extra = extraModels(['.onnx', '.prototxt', '.cfg', '.csv', '.nnm']);

if (extra.length > 0) {
  describe(`extra corpus: ${extra.length} model files beside the checkout`, () => {
    for (const { relative, file } of extra) {
      it(relative, () => {
        const bytes = new Uint8Array(fs.readFileSync(file));
        const format = detectFormat(file, Buffer.from(bytes.subarray(0, 4096)).toString('latin1'));
        const r = analyzeDocument({ format, source: new MemorySource(bytes) }, { fileName: relative });
        assert.ok(r.models.length >= 1, `${relative}: no model`);
        for (const m of r.models) {
          assert.ok(Number.isFinite(m.totals.macs) && Number.isFinite(m.totals.params), `${relative}: totals not finite`);
          if (m.layers.some((l) => !l.counted)) assert.ok(r.diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning'), `${relative}: an uncounted layer without a diagnostic`);
        }
      });
    }
  });
}
