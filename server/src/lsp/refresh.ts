// Asks the client to re-request inlay hints and code lenses when what they show changed without an
// edit: their setting was switched, or the target setting changed and every document was
// re-analysed. Only for clients that declare refresh support, and only after initialisation.
import { CodeLensRefreshRequest, type ClientCapabilities, type Connection } from 'vscode-languageserver';

export interface RefreshSupport {
  inlayHints: boolean;
  codeLens: boolean;
}

export function refreshSupport(caps: ClientCapabilities): RefreshSupport {
  return { inlayHints: caps.workspace?.inlayHint?.refreshSupport === true, codeLens: caps.workspace?.codeLens?.refreshSupport === true };
}

export function refreshViews(connection: Connection, support: RefreshSupport, what: RefreshSupport, log: (m: string) => void): void {
  const failed = (feature: string) => (error: unknown) => log(`refreshing ${feature} failed: ${String(error)}`);
  if (what.inlayHints && support.inlayHints) connection.languages.inlayHint.refresh().catch(failed('inlay hints'));
  if (what.codeLens && support.codeLens) connection.sendRequest(CodeLensRefreshRequest.type).catch(failed('code lenses'));
}
