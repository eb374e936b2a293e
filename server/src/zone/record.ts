import { tokensBetween } from './lexer';
import { fieldsFromWire, formatGeneric, isGenericRdata, parseGeneric, rdataType, type RdataType } from './rdata/index';
import { RdataError, RdataReader } from './rdata/reader';
import type { RdataField, Token } from './types';

/** The data of a record other than its RDATA, as the parser hands it over. */
export interface RecordHeader {
  file: number;
  owner: string;
  ownerStart: number;
  ownerEnd: number;
  ttl: number;
  ttlStart: number;
  ttlEnd: number;
  classCode: number;
  classStart: number;
  classEnd: number;
  type: string;
  typeCode: number;
  typeStart: number;
  typeEnd: number;
  start: number;
  end: number;
  generated: boolean;
}

/**
 * Where a record's RDATA can be read again: the text of its file as it was
 * parsed and the origin its relative names were completed with. Records read
 * in one stretch of one file under one origin share one.
 */
export interface RdataSource {
  readonly text: string;
  readonly origin: string | null;
}

/**
 * One resource record, with the range of every field in the file it came from.
 *
 * RDATA fields are most of a parsed zone's objects (a `RdataField` and its
 * value string cost some 200 bytes; a million-record zone has over a million
 * of them), and most of them are never looked at again: the checks read the
 * MX records, the names they point to and those names' addresses. So a record
 * read by a full parse keeps only where its RDATA stands in the text (the
 * parser checked it there) and reads its fields again the first time `rdata`
 * is asked for, then keeps them. Records of a `$GENERATE` and of an
 * incremental re-parse keep their fields from the start (the first have no
 * text to read again; the second would keep a new copy of the whole text
 * alive per keystroke).
 */
export class ZoneRecord implements RecordHeader {
  /** Index into `ParseResult.files`. */
  readonly file: number;
  /** Absolute owner name, presentation form. */
  readonly owner: string;
  /** Range of the owner token; for a blank owner, an empty range at the start of the line. */
  ownerStart: number;
  ownerEnd: number;
  readonly ttl: number;
  /** Range of the TTL as written, or -1 when the TTL was inherited. */
  ttlStart: number;
  ttlEnd: number;
  /** Class code (1 = IN). */
  readonly classCode: number;
  classStart: number;
  classEnd: number;
  /** Type mnemonic as `zonelens print` writes it (`MX`, `TYPE65280`). */
  readonly type: string;
  /** Type code, or -1 for a mnemonic nobody knows. */
  readonly typeCode: number;
  typeStart: number;
  typeEnd: number;
  /** From the first to the last token of the record. */
  start: number;
  end: number;
  /** Made by a `$GENERATE` line (the ranges point into its templates). */
  readonly generated: boolean;

  /** The fields, once read. */
  private fields: RdataField[] | undefined;
  /** Where to read them, while they are not (see the class comment). */
  private source: RdataSource | undefined;
  /** Offset of the RDATA in `source.text` (where the record stood when it was read). */
  private readonly rdataStart: number;
  /** How far the record has moved since (edits before it). */
  private moved = 0;

  /** A record whose RDATA is `rdata`: its fields, or the text they are read again from, starting at `rdataStart`. */
  constructor(h: RecordHeader, rdata: RdataField[] | RdataSource, rdataStart = -1) {
    this.file = h.file;
    this.owner = h.owner;
    this.ownerStart = h.ownerStart;
    this.ownerEnd = h.ownerEnd;
    this.ttl = h.ttl;
    this.ttlStart = h.ttlStart;
    this.ttlEnd = h.ttlEnd;
    this.classCode = h.classCode;
    this.classStart = h.classStart;
    this.classEnd = h.classEnd;
    this.type = h.type;
    this.typeCode = h.typeCode;
    this.typeStart = h.typeStart;
    this.typeEnd = h.typeEnd;
    this.start = h.start;
    this.end = h.end;
    this.generated = h.generated;
    if (Array.isArray(rdata)) {
      this.fields = rdata;
      this.source = undefined;
    } else {
      this.fields = undefined;
      this.source = rdata;
    }
    this.rdataStart = rdataStart;
  }

