import { firstRecord } from '../zone/model';
import { diag, relatedRecord, type Check } from './check';

/** Types that may stand beside a CNAME (RFC 4035 §2.5: DNSSEC records). */
const ALLOWED = new Set(['CNAME', 'RRSIG', 'NSEC', 'NSEC3', 'KEY']);

/** Data for the quick fix: the records to remove, as offsets in their file. */
export interface CnameAndOtherDataFix {
  remove: { file: number; start: number; end: number };
}

/** RFC 1034 §3.6.2, RFC 2181 §10.1: a CNAME owner holds no other data. */
export const check: Check = {
  code: 'cname-and-other-data',
  severity: 'error',
  summary: 'a name with a CNAME and other data',
  run(zone) {
    const out = [];
    for (const set of zone.rrsetsOfType('CNAME')) {
      const node = zone.nodeOf(set);
      if (node === undefined || node.rrsets.size === 1) continue; // the CNAME alone
      const cname = firstRecord(set);
      for (const other of node.rrsets.values()) {
        if (ALLOWED.has(other.type)) continue;
        for (const r of other.records) {
          const data: CnameAndOtherDataFix = { remove: { file: r.file, start: r.start, end: r.end } };
          out.push(
            diag(
              this,
              r,
              r.typeStart,
              r.typeEnd,
              `${r.owner} has a CNAME, so it cannot also have ${r.type} data (RFC 1034 §3.6.2): resolvers see only the CNAME`,
              {
                related: [relatedRecord(cname, `the CNAME of ${set.owner}`)],
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
