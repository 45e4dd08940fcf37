// The settings a document is analysed with: those of its workspace folder (VS Code's settings of
// scope `resource`: the target, the fusion policy, the bottleneck rules can differ per folder),
// else the window's. The server pulls one `roofline` section per folder (workspace/configuration
// with the folder as scopeUri) when the client can answer; without that, every document gets the
// window's settings. A folder's `roofline.target` file path is read relative to that folder.
import type { Target } from '../core';
import type { ServerSettings } from './settings';
import { resolveTargetSetting } from './targetSetting';

export interface FolderEntry {
  uri: string;
  settings: ServerSettings;
  /** The folder's `roofline.target`, resolved (a catalog name, or a target file read). */
  target: Target | string;
}

/** The workspace folder holding a document: the longest folder URI that is a prefix of it. */
export function folderOf<T extends { uri: string }>(folders: readonly T[], documentUri: string): T | undefined {
  let best: T | undefined;
  for (const f of folders) {
    const base = f.uri.endsWith('/') ? f.uri : `${f.uri}/`;
    if (documentUri.startsWith(base) && (!best || f.uri.length > best.uri.length)) best = f;
  }
  return best;
}

export function folderEntry(uri: string, settings: ServerSettings, log: (m: string) => void): FolderEntry {
  return { uri, settings, target: resolveTargetSetting(settings.target, [uri], log) };
}

/** True when a folder's settings change what its documents' analyses say. */
export function analysisChanged(a: ServerSettings, b: ServerSettings): boolean {
  return a.target !== b.target || a.fusion !== b.fusion || JSON.stringify(a.rules) !== JSON.stringify(b.rules);
}
