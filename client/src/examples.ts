// `Roofline: Open Example Model`: the example models that ship in the extension (its examples/
// folder), offered in a quick pick with the first line of each file's header comment. The chosen
// model is copied once into the extension's global storage, so that it can be edited, saved and
// analysed without touching the installed extension, and opened. The walkthrough's buttons pass a
// file name to open that one directly.
import { Uri, window, workspace, type ExtensionContext, type QuickPickItem } from 'vscode';

export const OPEN_EXAMPLE_COMMAND = 'roofline.openExample';

/** The first line of a model file's header comment, without its '#'. */
export function exampleSummary(text: string): string {
  const first = text.split('\n').find((l) => l.trim().startsWith('#'));
  return first ? first.replace(/^\s*#\s*/, '').trim() : '';
}

async function exampleNames(folder: Uri): Promise<string[]> {
  const entries = await workspace.fs.readDirectory(folder);
  return entries.map(([name]) => name).filter((n) => n.endsWith('.nnm')).sort();
}

export async function openExample(context: ExtensionContext, name?: unknown): Promise<void> {
  const shipped = Uri.joinPath(context.extensionUri, 'examples');
  let file = typeof name === 'string' && /^[\w.-]+\.nnm$/.test(name) ? name : undefined;
  if (!file) {
    const names = await exampleNames(shipped);
    const items: (QuickPickItem & { file: string })[] = [];
    for (const n of names) {
      const text = Buffer.from(await workspace.fs.readFile(Uri.joinPath(shipped, n))).toString('utf8');
      items.push({ label: n, description: exampleSummary(text), file: n });
    }
    const picked = await window.showQuickPick(items, { title: 'Open an example model', placeHolder: 'a model to analyse (a copy you can edit)', matchOnDescription: true });
    if (!picked) return;
    file = picked.file;
  }
  const copies = Uri.joinPath(context.globalStorageUri, 'examples');
  const copy = Uri.joinPath(copies, file);
  await workspace.fs.createDirectory(copies);
  try {
    await workspace.fs.stat(copy);
  } catch {
    await workspace.fs.copy(Uri.joinPath(shipped, file), copy, { overwrite: false });
  }
  await window.showTextDocument(await workspace.openTextDocument(copy), { preview: false });
}
