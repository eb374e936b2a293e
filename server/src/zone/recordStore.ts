import { room } from './arrays';
import { firstFrom } from './model';
import { NameTable } from './nameTable';
import { typeName } from './rdata/index';
import {
  fixedBase,
  keepsRdataPlace,
  rdataTextOf,
  RecordRows,
  ROW_WIDTH,
  rowFile,
  rowGenerated,
  rowNamesComplete,
  rowTtl,
  rowTypeCode,
  writeRow,
  ZoneRecord,
  type RdataSource,
  type RdataText,
  type RecordHeader,
} from './record';
import type { RdataField } from './types';

/**
 * The records of a parse that is not resumed (the CLI's, a fix's check, a
 * reverse zone's), kept as rows and made into `ZoneRecord` objects only when
 * asked for. A cold check of a large zone reads the MX records, the names
 * they point to, their addresses and a few sets more: most records are never
 * asked for, and an object per record (64 bytes, copied by the young
 * generation's collections while the parse runs) was a tenth of the time.
 *
 * Record `i` is row `i` of the store's rows; what a row cannot hold is kept
 * beside it: its owner name's id in the store's `names` (and the owner as
 * written, where that differs from the name's first writing), the RDATA's
 * source text (one per stretch of records read under one origin) or fields
 * (kept for a few types, see the parser), the mnemonic of a type nobody
 * knows. A record made once is the same object from then on, so that
 * records can be told apart by identity.
 */
export class RecordStore {
  private readonly rows = new RecordRows();
  private readonly chunks: Int32Array[] = [];
  /** The owner names of the records, each once (ids in the order they first appear). */
  readonly names = new NameTable();
  /** The id of each record's owner in `names`. */
  private ownerIds = new Int32Array(1024);
  /** The owners written otherwise than their name's first writing (another case, another origin's spelling), by record. */
  private readonly writtenOwners = new Map<number, string>();
  /** The first record whose owner waits for `settleOwners`, or -1. */
  private unsettledFrom = -1;
  private count = 0;
  /** Each stretch's source, and the number of its first record. */
  private readonly sources: RdataSource[] = [];
  private readonly sourceFrom: number[] = [];
  private readonly fields = new Map<number, RdataField[]>();
  private readonly unknownTypes = new Map<number, string>();
  /**
   * Records made one by one, until `records` makes them all: record `i` is
   * `made[madeAt[i] - 1]` when `madeAt[i]` is not 0. A typed array, not a
   * map by number: the checks ask for the records of a type in the order
   * they were read, and these reads follow each other in memory where a
   * map's hashed look-ups each missed the cache.
   */
  private madeAt = new Int32Array(0);
  private made: ZoneRecord[] = [];
  private all: ZoneRecord[] | undefined;
  private readonly base = fixedBase();

  get length(): number {
    return this.count;
  }

  /**
   * Adds a record: its header, and its RDATA, the fields or the source
   * they are read again from, starting at `rdataStart` (see `ZoneRecord`).
   */
  add(h: RecordHeader, rdata: RdataField[] | RdataSource, rdataStart = -1): void {
    const i = this.count++;
    writeRow(this.rows, h, this.base, rdataStart);
    if (this.rows.chunk !== this.chunks[this.chunks.length - 1]) this.chunks.push(this.rows.chunk);
    this.ownerIds = room(this.ownerIds, i);
    this.ownerIds[i] = h.ownerId;
    if (h.ownerId < -1 && this.unsettledFrom < 0) this.unsettledFrom = i;
    if (h.owner !== '') this.writtenOwners.set(i, h.owner);
    if (Array.isArray(rdata)) this.fields.set(i, rdata);
    else if (rdata !== this.sources[this.sources.length - 1]) {
      this.sources.push(rdata);
      this.sourceFrom.push(i);
    }
    if (h.typeCode < 0) this.unknownTypes.set(i, h.type);
  }

  /**
   * Looks up the owners `names.defer` took (see `NameTable.settle`) and
   * gives their records the ids in their place, and the owner as written
   * where it is written otherwise than the name's first writing.
   */
  settleOwners(): void {
    const names = this.names;
    if (names.deferred === 0) return;
    names.settle();
    const ids = this.ownerIds;
    // None of them, when no record came with them (each had an error).
    for (let i = this.unsettledFrom < 0 ? this.count : this.unsettledFrom; i < this.count; i++) {
      const deferred = ids[i];
      if (deferred >= -1) continue;
      ids[i] = names.settledId(deferred);
      if (!names.settledExact(deferred)) this.writtenOwners.set(i, names.settledName(deferred));
    }
    this.unsettledFrom = -1;
  }

  /** Gives back the room that the arrays grew by and no record or name took: for when the parse is over. */
  trim(): void {
    this.ownerIds = this.ownerIds.slice(0, this.count);
    this.names.trim();
  }

