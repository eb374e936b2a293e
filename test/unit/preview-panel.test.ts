/**
 * The `vscode` side of the failover preview (client/src/preview/panel.ts)
 * against a small stand-in for the `vscode` module: the panel's options and
 * HTML, the command, the messages, following edits and editors, reveal, and
 * the serializer. The language server's requests are answered by the real
 * core. The real VS Code runs it in the e2e tier.
 */
import assert from 'node:assert/strict';
import Module from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Ctx } from '../../client/src/ctx';
import type * as PanelModule from '../../client/src/preview/panel';
import { VIEW_TYPE, type HostMessage, type PreviewView } from '../../client/src/preview/protocol';
import { MailDomainsRequest, SimulateRequest, type SimulateParams } from '../../server/src/protocol';
import { PROFILES } from '../../server/src/simulate/index';
import { coreBackend, example } from '../webview/backend';

const FAILOVER = example('mx-failover.example.zone');
const EXTENSION = '/ext/zonelens';

// ---------------------------------------------------------------------------
// The stand-in for `vscode`: only what panel.ts touches, recording the calls.

type Listener<T> = (e: T) => unknown;

class Emitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (l: Listener<T>) => {
    this.listeners.push(l);
    return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
}

class FakeUri {
  constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static parse(s: string): FakeUri {
    const m = /^([a-z]+):\/\/(.*)$/.exec(s);
    return m ? new FakeUri(m[1], m[2]) : new FakeUri('file', s);
  }
  static joinPath(base: FakeUri, ...parts: string[]): FakeUri {
    return new FakeUri(base.scheme, [base.path, ...parts].join('/'));
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

class FakeRange {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}
}

interface FakeDocument {
  uri: FakeUri;
  languageId: string;
}
interface FakeEditor {
  document: FakeDocument;
  selection: { active: { line: number } };
  viewColumn: number;
  revealRange(): void;
}

class FakeWebview {
  options: unknown;
  html = '';
  readonly cspSource = 'https://fake.vscode-cdn.net';
  readonly posted: HostMessage[] = [];
  readonly fromWebview = new Emitter<unknown>();
  readonly onDidReceiveMessage = this.fromWebview.event;
  private waiters: ((m: HostMessage) => void)[] = [];
  asWebviewUri(u: FakeUri): FakeUri {
    return new FakeUri('https', `fake.vscode-cdn.net${u.path}`);
  }
  postMessage(m: HostMessage): Promise<boolean> {
    // What crosses to a real webview is JSON.
    this.posted.push(JSON.parse(JSON.stringify(m)) as HostMessage);
    for (const w of this.waiters.splice(0)) w(m);
    return Promise.resolve(true);
  }
  /** The next message posted to the webview. */
  next(): Promise<HostMessage> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

class FakePanel {
  title: string;
  disposed = false;
  readonly webview = new FakeWebview();
  private readonly disposeEmitter = new Emitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  revealed = 0;
  constructor(
    readonly viewType: string,
    title: string,
    readonly showOptions: unknown,
    options: unknown,
  ) {
    this.title = title;
    this.webview.options = options;
  }
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeEmitter.fire();
  }
}

const activeEditorChanged = new Emitter<FakeEditor | undefined>();
const documentChanged = new Emitter<{ document: FakeDocument; contentChanges: unknown[] }>();
const fake = {
  panels: [] as FakePanel[],
  serializers: new Map<string, { deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void> }>(),
  shown: [] as { uri: string; column: unknown; selection: FakeRange }[],
  warnings: [] as string[],
  opened: [] as string[],
  profile: 'rfc5321',
};

const vscodeStub = {
  Uri: FakeUri,
  Range: FakeRange,
  ViewColumn: { One: 1, Beside: -2 },
  TextEditorRevealType: { InCenterIfOutsideViewport: 2 },
  window: {
    activeTextEditor: undefined as FakeEditor | undefined,
    visibleTextEditors: [] as FakeEditor[],
    onDidChangeActiveTextEditor: activeEditorChanged.event,
    createWebviewPanel(viewType: string, title: string, show: unknown, options: unknown) {
      const p = new FakePanel(viewType, title, show, options);
      fake.panels.push(p);
      return p;
    },
    registerWebviewPanelSerializer(
      viewType: string,
      s: { deserializeWebviewPanel(p: FakePanel, st: unknown): Promise<void> },
    ) {
      fake.serializers.set(viewType, s);
      return { dispose: () => fake.serializers.delete(viewType) };
    },
    showTextDocument(uri: FakeUri, options: { viewColumn: unknown; selection: FakeRange }) {
      fake.shown.push({ uri: uri.toString(), column: options.viewColumn, selection: options.selection });
      return Promise.resolve({ revealRange: () => {} });
    },
    showWarningMessage(m: string) {
      fake.warnings.push(m);
      return Promise.resolve(undefined);
    },
  },
  workspace: {
    textDocuments: [] as FakeDocument[],
    onDidChangeTextDocument: documentChanged.event,
    openTextDocument(uri: FakeUri) {
      fake.opened.push(uri.toString());
      return Promise.resolve({ uri, languageId: 'dns-zone' });
    },
    getConfiguration: () => ({ get: (key: string) => (key === 'simulation.profile' ? fake.profile : undefined) }),
  },
};

// panel.ts imports `vscode`, which only exists inside VS Code: hand it the stand-in.
const moduleWithLoad = Module as unknown as {
  _load: (this: unknown, request: string, parent: unknown, isMain: boolean) => unknown;
};
const originalLoad = moduleWithLoad._load;

function zoneEditor(uri: string, line: number): FakeEditor {
  const document = { uri: FakeUri.parse(uri), languageId: 'dns-zone' };
  return { document, selection: { active: { line } }, viewColumn: 1, revealRange: () => {} };
}

describe('failover preview panel (vscode side)', () => {
  let panelModule: typeof PanelModule;
  const backend = coreBackend({ [FAILOVER.uri]: FAILOVER.text });
  const log: string[] = [];
  const ctx = {
    extension: { extensionUri: FakeUri.parse(`file://${EXTENSION}`) },
    output: { appendLine: (l: string) => log.push(l) },
    languageClient: {
      sendRequest(type: unknown, params: unknown) {
        if (type === SimulateRequest) return backend.simulate(params as SimulateParams);
        if (type === MailDomainsRequest)
          return backend.mailDomains((params as { textDocument: { uri: string } }).textDocument.uri);
        return Promise.reject(new Error('unexpected request'));
      },
    },
  } as unknown as Ctx;

  before(() => {
    moduleWithLoad._load = function (request, parent, isMain) {
      if (request === 'vscode') return vscodeStub;
      return originalLoad.call(this, request, parent, isMain);
    };
    panelModule = Module.createRequire(__filename)('../../client/src/preview/panel') as typeof PanelModule;
  });

  after(() => {
    moduleWithLoad._load = originalLoad;
  });

  /** Sends a message from the webview and waits for the host's answer. */
  async function roundTrip(panel: FakePanel, message: unknown): Promise<PreviewView> {
    const answer = panel.webview.next();
    panel.webview.fromWebview.fire(message);
    const m = await answer;
    assert.equal(m.type, 'view', JSON.stringify(m));
    return (m as { view: PreviewView }).view;
  }

  it('without a zone file the command says so and opens nothing', async () => {
    vscodeStub.window.activeTextEditor = undefined;
    await panelModule.FailoverPreview.show(ctx);
    assert.deepEqual(fake.warnings, ['ZoneLens: open a zone file first.']);
    assert.equal(fake.panels.length, 0);
  });

  it('opens beside the editor, locked down: scripts on, resources from dist/webview only, CSP with a nonce', async () => {
    const line = FAILOVER.lines.findIndex((l) => l.startsWith('wide'));
    const editor = zoneEditor(FAILOVER.uri, line);
    vscodeStub.window.activeTextEditor = editor;
    vscodeStub.workspace.textDocuments = [editor.document];
    await panelModule.FailoverPreview.show(ctx);
    assert.equal(fake.panels.length, 1);
    const panel = fake.panels[0];
    assert.equal(panel.viewType, VIEW_TYPE);
    assert.deepEqual(panel.showOptions, { viewColumn: -2, preserveFocus: true });
    const options = panel.webview.options as { enableScripts: boolean; localResourceRoots: FakeUri[] };
    assert.equal(options.enableScripts, true);
    assert.deepEqual(
      options.localResourceRoots.map((u) => u.toString()),
      [`file://${EXTENSION}/dist/webview`],
    );
    const html = panel.webview.html;
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonce, 'a nonce in the CSP');
    assert.ok(
      html.includes(`<script nonce="${nonce}" src="https://fake.vscode-cdn.net${EXTENSION}/dist/webview/panel.js">`),
    );
    assert.ok(html.includes(`style-src ${panel.webview.cspSource};`));
    assert.ok(html.includes(`href="https://fake.vscode-cdn.net${EXTENSION}/dist/webview/panel.css"`));

    // The webview's `ready` brings the view of the domain under the cursor.
    const view = await roundTrip(panel, { type: 'ready' });
    assert.equal(view.domain, 'wide.mx-failover.example.');
    assert.equal(view.results.length, PROFILES.length);
    assert.equal(panel.title, 'MX Failover: wide.mx-failover.example.');
  });

  it('handles state changes, ignores invalid messages, reveals records', async () => {
    const panel = fake.panels[0];
    const view = await roundTrip(panel, { type: 'setStates', states: { '192.0.2.11': 'down' } });
    assert.deepEqual(view.options.states, { '192.0.2.11': 'down' });
    const before = panel.webview.posted.length;
    panel.webview.fromWebview.fire({ type: 'setStates', states: { '192.0.2.11': 'exploded' } });
    assert.equal(panel.webview.posted.length, before);
    assert.match(log[log.length - 1], /ignored an invalid message/);

    panel.webview.fromWebview.fire({ type: 'reveal', host: 'a.mx-failover.example.', address: '192.0.2.12' });
    // The reveal goes through an async showTextDocument: wait for it without a timer.
    while (fake.shown.length === 0) await Promise.resolve();
    assert.equal(fake.shown[0].uri, FAILOVER.uri);
    const line = FAILOVER.lines.findIndex((l) => /^\s+A\s+192\.0\.2\.12$/.test(l));
    assert.equal(fake.shown[0].selection.startLine, line);
  });

  it('follows edits of its document (debounced) and ignores other documents', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const panel = fake.panels[0];
    const before = panel.webview.posted.length;
    documentChanged.fire({
      document: { uri: FakeUri.parse('file:///other.zone'), languageId: 'dns-zone' },
      contentChanges: [{}],
    });
    backend.setText(FAILOVER.uri, FAILOVER.text.replace('b          A     192.0.2.13', 'b          A     192.0.2.33'));
    const doc = vscodeStub.workspace.textDocuments[0];
    documentChanged.fire({ document: doc, contentChanges: [{}] });
    documentChanged.fire({ document: doc, contentChanges: [{}] });
    const answer = panel.webview.next();
    t.mock.timers.tick(250);
    const m = await answer;
    assert.equal(panel.webview.posted.length, before + 1, 'one redraw for the burst');
    const addresses = (m as { view: PreviewView }).view.results[0].addresses.map((a) => a.address);
    assert.ok(addresses.includes('192.0.2.33'), addresses.join(' '));
    backend.setText(FAILOVER.uri, FAILOVER.text);
  });

