import { tokensBetween } from './lexer';
import {
  fieldsFromWire,
  formatGeneric,
  isGenericRdata,
  parseGeneric,
  rdataType,
  typeName,
  type RdataType,
} from './rdata/index';
import { RdataError, RdataReader } from './rdata/reader';
import type { RdataField, Token } from './types';

/** The data of a record other than its RDATA, as the parser hands it over. */
export interface RecordHeader {
  file: number;
  /** The owner name ('' into a `RecordStore` when `ownerId` names it as written). */
  owner: string;
  /** The owner's id in the store's `NameTable`; -1 when not read into a store. */
  ownerId: number;
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
  /**
   * The parse checked the RDATA in place, and each word of it is an
   * absolute name or has no dot, and the origin has two labels or more when
   * one has none: no name in it can have lost its trailing dot (see
   * `Parser.namesComplete` in zone/parser.ts). Not in the record's JSON.
   */
  namesComplete: boolean;
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
 * Where a record's RDATA stands as written: `text.slice(start, end)` in the
 * text of file `file` as it was parsed, and the origin its relative names
 * were completed with.
 */
export interface RdataText {
  file: number;
  text: string;
  start: number;
  end: number;
  origin: string | null;
  /**
   * What to add to an offset in `text` for the same place in the file's
   * text now: an edit before the record since it was parsed moves it (see
   * `RecordBase`); 0 in a parse that is not resumed.
   */
  moved: number;
}

/**
 * The RDATA as written of the record in row `at` of `cells`, read from
 * `source`, whose base stands at `pos` now (see `ZoneRecord.rdataText`).
 */
export function rdataTextOf(cells: Int32Array, at: number, source: RdataSource, pos: number): RdataText {
  // Offsets in the text as read: relative to the base where it stood then.
  const read = cells[at + FIELDS_AT];
  return {
    file: rowFile(cells, at),
    text: source.text,
    start: rdataStartOf(cells, at) + read,
    end: endOf(cells, at) + read,
    origin: source.origin,
    moved: pos - read,
  };
}

/**
 * The place a record's offsets count from: a checkpoint of its parse (see
 * `Checkpoint` in zone/parser.ts), which an edit before it moves, and with
 * it every record read after it up to the next, or a place that never moves.
 */
export interface RecordBase {
  pos: number;
}

/** The base of records whose offsets never move (a parse that is not resumed, an included file). */
export function fixedBase(): RecordBase {
  return { pos: 0 };
}

// The numbers of a record, in its row of a `RecordRows` chunk. Offsets are
// relative to the record's base: an edit moves a checkpoint, not each record
// after it. `FIELDS_AT` is the base's position that the RDATA fields'
// offsets (absolute) were made or last moved for, and that the offsets read
// from `RdataSource.text` add.
//
// A row has two forms. The narrow one, nearly every record's, holds the
// record's start and the other offsets as short distances, several to a
// number: the end and the owner's length (16 bits each) from the start and
// the owner, the rest (8 bits each) from the owner's end or the type's. A
// record that does not fit (a huge TXT, a long run of blanks or a comment
// inside parentheses between its fields) has a wide row of its own, every
// offset in full, and in the chunk a row flagged `WIDE` that says which (see
// `RecordRows.wide`). The first five numbers mean the same in both.
/**
 * The class code in the low 16 bits; `GENERATED` for a record made by
 * `$GENERATE`; `WIDE`; the file's number from `FILE_SHIFT` (a zone includes
 * at most 1 024 files, see the parser's `MAX_INCLUDED_FILES`);
 * `NAMES_COMPLETE` above it.
 */
const HEAD = 0;
const TYPE = 1;
const START = 2;
const TTL = 3;
const FIELDS_AT = 4;
// The narrow row. LEAD is the start less the owner's start (a blank owner's
// empty range is at the start of the line); the TTL, the class and the type
// start at their distance from the owner's end (an absent TTL's or class's is
// `ABSENT`), the RDATA at its distance from the type's end (`ABSENT` when its
// fields are kept). The first of each number's parts is in its low bits.
const END_OWNER_LEN = 5;
const LEAD_TTL_CLASS_TYPE = 6;
const LENS_RDATA = 7;
/** The numbers in a narrow row, what a record takes in the chunks. */
export const ROW_WIDTH = 8;
// The wide row, in full.
const W_END = 5;
const W_OWNER_START = 6;
const W_OWNER_END = 7;
const W_TTL_START = 8;
const W_TTL_END = 9;
const W_CLASS_START = 10;
const W_CLASS_END = 11;
const W_TYPE_START = 12;
const W_TYPE_END = 13;
const W_RDATA_START = 14;
const WIDE_WIDTH = 15;
/** In a wide row flagged in a chunk, START holds the wide row's index in `RecordRows.wide`. */
const WIDE_INDEX = START;

const GENERATED = 1 << 16;
const WIDE = 1 << 17;
const FILE_SHIFT = 18;
/** Bits for the file's number: 1 025 files (the main one and the 1 024 it may include) need 11. */
const FILE_MASK = 0x7ff;
/** Above the file's number: `RecordHeader.namesComplete`. */
const NAMES_COMPLETE = 1 << 29;
/** The distance that stands for an absent range (no TTL, no class written; RDATA fields kept). */
const ABSENT = 0xff;

/**
 * The mnemonics of records whose type nobody knows (`typeCode` -1), which the
 * row cannot hold: few records, and a record object one field smaller.
 */
const UNKNOWN_TYPES = new WeakMap<ZoneRecord, string>();

/**
 * For the chunks of rows that hold records made by `$GENERATE` in a
 * resumable parse: the value of `$` that made each, by row (see
 * `ZoneRecord.generatedValue`). A record that takes over another's row
 * (`adopt`) takes its value with it.
 */
const GENERATED_VALUES = new WeakMap<Int32Array, Int32Array>();

/** Rows in the first chunk of a `RecordRows`: a re-parse after a keystroke reads a few records. */
const FIRST_ROWS = 64;
/** Rows in the largest chunk (512 KiB). */
const MAX_ROWS = 8192;

/**
 * Where the records read by one parse keep their numbers (ranges, TTL,
 * class, type): rows of 32-bit integers in typed-array chunks, outside the
 * garbage-collected heap's objects. A number in an object costs 8 bytes and
 * is copied each time the young generation is collected while the record is
 * young; a row packs a record's 16 numbers into 8 (32 bytes), and a million
 * records are 32 MB of rows that are never copied. Chunks double from 64
 * rows, so a small re-parse holds a small chunk.
 */
export class RecordRows {
  /** The chunk that holds the row `take` gave last. */
  chunk = new Int32Array(FIRST_ROWS * ROW_WIDTH);
  private used = 0;
  /** The wide rows of records that a narrow row cannot hold (see `writeRow`), rare. */
  readonly wide: Int32Array[] = [];

