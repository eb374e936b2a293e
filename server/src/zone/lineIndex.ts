/** An LSP position: 0-based line, UTF-16 character. */
export interface Position {
  line: number;
  character: number;
}

/** An LSP range. */
export interface Range {
  start: Position;
  end: Position;
}

/**
 * Converts UTF-16 offsets of a text to LSP positions and back. Line ends are
 * `\n`, `\r\n` and `\r`, as LSP defines them. JavaScript strings are UTF-16
 * already, so an offset into the string is an LSP character count.
 */
export class LineIndex {
  /** The offset at which each line starts. */
  private readonly starts: Int32Array;
  /**
   * Set on an index made by `edited`: the index it was made from, and the
   * offsets of this text whose positions are the same as there (see `samePosition`).
   */
  private origin?: { before: LineIndex; editStart: number; stableFrom: number; delta: number };

  /** `known`: the line starts of `text`, worked out by `edited`. */
  constructor(
    readonly text: string,
    known?: Int32Array,
  ) {
    if (known !== undefined) {
      this.starts = known;
      return;
    }
    const starts = [0];
    const n = text.length;
    if (text.indexOf('\r') < 0) {
      // `\n` line ends only (the usual case): `indexOf` finds them in native code.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let p = 1; p <= n; p++) if (startsLine(text, p)) starts.push(p);
    }
    this.starts = Int32Array.from(starts);
  }

  /**
   * The index of `text`, which is this index's text with `[edit.start,
   * edit.oldEnd)` replaced by `text.slice(edit.start, edit.newEnd)`: the line
   * starts before the edit are kept, those after it moved, and only the new
   * text is scanned, so an edit costs a copy of the line table instead of a
   * scan of the whole text. Unless `track` is false, the new index
   * remembers this one (for `samePosition`), and with it the old text.
   */
  edited(text: string, edit: { start: number; oldEnd: number; newEnd: number }, track = true): LineIndex {
    const { start, oldEnd, newEnd } = edit;
    const delta = newEnd - oldEnd;
    if (text.length !== this.text.length + delta) return new LineIndex(text);
    const old = this.starts;
    // Whether a line starts at an offset depends on the characters before it and at it (a carriage
    // return starts a line unless a line feed follows): the starts before the edit's start stay,
    // those from there to the end of the new text are found again, the later ones move with the edit.
    const kept = start === 0 ? 0 : this.lineOf(start - 1) + 1;
    const added: number[] = [];
    for (let p = start; p <= newEnd; p++) if (startsLine(text, p)) added.push(p);
    let moved = kept;
    while (moved < old.length && old[moved] <= oldEnd) moved++;
    const firstMoved = kept + added.length;
    const starts = new Int32Array(firstMoved + old.length - moved);
    starts.set(old.subarray(0, kept));
    starts.set(added, kept);
    for (let k = moved, at = firstMoved; k < old.length; k++, at++) starts[at] = old[k] + delta;
    const index = new LineIndex(text, starts);
    // With as many lines as before, every line after the edit keeps its number and its characters.
    const stableFrom = starts.length === old.length && firstMoved < starts.length ? starts[firstMoved] : Infinity;
    if (track) index.origin = { before: this, editStart: start, stableFrom, delta };
    // Only one step back is kept: a chain of old indexes would hold every old text.
    this.origin = undefined;
    return index;
  }

  /**
   * True when `offset` of this text has the position `oldOffset` had in
   * `before`'s text, known without computing either: `before` is the index
   * this one was `edited` from, and the offset lies before the edit, or after
   * it on a later line when the edit changed no line count.
   */
  samePosition(before: LineIndex, oldOffset: number, offset: number): boolean {
    if (this === before) return offset === oldOffset;
    const o = this.origin;
    if (o === undefined || o.before !== before) return false;
    // Before the edit (a line may start at its first offset, when a line feed was typed after a carriage return).
    if (offset < o.editStart) return offset === oldOffset;
    return offset >= o.stableFrom && offset === oldOffset + o.delta;
  }

  /** The line an offset is on. */
  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset of the first character of a line (clamped). */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** The position of an offset; one between a carriage return and its line feed is the line's end (as VS Code has it). */
  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(offset);
    const start = this.starts[line];
    if (offset > start && this.text.charCodeAt(offset - 1) === 0x0d) offset--;
    return { line, character: offset - start };
  }

  /** The offset of a position; one past the end of its line is the line's end, before the line break (LSP). */
  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.starts[pos.line];
    let end = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 0x0a) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 0x0d) end--;
    return Math.max(start, Math.min(start + pos.character, end));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

/** A line starts at `p`: at the start of the text, after a line feed, or after a carriage return with no line feed next. */
function startsLine(text: string, p: number): boolean {
  if (p === 0) return true;
  const c = text.charCodeAt(p - 1);
  return c === 0x0a || (c === 0x0d && text.charCodeAt(p) !== 0x0a);
}
