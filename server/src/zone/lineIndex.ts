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

/** Lines per block of a new index (see `LineIndex`). */
const BLOCK_LINES = 1024;

/**
 * Converts UTF-16 offsets of a text to LSP positions and back. Line ends are
 * `\n`, `\r\n` and `\r`, as LSP defines them. JavaScript strings are UTF-16
 * already, so an offset into the string is an LSP character count.
 *
 * The line starts are kept in blocks of about a thousand lines, each counted
 * from the block's first line, so that an edit moves the blocks after it by
 * changing their first offsets, not each line (see `edited`). A block is
 * never changed once made: an edited index shares all but the edited ones
 * with the index it was made from.
 */
export class LineIndex {
  /** Each block's line starts, relative to its first (so each begins with 0). */
  private readonly blocks: Int32Array[];
  /** The offset of each block's first line. */
  private readonly bases: Int32Array;
  /** The number of lines before each block, and the line count at the end. */
  private readonly firstLines: Int32Array;
  /** Lines per block: blocks are split when they grow to twice this, merged when they shrink to a quarter. */
  private readonly blockLines: number;
  /**
   * Set on an index made by `edited`: the index it was made from, and the
   * offsets of this text whose positions are the same as there (see `samePosition`).
   */
  private origin?: { before: LineIndex; editStart: number; stableFrom: number; delta: number };

  /** `blockLines`: lines per block (tests make it small); `made`: the blocks of `text`, worked out by `edited`. */
  constructor(
    readonly text: string,
    blockLines = BLOCK_LINES,
    made?: { blocks: Int32Array[]; bases: Int32Array },
  ) {
    this.blockLines = blockLines;
    made ??= lineBlocks(text, blockLines);
    this.blocks = made.blocks;
    this.bases = made.bases;
    this.firstLines = new Int32Array(this.blocks.length + 1);
    for (let b = 0; b < this.blocks.length; b++) this.firstLines[b + 1] = this.firstLines[b] + this.blocks[b].length;
  }

  /**
   * The index of `text`, which is this index's text with `[edit.start,
   * edit.oldEnd)` replaced by `text.slice(edit.start, edit.newEnd)`. The
   * blocks before the edit are kept, those after it too, with their base
   * moved, and only the new text is scanned: an edit costs one block and
   * the list of blocks, not a pass over every line. Unless `track` is
   * false, the new index remembers this one (for `samePosition`), and with
   * it the old text.
   */
  edited(text: string, edit: { start: number; oldEnd: number; newEnd: number }, track = true): LineIndex {
    const { start, oldEnd, newEnd } = edit;
    const delta = newEnd - oldEnd;
    if (text.length !== this.text.length + delta) return new LineIndex(text, this.blockLines);
    // Whether a line starts at an offset depends on the characters before it and at it (a carriage
    // return starts a line unless a line feed follows): the starts before the edit's start stay,
    // those from there to the end of the new text are found again, the later ones move with the edit.
    const kept = start === 0 ? 0 : this.lineOf(start - 1) + 1;
    let moved = kept;
    while (moved < this.lineCount && this.lineStart(moved) <= oldEnd) moved++;
    // The blocks from the one holding line `kept` to the one holding line `moved` are made again.
    const blocks = this.blocks;
    const first = Math.min(this.blockOf(kept), blocks.length - 1);
    const last = moved < this.lineCount ? this.blockOf(moved) : blocks.length - 1;
    const starts: number[] = [];
    const firstLine = this.firstLines[first];
    for (let line = firstLine; line < kept; line++) starts.push(this.lineStart(line));
    for (let p = start; p <= newEnd; p++) if (startsLine(text, p)) starts.push(p);
    const firstMoved = firstLine + starts.length;
    const endLine = this.firstLines[last + 1];
    for (let line = moved; line < endLine; line++) starts.push(this.lineStart(line) + delta);
    // A stretch too short is merged with the next block; one too long is split.
    const size = this.blockLines;
    let tail = last + 1;
    if (starts.length < size / 4 && tail < blocks.length) {
      const next = blocks[tail];
      const base = this.bases[tail] + delta;
      for (let k = 0; k < next.length; k++) starts.push(base + next[k]);
      tail++;
    }
    const made: Int32Array[] = [];
    const madeBases: number[] = [];
    const pieces = starts.length === 0 ? 0 : Math.max(1, Math.floor(starts.length / size));
    for (let p = 0; p < pieces; p++) {
      const from = Math.floor((p * starts.length) / pieces);
      made.push(block(starts, from, Math.floor(((p + 1) * starts.length) / pieces)));
      madeBases.push(starts[from]);
    }
    const bases = new Int32Array(first + made.length + blocks.length - tail);
    bases.set(this.bases.subarray(0, first));
    bases.set(madeBases, first);
    for (let b = tail, at = first + made.length; b < blocks.length; b++, at++) bases[at] = this.bases[b] + delta;
    const index = new LineIndex(text, size, {
      blocks: [...blocks.slice(0, first), ...made, ...blocks.slice(tail)],
      bases,
    });
    // With as many lines as before, every line after the edit keeps its number and its characters.
    const stableFrom =
      index.lineCount === this.lineCount && firstMoved < index.lineCount ? index.lineStart(firstMoved) : Infinity;
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

  /** The block that holds a line (0 ≤ line < lineCount). */
  private blockOf(line: number): number {
    return lastAtMost(this.firstLines, this.blocks.length, line);
  }

  /** The line an offset is on. */
  private lineOf(offset: number): number {
    const b = lastAtMost(this.bases, this.bases.length, offset);
    const starts = this.blocks[b];
    return this.firstLines[b] + lastAtMost(starts, starts.length, offset - this.bases[b]);
  }

  get lineCount(): number {
    return this.firstLines[this.blocks.length];
  }

  /** Offset of the first character of a line (clamped). */
  lineStart(line: number): number {
    line = Math.max(0, Math.min(line, this.lineCount - 1));
    const b = this.blockOf(line);
    return this.bases[b] + this.blocks[b][line - this.firstLines[b]];
  }

  /** The position of an offset; one between a carriage return and its line feed is the line's end (as VS Code has it). */
  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(offset);
    const start = this.lineStart(line);
    if (offset > start && this.text.charCodeAt(offset - 1) === 0x0d) offset--;
    return { line, character: offset - start };
  }