  /** The parsed RDATA fields, in order, with their ranges in the file. */
  get rdata(): RdataField[] {
    if (this.fields === undefined) {
      const source = this.source as RdataSource;
      const end = this.end - this.moved;
      const fields = readRdataAgain(
        this.typeCode,
        this.type,
        tokensBetween(source.text, this.rdataStart, end),
        source,
        end,
      );
      if (this.moved !== 0) moveFields(fields, this.moved);
      this.fields = fields;
      this.source = undefined;
    }
    return this.fields;
  }

  /** Moves every offset of the record by `delta` (absent ranges, -1, stay), in place. */
  shift(delta: number): void {
    this.ownerStart += delta;
    this.ownerEnd += delta;
    if (this.ttlStart >= 0) {
      this.ttlStart += delta;
      this.ttlEnd += delta;
    }
    if (this.classStart >= 0) {
      this.classStart += delta;
      this.classEnd += delta;
    }
    this.typeStart += delta;
    this.typeEnd += delta;
    this.start += delta;
    this.end += delta;
    if (this.fields === undefined) this.moved += delta;
    else moveFields(this.fields, delta);
  }

  /** The record as plain data, its RDATA read (for tests and JSON). */
  toJSON(): RecordHeader & { rdata: RdataField[] } {
    return {
      file: this.file,
      owner: this.owner,
      ownerStart: this.ownerStart,
      ownerEnd: this.ownerEnd,
      ttl: this.ttl,
      ttlStart: this.ttlStart,
      ttlEnd: this.ttlEnd,
      classCode: this.classCode,
      classStart: this.classStart,
      classEnd: this.classEnd,
      type: this.type,
      typeCode: this.typeCode,
      typeStart: this.typeStart,
      typeEnd: this.typeEnd,
      rdata: this.rdata,
      start: this.start,
      end: this.end,
      generated: this.generated,
    };
  }
}

function moveFields(fields: RdataField[], delta: number): void {
  for (let k = 0; k < fields.length; k++) {
    fields[k].start += delta;
    fields[k].end += delta;
  }
}

/** RDATA the parser read once already: it cannot fail now, short of a bug, which leaves the record without fields. */
function readRdataAgain(code: number, type: string, toks: Token[], source: RdataSource, end: number): RdataField[] {
  try {
    return readRdata(code, type, toks, source.origin, end);
  } catch (err) {
    if (err instanceof RdataError) return [];
    throw err;
  }
}

/**
 * Reads the RDATA tokens of a record of type `code` (-1: a mnemonic nobody
 * knows) into fields: RFC 3597 generic data (decoded into the type's own
 * fields when ZoneLens reads the type), the type's text form, or, for a type
 * ZoneLens does not read, the tokens as they are. `endOffset` is where the
 * record ends, for a problem with missing data. Throws `RdataError`.
 */
export function readRdata(
  code: number,
  type: string,
  toks: Token[],
  origin: string | null,
  endOffset: number,
): RdataField[] {
  if (code < 0) return rawFields(toks);
  const def = rdataType(type);
  if (isGenericRdata(code, toks)) {
    const bytes = parseGeneric(new RdataReader(toks, origin, type, endOffset));
    const start = toks[0].start;
    const end = toks[toks.length - 1].end;
    if (def === undefined) {
      return [{ role: 'generic', kind: 'hex', start, end, value: formatGeneric(bytes), num: bytes.length }];
    }
    // Known type: decoded into its own fields, whose ranges cover the generic data as a whole.
    const got = fieldsFromWire(def, bytes, origin, start, end);
    if (!got.ok) throw new RdataError('bad-rdata', got.message, start, end);
    return got.fields;
  }
  if (def === undefined) return rawFields(toks);
  return readFields(def, toks, origin, type, endOffset);
}

function readFields(
  def: RdataType,
  toks: Token[],
  origin: string | null,
  type: string,
  endOffset: number,
): RdataField[] {
  const r = new RdataReader(toks, origin, type, endOffset);
  def.parse(r);
  r.end();
  // The reader's array grew by `push` and keeps room for 16 more fields;
  // the record keeps an exact copy (the other dies young, cheaply).
  return r.fields.slice();
}

/** RDATA of a type we cannot read, kept as its tokens. */
export function rawFields(toks: Token[]): RdataField[] {
  return toks.map((t) => ({
    role: 'data',
    kind: 'other' as const,
    start: t.start,
    end: t.end,
    value: t.quoted ? `"${t.text}"` : t.text,
  }));
}
