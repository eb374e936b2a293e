import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import * as config from './config';
import { RestartPolicy } from './restartPolicy';

/**
 * What the client sends as `initializationOptions`. The server reads `trusted`
 * to decide whether it may read `$INCLUDE`d files and resolve names; the
 * settings are also pushed later through `workspace/didChangeConfiguration`
 * (section `zonelens`).
 */
export interface InitializationOptions {
  settings: unknown;
  trusted: boolean;
}

/**
 * The extension's state: the output channel, the language client and every
 * disposable registered on the way. Commands receive it; nothing else is global.
 */
export class Ctx implements vscode.Disposable {
  readonly output: vscode.OutputChannel;
  private client: LanguageClient | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Restarts of a server that stopped on its own: a limit, and one message (restartPolicy.ts). */
  private readonly restarts = new RestartPolicy();

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('ZoneLens');
    this.disposables.push(this.output);
    // Trust can only be granted while the window is open (revoking it reloads the
    // window). The server learns about it at initialization, so a restart is the
    // simplest complete notification: it re-reads includes with the new rights.
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.output.appendLine('Workspace trusted: restarting the language server.');
        void this.restart();
      }),
    );
  }

  /** The running language client, if the server is up. */
  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  /** Registers a disposable to be released with the extension. */
  push(d: vscode.Disposable): void {
    this.disposables.push(d);
  }

  /** Starts the language server; a failure is reported, not thrown, so activation completes. */
  async start(): Promise<void> {
    if (this.client) return;
    const serverModule = this.extension.asAbsolutePath('dist/server.js');
    if (!fs.existsSync(serverModule)) {
      this.report(`the language server is missing (${serverModule}); run \`npm run build\``);
      return;
    }
    // Over stdio, as other editors run it: the server's writer then sends a diagnostic published
    // before without encoding it again (server/src/rpcWriter.ts), which on a zone with thousands of
    // findings is most of a keystroke's cost; IPC would serialize every publication whole.
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.stdio },
      debug: {
        module: serverModule,
        transport: TransportKind.stdio,
        options: { execArgv: ['--nolazy', '--inspect=6009'] },
      },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'dns-zone' },
        { scheme: 'untitled', language: 'dns-zone' },
      ],
      synchronize: {
        configurationSection: config.SECTION,
        // Reverse zones elsewhere in the workspace feed the PTR checks: tell the server when zone files change.
        fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.zone,*.arpa,*.rev,*.db,*.dns,*.signed,db.*}'),
      },
      // A function, so that a restart picks up the current settings and trust.
      initializationOptions: (): InitializationOptions => ({
        settings: config.serverSettings(),
        trusted: vscode.workspace.isTrusted,
      }),
      outputChannel: this.output,
      traceOutputChannel: this.output,
      errorHandler: {
        // As the library's default: a few broken messages are survivable, a stream of them is not.
        error: (_error, _message, count) => ({
          action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
        }),
        closed: () => this.serverStopped(),
      },
      initializationFailedHandler: (error) => {
        this.output.appendLine(`The language server failed to initialize: ${String(error)}`);
        // True tries the initialization again; the same limit applies as to crashes.
        return this.serverStopped().action === CloseAction.Restart;
      },
    };
    // The id `zonelens` makes the client honour the `zonelens.trace.server` setting.
    const client = new LanguageClient('zonelens', 'ZoneLens', serverOptions, clientOptions);
    this.client = client;
    try {
      await client.start();
    } catch (err) {
      this.client = undefined;
      this.report(`the language server failed to start: ${String(err)}`);
    }
  }

  /** Stops the language server if it runs. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop();
      } catch (err) {
        this.output.appendLine(`Stopping the language server failed: ${String(err)}`);
      }
    }
  }

  /** Stops and starts the language server (command `zonelens.restartServer`). */
  async restart(): Promise<void> {
    // A restart asked for (command, trust granted) starts the crash count afresh.
    this.restarts.reset();
    await this.stop();
    await this.start();
  }

  dispose(): void {
    // Deactivation awaits `stop()`; this only releases what is left.
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }

  /** The server stopped without being asked to: restart it within the limits, tell the user once. */
  private serverStopped(): CloseHandlerResult {
    const d = this.restarts.stopped();
    const { maxRestarts, windowMs } = this.restarts.limits;
    const minutes = windowMs / 60_000;
    if (d.restart) {
      this.output.appendLine(
        `The language server stopped unexpectedly; restarting it (${d.recent} of ${maxRestarts} restarts in ${minutes} minutes).`,
      );
    } else {
      this.output.appendLine('The language server stopped unexpectedly and will not be restarted.');
    }
    if (d.notify === 'restarted') {
      this.notify(
        'warning',
        'ZoneLens: the language server stopped unexpectedly and was restarted. If it keeps stopping, its output may say why.',
      );
    } else if (d.notify === 'gave-up') {
      this.notify(
        'error',
        `ZoneLens: the language server stopped ${maxRestarts + 1} times in ${minutes} minutes and will not be restarted. Run "ZoneLens: Restart Language Server" to start it again.`,
      );
    }
    // `handled`: the library's own message would repeat ours on every stop.
    return { action: d.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
  }

  /** A message with a button that opens the output channel. */
  private notify(kind: 'warning' | 'error', message: string): void {
    const shown =
      kind === 'warning'
        ? vscode.window.showWarningMessage(message, 'Show Output')
        : vscode.window.showErrorMessage(message, 'Show Output');
    void shown.then((choice) => {
      if (choice === 'Show Output') this.output.show(true);
    });
  }

  private report(message: string): void {
    this.output.appendLine(`ZoneLens: ${message}`);
    void vscode.window.showErrorMessage(`ZoneLens: ${message}`);
  }
}
