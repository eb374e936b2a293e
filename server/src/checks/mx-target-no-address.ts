import { diag, fieldSpan, relatedRecord, type Check, type FileSpan } from './check';
import { hostLabel, mxDomains, usable } from './mxSet';

/**
 * Data for the quick fix: the name that needs an address record (the target,
 * or the end of its alias chain), and whether it exists at all.
 */
export interface MxTargetNoAddressFix {
  exchange: FileSpan;
  /** Absolute name to give an A record. */
  target: string;
  /** The name has other records (true) or does not exist (NXDOMAIN). */
  exists: boolean;
}

/** RFC 5321 §5.1: an MX target must have at least one address record. */
export const check: Check = {
  code: 'mx-target-no-address',
  severity: 'error',
  summary: 'an in-zone MX target with no A or AAAA record',
  run(zone) {
    const out = [];
    for (const domain of mxDomains(zone)) {
      for (const e of domain.entries) {
        // Loops are mx-target-cname's to explain; unknown hosts are not ours to judge.
        // A target that lost its trailing dot is name-missing-trailing-dot's: that error says what to write.
        if (e.kind !== 'in-zone' || e.addresses.length > 0 || e.alias?.loop === true || e.missingDot) continue;
        const name = hostLabel(zone, e.canonical);
        const via = e.alias === undefined ? '' : ` (${e.label} is an alias for it)`;
        const what =
          e.wildcard !== undefined
            ? `${name}${via} exists only through the wildcard ${e.wildcard}, which has no A or AAAA record`
            : e.exists
              ? `${name}${via} has no A or AAAA record`
              : `${name}${via} does not exist in this zone (NXDOMAIN)`;
        const others = domain.entries.some((o) => o !== e && usable(o));
        const consequence = others
          ? 'senders skip this MX and try the others'
          : `no MX of ${domain.label} leads to a server, so mail to it bounces`;
        const data: MxTargetNoAddressFix = {
          exchange: fieldSpan(e.record, e.exchange),
          target: e.canonical,
          exists: e.exists,
        };
        out.push(
          diag(
            this,
            e.record,
            e.exchange.start,
            e.exchange.end,
            `the MX target ${what}: ${consequence} (RFC 5321 §5.1)`,
            {
              related: e.alias?.chain.map((r) => relatedRecord(r, `${r.type} of ${hostLabel(zone, r.owner)}`)) ?? [],
              data,
            },
          ),
        );
      }
    }
    return out;
  },
};
