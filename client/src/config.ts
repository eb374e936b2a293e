import * as vscode from 'vscode';
import type { Settings } from '../../server/src/settings';

/** The configuration section every ZoneLens setting lives under. */
export const SECTION = 'zonelens';

/** A severity override for one diagnostic code (`zonelens.checks`). */
export type CheckLevel = 'off' | 'hint' | 'information' | 'warning' | 'error';

/** How much of the LSP traffic is written to the output channel (`zonelens.trace.server`). */
export type TraceLevel = 'off' | 'messages' | 'verbose';

const CHECK_LEVELS: readonly string[] = ['off', 'hint', 'information', 'warning', 'error'];
const DEFAULT_MAX_RECORDS = 65536;

/**
 * The settings the server needs, shaped like the `zonelens` section itself
 * (`zonelens.generate.maxRecords` is `generate.maxRecords`): the server's own
 * `Settings` type, which it validates again with `parseSettings`.
 */
export type ServerSettings = Settings;

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/** `zonelens.checks`, keeping only entries whose value is a known level. */
export function checks(): Record<string, CheckLevel> {
  const raw = section().get<unknown>('checks');
  const out: Record<string, CheckLevel> = {};
  if (raw && typeof raw === 'object') {
    for (const [code, level] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof level === 'string' && CHECK_LEVELS.includes(level)) out[code] = level as CheckLevel;
    }
  }
  return out;
}

/** `zonelens.generate.maxRecords`: a non-negative integer, else the default. */
export function generateMaxRecords(): number {
  const n = section().get<unknown>('generate.maxRecords');
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.floor(n) : DEFAULT_MAX_RECORDS;
}

/** `zonelens.mx.privateAddressesOk`: true only when set to true. */
export function mxPrivateAddressesOk(): boolean {
  return section().get<unknown>('mx.privateAddressesOk') === true;
}

/** `zonelens.trace.server`. */
export function traceServer(): TraceLevel {
  const t = section().get<unknown>('trace.server');
  return t === 'messages' || t === 'verbose' ? t : 'off';
}

/** Everything the server is told at start-up and on each configuration change. */
export function serverSettings(): ServerSettings {
  return {
    checks: checks(),
    generate: { maxRecords: generateMaxRecords() },
    mx: { privateAddressesOk: mxPrivateAddressesOk() },
  };
}
