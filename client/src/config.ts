import * as vscode from 'vscode';
import type { BumpOnSave } from '../../server/src/settings';

/** The configuration section every ZoneLens setting lives under. */
export const SECTION = 'zonelens';

/**
 * The `zonelens` section as plain data, for the server's `initializationOptions`.
 * The server validates it with `parseSettings` (server/src/settings.ts), the one
 * place that knows every setting and its default.
 */
export function serverSettings(): unknown {
  // A WorkspaceConfiguration carries the section's values as properties beside its methods.
  return JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(SECTION))) as unknown;
}

/** `zonelens.serial.bumpOnSave` for a document (it can differ per folder); `never` when unset or invalid. */
export function bumpOnSave(uri: vscode.Uri): BumpOnSave {
  const v = vscode.workspace.getConfiguration(SECTION, uri).get<unknown>('serial.bumpOnSave');
  return v === 'ask' || v === 'always' ? v : 'never';
}
