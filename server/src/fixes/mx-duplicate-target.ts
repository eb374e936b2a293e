import { nameKey } from '../zone/names';
import type { ZoneRecord } from '../zone/parser';
import { FixBuilder } from './builder';
import { obj, recordAt, writtenField, type FixFunction } from './context';

/** `mx-duplicate-target`: remove the entry at the higher preference; the lowest one stays. */
export const fix: FixFunction = (ctx, request) => {
  const r = recordAt(ctx, obj(request.data)?.remove, 'MX');
  const exchange = r?.rdata.findIndex((f) => f.role === 'exchange') ?? -1;
  if (r === undefined || exchange < 0) return [];
  // The entry that stays: the same host at a lower preference.
  const pref = (x: ZoneRecord) => x.rdata.find((f) => f.role === 'preference')?.num ?? -1;
  const host = nameKey(r.rdata[exchange].value);
  const kept = ctx.zone
    .rrset(r.owner, 'MX')
    ?.records.some(
      (x) => x !== r && pref(x) < pref(r) && x.rdata.some((f) => f.role === 'exchange' && nameKey(f.value) === host),
    );
  if (kept !== true) return [];
  const b = new FixBuilder(ctx.src);
  b.deleteRecords([r]);
  const plan = b.build(
    `Remove MX ${pref(r)} ${writtenField(ctx, r, exchange)}: the host is listed at a lower preference`,
    true,
  );
  return plan === null ? [] : [plan];
};
