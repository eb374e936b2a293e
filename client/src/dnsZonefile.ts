/**
 * "ZoneLens: Export as dns-zonefile JSON" and "ZoneLens: Import dns-zonefile
 * JSON": the server converts (zonelens/exportDnsZonefile and
 * zonelens/importDnsZonefile); this side picks the input, opens the result as
 * a new unsaved document and says what the conversion could not carry.
 */
import * as vscode from 'vscode';
import { ExportDnsZonefileRequest, ImportDnsZonefileRequest, type DnsZonefileLeftOut } from '../../server/src/protocol';
import type { Ctx } from './ctx';

/** At most this many distinct reasons are named in a notification; the document lists them all. */
const MAX_REASONS = 4;

/** "type SSHFP …" (2), "class CH …": each distinct reason once, with its count. */
function summarize(reasons: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const parts = [...counts].slice(0, MAX_REASONS).map(([r, n]) => (n > 1 ? `${r} (${n}×)` : r));
  if (counts.size > MAX_REASONS) parts.push(`${counts.size - MAX_REASONS} more`);
  return parts.join('; ');
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Exports the active zone file as dns-zonefile JSON into a new JSON document beside it. */
export async function exportDnsZonefile(ctx: Ctx): Promise<void> {
  const client = ctx.languageClient;
  const editor = vscode.window.activeTextEditor;
  if (client === undefined || editor === undefined || editor.document.languageId !== 'dns-zone') {
    void vscode.window.showWarningMessage('ZoneLens: open a zone file to export it as dns-zonefile JSON.');
    return;
  }
  let result;
  try {
    result = await client.sendRequest(ExportDnsZonefileRequest, {
      textDocument: { uri: editor.document.uri.toString() },
    });
  } catch (err) {
    void vscode.window.showErrorMessage(`ZoneLens: the export failed: ${errorText(err)}`);
    return;
  }
  if (result === null) {
    void vscode.window.showWarningMessage('ZoneLens: the language server does not know this document yet.');
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ content: result.json, language: 'json' });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside });
  if (result.leftOut.length > 0) {
    void vscode.window.showWarningMessage(
      `ZoneLens: dns-zonefile JSON cannot hold everything in this zone: ${result.leftOut.length} left out (${summarize(
        result.leftOut.map(reasonOf),
      )}). They are listed under "//" at the top of the JSON.`,
    );
  } else {
    void vscode.window.showInformationMessage(`ZoneLens: exported ${result.exported} records as dns-zonefile JSON.`);
  }
}

/** The reason of a left-out item without its details ("type SSHFP is not in …" → as is). */
function reasonOf(l: DnsZonefileLeftOut): string {
  return l.reason.startsWith('not loaded:') ? 'lines with errors' : l.reason;
}

/**
 * Imports dns-zonefile JSON into a new zone file document: from `uri` (the
 * explorer's context menu), else the active JSON editor, else a file the user picks.
 */
export async function importDnsZonefile(ctx: Ctx, uri?: vscode.Uri): Promise<void> {
  const client = ctx.languageClient;
  if (client === undefined) {
    void vscode.window.showWarningMessage('ZoneLens: the language server is not running.');
    return;
  }
  let text: string;
  let source: vscode.Uri;
  const editor = vscode.window.activeTextEditor;
  if (uri === undefined && editor !== undefined && editor.document.languageId === 'json') {
    text = editor.document.getText();
    source = editor.document.uri;
  } else {
    const picked =
      uri ??
      (
        await vscode.window.showOpenDialog({
          canSelectMany: false,
          filters: { 'dns-zonefile JSON': ['json'] },
          openLabel: 'Import',
          title: 'Import dns-zonefile JSON',
        })
      )?.[0];
    if (picked === undefined) return;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(picked));
    } catch (err) {
      void vscode.window.showErrorMessage(`ZoneLens: cannot read ${picked.fsPath}: ${errorText(err)}`);
      return;
    }
    source = picked;
  }
  const name = source.scheme === 'untitled' ? 'an unsaved JSON document' : vscode.workspace.asRelativePath(source);
  let result;
  try {
    result = await client.sendRequest(ImportDnsZonefileRequest, { json: text, source: name });
  } catch (err) {
    void vscode.window.showErrorMessage(`ZoneLens: ${errorText(err)}`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ content: result.text, language: 'dns-zone' });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside });
  if (result.leftOut.length > 0) {
    void vscode.window.showWarningMessage(
      `ZoneLens: ${result.leftOut.length} entries of the JSON could not be imported (${summarize(
        result.leftOut,
      )}). They are listed in the comment at the top of the zone file.`,
    );
  }
}
