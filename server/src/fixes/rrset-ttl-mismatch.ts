import { rrsetKey } from '../zone/model';
import type { ZoneRecord } from '../zone/parser';
import { FixBuilder } from './builder';
import { int, obj, type FixContext, type FixFunction } from './context';
import { gapBetween } from './source';
import type { FixPlan } from './types';

/** The record the diagnostic is on: its TTL token, or its type token when its TTL is inherited. */
function recordOf(ctx: FixContext, file: number, start: number, end: number): ZoneRecord | undefined {
  if (file < 0 || file >= ctx.zone.files.length) return undefined;
  const r = ctx.src.recordContaining(file, start);
  if (r === undefined) return undefined;
  const onTtl = r.ttlStart === start && r.ttlEnd === end;
  const onType = r.ttlStart < 0 && r.typeStart === start && r.typeEnd === end;
  return onTtl || onType ? r : undefined;
}

/**
 * `rrset-ttl-mismatch`: give the record the TTL of the RRset's first record
 * (the one servers use), written as that record writes it. When the first
 * record inherits its TTL, dropping this record's own TTL is tried first, so
 * that it inherits the same; a TTL is written where none was. In a file with
 * no `$TTL`, where later records inherit the TTL last written, the next
 * record that inherits this one's gets its own written, if that is what it
 * takes to leave it unchanged.
 */
export const fix: FixFunction = (ctx, request) => {
  const ttl = int(obj(request.data)?.ttl);
  const r = recordOf(ctx, request.file, request.start, request.end);
  if (ttl === undefined || r === undefined) return [];
  const set = ctx.zone.node(r.owner)?.rrsets.get(rrsetKey(r));
  const first = set?.records[0];
  if (first === undefined || first === r || first.ttl !== ttl || r.ttl === ttl) return [];
  const text = ctx.src.text(r.file);
  const ttlText =
    first.ttlStart >= 0 ? ctx.src.text(first.file).slice(first.ttlStart, first.ttlEnd) : ctx.src.ttlText(r.file, ttl);
  const title = `Set the TTL to ${ttlText}, the TTL of the first ${r.type} record`;

  const plan = (edit: (b: FixBuilder) => void): FixPlan | null => {
    const b = new FixBuilder(ctx.src);
    edit(b);
    b.modify(r, (e) => ({ ...e, ttl }));
    return b.build(title, true);
  };
  if (r.ttlStart >= 0) {
    const replace = plan((b) => b.replace(r.file, r.ttlStart, r.ttlEnd, ttlText));
    // Without $TTL, the records after this one that write no TTL take this one's (RFC 1035 §5.1): the next of
    // them keeps its TTL by writing it.
    const next = ctx.src.nextRecord(r);
    const pinned =
      next !== undefined && next.ttlStart < 0 && next.ttl === r.ttl
        ? plan((b) => {
            b.replace(r.file, r.ttlStart, r.ttlEnd, ttlText);
            insertTtl(b, next, ctx.src.ttlText(next.file, next.ttl));
          })
        : null;
    const replaceOrPin = replace === null ? pinned : { ...replace, ...(pinned === null ? {} : { fallback: pinned }) };
    if (first.ttlStart < 0) {
      // The first record inherits: dropping this TTL (and the blanks after it) makes this one inherit the same.
      const after = [r.classStart, r.typeStart].filter((x) => x > r.ttlEnd).sort((a, b) => a - b)[0];
      const gap = after === undefined ? null : gapBetween(text, r.ttlEnd, after);
      const drop = gap === null ? null : plan((b) => b.replace(r.file, r.ttlStart, after, ''));
      if (drop !== null) return [replaceOrPin === null ? drop : { ...drop, fallback: replaceOrPin }];
    }
    return replaceOrPin === null ? [] : [replaceOrPin];
  }
  const insert = plan((b) => insertTtl(b, r, ttlText));
  return insert === null ? [] : [insert];
};

/** Writes a TTL into a record that has none: before its class or type, separated as that token is from what precedes it. */
function insertTtl(b: FixBuilder, r: ZoneRecord, ttlText: string): void {
  const at = r.classStart >= 0 && r.classStart < r.typeStart ? r.classStart : r.typeStart;
  const sep = b.src.text(r.file)[at - 1] === '\t' ? '\t' : ' ';
  b.replace(r.file, at, at, ttlText + sep);
}
