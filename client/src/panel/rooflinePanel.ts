// The Roofline panel beside the editor (command `roofline.showPanel`, the code lens, the editor
// title): one panel that follows the active model file (and the active ONNX editor), refreshes after every analysis of it,
// highlights the layer under the cursor, and comes back after a window reload (serializer).
import { commands, TabInputCustom, ViewColumn, window, type Disposable, type ExtensionContext, type TextEditor, type WebviewPanel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { DidAnalyseParams } from '../../../server/src/protocol/lsp';
import { modelLanguages } from '../languageClient';
import { ONNX_VIEW_TYPE } from './onnxEditor';
import { PageView, type PageState } from './pageView';

export const SHOW_PANEL_COMMAND = 'roofline.showPanel';
export const PANEL_VIEW_TYPE = 'roofline.panel';


/** The file of the active tab when it is an ONNX editor. */
function activeOnnx(): string | undefined {
  const input = window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof TabInputCustom && input.viewType === ONNX_VIEW_TYPE ? input.uri.toString() : undefined;
}

export class RooflinePanel implements Disposable {
  private panel: WebviewPanel | undefined;
  private view: PageView | undefined;
  private readonly disposables: Disposable[] = [];
  private readonly languages: readonly string[];

  constructor(
    private readonly context: ExtensionContext,
    private readonly client: LanguageClient,
    private readonly log: (message: string) => void,
  ) {
    this.languages = modelLanguages(context);
    this.disposables.push(
      commands.registerCommand(SHOW_PANEL_COMMAND, (uri?: unknown) => this.show(typeof uri === 'string' ? uri : undefined)),
      window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel: WebviewPanel, state: unknown) => {
          this.adopt(panel);
          const s = state as Partial<PageState> | undefined;
          const uri = typeof s?.uri === 'string' ? s.uri : window.activeTextEditor?.document.uri.toString();
          if (uri) await this.view?.show(uri, s?.whatIf ?? {});
        },
      }),
      window.onDidChangeActiveTextEditor((e) => {
        if (this.view && this.isModelEditor(e)) void this.view.show(e.document.uri.toString());
      }),
      window.onDidChangeTextEditorSelection((e) => {
        if (this.view && e.textEditor.document.uri.toString() === this.view.followed) {
          const p = e.selections[0].active;
          this.view.select(p.line, p.character);
        }
      }),
    );
  }

  /** Shows another model when the panel is open (an ONNX editor became active). */
  follow(uri: string): void {
    if (this.view && this.view.followed !== uri) void this.view.show(uri);
  }

  /** After every analysis: refresh the panel when it shows that document. */
  analysed(p: DidAnalyseParams): void {
    if (this.view && this.view.followed === p.uri) void this.view.refresh();
  }

  async show(uri?: string): Promise<void> {
    const target = uri ?? (this.isModelEditor(window.activeTextEditor) ? window.activeTextEditor.document.uri.toString() : (activeOnnx() ?? this.view?.followed));
    if (!this.panel) {
      this.adopt(window.createWebviewPanel(PANEL_VIEW_TYPE, 'Roofline', { viewColumn: ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, retainContextWhenHidden: false }));
    } else this.panel.reveal(ViewColumn.Beside, true);
    if (target) await this.view?.show(target);
    else void window.showInformationMessage('Open a model file (.nnm, .prototxt, Darknet .cfg) to see its roofline.');
  }

  private adopt(panel: WebviewPanel): void {
    this.panel = panel;
    this.view = new PageView(this.context, panel.webview, this.client, this.log);
    panel.onDidDispose(() => {
      this.view?.dispose();
      this.view = undefined;
      this.panel = undefined;
    });
  }

  private isModelEditor(e: TextEditor | undefined): e is TextEditor {
    return !!e && this.languages.includes(e.document.languageId);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
