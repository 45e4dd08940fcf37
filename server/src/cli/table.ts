// Plain-text tables for the terminal: right-aligned numbers, left-aligned text.

export interface Column {
  title: string;
  align: 'left' | 'right';
}

export function renderTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** 4089184256 -> "4,089,184,256": the project's exact count (protocol/format.ts), under the name the commands use. */
export { formatCount as thousands } from '../protocol/format';
