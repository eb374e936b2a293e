/**
 * The SOA serial: the "ZoneLens: Bump SOA Serial" command and
 * `zonelens.serial.bumpOnSave`. The server computes the edit
 * (`zonelens/bumpSerial`); this file decides when to ask for it and applies it.
 *
 * When a save bumps: only explicit saves count (auto-saves after a delay or on
 * focus change do not bump; their changes still count at the next explicit
 * save), and only when the text really changed since the last save that
 * settled the serial (not merely "dirty": undoing back to the saved text is no
 * change). A serial the user already changed since then is left alone.
 *
 * - `always`: the bump is part of the save itself, through
 *   `onWillSaveTextDocument`'s `waitUntil` (one request to the server, well
 *   within VS Code's budget for save participants).
 * - `ask`: a question would hold the save past that budget (VS Code cancels
 *   slow participants), so the save goes through unchanged and a non-modal
 *   notification then offers the bump; accepting applies it as a new edit and
 *   saves again (only if the document had no other unsaved change).
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { BumpSerialRequest, type BumpSerialResult } from '../../server/src/protocol';
import { bumpOnSave } from './config';
import type { Ctx } from './ctx';

/** The language id of zone files. */
const LANGUAGE = 'dns-zone';

/** The user's calendar day, for date-based serials. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Asks the server for the bump of a document's serial; undefined (and why, in the output) when there is none. */
async function requestBump(ctx: Ctx, doc: vscode.TextDocument): Promise<BumpSerialResult | string> {
  const client = ctx.languageClient;
  if (client === undefined) return 'the language server is not running';
  try {
    return await client.sendRequest(BumpSerialRequest, { textDocument: { uri: doc.uri.toString() }, today: today() });
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** "ZoneLens: Bump SOA Serial": bumps the serial of the active zone (the SOA may be in an included file). */
export async function bumpSerialCommand(ctx: Ctx): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc === undefined || doc.languageId !== LANGUAGE) {
    void vscode.window.showWarningMessage('ZoneLens: open a zone file first.');
    return;
  }
  const r = await requestBump(ctx, doc);
  if (typeof r === 'string') {
    void vscode.window.showWarningMessage(`ZoneLens: cannot bump the serial: ${r}.`);
    return;
  }
  if (r.uri === doc.uri.toString() && r.version !== doc.version) {
    void vscode.window.showWarningMessage('ZoneLens: the zone changed while the serial was computed; try again.');
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(vscode.Uri.parse(r.uri), toRange(r), r.newText);
  if (await vscode.workspace.applyEdit(edit)) void vscode.window.showInformationMessage(`ZoneLens: ${r.message}.`);
}

function toRange(r: BumpSerialResult): vscode.Range {
  return new vscode.Range(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character);
}

/** What a document was when its serial was last settled (opened, or saved explicitly). */
interface Baseline {
  hash: string;
  /** Its serial then (undefined while unknown: no SOA, or the server not asked yet). */
  serial: Promise<number | undefined>;
}

function hashOf(doc: vscode.TextDocument): string {
  return createHash('sha1').update(doc.getText()).digest('hex');
}

/**
 * Watches zone documents for `zonelens.serial.bumpOnSave`. Registered once at
 * activation; its listeners are disposed with the extension.
 */
export class SerialOnSave implements vscode.Disposable {
  private readonly baselines = new Map<string, Baseline>();
  /** Why each document is being saved, from `onWillSave` (which knows) to `onDidSave` (which does not). */
  private readonly reasons = new Map<string, vscode.TextDocumentSaveReason>();
  /** Documents being saved by an accepted "ask" bump: that save settles the serial without asking again. */
  private readonly bumpSaves = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx) {
    for (const doc of vscode.workspace.textDocuments) this.settle(doc);
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.settle(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.baselines.delete(doc.uri.toString());
        this.reasons.delete(doc.uri.toString());
      }),
      vscode.workspace.onWillSaveTextDocument((e) => this.willSave(e)),
      vscode.workspace.onDidSaveTextDocument((doc) => this.didSave(doc)),
    );
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** Records the document as it is now as the state its serial belongs to. */
  private settle(doc: vscode.TextDocument): void {
    if (doc.languageId !== LANGUAGE) return;
    const version = doc.version;
    const serial = requestBump(this.ctx, doc).then((r) =>
      typeof r !== 'string' && r.version === version ? r.from : undefined,
    );
    this.baselines.set(doc.uri.toString(), { hash: hashOf(doc), serial });
  }

  /**
   * The bump a save of `doc` should make now, if any: the document changed
   * since its baseline, its SOA is in it, and its serial is still the
   * baseline's (a serial changed by hand is the user's choice).
   */
  private async dueBump(doc: vscode.TextDocument): Promise<BumpSerialResult | undefined> {
    const base = this.baselines.get(doc.uri.toString());
    if (base !== undefined && base.hash === hashOf(doc)) return undefined;
    const r = await requestBump(this.ctx, doc);
    if (typeof r === 'string') {
      this.ctx.output.appendLine(`Serial not bumped on save of ${doc.uri.fsPath}: ${r}`);
      return undefined;
    }
    if (r.uri !== doc.uri.toString() || r.version !== doc.version) return undefined;
    const before = base === undefined ? undefined : await base.serial;
    if (before !== undefined && before !== r.from) return undefined;
    return r;
  }

  private willSave(e: vscode.TextDocumentWillSaveEvent): void {
    const doc = e.document;
    if (doc.languageId !== LANGUAGE) return;
    const key = doc.uri.toString();
    this.reasons.set(key, e.reason);
    if (e.reason !== vscode.TextDocumentSaveReason.Manual || this.bumpSaves.has(key)) return;
    if (bumpOnSave(doc.uri) !== 'always') return;
    e.waitUntil(
      this.dueBump(doc).then((r) => {
        if (r === undefined) return [];
        vscode.window.setStatusBarMessage(`ZoneLens: ${r.message}`, 8000);
        this.ctx.output.appendLine(`${doc.uri.fsPath}: ${r.message}`);
        return [vscode.TextEdit.replace(toRange(r), r.newText)];
      }),
    );
  }

  private didSave(doc: vscode.TextDocument): void {
    if (doc.languageId !== LANGUAGE) return;
    const key = doc.uri.toString();
    const reason = this.reasons.get(key);
    this.reasons.delete(key);
    if (this.bumpSaves.delete(key)) return this.settle(doc);
    // An auto-save does not settle the serial: its changes count at the next explicit save.
    if (reason !== undefined && reason !== vscode.TextDocumentSaveReason.Manual) return;
    if (bumpOnSave(doc.uri) === 'ask') void this.ask(doc);
    else this.settle(doc);
  }

  /** `ask`: after the save, offers the bump; the answer (or none) settles these changes. */
  private async ask(doc: vscode.TextDocument): Promise<void> {
    const due = await this.dueBump(doc);
    this.settle(doc);
    if (due === undefined) return;
    const name = vscode.workspace.asRelativePath(doc.uri);
    const choice = await vscode.window.showInformationMessage(
      `ZoneLens: ${name} changed. Bump its SOA serial (${due.from} → ${due.to})?`,
      'Bump Serial',
      'Not Now',
    );
    if (choice !== 'Bump Serial' || doc.isClosed) return;
    // The document may have changed while the question was open: ask for the bump of its text now.
    const r = await requestBump(this.ctx, doc);
    if (typeof r === 'string' || r.uri !== doc.uri.toString() || r.version !== doc.version) {
      void vscode.window.showWarningMessage(
        `ZoneLens: the serial was not bumped${typeof r === 'string' ? `: ${r}` : ': the zone changed meanwhile'}.`,
      );
      return;
    }
    const wasDirty = doc.isDirty;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, toRange(r), r.newText);
    if (!(await vscode.workspace.applyEdit(edit))) return;
    this.ctx.output.appendLine(`${doc.uri.fsPath}: ${r.message}`);
    // Save the bump at once unless other unsaved changes would go with it.
    if (!wasDirty) {
      this.bumpSaves.add(doc.uri.toString());
      if (!(await doc.save())) this.bumpSaves.delete(doc.uri.toString());
    }
    vscode.window.setStatusBarMessage(`ZoneLens: ${r.message}`, 8000);
  }
}
