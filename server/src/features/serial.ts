/**
 * `zonelens/bumpSerial`: the edit that bumps the zone's SOA serial (the
 * arithmetic is `zone/serial.ts`), or why it cannot be made.
 */
import type { BumpSerialParams, BumpSerialResult } from '../protocol';
import type { Zone } from '../zone/model';
import { nameKey } from '../zone/names';
import type { ZoneRecord } from '../zone/parser';
import { bumpSerial, localDay, parseDay } from '../zone/serial';
import { ownField } from './navigation';

/** The SOA whose serial counts: the one at the apex, else the first. */
function soaRecord(zone: Zone): ZoneRecord | undefined {
  const all = zone.rrsetsOfType('SOA').flatMap((s) => s.records);
  const apex = zone.origin === null ? undefined : nameKey(zone.origin);
  return all.find((r) => nameKey(r.owner) === apex) ?? all[0];
}

/** The bump edit for the zone of a document at `version`, or the reason there is none. */
export function bumpSerialEdit(
  zone: Zone,
  version: number,
  params: BumpSerialParams,
  now = new Date(),
): BumpSerialResult | { refused: string } {
  const soa = soaRecord(zone);
  if (soa === undefined) return { refused: 'this zone has no SOA record, so it has no serial to bump' };
  if (soa.generated) return { refused: 'the SOA record is made by $GENERATE: its serial cannot be edited' };
  const field = soa.rdata.find((f) => f.role === 'serial');
  if (field === undefined || field.num === undefined) return { refused: 'the SOA record has no serial field' };
  if (!ownField(soa, field)) {
    return { refused: 'the SOA is written in generic (\\#) form: its serial cannot be edited on its own' };
  }
  const today = (params.today === undefined ? undefined : parseDay(params.today)) ?? localDay(now);
  const bump = bumpSerial(field.num, today);
  return {
    version,
    uri: zone.files[soa.file].name,
    range: zone.lineIndex(soa.file).range(field.start, field.end),
    newText: String(bump.to),
    from: bump.from,
    to: bump.to,
    method: bump.method,
    message: bump.message,
  };
}
