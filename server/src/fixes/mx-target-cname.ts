import { resolveAlias } from '../checks/mxSet';
import { FixBuilder } from './builder';
import { fieldAt, obj, str, type FixFunction } from './context';
import { sameName } from './source';

/** `mx-target-cname`: point the MX at the canonical name at the end of the alias chain. */
export const fix: FixFunction = (ctx, request) => {
  const data = obj(request.data);
  const hit = fieldAt(ctx, data?.exchange, 'MX', 'exchange');
  const canonical = str(data?.canonical);
  const text = str(data?.text);
  if (hit === undefined || canonical === undefined || text === undefined || text === '') return [];
  const alias = resolveAlias(ctx.zone, hit.record.rdata[hit.index].value);
  if (alias.chain.length === 0 || alias.loop || !sameName(alias.name, canonical)) return [];
  const b = new FixBuilder(ctx.src);
  b.replaceField(hit.record, hit.index, text, canonical);
  const plan = b.build(`Point the MX at ${text}, the canonical name`, true);
  return plan === null ? [] : [plan];
};
