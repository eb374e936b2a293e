/**
 * `sendmail`: Sendmail 8.17's `getmxrr()` (sendmail/domain.c) and its
 * delivery loop (sendmail/deliver.c).
 *
 * - MX hosts sorted by preference; ties broken by `mxrand(host)`, a hash of the
 *   host name salted with a per-process seed, so equal preferences come in a
 *   random order that is re-drawn per delivery process. `getmxrr` drops "a
 *   host equal to the one before it": a host repeated at another preference
 *   is dropped when it lands right after itself (last of one tier, first of
 *   the next). (Two records naming one host at one preference are one record,
 *   which the name server sends once: Step 1 keeps one copy.)
 * - Per host, its AAAA then its A records, in DNS order.
 * - A refused or timed-out connection: the host's next address. A 4xx or 5xx
 *   greeting: the rest of that host's addresses are skipped, the next host is
 *   tried. All tried: deferred (the message stays queued).
 */
import { EXACT_LEVEL_LIMIT, type Profile } from './engine';
import { tiersOf } from './prepare';
import { hostWalk, hostWalker, tiersFit, type HostWalkRules } from './hosts';

export const sendmail: Profile = {
  id: 'sendmail',
  literal: 'unusable',
  ipv4Only: false,
  mixedNullMx: 'skip',
  run(mx, use) {
    const tiers = tiersOf(mx.hosts);
    const rules: HostWalkRules = { onRefusal: 'next-host', dropRepeat: true, exhausted: () => 'deferred' };
    return use(hostWalk(mx, tiers, rules), hostWalker(mx, tiers, rules), tiersFit(tiers, EXACT_LEVEL_LIMIT));
  },
};
