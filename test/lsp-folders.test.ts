// Settings per workspace folder (server/src/lsp/folderSettings.ts): the settings of scope
// `resource` (roofline.target, roofline.fusion, the rules) are pulled for each workspace folder
// (workspace/configuration with the folder as scopeUri) and each document is analysed with its
// folder's; a change of configuration pulls them again. Over the real protocol, in process, with a
// client that answers workspace/configuration as VS Code does.
import * as assert from 'node:assert/strict';
import { ConfigurationRequest, DidChangeConfigurationNotification, InitializedNotification, InitializeRequest, InlayHintRequest, type ConfigurationParams, type InlayHint } from 'vscode-languageserver/node';
import { folderOf } from '../server/src/lsp/folderSettings';
import { PANEL_DATA, type PanelDataResult } from '../server/src/protocol/lsp';
import { CLIENT_CAPABILITIES, inProcessSession, type LspSession } from './helpers/lspSession';

const A = 'file:///ws/a';
const B = 'file:///ws/b';
const TEXT = 'model m {\n  input x: [1, 64, 28, 28]\n  c = conv2d(x, 64, kernel=3, pad=1)\n  r = relu(c)\n}\n';

describe('language server: settings per workspace folder', function () {
  this.timeout(30_000);
  let session: LspSession;
  /** What the client answers for the window (no scopeUri) and for each folder. */
  let sections: Record<string, Record<string, unknown>>;
  const asked: (string | undefined)[] = [];

  before(async () => {
    session = inProcessSession();
    sections = { window: { fusion: 'epilogue', target: 'h100-sxm' }, [A]: { fusion: 'none', target: 'h100-sxm' }, [B]: { fusion: 'epilogue', target: 'zhang15-vc707' } };
    let answered: () => void = () => undefined;
    const pulled = new Promise<void>((resolve) => (answered = resolve));
    session.client.onRequest(ConfigurationRequest.type, (p: ConfigurationParams) => {
      const out = p.items.map((item) => {
        asked.push(item.scopeUri);
        return sections[item.scopeUri ?? 'window'] ?? sections.window;
      });
      answered();
      return out;
    });
    await session.client.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      workspaceFolders: [
        { uri: A, name: 'a' },
        { uri: B, name: 'b' },
      ],
      capabilities: { ...CLIENT_CAPABILITIES, workspace: { configuration: true } },
      initializationOptions: { debounceMs: 0 },
    });
    await session.client.sendNotification(InitializedNotification.type, {});
    await pulled;
  });

  after(() => session.close());

  const hints = async (uri: string): Promise<string[]> => {
    const list = (await session.client.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } })) as InlayHint[];
    return list.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
  };
  const targetOf = async (uri: string): Promise<string> => {
    const r = (await session.client.sendRequest(PANEL_DATA, { uri })) as PanelDataResult;
    assert.ok('data' in r, JSON.stringify(r));
    return r.data.target.name;
  };

  it('finds the folder of a document: the longest folder URI that holds it', () => {
    const folders = [{ uri: 'file:///ws' }, { uri: A }, { uri: 'file:///ws/ab' }];
    assert.equal(folderOf(folders, `${A}/m.nnm`)?.uri, A);
    assert.equal(folderOf(folders, 'file:///ws/ab/m.nnm')?.uri, 'file:///ws/ab');
    assert.equal(folderOf(folders, 'file:///ws/x.nnm')?.uri, 'file:///ws');
    assert.equal(folderOf(folders, 'file:///elsewhere/m.nnm'), undefined);
  });

  it("each document is analysed with its folder's fusion policy and target", async () => {
    // The window's section and each folder's were asked for.
    await session.open(`${A}/m.nnm`, TEXT);
    await session.open(`${B}/m.nnm`, TEXT);
    assert.ok(asked.includes(A) && asked.includes(B) && asked.includes(undefined), JSON.stringify(asked));
    const a = await hints(`${A}/m.nnm`);
    const b = await hints(`${B}/m.nnm`);
    assert.match(a[1], /^CTC [\d.]+ · HBM3$/, 'fusion none in a: the ReLU is a layer of its own');
    assert.equal(b[1], 'fused into c', 'fusion epilogue in b');
    assert.equal(await targetOf(`${A}/m.nnm`), 'h100-sxm');
    assert.equal(await targetOf(`${B}/m.nnm`), 'zhang15-vc707');
  });

  it('a configuration change pulls every folder again and re-analyses', async () => {
    sections[A] = { fusion: 'epilogue', target: 'h100-sxm' };
    const again = session.nextDiagnostics(`${A}/m.nnm`);
    await session.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { roofline: sections.window } });
    await again;
    assert.equal((await hints(`${A}/m.nnm`))[1], 'fused into c');
  });
});
