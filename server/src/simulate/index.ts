/**
 * The delivery simulation (docs/SIMULATION.md): what a sending server does
 * with the MX set of a domain in this zone. `simulate` is what the CLI, the
 * `zonelens/simulate` request and the panel use; the helpers below it are the
 * summaries the hover and the code lens show.
 */
import type { Zone } from '../zone/model';
import { absoluteName } from '../zone/names';
import type { ZoneRecord } from '../zone/parser';
import { makeSolver, minFailingSet, type Profile, type Stats } from './engine';
import { prepare, type Preparations } from './prepare';
import { exim } from './exim';
import { firstMx } from './firstMx';
import { postfix } from './postfix';
import { qmail } from './qmail';
import { rfc5321 } from './rfc5321';
import { sendmail } from './sendmail';
import type {
  AddressState,
  AttemptSequence,
  Mode,
  Outcome,
  ProfileId,
  SimulationOptions,
  SimulationResult,
  SourceRange,
  Tier,
} from './types';

export type * from './types';
export type { Preparations } from './prepare';

/** Every profile, in the order of SIMULATION.md (and of `--profile all`). */
export const PROFILES: readonly ProfileId[] = ['rfc5321', 'postfix', 'exim', 'sendmail', 'qmail', 'first-mx'];

const BY_ID: Readonly<Record<ProfileId, Profile>> = {
  rfc5321,
  postfix,
  exim,
  sendmail,
  qmail,
  'first-mx': firstMx,
};

/** True when `id` names a profile. */
export function isProfileId(id: string): id is ProfileId {
  return (PROFILES as readonly string[]).includes(id);
}

// Exact results are sums of products of small rationals; rounding at 1e-12
// removes the float dust (0.30000000000000004) without losing the 1e-9 promise.
function clean(x: number): number {
  const r = Math.round(x * 1e12) / 1e12;
  return r === 0 ? 0 : r;
}

function bounced(): Stats {
  return {
    exact: true,
    firstAttempt: [],
    tried: [],
    delivered: [],
    outcome: { delivered: 0, deferred: 0, bounced: 1 },
    expectedAttempts: 0,
    sequences: [{ attempts: [], probability: 1, result: 'bounced' }],
  };
}

/**
 * Simulates delivery to `domain` (absolute, or without its trailing dot) as
 * the chosen profile would do it, with the given address states. `memo`:
 * the preparations of the other simulations of one answer (see `Preparations`).
 */
export function simulate(
  zone: Zone,
  domain: string,
  options: SimulationOptions = {},
  memo?: Preparations,
): SimulationResult {
  const profile = BY_ID[options.profile ?? 'rfc5321'];
  const prep = prepare(zone, domain, profile, options, memo);
  const mx = prep.mx;
  const usable = mx.hosts.some((h) => h.usable);
  const stats =
    prep.mode === 'null-mx' || prep.mode === 'none' || !usable ? bounced() : profile.run(mx, makeSolver(mx, options));

  const tiers: Tier[] = [];
  const tierLocations: NonNullable<SimulationResult['locations']>['tiers'] = [];
  for (const h of prep.display) {
    let tier = tiers[tiers.length - 1];
    if (tier === undefined || tier.preference !== h.preference) {
      tier = { preference: h.preference, hosts: [] };
      tiers.push(tier);
      tierLocations.push([]);
    }
    tier.hosts.push({ name: h.name, status: h.status, addresses: h.addresses });
    tierLocations[tierLocations.length - 1].push(h.location);
  }

  const result: SimulationResult = {
    version: 1,
    domain: prep.domain,
    profile: profile.id,
    mode: prep.mode,
    exact: stats.exact,
    tiers,
    addresses: mx.addresses.map((a, i) => ({
      address: a.address,
      hosts: a.hosts,
      state: mx.states[i],
      firstAttempt: clean(stats.firstAttempt[i] ?? 0),
      tried: clean(stats.tried[i] ?? 0),
      delivered: clean(stats.delivered[i] ?? 0),
    })),
    outcome: {
      delivered: clean(stats.outcome.delivered),
      deferred: clean(stats.outcome.deferred),
      bounced: clean(stats.outcome.bounced),
    },
    expectedAttempts: clean(stats.expectedAttempts),
    sequences: stats.sequences.map((s): AttemptSequence => ({
      attempts: s.attempts.map((a) => mx.addresses[a].address),
      probability: clean(s.probability),
      result: s.result,
    })),
  };
  if (options.withLocations === true) result.locations = { tiers: tierLocations };
  return result;
}

/** A domain of the zone that receives mail, for code lenses and the panel's picker. */
export interface MailDomain {
  domain: string;
  /** `mx` (or `null-mx`) when it has MX records, `implicit` for an apex with addresses and no MX. */
  mode: Exclude<Mode, 'none'>;
  /** Its MX records (for `implicit`, its A/AAAA records), in file order. */
  ranges: SourceRange[];
}

function ranges(records: readonly ZoneRecord[]): SourceRange[] {
  return records.map((r) => ({ file: r.file, start: r.start, end: r.end }));
}

