// The HTML skeleton shared by the VS Code panel and the standalone report: escaping, a nonce, the
// Content-Security-Policy meta tag, and the page around the root element the webview draws into.
// Pure: no node imports (it runs in the extension client, the CLI and tests alike).

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

/** 32 random characters from the platform's CSPRNG (Web Crypto: browsers and Node >= 19). */
export function makeNonce(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += alphabet[bytes[i % bytes.length] % alphabet.length];
  return out;
}

/** A nonce may only hold base64 characters: anything else could break out of the policy. */
export function checkNonce(nonce: string): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error('a CSP nonce is 16 or more base64 characters');
  return nonce;
}

export interface PageParts {
  csp: string;
  /** The page's nonce, also published as <meta property="csp-nonce"> for libraries that create
   *  <style> elements and look for it there (FAST, under @vscode/webview-ui-toolkit). */
  nonce: string;
  title: string;
  /** Extra markup for <head> (stylesheet link or inline style), already safe. */
  head: string;
  /** Markup after the root element (data and script tags), already safe. */
  tail: string;
  bodyClass?: string;
}

export const ROOT_ID = 'root';

export function pageHtml(p: PageParts): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(p.csp)}">`,
    `<meta property="csp-nonce" content="${escapeHtml(p.nonce)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(p.title)}</title>`,
    p.head,
    '</head>',
    `<body${p.bodyClass ? ` class="${escapeHtml(p.bodyClass)}"` : ''}>`,
    `<div id="${ROOT_ID}">Waiting for an analysis…</div>`,
    p.tail,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
