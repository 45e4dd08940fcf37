// The extension's entry point (bundled to dist/client.js): starts the Roofline language server,
// shows its state and the active file's target in the status bar, and registers the commands that
// restart it, show its log, select the target and open an example; the Roofline panel and the ONNX
// editor.
import { commands, window, type ExtensionContext } from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { DID_ANALYSE, type DidAnalyseParams } from '../../server/src/protocol/lsp';
import { AnalysisStatus } from './analysisStatus';
import { OPEN_EXAMPLE_COMMAND, openExample } from './examples';
import { createLanguageClient, TILE_FIX_APPLIED_COMMAND } from './languageClient';
import { OnnxEditorProvider } from './panel/onnxEditor';
import { RooflinePanel } from './panel/rooflinePanel';
import { createStatusItem } from './statusItem';
import { SELECT_TARGET_COMMAND, selectTarget } from './targetPicker';

export const RESTART_COMMAND = 'roofline.restartServer';
export const SHOW_OUTPUT_COMMAND = 'roofline.showOutput';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('Roofline Lens', { log: true });
  const item = createStatusItem(SHOW_OUTPUT_COMMAND);
  const status = new AnalysisStatus(item, { selectTarget: SELECT_TARGET_COMMAND, showOutput: SHOW_OUTPUT_COMMAND });
  const languageClient = createLanguageClient(context, output);
  client = languageClient;
  const log = (message: string) => output.warn(message);
  const panel = new RooflinePanel(context, languageClient, log);
  // The panel follows the ONNX editor when it becomes active, as it follows a model file's editor.
  const onnx = new OnnxEditorProvider(context, languageClient, log, (uri) => panel.follow(uri));
  context.subscriptions.push(
    output,
    item,
    status,
    languageClient.onDidChangeState((e) => {
      status.setServer(e.newState === State.Running ? 'ready' : e.newState === State.Starting ? 'starting' : 'stopped');
    }),
    panel,
    onnx,
    languageClient.onNotification(DID_ANALYSE, (p: DidAnalyseParams) => {
      status.analysed(p);
      panel.analysed(p);
    }),
    commands.registerCommand(SHOW_OUTPUT_COMMAND, () => output.show(true)),
    commands.registerCommand(OPEN_EXAMPLE_COMMAND, (name?: unknown) => openExample(context, name)),
    // Run after a tile quick fix (languageClient.ts adds it): the walkthrough's step completes.
    commands.registerCommand(TILE_FIX_APPLIED_COMMAND, () => undefined),
    commands.registerCommand(SELECT_TARGET_COMMAND, (uri?: unknown) => selectTarget(languageClient, status, uri)),
    commands.registerCommand(RESTART_COMMAND, async () => {
      output.info('restarting the Roofline language server');
      status.setServer('starting');
      await languageClient.restart();
      status.setServer(languageClient.isRunning() ? 'ready' : 'stopped');
    }),
  );
  try {
    await languageClient.start();
    status.setServer('ready');
  } catch (error) {
    status.setServer('stopped');
    output.error(`the Roofline language server did not start: ${String(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c?.needsStop()) await c.stop();
}
