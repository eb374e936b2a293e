/**
 * The zone's files as text: where records start and end on their lines, how
 * each file is laid out (line ends, columns, tabs, blank owners, relative
 * names) and which origin is in effect at a place. Fixes read this to write
 * edits that look as if the file's author had made them.
 */
import { tokenize } from '../zone/lexer';
import { logicalLine } from '../zone/logicalLine';
import type { Zone } from '../zone/model';
import { isSubdomain, nameKey, parseName, relativize, ROOT } from '../zone/names';
import { inTextOrder, type ZoneRecord } from '../zone/parser';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/** Columns a tab advances to (multiples of 8, as BIND-style files assume). */
const TAB_WIDTH = 8;

/** Where a record sits in its file's text, whole lines included. */
export interface RecordExtent {
  /** Start of the record's first physical line. */
  lineStart: number;
  /** End of its last physical line (the comment after it included), before the line end. */
  contentEnd: number;
  /** After the line end of its last line (= `contentEnd` at the end of a file with no final line end). */
  next: number;
}

/** The visual column of `offset` in the line that starts at `lineStart`, tabs expanded. */
export function columnOf(text: string, lineStart: number, offset: number): number {
  let col = 0;
  for (let i = lineStart; i < offset; i++) col = text.charCodeAt(i) === TAB ? nextTabStop(col) : col + 1;
  return col;
}

/** The column a tab at `col` moves to. */
function nextTabStop(col: number): number {
  return (Math.floor(col / TAB_WIDTH) + 1) * TAB_WIDTH;
}

/** The visual width of a text written from column 0. */
export function widthOf(text: string): number {
  return columnOf(text, 0, text.length);
}

/** True when `s` holds only spaces and tabs (and is not empty). */
function isBlank(s: string): boolean {
  return /^[ \t]+$/.test(s);
}

/**
 * Whitespace that moves from column `col` to `target`: tabs then spaces when
 * the file separates with tabs, spaces otherwise; one separator when the text
 * has already reached the target.
 */
export function padding(col: number, target: number | undefined, useTabs: boolean): string {
  if (target === undefined || target <= col) return useTabs ? '\t' : ' ';
  if (!useTabs) return ' '.repeat(target - col);
  let out = '';
  let c = col;
  while (nextTabStop(c) <= target) {
    out += '\t';
    c = nextTabStop(c);
  }
  return out + ' '.repeat(target - c);
}

/** Facts about one zone's source, computed on first use and kept with the zone. */
export class ZoneSource {
  private readonly perFile = new Map<number, ZoneRecord[]>();
  private readonly styles = new Map<number, FileStyle>();

  constructor(
    readonly zone: Zone,
    /** The origin the main file was read with (`FixOptions.origin`). */
    readonly baseOrigin: string | null,
  ) {}

  /** The text of one of the zone's files. */
  text(file: number): string {
    return this.zone.files[file].text;
  }

  /** The file's line end: CRLF when its first line ends so, else LF. */
  eol(file: number): string {
    const text = this.text(file);
    const lf = text.indexOf('\n');
    return lf > 0 && text.charCodeAt(lf - 1) === CR ? '\r\n' : '\n';
  }

  /** True when the lexer found no unbalanced parenthesis or unterminated string in the file: line extents are sound. */
  isLexicallySound(file: number): boolean {
    return !this.zone.parseDiagnostics.some(
      (d) => d.file === file && (d.code === 'unbalanced-parentheses' || d.code === 'unterminated-string'),
    );
  }

  /** The record (not made by `$GENERATE`) that spans exactly `[start, end)` of `file`. */
  recordBySpan(file: number, start: number, end: number): ZoneRecord | undefined {
    const r = this.recordContaining(file, start);
    return r !== undefined && r.start === start && r.end === end ? r : undefined;
  }

  /** The record (not made by `$GENERATE`) with an RDATA field at exactly `[start, end)` of `file`, and that field's index. */
  fieldBySpan(file: number, start: number, end: number): { record: ZoneRecord; index: number } | undefined {
    const record = this.recordContaining(file, start);
    if (record === undefined) return undefined;
    const fields = record.rdata;
    const index = fields.findIndex((f) => f.start === start && f.end === end);
    // Fields decoded from `\#` data all cover the same tokens: such a record has no field of its own to edit.
    if (index < 0 || fields.some((f, i) => i !== index && f.start === start)) return undefined;
    return { record, index };
  }

