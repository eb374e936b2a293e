import { diag, relatedField, type Check } from './check';
import { listWords } from './mxSet';
import { reverseLookups } from './reverseDns';

/** A reverse zone at hand holds no PTR for an MX host address. */
export const check: Check = {
  code: 'mx-ptr-missing',
  severity: 'information',
  summary: 'no PTR for an MX host address in the reverse zone at hand',
  run(zone, _settings, context) {
    const out = [];
    for (const r of reverseLookups(zone, context.reverseZones)) {
      if (r.ptrs.length > 0) continue;
      const hosts = listWords([...new Set(r.via.map((v) => v.entry.label))]);
      const rz = r.reverseZone;
      out.push(
        diag(
          this,
          r.record,
          r.field.start,
          r.field.end,
          `${r.address} (MX host ${hosts}) has no PTR record in the reverse zone ${rz.origin ?? ''} (${rz.files[0]?.name ?? 'another file'}): receiving servers look up the reverse name ${r.reverseName} of a connecting server and check that it resolves back (forward-confirmed reverse DNS); many reject or distrust mail this host sends without it. Add a PTR for ${r.reverseName} pointing at ${r.via[0].entry.canonical}`,
          {
            related: r.via.map((v) =>
              relatedField(
                v.entry.record,
                v.entry.exchange,
                `MX ${v.entry.preference} ${v.entry.label} of ${v.domain.label}`,
              ),
            ),
          },
        ),
      );
    }
    return out;
  },
};
