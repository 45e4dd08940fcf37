// Plain-text tables for the terminal: right-aligned numbers, left-aligned text. Cells may hold
// colour codes (colour.ts): widths count the visible characters only. Numbers come formatted by
// the core's one formatter (formatCount and the others, through core.ts).
import { visibleLength } from './colour';

export interface Column {
  title: string;
  align: 'left' | 'right';
}

function pad(cell: string, width: number, align: Column['align']): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(cell)));
  return align === 'right' ? fill + cell : cell + fill;
}

export function renderTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i], columns[i].align))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
