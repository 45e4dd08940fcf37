// The edit that sets the unroll of a `hardware` block: the numbers of `unroll = (m: .., n: ..)`
// replaced in place (the rest of the line as written), or the whole value rewritten when it lacks
// one of the two factors. Pure; never throws.
import type * as A from '../syntax/ast';
import type { TextEdit } from './edits';

/** The block's `unroll = ...` field, if it has one (the last, as for any field given twice). */
export function unrollField(decl: A.HardwareDecl): A.HwField | undefined {
  return decl.fields.filter((f) => f.key.text === 'unroll' && !f.qualifier).pop();
}

/** The unroll a block writes, when it writes both factors as numbers. */
export function writtenUnroll(decl: A.HardwareDecl): { m: number; n: number } | undefined {
  const v = unrollField(decl)?.value;
  if (v?.kind !== 'factors') return undefined;
  const m = v.items.find((i) => i.key.text === 'm')?.value;
  const n = v.items.find((i) => i.key.text === 'n')?.value;
  return m !== undefined && n !== undefined ? { m, n } : undefined;
}

/** The edits writing unroll (m, n) into the block; [] when it has no `unroll` field. */
export function unrollEdit(text: string, decl: A.HardwareDecl, m: number, n: number): TextEdit[] {
  try {
    const field = unrollField(decl);
    if (!field) return [];
    const value = field.value;
    const items = value?.kind === 'factors' ? value.items : [];
    const itemM = items.find((i) => i.key.text === 'm');
    const itemN = items.find((i) => i.key.text === 'n');
    if (value && itemM && itemN) {
      const edits: TextEdit[] = [];
      for (const [item, v] of [[itemM, m], [itemN, n]] as const) {
        const prefix = /^[A-Za-z_]\w*\s*:\s*/.exec(text.slice(item.start, item.end));
        const start = item.start + (prefix ? prefix[0].length : 0);
        if (text.slice(start, item.end) !== String(v)) edits.push({ start, end: item.end, newText: String(v) });
      }
      return edits.sort((a, b) => a.start - b.start);
    }
    const newText = `(m: ${m}, n: ${n})`;
    return value ? [{ start: value.start, end: value.end, newText }] : [{ start: field.key.end, end: field.end, newText: ` = ${newText}` }];
  } catch {
    return [];
  }
}
