import { readIpLiteral } from '../checks/ipAddress';
import { originOf, writeName } from '../checks/writtenName';
import { FixBuilder } from './builder';
import { fieldAt, freeMxName, int, obj, reserve, str, writtenField, type FixFunction } from './context';

/**
 * `mx-target-ip`: point the MX at a host name. When a host of the zone has
 * the address already, the MX names it; otherwise a new `mxN` host (the first
 * free N) gets the address, after the MX owner's records, and the MX names it.
 * The target is written the way the literal was: relative when it was.
 */
export const fix: FixFunction = (ctx, request) => {
  const data = obj(request.data);
  const hit = fieldAt(ctx, data?.exchange, 'MX', 'exchange');
  const address = str(data?.address);
  const family = int(data?.family);
  if (hit === undefined || address === undefined || (family !== 4 && family !== 6)) return [];
  const { record, index } = hit;
  const written = writtenField(ctx, record, index);
  if (readIpLiteral(written)?.value !== address) return [];
  const origin = originOf(written, record.rdata[index].value);
  const type = family === 6 ? 'AAAA' : 'A';
  const b = new FixBuilder(ctx.src);
  let host: string | undefined;
  if (data?.createHost === false) {
    host = str(data.hostName);
    const has = (n: string) =>
      ctx.zone.addresses(n).some((r) => r.type === type && r.rdata.some((f) => f.value === address));
    if (host === undefined || !has(host)) return [];
  } else {
    host = freeMxName(ctx);
    if (host === undefined) return [];
    reserve(ctx, host);
    b.insertAfter(record, [
      { owner: host, type, rdata: [address], values: [{ kind: family === 6 ? 'ipv6' : 'ipv4', value: address }] },
    ]);
  }
  const text = writeName(host, origin);
  b.replaceField(record, index, text, host);
  const title =
    data?.createHost === false
      ? `Point the MX at ${text}, which has ${address}`
      : `Point the MX at a new host ${text} (${type} ${address})`;
  const plan = b.build(title, true);
  return plan === null ? [] : [plan];
};
