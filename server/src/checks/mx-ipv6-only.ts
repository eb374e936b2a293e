import { nameKey } from '../zone/names';
import { type Check, firstRelated, LIST_MAX, onTarget, relatedField, sharedTexts } from './check';
import { listWords, mxDomains, type MxEntry, type MxTier } from './mxSet';

/** True when the host reaches IPv6 addresses only (an unknown host might have IPv4: not counted). */
function v6Only(e: MxEntry): boolean {
  return e.kind === 'in-zone' && e.addresses.length > 0 && e.addresses.every((a) => a.family === 6);
}

/** True when the host has an IPv4 address, or may have one (an out-of-zone host). */
function hasV4(e: MxEntry): boolean {
  return (e.kind !== 'null' && !e.known) || e.addresses.some((a) => a.family === 4);
}

/** The tiers below tier `i`, as a message lists them (`tier 10 and tier 20`). */
function lowerTiers(tiers: readonly MxTier[], i: number): string {
  const shown = tiers.slice(0, Math.min(i, LIST_MAX)).map((t) => `tier ${t.preference}`);
  return listWords(shown, i);
}

/** An MX host, or a whole tier, reachable over IPv6 only: IPv4-only senders skip it. */
export const check: Check = {
  code: 'mx-ipv6-only',
  severity: 'information',
  summary: 'an MX host or tier reachable only over IPv6',
  run(zone) {
    const out = [];
    const shared = sharedTexts();
    for (const domain of mxDomains(zone)) {
      // Only IPv6-only hosts are reported: most domains have none, and the tier words below cost.
      if (!domain.entries.some(v6Only)) continue;
      const done = new Set<string>();
      const tiers = domain.tiers;
      const withV4 = tiers.map((t) => t.entries.some(hasV4));
      const anyV4 = withV4.includes(true);
      // For each tier, the first higher tier with IPv4, or -1: one pass from the top.
      const nextV4 = new Array<number>(tiers.length);
      for (let i = tiers.length - 1, next = -1; i >= 0; i--) {
        nextV4[i] = next;
        if (withV4[i]) next = i;
      }
      for (let i = 0; i < tiers.length; i++) {
        const tier = tiers[i];
        for (const e of tier.entries) {
          if (!v6Only(e)) continue;
          const key = nameKey(e.target);
          if (done.has(key)) continue;
          done.add(key);
          const consequence = !anyV4
            ? `no MX host of ${domain.label} has an IPv4 address, so IPv4-only senders (qmail, many appliances) cannot deliver`
            : withV4[i]
              ? `IPv4-only senders (qmail, many appliances) skip it and use the other hosts of tier ${tier.preference}`
              : nextV4[i] >= 0
                ? `the whole tier ${tier.preference} is IPv6-only, so IPv4-only senders (qmail, many appliances) skip it and go straight to tier ${tiers[nextV4[i]].preference}`
                : `IPv4-only senders (qmail, many appliances) skip it and use ${lowerTiers(tiers, i)} only`;
          const shown = e.addresses.slice(0, LIST_MAX).map((a) => a.value);
          out.push(
            onTarget(
              this,
              e,
              `${e.label} has only IPv6 addresses (${listWords(shown, e.addresses.length)}): ${consequence}`,
              {
                related: firstRelated(e.addresses).flatMap((a) =>
                  a.record !== undefined && a.field !== undefined
                    ? [relatedField(a.record, a.field, shared(`${e.label} AAAA ${a.value}`))]
                    : [],
                ),
              },
            ),
          );
        }
      }
    }
    return out;
  },
};
