import { FixBuilder } from './builder';
import { int, obj, recordAt, type FixFunction } from './context';

/**
 * `mx-backup-adds-nothing`: remove the tier's MX records. Not preferred: the
 * other way out, giving the tier a server of its own, is the user's to make.
 */
export const fix: FixFunction = (ctx, request) => {
  const data = obj(request.data);
  const preference = int(data?.preference);
  const spans = Array.isArray(data?.remove) ? (data.remove as unknown[]) : [];
  const records = spans.map((s) => recordAt(ctx, s, 'MX'));
  const tier = records.filter((r) => r?.rdata.find((f) => f.role === 'preference')?.num === preference);
  if (preference === undefined || records.length === 0 || tier.length !== records.length) return [];
  const b = new FixBuilder(ctx.src);
  b.deleteRecords(tier.filter((r) => r !== undefined));
  const n = tier.length;
  const plan = b.build(`Remove the backup tier ${preference} (${n} MX record${n === 1 ? '' : 's'})`, false);
  return plan === null ? [] : [plan];
};
