// textDocument/definition: from a name use (tensor, param, block parameter, block) to the name
// where it is bound, using the references name resolution records; `use target X` goes to the
// hardware block X of the same file.
import type { Location, Position } from 'vscode-languageserver';
import type { Span } from '../core';
import type { DocumentAnalysis } from './documents';
import { toOffset, toRange } from './positions';
import { contains } from '../ide/syntaxAt';

function targetDecl(r: DocumentAnalysis, offset: number): Span | undefined {
  // Prefer a reference the cursor is strictly inside, then one it touches at the end.
  const refs = r.analysis.references.filter((ref) => contains(ref.span, offset));
  const ref = refs.find((x) => offset < x.span.end) ?? refs[0];
  if (ref) return ref.decl;
  for (const item of r.analysis.file.items) {
    if (item.kind !== 'use' || item.what.text !== 'target' || item.value?.kind !== 'name' || !contains(item.value, offset)) continue;
    const name = item.value.text;
    const hw = r.analysis.file.items.find((i) => i.kind === 'hardware' && i.name.text === name);
    if (hw && hw.kind === 'hardware') return hw.name;
  }
  return undefined;
}

export function definition(r: DocumentAnalysis, position: Position): Location | null {
  const decl = targetDecl(r, toOffset(r.index, position));
  return decl ? { uri: r.uri, range: toRange(r.index, decl) } : null;
}
