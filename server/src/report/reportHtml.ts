// The standalone HTML report: one self-contained file with the webview bundle and stylesheet
// inline and the PanelData embedded as JSON, under a CSP that allows nothing from the network
// (default-src 'none'; images only data:; style and script only by nonce). It opens in any browser
// offline and draws the same page as the panel. With the analysis core (dist/reportEngine.js) and
// the report's source (reportSource.ts) inlined too, its what-if controls work offline. Pure: the
// caller reads the bundles and writes the result.
import { SOURCE_ELEMENT_ID, type PanelData } from '../protocol/panel';
import type { ReportSource } from './reportSource';
import { checkNonce, makeNonce, pageHtml } from '../ide/pageHtml';

export interface InlinePageOptions {
  script: string;
  css: string;
  title: string;
  /** Embedded as <script type="application/json" id="roofline-data">; none: the page waits for messages. */
  data?: PanelData;
  /** A fixed nonce (tests); a random one by default. */
  nonce?: string;
  /** The analysis core (dist/reportEngine.js) and what it analyses: the what-ifs then work offline. */
  engine?: { script: string; source: ReportSource };
}

export function reportCsp(nonce: string): string {
  return `default-src 'none'; img-src data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'`;
}

/** JSON that cannot end the <script> element it sits in: every '<' is written \u003c. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Script text safe inside <script>: no '</script' nor '<!--' (which changes how the parser reads
 *  the rest), and no source-map comment pointing at a file that is not there. Both escapes ('<\/'
 *  and '<\x21') mean the same inside a string, a template or a regular expression, where alone
 *  such text can occur in a bundle. */
export function inlineScript(js: string): string {
  return js
    .replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n')
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\x21--');
}

/** Style text safe inside <style>. */
export function inlineStyle(css: string): string {
  return css.replace(/\/\*# sourceMappingURL=\S*\s*\*\/\s*$/, '').replace(/<\/(style)/gi, '<\\/$1');
}

/** The page with everything inline; the data is optional (a test page waits for 'update'). */
export function inlinePageHtml(o: InlinePageOptions): string {
  const nonce = checkNonce(o.nonce ?? makeNonce());
  const data = o.data !== undefined ? `<script type="application/json" id="roofline-data">${embedJson(o.data)}</script>\n` : '';
  // The engine first: the page's script finds it when it starts.
  const engine = o.engine ? `<script type="application/json" id="${SOURCE_ELEMENT_ID}">${embedJson(o.engine.source)}</script>\n<script nonce="${nonce}">\n${inlineScript(o.engine.script)}\n</script>\n` : '';
  return pageHtml({
    csp: reportCsp(nonce),
    nonce,
    title: o.title,
    head: `<style nonce="${nonce}">\n${inlineStyle(o.css)}\n</style>`,
    tail: `${data}${engine}<script nonce="${nonce}">\n${inlineScript(o.script)}\n</script>`,
    bodyClass: 'rl-report',
  });
}

export interface ReportHtmlOptions {
  data: PanelData;
  script: string;
  css: string;
  title: string;
  nonce?: string;
  engine?: { script: string; source: ReportSource };
}

export function reportHtml(o: ReportHtmlOptions): string {
  return inlinePageHtml(o);
}
