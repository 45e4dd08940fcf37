// The HTML of the VS Code Roofline panel: the webview bundle and its stylesheet by URI (from
// webview.asWebviewUri), under a nonce'd CSP: nothing loads but the extension's own files, the
// only script is the one with the nonce, no inline style attribute applies, images only from the
// extension or data: URLs (the PNG export draws the chart through one). The nonce is also in
// <meta property="csp-nonce">, where the toolkit's FAST library finds it for the one <style>
// element it creates (a :focus-visible probe); without it that probe breaks the CSP. Pure.
import { checkNonce, escapeHtml, pageHtml } from './pageHtml';

export interface PanelHtmlOptions {
  /** webview.asWebviewUri(dist/webview.js).toString() */
  scriptUri: string;
  /** webview.asWebviewUri(dist/webview.css).toString() */
  styleUri: string;
  /** webview.cspSource */
  cspSource: string;
  /** A fresh random nonce per page load. */
  nonce: string;
  title?: string;
}

export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** webview.cspSource as VS Code gives it ("'self' https://*.vscode-cdn.net"): source expressions
 *  separated by spaces, 'self' or a scheme/host source. Anything else (a ';' above all) could add
 *  directives to the policy, so it is refused. */
export function checkCspSource(cspSource: string): string {
  const tokens = cspSource.trim().split(/\s+/);
  const ok = tokens.length > 0 && tokens.every((t) => t === "'self'" || /^[a-z][a-z0-9+.-]*:(\/\/[^\s;,'"]*)?$|^(\*\.)?[a-z0-9.-]+(:\d+)?$/i.test(t));
  if (!ok) throw new Error(`cspSource is a list of sources, as webview.cspSource gives it: ${JSON.stringify(cspSource)}`);
  return tokens.join(' ');
}

export function panelHtml(o: PanelHtmlOptions): string {
  const nonce = checkNonce(o.nonce);
  return pageHtml({
    csp: panelCsp(checkCspSource(o.cspSource), nonce),
    nonce,
    title: o.title ?? 'Roofline',
    head: `<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(o.styleUri)}">`,
    tail: `<script nonce="${nonce}" src="${escapeHtml(o.scriptUri)}"></script>`,
    bodyClass: 'rl-panel',
  });
}
