import type { Zone } from '../zone/model';
import type { ZoneRecord } from '../zone/parser';
import { diag, fieldSpan, recordSpan, relatedRecord, type Check, type FileSpan } from './check';
import { hostLabel, mxDomains } from './mxSet';

/**
 * Data for the quick fix: the address written as the target, the MX record,
 * and the host name to point it at instead (an existing host with that
 * address, or a new `mxN` name to create with an A/AAAA record).
 */
export interface MxTargetIpFix {
  address: string;
  family: 4 | 6;
  /** The whole MX record. */
  record: FileSpan;
  /** The target field to replace. */
  exchange: FileSpan;
  /** The host name to use as written in messages: relative to the apex (`mx1`), or absolute. */
  host: string;
  /** The same, absolute (`mx1.example.com.`), or null when the zone has no known apex. */
  hostName: string | null;
  /** True when `host` must be created (with `address`); false when it already has that address. */
  createHost: boolean;
}

/** An in-zone A/AAAA record that already holds `address`, if any. */
function recordWithAddress(zone: Zone, address: string): ZoneRecord | undefined {
  for (const type of ['A', 'AAAA']) {
    for (const set of zone.rrsetsOfType(type)) {
      if (!zone.isInZone(set.owner) || set.owner.startsWith('*.')) continue;
      const hit = set.records.find((r) => r.rdata.some((f) => f.role === 'address' && f.value === address));
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

/** The first `mxN` (N from 1) that is not a name of the zone. */
function freeMxName(zone: Zone): string {
  for (let n = 1; ; n++) {
    const name = `mx${n}`;
    if (zone.origin === null || zone.node(`${name}.${zone.origin}`) === undefined) return name;
  }
}

/** RFC 5321 §5.1: an MX target is a domain name with address records, never an address. */
export const check: Check = {
  code: 'mx-target-ip',
  severity: 'error',
  summary: 'an MX target written as an IP address',
  run(zone) {
    const out = [];
    for (const domain of mxDomains(zone)) {
      for (const e of domain.entries) {
        if (e.kind !== 'ip-literal' || e.literal === undefined) continue;
        const existing = recordWithAddress(zone, e.literal.value);
        const hostWord = existing !== undefined ? hostLabel(zone, existing.owner) : freeMxName(zone);
        const data: MxTargetIpFix = {
          address: e.literal.value,
          family: e.literal.family,
          record: recordSpan(e.record),
          exchange: fieldSpan(e.record, e.exchange),
          host: hostWord,
          hostName:
            existing !== undefined ? existing.owner : zone.origin === null ? null : `${hostWord}.${zone.origin}`,
          createHost: existing === undefined,
        };
        const how =
          existing !== undefined
            ? `point it at ${hostWord}, which already has that address`
            : `add a host such as ${hostWord} with ${e.literal.family === 6 ? 'AAAA' : 'A'} ${e.literal.value} and point the MX at it`;
        out.push(
          diag(
            this,
            e.record,
            e.exchange.start,
            e.exchange.end,
            `the MX target ${e.written} of ${domain.label} is an IP address, but an MX must name a host (RFC 5321 §5.1): DNS reads it as the name ${e.target}, most senders find no mail server there and mail waits or bounces (only Postfix and qmail use the address); ${how}`,
            {
              related: existing === undefined ? [] : [relatedRecord(existing, `${hostWord} has ${e.literal.value}`)],
              data,
            },
          ),
        );
      }
    }
    return out;
  },
};