  /** The records of a file written there (not by `$GENERATE`), in text order. */
  records(file: number): readonly ZoneRecord[] {
    let list = this.perFile.get(file);
    if (list === undefined) {
      // One file, no $GENERATE: the zone's records are the list already (a large zone's, a million of them).
      list =
        inTextOrder(this.zone) && file === 0
          ? this.zone.records
          : this.zone.records.filter((r) => r.file === file && !r.generated).sort((a, b) => a.start - b.start);
      this.perFile.set(file, list);
    }
    return list;
  }

  /** The record written after `r` in its file, if any. */
  nextRecord(r: ZoneRecord): ZoneRecord | undefined {
    const list = this.records(r.file);
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].start <= r.start) lo = mid + 1;
      else hi = mid;
    }
    return list[lo];
  }

  /** The record written in `file` whose text contains `offset`, if any. */
  recordContaining(file: number, offset: number): ZoneRecord | undefined {
    const list = this.records(file);
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].start <= offset) lo = mid + 1;
      else hi = mid;
    }
    const r = list[lo - 1];
    return r !== undefined && offset <= r.end ? r : undefined;
  }

  /**
   * The last record of the owner run `r` belongs to: the records after it
   * that continue its owner with a blank owner field. A record with another
   * owner can only go after the run, or it would take the run's records over.
   */
  runEnd(r: ZoneRecord): ZoneRecord {
    let last = r;
    for (let next = this.nextRecord(last); next !== undefined && isBlankOwner(next); next = this.nextRecord(last)) {
      last = next;
    }
    return last;
  }

  /** Offset of the start of the line that holds `offset`. */
  lineStart(file: number, offset: number): number {
    const text = this.text(file);
    let i = offset;
    while (i > 0) {
      const c = text.charCodeAt(i - 1);
      if (c === LF || c === CR) break;
      i--;
    }
    return i;
  }

  /**
   * The lines a record occupies: from the start of its first line to the end
   * of the logical line, following parentheses over line ends, so that a
   * closing `)` and the comments inside and after the record belong to it.
   */
  extent(r: ZoneRecord): RecordExtent {
    const text = this.text(r.file);
    const lineStart = this.lineStart(r.file, r.start);
    const { contentEnd, next } = logicalLine(text, lineStart, true);
    return { lineStart, contentEnd, next };
  }

  /**
   * The origin in effect at `offset` of `file`: the last `$ORIGIN` before it
   * in that file, else the origin the file was entered with (the main file's
   * given origin, or an `$INCLUDE`'s origin argument or includer's origin).
   * Null when unknown: names are then written absolute.
   */
  originAt(file: number, offset: number): string | null {
    let origin: string | null | undefined;
    for (const d of this.zone.directives) {
      if (d.file === file && d.name === '$ORIGIN' && d.start < offset && typeof d.value === 'string') origin = d.value;
    }
    if (origin !== undefined) return origin;
    if (file === 0) return this.baseOrigin;
    const inc = this.zone.directives.find((d) => d.name === '$INCLUDE' && d.value === file);
    if (inc === undefined) return null;
    const outer = this.originAt(inc.file, inc.start);
    const args = tokenize(this.text(inc.file).slice(inc.start, inc.end));
    if (args.length < 3) return outer;
    const r = parseName(args[2].text, outer);
    return r.ok ? r.name : null;
  }

  /** How the file writes a TTL of `seconds`: a token of the file with that value (`1h`), else the number. */
  ttlText(file: number, seconds: number): string {
    const text = this.text(file);
    for (const r of this.records(file)) {
      if (r.ttlStart >= 0 && r.ttl === seconds) return text.slice(r.ttlStart, r.ttlEnd);
    }
    return String(seconds);
  }

  /** How a file writes its records (see `FileStyle`). */
  style(file: number): FileStyle {
    let s = this.styles.get(file);
    if (s === undefined) {
      s = fileStyle(this.text(file), this.records(file));
      this.styles.set(file, s);
    }
    return s;
  }

  /** `name` as an owner field at `offset` of `file`: relative to the origin there when the file writes owners so. */
  writeOwner(file: number, offset: number, name: string): string {
    return this.writeIn(file, offset, name, this.style(file).relativeOwners);
  }

  /** `name` as a new name field at `offset` of `file`: relative when the file writes such names so. */
  writeTarget(file: number, offset: number, name: string): string {
    return this.writeIn(file, offset, name, this.style(file).relativeTargets);
  }

  private writeIn(file: number, offset: number, name: string, relative: boolean): string {
    const origin = this.originAt(file, offset);
    if (!relative || origin === null || origin === ROOT || !isSubdomain(name, origin)) return name;
    return relativize(name, origin);
  }

  /**
   * The record of `file` nearest to `offset` that best shows how to lay out
   * a new `type` record with (`blank`) or without a blank owner: one of that
   * type and owner form, else of that owner form, else of that type, else any.
   */
  layoutModel(file: number, offset: number, type: string, blank: boolean): ZoneRecord | undefined {
    const records = this.records(file);
    const tests: ((r: ZoneRecord) => boolean)[] = [
      (r) => r.type === type && isBlankOwner(r) === blank,
      (r) => isBlankOwner(r) === blank,
      (r) => r.type === type,
      () => true,
    ];
    for (const test of tests) {
      let best: ZoneRecord | undefined;
      for (const r of records) {
        if (test(r) && (best === undefined || Math.abs(r.start - offset) < Math.abs(best.start - offset))) best = r;
      }
      if (best !== undefined) return best;
    }
    return undefined;
  }
}

