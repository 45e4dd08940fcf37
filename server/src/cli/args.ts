// The command line's arguments, read by node's own `util.parseArgs`: positionals, `--name value`,
// `--name=value`, `-o value`, repeatable options and boolean flags. Each command declares its
// options once (name, value, help line), and that one list gives the parser, the "did you mean"
// of an unknown option and the command's `--help`. Bad arguments are usage errors (exit status 2).
import { parseArgs as nodeParseArgs } from 'node:util';
import { didYouMean } from './core';

export interface OptionSpec {
  name: string;
  /** Takes a value (`--format json`); otherwise a boolean flag. */
  value: boolean;
  repeatable?: boolean;
  /** Single-letter alias, e.g. 'o' for `-o`. */
  short?: string;
  /** What the value looks like in the help ('NAME|FILE'). */
  placeholder?: string;
  /** One line of help. */
  help?: string;
}

/** A command: its name, usage line, options and the paragraphs of its `--help`. */
export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  options: OptionSpec[];
  /** Further paragraphs of the help (exit statuses, examples). */
  details?: string;
}

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

export class UsageError extends Error {}

/** A file that cannot be read (missing, a directory, no match): one line, exit status 2, no usage hint. */
export class FileError extends UsageError {}

/** `--help` and `-h`: every command takes them. */
export const HELP_OPTION: OptionSpec = { name: 'help', value: false, short: 'h', help: 'show this help' };

export function parseArgs(argv: string[], specs: OptionSpec[]): ParsedArgs {
  const config: Record<string, { type: 'string' | 'boolean'; multiple: boolean; short?: string }> = {};
  for (const s of specs) config[s.name] = { type: s.value ? 'string' : 'boolean', multiple: true, ...(s.short ? { short: s.short } : {}) };
  // Not strict: unknown options come back as tokens, so that the message can name the closest one.
  const { tokens } = nodeParseArgs({ args: argv, options: config, strict: false, allowPositionals: true, tokens: true });
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  const names = specs.map((s) => `--${s.name}`);
  for (const t of tokens) {
    if (t.kind === 'positional') {
      positionals.push(t.value);
      continue;
    }
    if (t.kind !== 'option') continue;
    const spec = specs.find((s) => s.name === t.name);
    if (!spec) throw new UsageError(`unknown option ${t.rawName}${didYouMean(t.rawName, names)}`);
    if (!spec.value) {
      if (t.inlineValue) throw new UsageError(`--${t.name} takes no value`);
      flags.add(t.name);
      continue;
    }
    // `--format --pretty`: the next word is an option, not the value.
    if (t.value === undefined || (!t.inlineValue && /^(--.|-[A-Za-z]$)/.test(t.value))) throw new UsageError(`--${t.name} needs a value`);
    const list = options.get(t.name) ?? [];
    if (list.length > 0 && !spec.repeatable) throw new UsageError(`--${t.name} is given twice`);
    list.push(t.value);
    options.set(t.name, list);
  }
  return { positionals, options, flags };
}

export function option(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

/** A whole number of at least 1 given to option `name` (`--new 128`), or undefined when the option is absent. */
export function countOption(args: ParsedArgs, name: string): number | undefined {
  const v = option(args, name);
  if (v === undefined) return undefined;
  // Digits only: Number() would also take '0x10', '1e3' and '2.0'.
  const n = /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!(Number.isInteger(n) && n >= 1)) throw new UsageError(`--${name} takes a whole number of at least 1, got '${v}'`);
  return n;
}

/** A choice among fixed words: `--format json`, with "did you mean" for a misspelt one. */
export function choiceOption<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const v = option(args, name) ?? fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be ${allowed.join(', ')}; got '${v}'${didYouMean(v, allowed)}`);
  return v as T;
}

/** `--param NAME=VALUE` options (of `name`, 'param' by default) as a record of numbers. */
export function paramOverrides(args: ParsedArgs, name = 'param'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of args.options.get(name) ?? []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(p);
    const value = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(value)) throw new UsageError(`--${name} expects NAME=NUMBER, got '${p}'`);
    out[m[1]] = value;
  }
  return out;
}

/** The `--help` of a command: usage, summary, one line per option, details. */
export function commandHelp(spec: CommandSpec): string {
  const rows = [...spec.options, HELP_OPTION].map((o) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` ${o.placeholder ?? 'VALUE'}` : ''}`;
    return [flag, `${o.help ?? ''}${o.repeatable ? ' (repeatable)' : ''}`];
  });
  const width = Math.max(...rows.map((r) => r[0].length));
  const lines = [spec.usage, '', spec.summary, '', 'options:', ...rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`.trimEnd())];
  if (spec.details) lines.push('', spec.details);
  return lines.join('\n');
}

/** Parses a command's arguments; `--help` prints its help instead (returns undefined). */
export function parseCommand(argv: string[], spec: CommandSpec, out: (line: string) => void): ParsedArgs | undefined {
  const args = parseArgs(argv, [...spec.options, HELP_OPTION]);
  if (args.flags.has('help')) {
    out(commandHelp(spec));
    return undefined;
  }
  return args;
}
