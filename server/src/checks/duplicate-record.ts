import { rdataKey } from '../zone/model';
import type { ZoneRecord } from '../zone/parser';
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
    zone.forEachMultiRecordRRset((set) => {
      const seen = new Map<string, ZoneRecord>();
      for (const r of set.records) {
        const k = rdataKey(r);
        const first = seen.get(k);
        if (first === undefined) {
          seen.set(k, r);
          continue;
        }
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
