/**
 * Reverse DNS of MX host addresses across zones: what `mx-ptr-missing` and
 * `mx-ptr-mismatch` share. A reverse zone given in the check context answers
 * for an address when the address' `in-addr.arpa`/`ip6.arpa` name is in it and
 * not below one of its delegations.
 */
import type { Zone } from '../zone/model';
import { isSubdomain, nameKey, nameLabels } from '../zone/names';
import type { ZoneRecord } from '../zone/parser';
import type { RdataField } from '../zone/types';
import { reverseName } from './ipAddress';
import { delegationOf, lookupAddresses, mxDomains, resolveAlias, type MxDomain, type MxEntry } from './mxSet';

/** One MX host address and what the reverse zone says about it. */
export interface ReverseLookup {
  /** The A/AAAA record of the MX host and its address field. */
  record: ZoneRecord;
  field: RdataField;
  address: string;
  /** The MX entries that lead to this address (host label, domain). */
  via: { entry: MxEntry; domain: MxDomain }[];
  /** The reverse zone that answers for it. */
  reverseZone: Zone;
  /** The address' reverse name, absolute. */
  reverseName: string;
  /** The PTR records found (after in-zone CNAMEs, RFC 2317), empty when none. */
  ptrs: ZoneRecord[];
}

/** The reverse zone, among `zones`, with the longest origin that holds `name`. */
function coveringZone(zones: readonly Zone[], name: string): Zone | undefined {
  let best: Zone | undefined;
  let depth = -1;
  for (const z of zones) {
    if (z.origin === null || !isSubdomain(name, z.origin)) continue;
    const d = nameLabels(z.origin).length;
    if (d > depth) {
      best = z;
      depth = d;
    }
  }
  return best;
}

/**
 * Every in-zone MX host address for which one of `reverseZones` is
 * authoritative, with its PTR records. Addresses whose reverse name is
 * delegated further, or aliased out of the reverse zone, are left out: the
 * files at hand cannot answer for them.
 */
export function reverseLookups(zone: Zone, reverseZones: readonly Zone[]): ReverseLookup[] {
  if (reverseZones.length === 0) return [];
  const byRecord = new Map<ZoneRecord, ReverseLookup>();
  for (const domain of mxDomains(zone)) {
    for (const entry of domain.entries) {
      if (entry.kind !== 'in-zone') continue;
      for (const a of entry.addresses) {
        if (a.record === undefined || a.field === undefined) continue;
        const seen = byRecord.get(a.record);
        if (seen !== undefined) {
          seen.via.push({ entry, domain });
          continue;
        }
        const rev = reverseName(a);
        if (rev === null) continue;
        const rz = coveringZone(reverseZones, rev);
        if (rz === undefined || rz === zone || delegationOf(rz, rev) !== undefined) continue;
        const alias = resolveAlias(rz, rev);
        if (alias.loop || !rz.isInZone(alias.name) || delegationOf(rz, alias.name) !== undefined) continue;
        const ptrs = rz.rrset(alias.name, 'PTR')?.records ?? [];
        byRecord.set(a.record, {
          record: a.record,
          field: a.field,
          address: a.value,
          via: [{ entry, domain }],
          reverseZone: rz,
          reverseName: rev,
          ptrs,
        });
      }
    }
  }
  return [...byRecord.values()];
}

/** The names a PTR record points at. */
export function ptrNames(ptrs: readonly ZoneRecord[]): string[] {
  return ptrs.flatMap((r) => r.rdata.filter((f) => f.role === 'ptrdname').map((f) => f.value));
}

/**
 * Whether a PTR name resolves back to `address` in the forward zone:
 * `yes`, `no` (with the addresses it has), or `unknown` when the name is not
 * in the zone (its data is elsewhere).
 */
export function confirms(
  zone: Zone,
  name: string,
  address: string,
): { result: 'yes' | 'no' | 'unknown'; has: string[] } {
  const alias = resolveAlias(zone, name);
  if (alias.loop) return { result: 'no', has: [] };
  if (!zone.isInZone(alias.name) || delegationOf(zone, alias.name) !== undefined) return { result: 'unknown', has: [] };
  const found = lookupAddresses(zone, alias.name);
  const has = found.addresses.map((a) => a.value);
  return { result: has.some((v) => nameKey(v) === nameKey(address)) ? 'yes' : 'no', has };
}

/** Where a record of another zone stands, for a message: `file.zone line 12`. */
export function whereIs(zone: Zone, record: ZoneRecord): string {
  const line = zone.lineIndex(record.file).positionAt(record.start).line + 1;
  return `${zone.files[record.file].name} line ${line}`;
}