  /** A new row: the offset of its first number in `chunk` (read after this call: it may start a new chunk). */
  take(): number {
    if (this.used === this.chunk.length) {
      this.chunk = new Int32Array(Math.min(this.chunk.length * 2, MAX_ROWS * ROW_WIDTH));
      this.used = 0;
    }
    const at = this.used;
    this.used += ROW_WIDTH;
    return at;
  }

  /**
   * Where the numbers of the record in the row at `at` of `cells` are: that
   * row, or the record's wide row (offset 0).
   */
  cellsOf(cells: Int32Array, at: number): Int32Array {
    return (cells[at + HEAD] & WIDE) === 0 ? cells : this.wide[cells[at + WIDE_INDEX]];
  }

  /**
   * The number of the chunk that holds row `i` (counting every row taken),
   * and with `rowOffset` where in it: chunks of 64, 128, … 8192 rows, then
   * of 8192 each.
   */
  static chunkOfRow(i: number): number {
    if (i >= ROWS_BEFORE_MAX) return MAX_CHUNK + Math.floor((i - ROWS_BEFORE_MAX) / MAX_ROWS);
    return 31 - Math.clz32(Math.floor(i / FIRST_ROWS) + 1);
  }

  /** The offset of row `i`'s first number in its chunk (see `chunkOfRow`). */
  static rowOffset(i: number): number {
    if (i >= ROWS_BEFORE_MAX) return ((i - ROWS_BEFORE_MAX) % MAX_ROWS) * ROW_WIDTH;
    return (i - FIRST_ROWS * ((1 << RecordRows.chunkOfRow(i)) - 1)) * ROW_WIDTH;
  }
}

/** The number of the first chunk of `MAX_ROWS` rows, and the rows in the chunks before it. */
const MAX_CHUNK = 31 - Math.clz32(MAX_ROWS / FIRST_ROWS);
const ROWS_BEFORE_MAX = FIRST_ROWS * ((1 << MAX_CHUNK) - 1);

/** `offset` less `from` for a narrow row's part of `bits` bits; -1 for one that it cannot hold. */
function distance(offset: number, from: number, bits: 8 | 16): number {
  const d = offset - from;
  return d >= 0 && d < (1 << bits) - 1 ? d : -1;
}

/**
 * Writes the numbers of a record into a new row of `rows`: its offsets
 * (`h`'s, absolute in the text read) relative to `base`, and `rdataStart`,
 * where its RDATA starts (-1: its fields are kept). Gives the row's offset
 * in `rows.chunk`; `rows.cellsOf` finds the numbers from there.
 */
export function writeRow(rows: RecordRows, h: RecordHeader, base: RecordBase, rdataStart: number): number {
  const at = rows.take();
  const chunk = rows.chunk;
  const b = base.pos;
  const start = h.start;
  chunk[at + HEAD] =
    h.classCode | (h.generated ? GENERATED : 0) | (h.file << FILE_SHIFT) | (h.namesComplete ? NAMES_COMPLETE : 0);
  chunk[at + TYPE] = h.typeCode;
  chunk[at + TTL] = h.ttl;
  chunk[at + FIELDS_AT] = b;
  const owned = h.ownerEnd;
  const end = distance(h.end, start, 16);
  const ownerLen = distance(owned, h.ownerStart, 16);
  const lead = distance(start, h.ownerStart, 8);
  const ttl = h.ttlStart < 0 ? ABSENT : distance(h.ttlStart, owned, 8);
  const ttlLen = h.ttlStart < 0 ? 0 : distance(h.ttlEnd, h.ttlStart, 8);
  const cls = h.classStart < 0 ? ABSENT : distance(h.classStart, owned, 8);
  const classLen = h.classStart < 0 ? 0 : distance(h.classEnd, h.classStart, 8);
  const type = distance(h.typeStart, owned, 8);
  const typeLen = distance(h.typeEnd, h.typeStart, 8);
  const rdata = rdataStart < 0 ? ABSENT : distance(rdataStart, h.typeEnd, 8);
  if ((end | lead | ownerLen | ttl | ttlLen | cls | classLen | type | typeLen | rdata) >= 0) {
    chunk[at + START] = start - b;
    chunk[at + END_OWNER_LEN] = end | (ownerLen << 16);
    chunk[at + LEAD_TTL_CLASS_TYPE] = lead | (ttl << 8) | (cls << 16) | (type << 24);
    chunk[at + LENS_RDATA] = ttlLen | (classLen << 8) | (typeLen << 16) | (rdata << 24);
    return at;
  }
  const wide = new Int32Array(WIDE_WIDTH);
  wide.set(chunk.subarray(at, at + START));
  wide[HEAD] |= WIDE;
  wide[START] = start - b;
  wide[TTL] = h.ttl;
  wide[FIELDS_AT] = b;
  wide[W_END] = h.end - b;
  wide[W_OWNER_START] = h.ownerStart - b;
  wide[W_OWNER_END] = h.ownerEnd - b;
  wide[W_TTL_START] = h.ttlStart < 0 ? -1 : h.ttlStart - b;
  wide[W_TTL_END] = h.ttlEnd < 0 ? -1 : h.ttlEnd - b;
  wide[W_CLASS_START] = h.classStart < 0 ? -1 : h.classStart - b;
  wide[W_CLASS_END] = h.classEnd < 0 ? -1 : h.classEnd - b;
  wide[W_TYPE_START] = h.typeStart - b;
  wide[W_TYPE_END] = h.typeEnd - b;
  wide[W_RDATA_START] = rdataStart < 0 ? -1 : rdataStart - b;
  chunk[at + HEAD] |= WIDE;
  chunk[at + WIDE_INDEX] = rows.wide.length;
  rows.wide.push(wide);
  return at;
}

/** The type code in a row (see `writeRow`). */
export function rowTypeCode(cells: Int32Array, at: number): number {
  return cells[at + TYPE];
}

/** The TTL in a row (see `writeRow`), unsigned. */
export function rowTtl(cells: Int32Array, at: number): number {
  return cells[at + TTL] >>> 0;
}

/** The file number in a row (see `writeRow`). */
export function rowFile(cells: Int32Array, at: number): number {
  return (cells[at + HEAD] >>> FILE_SHIFT) & FILE_MASK;
}

/** `RecordHeader.namesComplete` of the row's record (see `writeRow`). */
export function rowNamesComplete(cells: Int32Array, at: number): boolean {
  return (cells[at + HEAD] & NAMES_COMPLETE) !== 0;
}

/** True when the row's record was made by `$GENERATE` (see `writeRow`). */
export function rowGenerated(cells: Int32Array, at: number): boolean {
  return (cells[at + HEAD] & GENERATED) !== 0;
}

/**
 * One resource record, with the range of every field in the file it came from.
 *
 * A record is small, for a zone can have millions: its numbers live in a row
 * of its parse's `RecordRows`, and its RDATA fields, most of a parsed zone's
 * objects otherwise (a `RdataField` and its value string cost some 200
 * bytes), are read when asked for. Most are never asked for: the checks read
 * the MX records, the names they point to and those names' addresses. So a
 * record read by a full parse keeps only where its RDATA stands in the text
 * (the parser checked it there) and reads its fields again the first time
 * `rdata` is asked for, then keeps them. Records of a `$GENERATE` and of an
 * incremental re-parse keep their fields from the start (the first have no
 * text to read again; the second would keep a new copy of the whole text
 * alive per keystroke).
 */
export class ZoneRecord implements Omit<RecordHeader, 'ownerId'> {
  /** Absolute owner name, presentation form. */
  readonly owner: string;
  private cells: Int32Array;
  private at: number;
  private base: RecordBase;
  /** The fields, once read; before, where to read them (see the class comment). */
  private data: RdataField[] | RdataSource;

