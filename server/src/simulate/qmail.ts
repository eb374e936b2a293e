/**
 * `qmail`: netqmail 1.06 / notqmail `qmail-remote` with `dns.c`.
 *
 * - IPv4 only: `dns_ip()` asks for A records (AAAA is ignored).
 * - A target written as an IP address is used as that address, with
 *   preference 0 (SIMULATION.md, Step 2).
 * - Hosts by preference; `dns_mxip()` repeatedly picks one of the entries of
 *   lowest preference left with a linear congruential draw, so equal
 *   preferences come in a uniformly random order. (On 64-bit builds the draw's
 *   arithmetic makes that order fixed; the simulation models the intent.)
 * - Addresses in DNS order; `qmail-remote` tries the next address only when
 *   the TCP connection fails (`timeoutconn`). Once connected, `smtp()` never
 *   returns: a 4xx or 5xx greeting ends the attempt with "Connected to … but
 *   greeting failed", a temporary failure, so the delivery is deferred.
 * - All tried: deferred.
 */
import { EXACT_LEVEL_LIMIT, type Profile } from './engine';
import { tiersOf } from './prepare';
import { hostWalk, hostWalker, tiersFit, type HostWalkRules } from './hosts';

export const qmail: Profile = {
  id: 'qmail',
  literal: 'address-pref0',
  ipv4Only: true,
  mixedNullMx: 'skip',
  run(mx, use) {
    const tiers = tiersOf(mx.hosts);
    const rules: HostWalkRules = { onRefusal: 'stop', dropRepeat: false, exhausted: () => 'deferred' };
    return use(hostWalk(mx, tiers, rules), hostWalker(mx, tiers, rules), tiersFit(tiers, EXACT_LEVEL_LIMIT));
  },
};