/** How a file writes its records, learnt from the records it has. */
export interface FileStyle {
  /** Some record continues the previous owner with a blank owner field. */
  blankOwners: boolean;
  /** Every record writes its TTL (files made by `named-compilezone` or `dig`). */
  ttlEverywhere: boolean;
  /** Owner names are mostly written relative to the origin (`@` counts as relative). */
  relativeOwners: boolean;
  /** Names in RDATA are mostly written relative to the origin. */
  relativeTargets: boolean;
}

function fileStyle(text: string, records: readonly ZoneRecord[]): FileStyle {
  let blankOwners = false;
  let ttlEverywhere = records.length > 1;
  let relOwners = 0;
  let absOwners = 0;
  let relTargets = 0;
  let absTargets = 0;
  for (const r of records) {
    if (isBlankOwner(r)) blankOwners = true;
    else if (isAbsolute(text.slice(r.ownerStart, r.ownerEnd))) absOwners++;
    else relOwners++;
    if (r.ttlStart < 0) ttlEverywhere = false;
    for (const f of r.rdata) {
      if (f.kind !== 'name' || f.value === ROOT) continue;
      const written = text.slice(f.start, f.end);
      if (isAbsolute(written)) absTargets++;
      else relTargets++;
    }
  }
  return {
    blankOwners,
    ttlEverywhere,
    relativeOwners: relOwners >= absOwners,
    relativeTargets: relTargets >= absTargets,
  };
}

/** True when a name as written ends with an unescaped dot. */
export function isAbsolute(written: string): boolean {
  let slashes = 0;
  for (let i = written.length - 2; i >= 0 && written.charCodeAt(i) === 0x5c; i--) slashes++;
  return written.endsWith('.') && slashes % 2 === 0;
}

/** True when the record's line starts with a blank: it continues the previous owner. */
export function isBlankOwner(r: ZoneRecord): boolean {
  return r.ownerEnd === r.ownerStart;
}

/** True when two names are the same DNS name. */
export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

/** The whitespace between two offsets when it is only blanks on one line (else null). */
export function gapBetween(text: string, start: number, end: number): string | null {
  const gap = text.slice(start, end);
  return isBlank(gap) ? gap : null;
}

/** True for a space or tab character code. */
export function isBlankChar(c: number): boolean {
  return c === SPACE || c === TAB;
}

const sources = new WeakMap<Zone, Map<string, ZoneSource>>();

/** The (cached) source facts of a zone read with the given origin. */
export function zoneSource(zone: Zone, baseOrigin: string | null): ZoneSource {
  let byOrigin = sources.get(zone);
  if (byOrigin === undefined) {
    byOrigin = new Map();
    sources.set(zone, byOrigin);
  }
  const key = baseOrigin ?? '';
  let s = byOrigin.get(key);
  if (s === undefined) {
    s = new ZoneSource(zone, baseOrigin);
    byOrigin.set(key, s);
  }
  return s;
}
