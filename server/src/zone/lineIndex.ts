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
  /** The text has a carriage return (then `edited` scans the whole text). */
  private readonly hasCarriageReturn: boolean;

  /** `known`: the line starts of `text`, worked out by `edited`. */
  constructor(
    readonly text: string,
    known?: { starts: Int32Array; hasCarriageReturn: boolean },
  ) {
    if (known !== undefined) {
      this.starts = known.starts;
      this.hasCarriageReturn = known.hasCarriageReturn;
      return;
    }
    this.hasCarriageReturn = text.indexOf('\r') >= 0;
    const starts = [0];
    const n = text.length;
    if (!this.hasCarriageReturn) {
      // `\n` line ends only (the usual case): `indexOf` finds them in native code.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x0a) starts.push(i + 1);
        else if (c === 0x0d) {
          if (text.charCodeAt(i + 1) === 0x0a) i++;
          starts.push(i + 1);
        }
      }
    }
    this.starts = Int32Array.from(starts);
  }

  /**
   * The index of `text`, which is this index's text with `[edit.start,
   * edit.oldEnd)` replaced by `text.slice(edit.start, edit.newEnd)`: the line
   * starts before the edit are kept, those after it moved, and only the new
   * text is scanned, so an edit costs a copy of the line table instead of a
   * scan of the whole text.
   */
  edited(text: string, edit: { start: number; oldEnd: number; newEnd: number }): LineIndex {
    const { start, oldEnd, newEnd } = edit;
    const delta = newEnd - oldEnd;
    // Carriage returns pair with line feeds across the edit's ends: such texts are scanned whole.
    if (this.hasCarriageReturn || text.length !== this.text.length + delta) return new LineIndex(text);
    for (let i = start; i < newEnd; i++) if (text.charCodeAt(i) === 0x0d) return new LineIndex(text);
    const old = this.starts;
    // The line starts up to the edit's start stay: the line feed before each lies before the edit.
    const kept = this.lineOf(start) + 1;
    const added: number[] = [];
    for (let i = text.indexOf('\n', start); i >= 0 && i < newEnd; i = text.indexOf('\n', i + 1)) added.push(i + 1);
    // Those whose line feed was inside the replaced text are gone; the later ones move with the edit.
    let moved = kept;
    while (moved < old.length && old[moved] <= oldEnd) moved++;
    const firstMoved = kept + added.length;
    const starts = new Int32Array(firstMoved + old.length - moved);
    starts.set(old.subarray(0, kept));
    starts.set(added, kept);
    for (let k = moved, at = firstMoved; k < old.length; k++, at++) starts[at] = old[k] + delta;
    const index = new LineIndex(text, { starts, hasCarriageReturn: false });
    // With as many lines as before, every line after the edit keeps its number and its characters.
    const stableFrom = starts.length === old.length && firstMoved < starts.length ? starts[firstMoved] : Infinity;
    index.origin = { before: this, editStart: start, stableFrom, delta };
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
    if (offset <= o.editStart) return offset === oldOffset;
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

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(offset);
    return { line, character: offset - this.starts[line] };
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, pos.line)];
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + pos.character, next));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}