  /**
   * A record whose numbers are in the row at `at` of `cells`, written by
   * `writeRow` with `base`, and whose RDATA is `data`: its fields, or the
   * text they are read again from. `type`: the mnemonic of a type nobody
   * knows (type code -1).
   */
  constructor(
    owner: string,
    cells: Int32Array,
    at: number,
    base: RecordBase,
    data: RdataField[] | RdataSource,
    type?: string,
  ) {
    this.owner = owner;
    if (type !== undefined) UNKNOWN_TYPES.set(this, type);
    this.cells = cells;
    this.at = at;
    this.base = base;
    this.data = data;
  }

  /**
   * A record read now: its numbers written into a new row of `rows` (see
   * `writeRow`), its RDATA `rdata`, the fields, or the text they are read
   * again from, starting at offset `rdataStart`.
   */
  static read(
    rows: RecordRows,
    h: RecordHeader,
    base: RecordBase,
    rdata: RdataField[] | RdataSource,
    rdataStart = -1,
  ): ZoneRecord {
    const at = writeRow(rows, h, base, rdataStart);
    const cells = rows.cellsOf(rows.chunk, at);
    return new ZoneRecord(
      h.owner,
      cells,
      cells === rows.chunk ? at : 0,
      base,
      rdata,
      h.typeCode < 0 ? h.type : undefined,
    );
  }

