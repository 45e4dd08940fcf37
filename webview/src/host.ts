// The page's link to whoever shows it. In VS Code: acquireVsCodeApi() (messages to the extension,
// getState/setState that survive hiding and reloads). Anywhere else (a plain browser, the standalone
// report, a test page) a stand-in that keeps the state in memory and posts messages to the parent
// frame, or nowhere when there is none; the data then comes from the page itself, in
// <script type="application/json" id="roofline-data">. A standalone report that carries the
// analysis core (`window.rooflineEngine`, server/src/report/reportEngine.ts) answers the what-if
// controls itself; the controls it cannot answer are hidden (`controls`).
import { ALL_CONTROLS, applyWhatIf, ENGINE_GLOBAL, NO_CONTROLS, type HostMessage, type OfflineEngine, type PageMessage, type PanelData, type WhatIf, type WhatIfControls } from '../../server/src/protocol/panel';
import { isPanelData, parseHostMessage } from './messages';

/** The part of VS Code's webview API that the page uses. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): unknown;
}

/** 'vscode': a webview panel; 'frame': a page inside another page; 'standalone': a report on its own. */
export type HostKind = 'vscode' | 'frame' | 'standalone';

export interface Host {
  readonly kind: HostKind;
  /** The what-if controls that work here. */
  readonly controls: WhatIfControls;
  post(message: PageMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
  /** The data embedded in the page, when it is a standalone report. */
  initialData(): PanelData | undefined;
  /** Listens for host messages that conform to the protocol; returns the unsubscribe. */
  onMessage(listener: (message: HostMessage) => void): () => void;
}

export const DATA_ELEMENT_ID = 'roofline-data';

type WithApi = Window & { acquireVsCodeApi?: () => VsCodeApi; [ENGINE_GLOBAL]?: OfflineEngine };

/** The engine a standalone report carries, when it has the shape of one. */
function engineOf(win: WithApi): OfflineEngine | undefined {
  const e = win[ENGINE_GLOBAL];
  return e && typeof e.run === 'function' && typeof e.controls === 'object' ? e : undefined;
}

export function createHost(win: Window): Host {
  const acquire = (win as WithApi).acquireVsCodeApi;
  let api: VsCodeApi | undefined;
  let kind: HostKind = 'standalone';
  if (typeof acquire === 'function') {
    // acquireVsCodeApi may be called once per page load; this is the one call.
    api = acquire();
    kind = 'vscode';
  } else if (win.parent && win.parent !== win) {
    kind = 'frame';
  }
  let memory: unknown;
  const engine = kind === 'standalone' ? engineOf(win as WithApi) : undefined;
  const listeners: ((message: HostMessage) => void)[] = [];
  let whatIf: WhatIf = {};
  /** The engine's answer to a what-if, delivered as the extension's would be (after this turn). */
  const answer = (message: PageMessage): void => {
    const next = engine ? applyWhatIf(whatIf, message) : undefined;
    if (!engine || !next) return;
    whatIf = next;
    const r = engine.run(whatIf);
    const reply: HostMessage = 'data' in r ? { type: 'update', data: r.data } : { type: 'error', message: r.error };
    win.setTimeout(() => {
      for (const l of [...listeners]) l(reply);
    }, 0);
  };
  return {
    kind,
    controls: kind === 'standalone' ? (engine?.controls ?? NO_CONTROLS) : ALL_CONTROLS,
    post(message) {
      if (api) api.postMessage(message);
      else if (kind === 'frame') win.parent.postMessage(message, '*');
      else answer(message);
    },
    getState() {
      return api ? api.getState() : memory;
    },
    setState(state) {
      if (api) api.setState(state);
      else memory = state;
    },
    initialData() {
      const el = win.document.getElementById(DATA_ELEMENT_ID);
      if (!el?.textContent) return undefined;
      try {
        const parsed: unknown = JSON.parse(el.textContent);
        return isPanelData(parsed) ? parsed : undefined;
      } catch {
        return undefined;
      }
    },
    onMessage(listener) {
      const handler = (e: MessageEvent): void => {
        const m = parseHostMessage(e.data);
        if (m) listener(m);
      };
      win.addEventListener('message', handler);
      listeners.push(listener);
      return () => {
        win.removeEventListener('message', handler);
        listeners.splice(listeners.indexOf(listener), 1);
      };
    },
  };
}
