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
  // A loop, not Math.max(...rows): a table of 125,000 rows would overflow the call stack.
  const widths = columns.map((c, i) => rows.reduce((w, r) => Math.max(w, visibleLength(r[i] ?? '')), c.title.length));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i], columns[i].align))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
