// A positioned parser of Darknet's .cfg files (INI-like): `[section]` headers, `key=value` options
// (spaces around either are ignored, as Darknet strips them), comment lines starting with `#` or `;`
// and, beyond Darknet, a `#` comment after a value. Every section, key and value keeps its offsets.
// One pass over the lines; never throws; a line that is neither is one RL701 diagnostic.
import { diag } from '../../diagnostics/catalogue';
import { DiagnosticList } from '../../diagnostics/limitDiagnostics';
import type { Diagnostic, Span } from '../../diagnostics/types';
import { layerLimit, moreThanLayers } from '../../limits';

export interface CfgOption {
  key: string;
  keySpan: Span;
  /** The value with all white space removed, as Darknet reads it. */
  value: string;
  valueSpan: Span;
  /** The value as written (white space kept), for the offsets of list items. */
  raw: string;
  /** The whole `key=value` text of the line. */
  span: Span;
}

export interface CfgSection {
  /** The name between the brackets, lower-cased (`convolutional`). */
  type: string;
  /** The `[convolutional]` text. */
  header: Span;
  /** From the header to the end of the section's last option. */
  span: Span;
  options: CfgOption[];
}

export interface ParsedCfg {
  sections: CfgSection[];
  diagnostics: Diagnostic[];
}

/** The span of `text.slice(start, end)` without its leading and trailing white space. */
function trimmed(text: string, start: number, end: number): Span {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** The first `ch` in text[from, to), or -1: never searches past the line. */
function indexIn(text: string, ch: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (text[i] === ch) return i;
  return -1;
}

export function parseCfg(text: string): ParsedCfg {
  const sections: CfgSection[] = [];
  const diagnostics = new DiagnosticList();
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = trimmed(text, lineStart, lineEnd);
    const next = lineEnd + 1;
    const first = text[line.start];
    if (line.start === line.end || first === '#' || first === ';') {
      lineStart = next;
      continue;
    }
    if (first === '[' && sections.length >= layerLimit()) {
      // Past the layer limit, the rest of the file is not read (its sections would be layers).
      diagnostics.push(diag('RL215', line, `${moreThanLayers('sections')}: the rest of the file is not read`));
      break;
    }
    if (first === '[') {
      const close = indexIn(text, ']', line.start, line.end);
      if (close < 0) {
        diagnostics.push(diag('RL701', line, `section header '${text.slice(line.start, line.end)}' is not closed with ']'`));
      }
      const headerEnd = close >= 0 ? close + 1 : line.end;
      const name = trimmed(text, line.start + 1, close >= 0 ? close : line.end);
      const rest = trimmed(text, headerEnd, line.end);
      if (rest.start < rest.end && text[rest.start] !== '#' && text[rest.start] !== ';') {
        diagnostics.push(diag('RL701', rest, `unexpected text after the section header`));
      }
      const header = { start: line.start, end: headerEnd };
      sections.push({ type: text.slice(name.start, name.end).toLowerCase(), header, span: { ...header }, options: [] });
      lineStart = next;
      continue;
    }
    // A `#` after the value starts a comment (Darknet itself would keep it in the value).
    let contentEnd = line.end;
    const hash = indexIn(text, '#', line.start, line.end);
    if (hash >= 0) contentEnd = trimmed(text, line.start, hash).end;
    const eq = indexIn(text, '=', line.start, contentEnd);
    const section = sections[sections.length - 1];
    if (eq < 0) {
      diagnostics.push(diag('RL701', { start: line.start, end: contentEnd }, `expected key=value or a [section], found '${text.slice(line.start, contentEnd)}'`));
    } else {
      const keySpan = trimmed(text, line.start, eq);
      const valueSpan = trimmed(text, eq + 1, contentEnd);
      const key = text.slice(keySpan.start, keySpan.end).replace(/\s+/g, '');
      if (!key) diagnostics.push(diag('RL701', { start: line.start, end: contentEnd }, 'an option needs a name before its ='));
      else if (!section) diagnostics.push(diag('RL701', { start: line.start, end: contentEnd }, `option '${key}' is outside any [section]`));
      else {
        section.options.push({ key, keySpan, value: text.slice(valueSpan.start, valueSpan.end).replace(/\s+/g, ''), valueSpan, raw: text.slice(valueSpan.start, valueSpan.end), span: { start: line.start, end: contentEnd } });
        section.span.end = contentEnd;
      }
    }
    lineStart = next;
  }
  return { sections, diagnostics: diagnostics.all() };
}
