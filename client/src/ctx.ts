import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import * as config from './config';

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
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: {
        module: serverModule,
        transport: TransportKind.ipc,
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
    await this.stop();
    await this.start();
  }

  dispose(): void {
    // Deactivation awaits `stop()`; this only releases what is left.
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }

  private report(message: string): void {
    this.output.appendLine(`ZoneLens: ${message}`);
    void vscode.window.showErrorMessage(`ZoneLens: ${message}`);
  }
}
