import type { ZoneRecord } from '../zone/parser';
import { FixBuilder } from './builder';
import { obj, recordAt, type FixFunction } from './context';
import type { FixPlan } from './types';

/**
 * `null-mx-mixed`: the two ways out CHECKS.md names, neither preferred (the
 * user knows whether the domain takes mail): keep only the null MX, or
 * remove it.
 */
export const fix: FixFunction = (ctx, request) => {
  const data = obj(request.data);
  const nullMx = recordAt(ctx, data?.nullMx, 'MX');
  const spans = Array.isArray(data?.others) ? (data.others as unknown[]) : [];
  const others = spans.map((s) => recordAt(ctx, s, 'MX'));
  if (nullMx === undefined || nullMx.rdata.find((f) => f.role === 'exchange')?.value !== '.') return [];
  const found = others.filter((r): r is ZoneRecord => r !== undefined && r.owner === nullMx.owner);
  if (others.length === 0 || found.length !== others.length) return [];
  const plans: FixPlan[] = [];
  const keep = new FixBuilder(ctx.src);
  keep.deleteRecords(found);
  const n = others.length;
  const a = keep.build(
    `Keep only the null MX (remove the ${n === 1 ? 'other MX record' : `${n} other MX records`})`,
    false,
  );
  if (a !== null) plans.push(a);
  const drop = new FixBuilder(ctx.src);
  drop.deleteRecords([nullMx]);
  const b = drop.build('Remove the null MX (the domain takes mail)', false);
  if (b !== null) plans.push(b);
  return plans;
};
