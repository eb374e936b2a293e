/**
 * The safety net under every fix: apply its edits to the zone's text, read
 * the result again exactly as the zone was read, and compare record by
 * record. A fix is offered only when the zone changes by the records it
 * means to remove and add, and by nothing else (an owner that a blank-owner
 * line would have inherited differently, a TTL that later records took from
 * an edited one, a name read under another origin), and when no new syntax
 * problem appears.
 */
import type { Zone } from '../zone/model';
import { nameKey } from '../zone/names';
import { parseZone, type IncludeReader, type ParseResult, type ZoneRecord } from '../zone/parser';
import type { ExpectedField, ExpectedRecord, FileEdit, FixOptions } from './types';

/**
 * The zone read again from `texts` (one per file, the main file first) exactly
 * as it was first read: included files are served from memory, in the order
 * the first reading asked for them.
 */
export function reread(zone: Zone, texts: readonly string[], options: FixOptions): ParseResult {
  const includes = zone.directives.filter((d) => d.name === '$INCLUDE');
  let k = 0;
  const readInclude: IncludeReader = () => {
    const v = includes[k++]?.value;
    return typeof v === 'number'
      ? { ok: true, name: zone.files[v].name, text: texts[v] }
      : { ok: false, code: 'include-not-found', message: 'not read' };
  };
  return parseZone(texts[0], {
    fileName: zone.files[0].name,
    origin: options.origin,
    generateLimit: options.generateLimit,
    readInclude,
  });
}

/**
 * Applies non-overlapping edits of one file to its text, as if one by one
 * from the end of the file: at one offset, an insertion given later lands
 * before one given earlier. The text is joined once from its pieces (a
 * fix-all may hold thousands of edits).
 */
export function applyEdits(text: string, edits: readonly FileEdit[]): string {
  const sorted = edits
    .map((e, seq) => ({ e, seq }))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || b.seq - a.seq);
  const pieces: string[] = [];
  let at = 0;
  for (const { e } of sorted) {
    pieces.push(text.slice(at, e.start), e.newText);
    at = e.end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

/**
 * The edits in file order with touching ones joined, so that no client has to
 * guess the order of an insertion and its neighbour; at one offset,
 * insertions come first, in the order given. Null when two edits overlap.
 */
export function normalizeEdits(edits: readonly FileEdit[]): FileEdit[] | null {
  const sorted = edits
    .map((e, seq) => ({ e, seq }))
    .sort(
      (a, b) =>
        a.e.file - b.e.file ||
        a.e.start - b.e.start ||
        Number(a.e.end > a.e.start) - Number(b.e.end > b.e.start) ||
        a.e.end - b.e.end ||
        a.seq - b.seq,
    );
  const out: FileEdit[] = [];
  for (const { e } of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last.file === e.file && last.end > e.start) return null;
    if (last !== undefined && last.file === e.file && last.end === e.start) {
      out[out.length - 1] = { ...last, end: e.end, newText: last.newText + e.newText };
    } else out.push({ file: e.file, start: e.start, end: e.end, newText: e.newText });
  }
  return out;
}

/** Parse codes about `$INCLUDE`: the check reads included files from memory, so their wording may differ. */
const IGNORED_CODES = new Set(['include-not-found', 'include-cycle', 'include-denied']);

/**
 * True when the edits turn the zone's records into exactly those minus
 * `remove` plus `add` (an added record with no TTL given may have any), with
 * no new syntax diagnostic.
 */
