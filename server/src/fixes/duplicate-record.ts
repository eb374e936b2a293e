import { rdataKey, rrsetKey } from '../zone/model';
import { FixBuilder } from './builder';
import { obj, recordAt, type FixFunction } from './context';

/** `duplicate-record`: delete the later copy (the diagnostic is on it; the first stays). */
export const fix: FixFunction = (ctx, request) => {
  const r = recordAt(ctx, obj(request.data)?.remove);
  if (r === undefined) return [];
  // The copy that stays comes first in the RRset.
  const set = ctx.zone.node(r.owner)?.rrsets.get(rrsetKey(r))?.records ?? [];
  const k = rdataKey(r);
  const i = set.indexOf(r);
  if (i < 0 || !set.slice(0, i).some((x) => rdataKey(x) === k)) return [];
  const b = new FixBuilder(ctx.src);
  b.deleteRecords([r]);
  const plan = b.build(`Delete this duplicate ${r.type} record`, true);
  return plan === null ? [] : [plan];
};
