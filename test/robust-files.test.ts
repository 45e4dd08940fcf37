// Safe file access (issue reproducers "Reads that never end"): the one reader of files from disk
// (formats-node/safeRead.ts) reads regular files only, within a size limit, and says in one line
// why it will not read a directory, a named pipe, a device, a symbolic link to a device, a loop of
// symbolic links, a missing file or a file too large; target paths of the `roofline.target`
// setting are resolved inside the workspace folder; and the language server, given a FIFO or a
// link to /dev/zero as its target or as a file for the panel, answers `initialize`, hovers and the
// panel request at once. The server runs as a child process here, so that a regression (a read
// that blocks) fails the test by its timeout instead of hanging the runner.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, InitializedNotification, InitializeRequest, ShutdownRequest, ExitNotification } from 'vscode-languageserver/node';
import { formatFileWords } from '../server/src/core';
import { openModelFile } from '../server/src/formats-node/fileSource';
import { FileReadError, readTextFile } from '../server/src/formats-node/safeRead';
import { targetFilePath } from '../server/src/lsp/targetSetting';
import { PANEL_DATA, type PanelDataResult } from '../server/src/protocol/lsp';
import { CLIENT_CAPABILITIES, processSession } from './helpers/lspSession';

const ROOT = path.join(__dirname, '..');
const canFifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--help']).error === undefined;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'roofline-files-'));
}

function fifo(dir: string, name: string): string {
  const p = path.join(dir, name);
  const r = spawnSync('mkfifo', [p]);
  assert.equal(r.status, 0, String(r.stderr));
  return p;
}

/** The one-line reason a read fails with. */
function failure(read: () => unknown): string {
  try {
    read();
  } catch (e) {
    assert.ok(e instanceof FileReadError, `a FileReadError, not ${String(e)}`);
    assert.ok(!e.message.includes('\n'), 'one line');
    return e.message;
  }
  return assert.fail('the read should have failed');
}

