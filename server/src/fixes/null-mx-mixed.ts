import type { ZoneRecord } from '../zone/parser';
import { FixBuilder } from './builder';
import { obj, recordAt, type FixFunction } from './context';
import type { FixPlan } from './types';

function exchange(r: ZoneRecord): string | undefined {
  return r.rdata.find((f) => f.role === 'exchange')?.value;
}

/**
 * `null-mx-mixed`: the two ways out CHECKS.md names, neither preferred (the
 * user knows whether the domain takes mail): keep only the null MX, or
 * remove it.
 */
export const fix: FixFunction = (ctx, request) => {
  const data = obj(request.data);
  const nullMx = recordAt(ctx, data?.nullMx, 'MX');
  if (nullMx === undefined || exchange(nullMx) !== '.') return [];
  const records = ctx.zone.rrset(nullMx.owner, 'MX')?.records ?? [];
  const others = records.filter((r) => exchange(r) !== '.');
  // Every null MX goes, copies of this one included: the first copy is the one reported.
  const nulls = records.filter((r) => exchange(r) === '.');
  // A record that $GENERATE made has no text of its own to delete.
  if (others.length === 0 || others.some((r) => r.generated) || nulls.some((r) => r.generated)) return [];
  const plans: FixPlan[] = [];
  const keep = new FixBuilder(ctx.src);
  keep.deleteRecords(others);
  const n = others.length;
  const a = keep.build(
    `Keep only the null MX (remove the ${n === 1 ? 'other MX record' : `${n} other MX records`})`,
    false,
  );
  if (a !== null) plans.push(a);
  const drop = new FixBuilder(ctx.src);
  drop.deleteRecords(nulls);
  const b = drop.build('Remove the null MX (the domain takes mail)', false);
  if (b !== null) plans.push(b);
  return plans;
};
