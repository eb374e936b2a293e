/**
 * What every fix function gets: the zone, its source facts, the names other
 * fixes of the same batch already claim, and readers for the `data` of a
 * diagnostic. `data` comes back from the editor as JSON, so each field is
 * checked before it is trusted.
 */
import type { Zone } from '../zone/model';
import { isSubdomain, nameKey, nameLabels } from '../zone/names';
import type { ZoneRecord } from '../zone/parser';
import { sameName, type ZoneSource } from './source';
import type { FixPlan, FixRequest } from './types';

/** The zone a fix works on, and what the fixes of one batch share. */
export interface FixContext {
  zone: Zone;
  src: ZoneSource;
  /**
   * Keys of names and addresses that fixes of the same batch create (fix
   * all): another fix picks other ones, so that two new hosts do not both
   * become `mx1`.
   */
  reserved: Set<string>;
}

/** A fix function: the fixes for one diagnostic of its code (none when its data does not fit the zone). */
export type FixFunction = (ctx: FixContext, request: FixRequest) => FixPlan[];

/** A plain object (JSON), or undefined. */
export function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** A string, or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A non-negative integer, or undefined. */
export function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/** An array of strings, or undefined. */
export function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
}

/** A `FileSpan` of one of the zone's files, or undefined. */
export function span(zone: Zone, v: unknown): { file: number; start: number; end: number } | undefined {
  const o = obj(v);
  const file = int(o?.file);
  const start = int(o?.start);
  const end = int(o?.end);
  if (file === undefined || start === undefined || end === undefined || file >= zone.files.length) return undefined;
  return end >= start && end <= zone.files[file].text.length ? { file, start, end } : undefined;
}

/** The record (written, not generated) a span covers exactly, when it is of one of `types`. */
export function recordAt(ctx: FixContext, v: unknown, ...types: string[]): ZoneRecord | undefined {
  const s = span(ctx.zone, v);
  const r = s === undefined ? undefined : ctx.src.recordBySpan(s.file, s.start, s.end);
  return r !== undefined && (types.length === 0 || types.includes(r.type)) ? r : undefined;
}

/** The RDATA field a span covers exactly, with its record, when the record is of `type` and the field has `role`. */
export function fieldAt(
  ctx: FixContext,
  v: unknown,
  type: string,
  role: string,
): { record: ZoneRecord; index: number } | undefined {
  const s = span(ctx.zone, v);
  const hit = s === undefined ? undefined : ctx.src.fieldBySpan(s.file, s.start, s.end);
  return hit !== undefined && hit.record.type === type && hit.record.rdata[hit.index].role === role ? hit : undefined;
}

/** The text of a record's field as written. */
export function writtenField(ctx: FixContext, record: ZoneRecord, index: number): string {
  const f = record.rdata[index];
  return ctx.src.text(record.file).slice(f.start, f.end);
}

const used = new WeakMap<Zone, Set<string>>();

/** Keys of every owner of the zone and of every name above one (empty non-terminals exist too). */
function namesInUse(zone: Zone): Set<string> {
  let s = used.get(zone);
  if (s === undefined) {
    s = new Set();
    for (const node of zone.allNodes()) {
      const labels = nameLabels(node.key);
      for (let i = 0; i < labels.length; i++) s.add(labels.slice(i).join('.') + '.');
    }
    used.set(zone, s);
  }
  return s;
}

/** True when `name` is in the zone, names nothing yet (no records, no names below it) and no fix of the batch claims it. */
function isFreeName(ctx: FixContext, name: string): boolean {
  const key = nameKey(name);
  return ctx.zone.isInZone(name) && !namesInUse(ctx.zone).has(key) && !ctx.reserved.has(key);
}

/** The first `mxN` below the apex (N from 1) that is free. */
export function freeMxName(ctx: FixContext): string | undefined {
  const apex = ctx.zone.origin;
  if (apex === null) return undefined;
  for (let n = 1; n < 1000; n++) {
    const name = `mx${n}.${apex}`;
    if (isFreeName(ctx, name)) return name;
  }
  return undefined;
}

/**
 * `count` free names for the parts of `host`: its siblings `mail1`, `mail2`…
 * (`mail-1`… when those are taken or its first label ends in a digit), or
 * `mx1`, `mx2`… below the apex when the host is the apex itself.
 */
export function splitNames(ctx: FixContext, host: string, count: number): string[] | undefined {
  const apex = ctx.zone.origin;
  if (apex === null) return undefined;
  let base = 'mx';
  let parent = apex;
  if (!sameName(host, apex)) {
    const labels = nameLabels(host);
    base = labels[0];
    parent = labels.slice(1).join('.') + '.';
    if (!isSubdomain(parent, apex) || base === '*') return undefined;
  }
  // mail1, mail2…; when those are taken, mail-1, mail-2… (not mail3, mail4, which read as the next of a series).
  const schemes = /\d$/.test(base) ? ['-'] : ['', '-'];
  for (let first = 1; first < 1000; first++) {
    for (const sep of schemes) {
      const names = Array.from({ length: count }, (_, i) => `${base}${sep}${first + i}.${parent}`);
      if (names.every((n) => isFreeName(ctx, n))) return names;
    }
  }
  return undefined;
}

/** Claims names for the batch, so that the next fix does not use them. */
export function reserve(ctx: FixContext, ...names: string[]): void {
  for (const n of names) ctx.reserved.add(nameKey(n));
}
