// The read-only editor of ONNX files (and GGUF files, whose header the server reads): VS Code
// cannot open the binary as text, so a custom editor shows the Roofline page for it (the roofline,
// the buffer chart and the layer table with the model's summary), from the language server, which
// reads the file by seeking and never loads its weights. "Convert to model file" writes an
// equivalent .nnm for what-if edits. When an ONNX editor becomes active, `onActive` hears of it
// (the Roofline panel follows it).
import { commands, Uri, window, workspace, type CancellationToken, type CustomDocument, type CustomReadonlyEditorProvider, type Disposable, type ExtensionContext, type WebviewPanel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CONVERT_TO_NNM, type ConvertParams, type ConvertResult } from '../../../server/src/protocol/lsp';
import { PageView } from './pageView';

export const ONNX_VIEW_TYPE = 'roofline.onnx';
export const CONVERT_COMMAND = 'roofline.convertToModelFile';

/** `<name>.nnm` beside a model file (its extension replaced, or `.nnm` added; never the file itself). */
function modelFileUri(source: string): string {
  const replaced = source.replace(/\.[A-Za-z0-9]+$/, '.nnm');
  return replaced === source ? `${source}.nnm` : replaced;
}

export class OnnxEditorProvider implements CustomReadonlyEditorProvider, Disposable {
  private readonly views = new Map<string, PageView>();
  private active: string | undefined;
  private readonly disposables: Disposable[] = [];

  constructor(
    private readonly context: ExtensionContext,
    private readonly client: LanguageClient,
    private readonly log: (message: string) => void,
    private readonly onActive: (uri: string) => void = () => undefined,
  ) {
    this.disposables.push(
      window.registerCustomEditorProvider(ONNX_VIEW_TYPE, this, { webviewOptions: { retainContextWhenHidden: false }, supportsMultipleEditorsPerDocument: false }),
      commands.registerCommand(CONVERT_COMMAND, (uri?: unknown) => this.convert(uri instanceof Uri ? uri : typeof uri === 'string' ? Uri.parse(uri) : undefined)),
    );
  }

  openCustomDocument(uri: Uri): CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: CustomDocument, panel: WebviewPanel, _token: CancellationToken): Promise<void> {
    const key = document.uri.toString();
    const view = new PageView(this.context, panel.webview, this.client, this.log);
    this.views.set(key, view);
    this.active = key;
    panel.onDidChangeViewState((e) => {
      if (!e.webviewPanel.active) return;
      this.active = key;
      this.onActive(key);
    });
    panel.onDidDispose(() => {
      view.dispose();
      this.views.delete(key);
    });
    if (panel.active) this.onActive(key);
    await view.show(key);
  }

  /** Writes `<name>.nnm` beside the ONNX file or model config (or the active one) and opens it. */
  private async convert(uri: Uri | undefined): Promise<void> {
    const source = uri?.toString() ?? window.activeTextEditor?.document.uri.toString() ?? this.active;
    if (!source) {
      void window.showInformationMessage('Open an ONNX file or a model config.json first: Convert to Model File writes its .nnm equivalent.');
      return;
    }
    const result = await this.client.sendRequest<ConvertResult>(CONVERT_TO_NNM, { uri: source } satisfies ConvertParams);
    if ('error' in result) {
      void window.showErrorMessage(`Convert to model file: ${result.error}`);
      return;
    }
    const target = Uri.parse(modelFileUri(source));
    await workspace.fs.writeFile(target, Buffer.from(result.text, 'utf8'));
    await window.showTextDocument(await workspace.openTextDocument(target));
    if (result.warnings.length > 0) void window.showWarningMessage(`Converted with ${result.warnings.length} warning(s): ${result.warnings.slice(0, 3).join('; ')}`);
  }

  dispose(): void {
    for (const v of this.views.values()) v.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
