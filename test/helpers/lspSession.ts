// A test client for the language server over the real protocol: either the server in-process over
// two pairs of streams (startServer on a vscode-languageserver connection), or a spawned server
// process over stdio. Diagnostics are awaited as events (the publication of a given version),
// never with sleeps.
import { PassThrough } from 'node:stream';
import type { ChildProcess } from 'node:child_process';
import {
  createConnection,
  createMessageConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver/node';
import { RULE_NAMES } from '../../server/src/core/rules';
import { startServer, type ServerOptions } from '../../server/src/lsp/startServer';

export const CLIENT_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    completion: { completionItem: { snippetSupport: true } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
  },
};

export class LspSession {
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters: { match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

  constructor(
    readonly client: MessageConnection,
    private readonly dispose: () => void,
  ) {
    client.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      for (const w of [...this.waiters]) {
        if (!w.match(p)) continue;
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(p);
      }
    });
    client.listen();
  }

  /** Initializes; `capabilities` replaces CLIENT_CAPABILITIES (e.g. to declare refresh support). */
  async initialize(initializationOptions: unknown = { debounceMs: 0 }, capabilities: ClientCapabilities = CLIENT_CAPABILITIES): Promise<void> {
    await this.client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities, initializationOptions });
    await this.client.sendNotification(InitializedNotification.type, {});
  }

  /** Drops the publications kept so far (a benchmark measuring the heap counts the server's, not the client's). */
  forgetPublications(): void {
    this.published.length = 0;
  }

  /** Every diagnostics publication received so far for `uri`, in order. */
  publications(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((p) => p.uri === uri);
  }

  /** The first publication for `uri` of `version` (or, without one, any), received or still to come. */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    const match = (p: PublishDiagnosticsParams) => p.uri === uri && (version === undefined || p.version === version);
    const seen = this.published.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** The next publication for `uri` after the ones received so far (a re-analysis of the same version). */
  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
    const after = this.publications(uri).length;
    return new Promise((resolve) => this.waiters.push({ match: (p) => p.uri === uri && this.publications(uri).length > after, resolve }));
  }

  /** Opens a document and resolves with its first diagnostics. */
  async open(uri: string, text: string, version = 1): Promise<PublishDiagnosticsParams> {
    const published = this.diagnostics(uri, version);
    await this.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nnm', version, text } });
    return published;
  }

  /** Replaces the whole text of a document (does not wait for diagnostics). */
  async change(uri: string, version: number, text: string): Promise<void> {
    await this.client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Replaces a range of a document's text, as an editor sends a keystroke (does not wait for diagnostics). */
  async changeRange(uri: string, version: number, range: Range, text: string): Promise<void> {
    await this.client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  async shutdown(): Promise<void> {
    await this.client.sendRequest(ShutdownRequest.type);
  }

  close(): void {
    this.client.dispose();
    this.dispose();
  }
}

/** The real server, in this process, over two pairs of streams. */
/** The server in-process; `options` as startServer takes them (a fake clock). */
export function inProcessSession(options?: ServerOptions): LspSession {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, options);
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  return new LspSession(client, () => {
    server.dispose();
    toServer.end();
    toClient.end();
  });
}

/** Initialization options that turn every bottleneck rule off, for tests of the other features. */
export const RULES_OFF = {
  debounceMs: 0,
  rules: Object.fromEntries(RULE_NAMES.map((r) => [r, { severity: 'off' }])),
};

/** A client for a server process started with `--stdio`. */
export function processSession(child: ChildProcess): LspSession {
  if (!child.stdout || !child.stdin) throw new Error('the server process needs piped stdio');
  const client = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  return new LspSession(client, () => undefined);
}
