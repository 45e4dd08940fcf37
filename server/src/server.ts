// The language server's entry point (bundled to dist/server.js). `createConnection()` picks the
// transport from the command line: `--node-ipc` when VS Code starts it, `--stdio` for other
// editors (`node dist/server.js --stdio`), `--socket=N` or `--pipe=NAME`.
import { createConnection } from 'vscode-languageserver/node';
import { startServer } from './lsp/startServer';

startServer(createConnection());
