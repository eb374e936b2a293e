import { nameKey } from '../zone/names';
import { type Check, fieldSpan, type FileSpan, firstRelated, LIST_MAX, onTarget, relatedField } from './check';
import { listWords, mxDomains, type HostAddress } from './mxSet';

/** Data for the quick fix: split the host into one MX name per address, at the same preference. */
export interface MxMultihomedHostFix {
  exchange: FileSpan;
  /** The host (absolute, after aliases). */
  host: string;
  preference: number;
  family: 4 | 6;
  /** How many addresses of that family it has (the fix gives up when the zone has changed since). */
  count: number;
}

/** How each sender profile (SIMULATION.md) spreads first attempts over one host's addresses. */
function spread(host: string, addrs: readonly HostAddress[]): string {
  const first = addrs[0].value;
  return (
    `RFC 5321 senders that keep DNS order (Sendmail, qmail, first-MX clients) send every first attempt to ${first}, unless the DNS server rotates its answers; ` +
    `Postfix and Exim shuffle them (${addrs.length === 2 ? 'about half each' : `about 1/${addrs.length} each`}). ` +
    `All of them try the next address when one does not answer, but Sendmail leaves ${host} after a 4xx or 5xx greeting and qmail stops after a 4xx`
  );
}

/** One MX host with several addresses of one family: how senders spread over them and fail over. */
export const check: Check = {
  code: 'mx-multihomed-host',
  severity: 'information',
  summary: 'an MX host with several addresses of one family',
  run(zone) {
    const out = [];
    // Each host's addresses by family, once: entries with the same target share their address list.
    const byFamily = new Map<readonly HostAddress[], { 4: HostAddress[]; 6: HostAddress[] }>();
    for (const domain of mxDomains(zone)) {
      // The targets seen in this domain: a set only for a domain of several entries (most have one).
      const done = domain.entries.length > 1 ? new Set<string>() : undefined;
      for (const e of domain.entries) {
        if (e.kind !== 'in-zone') continue;
        if (done !== undefined) {
          const key = nameKey(e.target);
          if (done.has(key)) continue;
          done.add(key);
        }
        if (e.addresses.length < 2) continue; // neither family can have two
        let families = byFamily.get(e.addresses);
        if (families === undefined) {
          families = { 4: e.addresses.filter((a) => a.family === 4), 6: e.addresses.filter((a) => a.family === 6) };
          byFamily.set(e.addresses, families);
        }
        for (const family of [4, 6] as const) {
          const addrs = families[family];
          // One IPv4 and one IPv6 address is ordinary dual stack, not this.
          if (addrs.length < 2) continue;
          const values = addrs.slice(0, LIST_MAX).map((a) => a.value);
          const data: MxMultihomedHostFix = {
            exchange: fieldSpan(e.record, e.exchange),
            host: e.canonical,
            preference: e.preference,
            family,
            count: addrs.length,
          };
          out.push(
            onTarget(
              this,
              e,
              `${e.label} has ${addrs.length} IPv${family} addresses (${listWords(values, addrs.length)}): one MX name for ${addrs.length} servers. ${spread(e.label, addrs)}. The load-balancing the RFCs define is one MX name per address at the same preference (RFC 5321 §5.1)`,
              {
                related: firstRelated(addrs).flatMap((a) =>
                  a.record !== undefined && a.field !== undefined
                    ? [relatedField(a.record, a.field, `${e.label} ${a.record.type} ${a.value}`)]
                    : [],
                ),
                data,
              },
            ),
          );
        }
      }
    }
    return out;
  },
};