/**
 * The names with an MX RRset, in order of appearance, and the apex when it has
 * addresses but no MX (it then receives mail through an implicit MX, RFC 5321
 * §5.1). Other names with addresses also have an implicit MX, but listing every
 * host of the zone as a mail domain would drown the real ones.
 */
export function mailDomains(zone: Zone): MailDomain[] {
  const out: MailDomain[] = [];
  const apex = zone.origin;
  if (apex !== null && zone.rrset(apex, 'MX') === undefined) {
    const own = [...(zone.rrset(apex, 'AAAA')?.records ?? []), ...(zone.rrset(apex, 'A')?.records ?? [])];
    if (own.length > 0) {
      own.sort((a, b) => a.file - b.file || a.start - b.start);
      out.push({ domain: apex, mode: 'implicit', ranges: ranges(own) });
    }
  }
  for (const set of zone.rrsetsOfType('MX')) {
    const targets = set.records.map((r) => r.rdata.find((f) => f.role === 'exchange')?.value);
    const mode = targets.length === 1 && targets[0] === '.' ? 'null-mx' : 'mx';
    out.push({ domain: set.owner, mode, ranges: ranges(set.records) });
  }
  return out;
}

function pct(x: number): string {
  return (x * 100).toFixed(1).padStart(5) + '%';
}

