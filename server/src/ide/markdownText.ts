// User text in Markdown (hovers): names of layers, models, targets and blocks, and messages that
// quote them, come from model files, and a Caffe layer named `` a`![x](http://..)` `` must not close
// its code span and render the rest as live Markdown (images, links, `command:` links). `codeSpan`
// puts any text in inline code that nothing in it can close; `markdownText` escapes every Markdown
// character of plain text. Both keep one line and cut a long text short (core LIMITS.quotedChars).
import { LIMITS } from '../core';

/** One line: line breaks (which could end the paragraph) become spaces; cut to `max` characters. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/[\r\n\u2028\u2029]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Inline code of any text: fenced by more backticks than its longest run, padded when it starts or ends with one. */
export function codeSpan(text: string, max: number = LIMITS.quotedChars): string {
  const body = oneLine(text, max);
  let longest = 0;
  let run = 0;
  for (const ch of body) {
    run = ch === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || body === '' ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * Plain text with every character escaped that could start Markdown here: code, emphasis, links and
 * images (`[`, `]`, `!`), autolinks and HTML (`<`), tables, strikethrough, entities, headings; an
 * underscore only at a word's edge (inside a word, as in `conv_1`, CommonMark gives it no meaning).
 */
export function markdownText(text: string, max = 2_000): string {
  return oneLine(text, max).replace(/[\\`*[\]<>!|~&#]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, (c) => `\\${c}`);
}
