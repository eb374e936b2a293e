import { diag, relatedField, type Check } from './check';
import { listWords } from './mxSet';
import { confirms, ptrNames, reverseLookups, whereIs } from './reverseDns';

/** The PTR of an MX host address does not resolve back to it (forward-confirmed reverse DNS fails). */
export const check: Check = {
  code: 'mx-ptr-mismatch',
  severity: 'information',
  summary: 'the PTR of an MX host address does not resolve back to it',
  run(zone, _settings, context) {
    const out = [];
    for (const r of reverseLookups(zone, context.reverseZones)) {
      if (r.ptrs.length === 0) continue;
      const names = ptrNames(r.ptrs);
      const answers = names.map((n) => ({ name: n, ...confirms(zone, n, r.address) }));
      // One PTR name that resolves back, or one this file cannot judge, is enough to stay quiet.
      if (answers.length === 0 || answers.some((a) => a.result !== 'no')) continue;
      const hosts = listWords([...new Set(r.via.map((v) => v.entry.label))]);
      const what = answers
        .map((a) => (a.has.length === 0 ? `${a.name} has no address here` : `${a.name} has ${listWords(a.has)}`))
        .join('; ');
      out.push(
        diag(
          this,
          r.record,
          r.field.start,
          r.field.end,
          `${r.address} (MX host ${hosts}) has the PTR ${listWords(names)} (${whereIs(r.reverseZone, r.ptrs[0])}), but that name does not resolve back to ${r.address}: ${what}. Receiving servers check this forward-confirmed reverse DNS for connecting servers, and many reject or distrust mail this host sends when it fails. Point the PTR at ${r.via[0].entry.canonical} or give the PTR name this address`,
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
