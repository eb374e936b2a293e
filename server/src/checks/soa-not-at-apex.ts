import { nameKey } from '../zone/names';
import { diag, ownerRange, type Check } from './check';

/** RFC 1035 §5.2: the SOA sits at the zone's origin. */
export const check: Check = {
  code: 'soa-not-at-apex',
  severity: 'error',
  summary: 'the SOA record is not at the zone origin',
  run(zone) {
    const origin = zone.declaredOrigin;
    if (origin === null) return [];
    return zone
      .rrsetsOfType('SOA')
      .filter((s) => nameKey(s.owner) !== nameKey(origin))
      .flatMap((s) =>
        s.records.map((r) => {
          const { start, end } = ownerRange(r);
          return diag(
            this,
            r,
            start,
            end,
            `the SOA is at ${r.owner}, but the zone origin is ${origin}: the SOA belongs at the origin`,
          );
        }),
      );
  },
};
