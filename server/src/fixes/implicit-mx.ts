import { FixBuilder } from './builder';
import { obj, recordAt, str, type FixFunction } from './context';
import { sameName } from './source';

/**
 * `implicit-mx`: publish a null MX (`@ MX 0 .`, RFC 7505) after the apex
 * address record. Not preferred: the domain may take mail at that address.
 */
export const fix: FixFunction = (ctx, request) => {
  const data = obj(request.data);
  const apex = str(data?.apex);
  const after = recordAt(ctx, data?.after, 'A', 'AAAA');
  if (apex === undefined || after === undefined || !sameName(after.owner, apex)) return [];
  if (ctx.zone.rrset(apex, 'MX') !== undefined || ctx.zone.rrset(apex, 'CNAME') !== undefined) return [];
  const b = new FixBuilder(ctx.src);
  b.insertAfter(after, [
    {
      owner: after.owner,
      type: 'MX',
      rdata: ['0', '.'],
      values: [
        { kind: 'int', value: '0' },
        { kind: 'name', value: '.' },
      ],
    },
  ]);
  const plan = b.build('Add a null MX (@ MX 0 .): the domain takes no mail', false);
  return plan === null ? [] : [plan];
};
