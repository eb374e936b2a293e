import { FixBuilder } from './builder';
import { fieldAt, obj, type FixFunction } from './context';

/** `null-mx-preference`: set the preference of the null MX to 0 (RFC 7505 §3). */
export const fix: FixFunction = (ctx, request) => {
  const hit = fieldAt(ctx, obj(request.data)?.preference, 'MX', 'preference');
  if (hit === undefined || hit.record.rdata.find((f) => f.role === 'exchange')?.value !== '.') return [];
  const b = new FixBuilder(ctx.src);
  b.replaceField(hit.record, hit.index, '0', '0');
  const plan = b.build('Set the null MX preference to 0', true);
  return plan === null ? [] : [plan];
};
