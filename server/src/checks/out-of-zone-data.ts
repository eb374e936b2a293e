import { nameKey, ROOT } from '../zone/names';
import type { ZoneDiagnostic } from '../zone/types';
import { diag, ownerRange, type Check } from './check';

/** Records above or beside the apex are not part of the zone: BIND ignores them. */
export const check: Check = {
  code: 'out-of-zone-data',
  severity: 'warning',
  summary: 'an owner name outside the zone',
  run(zone) {
    const origin = zone.origin;
    // Without an SOA the apex is a guess; do not flag every record of a hints file.
    if (origin === null || zone.rrsetsOfType('SOA').length === 0) return [];
    const out: ZoneDiagnostic[] = [];
    if (origin === ROOT) return out; // every name is below the root
    // This visits every name of the zone: read in place, the origin's key made once.
    zone.forEachNodeOutside(nameKey(origin), (node) => {
      for (const set of node.rrsets.values()) {
        for (const r of set.records) {
          const { start, end } = ownerRange(r);
          out.push(
            diag(this, r, start, end, `${r.owner} is not in the zone ${origin}: name servers ignore this record`),
          );
        }
      }
    });
    return out;
  },
};
