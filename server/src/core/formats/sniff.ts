// What the formats' sniffers (their `sniff` in the registry) share: whether a line of a text starts,
// after white space, with what a pattern accepts. One pass over the lines, the pattern run on the
// start of one line at a time: no regular expression spans lines, so a text of line breaks and
// spaces cannot make a sniffer backtrack over the whole text (`/^\s*\[net\]/m` did: quadratic).
// Imports nothing (the format folders and detect.ts both read it).

/** True when a line of `text` starts, after white space, with what `test` accepts (given its first 64 characters). */
export function someLineStarts(text: string, test: RegExp): boolean {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let end = text.indexOf('\n', i);
    if (end < 0) end = n;
    let k = i;
    while (k < end && (text[k] === ' ' || text[k] === '\t' || text[k] === '\r' || text[k] === '\f' || text[k] === '\v')) k++;
    if (k < end && test.test(text.slice(k, Math.min(end, k + 64)))) return true;
    i = end + 1;
  }
  return false;
}
