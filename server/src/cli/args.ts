// A small argument parser for the command line: positionals, `--name value`, `--name=value`,
// repeatable options and boolean flags. Unknown options are usage errors (exit status 2).

export interface OptionSpec {
  name: string;
  /** Takes a value (`--format json`); otherwise a boolean flag. */
  value: boolean;
  repeatable?: boolean;
  /** Single-letter alias, e.g. 'o' for `-o`. */
  short?: string;
}

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], specs: OptionSpec[]): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      inline = eq >= 0 ? a.slice(eq + 1) : undefined;
    } else {
      const s = specs.find((x) => x.short === a.slice(1));
      if (!s) throw new UsageError(`unknown option ${a}`);
      name = s.name;
    }
    const spec = specs.find((s) => s.name === name);
    if (!spec) throw new UsageError(`unknown option --${name}`);
    if (!spec.value) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    const list = options.get(name) ?? [];
    if (list.length > 0 && !spec.repeatable) throw new UsageError(`--${name} is given twice`);
    list.push(value);
    options.set(name, list);
  }
  return { positionals, options, flags };
}

export function option(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

/** `--param NAME=VALUE` options as a record of numbers. */
export function paramOverrides(args: ParsedArgs): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of args.options.get('param') ?? []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(p);
    const value = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(value)) throw new UsageError(`--param expects NAME=NUMBER, got '${p}'`);
    out[m[1]] = value;
  }
  return out;
}
