/**
 * The browser-test harness of the failover preview: Debian's Chromium driven
 * by playwright-core, a tiny HTTP server on 127.0.0.1 serving the real panel
 * HTML (from the host's `panelHtml`, with its CSP and a fresh nonce) and the
 * built bundle, and a stand-in for `acquireVsCodeApi` installed before any page
 * script runs. Everything the webview posts or saves, and every CSP violation,
 * reaches the test as an event: tests wait for events, never for time.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeNonce, panelHtml } from '../../client/src/preview/html';
import type { HostMessage } from '../../client/src/preview/protocol';

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE = path.join(ROOT, 'dist', 'webview');
const STUB = fs.readFileSync(path.join(__dirname, 'vscodeApiStub.js'), 'utf8');

/** The server of the panel page and bundle. */
export interface PanelServer {
  origin: string;
  /** The nonce of the last page served. */
  lastNonce: string;
  close(): Promise<void>;
}

/**
 * Serves `/` (the panel HTML, the server's origin standing in for
 * `webview.cspSource`) and `/panel.js`, `/panel.css` from dist/webview. Only
 * the CSP's source is adapted; the policy itself is the host's.
 */
export async function startPanelServer(): Promise<PanelServer> {
  for (const f of ['panel.js', 'panel.css']) {
    if (!fs.existsSync(path.join(BUNDLE, f))) throw new Error(`dist/webview/${f} is missing: run npm run build`);
  }
  const state = { origin: '', lastNonce: '' };
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/' || url.startsWith('/?')) {
      state.lastNonce = makeNonce();
      const html = panelHtml({
        cspSource: state.origin,
        nonce: state.lastNonce,
        scriptUri: `${state.origin}/panel.js`,
        styleUri: `${state.origin}/panel.css`,
      });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    // Chromium asks for a favicon on its own; a webview has none.
    if (url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const name = url === '/panel.js' ? 'panel.js' : url === '/panel.css' ? 'panel.css' : undefined;
    if (name === undefined) {
      res.writeHead(404).end();
      return;
    }
    const type = name.endsWith('.js') ? 'text/javascript' : 'text/css';
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(fs.readFileSync(path.join(BUNDLE, name)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    get origin() {
      return state.origin;
    },
    get lastNonce() {
      return state.lastNonce;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A CSP violation as the page reported it. */
export interface Violation {
  directive: string;
  blockedURI: string;
}

type Waiter<T> = { match: (x: T) => boolean; resolve: (x: T) => void };

/** A queue of events from the page with "wait for the next one that matches". */
class Events<T> {
  readonly all: T[] = [];
  private seen = 0;
  private waiters: Waiter<T>[] = [];

  push(x: T): void {
    this.all.push(x);
    const w = this.waiters.find((w) => w.match(x));
    if (w) {
      this.waiters = this.waiters.filter((v) => v !== w);
      this.seen = this.all.length;
      w.resolve(x);
    }
  }

  /** The first event after the last one consumed that matches (already arrived, or the next to arrive). */
  next(match: (x: T) => boolean = () => true): Promise<T> {
    for (let i = this.seen; i < this.all.length; i++) {
      if (match(this.all[i])) {
        this.seen = i + 1;
        return Promise.resolve(this.all[i]);
      }
    }
    return new Promise<T>((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Forgets what arrived so far: `next` waits for new events only. */
  skip(): void {
    this.seen = this.all.length;
  }
}

/** A loaded panel page with what it sent, saved and violated. */
export interface PanelPage {
  page: Page;
  /** Messages the webview posted to the "host". */
  sent: Events<unknown>;
  /** States the webview saved with setState. */
  saved: Events<unknown>;
  violations: Events<Violation>;
  /** Posts a message to the webview as the host does, and waits until it has drawn a view. */
  feed(message: HostMessage): Promise<void>;
  /** Posts anything to the webview (no wait). */
  post(message: unknown): Promise<void>;
}

/** VS Code's body class and the --vscode-* variables of a theme. */
export interface Theme {
  kind: 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast';
  vars: Record<string, string>;
}

/** `window.postMessage`, as the host's messages arrive in a webview. */
type PostTarget = { postMessage(message: unknown, targetOrigin: string): void };

/**
 * Opens the panel in a new page. `initialState` is what getState returns
 * (a restored panel); `theme` sets the body class and variables as VS Code does.
 */
export async function openPanel(
  browser: Browser,
  server: PanelServer,
  options: { initialState?: unknown; theme?: Theme; width?: number } = {},
): Promise<PanelPage> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 760, height: 900 } });
  const sent = new Events<unknown>();
  const saved = new Events<unknown>();
  const violations = new Events<Violation>();
  await page.exposeBinding('__zlPosted', (_source, m: unknown) => sent.push(m));
  await page.exposeBinding('__zlSaved', (_source, s: unknown) => saved.push(s));
  await page.exposeBinding('__zlViolation', (_source, v: Violation) => violations.push(v));
  // Runs before the page's own scripts (vscodeApiStub.js says how).
  const install = JSON.stringify({ initialState: options.initialState ?? null, theme: options.theme ?? null });
  await page.addInitScript({ content: `${STUB}\n__zlInstall(${install});` });
  await page.goto(server.origin + '/');
  const post = (message: unknown) =>
    page.evaluate((m) => (globalThis as unknown as PostTarget).postMessage(m, '*'), message);
  return {
    page,
    sent,
    saved,
    violations,
    post,
    async feed(message) {
      saved.skip();
      await post(message);
      if (message.type === 'view') await saved.next();
    },
  };
}
