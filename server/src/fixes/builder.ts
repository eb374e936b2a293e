/**
 * Building a fix: text edits in the file's own style, and beside them the
 * change those edits must make to the records (what `verify` checks). The
 * three moves every fix is made of: rewrite a field, delete records, insert
 * records after a record.
 */
import type { ZoneRecord } from '../zone/parser';
import {
  columnOf,
  gapBetween,
  isAbsolute,
  isBlankChar,
  isBlankOwner,
  padding,
  sameName,
  widthOf,
  type ZoneSource,
} from './source';
import type { ExpectedField, ExpectedRecord, FileEdit, FixPlan } from './types';
import { normalizeEdits } from './verify';

/** A record to insert: its owner, type and RDATA as written, and what the parser will read from it. */
export interface NewRecord {
  /** Absolute owner name. */
  owner: string;
  /** Type mnemonic, upper case. */
  type: string;
  /** RDATA tokens as they are to be written. */
  rdata: readonly string[];
  /** The fields the parser reads from them. */
  values: readonly ExpectedField[];
  /** The TTL the record must have (it joins an RRset); undefined when the zone's default will do. */
  ttl?: number;
}

/** Collects the edits and the intended record changes of one fix; any unsafe step makes the whole fix fail. */
export class FixBuilder {
  private readonly edits: FileEdit[] = [];
  private readonly changed = new Map<ZoneRecord, ExpectedRecord | null>();
  private readonly added: ExpectedRecord[] = [];
  private failed = false;

  constructor(readonly src: ZoneSource) {}

  /** Gives up: the fix cannot be written safely. */
  fail(): void {
    this.failed = true;
  }

  get ok(): boolean {
    return !this.failed;
  }

  /** Replaces `[start, end)` of a file (the file must read cleanly, or line extents cannot be trusted). */
  replace(file: number, start: number, end: number, newText: string): void {
    if (!this.src.isLexicallySound(file)) this.failed = true;
    this.edits.push({ file, start, end, newText });
  }

  /** Writes `text` over RDATA field `index` of `record`, which then reads as `value`. */
  replaceField(record: ZoneRecord, index: number, text: string, value: string): void {
    const f = record.rdata[index];
    this.replace(record.file, f.start, f.end, text);
    this.modify(record, (e) => ({ ...e, rdata: e.rdata.map((x, i) => (i === index ? { kind: f.kind, value } : x)) }));
  }

  /** Notes that `record` will read back changed as `change` says. */
  modify(record: ZoneRecord, change: (e: ExpectedRecord) => ExpectedRecord): void {
    const current = this.changed.get(record);
    if (current === null) return this.fail(); // deleted already
    this.changed.set(record, change(current ?? expectedOf(record)));
  }

  /**
   * Deletes records, whole lines each (comments on them and parentheses
   * included). When a deleted record named the owner that following records
   * continue with a blank owner field, the first kept one gets that owner
   * written out, aligned where its first field was.
   */
  deleteRecords(records: readonly ZoneRecord[]): void {
    const doomed = new Set(records);
    for (const r of records) {
      if (this.changed.has(r)) return this.fail();
      this.changed.set(r, null);
    }
    for (const r of records) {
      const text = this.src.text(r.file);
      const ext = this.src.extent(r);
      // A continuation line opened with `(` before its first field: deleting it would unbalance the parentheses elsewhere.
      if (ext.lineStart < r.start && gapBetween(text, ext.lineStart, r.start) === null) return this.fail();
      this.replace(r.file, ext.lineStart, ext.next, '');
      if (isBlankOwner(r)) continue;
      let k = this.src.nextRecord(r);
      while (k !== undefined && isBlankOwner(k) && doomed.has(k)) k = this.src.nextRecord(k);
      if (k !== undefined && isBlankOwner(k)) this.carryOwner(r, k);
    }
  }

