// The language server's entry point (bundled to dist/server.js). `createConnection()` picks the
// transport from the command line: `--node-ipc` when VS Code starts it, `--stdio` for other
// editors (`node dist/server.js --stdio`), `--socket=N` or `--pipe=NAME`. Over stdio the reader is
// watched (lsp/streamGuard.ts): a broken message header is logged and the server exits, never
// silent, so that the client starts it again.
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { guardReader } from './lsp/streamGuard';
import { startServer } from './lsp/startServer';

if (process.argv.includes('--stdio')) {
  const reader = new StreamMessageReader(process.stdin);
  const connection = createConnection(reader, new StreamMessageWriter(process.stdout));
  guardReader(
    reader,
    (message) => {
      process.stderr.write(`roofline language server: ${message}\n`);
      connection.console.error(message);
    },
    (code) => setImmediate(() => process.exit(code)),
  );
  startServer(connection);
} else {
  startServer(createConnection());
}
