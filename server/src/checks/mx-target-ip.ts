import type { Zone } from '../zone/model';
import type { ZoneRecord } from '../zone/parser';
import type { ZoneDiagnostic } from '../zone/types';
import { type Check, fieldSpan, type FileSpan, onTarget, recordSpan, relatedRecord } from './check';
import type { IpAddress } from './ipAddress';
import { hostLabel, mxDomains, recordAddress, type MxDomain, type MxEntry } from './mxSet';

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

/**
 * For each address of `wanted`, the first in-zone A/AAAA record (not a
 * wildcard) that holds it: one pass over the zone's addresses, however many
 * MX targets are written as addresses.
 */
function recordsWithAddresses(zone: Zone, wanted: ReadonlySet<string>): Map<string, ZoneRecord> {
  const found = new Map<string, ZoneRecord>();
  for (const type of ['A', 'AAAA']) {
    for (const set of zone.rrsetsOfType(type)) {
      if (found.size === wanted.size) return found;
      if (!zone.isInZone(set.owner) || set.owner.startsWith('*.')) continue;
      for (const r of set.records) {
        const address = recordAddress(r);
        if (address !== null && wanted.has(address) && !found.has(address)) found.set(address, r);
      }
    }
  }
  return found;
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
    const out: ZoneDiagnostic[] = [];
    // The targets written as addresses first: the hosts that hold those addresses are found in one pass.
    const literal: { domain: MxDomain; e: MxEntry; address: IpAddress }[] = [];
    for (const domain of mxDomains(zone)) {
      for (const e of domain.entries) {
        if (e.kind === 'ip-literal' && e.literal !== undefined) literal.push({ domain, e, address: e.literal });
      }
    }
    if (literal.length === 0) return out;
    const holders = recordsWithAddresses(zone, new Set(literal.map(({ address }) => address.value)));
    let free: string | undefined;
    for (const { domain, e, address } of literal) {
      const existing = holders.get(address.value);
      const hostWord = existing !== undefined ? hostLabel(zone, existing.owner) : (free ??= freeMxName(zone));
      const data: MxTargetIpFix = {
        address: address.value,
        family: address.family,
        record: recordSpan(e.record),
        exchange: fieldSpan(e.record, e.exchange),
        host: hostWord,
        hostName: existing !== undefined ? existing.owner : zone.origin === null ? null : `${hostWord}.${zone.origin}`,
        createHost: existing === undefined,
      };
      const how =
        existing !== undefined
          ? `point it at ${hostWord}, which already has that address`
          : `add a host such as ${hostWord} with ${address.family === 6 ? 'AAAA' : 'A'} ${address.value} and point the MX at it`;
      out.push(
        onTarget(
          this,
          e,
          `the MX target ${e.written} of ${domain.label} is an IP address, but an MX must name a host (RFC 5321 §5.1): DNS reads it as the name ${e.target}, most senders find no mail server there and mail waits or bounces (only Postfix and qmail use the address); ${how}`,
          {
            related: existing === undefined ? [] : [relatedRecord(existing, `${hostWord} has ${address.value}`)],
            data,
          },
        ),
      );
    }
    return out;
  },
};