export function verifyEdits(
  zone: Zone,
  edits: readonly FileEdit[],
  remove: readonly ZoneRecord[],
  add: readonly ExpectedRecord[],
  options: FixOptions,
): boolean {
  if (edits.length === 0 || normalizeEdits(edits) === null) return false;
  const texts = zone.files.map((f, i) =>
    applyEdits(
      f.text,
      edits.filter((e) => e.file === i),
    ),
  );
  const parse = reread(zone, texts, options);
  if (parse.files.length !== zone.files.length) return false;

  const before = countCodes(zone.parseDiagnostics);
  for (const [code, n] of countCodes(parse.diagnostics)) if (n > (before.get(code) ?? 0)) return false;

  // Edits are local: a record of the old text that no edit touches is read back from the same text, moved by
  // what the edits before it added or removed. Pair those in place, without building keys (most of a large zone
  // goes through here); count only the rest, where records may have been removed, added or changed.
  const now = parse.records;
  const at = zone.files.map(() => new Map<number, number[]>());
  now.forEach((r, i) => {
    const m = at[r.file];
    const list = m.get(r.start);
    if (list === undefined) m.set(r.start, [i]);
    else list.push(i);
  });
  const paired = new Uint8Array(now.length);
  const moves = zone.files.map((_, i) => new Moves(edits.filter((e) => e.file === i)));
  const counts = new Map<string, number>();
  for (const r of zone.records) {
    const moved = moves[r.file].shift(r.start, r.end);
    const j =
      moved === null ? undefined : at[r.file].get(r.start + moved)?.find((k) => paired[k] === 0 && same(r, now[k]));
    if (j !== undefined) paired[j] = 1;
    else bump(counts, recordKey(r), 1);
  }
  for (const r of remove) if (!bump(counts, recordKey(r), -1)) return false;
  const extra: ZoneRecord[] = [];
  now.forEach((r, i) => {
    if (paired[i] === 0 && !bump(counts, recordKey(r), -1)) extra.push(r);
  });
  for (const n of counts.values()) if (n !== 0) return false;
  // Added records with a known TTL first, so that a record with any TTL does not take another's match.
  const ordered = [...add].sort((a, b) => Number(a.ttl === undefined) - Number(b.ttl === undefined));
  for (const a of ordered) {
    const want = key(a.file, a.owner, a.ttl, a.classCode, a.type, a.rdata);
    const i = extra.findIndex(
      (r) => key(r.file, r.owner, a.ttl === undefined ? undefined : r.ttl, r.classCode, r.type, r.rdata) === want,
    );
    if (i < 0) return false;
    extra.splice(i, 1);
  }
  return extra.length === 0;
}

function countCodes(diagnostics: readonly { code: string }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of diagnostics) if (!IGNORED_CODES.has(d.code)) m.set(d.code, (m.get(d.code) ?? 0) + 1);
  return m;
}

/** Adds `by` to a count; false when a decrement finds nothing to take (the count stays). */
function bump(m: Map<string, number>, k: string, by: 1 | -1): boolean {
  const n = m.get(k) ?? 0;
  if (by < 0 && n === 0) return false;
  m.set(k, n + by);
  return true;
}

/** How one file's edits move the text after them. */
class Moves {
  private readonly edits: FileEdit[];
  /** `delta[i]`: how far the edits before edit `i` moved the text. */
  private readonly delta: number[] = [0];

  constructor(edits: readonly FileEdit[]) {
    this.edits = [...edits].sort((a, b) => a.start - b.start);
    for (const e of this.edits)
      this.delta.push(this.delta[this.delta.length - 1] + e.newText.length - (e.end - e.start));
  }

  /** How far the text `[start, end]` moved, or null when an edit touches it. */
  shift(start: number, end: number): number | null {
    let lo = 0;
    let hi = this.edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.edits[mid].end < start) lo = mid + 1;
      else hi = mid;
    }
    // `lo`: the first edit that ends at or after `start`; it touches the text unless it starts after its end.
    const e = this.edits[lo];
    return e !== undefined && e.start <= end ? null : this.delta[lo];
  }
}

/** Two records read exactly alike (no string built: most of a large zone goes through here). */
export function same(a: ZoneRecord, b: ZoneRecord): boolean {
  if (a.file !== b.file || a.ttl !== b.ttl || a.classCode !== b.classCode || a.type !== b.type) return false;
  if (a.owner !== b.owner || a.rdata.length !== b.rdata.length) return false;
  for (let i = 0; i < a.rdata.length; i++) {
    if (a.rdata[i].value !== b.rdata[i].value || a.rdata[i].kind !== b.rdata[i].kind) return false;
  }
  return true;
}

function recordKey(r: ZoneRecord): string {
  return key(r.file, r.owner, r.ttl, r.classCode, r.type, r.rdata);
}

/** A record's identity: file, owner and names compared as DNS names, everything else exactly. */
function key(
  file: number,
  owner: string,
  ttl: number | undefined,
  classCode: number,
  type: string,
  rdata: readonly ExpectedField[],
): string {
  let k = `${file}\u0001${nameKey(owner)}\u0001${ttl ?? '*'}\u0001${classCode}\u0001${type}`;
  for (const f of rdata) k += '\u0000' + (f.kind === 'name' ? nameKey(f.value) : f.value);
  return k;
}
