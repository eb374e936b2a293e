import type { Zone } from '../zone/model';
import { isSubdomain } from '../zone/names';
import type { ZoneRecord } from '../zone/parser';
import type { RdataField, RelatedInfo } from '../zone/types';
import { diag, relatedField, type Check } from './check';
import { specialRange, type SpecialRange } from './ipAddress';
import { addressKey, mxDomains } from './mxSet';

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

/** An MX host address the internet cannot reach (private, loopback, link-local, CGNAT, ULA, documentation). */
export const check: Check = {
  code: 'mx-private-address',
  severity: 'warning',
  summary: 'an MX host address the internet cannot reach',
  run(zone, settings) {
    if (settings.mx.privateAddressesOk) return [];
    const documentationOk = isDocumentationZone(zone);
    // One diagnostic per address record, however many MX records lead to it.
    const hits = new Map<
      ZoneRecord,
      { field: RdataField; what: string; cidr: string; via: RelatedInfo[]; hosts: Set<string> }
    >();
    // The range of each address value: many domains share a few hosts.
    const ranges = new Map<string, SpecialRange | null>();
    for (const domain of mxDomains(zone)) {
      for (const e of domain.entries) {
        if (e.kind !== 'in-zone') continue; // an IP literal is mx-target-ip's error
        for (const a of e.addresses) {
          if (a.record === undefined || a.field === undefined) continue;
          const k = addressKey(a);
          let range = ranges.get(k);
          if (range === undefined) {
            range = specialRange(a);
            ranges.set(k, range);
          }
          if (range === null || (range.documentation && documentationOk)) continue;
          let hit = hits.get(a.record);
          if (hit === undefined) {
            hit = { field: a.field, what: range.what, cidr: range.cidr, via: [], hosts: new Set() };
            hits.set(a.record, hit);
          }
          hit.hosts.add(domain.label);
          hit.via.push(relatedField(e.record, e.exchange, `MX ${e.preference} ${e.label} of ${domain.label}`));
        }
      }
    }
    const out = [];
    for (const [record, hit] of hits) {
      const domains = [...hit.hosts];
      out.push(
        diag(
          this,
          record,
          hit.field.start,
          hit.field.end,
          `${hit.field.value} is in the ${hit.what} range ${hit.cidr}, and it is an MX host address for ${domains.join(', ')}: senders on the internet cannot connect to it, so their mail ${domains.length === 1 ? 'to that domain' : 'to these domains'} fails over to other MX hosts or waits. If this zone is served only inside a private network, set zonelens.mx.privateAddressesOk`,
          { related: hit.via },
        ),
      );
    }
    return out;
  },
};
