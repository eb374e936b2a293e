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
  generate: {
    /** `zonelens.generate.maxRecords`: most records one `$GENERATE` may produce. */
    maxRecords: number;
  };
  mx: {
    /** `zonelens.mx.privateAddressesOk`: MX hosts may have private addresses (internal zones); silences `mx-private-address`. */
    privateAddressesOk: boolean;
  };
  simulation: {
    /** `zonelens.simulation.profile`: the sender whose behaviour hovers and profile-dependent messages describe. */
    profile: ProfileId;
  };
}

/** What every setting is when the user has not set it. */
export const DEFAULT_SETTINGS: Settings = {
  checks: {},
  generate: { maxRecords: 65536 },
  mx: { privateAddressesOk: false },
  simulation: { profile: 'rfc5321' },
};

const LEVELS = new Set<string>(['off', 'hint', 'information', 'warning', 'error']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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
  const gen = isObject(s.generate) ? s.generate : {};
  const max = gen.maxRecords;
  const mx = isObject(s.mx) ? s.mx : {};
  const sim = isObject(s.simulation) ? s.simulation : {};
  return {
    checks,
    generate: {
      maxRecords:
        typeof max === 'number' && Number.isInteger(max) && max >= 0 ? max : DEFAULT_SETTINGS.generate.maxRecords,
    },
    mx: {
      privateAddressesOk:
        typeof mx.privateAddressesOk === 'boolean' ? mx.privateAddressesOk : DEFAULT_SETTINGS.mx.privateAddressesOk,
    },
    simulation: {
      profile:
        typeof sim.profile === 'string' && isProfileId(sim.profile) ? sim.profile : DEFAULT_SETTINGS.simulation.profile,
    },
  };
}
