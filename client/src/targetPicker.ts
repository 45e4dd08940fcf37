// Roofline: Select Target. A quick pick of the active file's hardware blocks and the catalog (the
// server's roofline/listTargets) and the workspace's `*.target.json` files, each with its kind,
// peak and bandwidth; the choice goes to the `roofline.target` setting (the workspace's when a
// folder is open, else the user's). A file's own `use target` wins over the setting: the
// placeholder says so.
import { ConfigurationTarget, QuickPickItemKind, Uri, window, workspace, type QuickPickItem } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LIST_TARGETS, type ListTargetsParams, type TargetChoice } from '../../server/src/protocol/lsp';
import { DEFAULT_TARGET } from '../../server/src/protocol/settings';
import type { AnalysisStatus } from './analysisStatus';
import { CONFIGURATION_SECTION } from './languageClient';
import { summariseTargetFile, type TargetFileSummary } from './targetFileSummary';

export const SELECT_TARGET_COMMAND = 'roofline.selectTarget';
const MAX_TARGET_FILES = 200;

interface TargetItem extends QuickPickItem {
  /** The value written to the setting. */
  value?: string;
}

function separator(label: string): TargetItem {
  return { label, kind: QuickPickItemKind.Separator };
}

function choiceItem(c: TargetChoice, current: string): TargetItem {
  const mark = c.name === current ? '$(check) ' : '';
  return { label: `${mark}${c.name}`, description: c.title, detail: [c.kind, c.detail].filter(Boolean).join(' · '), value: c.name };
}

/** The setting's value for a target file: relative to the first workspace folder, else absolute. */
function settingPath(uri: Uri): string {
  const first = workspace.workspaceFolders?.[0];
  if (first && uri.fsPath.startsWith(first.uri.fsPath)) return workspace.asRelativePath(uri, false);
  return uri.fsPath;
}

async function targetFileItems(current: string): Promise<TargetItem[]> {
  const files = await workspace.findFiles('**/*.target.json', '**/node_modules/**', MAX_TARGET_FILES);
  const items: TargetItem[] = [];
  for (const uri of files.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
    let summary: TargetFileSummary = { detail: 'target file' };
    try {
      summary = summariseTargetFile(new TextDecoder().decode(await workspace.fs.readFile(uri)));
    } catch {
      // Unreadable: offered anyway; the server reports the problem if it is chosen.
    }
    const value = settingPath(uri);
    items.push({ label: `${value === current ? '$(check) ' : ''}$(file) ${value}`, description: summary.title, detail: summary.detail, value });
  }
  return items;
}

function activeModelUri(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const doc = window.activeTextEditor?.document;
  return doc?.languageId === 'nnm' ? doc.uri.toString() : undefined;
}

export async function selectTarget(client: LanguageClient, status: AnalysisStatus, arg?: unknown): Promise<void> {
  const config = workspace.getConfiguration(CONFIGURATION_SECTION);
  const current = config.get<string>('target', DEFAULT_TARGET);
  const uri = activeModelUri(arg);
  const params: ListTargetsParams = uri ? { uri } : {};
  const [choices, files] = await Promise.all([
    client.isRunning() ? client.sendRequest<TargetChoice[]>(LIST_TARGETS, params).catch(() => [] as TargetChoice[]) : Promise.resolve([] as TargetChoice[]),
    targetFileItems(current),
  ]);
  const fromFile = choices.filter((c) => c.from === 'file');
  const catalog = choices.filter((c) => c.from === 'catalog');
  const items: TargetItem[] = [];
  if (fromFile.length > 0) items.push(separator('hardware blocks of this file'), ...fromFile.map((c) => choiceItem(c, current)));
  if (files.length > 0) items.push(separator('target files'), ...files);
  if (catalog.length > 0) items.push(separator('catalog'), ...catalog.map((c) => choiceItem(c, current)));
  if (items.length === 0) items.push({ label: current, description: 'the server is not running: only the current setting is known', value: current });
  const own = uri ? status.analysisOf(uri)?.target : undefined;
  const placeHolder =
    own?.origin === 'file'
      ? `This file chooses ${own.name} with \`use target\`, which wins over the setting; the choice applies to files without one`
      : `Target of model files without \`use target\` (now ${current})`;
  const picked = await window.showQuickPick(items, { title: 'Roofline: Select Target', placeHolder, matchOnDescription: true, matchOnDetail: true });
  if (!picked?.value) return;
  const scope = workspace.workspaceFolders && workspace.workspaceFolders.length > 0 ? ConfigurationTarget.Workspace : ConfigurationTarget.Global;
  await config.update('target', picked.value, scope);
}
