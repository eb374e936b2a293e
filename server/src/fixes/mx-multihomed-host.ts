import { hostLabel } from '../checks/mxSet';
import { originOf, writeName } from '../checks/writtenName';
import type { ZoneRecord } from '../zone/parser';
import { FixBuilder, type NewRecord } from './builder';
import { fieldAt, int, obj, reserve, splitNames, str, writtenField, type FixFunction } from './context';

/** The address a record holds, if it is an A or AAAA record that reads. */
function addressOf(r: ZoneRecord): string | undefined {
  return r.rdata.find((f) => f.role === 'address')?.value;
}

/**
 * `mx-multihomed-host`: one MX name per address, at the same preference (the
 * load balancing of RFC 5321 §5.1). New hosts `mail1`, `mail2`… (free names
 * beside the host) each get one of its addresses; the MX names the first and
 * new MX records at the same preference name the others. The host itself is
 * left as it is: other records may use it. When it also has addresses of the
 * other family, as many as of this one, they are paired in order (dual-stack
 * parts); with another number of them the fix is not offered, since some
 * part would lose a family. Not preferred: it is a design choice.
 */
export const fix: FixFunction = (ctx, request) => {
  const data = obj(request.data);
  const hit = fieldAt(ctx, data?.exchange, 'MX', 'exchange');
  const host = str(data?.host);
  const preference = int(data?.preference);
  const family = int(data?.family);
  const count = int(data?.count);
  if (hit === undefined || host === undefined || preference === undefined || count === undefined) return [];
  if ((family !== 4 && family !== 6) || count < 2) return [];
  const type = family === 6 ? 'AAAA' : 'A';
  const otherType = family === 6 ? 'A' : 'AAAA';
  const records = ctx.zone.addresses(host);
  if (records.some((r) => r.generated)) return [];
  const mine = records.filter((r) => r.type === type);
  const others = records.filter((r) => r.type === otherType);
  if (mine.length !== count) return [];
  if (others.length !== 0 && others.length !== mine.length) return [];
  const names = splitNames(ctx, host, mine.length);
  const mxSet = ctx.zone.rrset(hit.record.owner, 'MX');
  if (names === undefined || mxSet === undefined) return [];
  reserve(ctx, ...names);

  const { record, index } = hit;
  const prefIndex = record.rdata.findIndex((f) => f.role === 'preference');
  const prefText = writtenField(ctx, record, prefIndex);
  const origin = originOf(writtenField(ctx, record, index), record.rdata[index].value);
  const b = new FixBuilder(ctx.src);
  b.replaceField(record, index, writeName(names[0], origin), names[0]);
  b.insertAfter(
    record,
    names.slice(1).map((n): NewRecord => ({
      owner: record.owner,
      type: 'MX',
      rdata: [prefText, writeName(n, origin)],
      values: [
        { kind: 'int', value: String(preference) },
        { kind: 'name', value: n },
      ],
      ttl: mxSet.records[0].ttl,
    })),
  );
  const hosts: NewRecord[] = [];
  names.forEach((n, i) => {
    for (const r of others.length > 0 ? [mine[i], others[i]] : [mine[i]]) {
      const value = addressOf(r) ?? '';
      hosts.push({
        owner: n,
        type: r.type,
        rdata: [value],
        values: [{ kind: r.type === 'A' ? 'ipv4' : 'ipv6', value }],
      });
    }
  });
  // Beside the host's own address records: after the last of them in the file of the first.
  const file = records[0].file;
  const anchor = records.filter((r) => r.file === file).reduce((a, r) => (r.start > a.start ? r : a));
  b.insertAfter(anchor, hosts);
  const labels = names.map((n) => hostLabel(ctx.zone, n));
  const plan = b.build(
    `Split ${hostLabel(ctx.zone, host)} into ${labels.join(', ')}: one MX name per address at preference ${preference}`,
    false,
  );
  return plan === null ? [] : [plan];
};
