// The language server on model configs and GGUF files read from disk (they are not synchronised as
// text documents): the Roofline panel's data with its what-ifs, the conversion to a model file
// whose counts equal the config's, and a clear answer for a JSON file that is not a model config.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeText } from '../server/src/core/analyze';
import { analyzeHfConfig } from '../server/src/core/formats/hf';
import { CONVERT_TO_NNM, PANEL_DATA, type ConvertResult, type PanelDataResult } from '../server/src/protocol/lsp';
import { ggufFile, llamaGguf } from './helpers/ggufWriter';
import { inProcessSession, type LspSession } from './helpers/lspSession';
import { modelPath, readModel } from './helpers/models';

const LLAMA = pathToFileURL(modelPath('hf/llama-2-7b/config.json')).toString();

describe('language server: model configs and GGUF files from disk', () => {
  let session: LspSession;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-hf-'));
    session = inProcessSession();
    await session.initialize({ debounceMs: 0 });
  });

  after(async () => {
    await session.shutdown();
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers the panel for Llama-2-7b config.json: every layer, the MACs of the core analysis', async () => {
    const r = (await session.client.sendRequest(PANEL_DATA, { uri: LLAMA })) as PanelDataResult;
    assert.ok('data' in r, JSON.stringify(r));
    const m = analyzeHfConfig(readModel('hf/llama-2-7b/config.json')).models[0];
    assert.equal(r.data.layers.length, m.layers.length);
    assert.equal(r.data.totals.macs, m.totals.macs);
    assert.equal(r.data.target.name, 'h100-sxm');
  });

  it("applies the panel's what-ifs: a prefill of 2048 tokens", async () => {
    const r = (await session.client.sendRequest(PANEL_DATA, { uri: LLAMA, params: { seq: 2048, context: 2048 } })) as PanelDataResult;
    assert.ok('data' in r, JSON.stringify(r));
    const m = analyzeHfConfig(readModel('hf/llama-2-7b/config.json'), { params: { seq: 2048, context: 2048 } }).models[0];
    assert.equal(r.data.totals.macs, m.totals.macs);
  });

  it('converts the config to a model file with the same params and MACs', async () => {
    const r = (await session.client.sendRequest(CONVERT_TO_NNM, { uri: LLAMA })) as ConvertResult;
    assert.ok('text' in r, JSON.stringify(r));
    const back = analyzeText(r.text).models[0];
    assert.equal(back.totals.params, 6_738_415_616);
    assert.equal(back.totals.macs, analyzeHfConfig(readModel('hf/llama-2-7b/config.json')).models[0].totals.macs);
  });

  it('a JSON file that is not a model config is said to be one that is not', async () => {
    const file = path.join(dir, 'package.json');
    fs.writeFileSync(file, '{ "name": "x", "version": "1.0.0" }\n');
    const uri = pathToFileURL(file).toString();
    const panel = (await session.client.sendRequest(PANEL_DATA, { uri })) as PanelDataResult;
    assert.deepEqual(panel, { error: 'package.json is not a model config (a Hugging Face config.json: a JSON object with model_type and architectures)' });
    const convert = (await session.client.sendRequest(CONVERT_TO_NNM, { uri })) as ConvertResult;
    assert.deepEqual(convert, panel);
  });

  it('answers the panel for a GGUF file, reading its header', async () => {
    const file = path.join(dir, 'tiny.gguf');
    fs.writeFileSync(file, ggufFile(llamaGguf({ layers: 2, dim: 256, ffn: 512, heads: 4, kvHeads: 2, vocab: 1000, context: 128 })));
    const r = (await session.client.sendRequest(PANEL_DATA, { uri: pathToFileURL(file).toString() })) as PanelDataResult;
    assert.ok('data' in r, JSON.stringify(r));
    assert.equal(r.data.layers.length, 1 + 2 * 16 + 2);
  });
});
