/**
 * Facts about names outside the zone, from whoever can know them (DNS, when
 * the user asked for it: server/src/resolve.ts). The core only reads them:
 * it never resolves a name itself, and a caller that gives none gets the
 * analysis of the file alone.
 */
import { absoluteName } from './names';

/** What is known about one question. */
export type ExternalAnswer<T> =
  /** Not asked yet, still in flight, or no usable answer (timeout, SERVFAIL, refused): say nothing. */
  | { state: 'unknown' }
  /** The name does not exist. */
  | { state: 'nxdomain' }
  /** The answer. */
  | { state: 'known'; value: T };

/** One address of an out-of-zone host. */
export interface ExternalAddress {
  /** Dotted quad, or IPv6 as the resolver printed it. */
  address: string;
  family: 4 | 6;
}

/** Answers about absolute names outside the zone. Synchronous: what is not known yet is `unknown`. */
export interface ExternalNames {
  /** The A and AAAA records of `name`, AAAA first; known `[]` when the name exists with neither. */
  addresses(name: string): ExternalAnswer<ExternalAddress[]>;
  /** The CNAME target of `name` (absolute); known `null` when the name exists and is no alias. */
  cname(name: string): ExternalAnswer<string | null>;
}

/** Where following an out-of-zone name through DNS ended. */
export interface ExternalResolution {
  /** The name at the end of the alias chain (the name itself when it is no alias). */
  canonical: string;
  /** The CNAME targets followed, in order (empty when the name is no alias). */
  chain: string[];
  /** The chain loops or is longer than the limit: the host is unusable. */
  loop: boolean;
  /** The addresses of `canonical`, or why there are none. */
  addresses: ExternalAnswer<ExternalAddress[]>;
}

const UNKNOWN: ExternalAnswer<never> = { state: 'unknown' };

/** Absolute names compare case-insensitively, trailing dot or not. */
function sameName(a: string, b: string): boolean {
  const norm = (n: string) => absoluteName(n).toLowerCase();
  return norm(a) === norm(b);
}

/**
 * Follows `name`'s CNAME chain through `names` (at most `maxSteps` links, as
 * mxSet does inside the zone) and gives the addresses at its end. Both
 * questions are asked at every step, so that a resolver can answer them at once.
 */
export function resolveExternal(names: ExternalNames, name: string, maxSteps = 8): ExternalResolution {
  const chain: string[] = [];
  let current = name;
  for (;;) {
    const alias = names.cname(current);
    const addresses = names.addresses(current);
    if (alias.state === 'unknown') return { canonical: current, chain, loop: false, addresses: UNKNOWN };
    if (alias.state === 'nxdomain') return { canonical: current, chain, loop: false, addresses: alias };
    if (alias.value === null) return { canonical: current, chain, loop: false, addresses };
    const next = alias.value;
    if (sameName(next, name) || chain.some((c) => sameName(c, next)) || chain.length >= maxSteps) {
      return { canonical: next, chain: [...chain, next], loop: true, addresses: UNKNOWN };
    }
    chain.push(next);
    current = next;
  }
}
