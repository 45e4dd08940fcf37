// The statements of a body that an edit left alone, matched with what was kept of each before. An
// edit changes one stretch of the text (incremental/textChange.ts), and reparsing keeps the syntax
// objects of the statements outside it (incremental/reparse.ts): they are a run at the start and a
// run at the end of both lists, found by identity from either end, without a table keyed by
// statement (which costs a hashed lookup per statement of every update). A statement matched here
// is the very object of before; whether what was kept of it still holds is the caller's to check.
// Pure.
import type * as A from './ast';

/** For each statement of `now`, what `kept` holds for the same object among `before` (undefined for one not there). */
export function keptStatements<T>(now: readonly A.Statement[], before: readonly A.Statement[] | undefined, kept: readonly T[] | undefined): (T | undefined)[] {
  const out = new Array<T | undefined>(now.length).fill(undefined);
  if (!before || !kept) return out;
  let head = 0;
  while (head < now.length && head < before.length && now[head] === before[head]) {
    out[head] = kept[head];
    head++;
  }
  for (let i = now.length - 1, j = before.length - 1; i >= head && j >= head && now[i] === before[j]; i--, j--) out[i] = kept[j];
  return out;
}
