import { type Check, type FileSpan, firstRelated, onTarget, recordSpan, relatedField } from './check';
import { listWords, mxDomains } from './mxSet';

/**
 * Data for the two quick fixes: keep only the null MX (remove the domain's
 * other MX records, which the fix reads from the zone), or remove the null MX.
 */
export interface NullMxMixedFix {
  /** The null MX record. */
  nullMx: FileSpan;
}

/** RFC 7505 §3: a domain with a null MX MUST NOT have other MX records. */
export const check: Check = {
  code: 'null-mx-mixed',
  severity: 'error',
  summary: 'a null MX beside other MX records',
  run(zone) {
    const out = [];
    for (const domain of mxDomains(zone)) {
      if (domain.entries.length < 2) continue; // a mix needs two records
      const nulls = domain.entries.filter((e) => e.kind === 'null');
      const others = domain.entries.filter((e) => e.kind !== 'null');
      if (nulls.length === 0 || others.length === 0) continue;
      const names = listWords([...new Set(others.map((e) => e.label))]);
      const shown = firstRelated(others);
      for (const n of nulls) {
        const data: NullMxMixedFix = { nullMx: recordSpan(n.record) };
        out.push(
          onTarget(
            this,
            n,
            `${domain.label} has a null MX ("this domain accepts no mail", RFC 7505) beside other MX records (${names}): RFC 7505 §3 forbids the mix. Postfix then treats the whole set as a null MX and bounces all mail; other senders skip the null entry. Keep either the null MX or the others`,
            // Each its own list: an edit moves the locations of each diagnostic in place.
            { related: shown.map((e) => relatedField(e.record, e.exchange, `MX ${e.preference} ${e.label}`)), data },
          ),
        );
      }
    }
    return out;
  },
};
