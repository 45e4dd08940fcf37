// Where the end-to-end tests find things: the repository, the artifacts folder (screenshots,
// timings, logs; ROOFLINE_ARTIFACTS or .artifacts/e2e), the cache of scripts/install-e2e.sh
// (ROOFLINE_E2E_CACHE or ~/.cache/roofline-e2e) and the code-server it installs there, Chromium and
// Neovim. Also a fresh temporary folder per use, removed at exit unless ROOFLINE_E2E_KEEP=1.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM = '/usr/bin/chromium';
export const NVIM = '/usr/bin/nvim';
/** Chromium's flags from the real-client notes of the project design (code-server and Neovim): no sandbox (root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export function artifactsDir(): string {
  return path.resolve(ROOT, process.env.ROOFLINE_ARTIFACTS ?? path.join('.artifacts', 'e2e'));
}

export function cacheDir(): string {
  return path.resolve(process.env.ROOFLINE_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'roofline-e2e'));
}

export function codeServerBin(): string {
  return path.join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
}

/** Whether scripts/install-e2e.sh finished installing code-server (it writes the marker last). */
export function codeServerInstalled(): boolean {
  return fs.existsSync(path.join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`, '.roofline-e2e-complete')) && fs.existsSync(codeServerBin());
}

const made: string[] = [];
let cleanupRegistered = false;

/** A new empty folder under the system's temporary folder, removed when the process exits. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `roofline-e2e-${prefix}-`));
  made.push(dir);
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.on('exit', () => {
      if (process.env.ROOFLINE_E2E_KEEP === '1') return;
      for (const d of made) fs.rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

/** A hint to print when a tool is missing. */
export const INSTALL_HINT = 'run `bash scripts/install-e2e.sh` first (as root: Debian packages and code-server into the cache)';
