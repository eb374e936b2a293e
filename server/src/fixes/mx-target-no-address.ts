import { delegationOf, hostLabel, resolveAlias } from '../checks/mxSet';
import type { ZoneRecord } from '../zone/parser';
import { FixBuilder } from './builder';
import { fieldAt, obj, reserve, str, type FixContext, type FixFunction } from './context';
import { sameName } from './source';

/** Documentation ranges (RFC 5737): a placeholder here can never reach a real server by accident. */
const PLACEHOLDER_NETS = ['192.0.2.', '198.51.100.', '203.0.113.'];

/** A documentation address no record of the zone (and no other fix of the batch) uses yet. */
function placeholder(ctx: FixContext): string | undefined {
  const used = new Set<string>();
  for (const set of ctx.zone.rrsetsOfType('A')) for (const r of set.records) for (const f of r.rdata) used.add(f.value);
  for (const net of PLACEHOLDER_NETS) {
    for (let i = 1; i < 255; i++) {
      const a = net + String(i);
      if (!used.has(a) && !ctx.reserved.has(`address:${a}`)) return a;
    }
  }
  return undefined;
}

/**
 * `mx-target-no-address`: add an A record with a placeholder address (from a
 * documentation range, to be replaced) for the target. It goes beside the
 * target's other records when it has some, else after the alias that leads
 * to it or after the MX. Not offered below a DNAME or a delegation, beside a
 * CNAME, or outside the zone; not preferred (the address is the user's).
 */
export const fix: FixFunction = (ctx, request) => {
  const data = obj(request.data);
  const hit = fieldAt(ctx, data?.exchange, 'MX', 'exchange');
  const target = str(data?.target);
  if (hit === undefined || target === undefined || !ctx.zone.isInZone(target)) return [];
  const alias = resolveAlias(ctx.zone, hit.record.rdata[hit.index].value);
  if (alias.loop || !sameName(alias.name, target) || alias.chain.some((r) => r.type === 'DNAME')) return [];
  if (delegationOf(ctx.zone, target) !== undefined || ctx.zone.rrset(target, 'CNAME') !== undefined) return [];
  if (ctx.zone.addresses(target).length > 0) return [];
  const address = placeholder(ctx);
  if (address === undefined) return [];
  reserve(ctx, `address:${address}`);

  let anchor: ZoneRecord | undefined;
  const own = [...(ctx.zone.node(target)?.rrsets.values() ?? [])].flatMap((s) => s.records).filter((r) => !r.generated);
  if (own.length > 0) {
    const file = own[0].file;
    anchor = own.filter((r) => r.file === file).reduce((a, r) => (r.start > a.start ? r : a));
  } else {
    const last = alias.chain[alias.chain.length - 1];
    anchor = last !== undefined && !last.generated ? last : hit.record;
  }
  const b = new FixBuilder(ctx.src);
  b.insertAfter(anchor, [{ owner: target, type: 'A', rdata: [address], values: [{ kind: 'ipv4', value: address }] }]);
  const plan = b.build(
    `Add an A record for ${hostLabel(ctx.zone, target)} (placeholder ${address}: put the server's address there)`,
    false,
  );
  return plan === null ? [] : [plan];
};