/** The CLI's text output: the tiers, each address's shares, the outcome and the likeliest sequences. */
export function formatText(r: SimulationResult): string {
  const lines: string[] = [];
  const exact = r.exact ? 'exact' : 'sampled';
  lines.push(`${r.domain}  profile ${r.profile}  mode ${r.mode}  (${exact})`);
  if (r.tiers.length === 0) lines.push('  no MX records and no address: nowhere to deliver');
  for (const t of r.tiers) {
    lines.push(`  preference ${t.preference}`);
    for (const h of t.hosts) {
      const addrs = h.addresses.length > 0 ? h.addresses.join(', ') : '-';
      lines.push(`    ${h.name}  [${h.status}]  ${addrs}`);
    }
  }
  if (r.addresses.length > 0) {
    const width = Math.max(7, ...r.addresses.map((a) => a.address.length));
    lines.push('');
    lines.push(`  ${'address'.padEnd(width)}  state     first   tried  delivered`);
    for (const a of r.addresses) {
      lines.push(
        `  ${a.address.padEnd(width)}  ${a.state.padEnd(8)}  ${pct(a.firstAttempt)}  ${pct(a.tried)}  ${pct(a.delivered)}`,
      );
    }
  }
  lines.push('');
  lines.push(
    `  outcome: delivered ${pct(r.outcome.delivered).trim()}, deferred ${pct(r.outcome.deferred).trim()}, ` +
      `bounced ${pct(r.outcome.bounced).trim()}; ${r.expectedAttempts.toFixed(2)} attempts on average`,
  );
  if (r.sequences.length > 0) {
    lines.push('  likeliest attempt sequences:');
    for (const s of r.sequences) {
      const path = s.attempts.length > 0 ? s.attempts.join(' -> ') : '(no attempt)';
      lines.push(`    ${pct(s.probability)}  ${path}  => ${s.result}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** What happens when one address is down (every other state as given). */
export interface SingleFailure {
  address: string;
  outcome: Record<Outcome, number>;
  expectedAttempts: number;
  /** Where the mail is delivered instead: address → probability (addresses with a share only). */
  deliveredAt: Record<string, number>;
}

/**
 * For each address that is `up` in `options` (the first `limit` of them), the
 * outcome with that address down: the hover's "if X is down" lines. The
 * simulations share one sampling budget, so a large MX set costs about as
 * much as a single simulation, and one preparation of the MX set (`memo`,
 * which a caller may share with its other simulations of the domain).
 */
export function describeFailover(
  zone: Zone,
  domain: string,
  options: SimulationOptions = {},
  limit = Infinity,
  memo: Preparations = new Map(),
): SingleFailure[] {
  const base = simulate(zone, domain, { ...options, skipSequences: true, withLocations: false }, memo);
  const up = base.addresses.filter((a) => a.state === 'up').slice(0, limit);
  return up.map((a) => {
    const r = simulate(
      zone,
      domain,
      {
        ...options,
        skipSequences: true,
        withLocations: false,
        sampleShare: (options.sampleShare ?? 1) / up.length,
        states: { ...options.states, [a.address]: 'down' },
      },
      memo,
    );
    const deliveredAt: Record<string, number> = {};
    for (const x of r.addresses) if (x.delivered > 0) deliveredAt[x.address] = x.delivered;
    return { address: a.address, outcome: r.outcome, expectedAttempts: r.expectedAttempts, deliveredAt };
  });
}

/** Profiles that agree on where first attempts go. */
export interface ProfileGroup {
  profiles: ProfileId[];
  /** Address → share of first attempts (addresses with a share only). */
  firstAttempt: Record<string, number>;
}

/** The cross-profile comparison: profiles grouped by their first-attempt distribution. */
export interface ProfileComparison {
  /** In the order of `PROFILES` (by each group's first member). */
  groups: ProfileGroup[];
  /** True when at least two profiles send first attempts differently. */
  differs: boolean;
  /** One line per group, e.g. `rfc5321, exim: 50% 192.0.2.1, 50% 192.0.2.2`. */
  summary: string[];
}

/**
 * Runs every profile and groups those whose first attempts go to the same
 * addresses in the same shares (within 1e-6). `memo`: as for `describeFailover`.
 */
export function compareProfiles(
  zone: Zone,
  domain: string,
  options: SimulationOptions = {},
  memo: Preparations = new Map(),
): ProfileComparison {
  const groups: ProfileGroup[] = [];
  for (const id of PROFILES) {
    const r = simulate(zone, domain, { ...options, profile: id, skipSequences: true, withLocations: false }, memo);
    const first: Record<string, number> = {};
    for (const a of r.addresses) if (a.firstAttempt > 0) first[a.address] = a.firstAttempt;
    const same = groups.find((g) => {
      const keys = new Set([...Object.keys(g.firstAttempt), ...Object.keys(first)]);
      return [...keys].every((k) => Math.abs((g.firstAttempt[k] ?? 0) - (first[k] ?? 0)) <= 1e-6);
    });
    if (same !== undefined) same.profiles.push(id);
    else groups.push({ profiles: [id], firstAttempt: first });
  }
  const summary = groups.map((g) => {
    const shares = Object.entries(g.firstAttempt)
      .sort((a, b) => b[1] - a[1])
      .map(([a, p]) => `${Math.round(p * 1000) / 10}% ${a}`);
    return `${g.profiles.join(', ')}: ${shares.length > 0 ? shares.join(', ') : 'no attempt'}`;
  });
  return { groups, differs: groups.length > 1, summary };
}

/** The size of a domain's MX set, as the code lens shows it. */
export interface MxShape {
  mode: Mode;
  /** Preferences, hosts (each record of the MX set, unusable ones included) and distinct addresses, as `simulate` lists them. */
  tiers: number;
  hosts: number;
  addresses: number;
}

/**
 * Steps 1 and 2 only: the tiers, hosts and addresses that `simulate` would
 * list, without running the sender. `memo`: as for `describeFailover`.
 */
export function mxShape(
  zone: Zone,
  domain: string,
  options: SimulationOptions = {},
  memo: Preparations = new Map(),
): MxShape {
  const { mode, display, mx } = prepare(zone, domain, BY_ID[options.profile ?? 'rfc5321'], options, memo);
  // A tier per preference: `display` is sorted by it.
  const tiers = new Set(display.map((h) => h.preference)).size;
  return { mode, tiers, hosts: display.length, addresses: mx.addresses.length };
}

/** How many addresses down the delivery survives. */
export interface Survival {
  /**
   * The largest k such that every set of k addresses down (on top of the given
   * states) still delivers with probability 1; -1 when, even with nothing more
   * down, delivery is not sure.
   */
  k: number;
  /** Addresses that were `up` and so could fail. */
  candidates: number;
  /** A smallest set of addresses whose failure loses mail ([] when k is -1, null when none does). */
  counterexample: string[] | null;
  /** False when the answer comes from sampled walks (the chain was too large): k may then be too high. */
  exact: boolean;
}

/**
 * Computes, not guesses, how many simultaneous address failures the domain
 * survives under a profile: the fewest distinct addresses that some possible
 * walk of the all-down world attempts (see `minFailingSet`), less one. One
 * pass over the chain instead of one simulation per subset. `memo`: as for
 * `describeFailover`.
 */
export function survives(
  zone: Zone,
  domain: string,
  options: SimulationOptions = {},
  memo: Preparations = new Map(),
): Survival {
  const profile = BY_ID[options.profile ?? 'rfc5321'];
  const base = prepare(zone, domain, profile, options, memo);
  const up = base.mx.addresses.filter((_, i) => base.mx.states[i] === 'up').map((a) => a.address);
  if (base.mode === 'null-mx' || base.mode === 'none' || !base.mx.hosts.some((h) => h.usable)) {
    return { k: -1, candidates: up.length, counterexample: [], exact: true };
  }
  const states: Record<string, AddressState> = { ...options.states };
  for (const a of up) states[a] = 'down';
  const prep = prepare(zone, domain, profile, { ...options, states }, memo);
  const wasUp = new Set(up);
  const candidates = new Set(prep.mx.addresses.flatMap((a, i) => (wasUp.has(a.address) ? [i] : [])));
  const set = profile.run(prep.mx, minFailingSet(prep.mx, candidates));
  if (set === null) return { k: up.length, candidates: up.length, counterexample: null, exact: true };
  return {
    k: set.addresses.length - 1,
    candidates: up.length,
    counterexample: set.addresses.map((i) => prep.mx.addresses[i].address),
    exact: set.exact,
  };
}

/** The domain a caller means: absolute, or relative to the zone's origin (`@` for the origin). */
export function resolveDomain(zone: Zone, given: string | undefined): string | null {
  const origin = zone.origin;
  if (given === undefined || given === '' || given === '@') return origin;
  if (given.endsWith('.')) return given;
  if (origin === null || origin === '.') return absoluteName(given);
  return given + '.' + origin;
}
