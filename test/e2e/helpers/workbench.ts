// Driving the VS Code 1.100 workbench (code-server in Debian's Chromium, playwright-core) as a user
// does: Quick Open, the command palette, Go to Line, hovers, the light bulb menu, the status bar,
// the Problems panel, webviews. Every wait is on an element or a text (Playwright's auto-waiting
// locators and expect-like polls of the DOM), never a fixed sleep. Selectors are the ones that
// work on VS Code 1.100.3 (see the real-client notes of the project design (code-server and Neovim)).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, tempDir } from './paths';

export const SEL = {
  workbench: '.monaco-workbench',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget input',
  quickInputRow: '.quick-input-list .monaco-list-row',
  editor: '.editor-instance .monaco-editor',
  viewLine: '.view-line',
  hover: '.monaco-hover:not(.hidden) .monaco-hover-content',
  statusItem: '.statusbar-item',
  cursorStatus: '#status\\.editor\\.selection',
  problemsStatus: '#status\\.problems',
  actionWidget: '.action-widget',
  actionRow: '.action-widget .monaco-list-row.action',
  markersRow: '.markers-panel .monaco-list-row',
  webview: 'iframe.webview.ready',
  webviewInner: '#active-frame',
} as const;

/**
 * Waits until `read()` satisfies `ok`, reading the DOM again every 100 ms (a poll of a condition,
 * not a fixed sleep); on timeout throws `describe(last value)`, plus the last error `read` threw.
 */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, describe: (last: T | undefined) => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      lastError = undefined;
      if (ok(last)) return last;
    } catch (error) {
      // the element went away between two reads, or is not there yet: read again
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why = lastError ? ` (last read failed: ${(lastError instanceof Error ? lastError.message : String(lastError)).split('\n')[0]})` : '';
      throw new Error(describe(last) + why);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
  label: string;
}

