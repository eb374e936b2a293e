/**
 * What ZoneLens predicts for a lab scenario: the published numbers come from
 * the real CLI (`zonelens simulate --format json`, dist/cli.js), and the
 * probability of one given attempt sequence from the profile's own chain
 * (the same `AttemptProcess` the exact solver walks), because the CLI lists
 * only the 20 likeliest sequences.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { loadZone } from '../../server/src/checks/index';
import type { AttemptProcess, Branch, EndBranch, Profile } from '../../server/src/simulate/engine';
import { exim } from '../../server/src/simulate/exim';
import { postfix } from '../../server/src/simulate/postfix';
import { prepare } from '../../server/src/simulate/prepare';
import type { AddressState, Outcome, SimulationResult } from '../../server/src/simulate/types';
import { DEFAULT_SETTINGS } from '../../server/src/settings';

/** The MTAs of the lab and the ZoneLens profile that models each. */
export type MtaId = 'postfix' | 'exim';
const PROFILES: Record<MtaId, Profile> = { postfix, exim };

/** The built CLI (`npm run build`). */
export const BUILT_CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

/**
 * `zonelens simulate --profile <mta> --format json` for the zone file, with
 * the scenario's states. `cli` is the lab's copy of the built CLI, taken when
 * the lab starts, so that a rebuild during the run cannot change it midway.
 */
export function simulateCli(
  cli: string,
  zoneFile: string,
  domain: string,
  mta: MtaId,
  states: Readonly<Record<string, AddressState>>,
): SimulationResult {
  const args = [cli, 'simulate', '--profile', mta, '--format', 'json'];
  for (const state of ['down', 'tempfail', 'reject'] as const) {
    const list = Object.keys(states).filter((a) => states[a] === state);
    if (list.length > 0) args.push(`--${state}`, list.join(','));
  }
  args.push(zoneFile, domain);
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as SimulationResult;
}

function isEnd<S>(b: Branch<S>): b is EndBranch {
  return 'end' in b;
}

/**
 * The probability, under the profile, that one delivery makes exactly the
 * connection `attempts` (addresses, in order) and ends with `result`. Walks
 * the profile's chain along the sequence, summing over merged states, so it is
 * exact and cheap whatever the number of possible sequences.
 */
export function sequenceProbability(
  zoneText: string,
  domain: string,
  mta: MtaId,
  states: Readonly<Record<string, AddressState>>,
  attempts: readonly string[],
  result: Outcome,
): number {
  const zone = loadZone(zoneText, { fileName: 'lab.zone', origin: domain }, DEFAULT_SETTINGS);
  const profile = PROFILES[mta];
  const prep = prepare(zone, domain, profile, { profile: mta, states });
  const mx = prep.mx;
  if (prep.mode === 'null-mx' || prep.mode === 'none' || !mx.hosts.some((h) => h.usable)) {
    return attempts.length === 0 && result === 'bounced' ? 1 : 0;
  }
  const index = new Map(mx.addresses.map((a, i) => [a.address, i]));
  const wanted = attempts.map((a) => index.get(a));
  if (wanted.some((i) => i === undefined)) return 0;
  return profile.run(mx, <S>(process: AttemptProcess<S>): number => {
    let frontier = new Map<string, { s: S; p: number }>([[process.key(process.start), { s: process.start, p: 1 }]]);
    for (let k = 0; k < wanted.length; k++) {
      // A walk ends at its first up address: one before the last attempt rules the sequence out.
      if (k > 0 && mx.states[wanted[k - 1] as number] === 'up') return 0;
      const next = new Map<string, { s: S; p: number }>();
      for (const { s, p } of frontier.values()) {
        for (const b of process.step(s)) {
          if (isEnd(b) || b.address !== wanted[k]) continue;
          const key = process.key(b.next);
          const old = next.get(key);
          if (old === undefined) next.set(key, { s: b.next, p: p * b.p });
          else old.p += p * b.p;
        }
      }
      frontier = next;
    }
    let total = 0;
    const last = wanted.length > 0 ? (wanted[wanted.length - 1] as number) : -1;
    if (result === 'delivered') {
      if (last < 0 || mx.states[last] !== 'up') return 0;
      for (const { p } of frontier.values()) total += p;
      return total;
    }
    if (last >= 0 && mx.states[last] === 'up') return 0;
    for (const { s, p } of frontier.values()) {
      for (const b of process.step(s)) if (isEnd(b) && b.end === result) total += p * b.p;
    }
    return total;
  });
}
