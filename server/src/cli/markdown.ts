// Markdown pieces for pull-request comments (analyze and diff): table rows with escaped cells,
// code spans that survive any layer name.

/** A table cell: pipes escaped, line breaks as spaces. */
export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** A code span holding any text: as many backticks around it as it needs. */
export function mdCode(s: string): string {
  const runs = s.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ')}${pad}${fence}`;
}

/** A Markdown table: a header row, an alignment row ('l' or 'r' per column), the rows. */
export function mdTable(header: string[], align: ('l' | 'r')[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map(line)].join('\n');
}