  /** The offset of a position; one past the end of its line is the line's end, before the line break (LSP). */
  offsetAt(pos: Position): number {
    if (pos.line >= this.lineCount) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.lineStart(pos.line);
    let end = pos.line + 1 < this.lineCount ? this.lineStart(pos.line + 1) : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 0x0a) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 0x0d) end--;
    return Math.max(start, Math.min(start + pos.character, end));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

/** The last index below `n` whose value in the ascending `a` is at most `x` (0 when there is none). */
function lastAtMost(a: Int32Array, n: number, x: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The blocks of a new index of `text`: the line starts written straight into
 * blocks of `blockLines`, with no list of them all (a million lines would be
 * a list of 8 MB, and more while it grows).
 */
function lineBlocks(text: string, blockLines: number): { blocks: Int32Array[]; bases: Int32Array } {
  // `\n` line ends only (the usual case): `indexOf` finds them in native code.
  const lfOnly = text.indexOf('\r') < 0;
  const blocks: Int32Array[] = [];
  const bases: number[] = [0];
  let current = new Int32Array(blockLines);
  let n = 1; // the first line starts at 0
  for (let p = nextLine(text, 0, lfOnly); p >= 0; p = nextLine(text, p, lfOnly)) {
    if (n === blockLines) {
      blocks.push(current);
      bases.push(p);
      current = new Int32Array(blockLines);
      n = 0;
    }
    current[n++] = p - bases[bases.length - 1];
  }
  blocks.push(n === blockLines ? current : current.slice(0, n));
  return { blocks, bases: Int32Array.from(bases) };
}

/** The start of the line after the one that starts at `p`, or -1 at the last line. `lfOnly`: the text has no `\r`. */
function nextLine(text: string, p: number, lfOnly: boolean): number {
  if (lfOnly) {
    const i = text.indexOf('\n', p);
    return i < 0 ? -1 : i + 1;
  }
  for (let q = p + 1; q <= text.length; q++) if (startsLine(text, q)) return q;
  return -1;
}

/** A block of the line starts `starts[from..to)` (absolute), counted from the first. */
function block(starts: readonly number[], from: number, to: number): Int32Array {
  const base = starts[from];
  const rel = new Int32Array(to - from);
  for (let k = from; k < to; k++) rel[k - from] = starts[k] - base;
  return rel;
}

/** A line starts at `p`: at the start of the text, after a line feed, or after a carriage return with no line feed next. */
function startsLine(text: string, p: number): boolean {
  if (p === 0) return true;
  const c = text.charCodeAt(p - 1);
  return c === 0x0a || (c === 0x0d && text.charCodeAt(p) !== 0x0a);
}
