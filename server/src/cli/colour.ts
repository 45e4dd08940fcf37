// ANSI colours for the terminal table and messages: a layer's bound (memory levels yellow, compute
// green, buffer and utilisation magenta), errors red, a crossed gate red. Plain text when colour is
// off (piped output, NO_COLOR; see io.ts).

const CODES = { red: 31, green: 32, yellow: 33, magenta: 35, bold: 1, dim: 2 } as const;
export type Colour = keyof typeof CODES;

export function paint(on: boolean | undefined, colour: Colour, text: string): string {
  return on && text ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
}

/** The colour of a bound: compute green, a memory level yellow, buffer / utilisation magenta. */
export function boundColour(bound: string): Colour | undefined {
  if (bound === 'compute') return 'green';
  if (bound === 'buffer' || bound === 'utilization') return 'magenta';
  if (bound === '' || bound === 'view' || bound === 'none') return undefined;
  return 'yellow';
}

/** Visible width of a string that may hold colour codes. */
export function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '').length;
}
