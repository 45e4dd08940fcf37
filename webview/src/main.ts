// Entry of the Roofline page (dist/webview.js, an IIFE; its stylesheet comes out of this import as
// dist/webview.css). It finds its host (VS Code, a parent frame, or none), picks the controls
// (toolkit components in VS Code, native ones elsewhere), restores what the page remembered, draws
// the embedded data of a standalone report if any, then listens to the host and says 'ready'.
import './style.css';
import { createApp } from './app';
import { createHost } from './host';
import { loadToolkit } from './toolkit';

function start(): void {
  const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
  const host = createHost(window);
  // Toolkit components in VS Code, unless the page asks for native controls.
  const toolkit = loadToolkit(document, host.kind === 'vscode' && document.documentElement.dataset.controls !== 'native');
  const app = createApp({ root, host, toolkit });
  const embedded = host.initialData();
  if (embedded) app.render(embedded);
  host.onMessage((m) => app.handle(m));
  host.post({ type: 'ready' });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
