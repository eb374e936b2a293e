// The callbacks passed to page.evaluate run in the browser: they need the DOM's types.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Drives the VS Code workbench served by code-server the way a user does, with
 * the keyboard and the mouse, through headless Chromium (playwright-core). Every
 * wait is for something on the page; the time-outs only bound a failure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';

/** How long one step may take before the test fails (a cold start of the extension host is the slowest). */
export const STEP_TIMEOUT = 60_000;

/** A workbench page, with the folder screenshots of this run go to. */
export class Workbench {
  constructor(
    readonly page: Page,
    private readonly artifacts: string,
  ) {}

  /** Opens the workbench at `url` and waits for the explorer to list the folder. */
  static async open(browser: Browser, url: string, artifacts: string): Promise<Workbench> {
    fs.mkdirSync(artifacts, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    page.setDefaultTimeout(STEP_TIMEOUT);
    await page.goto(url);
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
    return new Workbench(page, artifacts);
  }

  /** Saves a screenshot of the whole window as `<name>.png` in the artifacts folder. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(this.artifacts, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Runs a command by its title from the command palette (F1). */
  async runCommand(title: string): Promise<void> {
    const page = this.page;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    // The palette filters as one types; pick the entry whose label is exactly the title.
    const row = page.locator('.quick-input-list .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
    });
    await row.first().waitFor();
    await row.first().click();
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Opens a file of the workspace by name (Quick Open) and waits for its editor. */
  async openFile(name: string): Promise<void> {
    const page = this.page;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(name);
    const row = page.locator('.quick-input-list .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
    });
    await row.first().click();
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.activeTab(name).waitFor();
    await this.editor().locator('.view-line').first().waitFor();
  }

  /** The tab of `name` when it is the active one of the active editor group. */
  activeTab(name: string): Locator {
    return this.page.locator(`.editor-group-container.active .tab.active[data-resource-name="${name}"]`);
  }

  /** The active text editor. */
  editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** The status bar's language mode of the active editor, e.g. "DNS Zone". */
  async languageMode(): Promise<string> {
    const item = this.page.locator('#status\\.editor\\.mode');
    await item.waitFor();
    return (await item.innerText()).trim();
  }

  /** Moves the cursor to a 1-based line and column (Go to Line/Column). */
  async goTo(line: number, column: number): Promise<void> {
    const page = this.page;
    await this.editor().locator('.view-lines').click();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    const status = page.locator('#status\\.editor\\.selection');
    await status.filter({ hasText: `Ln ${line}, Col ${column}` }).waitFor();
  }

  /**
   * The text of a rendered 1-based line of the active editor. Monaco renders
   * lines in view order, each positioned by `top`; the line-number gutter gives
   * each visible line's number at the same offset.
   */
  async lineText(line: number): Promise<string> {
    return this.editor().evaluate((root, wanted) => {
      const numbers = [...root.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers')];
      const number = numbers.find((n) => n.textContent?.trim() === String(wanted));
      if (number === undefined) return '';
      const top = number.closest<HTMLElement>('[style*="top"]')?.style.top;
      const lines = [...root.querySelectorAll<HTMLElement>('.view-lines .view-line')];
      const match = lines.find((l) => l.style.top === top);
      // Monaco renders spaces as non-breaking spaces.
      return (match?.textContent ?? '').replace(/\u00a0/g, ' ');
    }, line);
  }

  /** Opens (and focuses) the Problems panel. */
  async showProblems(): Promise<Locator> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor();
    return panel;
  }

  /** The text of every row the Problems panel shows (file rows and marker rows). */
  async problemRows(): Promise<string[]> {
    return this.page
      .locator('.markers-panel .monaco-list-row')
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
  }

  /**
   * Waits until the Problems panel rows satisfy `accept` (diagnostics arrive
   * asynchronously) and returns them. Polls the DOM on animation frames.
   */
  async waitForProblems(accept: (rows: string[]) => boolean): Promise<string[]> {
    const deadline = Date.now() + STEP_TIMEOUT;
    for (;;) {
      const rows = await this.problemRows();
      if (accept(rows)) return rows;
      if (Date.now() > deadline) throw new Error(`the Problems panel never matched; it shows:\n${rows.join('\n')}`);
      await this.page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => r(true))));
    }
  }

  /** Shows the hover at the cursor (the "Show or Focus Hover" command) and returns its text. */
  async hoverAtCursor(expected: string | RegExp): Promise<Locator> {
    await this.runCommand('Show or Focus Hover');
    const hover = this.page.locator('.monaco-hover:not(.hidden)', { hasText: expected });
    await hover.first().waitFor();
    return hover.first();
  }

  /** The content of the (one) open webview: VS Code nests its page in two iframes. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');
  }

  /** The text of VS Code's token inspector at the cursor (language, TextMate scopes, colours). */
  async inspectTokenScopes(): Promise<string> {
    await this.runCommand('Developer: Inspect Editor Tokens and Scopes');
    const widget = this.page.locator('.token-inspect-widget');
    await widget.filter({ hasText: 'textmate scopes' }).waitFor();
    return widget.innerText();
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The distinct colours Monaco gives the tokens of a rendered line (by the
 * `mtkN` classes its theme generates), with the text of each token.
 */
export async function lineTokens(editor: Locator, lineText: string): Promise<{ text: string; color: string }[]> {
  return editor.evaluate((root, wanted) => {
    const lines = [...root.querySelectorAll<HTMLElement>('.view-lines .view-line')];
    const line = lines.find((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').trim() === wanted);
    if (line === undefined) return [];
    return [...line.querySelectorAll<HTMLElement>('span[class^="mtk"], span[class*=" mtk"]')]
      .filter((s) => s.children.length === 0 && (s.textContent ?? '').trim() !== '')
      .map((s) => ({ text: (s.textContent ?? '').replace(/\u00a0/g, ' '), color: getComputedStyle(s).color }));
  }, lineText);
}
