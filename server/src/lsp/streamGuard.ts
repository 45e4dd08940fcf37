// What the server does when the byte stream of the protocol breaks (stdio, socket or pipe: IPC
// carries whole messages and cannot break this way). A message header without a Content-Length
// (or with one that is not a number) leaves no way to know where the next message starts: the
// library's reader would stay silent for ever. So the problem is logged (to the client and to
// standard error) and the server exits with status 1, and the client restarts it, which VS Code's
// language client does by itself. A message whose header is right but whose body is not JSON
// leaves the stream in step: it is logged and skipped, and the server goes on.
import type { MessageReader } from 'vscode-languageserver/node';

/** True for a reader error that means the framing of the stream is lost (a broken header). */
function isFramingError(error: Error): boolean {
  return /Content-Length|message header/i.test(error.message);
}

/** Watches a reader: a broken header is logged and ends the process through `exit`; other read errors are logged. */
export function guardReader(reader: MessageReader, log: (message: string) => void, exit: (code: number) => void): void {
  reader.onError((error) => {
    const first = error.message.split('\n')[0];
    if (isFramingError(error)) {
      log(`malformed message header (${first}): the stream cannot be followed any more; the server exits so that the client restarts it`);
      exit(1);
    } else {
      log(`an unreadable message was skipped: ${first}`);
    }
  });
}
