// The model files a command reads: paths as given, `-` for standard input, and glob patterns
// (`models/*.onnx`, `**/*.nnm`, for shells and CI steps that do not expand them). A missing file,
// a directory or a pattern that matches nothing is a one-line usage error (exit status 2).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileError, UsageError } from './args';
import { systemReason } from '../formats-node/safeRead';

export const STDIN = '-';

/** One input: a path on disk, or standard input. */
export interface InputFile {
  /** The path as given (or as the glob found it); '-' for standard input. */
  path: string;
  stdin: boolean;
}

const GLOB_CHARS = /[*?[]/;

/** A glob segment as a regular expression: `*` any run of characters but '/', `?` one, `[...]` a class. */
function segmentPattern(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${segment.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function entries(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Files matching a glob pattern ('/'-separated; `**` any number of folders), sorted. */
export function expandGlob(pattern: string): string[] {
  const parts = pattern.split(/[\\/]/);
  const absolute = pattern.startsWith('/');
  const out = new Set<string>();
  const walk = (dir: string, i: number): void => {
    if (i === parts.length) return;
    const part = parts[i];
    const last = i === parts.length - 1;
    const join = (name: string) => (dir === '' ? name : dir === '/' ? `/${name}` : `${dir}/${name}`);
    if (part === '**') {
      walk(dir, i + 1);
      for (const e of entries(dir || '.')) if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') walk(join(e.name), i);
      return;
    }
    if (!GLOB_CHARS.test(part)) {
      const next = join(part);
      if (last) {
        if (fs.existsSync(next) && fs.statSync(next).isFile()) out.add(next);
      } else walk(next, i + 1);
      return;
    }
    const re = segmentPattern(part);
    for (const e of entries(dir || '.')) {
      if (!re.test(e.name) || (e.name.startsWith('.') && !part.startsWith('.'))) continue;
      if (last) {
        if (e.isFile()) out.add(join(e.name));
      } else if (e.isDirectory()) walk(join(e.name), i + 1);
    }
  };
  walk(absolute ? '/' : '', absolute ? 1 : 0);
  return [...out].sort();
}

/** Checks that a path names a readable file: one line, not a stack trace, when it does not. */
export function checkFile(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new FileError(`cannot read ${file}: ${systemReason(e)}`);
  }
  if (stat.isDirectory()) throw new FileError(`${file} is a directory: give model files, or a pattern such as '${path.posix.join(file.replace(/\\/g, '/'), '*.nnm')}'`);
}

/** The files the positionals name, in order; at least one. */
export function inputFiles(positionals: string[], usage: string): InputFile[] {
  if (positionals.length === 0) throw new UsageError(usage);
  const out: InputFile[] = [];
  for (const p of positionals) {
    if (p === STDIN) {
      if (out.some((f) => f.stdin)) throw new UsageError("'-' (standard input) is given twice");
      out.push({ path: STDIN, stdin: true });
      continue;
    }
    if (GLOB_CHARS.test(p) && !fs.existsSync(p)) {
      const found = expandGlob(p);
      if (found.length === 0) throw new FileError(`no file matches ${p}`);
      out.push(...found.map((f) => ({ path: f, stdin: false })));
      continue;
    }
    checkFile(p);
    out.push({ path: p, stdin: false });
  }
  return out;
}