  /** Type mnemonic as `zonelens print` writes it (`MX`, `TYPE65280`). */
  get type(): string {
    const code = this.cells[this.at + TYPE];
    return code < 0 ? (UNKNOWN_TYPES.get(this) as string) : typeName(code);
  }

  /** Index into `ParseResult.files`. */
  get file(): number {
    return rowFile(this.cells, this.at);
  }
  /** Range of the owner token; for a blank owner, an empty range at the start of the line. */
  get ownerStart(): number {
    return ownerStartOf(this.cells, this.at) + this.base.pos;
  }
  get ownerEnd(): number {
    return ownerEndOf(this.cells, this.at) + this.base.pos;
  }
  /** TTL in seconds (up to 2^32 - 1 as written; kept unsigned). */
  get ttl(): number {
    return rowTtl(this.cells, this.at);
  }
  /** Range of the TTL as written, or -1 when the TTL was inherited. */
  get ttlStart(): number {
    return this.optional(8, false, W_TTL_START);
  }
  get ttlEnd(): number {
    return this.optional(8, true, W_TTL_END);
  }
  /** Class code (1 = IN). */
  get classCode(): number {
    return this.cells[this.at + HEAD] & 0xffff;
  }
  /** Range of the class as written, or -1 when it was left out. */
  get classStart(): number {
    return this.optional(16, false, W_CLASS_START);
  }
  get classEnd(): number {
    return this.optional(16, true, W_CLASS_END);
  }
  /** Type code, or -1 for a mnemonic nobody knows. */
  get typeCode(): number {
    return this.cells[this.at + TYPE];
  }
  get typeStart(): number {
    return typeStartOf(this.cells, this.at) + this.base.pos;
  }
  get typeEnd(): number {
    return typeEndOf(this.cells, this.at) + this.base.pos;
  }
  /** From the first to the last token of the record. */
  get start(): number {
    return this.cells[this.at + START] + this.base.pos;
  }
  get end(): number {
    return endOf(this.cells, this.at) + this.base.pos;
  }
  /** Made by a `$GENERATE` line (the ranges point into its templates). */
  get generated(): boolean {
    return rowGenerated(this.cells, this.at);
  }

