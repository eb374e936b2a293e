import { diag, fieldSpan, type Check, type FileSpan } from './check';
import { mxDomains } from './mxSet';

/** Data for the quick fix: the preference field to set to 0. */
export interface NullMxPreferenceFix {
  preference: FileSpan;
}

/** RFC 7505 §3: a null MX has preference 0. */
export const check: Check = {
  code: 'null-mx-preference',
  severity: 'warning',
  summary: 'a null MX with a preference other than 0',
  run(zone) {
    const out = [];
    for (const domain of mxDomains(zone)) {
      for (const e of domain.entries) {
        if (e.kind !== 'null' || e.preference === 0) continue;
        const data: NullMxPreferenceFix = { preference: fieldSpan(e.record, e.preferenceField) };
        out.push(
          diag(
            this,
            e.record,
            e.preferenceField.start,
            e.preferenceField.end,
            `the null MX of ${domain.label} has preference ${e.preference}: RFC 7505 §3 defines it as "MX 0 ." and some receivers and checkers recognise only that form; set it to 0`,
            { data },
          ),
        );
      }
    }
    return out;
  },
};
