// The server's settings and where they come from: `initializationOptions` at start, then the
// client's `roofline` configuration section (pushed with didChangeConfiguration, or pulled with
// workspace/configuration). Values are checked; anything malformed falls back to the default.

export interface ServerSettings {
  /** Delay between the last edit and the re-analysis; 0 analyses on every change. */
  debounceMs: number;
  /**
   * The target of files that say none (`use target`): a catalog name, or the path of a
   * `*.target.json` file (relative paths from the first workspace folder).
   */
  target: string;
}

/** The target when neither the file nor the settings name one: the best-known datacentre GPU. */
export const DEFAULT_TARGET = 'h100-sxm';

export const DEFAULT_SETTINGS: ServerSettings = { debounceMs: 75, target: DEFAULT_TARGET };

const MAX_DEBOUNCE_MS = 2000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function debounce(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(v, MAX_DEBOUNCE_MS) : undefined;
}

/** Settings from `initializationOptions`: `{ debounceMs }`, or the shape of the `roofline` section. */
export function fromInitializationOptions(options: unknown, base: ServerSettings = DEFAULT_SETTINGS): ServerSettings {
  if (!isRecord(options)) return base;
  const next = fromSection(options, base);
  const direct = debounce(options.debounceMs);
  return direct !== undefined ? { ...next, debounceMs: direct } : next;
}

/** Settings from the `roofline` configuration section: `{ analysis: { debounceMs }, target }`. */
export function fromSection(section: unknown, base: ServerSettings = DEFAULT_SETTINGS): ServerSettings {
  if (!isRecord(section)) return base;
  let next = base;
  if (isRecord(section.analysis)) {
    const ms = debounce(section.analysis.debounceMs);
    if (ms !== undefined) next = { ...next, debounceMs: ms };
  }
  if (typeof section.target === 'string') next = { ...next, target: section.target.trim() || DEFAULT_TARGET };
  return next;
}

/** The `roofline` section out of a didChangeConfiguration payload (`{ roofline: {...} }`), if pushed. */
export function pushedSection(settings: unknown): unknown {
  return isRecord(settings) ? settings.roofline : undefined;
}
