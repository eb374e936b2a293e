import { nameKey } from '../zone/names';
import { type Check, type FileSpan, onTarget, recordSpan, relatedField } from './check';
import { mxDomains, type MxEntry } from './mxSet';

/** Data for the quick fix: the MX record to remove (the lowest-preference entry stays). */
export interface MxDuplicateTargetFix {
  remove: FileSpan;
}

/** One host listed twice in one MX RRset: senders try it again for nothing. */
export const check: Check = {
  code: 'mx-duplicate-target',
  severity: 'warning',
  summary: 'the same host listed twice in one MX RRset',
  run(zone) {
    const out = [];
    for (const domain of mxDomains(zone)) {
      if (domain.entries.length < 2) continue; // a duplicate needs two records
      const byTarget = new Map<string, MxEntry[]>();
      for (const e of domain.entries) {
        if (e.kind === 'null') continue;
        const k = nameKey(e.target);
        const list = byTarget.get(k);
        if (list === undefined) byTarget.set(k, [e]);
        else list.push(e);
      }
      for (const list of byTarget.values()) {
        if (list.length < 2) continue;
        // Keep the lowest preference (the first written among equals): it is the one senders use first.
        const keep = list.reduce((best, e) => (e.preference < best.preference ? e : best));
        for (const e of list) {
          // The same preference and target twice is one record written twice: duplicate-record says so.
          if (e === keep || e.preference === keep.preference) continue;
          const data: MxDuplicateTargetFix = { remove: recordSpan(e.record) };
          out.push(
            onTarget(
              this,
              e,
              `${e.label} is already an MX of ${domain.label} at preference ${keep.preference}: listing it again at ${e.preference} adds no server, senders that failed on it at ${keep.preference} try it again for nothing, and Postfix counts its addresses twice against its limit of 5. Remove this entry`,
              {
                related: [relatedField(keep.record, keep.exchange, `${e.label} at preference ${keep.preference}`)],
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
