// Builds the LanguageClient for the bundled server (dist/server.js), started over IPC, for `nnm`
// documents on disk and untitled ones. The `roofline` settings go to the server at start
// (initializationOptions) and on every change (the configuration section is synchronised).
import { workspace, type ExtensionContext, type LogOutputChannel } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** The languages the server analyses: the model language and the text formats it imports, as the
 *  extension's manifest contributes them (test/contributions.test.ts checks those against the
 *  server's format registry). */
export function modelLanguages(context: ExtensionContext): string[] {
  const manifest = context.extension.packageJSON as { contributes?: { languages?: { id?: unknown }[] } };
  return (manifest.contributes?.languages ?? []).map((l) => l.id).filter((id): id is string => typeof id === 'string');
}

/** The client id: VS Code reads the `roofline.trace.server` setting by it. */
export const CLIENT_ID = 'roofline';
export const CONFIGURATION_SECTION = 'roofline';

export function createLanguageClient(context: ExtensionContext, outputChannel: LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...modelLanguages(context).flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
    ],
    outputChannel,
    synchronize: { configurationSection: CONFIGURATION_SECTION },
    // A function, so that a restart sends the settings as they are then.
    initializationOptions: () => ({
      debounceMs: workspace.getConfiguration(CONFIGURATION_SECTION).get<number>('analysis.debounceMs', 75),
    }),
  };
  return new LanguageClient(CLIENT_ID, 'Roofline Lens', serverOptions, clientOptions);
}
