// code-server 4.100.3 (VS Code 1.100.3 for the Web) run the way the real-client notes of the project design (code-server and Neovim)
// says works here: installed by scripts/install-e2e.sh into a cache folder, then per run a fresh
// HOME, --user-data-dir and --extensions-dir (temporary folders), User/settings.json written before
// the start, the packaged .vsix installed with --install-extension, and the server bound to
// 127.0.0.1 on a free port with auth none, telemetry and update checks off. Its output goes to
// code-server.log in the artifacts folder. Readiness is its own "HTTP server listening" line, then
// /healthz: no sleeps.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { artifactsDir, codeServerBin, codeServerInstalled, INSTALL_HINT, ROOT, tempDir } from './paths';

export interface Profile {
  home: string;
  userDataDir: string;
  extensionsDir: string;
}

/**
 * The settings written before the first start. Those the brief names, plus every switch that keeps
 * the workbench from reaching the network (gallery, experiments, recommendations), so that the
 * test's "nothing but 127.0.0.1" check holds. `roofline.target` is left at its default.
 */
export const SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'editor.hover.delay': 100,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'editor.inlayHints.enabled': 'on',
  'editor.lightbulb.enabled': 'on',
  'files.autoSave': 'off',
  // Every file opened keeps its tab (no preview tab replaced by the next), so its diagnostics stay.
  'workbench.editor.enablePreview': false,
  'window.restoreWindows': 'none',
};

/** `npm run package` in the repository: builds the production bundles and writes roofline-lens.vsix. */
export function packageExtension(): string {
  const r = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`npm run package failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const vsix = path.join(ROOT, 'roofline-lens.vsix');
  if (!fs.existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}`);
  return vsix;
}

/** Fresh HOME, user data and extensions folders, with User/settings.json written. */
export function createProfile(settings: Record<string, unknown> = SETTINGS): Profile {
  const base = tempDir('code-server');
  const profile = { home: path.join(base, 'home'), userDataDir: path.join(base, 'user-data'), extensionsDir: path.join(base, 'extensions') };
  for (const d of Object.values(profile)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return profile;
}

function env(profile: Profile): NodeJS.ProcessEnv {
  // No inherited XDG folders or VS Code variables: everything lives in the profile.
  const e: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: profile.home, LANG: 'C.UTF-8', TMPDIR: process.env.TMPDIR };
  for (const [k, v] of Object.entries(e)) if (v === undefined) delete e[k];
  return e;
}

export function requireCodeServer(): string {
  if (!codeServerInstalled()) throw new Error(`code-server is not installed at ${codeServerBin()}: ${INSTALL_HINT}`);
  return codeServerBin();
}

/** `code-server --install-extension VSIX` into the profile's extensions folder; returns the installed id. */
export function installExtension(profile: Profile, vsix: string): string {
  const bin = requireCodeServer();
  const r = spawnSync(bin, ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', vsix], { encoding: 'utf8', env: env(profile) });
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const installed = fs.readdirSync(profile.extensionsDir).filter((d) => d.startsWith('roofline-lens.roofline-lens-'));
  if (installed.length !== 1) throw new Error(`expected one roofline-lens folder in ${profile.extensionsDir}, found: ${fs.readdirSync(profile.extensionsDir).join(', ')}`);
  return installed[0];
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

export class CodeServer {
  private exited = false;
  private constructor(
    readonly process: ChildProcess,
    readonly url: string,
    readonly logFile: string,
  ) {
    process.once('exit', () => (this.exited = true));
  }

  /** Starts code-server on 127.0.0.1:PORT for `folder` and resolves once /healthz answers. */
  static async start(profile: Profile, folder: string, timeoutMs = 60_000): Promise<CodeServer> {
    const bin = requireCodeServer();
    const port = await freePort();
    const config = path.join(profile.home, 'code-server.yaml');
    fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    fs.mkdirSync(artifactsDir(), { recursive: true });
    const logFile = path.join(artifactsDir(), 'code-server.log');
    const log = fs.createWriteStream(logFile);
    const args = [
      '--config', config,
      '--user-data-dir', profile.userDataDir,
      '--extensions-dir', profile.extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      folder,
    ];
    // Its own process group, so that stop() ends it with everything it started (extension host,
    // language server) and nothing else.
    const child = spawn(bin, args, { env: env(profile), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new CodeServer(child, `http://127.0.0.1:${port}`, logFile);
    const killAtExit = () => server.kill();
    process.once('exit', killAtExit);
    child.once('exit', () => process.off('exit', killAtExit));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`code-server did not listen within ${timeoutMs} ms; its output:\n${out}`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        log.write(chunk);
        out += chunk.toString();
        if (/HTTP server listening on/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code}) before listening; its output:\n${out}`));
      });
    });
    const health = await fetch(`${server.url}/healthz`);
    if (!health.ok) throw new Error(`code-server /healthz answered ${health.status}`);
    return server;
  }

  private kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.exited || this.process.pid === undefined) return;
    try {
      process.kill(-this.process.pid, signal);
    } catch {
      // already gone
    }
  }

  /** Ends code-server's process group: SIGTERM, then SIGKILL after 5 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
