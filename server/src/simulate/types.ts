/**
 * The shapes of the delivery simulation (docs/SIMULATION.md): what a caller
 * asks for and what comes back. `SimulationResult` is exactly the JSON object of
 * `zonelens simulate --format json` (docs/CLI.md), the `zonelens/simulate`
 * response and what the failover panel draws; the one addition, `locations`,
 * is present only when asked for (`withLocations`) so that the CLI's JSON keeps
 * the documented shape.
 */
import type { ExternalNames } from '../zone/external';

/** The sending implementations the simulation models (SIMULATION.md, Step 3). */
export type ProfileId = 'rfc5321' | 'postfix' | 'exim' | 'sendmail' | 'qmail' | 'first-mx';

/** What an address does when the sender connects. */
export type AddressState = 'up' | 'down' | 'tempfail' | 'reject';

/** How a delivery attempt ends. */
export type Outcome = 'delivered' | 'deferred' | 'bounced';

/** How the mail exchangers of the domain were found (Step 1). */
export type Mode = 'mx' | 'implicit' | 'null-mx' | 'none';

/** What Step 2 found for one MX target. */
export type HostStatus = 'ok' | 'cname' | 'no-address' | 'ip-literal' | 'out-of-zone' | 'null' | 'unusable';

/** The order in which DNS answers RRsets. */
export type RrsetOrder = 'zone' | 'rotated';

/** What the caller asks for. Every field is optional; the defaults are those of SIMULATION.md. */
export interface SimulationOptions {
  /** Default `rfc5321`. */
  profile?: ProfileId;
  /**
   * States by address (`192.0.2.1`, `2001:db8::1`, any IPv6 spelling) or by host
   * name (absolute, case-insensitive; the trailing dot may be left out), meaning
   * all of that host's addresses. A state given for the address itself wins over
   * one given for a host name. Unlisted addresses are `up`.
   */
  states?: Readonly<Record<string, AddressState>>;
  /** Default `zone`. */
  rrsetOrder?: RrsetOrder;
  /** Default true; false drops every AAAA (and IPv6 literal). */
  senderIpv6?: boolean;
  /** Adds `locations` to the result (hover, panel); the CLI leaves it off. */
  withLocations?: boolean;
  /** Use the sampler even when the exact computation is possible (tests, comparisons). */
  forceSampling?: boolean;
  /**
   * Number of sampled deliveries when sampling (default: 100 000, fewer for
   * large MX sets so that one simulation stays within a fixed amount of work).
   */
  samples?: number;
  /**
   * The share (0..1] of the default sampling budget this simulation may use,
   * for callers that run many simulations for one answer (`describeFailover`).
   */
  sampleShare?: number;
  /** Seed of the sampler's generator (default fixed, so that output is reproducible). */
  seed?: number;
  /** Leave `sequences` empty (faster; used by `survives` and the failover summaries). */
  skipSequences?: boolean;
  /**
   * What DNS says about hosts outside the zone (`zonelens.resolve.outOfZone`):
   * an out-of-zone host with known addresses is simulated with them instead of
   * as an opaque stand-in; one that DNS says has none is `no-address`.
   */
  external?: ExternalNames;
}

/** One MX target as Step 2 found it. */
export interface SimulatedHost {
  /** The MX target (for an implicit MX, the domain itself). */
  name: string;
  status: HostStatus;
  /** Its addresses as this profile uses them, in the order DNS gives them (AAAA, then A); [] when unusable. */
  addresses: string[];
}

/** The hosts of one preference, in RRset order. */
export interface Tier {
  preference: number;
  hosts: SimulatedHost[];
}

/** The shares of one address. */
export interface AddressShare {
  /** An IP address, or for a host outside the zone the host name (an opaque stand-in for its unknown addresses). */
  address: string;
  /** The hosts that have this address, in the order of `tiers`. */
  hosts: string[];
  state: AddressState;
  /** Probability that the first connection goes here. */
  firstAttempt: number;
  /** Probability that it is attempted at all. */
  tried: number;
  /** Probability that the message is accepted here. */
  delivered: number;
}

/** One distinct sequence of connection attempts. */
export interface AttemptSequence {
  attempts: string[];
  probability: number;
  result: Outcome;
}

/** A range of a zone file: `Zone.files[file].text.slice(start, end)`. */
export interface SourceRange {
  file: number;
  start: number;
  end: number;
}

/** Where one host of `tiers` comes from, so that hover and panel can link back to the file. */
export interface HostLocation {
  /** The whole MX record; null for an implicit MX. */
  record: SourceRange | null;
  /** The target as written in the MX record; null for an implicit MX. */
  target: SourceRange | null;
  /** The in-zone CNAME records followed from the target, in order. */
  cnames: SourceRange[];
  /**
   * Parallel to the host's `addresses`: the A/AAAA record of each; for an IP
   * literal or an opaque out-of-zone host, the target as written.
   */
  addresses: SourceRange[];
}

/** `SimulationResult.locations`: parallel to `tiers` (`tiers[i].hosts[j]` is at `tiers[i][j]`). */
export interface SimulationLocations {
  tiers: HostLocation[][];
}

/** The simulation of one profile (CLI.md, `zonelens simulate`, JSON). */
export interface SimulationResult {
  version: 1;
  /** The domain simulated (absolute). */
  domain: string;
  profile: ProfileId;
  mode: Mode;
  /** True when every probability is exact (to 1e-9); false when they were sampled. */
  exact: boolean;
  /** Every MX target by ascending preference, usable or not. */
  tiers: Tier[];
  /** Every address of every usable host once, in order of first appearance in `tiers`. */
  addresses: AddressShare[];
  /** Sums to 1. */
  outcome: Record<Outcome, number>;
  /** Mean number of connection attempts. */
  expectedAttempts: number;
  /** The distinct attempt sequences, most likely first, at most 20. */
  sequences: AttemptSequence[];
  /** Present only with `withLocations`: where each host of `tiers` comes from. */
  locations?: SimulationLocations;
}
