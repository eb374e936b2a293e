import { FixBuilder } from './builder';
import { obj, recordAt, type FixFunction } from './context';
import { sameName } from './source';

/** Data whose removal would break the zone or a delegation: the CNAME is what has to go, not these. */
const KEEP = new Set(['SOA', 'NS', 'DS']);

/**
 * `cname-and-other-data`: remove the record beside the CNAME. Not offered at
 * the apex (a CNAME there is the mistake) nor for NS or DS (a delegation), and
 * not preferred: whether the alias or the data is right is the user's call.
 */
export const fix: FixFunction = (ctx, request) => {
  const r = recordAt(ctx, obj(request.data)?.remove);
  const apex = ctx.zone.origin;
  if (r === undefined || KEEP.has(r.type) || apex === null || sameName(r.owner, apex)) return [];
  if (ctx.zone.rrset(r.owner, 'CNAME') === undefined) return [];
  const b = new FixBuilder(ctx.src);
  b.deleteRecords([r]);
  const plan = b.build(`Remove this ${r.type} record: the name is an alias (CNAME) and can hold no other data`, false);
  return plan === null ? [] : [plan];
};
