// Builds the LanguageClient for the bundled server (dist/server.js), started over IPC, for `nnm`
// documents on disk and untitled ones. The `roofline` settings go to the server at start
// (initializationOptions) and on every change (the configuration section is synchronised). Two
// small hooks serve the Get Started walkthrough: a hover with content sets the context key
// `roofline.hoverShown`, and a tile quick fix runs TILE_FIX_APPLIED_COMMAND after its edit.
import { CodeAction, commands, workspace, type ExtensionContext, type LogOutputChannel } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type Middleware, type ServerOptions } from 'vscode-languageclient/node';

/** A command the walkthrough's "apply a tile quick fix" step completes on. */
export const TILE_FIX_APPLIED_COMMAND = 'roofline.tileFixApplied';
/** Set once a hover has shown a card (the walkthrough's "read a hover" step). */
export const HOVER_SHOWN_CONTEXT = 'roofline.hoverShown';

const walkthroughHooks: Middleware = {
  async provideHover(document, position, token, next) {
    const hover = await next(document, position, token);
    if (hover) void commands.executeCommand('setContext', HOVER_SHOWN_CONTEXT, true);
    return hover;
  },
  async provideCodeActions(document, range, context, token, next) {
    const actions = await next(document, range, context, token);
    for (const a of actions ?? []) {
      if (a instanceof CodeAction && a.title.startsWith('Use tile') && !a.command) a.command = { command: TILE_FIX_APPLIED_COMMAND, title: 'tile applied' };
    }
    return actions;
  },
};

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
    middleware: walkthroughHooks,
    synchronize: { configurationSection: CONFIGURATION_SECTION },
    // A function, so that a restart sends the settings as they are then.
    initializationOptions: () => ({
      debounceMs: workspace.getConfiguration(CONFIGURATION_SECTION).get<number>('analysis.debounceMs', 75),
    }),
  };
  return new LanguageClient(CLIENT_ID, 'Roofline Lens', serverOptions, clientOptions);
}