export interface Problem {
  file: string;
  message: string;
  code: string;
  /** 1-based. */
  line: number;
  severity: string;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every host the page or its frames asked for, in order of first request. */
  hosts: Set<string>;
  /** Requests to any other host than 127.0.0.1 / localhost: blocked, and listed here. */
  blocked: string[];
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Debian's Chromium, headless, with a fresh profile; every request is routed: local ones go on, others are blocked and recorded. */
export async function launchBrowser(): Promise<Browser> {
  const context = await chromium.launchPersistentContext(tempDir('chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1600, height: 1000 },
  });
  // tsx compiles named functions with a `__name` helper; functions passed to page.evaluate carry it
  // into the page, so every frame gets a do-nothing one.
  await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
  const hosts = new Set<string>();
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    let hostname = '';
    try {
      const u = new URL(url);
      hostname = u.hostname;
      hosts.add(u.host);
    } catch {
      hosts.add(url.slice(0, 40));
    }
    if (LOCAL_HOSTS.has(hostname)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, hosts, blocked };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Workbench {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator(SEL.workbench).waitFor({ timeout: 60_000 });
    // The explorer shows the folder once the remote connection is up.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  /** The row of the open quick input whose label is exactly `label` (not a fuzzy match of it). */
  quickInputRow(label: string): Locator {
    return this.page.locator(SEL.quickInputRow).filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) }).first();
  }

  /** Quick Open (Ctrl+P) `fileName`, click its row; resolves when its editor is the active one. */
  async openFile(fileName: string, editor = true): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor();
    await input.fill(fileName);
    // Fuzzy matching also offers alexnet_zhang15.nnm for "alexnet.nnm", recent files first: pick the exact name.
    const row = this.quickInputRow(fileName);
    await row.waitFor();
    await row.click();
    // A click that lands while the list re-renders (the file is already open) can be lost, leaving
    // the widget open (seen once in ten runs): then Enter chooses the selected row, the exact match.
    try {
      await this.page.locator(SEL.quickInput).waitFor({ state: 'hidden', timeout: 5_000 });
    } catch {
      // Still open, so the focus is in its input and Enter cannot reach the editor.
      await this.page.locator(SEL.quickInputBox).press('Enter');
      await this.page.locator(SEL.quickInput).waitFor({ state: 'hidden' });
    }
    await this.page.locator(`.editor-group-container.active .tab.active[aria-label^="${fileName}"]`).first().waitFor();
    if (editor) await this.activeEditor().locator(SEL.viewLine).first().waitFor();
  }

  /** The editor of the active group. */
  activeEditor(): Locator {
    return this.page.locator(`.editor-group-container.active ${SEL.editor}`).first();
  }

  /** Runs a command from the palette (F1, `>Title`, Enter on the row with that exact label). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = this.page.locator(SEL.quickInputRow, { hasText: title }).first();
    try {
      await row.waitFor({ timeout: 10_000 });
    } catch {
      await this.page.keyboard.press('Escape');
      throw new Error(`the command palette has no command "${title}"`);
    }
    await row.click();
    await this.page.locator(SEL.quickInput).waitFor({ state: 'hidden' });
  }

  /** Go to Line/Column (Ctrl+G) in the active editor; 1-based. Resolves when the status bar shows it. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator(SEL.quickInput).waitFor({ state: 'hidden' });
    await this.waitCursor(line, column);
  }

  async cursorText(): Promise<string> {
    return (await this.page.locator(SEL.cursorStatus).innerText()).trim();
  }

  /** Waits for the status bar's "Ln X, Col Y". */
  async waitCursor(line: number, column?: number, timeoutMs = 10_000): Promise<string> {
    const want = new RegExp(`^Ln ${line}, Col ${column ?? '\\d+'}\\b`);
    return until(
      () => this.cursorText(),
      (t) => want.test(t),
      timeoutMs,
      (t) => `the cursor should be at Ln ${line}${column ? `, Col ${column}` : ''}; the status bar says "${t ?? '(nothing)'}"`,
    );
  }

  /**
   * Shows the hover at the cursor (Ctrl+K Ctrl+I) and returns its text once it contains
   * `mustContain`. A hover can close between appearing and being read (a re-render after an
   * analysis; seen once in ten runs): it is then shown again, up to three times.
   */
  async hoverAtCursor(mustContain: string, timeoutMs = 15_000): Promise<string> {
    const hover = this.page.locator(SEL.hover, { hasText: mustContain }).first();
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+K');
      await this.page.keyboard.press('Control+I');
      try {
        await hover.waitFor({ timeout: timeoutMs });
      } catch {
        const shown = await this.page.locator(SEL.hover).allInnerTexts();
        throw new Error(`no hover containing "${mustContain}" at ${await this.cursorText()}; hovers shown: ${JSON.stringify(shown)}`);
      }
      try {
        return await hover.innerText({ timeout: 3_000 });
      } catch (e) {
        lastError = e;
      }
    }
    throw lastError;
  }

  /**
   * Line `line` (1-based) of the active editor as rendered: the document's text, and the inlay hints.
   * Monaco renders only the visible lines, each placed by its `top`, which the line-number gutter
   * shares; inlay hints are injected text, spans with generated `dyn-rule-*` classes.
   */
  async renderedLine(line: number): Promise<{ text: string; hints: string[] } | undefined> {
    return this.activeEditor().evaluate((editorEl, n) => {
      const gutter = ([...editorEl.querySelectorAll('.margin-view-overlays .line-numbers')] as HTMLElement[]).find((g) => g.textContent?.trim() === String(n));
      const top = (gutter?.closest('[style*="top"]') as HTMLElement | null)?.style.top;
      if (top === undefined) return undefined;
      const row = ([...editorEl.querySelectorAll('.view-lines .view-line')] as HTMLElement[]).find((l) => l.style.top === top);
      if (!row) return undefined;
      const clean = (s: string | null) => (s ?? '').replace(/\u00a0/g, ' ');
      const injected = [...row.querySelectorAll('[class*="dyn-rule-"]')] as HTMLElement[];
      const hints = injected.map((e) => clean(e.textContent).trim()).filter((t) => t.length > 0);
      const clone = row.cloneNode(true) as HTMLElement;
      clone.querySelectorAll('[class*="dyn-rule-"]').forEach((e) => e.remove());
      return { text: clean(clone.textContent), hints };
    }, line);
  }

  /** Scrolls the active editor so that `line` is rendered, then reads it. */
  async readLine(line: number): Promise<{ text: string; hints: string[] }> {
    const r = await this.renderedLine(line);
    if (r) return r;
    throw new Error(`line ${line} is not rendered in the active editor`);
  }

  /** A status bar item by its DOM id (extension items: `publisher.name.itemId`). */
  statusItem(id: string): Locator {
    return this.page.locator(`${SEL.statusItem}[id="${id}"]`);
  }

  /** The tooltip of a status bar item, shown by moving the mouse over it. */
  async statusTooltip(item: Locator, mustContain: string, timeoutMs = 10_000): Promise<string> {
    const tip = this.page.locator('.workbench-hover, .monaco-hover:not(.hidden)', { hasText: mustContain }).first();
    await item.hover();
    try {
      await tip.waitFor({ timeout: timeoutMs });
    } catch {
      const shown = await this.page.locator('.workbench-hover, .monaco-hover:not(.hidden)').allInnerTexts();
      throw new Error(`the status item's tooltip does not say "${mustContain}"; tooltips shown: ${JSON.stringify(shown)}`);
    }
    const text = await tip.innerText();
    await this.page.mouse.move(5, 5);
    return text;
  }

  /**
   * In the open light bulb menu (the action widget), moves the focus with the arrow keys to the first
   * action whose label starts with `prefix` and presses Enter, as a keyboard user does (a click is
   * swallowed by the widget's pointer block while it opens). Returns the action's label.
   */
  async chooseAction(prefix: string): Promise<string> {
    const focused = this.page.locator('.action-widget .monaco-list-row.action.focused');
    const count = await this.page.locator('.action-widget .monaco-list-row.action').count();
    for (let i = 0; i <= count; i++) {
      const label = (await focused.getAttribute('aria-label', { timeout: 5000 })) ?? '';
      if (label.startsWith(prefix)) {
        await this.page.keyboard.press('Enter');
        await this.page.locator('.action-widget').waitFor({ state: 'hidden' });
        return label;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`no action starting with "${prefix}" could be focused in the light bulb menu`);
  }

  /** Errors, warnings and infos of the status bar's problems item, from its accessible label ("No Problems", "Errors: 1, Warnings: 2"). */
  async problemCounts(): Promise<ProblemCounts> {
    const label = (await this.page.locator(SEL.problemsStatus).getAttribute('aria-label')) ?? '';
    const n = (word: string) => {
      const m = new RegExp(`${word}: (\\d+)`, 'i').exec(label) ?? new RegExp(`(\\d+) ${word}`, 'i').exec(label);
      return m ? Number(m[1]) : 0;
    };
    return { errors: n('errors?'), warnings: n('warnings?'), infos: n('infos?'), label };
  }

  /**
   * The problems the Problems panel lists (Ctrl+Shift+M), after typing `filter` into its filter box
   * (so that the rows sought are rendered: the list is virtual). Each problem row's text reads
   * "message, source, CODE, [Ln L, Col C]"; file rows "N problems in file F of folder ...".
   */
  async problems(filter: string): Promise<Problem[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor();
    const box = this.page.getByPlaceholder(/^Filter \(e\.g\./).first();
    if ((await box.inputValue()) !== filter) await box.fill(filter);
    const rows = await this.page.locator(SEL.markersRow).evaluateAll((els) => els.map((r) => ({ aria: r.getAttribute('aria-label') ?? '', text: (r as HTMLElement).innerText })));
    const out: Problem[] = [];
    let file = '';
    for (const r of rows) {
      const f = /problems? in file (.+?) of folder/.exec(r.aria);
      if (f) {
        file = f[1];
        continue;
      }
      const parts = r.text.split('\n').map((s) => s.trim());
      const at = /\[Ln (\d+), Col (\d+)\]/.exec(r.text);
      const code = parts.find((s) => /^[A-Z]+\d+$/.test(s)) ?? '';
      out.push({ file, message: parts[0] ?? '', code, line: at ? Number(at[1]) : 0, severity: (/^(Error|Warning|Info)/.exec(r.aria)?.[1] ?? '').toLowerCase() });
    }
    return out;
  }

  /** Closes the bottom panel if it is open (Problems, Output), so that editors get the height back. */
  async closePanel(): Promise<void> {
    const close = this.page.locator('.part.panel .action-label.codicon-panel-close, .part.panel .codicon-close').first();
    if (await this.page.locator('.part.panel').isVisible()) {
      if (await close.isVisible()) await close.click();
      await this.page.locator('.part.panel').waitFor({ state: 'hidden' }).catch(() => undefined);
    }
  }

  /** The visible webview's inner document (VS Code nests it: iframe.webview.ready, then #active-frame). */
  webview(): FrameLocator {
    return this.page.locator(SEL.webview).filter({ visible: true }).first().contentFrame().frameLocator(SEL.webviewInner);
  }

  async screenshot(dir: string, name: string): Promise<string> {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name);
    await this.page.screenshot({ path: file });
    return file;
  }
}
