import { diag, ownerRange, type Check } from './check';

/** RFC 1035 §5.2 / RFC 1034 §4.2.1: the apex names its authoritative servers. */
export const check: Check = {
  code: 'missing-ns',
  severity: 'warning',
  summary: 'no NS RRset at the zone apex',
  run(zone) {
    const soa = zone.rrsetsOfType('SOA')[0];
    if (soa === undefined || zone.rrset(soa.owner, 'NS') !== undefined) return [];
    const r = soa.records[0];
    const { start, end } = ownerRange(r);
    return [
      diag(
        this,
        r,
        start,
        end,
        `${soa.owner} has no NS records: a zone names its name servers at the apex (BIND refuses to load it)`,
      ),
    ];
  },
};
