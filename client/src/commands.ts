import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { showDeliverySimulation } from './simulation';

/** A command's handler, made from the extension's state. */
type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

/**
 * Every command the extension contributes, by id. Each id here must be in
 * `contributes.commands` of package.json and the other way round.
 */
export const commands: Readonly<Record<string, CommandFactory>> = {
  'zonelens.restartServer': (ctx) => () => ctx.restart(),
  'zonelens.showDeliverySimulation': (ctx) => (uri?: unknown, domain?: unknown) =>
    showDeliverySimulation(
      ctx,
      typeof uri === 'string' ? uri : undefined,
      typeof domain === 'string' ? domain : undefined,
    ),
};

/** Registers every command of the table. */
export function registerCommands(ctx: Ctx): void {
  for (const [id, make] of Object.entries(commands)) {
    ctx.push(vscode.commands.registerCommand(id, make(ctx)));
  }
}
