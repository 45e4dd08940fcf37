// "Did you mean": the known name closest to a misspelt one (an unknown operator, target, parameter
// or command-line option), by edit distance. One helper for the core's messages and the CLI's. Pure.

/**
 * Edit distance: insertions, deletions, substitutions and swaps of two neighbours ('fp61' is one
 * edit from 'fp16'), each costing 1 (optimal string alignment), case-insensitive.
 */
export function editDistance(a: string, b: string): number {
  return distance(a.toLowerCase(), b.toLowerCase());
}

/** The edit distance of two strings already in lower case. */
function distance(s: string, t: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_v, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
    }
    before = prev;
    prev = row;
  }
  return prev[t.length];
}

/**
 * The candidate closest to `name`, if close enough to be a typo: at most a third of the name's
 * length away (at least 1, at most 3 edits). Ties keep the first candidate.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c === name) continue;
    // The difference of the lengths (in lower case, as compared) is a lower bound of the
    // distance: most candidates end here.
    const cl = c.toLowerCase();
    if (Math.abs(cl.length - lower.length) >= bestDistance) continue;
    const d = distance(lower, cl);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** " (did you mean 'conv2d'?)", or '' when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const c = closest(name, candidates);
  return c === undefined ? '' : ` (did you mean '${c}'?)`;
}
