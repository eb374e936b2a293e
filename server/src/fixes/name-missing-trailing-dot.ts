import { missingTrailingDot } from '../checks/writtenName';
import { parseName } from '../zone/names';
import { FixBuilder } from './builder';
import { obj, span, str, type FixFunction } from './context';

/**
 * `name-missing-trailing-dot`: write the dot. Preferred when the name repeats
 * the origin (that is never meant); only offered when the name ends in a
 * top-level domain, since a relative name may have been meant.
 */
export const fix: FixFunction = (ctx, request) => {
  const data = obj(request.data);
  const text = str(data?.text);
  const s = span(ctx.zone, data?.replace);
  const hit = s === undefined ? undefined : ctx.src.fieldBySpan(s.file, s.start, s.end);
  if (text === undefined || hit === undefined) return [];
  const field = hit.record.rdata[hit.index];
  const written = ctx.src.text(hit.record.file).slice(field.start, field.end);
  const name = parseName(text, null);
  if (field.kind !== 'name' || text !== written + '.' || !name.ok) return [];
  const b = new FixBuilder(ctx.src);
  b.replaceField(hit.record, hit.index, text, name.name);
  const plan = b.build(
    `Add the trailing dot: ${text}`,
    missingTrailingDot(ctx.zone, written, field.value) === 'repeats',
  );
  return plan === null ? [] : [plan];
};
