import { diag, relatedRecord, type Check } from './check';
import type { ZoneRecord } from '../zone/parser';

/** RFC 1035 §5.2: exactly one SOA record per zone. */
export const check: Check = {
  code: 'multiple-soa',
  severity: 'error',
  summary: 'the zone has more than one SOA record',
  run(zone) {
    const all: ZoneRecord[] = zone.rrsetsOfType('SOA').flatMap((s) => s.records);
    const [first, ...rest] = all;
    return rest.map((r) =>
      diag(
        this,
        r,
        r.typeStart,
        r.typeEnd,
        `a second SOA record: a zone has exactly one SOA (RFC 1035 §5.2), at ${first.owner}`,
        {
          related: [relatedRecord(first, 'the first SOA')],
        },
      ),
    );
  },
};
