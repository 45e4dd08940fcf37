// The status bar item that tells whether the Roofline language server runs. Its "ready" state
// ("$(pulse) Roofline", tooltip "Roofline ready") is also the signal end-to-end tests wait on; once
// the active model file is analysed, analysisStatus.ts shows its target there (the tooltip still
// starts with "Roofline ready").
import { StatusBarAlignment, window, type StatusBarItem } from 'vscode';

export type ServerStatus = 'starting' | 'ready' | 'stopped';

export const STATUS_ITEM_ID = 'roofline.status';

const LOOKS: Record<ServerStatus, { text: string; tooltip: string }> = {
  starting: { text: '$(sync~spin) Roofline', tooltip: 'Roofline starting' },
  ready: { text: '$(pulse) Roofline', tooltip: 'Roofline ready' },
  stopped: { text: '$(circle-slash) Roofline', tooltip: 'Roofline stopped (click for the log)' },
};

export function createStatusItem(command: string): StatusBarItem {
  const item = window.createStatusBarItem(STATUS_ITEM_ID, StatusBarAlignment.Right, 100);
  item.name = 'Roofline Lens';
  item.command = command;
  showStatus(item, 'starting');
  item.show();
  return item;
}

export function showStatus(item: StatusBarItem, status: ServerStatus): void {
  item.text = LOOKS[status].text;
  item.tooltip = LOOKS[status].tooltip;
}
