/**
 * `rfc5321`: the sender RFC 5321 §5.1 describes.
 *
 * - "Multiple MX records contain a preference indication that MUST be used in
 *   sorting": hosts by ascending preference.
 * - "If there are multiple destinations with the same preference and there is
 *   no clear reason to favor one … the SMTP client SHOULD randomize them":
 *   equal preference in uniformly random order.
 * - A host's addresses are used in the order DNS gives them (AAAA first, per
 *   RFC 6724's default preference for IPv6); "the SMTP client SHOULD try at
 *   least two addresses", here all of them, with no limit.
 * - Every failure (no connection, 4xx or 5xx greeting) moves on to the next
 *   address. When all were tried: bounced if every attempt was refused with a
 *   5xx (permanent, §4.2.1), else deferred.
 */
import { EXACT_LEVEL_LIMIT, type Profile } from './engine';
import { tiersOf } from './prepare';
import { hostWalk, hostWalker, tiersFit, type HostWalkRules } from './hosts';

export const rfc5321: Profile = {
  id: 'rfc5321',
  literal: 'unusable',
  ipv4Only: false,
  mixedNullMx: 'skip',
  run(mx, use) {
    const tiers = tiersOf(mx.hosts);
    const rules: HostWalkRules = {
      onRefusal: 'next-address',
      dropRepeat: false,
      exhausted: (s) => (s.attempts && s.allReject ? 'bounced' : 'deferred'),
    };
    return use(hostWalk(mx, tiers, rules), hostWalker(mx, tiers, rules), tiersFit(tiers, EXACT_LEVEL_LIMIT));
  },
};