  /** The owner name of record `i`, as written there. */
  owner(i: number): string {
    return (this.writtenOwners.size > 0 && this.writtenOwners.get(i)) || this.names.name(this.ownerIds[i]);
  }

  /** The id in `names` of the owner of record `i`. */
  ownerId(i: number): number {
    return this.ownerIds[i];
  }

  /** The type code of record `i` (-1: a mnemonic nobody knows). */
  typeCode(i: number): number {
    return rowTypeCode(this.chunks[RecordRows.chunkOfRow(i)], RecordRows.rowOffset(i));
  }

  /** The type codes of records `from` to `to` (excluded), into `out` from index 0: a walk along the rows. */
  typeCodes(from: number, to: number, out: Int32Array): void {
    let k = RecordRows.chunkOfRow(from);
    let cells = this.chunks[k];
    let at = RecordRows.rowOffset(from);
    for (let i = from; i < to; i++) {
      if (at === cells.length) {
        cells = this.chunks[++k];
        at = 0;
      }
      out[i - from] = rowTypeCode(cells, at);
      at += ROW_WIDTH;
    }
  }

  /** The type mnemonic of record `i`. */
  type(i: number): string {
    const code = this.typeCode(i);
    return code < 0 ? (this.unknownTypes.get(i) as string) : typeName(code);
  }

  /** The TTL of record `i`, read from its row. */
  ttl(i: number): number {
    return this.row(i, rowTtl);
  }

  /** The file of record `i`. */
  file(i: number): number {
    return rowFile(this.chunks[RecordRows.chunkOfRow(i)], RecordRows.rowOffset(i));
  }

  /**
   * The `rdataText()` of record `i`, read from its row when the record was
   * not made yet (and from the record when it was, whose fields may be read).
   */
  rdataText(i: number): RdataText | undefined {
    const r = this.all?.[i] ?? this.madeOne(i);
    if (r !== undefined) return r.rdataText();
    // A record that kept its fields has no place of its RDATA in the row.
    return this.row(i, (cells, at) =>
      keepsRdataPlace(cells, at) ? rdataTextOf(cells, at, this.sourceOf(i), this.base.pos) : undefined,
    );
  }

  /** True when record `i` was made by `$GENERATE`. */
  generated(i: number): boolean {
    return rowGenerated(this.chunks[RecordRows.chunkOfRow(i)], RecordRows.rowOffset(i));
  }

  /** `ZoneRecord.namesComplete` of record `i`, read from its row. */
  namesComplete(i: number): boolean {
    return rowNamesComplete(this.chunks[RecordRows.chunkOfRow(i)], RecordRows.rowOffset(i));
  }

  /** Record `i` as an object (made on the first call). */
  record(i: number): ZoneRecord {
    if (this.all !== undefined) return this.all[i];
    let r = this.madeOne(i);
    if (r === undefined) {
      r = this.make(i);
      // As far as the last record made (a check makes a few of a million), doubling, at most one per record.
      this.madeAt = room(this.madeAt, i, this.count);
      this.made.push(r);
      this.madeAt[i] = this.made.length;
    }
    return r;
  }

  /** Every record as an object, in the order they were read (made on the first call). */
  records(): ZoneRecord[] {
    if (this.all !== undefined) return this.all;
    const all: ZoneRecord[] = [];
    for (let i = 0; i < this.count; i++) all.push(this.madeOne(i) ?? this.make(i));
    this.all = all;
    this.madeAt = new Int32Array(0);
    this.made = [];
    return all;
  }

  /** Record `i` if it was made one by one already. */
  private madeOne(i: number): ZoneRecord | undefined {
    const k = i < this.madeAt.length ? this.madeAt[i] : 0;
    return k === 0 ? undefined : this.made[k - 1];
  }

  private make(i: number): ZoneRecord {
    const data = this.fields.get(i) ?? this.sourceOf(i);
    return this.row(
      i,
      (cells, at) => new ZoneRecord(this.owner(i), cells, at, this.base, data, this.unknownTypes.get(i)),
    );
  }

  /** `use` of the row of record `i`: its cells (its chunk, or a wide row of its own) and where it starts in them. */
  private row<T>(i: number, use: (cells: Int32Array, at: number) => T): T {
    const chunk = this.chunks[RecordRows.chunkOfRow(i)];
    const at = RecordRows.rowOffset(i);
    const cells = this.rows.cellsOf(chunk, at);
    return use(cells, cells === chunk ? at : 0);
  }

  /** The source of the stretch that holds record `i`: the last that starts at `i` or before. */
  private sourceOf(i: number): RdataSource {
    return this.sources[firstFrom(this.sourceFrom, i + 1, (from) => from) - 1];
  }
}
