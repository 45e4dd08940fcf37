// The server's settings and where they come from: `initializationOptions` at start, then the
// client's `roofline` configuration section (pushed with didChangeConfiguration, or pulled with
// workspace/configuration). Values are checked; anything malformed falls back to the default.

export interface ServerSettings {
  /** Delay between the last edit and the re-analysis; 0 analyses on every change. */
  debounceMs: number;
}

export const DEFAULT_SETTINGS: ServerSettings = { debounceMs: 75 };

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
  const direct = debounce(options.debounceMs);
  if (direct !== undefined) return { ...base, debounceMs: direct };
  return fromSection(options, base);
}

/** Settings from the `roofline` configuration section: `{ analysis: { debounceMs } }`. */
export function fromSection(section: unknown, base: ServerSettings = DEFAULT_SETTINGS): ServerSettings {
  if (!isRecord(section) || !isRecord(section.analysis)) return base;
  const ms = debounce(section.analysis.debounceMs);
  return ms === undefined ? base : { ...base, debounceMs: ms };
}

/** The `roofline` section out of a didChangeConfiguration payload (`{ roofline: {...} }`), if pushed. */
export function pushedSection(settings: unknown): unknown {
  return isRecord(settings) ? settings.roofline : undefined;
}
