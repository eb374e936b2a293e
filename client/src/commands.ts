import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { exportDnsZonefile, importDnsZonefile } from './dnsZonefile';
import { FailoverPreview } from './preview/panel';
import { bumpSerialCommand, SerialOnSave } from './serial';
import { showDeliverySimulation } from './simulation';

/** A command's handler, made from the extension's state. */
type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

/**
 * Every command the extension contributes, by id. Each id here must be in
 * `contributes.commands` of package.json and the other way round.
 */
export const commands: Readonly<Record<string, CommandFactory>> = {
  'zonelens.restartServer': (ctx) => () => ctx.restart(),
  'zonelens.bumpSerial': (ctx) => () => bumpSerialCommand(ctx),
  'zonelens.showDeliverySimulation': (ctx) => (uri?: unknown, domain?: unknown) =>
    showDeliverySimulation(
      ctx,
      typeof uri === 'string' ? uri : undefined,
      typeof domain === 'string' ? domain : undefined,
    ),
  // Arguments (uri, domain) come from the MX code lens; from the palette or the title button there are none.
  'zonelens.showFailoverPreview': (ctx) => (uri?: unknown, domain?: unknown) =>
    FailoverPreview.show(
      ctx,
      typeof uri === 'string' ? uri : undefined,
      typeof domain === 'string' ? domain : undefined,
    ),
  'zonelens.exportDnsZonefile': (ctx) => () => exportDnsZonefile(ctx),
  // From the explorer's context menu the argument is the file's URI.
  'zonelens.importDnsZonefile': (ctx) => (uri?: unknown) =>
    importDnsZonefile(ctx, uri instanceof vscode.Uri ? uri : undefined),
};

/** Registers every command of the table, and the failover preview's serializer (its other way in). */
export function registerCommands(ctx: Ctx): void {
  for (const [id, make] of Object.entries(commands)) {
    ctx.push(vscode.commands.registerCommand(id, make(ctx)));
  }
  // Registered during activation, so that a preview open before a reload comes back (onWebviewPanel activation).
  ctx.push(FailoverPreview.registerSerializer(ctx));
  // zonelens.serial.bumpOnSave: the save listeners that go with the Bump SOA Serial command.
  ctx.push(new SerialOnSave(ctx));
}
