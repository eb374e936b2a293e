import { nameKey } from '../zone/names';
import { diag, relatedField, type Check } from './check';
import { listWords, mxDomains, type MxEntry } from './mxSet';

/** True when the host reaches IPv6 addresses only (an unknown host might have IPv4: not counted). */
function v6Only(e: MxEntry): boolean {
  return e.kind === 'in-zone' && e.addresses.length > 0 && e.addresses.every((a) => a.family === 6);
}

/** True when the host has an IPv4 address, or may have one (an out-of-zone host). */
function hasV4(e: MxEntry): boolean {
  return (e.kind !== 'null' && !e.known) || e.addresses.some((a) => a.family === 4);
}

/** An MX host, or a whole tier, reachable over IPv6 only: IPv4-only senders skip it. */
export const check: Check = {
  code: 'mx-ipv6-only',
  severity: 'information',
  summary: 'an MX host or tier reachable only over IPv6',
  run(zone) {
    const out = [];
    for (const domain of mxDomains(zone)) {
      // Only IPv6-only hosts are reported: most domains have none, and the tier words below cost.
      if (!domain.entries.some(v6Only)) continue;
      const done = new Set<string>();
      for (const tier of domain.tiers) {
        const tierV4 = tier.entries.some(hasV4);
        const higherV4 = domain.tiers.filter((t) => t.preference > tier.preference && t.entries.some(hasV4));
        const anyV4 = domain.tiers.some((t) => t.entries.some(hasV4));
        for (const e of tier.entries) {
          if (!v6Only(e) || done.has(nameKey(e.target))) continue;
          done.add(nameKey(e.target));
          const consequence = !anyV4
            ? `no MX host of ${domain.label} has an IPv4 address, so IPv4-only senders (qmail, many appliances) cannot deliver`
            : tierV4
              ? `IPv4-only senders (qmail, many appliances) skip it and use the other hosts of tier ${tier.preference}`
              : higherV4.length > 0
                ? `the whole tier ${tier.preference} is IPv6-only, so IPv4-only senders (qmail, many appliances) skip it and go straight to tier ${higherV4[0].preference}`
                : `IPv4-only senders (qmail, many appliances) skip it and use ${listWords(domain.tiers.filter((t) => t.preference < tier.preference).map((t) => `tier ${t.preference}`))} only`;
          out.push(
            diag(
              this,
              e.record,
              e.exchange.start,
              e.exchange.end,
              `${e.label} has only IPv6 addresses (${listWords(e.addresses.map((a) => a.value))}): ${consequence}`,
              {
                related: e.addresses.flatMap((a) =>
                  a.record !== undefined && a.field !== undefined
                    ? [relatedField(a.record, a.field, `${e.label} AAAA ${a.value}`)]
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
