import { rrsetSize, ttlAt } from '../zone/model';
import { humanTtl } from '../zone/ttl';
import type { ZoneDiagnostic } from '../zone/types';
import { diag, relatedRecord, type Check } from './check';

/** Data for the quick fix: the TTL every record of the RRset should get. */
export interface RrsetTtlMismatchFix {
  ttl: number;
}

/** RFC 2181 §5.2: all records of an RRset have one TTL. */
export const check: Check = {
  code: 'rrset-ttl-mismatch',
  severity: 'warning',
  summary: 'records of one RRset with different TTLs',
  run(zone) {
    const out: ZoneDiagnostic[] = [];
    // Records are made only where the TTLs differ: each row holds its TTL.
    zone.forEachMultiRecordRRset((set) => {
      const ttl = ttlAt(set, 0);
      const size = rrsetSize(set);
      for (let i = 1; i < size; i++) {
        if (ttlAt(set, i) === ttl) continue;
        const r = set.records[i];
        const first = set.records[0];
        const written = r.ttlStart >= 0;
        const data: RrsetTtlMismatchFix = { ttl: first.ttl };
        out.push(
          diag(
            this,
            r,
            written ? r.ttlStart : r.typeStart,
            written ? r.ttlEnd : r.typeEnd,
            `this ${set.type} record of ${set.owner} has TTL ${r.ttl} (${humanTtl(r.ttl)}) but the first has ${first.ttl} (${humanTtl(first.ttl)}): an RRset has one TTL (RFC 2181 §5.2); servers use ${first.ttl}`,
            { related: [relatedRecord(first, `the first ${set.type} record, TTL ${first.ttl}`)], data },
          ),
        );
      }
    });
    return out;
  },
};
