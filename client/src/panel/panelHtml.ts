// The Roofline panel's HTML for the client: the one pure function that the server's report module
// also builds on (server/src/report/panelHtml.ts), re-exported where the panel code looks for it.
export { panelHtml, panelCsp, type PanelHtmlOptions } from '../../../server/src/report/panelHtml';
export { makeNonce } from '../../../server/src/report/html';
