// A positioned reader of SCALE-Sim topology files: one row a line, cells separated by commas or
// tabs (UNet_maestro.csv is tab-separated; with commas, tabs are white space), a `#` starting a trailing comment (`#dw`), a byte-order
// mark skipped; cells are trimmed, and trailing empty cells (the usual trailing comma) dropped.
// Blank lines and rows of empty cells (`,,,,`) are no rows. Never throws.
import type { Span } from '../../diagnostics/types';

export interface CsvCell {
  text: string;
  span: Span;
}

export interface CsvRow {
  cells: CsvCell[];
  /** The line without its comment and surrounding white space. */
  span: Span;
  /** The trailing comment after `#`, without the `#`. */
  comment?: CsvCell;
  /** Zero-based line number. */
  line: number;
}

function trim(text: string, start: number, end: number): Span {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** The first `ch` in text[from, to), or -1: never searches past the line. */
function indexIn(text: string, ch: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (text[i] === ch) return i;
  return -1;
}

/** The rows of the text, at most `maxRows` of them (the rest is not read). */
export function readRows(text: string, maxRows = Infinity): CsvRow[] {
  const rows: CsvRow[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  while (start <= text.length && rows.length < maxRows) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const hash = indexIn(text, '#', start, end);
    const contentEnd = hash >= 0 ? hash : end;
    const cells: CsvCell[] = [];
    // Commas separate the cells when the line has any (tabs are then white space, as the
    // indentation in mobilnet_paper.csv); otherwise tabs do (UNet_maestro.csv).
    const lineText = text.slice(start, contentEnd);
    const sep = lineText.includes(',') ? ',' : '\t';
    const content = trim(text, start, contentEnd);
    let cellStart = content.start;
    for (let i = content.start; i <= content.end; i++) {
      if (i === content.end || text[i] === sep) {
        const span = trim(text, cellStart, i);
        cells.push({ text: text.slice(span.start, span.end), span });
        cellStart = i + 1;
      }
    }
    while (cells.length > 0 && cells[cells.length - 1].text === '') cells.pop();
    if (cells.length > 0) {
      const row: CsvRow = { cells, span: content, line };
      if (contentEnd < end) {
        const c = trim(text, contentEnd + 1, end);
        row.comment = { text: text.slice(c.start, c.end), span: { start: contentEnd, end: c.end } };
      }
      rows.push(row);
    }
    start = end + 1;
    line++;
  }
  return rows;
}
