// Keeps the status bar item in step with the server and the active editor: the server's state
// (starting, ready, stopped: statusItem.ts), then, once the server has analysed the active model
// file, its target and precision (statusText.ts) from the last roofline/didAnalyse for that file.
// Clicking runs Roofline: Select Target (the log when the server is stopped).
import { window, workspace, type Disposable, type StatusBarItem } from 'vscode';
import type { DidAnalyseParams } from '../../server/src/protocol/lsp';
import { showStatus, type ServerStatus } from './statusItem';
import { analysisLook } from './statusText';

export class AnalysisStatus implements Disposable {
  private server: ServerStatus = 'starting';
  private readonly byUri = new Map<string, DidAnalyseParams>();
  private readonly subscriptions: Disposable[];

  constructor(
    private readonly item: StatusBarItem,
    private readonly commands: { selectTarget: string; showOutput: string },
  ) {
    this.subscriptions = [
      window.onDidChangeActiveTextEditor(() => this.render()),
      workspace.onDidCloseTextDocument((d) => this.byUri.delete(d.uri.toString())),
    ];
    this.render();
  }

  setServer(status: ServerStatus): void {
    this.server = status;
    if (status !== 'ready') this.byUri.clear();
    this.render();
  }

  analysed(p: DidAnalyseParams): void {
    const last = this.byUri.get(p.uri);
    if (last && last.version > p.version) return;
    this.byUri.set(p.uri, p);
    if (p.uri === this.activeUri()) this.render();
  }

  /** The last analysis of a document (the active one by default). */
  analysisOf(uri: string | undefined = this.activeUri()): DidAnalyseParams | undefined {
    return uri ? this.byUri.get(uri) : undefined;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private activeUri(): string | undefined {
    return window.activeTextEditor?.document.uri.toString();
  }

  private render(): void {
    const p = this.server === 'ready' ? this.analysisOf() : undefined;
    if (p) {
      const look = analysisLook(p);
      this.item.text = look.text;
      this.item.tooltip = look.tooltip;
    } else showStatus(this.item, this.server);
    this.item.command = this.server === 'stopped' ? this.commands.showOutput : this.commands.selectTarget;
  }
}