  /** See `RecordHeader.namesComplete`: no name in the RDATA can have lost its trailing dot. */
  get namesComplete(): boolean {
    return rowNamesComplete(this.cells, this.at);
  }

  /**
   * The parsed RDATA fields, in order, with their ranges in the file (moved
   * here, when asked for, by the edits since they were last asked for).
   */
  get rdata(): RdataField[] {
    const cells = this.cells;
    const at = this.at;
    const pos = this.base.pos;
    let fields = this.data;
    if (!Array.isArray(fields)) {
      const source = fields;
      // Offsets in the text as read: relative to the base where it stood then.
      const read = cells[at + FIELDS_AT];
      const end = endOf(cells, at) + read;
      const toks = tokensBetween(source.text, rdataStartOf(cells, at) + read, end);
      fields = readRdataAgain(this.typeCode, this.type, toks, source, end);
      this.data = fields;
    }
    const moved = pos - cells[at + FIELDS_AT];
    if (moved !== 0) {
      moveFields(fields, moved);
      cells[at + FIELDS_AT] = pos;
    }
    return fields;
  }

  /**
   * Where the RDATA stands as written, while its fields are not read yet:
   * `text.slice(start, end)` in the file's text as it was parsed, and the
   * origin its relative names were completed with. Undefined once the fields
   * are read, and for records that never had text to read again. For a look
   * at the text that saves reading (and keeping) the fields.
   */
  rdataText(): RdataText | undefined {
    const source = this.data;
    return Array.isArray(source) ? undefined : rdataTextOf(this.cells, this.at, source, this.base.pos);
  }

  /**
   * Takes over the place of `same`, a record read again after an edit that
   * equals this one moved by `delta` (see `keepUnchanged` in
   * checks/incremental.ts): this object stands for it from now on, with its
   * row and base. Fields already read stay these objects (others may hold
   * them), moved to the new text now; fields never read are the other's.
   */
  adopt(same: ZoneRecord, delta: number): void {
    const fields = this.data;
    if (!Array.isArray(fields)) this.data = same.data;
    else {
      const moved = this.base.pos - this.cells[this.at + FIELDS_AT] + delta;
      if (moved !== 0) moveFields(fields, moved);
    }
    this.cells = same.cells;
    this.at = same.at;
    this.base = same.base;
    if (Array.isArray(fields)) this.cells[this.at + FIELDS_AT] = this.base.pos;
  }

