// Markdown pieces for pull-request comments (analyze and diff): table rows with escaped cells,
// code spans that survive any layer name (the hovers' fence, ide/markdownText.ts codeSpan).
import { codeSpan } from '../ide/markdownText';

/** A table cell: pipes escaped, line breaks as spaces. */
export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** A code span holding any text, whole (a comment is no hover: nothing is cut), its pipes escaped for a table cell. */
export function mdCode(s: string): string {
  return codeSpan(s.replace(/\|/g, '\\|'), Infinity);
}

/** A Markdown table: a header row, an alignment row ('l' or 'r' per column), the rows. */
export function mdTable(header: string[], align: ('l' | 'r')[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map(line)].join('\n');
}
