/**
 * "ZoneLens: Show MX Failover Preview": the webview panel beside the editor.
 * This file is the `vscode` side only: the panel's lifecycle, its locked-down
 * options and HTML (ARCHITECTURE.md rule 9), following the active zone
 * document, revealing records, and the serializer that restores the panel
 * after a reload. What the panel shows is decided by `PreviewController`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Location } from 'vscode-languageserver-protocol';
import { MailDomainsRequest, SimulateRequest } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { PreviewController, type PreviewBackend, type PreviewDocument } from './controller';
import { makeNonce, panelHtml } from './html';
import {
  VIEW_TYPE,
  defaultOptions,
  isProfile,
  parsePersistedState,
  type HostMessage,
  type PreviewOptions,
} from './protocol';

const LANGUAGE_ID = 'dns-zone';

/** The folder of the webview bundle: the only one the webview may load from. */
function bundleRoot(ctx: Ctx): vscode.Uri {
  return vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview');
}

function webviewOptions(ctx: Ctx): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [bundleRoot(ctx)] };
}

function describe(document: vscode.TextDocument, editor?: vscode.TextEditor): PreviewDocument {
  return {
    uri: document.uri.toString(),
    name: path.basename(document.uri.path) || document.uri.toString(),
    cursorLine: editor?.document === document ? editor.selection.active.line : undefined,
  };
}

function activeZoneEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === LANGUAGE_ID ? editor : undefined;
}

/** The document at `uri`, opened (not shown) if needed so that the language client syncs it; undefined if it cannot be read. */
async function openQuietly(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open;
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch {
    // Deleted or unreadable since: the panel then says the simulation failed or shows no domain.
    return undefined;
  }
}

/** The language server's requests, asked when needed (the server may restart in between). */
function backend(ctx: Ctx): PreviewBackend {
  const client = (): NonNullable<Ctx['languageClient']> => {
    const c = ctx.languageClient;
    if (c === undefined) throw new Error('the ZoneLens language server is not running');
    return c;
  };
  return {
    mailDomains: (uri) => client().sendRequest(MailDomainsRequest, { textDocument: { uri } }),
    simulate: (params) => client().sendRequest(SimulateRequest, params),
  };
}

/** One open failover preview. There is at most one; the command reuses it. */
export class FailoverPreview implements vscode.Disposable {
  private static current: FailoverPreview | undefined;
  private controller: PreviewController | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(
    private readonly ctx: Ctx,
    private readonly panel: vscode.WebviewPanel,
  ) {
    panel.webview.options = webviewOptions(ctx);
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Follow the zone file the user turns to; other editors (output, settings) leave the panel as it is.
        if (editor?.document.languageId !== LANGUAGE_ID) return;
        if (editor.document.uri.toString() === this.controller?.documentUri) return;
        void this.bind(describe(editor.document, editor));
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && e.document.uri.toString() === this.controller?.documentUri) {
          this.controller.documentChanged();
        }
      }),
    );
  }

  /** The command: opens (or brings back) the panel for a document and, optionally, one of its domains. */
  static async show(ctx: Ctx, uri?: string, domain?: string): Promise<void> {
    let document: PreviewDocument | undefined;
    const editor = activeZoneEditor();
    if (uri !== undefined) {
      const doc = await openQuietly(vscode.Uri.parse(uri));
      document = doc ? describe(doc, editor) : { uri, name: path.basename(vscode.Uri.parse(uri).path) };
    } else if (editor) {
      document = describe(editor.document, editor);
    }
    const existing = FailoverPreview.current;
    if (document === undefined && existing === undefined) {
      void vscode.window.showWarningMessage('ZoneLens: open a zone file first.');
      return;
    }
    if (existing) {
      existing.panel.reveal(undefined, true);
      if (document) await existing.bind(document, domain);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'MX Failover Preview',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(ctx),
    );
    const preview = new FailoverPreview(ctx, panel);
    FailoverPreview.current = preview;
    // The webview asks for its view with `ready` once its script runs.
    if (document) void preview.bind(document, domain, false);
  }

  /** Registers the serializer that brings the panel back after a window reload. */
  static registerSerializer(ctx: Ctx): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown): Promise<void> => {
        FailoverPreview.current?.panel.dispose();
        const preview = new FailoverPreview(ctx, panel);
        FailoverPreview.current = preview;
        const saved = parsePersistedState(state);
        if (saved) {
          const uri = vscode.Uri.parse(saved.documentUri);
          // The server answers for open documents only: open it (without an editor) if the reload did not.
          await openQuietly(uri);
          preview.controller = preview.makeController(
            { uri: saved.documentUri, name: path.basename(uri.path) },
            saved.domain,
            saved.options,
          );
        } else {
          const editor = activeZoneEditor();
          if (editor) void preview.bind(describe(editor.document, editor), undefined, false);
        }
      },
    });
  }

  /** Follows `document` (and shows `domain` when given). */
  private bind(document: PreviewDocument, domain?: string, refresh = true): Promise<void> {
    if (this.controller === undefined || this.controller.documentUri !== document.uri) {
      const previous = this.controller?.persisted().options;
      this.controller?.dispose();
      // States name addresses of the other file's hosts: start this one with every address up.
      this.controller = this.makeController(document, domain ?? null, previous && { ...previous, states: {} });
    } else if (domain !== undefined) {
      return this.controller.handleMessage({ type: 'selectDomain', domain }) || Promise.resolve();
    }
    return refresh ? this.controller.setDocument(document) : Promise.resolve();
  }

  private makeController(
    document: PreviewDocument,
    domain: string | null,
    options?: PreviewOptions,
  ): PreviewController {
    let start = options;
    if (start === undefined) {
      // A new panel starts with the hover's profile; a restored or rebound one keeps the user's choices.
      const configured = vscode.workspace.getConfiguration('zonelens').get<string>('simulation.profile');
      start = defaultOptions(isProfile(configured) ? configured : undefined);
    }
    return new PreviewController(
      backend(this.ctx),
      { post: (m) => this.post(m), reveal: (l) => void this.reveal(l) },
      { document, domain, options: start },
    );
  }

  private receive(raw: unknown): void {
    if (this.controller === undefined) {
      this.post({ type: 'status', text: 'Open a zone file to preview where its mail goes.' });
      return;
    }
    const handled = this.controller.handleMessage(raw);
    if (handled === false) this.ctx.output.appendLine('Failover preview: ignored an invalid message from the webview.');
  }

  private post(message: HostMessage): void {
    if (message.type === 'view') {
      this.panel.title = message.view.domain ? `MX Failover: ${message.view.domain}` : 'MX Failover Preview';
    }
    void this.panel.webview.postMessage(message);
  }

  /** Shows a record in the editor that already shows its file, else in the first column. */
  private async reveal(location: Location): Promise<void> {
    const uri = vscode.Uri.parse(location.uri);
    const { start, end } = location.range;
    const range = new vscode.Range(start.line, start.character, end.line, end.character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    try {
      const editor = await vscode.window.showTextDocument(uri, {
        viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
        selection: range,
        preserveFocus: false,
      });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (err) {
      this.ctx.output.appendLine(`Failover preview: cannot show ${location.uri}: ${String(err)}`);
    }
  }

  private html(): string {
    const webview = this.panel.webview;
    const root = bundleRoot(this.ctx);
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'panel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'panel.css')).toString(),
    });
  }

  dispose(): void {
    if (FailoverPreview.current === this) FailoverPreview.current = undefined;
    this.controller?.dispose();
    this.controller = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
