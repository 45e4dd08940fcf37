// The width of chart text, estimated without a DOM (about 6.2 px a character at the charts' 11 px
// font): enough to lay out the legend and to keep roof labels off the points. Pure.

export function textWidth(s: string): number {
  return Math.ceil(s.length * 6.2);
}