  /**
   * The value of `$` that made this record, of a `$GENERATE` read by a
   * resumable parse; 0 for any other. The records of one `$GENERATE` all
   * stand where its template does: this tells them apart, in the order they
   * were made (the values grow), for the reading order (`byStart`).
   */
  get generatedValue(): number {
    return GENERATED_VALUES.get(this.cells)?.[this.at / ROW_WIDTH] ?? 0;
  }

  /** Notes the value of `$` that made this record, of a `$GENERATE` (see `generatedValue`). */
  set generatedValue(value: number) {
    let values = GENERATED_VALUES.get(this.cells);
    if (values === undefined) {
      values = new Int32Array(Math.ceil(this.cells.length / ROW_WIDTH));
      GENERATED_VALUES.set(this.cells, values);
    }
    values[this.at / ROW_WIDTH] = value;
  }

  /**
   * An offset of a range that may be absent (the TTL, the class), -1 when it
   * is: in a narrow row, its start (or with `end`, its end) from its distance
   * to the owner's end and its length, the parts at bit `shift` of
   * `LEAD_TTL_CLASS_TYPE` and `shift - 8` of `LENS_RDATA`; in a wide row, the
   * number at `wideCell`.
   */
  private optional(shift: 8 | 16, end: boolean, wideCell: number): number {
    const c = this.cells;
    const a = this.at;
    if ((c[a + HEAD] & WIDE) !== 0) return c[a + wideCell] < 0 ? -1 : c[a + wideCell] + this.base.pos;
    const d = (c[a + LEAD_TTL_CLASS_TYPE] >>> shift) & 0xff;
    if (d === ABSENT) return -1;
    const length = end ? (c[a + LENS_RDATA] >>> (shift - 8)) & 0xff : 0;
    return ownerEndOf(c, a) + d + length + this.base.pos;
  }

  /** The record as plain data, its RDATA read (for tests and JSON). */
  toJSON(): Omit<RecordHeader, 'ownerId' | 'namesComplete'> & { rdata: RdataField[] } {
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

// Offsets relative to the base, read from either form of row (see `writeRow`).
function ownerStartOf(c: Int32Array, a: number): number {
  return (c[a + HEAD] & WIDE) !== 0 ? c[a + W_OWNER_START] : c[a + START] - (c[a + LEAD_TTL_CLASS_TYPE] & 0xff);
}
function ownerEndOf(c: Int32Array, a: number): number {
  if ((c[a + HEAD] & WIDE) !== 0) return c[a + W_OWNER_END];
  return ownerStartOf(c, a) + (c[a + END_OWNER_LEN] >>> 16);
}
function typeStartOf(c: Int32Array, a: number): number {
  return (c[a + HEAD] & WIDE) !== 0 ? c[a + W_TYPE_START] : ownerEndOf(c, a) + (c[a + LEAD_TTL_CLASS_TYPE] >>> 24);
}
function typeEndOf(c: Int32Array, a: number): number {
  if ((c[a + HEAD] & WIDE) !== 0) return c[a + W_TYPE_END];
  return typeStartOf(c, a) + ((c[a + LENS_RDATA] >>> 16) & 0xff);
}
function endOf(c: Int32Array, a: number): number {
  return (c[a + HEAD] & WIDE) !== 0 ? c[a + W_END] : c[a + START] + (c[a + END_OWNER_LEN] & 0xffff);
}
/** False when the record of the row at `a` in `c` kept its RDATA's fields, not their place in the text (see `ZoneRecord`). */
export function keepsRdataPlace(c: Int32Array, a: number): boolean {
  return (c[a + HEAD] & WIDE) !== 0 ? c[a + W_RDATA_START] >= 0 : c[a + LENS_RDATA] >>> 24 !== ABSENT;
}

/** Where the RDATA starts, for a record whose fields are read again (see `ZoneRecord.rdata`). */
function rdataStartOf(c: Int32Array, a: number): number {
  return (c[a + HEAD] & WIDE) !== 0 ? c[a + W_RDATA_START] : typeEndOf(c, a) + (c[a + LENS_RDATA] >>> 24);
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
