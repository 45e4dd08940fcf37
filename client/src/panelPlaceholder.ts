// A stand-in for `roofline.showPanel` (the code lens above each model runs it) until the Roofline
// panel registers the command itself. Registered only when nothing has registered the id yet; delete
// this file and its call in extension.ts when the panel lands.
import { commands, window, type Disposable } from 'vscode';

export const SHOW_PANEL_COMMAND = 'roofline.showPanel';

export async function registerPanelPlaceholder(): Promise<Disposable | undefined> {
  if ((await commands.getCommands(true)).includes(SHOW_PANEL_COMMAND)) return undefined;
  return commands.registerCommand(SHOW_PANEL_COMMAND, () => void window.showInformationMessage('The Roofline panel is not available yet'));
}
