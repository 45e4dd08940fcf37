// The language server, on a connection it is given (stdio, IPC, or a pair of streams in tests):
// declares the capabilities and dispatches each request to its feature file. No feature logic
// lives here. A feature that throws is logged and fails its own request (an InternalError answer),
// never the server.
import { CodeActionKind, DidChangeConfigurationNotification, ErrorCodes, RequestType, ResponseError, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver';
import type { Target } from '../core';
import { CONVERT_TO_NNM, DID_ANALYSE, LIST_TARGETS, PANEL_DATA, type ConvertParams, type ConvertResult, type ListTargetsParams, type PanelDataParams, type PanelDataResult } from '../protocol/lsp';
import { convertToModelFile } from './convertRequest';
import { panelDataFor, panelDataForFile } from './panelRequest';
import { codeActions } from './codeActions';
import { codeLenses } from './codeLens';
import { completion } from './completion';
import { definition } from './definition';
import { registerDiagnostics } from './diagnostics';
import { AnalysedDocuments, type DocumentAnalysis, type DocumentSettings } from './documents';
import { hover } from './hover';
import { DEFAULT_SETTINGS, fromInitializationOptions, fromSection, llmOptions, pushedSection, type ServerSettings } from './settings';
import { inlayHints } from './inlayHints';
import { refreshSupport, refreshViews, type RefreshSupport } from './refresh';
import { didAnalyseParams, targetChoices } from './status';
import { documentSymbols } from './symbols';
import { analysisChanged, folderEntry, folderOf, type FolderEntry } from './folderSettings';
import { resolveTargetSetting } from './targetSetting';

export const CONFIGURATION_SECTION = 'roofline';

/** What tests may change in the server: the clock that times analyses (the adaptive debounce reads it). */
export interface ServerOptions {
  clock?: () => number;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let snippets = false;
  let pullConfiguration = false;
  let registerConfiguration = false;
  let workspaceFolders: string[] = [];
  let refresh: RefreshSupport = { inlayHints: false, codeLens: false };
  let initialized = false;
  const log = (message: string) => connection.console.error(message);
  let fallbackTarget = resolveTargetSetting(settings.target, workspaceFolders, log);
  /** Settings of the workspace folders that differ from the window's (pulled per folder). */
  let folders: FolderEntry[] = [];
  const forDocument = (uri: string): { settings: ServerSettings; target: Target | string } => folderOf(folders, uri) ?? { settings, target: fallbackTarget };
  /** What an analysis of the document runs under: its folder's settings, looked up once per analysis (or per panel request). */
  const documentSettings = (uri: string): DocumentSettings => {
    const { settings: s, target } = forDocument(uri);
    return { fallbackTarget: target, timeBudgetMs: s.timeBudgetMs, rules: s.rules, fusion: s.fusion, ...llmOptions(s) };
  };
  const documents = new AnalysedDocuments({
    debounceMs: settings.debounceMs,
    log,
    settings: documentSettings,
    clock: options.clock,
  });

  const apply = (next: ServerSettings) => {
    const before = settings;
    const targetChanged = next.target !== settings.target;
    settings = next;
    documents.setDebounce(settings.debounceMs);
    if (targetChanged) fallbackTarget = resolveTargetSetting(settings.target, workspaceFolders, log);
    if (analysisChanged(before, next)) documents.reanalyseAll();
    const what = { inlayHints: targetChanged || next.inlayHints !== before.inlayHints, codeLens: targetChanged || next.codeLens !== before.codeLens };
    if (initialized) refreshViews(connection, refresh, what, log);
  };

  /**
   * Runs a feature on the document's current analysis. A throw (a defect, even a stack overflow) is
   * logged and becomes this request's error: the server and every other request go on.
   */
  const withDocument = <T>(feature: string, uri: string, fallback: T, run: (r: DocumentAnalysis) => T): T => {
    try {
      const r = documents.current(uri);
      return r ? run(r) : fallback;
    } catch (error) {
      log(`${feature} failed on ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `${feature} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const pullSettings = async () => {
    try {
      // The window's section, then one per workspace folder (the folders' own values of the
      // settings of scope `resource`).
      const sections: unknown[] = await connection.workspace.getConfiguration([{ section: CONFIGURATION_SECTION }, ...workspaceFolders.map((scopeUri) => ({ scopeUri, section: CONFIGURATION_SECTION }))]);
      const next = fromSection(sections[0], settings);
      const nextFolders = workspaceFolders.map((uri, i) => folderEntry(uri, fromSection(sections[i + 1], next), log)).filter((f) => analysisChanged(f.settings, next));
      const changed = nextFolders.length !== folders.length || nextFolders.some((f, i) => f.uri !== folders[i]?.uri || analysisChanged(f.settings, folders[i].settings));
      folders = nextFolders;
      apply(next);
      if (changed) {
        documents.reanalyseAll();
        if (initialized) refreshViews(connection, refresh, { inlayHints: true, codeLens: true }, log);
      }
    } catch (error) {
      log(`reading the '${CONFIGURATION_SECTION}' settings failed: ${String(error)}`);
    }
  };

  connection.onInitialize((params): InitializeResult => {
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [params.rootUri];
    apply(fromInitializationOptions(params.initializationOptions, settings));
    const caps = params.capabilities;
    snippets = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
    pullConfiguration = caps.workspace?.configuration === true;
    registerConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    refresh = refreshSupport(caps);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        definitionProvider: true,
        documentSymbolProvider: true,
        completionProvider: { triggerCharacters: ['@', '(', ',', '='] },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Source] },
      },
      serverInfo: { name: 'Roofline Lens' },
    };
  });

  connection.onInitialized(() => {
    initialized = true;
    if (registerConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: CONFIGURATION_SECTION });
    if (pullConfiguration) void pullSettings();
  });

  connection.onDidChangeConfiguration((params) => {
    // A client that answers workspace/configuration is asked again, folder by folder (what it
    // pushes is the window's values only).
    const pushed = pushedSection(params.settings);
    if (pullConfiguration) void pullSettings();
    else if (pushed !== undefined) apply(fromSection(pushed, settings));
  });

  registerDiagnostics(connection, documents);
  documents.onDidAnalyse((r) => void connection.sendNotification(DID_ANALYSE, didAnalyseParams(r)));
  connection.onHover((p) => withDocument('hover', p.textDocument.uri, null, (r) => hover(r, p.position)));
  connection.onDefinition((p) => withDocument('definition', p.textDocument.uri, null, (r) => definition(r, p.position)));
  connection.onDocumentSymbol((p) => withDocument('documentSymbol', p.textDocument.uri, [], (r) => documentSymbols(r)));
  connection.onCompletion((p) => withDocument('completion', p.textDocument.uri, [], (r) => completion(r, p.position, { snippets })));
  connection.languages.inlayHint.on((p) => withDocument('inlayHint', p.textDocument.uri, [], (r) => (settings.inlayHints ? inlayHints(r, p.range) : [])));
  connection.onCodeLens((p) => withDocument('codeLens', p.textDocument.uri, [], (r) => (settings.codeLens ? codeLenses(r) : [])));
  connection.onCodeAction((p) => withDocument('codeAction', p.textDocument.uri, [], (r) => codeActions(r, p)));
  connection.onRequest(LIST_TARGETS, (p: ListTargetsParams) => {
    try {
      return targetChoices(p?.uri ? documents.current(p.uri) : undefined);
    } catch (error) {
      log(`listTargets failed: ${String(error)}`);
      return [];
    }
  });
  connection.onRequest(new RequestType<PanelDataParams, PanelDataResult, void>(PANEL_DATA), (p): PanelDataResult => {
    try {
      const r = documents.current(p.uri);
      const own = documentSettings(p.uri);
      return r ? panelDataFor(r, p, own) : panelDataForFile(p, own);
    } catch (error) {
      log(`panelData failed on ${p?.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { error: `internal error: ${String(error)}` };
    }
  });
  connection.onRequest(new RequestType<ConvertParams, ConvertResult, void>(CONVERT_TO_NNM), (p): ConvertResult => {
    try {
      return convertToModelFile(documents, p);
    } catch (error) {
      log(`convertToModelFile failed on ${p?.uri}: ${String(error)}`);
      return { error: `internal error: ${String(error)}` };
    }
  });
  connection.onShutdown(() => documents.dispose());

  documents.listen(connection);
  connection.listen();
}
