/**
 * The language server: capabilities and wiring only. Analysis lives in the
 * core (`zone/`, `checks/`); LSP-shaped views of it in `features/`.
 */
import {
  DidChangeWatchedFilesNotification,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node';
import { composeEdits, IncrementalAnalysis, type TextEdit } from './checks/incremental';
import { ZoneDocument } from './document';
import { isReverseZone, type Analysis } from './checks/index';
import { checkpoint } from './cancellation';
import { CODE_ACTION_KINDS, codeActions } from './features/codeActions';
import { codeLenses, LensDocuments, lensData, resolveCodeLens } from './features/codeLens';
import { completion } from './features/completion';
import { FULL_SUPPORT, LspDiagnostics, type DiagnosticSupport } from './features/diagnostics';
import { foldingRanges } from './features/folding';
import { formatting } from './features/formatting';
import { hover } from './features/hover';
import { definition, highlights, prepareRename, references, rename } from './features/navigation';
import { exportDnsZonefileRequest, importDnsZonefileRequest } from './features/dnsZonefile';
import { bumpSerialEdit } from './features/serial';
import { mailDomainsRequest, simulateRequest } from './features/simulation';
import { documentSymbols } from './features/symbols';
import { includeKey, includeWatchPaths, workspaceIncludeReader, type IncludeAccess } from './includes';
import { IncludeWatch } from './includeWatch';
import {
  BumpSerialRequest,
  ExportDnsZonefileRequest,
  ImportDnsZonefileRequest,
  MailDomainsRequest,
  SimulateRequest,
} from './protocol';
import { OutOfZoneResolution } from './resolve';
import { WorkspaceReverseZones } from './reverseZones';
import { createServerConnection } from './rpcFraming';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './settings';
import { VERSION } from './version';
import { originFromFileName } from './zone/origin';
import type { IncludeReader } from './zone/parser';

/** What the client may send as `initializationOptions` (see client/src/ctx.ts). */
interface InitOptions {
  settings?: unknown;
  trusted?: boolean;
}

/** How long to wait after the last keystroke before re-checking a document whose analysis is slow. */
const DEBOUNCE_MS = 60;

/** Wires the handlers to a connection; exported so tests can drive the server over any stream. */
export function register(connection: Connection): void {
  /** Each document's edits since its last analysis, as one covering edit; null when a change replaced the whole text. */
  const pendingEdits = new Map<string, TextEdit | null>();
  const documents = new TextDocuments<ZoneDocument>({
    create: (uri, languageId, version, text) => new ZoneDocument(uri, languageId, version, text),
    // Changes are applied one by one, so that each one's offsets are read in the text it was made in.
    update: (doc, changes, version) => {
      for (const change of changes) noteEdit(doc.uri, doc.apply(change));
      doc.version = version;
      return doc;
    },
  });
  /** The analysis of each open document, the version it is of, and how long it took (ms). */
  const analyses = new Map<
    string,
    { version: number; analysis: Analysis; incremental: IncrementalAnalysis; ms: number; lsp: LspDiagnostics }
  >();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  // DNS answers for out-of-zone MX targets, when asked for (resolve.ts). A new answer changes what the
  // MX checks say without any edit, which the incremental analysis cannot see: the documents that asked
  // the question are analysed again in full.
  const resolution = new OutOfZoneResolution(
    (uris) => {
      for (const uri of uris) {
        const doc = documents.get(uri);
        if (doc === undefined) continue;
        analyses.delete(uri);
        schedule(doc);
      }
    },
    (message) => connection.console.warn(`ZoneLens: ${message}`),
  );
  let settings: Settings = DEFAULT_SETTINGS;
  let pullConfiguration = false;
  let diagnosticSupport: DiagnosticSupport = FULL_SUPPORT;
  let workspaceReverse: WorkspaceReverseZones | undefined;
  // Trust and folders are fixed at initialization (the client restarts the server when trust is granted).
  let includeAccess: IncludeAccess = { trusted: false, workspaceFolders: [] };
  let readInclude: IncludeReader = workspaceIncludeReader(includeAccess);
  /** The editor's watch on included files, when it lets the server register one. */
  let includeWatch: IncludeWatch | undefined;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitOptions;
    settings = parseSettings(init.settings);
    // Clients other than ours (Neovim, Helix, Emacs) do not know about workspace trust:
    // the user chose to run the server on their files, so their workspace counts as trusted.
    const trusted = init.trusted ?? true;
    let workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [params.rootUri];
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    // Related locations and links to the docs go only to clients that said they take them (LSP 3.16).
    const publish = params.capabilities.textDocument?.publishDiagnostics;
    diagnosticSupport = {
      relatedInformation: publish?.relatedInformation === true,
      codeDescription: publish?.codeDescriptionSupport === true,
    };
    // Reading other files of the workspace is for trusted workspaces only.
    if (trusted) workspaceReverse = new WorkspaceReverseZones(workspaceFolders, () => settings);
    // Search paths are read at each $INCLUDE: a settings change applies without a restart.
    includeAccess = { trusted, workspaceFolders, searchPaths: () => settings.include.searchPaths };
    readInclude = workspaceIncludeReader(includeAccess);
    // An included file saved or created analyses the zones again at once, when the editor watches for the server.
    const watching = params.capabilities.workspace?.didChangeWatchedFiles;
    if (trusted && watching?.dynamicRegistration === true) {
      // (It registers at the first zone that includes a file, after `initialized`: documents open after it.)
      includeWatch = new IncludeWatch(
        (options) => connection.client.register(DidChangeWatchedFilesNotification.type, options),
        watching.relativePatternSupport === true,
        (reads) => includeWatchPaths(includeAccess, reads),
      );
    }
    resolution.trusted = trusted;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeLensProvider: { resolveProvider: true },
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: ['$'] },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
      },
      serverInfo: { name: 'zonelens', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    if (pullConfiguration) void refreshSettings();
  });

  /** Watches the files the open zones' `$INCLUDE`s read or looked for (includeWatch.ts). */
  function updateIncludeWatch(): void {
    includeWatch?.update([...analyses.values()].map((a) => a.incremental.includeReads));
  }

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

  /** Folds one edit (null: the whole text replaced) into the document's pending edit. */
  function noteEdit(uri: string, edit: TextEdit | null): void {
    const before = pendingEdits.get(uri);
    if (before === null) return;
    pendingEdits.set(uri, edit === null || before === undefined ? edit : composeEdits(before, edit));
  }

  /**
   * Analyses the document's current text and publishes its diagnostics. After
   * an edit only the lines around it are parsed again (checks/incremental.ts);
   * the result is the same as a fresh analysis.
   */
  function validate(doc: ZoneDocument): void {
    const started = performance.now();
    const previous = analyses.get(doc.uri);
    const wasReverse = previous?.analysis.zone;
    const text = doc.getText();
    const context = { reverseZones: reverseZones(doc.uri), external: resolution.names(settings, doc.uri) };
    const edit = pendingEdits.get(doc.uri);
    pendingEdits.delete(doc.uri);
    const open = () =>
      IncrementalAnalysis.open(
        text,
        { fileName: doc.uri, origin: originFromFileName(doc.uri), readInclude, fileKey: includeKey(doc.uri) },
        settings,
        context,
      );
    let incremental: IncrementalAnalysis;
    if (previous === undefined) {
      incremental = open();
    } else {
      incremental = previous.incremental;
      try {
        // No edit since the last analysis (settings or other zones changed): the text is the same.
        incremental.update(text, edit === undefined ? { start: 0, oldEnd: 0, newEnd: 0 } : edit, settings, context);
      } catch {
        // A fault of the incremental path must not cost the user their diagnostics: start over.
        incremental = open();
      }
    }
    const analysis = incremental.analysis;
    // The LSP diagnostics of the previous analysis, kept where they stand (features/diagnostics.ts).
    const lsp = previous?.lsp ?? new LspDiagnostics(diagnosticSupport);
    analyses.set(doc.uri, { version: doc.version, analysis, incremental, ms: performance.now() - started, lsp });
    // A reverse zone changed: the PTR checks of the other open zones may change with it.
    if (isReverseZone(analysis.zone) || (wasReverse !== undefined && isReverseZone(wasReverse))) {
      // Only forward zones consult reverse zones, so this cannot ping-pong between two reverse zones.
      for (const other of documents.all()) {
        const zone = analyses.get(other.uri)?.analysis.zone;
        if (other.uri !== doc.uri && zone !== undefined && !isReverseZone(zone)) schedule(other);
      }
    }
    for (const { uri, diagnostics } of lsp.convert(analysis, settings.diagnostics.maxPerFile)) {
      void connection.sendDiagnostics({ uri, version: uri === doc.uri ? doc.version : undefined, diagnostics });
    }
    if (incremental.mode !== 'incremental') prepareForEdits(doc.uri, doc.version, incremental);
    updateIncludeWatch();
  }

  /**
   * Soon after the diagnostics of a full analysis are out: builds what the
   * next edit of the document would build first (see
   * `IncrementalAnalysis.prepareForEdits`), unless the document changed or
   * closed meanwhile (that edit then builds it, as before).
   */
  function prepareForEdits(uri: string, version: number, incremental: IncrementalAnalysis): void {
    setTimeout(() => {
      if (analyses.get(uri)?.incremental !== incremental || documents.get(uri)?.version !== version) return;
      // Outside any request handler, a throw would end the process; the first edit builds them then.
      try {
        incremental.prepareForEdits();
      } catch (e) {
        connection.console.error(`ZoneLens: preparing ${uri} for edits failed: ${String(e)}`);
      }
    }, 0);
  }

  function schedule(doc: ZoneDocument): void {
    clearTimeout(timers.get(doc.uri));
    // A document analysed around its last edit, or quickly, is analysed again at once (waiting saves
    // nothing), and so is the first edit after the open, which is most likely analysed around the edit
    // too; one whose last edit needed a slow full analysis, or whose whole text was replaced, waits for
    // a pause in typing, so that keystrokes do not queue up behind analyses.
    const entry = analyses.get(doc.uri);
    const mode = entry?.incremental.mode;
    const quick =
      entry !== undefined &&
      (mode === 'incremental' || (mode === 'open' && pendingEdits.get(doc.uri) !== null) || entry.ms < DEBOUNCE_MS);
    timers.set(
      doc.uri,
      setTimeout(
        () => {
          timers.delete(doc.uri);
          // Only the latest version is analysed: a closed or newer document is someone else's job.
          const current = documents.get(doc.uri);
          if (current === undefined || current.version !== doc.version) return;
          // Outside any request handler, a throw would end the process: the server must outlive a core fault.
          try {
            validate(current);
          } catch (e) {
            connection.console.error(`ZoneLens: analysis of ${current.uri} failed: ${String(e)}`);
          }
        },
        quick ? 0 : DEBOUNCE_MS,
      ),
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

  // The long requests check for cancellation before and after the analysis (cancellation.ts).
  connection.onHover(async (p, token) => {
    await checkpoint(token);
    const a = current(p.textDocument.uri);
    await checkpoint(token);
    const doc = documents.get(p.textDocument.uri);
    if (a === undefined || doc === undefined) return null;
    return hover(a.zone, doc.offsetAt(p.position), settings, resolution.names(settings, doc.uri));
  });

  connection.onCodeAction(async (p, token) => {
    await checkpoint(token);
    const a = current(p.textDocument.uri);
    await checkpoint(token);
    if (a === undefined) return [];
    // The fixes read the edited text again to check it, the way validate() read this one.
    return codeActions(a, p, readOptions(p.textDocument.uri));
  });

  // Lenses come without titles; the editor resolves those it shows (features/codeLens.ts).
  const lensDocuments = new LensDocuments();
  connection.onCodeLens((p) => {
    const a = current(p.textDocument.uri);
    return a === undefined ? [] : codeLenses(a.zone, lensDocuments.id(p.textDocument.uri));
  });

  connection.onCodeLensResolve(async (lens, token) => {
    await checkpoint(token);
    const data = lensData(lens);
    const uri = data === undefined ? undefined : lensDocuments.uri(data.document);
    const a = uri === undefined ? undefined : current(uri);
    await checkpoint(token);
    // A lens of a document closed since, or malformed: an empty title (a lens without a command is an error to the editor).
    return uri === undefined || a === undefined
      ? { ...lens, command: { title: '', command: '' } }
      : resolveCodeLens(lens, a.zone, uri, settings, resolution.names(settings, uri));
  });

  connection.onRequest(SimulateRequest, async (p, token) => {
    await checkpoint(token);
    const a = current(p.textDocument.uri);
    await checkpoint(token);
    return a === undefined
      ? null
      : simulateRequest(a.zone, p, settings, resolution.names(settings, p.textDocument.uri));
  });

  connection.onRequest(MailDomainsRequest, (p) => {
    const a = current(p.textDocument.uri);
    return a === undefined ? [] : mailDomainsRequest(a.zone);
  });

  // Editing (features/symbols, folding, navigation, completion, formatting, serial): each reads the current analysis.
  /** How the document's zone was read: the origin its name suggests, the $GENERATE limit. */
  const readOptions = (uri: string) => ({
    origin: originFromFileName(uri),
    generateLimit: settings.generate.maxRecords,
  });
  /** The zone and the offset of a position in the document, if it is open. */
  function at(uri: string, position: Position) {
    const a = current(uri);
    const doc = documents.get(uri);
    return a === undefined || doc === undefined ? undefined : { zone: a.zone, offset: doc.offsetAt(position) };
  }
  /** A refusal of the core as the error the editor shows. */
  function orRefuse<T>(r: T | { refused: string }): T {
    if (typeof r === 'object' && r !== null && 'refused' in r)
      throw new ResponseError(LSPErrorCodes.RequestFailed, r.refused);
    return r;
  }

  connection.onDocumentSymbol((p) => {
    const a = current(p.textDocument.uri);
    return a === undefined
      ? []
      : documentSymbols(a.zone, originFromFileName(p.textDocument.uri) ?? null, settings.maxItemsComputed);
  });

  connection.onFoldingRanges((p) => {
    const a = current(p.textDocument.uri);
    return a === undefined
      ? []
      : foldingRanges(a.zone, originFromFileName(p.textDocument.uri) ?? null, settings.maxItemsComputed);
  });

  connection.onDefinition((p) => {
    const x = at(p.textDocument.uri, p.position);
    return x === undefined ? null : definition(x.zone, x.offset, readOptions(p.textDocument.uri));
  });

  connection.onReferences((p) => {
    const x = at(p.textDocument.uri, p.position);
    const include = p.context.includeDeclaration;
    return x === undefined ? null : references(x.zone, x.offset, include, readOptions(p.textDocument.uri));
  });

  connection.onDocumentHighlight((p) => {
    const x = at(p.textDocument.uri, p.position);
    return x === undefined ? [] : highlights(x.zone, x.offset, readOptions(p.textDocument.uri));
  });

  connection.onPrepareRename((p) => {
    const x = at(p.textDocument.uri, p.position);
    return x === undefined ? null : orRefuse(prepareRename(x.zone, x.offset, readOptions(p.textDocument.uri)));
  });

  connection.onRenameRequest((p) => {
    const x = at(p.textDocument.uri, p.position);
    return x === undefined ? null : orRefuse(rename(x.zone, x.offset, p.newName, readOptions(p.textDocument.uri)));
  });

  connection.onCompletion((p) => {
    const x = at(p.textDocument.uri, p.position);
    return x === undefined ? null : completion(x.zone, x.offset, originFromFileName(p.textDocument.uri) ?? null);
  });

  connection.onDocumentFormatting((p) => {
    const a = current(p.textDocument.uri);
    return a === undefined ? [] : formatting(a.zone, p.options, readOptions(p.textDocument.uri));
  });

  connection.onDocumentRangeFormatting((p) => {
    const a = current(p.textDocument.uri);
    return a === undefined ? [] : formatting(a.zone, p.options, readOptions(p.textDocument.uri), p.range);
  });

  connection.onRequest(BumpSerialRequest, (p) => {
    const a = current(p.textDocument.uri);
    const doc = documents.get(p.textDocument.uri);
    if (a === undefined || doc === undefined) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, 'the document is not open in the language server');
    }
    return orRefuse(bumpSerialEdit(a.zone, doc.version, p));
  });

  connection.onRequest(ExportDnsZonefileRequest, (p) => {
    const a = current(p.textDocument.uri);
    return a === undefined ? null : exportDnsZonefileRequest(a.zone, p.textDocument.uri);
  });

  connection.onRequest(ImportDnsZonefileRequest, (p) => orRefuse(importDnsZonefileRequest(p)));

  // Fired on open too: a document seen for the first time is checked at once, edits after a pause.
  documents.onDidChangeContent((e) => (analyses.has(e.document.uri) ? schedule(e.document) : validate(e.document)));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    analyses.delete(e.document.uri);
    pendingEdits.delete(e.document.uri);
    updateIncludeWatch();
    resolution.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  documents.listen(connection);
}

if (require.main === module) {
  // Over stdio, behind a guard that re-frames malformed input (see rpcFraming.ts).
  const connection = createServerConnection();
  register(connection);
  connection.listen();
}
