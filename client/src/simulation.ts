import * as vscode from 'vscode';
import { MailDomainsRequest, SimulateRequest } from '../../server/src/protocol';
import { formatText, PROFILES } from '../../server/src/simulate/index';
import type { Ctx } from './ctx';

/**
 * "ZoneLens: Show Delivery Simulation": where mail to a domain of the zone
 * goes under every sender profile, as text beside the editor. Without
 * arguments, the domain of the MX record under the cursor (else the first).
 */
export async function showDeliverySimulation(ctx: Ctx, uri?: string, domain?: string): Promise<void> {
  const client = ctx.languageClient;
  const editor = vscode.window.activeTextEditor;
  const docUri = uri ?? editor?.document.uri.toString();
  if (client === undefined || docUri === undefined) {
    void vscode.window.showWarningMessage('ZoneLens: open a zone file first.');
    return;
  }
  const textDocument = { uri: docUri };
  if (domain === undefined) {
    const domains = await client.sendRequest(MailDomainsRequest, { textDocument });
    const cursor = editor?.selection.active;
    const under = domains.find((d) =>
      d.locations.some((l) => cursor !== undefined && l.range.start.line === cursor.line),
    );
    domain = (under ?? domains[0])?.domain;
    if (domain === undefined) {
      void vscode.window.showInformationMessage('ZoneLens: this zone has no MX records and no implicit MX.');
      return;
    }
  }
  const parts: string[] = [];
  for (const profile of PROFILES) {
    const r = await client.sendRequest(SimulateRequest, { textDocument, domain, profile });
    if (r !== null) parts.push(formatText({ ...r, locations: undefined }));
  }
  const doc = await vscode.workspace.openTextDocument({ content: parts.join('\n'), language: 'plaintext' });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}