describe('robust: the safe file reader', () => {
  let dir: string;
  before(() => {
    dir = tempDir();
  });

  it('reads a regular file, and refuses one past its size limit', () => {
    const f = path.join(dir, 'small.nnm');
    fs.writeFileSync(f, 'model m {}\n');
    assert.equal(readTextFile(f, 100), 'model m {}\n');
    assert.match(failure(() => readTextFile(f, 4)), /^cannot read .*small\.nnm: it is 11 B, beyond the limit of 4 B for this kind of file$/);
  });

  it('says why for a directory, a missing file, a device, a link to a device and a link loop', () => {
    assert.match(failure(() => readTextFile(dir, 1000)), /: it is a directory$/);
    assert.match(failure(() => readTextFile(path.join(dir, 'missing.nnm'), 1000)), /: no such file \(ENOENT\)$/);
    if (process.platform === 'win32') return;
    assert.match(failure(() => readTextFile('/dev/zero', 1 << 20)), /^cannot read \/dev\/zero: it is a device, not a regular file$/);
    const link = path.join(dir, 'zero.target.json');
    fs.symlinkSync('/dev/zero', link);
    assert.match(failure(() => readTextFile(link, 1 << 20)), /: it is a device, not a regular file$/);
    fs.symlinkSync(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
    fs.symlinkSync(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
    assert.match(failure(() => readTextFile(path.join(dir, 'loop-a'), 1000)), /: a loop of symbolic links \(ELOOP\)$/);
  });

  it('refuses a named pipe at once, without waiting for a writer', function () {
    if (!canFifo) this.skip();
    const p = fifo(dir, 'model.nnm');
    assert.match(failure(() => readTextFile(p, 1000)), /: it is a named pipe \(FIFO\), not a regular file$/);
    assert.match(failure(() => openModelFile(p)), /named pipe/);
  });

  it('opens a model file within its format limit: an ONNX file may be large, a text file may not', () => {
    const f = path.join(dir, 'm.nnm');
    fs.writeFileSync(f, 'model m {\n  input x: [1, 8]\n  y = linear(x, 4)\n}\n');
    const opened = openModelFile(f);
    assert.equal(opened.format, 'nnm');
    opened.close();
  });

  it("detects a model file's format from its first bytes when its name does not say (the core's detection), and names a binary format with its article", () => {
    const f = path.join(dir, 'weights.bin');
    fs.writeFileSync(f, Buffer.from('GGUF\x03\x00\x00\x00', 'latin1'));
    const opened = openModelFile(f);
    assert.equal(opened.format, 'gguf');
    opened.close();
    assert.equal(formatFileWords('gguf'), 'a GGUF file');
    assert.equal(formatFileWords('onnx'), 'an ONNX file');
  });
});

describe('robust: target paths stay inside the workspace folder', () => {
  let ws: string;
  let outside: string;
  before(() => {
    ws = fs.realpathSync(tempDir());
    outside = fs.realpathSync(tempDir());
    fs.writeFileSync(path.join(ws, 'my.target.json'), '{}');
    fs.writeFileSync(path.join(outside, 'their.target.json'), '{}');
  });

  it('resolves a relative path in the first folder, and an absolute one inside a folder', () => {
    const folder = pathToFileURL(ws).href;
    assert.deepEqual(targetFilePath('my.target.json', [folder]), { file: path.join(ws, 'my.target.json') });
    assert.deepEqual(targetFilePath(path.join(ws, 'my.target.json'), [folder]), { file: path.join(ws, 'my.target.json') });
  });

  it('refuses ../../../../etc/passwd.json, an absolute path outside, and a link that leads out', () => {
    const folder = pathToFileURL(ws).href;
    assert.deepEqual(targetFilePath('../../../../etc/passwd.json', [folder]), { error: "target file '../../../../etc/passwd.json' is outside the workspace folder: it is not read" });
    assert.ok('error' in targetFilePath(path.join(outside, 'their.target.json'), [folder]));
    if (process.platform === 'win32') return;
    fs.symlinkSync(path.join(outside, 'their.target.json'), path.join(ws, 'link.target.json'));
    assert.match((targetFilePath('link.target.json', [folder]) as { error: string }).error, /outside the workspace folder/);
  });

  it('without a workspace folder, reads only an absolute path (the user\'s own setting)', () => {
    assert.ok('error' in targetFilePath('my.target.json', []));
    assert.deepEqual(targetFilePath(path.join(outside, 'their.target.json'), []), { file: path.join(outside, 'their.target.json') });
  });
});

describe('robust: the language server with a FIFO or /dev/zero for its target and its files', function () {
  this.timeout(120_000);
  let ws: string;
  before(function () {
    if (!canFifo) this.skip();
    spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
    ws = fs.realpathSync(tempDir());
    fifo(ws, 'pipe.target.json');
    fs.symlinkSync('/dev/zero', path.join(ws, 'zero.target.json'));
    fifo(ws, 'pipe.onnx');
    fs.symlinkSync('/dev/zero', path.join(ws, 'zero.onnx'));
  });

  for (const target of ['pipe.target.json', 'zero.target.json', '../../../../etc/passwd.json']) {
    it(`answers initialize, a hover and the panel request with roofline.target = ${target}`, async () => {
      const child = spawn(process.execPath, ['--max-old-space-size=300', path.join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const session = processSession(child);
      const logs: string[] = [];
      session.client.onNotification('window/logMessage', (m: { message: string }) => {
        logs.push(m.message);
      });
      try {
        await session.client.sendRequest(InitializeRequest.type, {
          processId: null,
          rootUri: pathToFileURL(ws).href,
          workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'ws' }],
          capabilities: CLIENT_CAPABILITIES,
          initializationOptions: { debounceMs: 0, target },
        });
        await session.client.sendNotification(InitializedNotification.type, {});
        const uri = pathToFileURL(path.join(ws, 'm.nnm')).href;
        const text = 'model m {\n  input x: [1, 8]\n  y = linear(x, 4)\n}\n';
        await session.open(uri, text);
        const hover = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 7 } });
        assert.ok(hover, 'the hover is answered');
        // The panel's data of a file on disk that is a pipe or a device: an error, at once.
        for (const name of ['pipe.onnx', 'zero.onnx']) {
          const r = await session.client.sendRequest<PanelDataResult>(PANEL_DATA, { uri: pathToFileURL(path.join(ws, name)).href });
          assert.ok('error' in r && /named pipe|device/.test(r.error), JSON.stringify(r));
        }
        assert.ok(logs.some((l) => /target file/.test(l) && /named pipe|device|outside the workspace folder/.test(l)), `the log says why: ${logs.join(' | ')}`);
        await session.client.sendRequest(ShutdownRequest.type);
        await session.client.sendNotification(ExitNotification.type);
        assert.equal(await exited, 0);
      } finally {
        session.close();
        if (child.exitCode === null) child.kill();
      }
    });
  }
});