  /** Writes the owner of deleted `from` at the start of `to`, a record that continued it with a blank owner. */
  private carryOwner(from: ZoneRecord, to: ZoneRecord): void {
    const text = this.src.text(to.file);
    const ls = this.src.lineStart(to.file, to.start);
    const indent = gapBetween(text, ls, to.start);
    if (indent === null) return this.fail();
    const written = this.src.text(from.file).slice(from.ownerStart, from.ownerEnd);
    const here = this.src.originAt(to.file, to.start);
    const there = this.src.originAt(from.file, from.start);
    // The same text means the same name only under the same origin; otherwise write the name for this place.
    const sameOrigin = here !== null && there !== null && sameName(here, there);
    const owner = sameOrigin || isAbsolute(written) ? written : this.src.writeOwner(to.file, to.start, from.owner);
    const pad = padding(widthOf(owner), columnOf(text, ls, to.start), indent.includes('\t'));
    this.replace(to.file, ls, to.start, owner + pad);
  }

  /**
   * Inserts records on new lines after `anchor`: right after it when they all
   * have its owner, else after the records that continue its owner (so that
   * none of those changes owner). Each line is laid out like the nearest
   * record of its kind: the same columns, tabs or spaces, class written or
   * not, blank owner where the file uses them, names relative to the origin
   * in effect there when the file writes them so, the file's line ends. A TTL
   * is written when the record must have one other than it would inherit.
   */
  insertAfter(anchor: ZoneRecord, records: readonly NewRecord[]): void {
    const src = this.src;
    const file = anchor.file;
    const direct = records.every((n) => sameName(n.owner, anchor.owner));
    const prev = direct ? anchor : src.runEnd(anchor);
    const ext = src.extent(prev);
    const eol = src.eol(file);
    const style = src.style(file);
    const offset = ext.next;
    let owner = prev.owner;
    // What a record written without a TTL here inherits: the previous record's TTL when it inherited too; unknown
    // after an explicit TTL (the $TTL default or that TTL, depending on whether a $TTL came before).
    let inherited: number | undefined = prev.ttlStart >= 0 ? undefined : prev.ttl;
    let lastWritten: number | undefined = prev.ttlStart >= 0 ? prev.ttl : undefined;
    const lines: string[] = [];
    for (const n of records) {
      const blank = style.blankOwners && sameName(n.owner, owner);
      const model = src.layoutModel(file, offset, n.type, blank) ?? prev;
      let ttl: number | undefined;
      let writeTtl = false;
      if (n.ttl === undefined) {
        const known = inherited ?? lastWritten;
        if (style.ttlEverywhere && known !== undefined) {
          ttl = known;
          writeTtl = true;
        } else ttl = inherited;
      } else {
        ttl = n.ttl;
        writeTtl = style.ttlEverywhere || inherited !== n.ttl;
      }
      if (writeTtl) {
        lastWritten = ttl;
        inherited = undefined;
      } else inherited = ttl;
      lines.push(
        layoutLine(src, model, {
          owner: blank ? null : src.writeOwner(file, offset, n.owner),
          ttl: writeTtl && ttl !== undefined ? src.ttlText(file, ttl) : undefined,
          type: n.type,
          rdata: n.rdata,
        }),
      );
      owner = n.owner;
      this.added.push({ file, owner: n.owner, ttl, classCode: prev.classCode, type: n.type, rdata: n.values });
    }
    const body = lines.join(eol);
    // At the end of a file with no final line end, the new lines go after a line end of their own.
    this.replace(file, offset, offset, ext.next === ext.contentEnd ? eol + body : body + eol);
  }

  /** The fix, or null when a step failed or two edits overlap. */
  build(title: string, isPreferred: boolean): FixPlan | null {
    if (this.failed) return null;
    const edits = normalizeEdits(this.edits);
    if (edits === null) return null;
    const remove: ZoneRecord[] = [];
    const add: ExpectedRecord[] = [];
    for (const [record, after] of this.changed) {
      remove.push(record);
      if (after !== null) add.push(after);
    }
    return { title, isPreferred, edits, remove, add: [...add, ...this.added] };
  }
}

