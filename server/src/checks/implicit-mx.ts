import { diag, recordSpan, type Check, type FileSpan } from './check';

/** Data for the quick fix: add `@ MX 0 .` (a null MX) for the apex, after the given record. */
export interface ImplicitMxFix {
  /** The apex, absolute. */
  apex: string;
  /** The apex address record the diagnostic is on; the new record goes after it. */
  after: FileSpan;
}

/** RFC 5321 §5.1: with no MX, mail goes to the domain's own addresses (the implicit MX). */
export const check: Check = {
  code: 'implicit-mx',
  severity: 'hint',
  summary: 'the apex has addresses but no MX: mail goes to those addresses',
  run(zone) {
    const apex = zone.origin;
    if (apex === null) return [];
    const node = zone.node(apex);
    if (node === undefined || node.rrsets.has('MX')) return [];
    const first = zone.addresses(apex).find((r) => r.rdata.some((f) => f.role === 'address'));
    const field = first?.rdata.find((f) => f.role === 'address');
    if (first === undefined || field === undefined) return [];
    const data: ImplicitMxFix = { apex, after: recordSpan(first) };
    return [
      diag(
        this,
        first,
        field.start,
        field.end,
        `${apex} has no MX record but has addresses, so senders deliver its mail to ${field.value} (the implicit MX of RFC 5321 §5.1), whether or not a mail server listens there. If the domain takes no mail, publish a null MX ("@ MX 0 .", RFC 7505) so that senders bounce at once instead of retrying`,
        { data },
      ),
    ];
  },
};