  it('the command on an open panel selects the domain it is given (the code lens)', async () => {
    const panel = fake.panels[0];
    const answer = panel.webview.next();
    await panelModule.FailoverPreview.show(ctx, FAILOVER.uri, 'six.mx-failover.example.');
    const m = await answer;
    assert.equal((m as { view: PreviewView }).view.domain, 'six.mx-failover.example.');
    assert.equal(fake.panels.length, 1, 'the panel is reused');
    assert.equal(panel.revealed, 1);
  });

  it('follows the user to another zone file', async () => {
    const panel = fake.panels[0];
    const other = example('equal-preference.example.zone');
    backend.setText(other.uri, other.text);
    const answer = panel.webview.next();
    activeEditorChanged.fire(zoneEditor(other.uri, 0));
    const m = await answer;
    assert.equal((m as { view: PreviewView }).view.documentUri, other.uri);
  });

  it('the serializer restores a panel from its saved state after a reload', async () => {
    fake.panels[0].dispose();
    // Activation registers it (registerCommands); here directly.
    const registration = panelModule.FailoverPreview.registerSerializer(ctx);
    const serializer = fake.serializers.get(VIEW_TYPE);
    assert.ok(serializer, 'a serializer is registered for the view type');
    const restored = new FakePanel(VIEW_TYPE, 'MX Failover Preview', {}, {});
    vscodeStub.workspace.textDocuments = [];
    const state = {
      version: 1,
      documentUri: FAILOVER.uri,
      domain: 'single.mx-failover.example.',
      options: {
        profile: 'postfix',
        compare: true,
        rrsetOrder: 'rotated',
        senderIpv6: false,
        states: { '192.0.2.1': 'tempfail' },
      },
    };
    await serializer.deserializeWebviewPanel(restored, state);
    assert.deepEqual(fake.opened, [FAILOVER.uri], 'the document is opened so that the server knows it');
    assert.ok(restored.webview.html.includes("default-src 'none'"));
    assert.deepEqual((restored.webview.options as { localResourceRoots: FakeUri[] }).localResourceRoots.map(String), [
      `file://${EXTENSION}/dist/webview`,
    ]);
    backend.simulateCalls.length = 0;
    const view = await roundTrip(restored, { type: 'ready' });
    assert.equal(view.domain, 'single.mx-failover.example.');
    assert.deepEqual(view.options, state.options);
    assert.ok(
      backend.simulateCalls.every(
        (c) => c.rrsetOrder === 'rotated' && c.senderIpv6 === false && c.states?.['192.0.2.1'] === 'tempfail',
      ),
    );
    registration.dispose();
    restored.dispose();
  });
});
