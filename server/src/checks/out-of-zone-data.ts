import { isSubdomainKey, nameKey, ROOT } from '../zone/names';
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
    const out = [];
    // `zone.isInZone` on node keys, the origin's key made once: this visits every name of the zone.
    const originKey = nameKey(origin);
    for (const node of zone.allNodes()) {
      if (origin === ROOT || isSubdomainKey(node.key, originKey)) continue;
      for (const set of node.rrsets.values()) {
        for (const r of set.records) {
          const { start, end } = ownerRange(r);
          out.push(
            diag(this, r, start, end, `${r.owner} is not in the zone ${origin}: name servers ignore this record`),
          );
        }
      }
    }
    return out;
  },
};
