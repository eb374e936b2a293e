import { isProfileId, type ProfileId } from './simulate/index';
import type { Severity } from './zone/types';

/** A check's configured level: a severity, or `off`. */
export type Level = Severity | 'off';

/**
 * Every `zonelens.*` setting the server and the CLI read. Each field matches a
 * key contributed in package.json (`zonelens.<path>`); a unit test holds them
 * together.
 */
export interface Settings {
  /** `zonelens.checks`: per-code level overrides. */
  checks: Record<string, Level>;
  diagnostics: {
    /**
     * `zonelens.diagnostics.maxPerFile`: the most diagnostics the server publishes for one file, the most
     * severe first (0: no limit). VS Code shows at most 1 000 per file; the CLI always reports all.
     */
    maxPerFile: number;
  };
  /**
   * `zonelens.maxItemsComputed`: the most outline entries (records and directives) and folding
   * ranges the server computes for one file, the first in the file (0: no limit), as
   * `json.maxItemsComputed` does for JSON.
   */
  maxItemsComputed: number;
  generate: {
    /** `zonelens.generate.maxRecords`: most records one `$GENERATE` may produce. */
    maxRecords: number;
  };
  include: {
    /**
     * `zonelens.include.searchPaths`: more folders where `$INCLUDE` looks for a relative path, after the
     * including file's folder and the workspace folders; absolute or relative to each workspace folder.
     * Files are still read only inside the workspace folders.
     */
    searchPaths: string[];
  };
  mx: {
    /** `zonelens.mx.privateAddressesOk`: MX hosts may have private addresses (internal zones); silences `mx-private-address`. */
    privateAddressesOk: boolean;
  };
  simulation: {
    /** `zonelens.simulation.profile`: the sender whose behaviour hovers and profile-dependent messages describe. */
    profile: ProfileId;
  };
  resolve: {
    /**
     * `zonelens.resolve.outOfZone`: look up out-of-zone MX targets in DNS (addresses, CNAME) for
     * `mx-target-cname`, `mx-target-no-address` and the simulation. Honoured in trusted workspaces only.
     */
    outOfZone: boolean;
    /** `zonelens.resolve.servers`: the DNS servers to ask (`IP` or `IP:port`, `[IPv6]:port`); empty = the system resolver. */
    servers: string[];
  };
  serial: {
    /**
     * `zonelens.serial.bumpOnSave`: bump the SOA serial when a zone that changed since its last save is saved:
     * `never`, `ask` (after the save, with a button) or `always`. The client acts on it (client/src/serial.ts).
     */
    bumpOnSave: BumpOnSave;
  };
}

/** When the client bumps the SOA serial on save. */
export type BumpOnSave = 'never' | 'ask' | 'always';

const BUMP_ON_SAVE = new Set<string>(['never', 'ask', 'always']);

/** What every setting is when the user has not set it. */
export const DEFAULT_SETTINGS: Settings = {
  checks: {},
  diagnostics: { maxPerFile: 1000 },
  maxItemsComputed: 5000,
  generate: { maxRecords: 65536 },
  include: { searchPaths: [] },
  mx: { privateAddressesOk: false },
  simulation: { profile: 'rfc5321' },
  resolve: { outOfZone: false, servers: [] },
  serial: { bumpOnSave: 'never' },
};

const LEVELS = new Set<string>(['off', 'hint', 'information', 'warning', 'error']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The non-blank strings of a list setting, trimmed; anything else is dropped. */
function stringList(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
}

/** A whole number ≥ 0, else the default. */
function count(v: unknown, otherwise: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : otherwise;
}

/** Reads settings from anything a client sends (the `zonelens` section), keeping defaults for what is missing or wrong. */
export function parseSettings(raw: unknown): Settings {
  const s = isObject(raw) ? raw : {};
  const checks: Record<string, Level> = {};
  if (isObject(s.checks)) {
    for (const [code, level] of Object.entries(s.checks)) {
      if (typeof level === 'string' && LEVELS.has(level)) checks[code] = level as Level;
    }
  }
  const diag = isObject(s.diagnostics) ? s.diagnostics : {};
  const gen = isObject(s.generate) ? s.generate : {};
  const mx = isObject(s.mx) ? s.mx : {};
  const sim = isObject(s.simulation) ? s.simulation : {};
  const inc = isObject(s.include) ? s.include : {};
  const res = isObject(s.resolve) ? s.resolve : {};
  const serial = isObject(s.serial) ? s.serial : {};
  return {
    checks,
    diagnostics: { maxPerFile: count(diag.maxPerFile, DEFAULT_SETTINGS.diagnostics.maxPerFile) },
    maxItemsComputed: count(s.maxItemsComputed, DEFAULT_SETTINGS.maxItemsComputed),
    generate: { maxRecords: count(gen.maxRecords, DEFAULT_SETTINGS.generate.maxRecords) },
    include: {
      searchPaths: stringList(inc.searchPaths),
    },
    mx: {
      privateAddressesOk:
        typeof mx.privateAddressesOk === 'boolean' ? mx.privateAddressesOk : DEFAULT_SETTINGS.mx.privateAddressesOk,
    },
    simulation: {
      profile:
        typeof sim.profile === 'string' && isProfileId(sim.profile) ? sim.profile : DEFAULT_SETTINGS.simulation.profile,
    },
    resolve: {
      outOfZone: typeof res.outOfZone === 'boolean' ? res.outOfZone : DEFAULT_SETTINGS.resolve.outOfZone,
      // Syntax is checked where the servers are used (resolve.ts): a wrong entry is reported there.
      servers: stringList(res.servers),
    },
    serial: {
      bumpOnSave:
        typeof serial.bumpOnSave === 'string' && BUMP_ON_SAVE.has(serial.bumpOnSave)
          ? (serial.bumpOnSave as BumpOnSave)
          : DEFAULT_SETTINGS.serial.bumpOnSave,
    },
  };
}