/** A record of the zone as an expected record (to be changed by a fix). */
export function expectedOf(r: ZoneRecord): ExpectedRecord {
  return {
    file: r.file,
    owner: r.owner,
    ttl: r.ttl,
    classCode: r.classCode,
    type: r.type,
    rdata: r.rdata.map((f) => ({ kind: f.kind, value: f.value })),
  };
}

/** The written parts of a new line: owner text (null for a blank owner), TTL text, type, RDATA tokens. */
interface LineParts {
  owner: string | null;
  ttl: string | undefined;
  type: string;
  rdata: readonly string[];
}

/** Where a slot of the model line is and how it was separated from the one before. */
interface Slot {
  column: number;
  /** The blanks before it. */
  gap: string;
  /** The one blank character before it, when only one (a file that separates, not aligns). */
  single: string | null;
}

/** A new record's line, laid out after `model`'s first line. */
function layoutLine(src: ZoneSource, model: ZoneRecord, parts: LineParts): string {
  const text = src.text(model.file);
  const ls = src.lineStart(model.file, model.start);
  let lineEnd = ls;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  const slotAt = (start: number): Slot | undefined => {
    if (start < 0 || start >= lineEnd) return undefined;
    let g = start;
    while (g > ls && isBlankChar(text.charCodeAt(g - 1))) g--;
    const gap = text.slice(g, start);
    return { column: columnOf(text, ls, start), gap, single: gap.length === 1 ? gap : null };
  };
  const useTabs = text.slice(ls, model.rdata[0]?.start ?? lineEnd).includes('\t');
  const classText = model.classStart >= 0 ? text.slice(model.classStart, model.classEnd) : undefined;
  const modelType = text.slice(model.typeStart, model.typeEnd);
  const type = modelType === modelType.toLowerCase() ? parts.type.toLowerCase() : parts.type;
  const head: [Slot | undefined, string | undefined][] = [
    [slotAt(model.ttlStart), parts.ttl],
    [slotAt(model.classStart), classText],
  ];
  if (model.classStart >= 0 && model.ttlStart >= 0 && model.classStart < model.ttlStart) head.reverse();
  const tokens: [Slot | undefined, string][] = [];
  for (const [slot, tok] of head) if (tok !== undefined) tokens.push([slot, tok]);
  tokens.push([slotAt(model.typeStart), type]);
  if (parts.rdata.length > 0) tokens.push([slotAt(model.rdata[0]?.start ?? -1), parts.rdata[0]]);

  let line: string;
  if (parts.owner === null) {
    const indent = isBlankOwner(model) ? gapBetween(text, ls, model.start) : null;
    line = indent ?? (useTabs ? '\t' : '        ');
  } else line = parts.owner;
  tokens.forEach(([slot, tok], i) => {
    if (i > 0 || parts.owner !== null) {
      const col = widthOf(line);
      // Past the model's column (a long owner): one blank after the owner, then the model's own gaps, so that
      // the rest of the line keeps its shape.
      const overflow = slot !== undefined && slot.column <= col && i > 0 && slot.gap !== '' ? slot.gap : undefined;
      line += slot?.single ?? overflow ?? padding(col, slot?.column, useTabs);
    }
    line += tok;
  });
  // Between RDATA fields, the model's separator when it is a record of the same type, else one space.
  const f0 = model.rdata[0];
  const f1 = model.rdata[1];
  const sep =
    model.type === parts.type && f0 !== undefined && f1 !== undefined && f1.start < lineEnd
      ? (gapBetween(text, f0.end, f1.start) ?? ' ')
      : ' ';
  for (const tok of parts.rdata.slice(1)) line += sep + tok;
  return line;
}
