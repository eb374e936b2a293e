import type { Zone } from '../zone/model';
import { isSubdomain } from '../zone/names';
import type { ZoneRecord } from '../zone/parser';
import type { RdataField, RelatedInfo } from '../zone/types';
import { diag, firstRelated, LIST_MAX, RELATED_MAX, relatedField, type Check } from './check';
import { specialRange, type SpecialRange } from './ipAddress';
import { addressKey, listWords, mxDomains, type HostAddress, type MxDomain, type MxEntry } from './mxSet';

/** Names reserved for documentation and testing (RFC 2606, RFC 6761). */
const DOCUMENTATION_ZONES = [
  'example.',
  'test.',
  'invalid.',
  'localhost.',
  'example.com.',
  'example.net.',
  'example.org.',
];

/** A zone that is itself an example: its documentation addresses are examples too, not mistakes. */
function isDocumentationZone(zone: Zone): boolean {
  const apex = zone.origin;
  return apex !== null && DOCUMENTATION_ZONES.some((d) => isSubdomain(apex, d));
}

/** The MX entries that lead to one list of addresses, and their domains (named only in a message). */
interface Users {
  refs: { domain: MxDomain; e: MxEntry }[];
  /** Distinct: a domain's entries come together. */
  domains: MxDomain[];
}

/** An MX host address the internet cannot reach (private, loopback, link-local, CGNAT, ULA, documentation). */
export const check: Check = {
  code: 'mx-private-address',
  severity: 'warning',
  summary: 'an MX host address the internet cannot reach',
  run(zone, settings) {
    if (settings.mx.privateAddressesOk) return [];
    const documentationOk = isDocumentationZone(zone);
    // The MX entries of each address list: entries with the same target share
    // one (mxSet resolves each target once), so a host's addresses are looked
    // at once however many domains use it.
    const users = new Map<readonly HostAddress[], Users>();
    for (const domain of mxDomains(zone)) {
      for (const e of domain.entries) {
        if (e.kind !== 'in-zone' || e.addresses.length === 0) continue; // an IP literal is mx-target-ip's error
        let u = users.get(e.addresses);
        if (u === undefined) users.set(e.addresses, (u = { refs: [], domains: [] }));
        u.refs.push({ domain, e });
        if (u.domains[u.domains.length - 1] !== domain) u.domains.push(domain);
      }
    }
    // One diagnostic per address record, however many MX records lead to it.
    const hits = new Map<ZoneRecord, { field: RdataField; what: string; cidr: string; users: Users[] }>();
    // The range of each address value: many hosts share a few addresses.
    const ranges = new Map<string, SpecialRange | null>();
    for (const [addresses, u] of users) {
      for (const a of addresses) {
        if (a.record === undefined || a.field === undefined) continue;
        const k = addressKey(a);
        let range = ranges.get(k);
        if (range === undefined) {
          range = specialRange(a);
          ranges.set(k, range);
        }
        if (range === null || (range.documentation && documentationOk)) continue;
        const hit = hits.get(a.record);
        if (hit === undefined) hits.set(a.record, { field: a.field, what: range.what, cidr: range.cidr, users: [u] });
        else hit.users.push(u);
      }
    }
    const out = [];
    for (const [record, hit] of hits) {
      const domains = hit.users.length === 1 ? hit.users[0].domains : [...new Set(hit.users.flatMap((u) => u.domains))];
      const names = listWords(
        domains.slice(0, LIST_MAX).map((d) => d.label),
        domains.length,
      );
      const related: RelatedInfo[] = [];
      for (const u of hit.users) {
        for (const { domain, e } of firstRelated(u.refs)) {
          if (related.length < RELATED_MAX)
            related.push(relatedField(e.record, e.exchange, `MX ${e.preference} ${e.label} of ${domain.label}`));
        }
      }
      out.push(
        diag(
          this,
          record,
          hit.field.start,
          hit.field.end,
          `${hit.field.value} is in the ${hit.what} range ${hit.cidr}, and it is an MX host address for ${names}: senders on the internet cannot connect to it, so their mail ${domains.length === 1 ? 'to that domain' : 'to these domains'} fails over to other MX hosts or waits. If this zone is served only inside a private network, set zonelens.mx.privateAddressesOk`,
          { related },
        ),
      );
    }
    return out;
  },
};
