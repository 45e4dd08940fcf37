// Saves what the Roofline page exports (the chart as SVG or PNG, the layer table as CSV) to a file
// the user picks. The PNG arrives as a data: URL and is written as bytes.
import { Uri, window, workspace } from 'vscode';

const FILTERS: Record<'svg' | 'png' | 'csv', Record<string, string[]>> = {
  svg: { 'SVG image': ['svg'] },
  png: { 'PNG image': ['png'] },
  csv: { 'CSV table': ['csv'] },
};

export async function saveExport(format: 'svg' | 'png' | 'csv', content: string, baseName: string): Promise<void> {
  const folder = workspace.workspaceFolders?.[0]?.uri;
  const name = `${baseName.replace(/[^\w.-]+/g, '_')}-roofline.${format}`;
  const target = await window.showSaveDialog({ defaultUri: folder ? Uri.joinPath(folder, name) : undefined, filters: FILTERS[format] });
  if (!target) return;
  let bytes: Uint8Array;
  if (format === 'png') {
    const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(content);
    if (!m) {
      void window.showErrorMessage('The PNG export is not a PNG data URL: nothing was saved.');
      return;
    }
    bytes = Buffer.from(m[1], 'base64');
  } else bytes = Buffer.from(content, 'utf8');
  await workspace.fs.writeFile(target, bytes);
  void window.showInformationMessage(`Saved ${target.fsPath}`);
}
