// Shared geometry of the charts: the plot box inside the margins, an axis tick, and the rounding
// of pixel coordinates (to 1/100 px: the SVG stays small and tests can compare exactly). Pure.

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Tick {
  value: number;
  /** Pixel position along its axis. */
  pos: number;
  label: string;
}

export const px = (v: number): number => Math.round(v * 100) / 100;
