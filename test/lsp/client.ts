/**
 * A real LSP client for tests: spawns the built server (`dist/server.js
 * --stdio`) and speaks JSON-RPC to it with vscode-languageserver-protocol.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeResult,
  type ClientCapabilities,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

import vscodeCapabilities from '../../bench/vscode-capabilities.json';

export const SERVER = path.resolve(__dirname, '../../dist/server.js');

/**
 * What VS Code declares for diagnostics: related locations, links to the docs,
 * `data` for code actions (shared with the benchmark's client).
 */
export const VSCODE_CAPABILITIES = vscodeCapabilities as ClientCapabilities;

export interface TestClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  initializeResult: InitializeResult;
  open(uri: string, text: string, version?: number): void;
  change(uri: string, text: string, version: number): void;
  close(uri: string): void;
  /** Resolves with the next diagnostics published for `uri` that satisfy `accept`. */
  diagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  stop(): Promise<void>;
}

export async function startClient(
  options: { initializationOptions?: unknown; rootUri?: string | null; capabilities?: ClientCapabilities } = {},
): Promise<TestClient> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const published: PublishDiagnosticsParams[] = [];
  const waiters: {
    uri: string;
    accept: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const i = waiters.findIndex((w) => w.uri === p.uri && w.accept(p));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(p);
    else published.push(p);
  });
  connection.listen();
  const initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: options.rootUri ?? null,
    capabilities: options.capabilities ?? VSCODE_CAPABILITIES,
    initializationOptions: options.initializationOptions,
    workspaceFolders: options.rootUri ? [{ uri: options.rootUri, name: 'root' }] : null,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    connection,
    process: child,
    initializeResult,
    open(uri, text, version = 1) {
      void connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'dns-zone', version, text },
      });
    },
    change(uri, text, version) {
      void connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
    },
    close(uri) {
      void connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    },
    diagnostics(uri, accept = () => true) {
      const i = published.findIndex((p) => p.uri === uri && accept(p));
      if (i >= 0) return Promise.resolve(published.splice(i, 1)[0]);
      return new Promise((resolve) => waiters.push({ uri, accept, resolve }));
    },
    async stop() {
      await connection.sendRequest(ShutdownRequest.type);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await connection.sendNotification(ExitNotification.type);
      await exited;
      connection.dispose();
    },
  };
}
