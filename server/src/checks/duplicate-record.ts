import { rdataKeyAt, rrsetSize } from '../zone/model';
import type { ZoneDiagnostic } from '../zone/types';
import { diag, relatedRecord, type Check } from './check';

/** Data for the quick fix: the duplicate record to delete. */
export interface DuplicateRecordFix {
  remove: { file: number; start: number; end: number };
}

/** RFC 2181 §5: an RRset holds no duplicate records. */
export const check: Check = {
  code: 'duplicate-record',
  severity: 'warning',
  summary: 'the same record twice',
  run(zone) {
    const out: ZoneDiagnostic[] = [];
    // Records are made only for a copy: the key of most RDATA is read where it is written.
    zone.forEachMultiRecordRRset((set) => {
      const seen = new Map<string, number>();
      const size = rrsetSize(set);
      for (let i = 0; i < size; i++) {
        const k = rdataKeyAt(set, i);
        const at = seen.get(k);
        if (at === undefined) {
          if (i < size - 1) seen.set(k, i); // (the last needs no entry)
          continue;
        }
        const r = set.records[i];
        const first = set.records[at];
        const data: DuplicateRecordFix = { remove: { file: r.file, start: r.start, end: r.end } };
        out.push(
          diag(
            this,
            r,
            r.start,
            r.end,
            `this ${set.type} record of ${set.owner} repeats an earlier one: servers keep one copy (RFC 2181 §5)`,
            {
              related: [relatedRecord(first, 'the first copy')],
              data,
            },
          ),
        );
      }
    });
    return out;
  },
};
