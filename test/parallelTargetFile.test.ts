// Target files describe systems of devices: `interconnect` with the devices of a node, the nodes,
// and the links within and between nodes (per link, each way; links a device; latency a step), over
// a base's or on their own, checked like every other figure (located RL401-RL406), and valid against
// schemas/target.schema.json. Hardware blocks and target files keep their base's interconnect.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { targetFromJson } from '../server/src/core/hardware/fromJson';
import { analyze } from '../server/src/core';
import { linkRoof } from '../server/src/core/parallel/groups';

const root = path.join(__dirname, '..');
const SCHEMA = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'target.schema.json'), 'utf8')) as object;

const OWN = `{
  "name": "pcie-box",
  "kind": "gpu",
  "bandwidth": "1 TB/s",
  "peak": { "fp16": "200 TFLOP/s" },
  "memory": "48 GB",
  "interconnect": {
    "devicesPerNode": 4,
    "intraNode": { "name": "PCIe", "topology": "pcie", "bandwidth": "32 GB/s", "latency": "1 us" },
    "interNode": { "name": "Ethernet", "topology": "fabric", "bandwidth": { "value": 12.5e9, "source": "100 GbE" }, "links": 2, "latency": "10 us" }
  }
}`;

describe('parallel: interconnects in target files', () => {
  it('a system of its own: links per direction, links a device, latency, devices a node', () => {
    const r = targetFromJson(OWN, { file: 'pcie-box.target.json' });
    assert.deepEqual(r.diagnostics, []);
    const ic = r.target!.interconnect!;
    assert.equal(ic.devicesPerNode.value, 4);
    assert.equal(ic.intraNode.bandwidth.value, 32e9);
    assert.equal(ic.intraNode.links.value, 1, 'one link when none is given');
    assert.equal(ic.intraNode.latency.value, 1e-6);
    assert.equal(linkRoof(ic.interNode!).bandwidth, 25e9);
    assert.ok(Math.abs(ic.interNode!.latency.value - 10e-6) < 1e-18, '10 us');
    assert.equal(ic.interNode!.bandwidth.source, '100 GbE');
    assert.match(ic.intraNode.bandwidth.source, /pcie-box\.target\.json, line 9/);
  });

  it('examples/dgx-h100-x4.target.json: the base\'s NVLink and four nodes; a plan of 64 devices does not fit (RL414)', () => {
    const text = fs.readFileSync(path.join(root, 'examples', 'dgx-h100-x4.target.json'), 'utf8');
    const r = targetFromJson(text, { file: 'dgx-h100-x4.target.json' });
    assert.deepEqual(r.diagnostics, []);
    const ic = r.target!.interconnect!;
    assert.equal(ic.intraNode.name, 'NVLink');
    assert.equal(ic.nodes?.value, 4);
    assert.equal(ic.interNode?.latency.value, 2.7e-6);
    const config = fs.readFileSync(path.join(root, 'test', 'fixtures', 'reference', 'hf', 'llama-2-70b', 'config.json'), 'utf8');
    const ok = analyze({ text: config }, { fileName: 'config.json', target: r.target!, params: { seq: 1, context: 2048 }, parallel: { tp: 8, pp: 4, ep: 1, dp: 1 } });
    assert.equal(ok.models[0].parallel?.devices, 32);
    assert.deepEqual(ok.costs[0].layers.filter((l) => l.op === 'send').map((l) => l.bound), ['InfiniBand', 'InfiniBand', 'InfiniBand'], 'stages on different nodes');
    const tooMany = analyze({ text: config }, { fileName: 'config.json', target: r.target!, params: { seq: 1, context: 2048 }, parallel: { tp: 8, pp: 8, ep: 1, dp: 1 } });
    assert.match(tooMany.diagnostics.find((d) => d.code === 'RL414')?.message ?? '', /has 4 nodes of 8 devices \(32 devices\): a plan of 64 devices does not fit/);
  });

  it('located errors: a latency without a unit, a bandwidth in the wrong unit, an unknown key, a link without its figures', () => {
    const bad = `{
  "name": "bad", "base": "a100-sxm-80gb",
  "interconnect": {
    "devicesPerNode": 0,
    "intraNode": { "name": "NVLink", "topology": "switch", "bandwidth": "25 GHz", "latency": "0.6" },
    "interNode": { "name": "IB", "speed": "1" }
  }
}`;
    const r = targetFromJson(bad, { file: 'bad.target.json' });
    const lines = r.diagnostics.map((d) => `${d.code} ${bad.slice(d.span.start, d.span.end)}: ${d.message}`);
    assert.ok(lines.some((l) => l.startsWith('RL403 0:') && /devicesPerNode' must be a whole number greater than zero/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('RL402 GHz:')), lines.join('\n'));
    assert.ok(lines.some((l) => /^RL401 0\.6: 'interconnect.intraNode.latency' needs a unit \(one of: s, ms, us, ns\)/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('RL404 "speed"')), lines.join('\n'));
    assert.equal(r.target?.interconnect, undefined, 'a broken interconnect is left out');
  });

  it('a hardware block keeps its base\'s interconnect', () => {
    const a = analyze({ text: 'hardware mine = h100_sxm {\n  bandwidth = 2 TB/s\n}\nuse target mine\nmodel m {\n  input x: [1, 8]\n  y = linear(x, 8)\n}\n' }, { fileName: 'm.nnm' });
    assert.equal(a.chosen?.target.interconnect?.intraNode.name, 'NVLink');
  });

  it('the schema accepts the interconnect of the examples and of the test above, and rejects a bad topology', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(SCHEMA);
    for (const text of [OWN, fs.readFileSync(path.join(root, 'examples', 'dgx-h100-x4.target.json'), 'utf8')]) assert.equal(validate(JSON.parse(text)), true, JSON.stringify(validate.errors));
    assert.equal(validate(JSON.parse(OWN.replace('"pcie"', '"mesh"'))), false);
  });
});
