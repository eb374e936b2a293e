/**
 * The language server: capabilities and wiring only. Analysis lives in the
 * core (`zone/`, `checks/`); LSP-shaped views of it in `features/`.
 */
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, isReverseZone, type Analysis } from './checks/index';
import { CODE_ACTION_KINDS, codeActions } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { toLspDiagnostics } from './features/diagnostics';
import { hover } from './features/hover';
import { mailDomainsRequest, simulateRequest } from './features/simulation';
import { workspaceIncludeReader } from './includes';
import { MailDomainsRequest, SimulateRequest } from './protocol';
import { WorkspaceReverseZones } from './reverseZones';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './settings';
import { originFromFileName } from './zone/origin';
import type { IncludeReader } from './zone/parser';

/** What the client may send as `initializationOptions` (see client/src/ctx.ts). */
interface InitOptions {
  settings?: unknown;
  trusted?: boolean;
}

/** How long to wait after the last keystroke before re-checking a document. */
const DEBOUNCE_MS = 60;

/** Wires the handlers to a connection; exported so tests can drive the server over any stream. */
export function register(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, { version: number; analysis: Analysis }>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let settings: Settings = DEFAULT_SETTINGS;
  let pullConfiguration = false;
  let workspaceReverse: WorkspaceReverseZones | undefined;
  // Trust and folders are fixed at initialization (the client restarts the server when trust is granted).
  let readInclude: IncludeReader = workspaceIncludeReader({ trusted: false, workspaceFolders: [] });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitOptions;
    settings = parseSettings(init.settings);
    // Clients other than ours (Neovim, Helix, Emacs) do not know about workspace trust:
    // the user chose to run the server on their files, so their workspace counts as trusted.
    const trusted = init.trusted ?? true;
    let workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [params.rootUri];
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    // Reading other files of the workspace is for trusted workspaces only.
    if (trusted) workspaceReverse = new WorkspaceReverseZones(workspaceFolders, () => settings);
    readInclude = workspaceIncludeReader({ trusted, workspaceFolders });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
      },
      serverInfo: { name: 'zonelens' },
    };
  });

  connection.onInitialized(() => {
    if (pullConfiguration) void refreshSettings();
  });

  async function refreshSettings(): Promise<void> {
    try {
      const section: unknown = await connection.workspace.getConfiguration('zonelens');
      settings = parseSettings(section);
    } catch {
      // A client that cannot answer keeps the settings it sent at initialization.
    }
    for (const doc of documents.all()) validate(doc);
  }

  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as { zonelens?: unknown } | null)?.zonelens;
    if (pullConfiguration) void refreshSettings();
    else {
      if (pushed !== undefined) settings = parseSettings(pushed);
      for (const doc of documents.all()) validate(doc);
    }
  });

  /** Reverse zones the MX checks may consult: open documents first, then the workspace's files. */
  function reverseZones(exceptUri: string) {
    const open = [...analyses.entries()]
      .filter(([uri, a]) => uri !== exceptUri && isReverseZone(a.analysis.zone))
      .map(([, a]) => a.analysis.zone);
    const openUris = new Set(open.map((z) => z.files[0].name));
    const disk = (workspaceReverse?.zones(exceptUri) ?? []).filter((z) => !openUris.has(z.files[0].name));
    return [...open, ...disk];
  }

  function validate(doc: TextDocument): void {
    const wasReverse = analyses.get(doc.uri)?.analysis.zone;
    const analysis = analyze(
      doc.getText(),
      { fileName: doc.uri, origin: originFromFileName(doc.uri), readInclude },
      settings,
      { reverseZones: reverseZones(doc.uri) },
    );
    analyses.set(doc.uri, { version: doc.version, analysis });
    // A reverse zone changed: the PTR checks of the other open zones may change with it.
    if (isReverseZone(analysis.zone) || (wasReverse !== undefined && isReverseZone(wasReverse))) {
      // Only forward zones consult reverse zones, so this cannot ping-pong between two reverse zones.
      for (const other of documents.all()) {
        const zone = analyses.get(other.uri)?.analysis.zone;
        if (other.uri !== doc.uri && zone !== undefined && !isReverseZone(zone)) schedule(other);
      }
    }
    for (const { uri, diagnostics } of toLspDiagnostics(analysis)) {
      void connection.sendDiagnostics({ uri, version: uri === doc.uri ? doc.version : undefined, diagnostics });
    }
  }

  function schedule(doc: TextDocument): void {
    clearTimeout(timers.get(doc.uri));
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        // Only the latest version is analysed: a closed or newer document is someone else's job.
        const current = documents.get(doc.uri);
        if (current !== undefined && current.version === doc.version) validate(current);
      }, DEBOUNCE_MS),
    );
  }

  connection.onDidChangeWatchedFiles(() => {
    workspaceReverse?.invalidate();
    for (const doc of documents.all()) schedule(doc);
  });

  /** The analysis of the document's current text (made now if an edit is still waiting). */
  function current(uri: string): Analysis | undefined {
    const doc = documents.get(uri);
    if (doc === undefined) return undefined;
    const cached = analyses.get(uri);
    if (cached === undefined || cached.version !== doc.version) validate(doc);
    return analyses.get(uri)?.analysis;
  }

  connection.onHover((p) => {
    const a = current(p.textDocument.uri);
    const doc = documents.get(p.textDocument.uri);
    if (a === undefined || doc === undefined) return null;
    return hover(a.zone, doc.offsetAt(p.position), settings);
  });

  connection.onCodeAction((p) => {
    const a = current(p.textDocument.uri);
    if (a === undefined) return [];
    // The fixes read the edited text again to check it, the way validate() read this one.
    const origin = originFromFileName(p.textDocument.uri);
    return codeActions(a, p, { origin, generateLimit: settings.generate.maxRecords });
  });

  connection.onCodeLens((p) => {
    const a = current(p.textDocument.uri);
    return a === undefined ? [] : codeLenses(a.zone, p.textDocument.uri, settings);
  });

  connection.onRequest(SimulateRequest, (p) => {
    const a = current(p.textDocument.uri);
    return a === undefined ? null : simulateRequest(a.zone, p, settings);
  });

  connection.onRequest(MailDomainsRequest, (p) => {
    const a = current(p.textDocument.uri);
    return a === undefined ? [] : mailDomainsRequest(a.zone);
  });

  // Fired on open too: a document seen for the first time is checked at once, edits after a pause.
  documents.onDidChangeContent((e) => (analyses.has(e.document.uri) ? schedule(e.document) : validate(e.document)));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    analyses.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  documents.listen(connection);
}

if (require.main === module) {
  const connection = createConnection(ProposedFeatures.all);
  register(connection);
  connection.listen();
}
