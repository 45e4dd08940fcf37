// The extension's entry point (bundled to dist/client.js): starts the Roofline language server,
// shows its state in the status bar, and registers the commands that restart it and show its log.
import { commands, window, type ExtensionContext } from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { createStatusItem, showStatus } from './statusItem';

export const RESTART_COMMAND = 'roofline.restartServer';
export const SHOW_OUTPUT_COMMAND = 'roofline.showOutput';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('Roofline Lens', { log: true });
  const status = createStatusItem(SHOW_OUTPUT_COMMAND);
  const languageClient = createLanguageClient(context, output);
  client = languageClient;
  context.subscriptions.push(
    output,
    status,
    languageClient.onDidChangeState((e) => {
      showStatus(status, e.newState === State.Running ? 'ready' : e.newState === State.Starting ? 'starting' : 'stopped');
    }),
    commands.registerCommand(SHOW_OUTPUT_COMMAND, () => output.show(true)),
    commands.registerCommand(RESTART_COMMAND, async () => {
      output.info('restarting the Roofline language server');
      showStatus(status, 'starting');
      await languageClient.restart();
      showStatus(status, languageClient.isRunning() ? 'ready' : 'stopped');
    }),
  );
  try {
    await languageClient.start();
    showStatus(status, 'ready');
  } catch (error) {
    showStatus(status, 'stopped');
    output.error(`the Roofline language server did not start: ${String(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c?.needsStop()) await c.stop();
}
