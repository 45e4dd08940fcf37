// Plain-text tables for the terminal: right-aligned numbers, left-aligned text.

export interface Column {
  title: string;
  align: 'left' | 'right';
}

export function renderTable(columns: Column[], rows: string[][]): string {
  // A loop, not Math.max(...rows): a table of 125,000 rows would overflow the call stack.
  const widths = columns.map((c, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), c.title.length));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** 4089184256 -> "4,089,184,256". */
export function thousands(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
