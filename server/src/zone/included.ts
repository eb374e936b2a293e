import type { Directive } from './parser';
import type { ZoneRecord } from './record';

/** Reading order of two records of a zone: negative when `a` is read before `b`. */
export type RecordOrder = (a: ZoneRecord, b: ZoneRecord) => number;

/**
 * The reading order of a zone of one file: by offset, then, for the records
 * of one `$GENERATE` (which stand together, where its template does), by the
 * value of `$` that made them.
 */
export const byStart: RecordOrder = (a, b) => a.start - b.start || a.generatedValue - b.generatedValue;

/** Where an included record stands: the main file's `$INCLUDE` that brought it in, and its number among included records. */
interface Place {
  at: Directive;
  seq: number;
}

/**
 * The records of the files a zone includes, as a resumable parse keeps them
 * (zone/parser.ts), so that an edit of the main file is analysed around the
 * edit in such a zone as in any other (checks/incremental.ts).
 *
 * Each is read where the `$INCLUDE` line of the main file that brought it
 * in stands (directly, or through the files that file includes), after the
 * records before that line and before those after it; those of one such
 * line in the order they were read. That line is a directive of the parse,
 * whose offsets an edit above it moves (`reparse`): the order follows
 * without a change here, and the included records keep their own offsets,
 * in their own files.
 */
export class IncludedRecords {
  private readonly places = new Map<ZoneRecord, Place>();
  /** Each included file's records, by file index, in the order read (by offset): made on first use. */
  private byFile: ZoneRecord[][] | undefined;

  /** Notes record `r` of an included file, read now, brought in by `at` (a `$INCLUDE` of the main file). */
  add(r: ZoneRecord, at: Directive): void {
    this.places.set(r, { at, seq: this.places.size + 1 });
    this.byFile = undefined;
  }

  /**
   * Where a record stands in the main file: its own offset, or for an
   * included record that of the `$INCLUDE` line that brought it in. A line
   * holds one record or one directive, so only the records of one
   * `$INCLUDE`, or of one `$GENERATE`, share a key, and keys grow with the
   * order records are read in. (A zone that includes no file asks no map:
   * the server finds the record under each diagnostic by this key.)
   */
  readonly key = (r: ZoneRecord): number =>
    this.places.size === 0 ? r.start : (this.places.get(r)?.at.start ?? r.start);

  /**
   * The zone's reading order (`RecordOrder`): by key, then for the records
   * of one `$INCLUDE`, as read, and for those of one `$GENERATE`, by the
   * value of `$` that made them (see `byStart`).
   */
  readonly compare: RecordOrder = (a, b) => {
    if (this.places.size === 0) return byStart(a, b);
    const pa = this.places.get(a);
    const pb = this.places.get(b);
    return (
      (pa?.at.start ?? a.start) - (pb?.at.start ?? b.start) ||
      (pa?.seq ?? 0) - (pb?.seq ?? 0) ||
      a.generatedValue - b.generatedValue
    );
  };

  /** The records of included file `file`, by offset. */
  recordsOf(file: number): readonly ZoneRecord[] {
    if (this.byFile === undefined) {
      this.byFile = [];
      for (const r of this.places.keys()) (this.byFile[r.file] ??= []).push(r);
    }
    return this.byFile[file] ?? [];
  }
}
