// One Roofline page in a webview (the panel beside the editor, or the ONNX editor): its HTML under a
// nonce'd CSP, resources only from dist/, every message from the page checked against the protocol
// before anything acts on it, and the page's what-ifs (target, precision, params, traffic, fusion) kept
// here and sent with every data request. Asks the language server for the data (roofline/panelData).
import * as crypto from 'node:crypto';
import { Position, Uri, window, workspace, Range, Selection, TextEditorRevealType, type Disposable, type ExtensionContext, type Webview } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PANEL_DATA, type PanelDataParams, type PanelDataResult } from '../../../server/src/protocol/lsp';
import { applyWhatIf, parsePageMessage, type HostMessage, type PanelData, type PageMessage } from '../../../server/src/protocol/panel';
import { panelHtml } from '../../../server/src/ide/panelHtml';
import { saveExport } from './exportFile';

/** What a page remembers across hiding and reloads (the webview's state, and the serializer's). */
export interface PageState {
  uri: string;
  whatIf: Omit<PanelDataParams, 'uri'>;
}

export class PageView implements Disposable {
  private uri: string | undefined;
  private whatIf: Omit<PanelDataParams, 'uri'> = {};
  private last: PanelData | undefined;
  private ready = false;
  private requestId = 0;
  private readonly disposables: Disposable[] = [];

  constructor(
    context: ExtensionContext,
    private readonly webview: Webview,
    private readonly client: LanguageClient,
    private readonly log: (message: string) => void,
  ) {
    const dist = Uri.joinPath(context.extensionUri, 'dist');
    webview.options = { enableScripts: true, localResourceRoots: [dist] };
    webview.html = panelHtml({
      scriptUri: webview.asWebviewUri(Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(Uri.joinPath(dist, 'webview.css')).toString(),
      cspSource: webview.cspSource,
      nonce: crypto.randomBytes(16).toString('base64url'),
    });
    this.disposables.push(webview.onDidReceiveMessage((raw: unknown) => void this.received(raw)));
  }

  get state(): PageState | undefined {
    return this.uri ? { uri: this.uri, whatIf: this.whatIf } : undefined;
  }

  get followed(): string | undefined {
    return this.uri;
  }

  /** Shows a document (keeping the what-ifs when it is the same one). */
  async show(uri: string, whatIf?: Omit<PanelDataParams, 'uri'>): Promise<void> {
    if (uri !== this.uri) this.whatIf = {};
    if (whatIf) this.whatIf = whatIf;
    this.uri = uri;
    await this.refresh();
  }

  /** Asks for fresh data; a stale answer (an older request) never replaces a newer one. */
  async refresh(): Promise<void> {
    const uri = this.uri;
    if (!uri) return;
    const id = ++this.requestId;
    let result: PanelDataResult;
    try {
      result = await this.client.sendRequest<PanelDataResult>(PANEL_DATA, { uri, ...this.whatIf });
    } catch (error) {
      result = { error: `the language server did not answer: ${String(error)}` };
    }
    if (id !== this.requestId) return;
    if ('data' in result) {
      this.last = result.data;
      this.post({ type: 'update', data: result.data });
    } else this.post({ type: 'error', message: result.error });
  }

  /** Highlights the layer whose call holds the position (the editor's selection). */
  select(line: number, character: number): void {
    const layers = this.last?.layers;
    if (!layers) return;
    let best: number | undefined;
    for (const l of layers) {
      if (l.line === line && l.character <= character) best = l.index;
    }
    best ??= layers.find((l) => l.line === line)?.index;
    if (best !== undefined) this.post({ type: 'select', layer: best });
  }

  private post(message: HostMessage): void {
    if (this.ready || message.type === 'update') void this.webview.postMessage(message);
  }

  private async received(raw: unknown): Promise<void> {
    const m: PageMessage | undefined = parsePageMessage(raw);
    if (!m) {
      this.log(`ignored a message from the Roofline page that does not follow the protocol: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    // A what-if (target, precision, params, traffic, fusion, attention, phase, parallel plan): the
    // protocol's one list of them (applyWhatIf), then the panel's data again.
    const next = applyWhatIf(this.whatIf, m);
    if (next) {
      this.whatIf = next;
      await this.refresh();
      return;
    }
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.last) this.post({ type: 'update', data: this.last });
        else await this.refresh();
        return;
      case 'reveal':
        await this.reveal(m.layer);
        return;
      case 'export':
        await saveExport(m.format, m.content, this.last?.model ?? 'roofline');
        return;
    }
    await this.refresh();
  }

  private async reveal(index: number): Promise<void> {
    const layer = this.last?.layers.find((l) => l.index === index);
    if (!layer || !this.uri) return;
    const uri = Uri.parse(this.uri);
    if (uri.path.endsWith('.onnx')) return; // A binary file has no text to reveal.
    const doc = await workspace.openTextDocument(uri);
    const editor = await window.showTextDocument(doc, { preserveFocus: false, preview: false, viewColumn: window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri)?.viewColumn });
    const at = doc.validatePosition(new Position(layer.line, layer.character));
    editor.selection = new Selection(at, at);
    editor.revealRange(new Range(at, at), TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }
}
