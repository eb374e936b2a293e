// Types of generate.mjs, for the tests that make synthetic zones with it.

/** Bumped whenever the output changes, so that cached zones are made again. */
export declare const GENERATOR_VERSION: number;
/** The zone's apex. */
export declare const SYNTHETIC_ORIGIN: string;
/** The domain with eight MX hosts in one tier (relative to the apex). */
export declare const POOL_DOMAIN: string;
/** The number of MX hosts of `POOL_DOMAIN`. */
export declare const POOL_HOSTS: number;
/** The delegated name (relative to the apex): one NS record, no glue. */
export declare const DELEGATION: string;
/** The apex of the zone of style `reverse`: the reverse zone of 2001:db8::/32. */
export declare const REVERSE_ORIGIN: string;
/** The apex of the zone of style `delegations`: a top-level domain reserved for examples. */
export declare const DELEGATIONS_ORIGIN: string;
/** How many hosts one range of a zone in `generate` style makes. */
export declare const RANGE_HOSTS: number;
/** How many of a range's first hosts get an MX record from a second range, in half of the blocks. */
export declare const RANGE_MAIL: number;
/**
 * How a zone is written: as a master file by hand, as BIND dumps it (absolute names, TTL and class on every
 * line), or with its hosts from `$GENERATE` lines (other records, as many); or another zone: `reverse`, PTR
 * records for IPv6 addresses at random under `REVERSE_ORIGIN`, or `delegations`, a top-level domain's
 * delegations under `DELEGATIONS_ORIGIN`.
 */
export type ZoneStyle = 'master' | 'dump' | 'generate' | 'reverse' | 'delegations';
/** The first line of every generated zone. */
export declare function headerLine(records: number, seed: number, style?: ZoneStyle): string;
/** The text of a zone with exactly `records` resource records. */
export declare function generateZone(records: number, seed?: number, style?: ZoneStyle): string;
/** The path of the cached zone of `records` records in `dir`, written first when missing or stale. */
export declare function ensureSynthetic(dir: string, records: number, seed?: number, style?: ZoneStyle): string;
/** The size of the synthetic zone the benchmark signs. */
export declare const SIGNED_RECORDS: number;
/**
 * The synthetic zone of `records` records signed with BIND's dnssec-signzone, cached in `dir`: its path,
 * or null with the reason when dnssec-keygen or dnssec-signzone is missing.
 */
export declare function ensureSigned(
  dir: string,
  records: number,
): { file: string; missing?: undefined } | { file: null; missing: string };
