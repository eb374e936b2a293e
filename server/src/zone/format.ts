/**
 * Column alignment of a zone file's records: owner, TTL, class, type and
 * RDATA start at the same column on every record line, in the file's own
 * style (tabs or spaces, the columns it already uses where they fit).
 *
 * Only whitespace changes, and only where whitespace cannot mean anything:
 * the blanks between the header fields of a record's first line and before
 * its RDATA, the indentation of the lines a parenthesised record continues
 * on (shifted with its RDATA), and trailing blanks. A line that starts with
 * a blank keeps a blank there (it continues the previous owner) and a line
 * that starts with a name keeps it at column 0. Fields are never added or
 * removed, comments and parentheses stay where they are in the text, and
 * lines the parser could not read are left alone.
 */
import { isBlank } from './lexer';
import { logicalLine } from './logicalLine';
import type { ZoneRecord } from './parser';

/** One edit of the file's text: replace `[start, end)` with `newText`. */
export interface TextSpanEdit {
  start: number;
  end: number;
  newText: string;
}

export interface FormatOptions {
  /** Columns a tab advances to (the editor's tab size); default 8, as BIND-style files assume. */
  tabWidth?: number;
  /** Tabs or spaces when the file shows no preference of its own; default spaces. */
  insertSpaces?: boolean;
  /** Format only the records whose lines touch `[start, end]` (offsets); the columns still come from the whole file. */
  range?: { start: number; end: number };
  /**
   * The file has no unbalanced parenthesis and no unterminated string: the
   * lines of a multi-line record can be found. When false, continuation lines
   * are left as they are.
   */
  sound?: boolean;
}

/** The file's layout as the formatter sees it (exported for completion snippets and tests). */
export interface FileLayout {
  useTabs: boolean;
  /**
   * Column of each slot (owner, TTL, class, type, RDATA); -1 when the slot has
   * no column (no record has it, or few enough that it is written inline).
   */
  columns: number[];
}

/** Slots of a record line, left to right. */
const OWNER = 0;
const TYPE = 3;
const RDATA = 4;
const SLOTS = 5;

const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;

/** A field of a record's first line, and the blanks before it. */
interface Cell {
  slot: number;
  start: number;
  end: number;
  /** The blanks before the cell: from the previous cell's end (or the line start). */
  gapStart: number;
}

/** A record as the formatter sees it. */
interface Row {
  lineStart: number;
  cells: Cell[];
  /** Start of each physical line after the first that the record spans. */
  continuations: number[];
  /** Offset after the record's last physical line's content (before its line end). */
  contentEnd: number;
  /** Trailing blanks may go (false when an unterminated string could own them). */
  trim: boolean;
}

/**
 * The edits that align the records of one file. `records` are the records
 * the parser read from `text` (others are ignored). Non-overlapping, in text
 * order, and none at all when the file is aligned already.
 */
export function formatEdits(text: string, records: readonly ZoneRecord[], options: FormatOptions = {}): TextSpanEdit[] {
  const tabWidth = options.tabWidth !== undefined && options.tabWidth > 0 ? Math.floor(options.tabWidth) : 8;
  const rows = recordRows(text, records, options.sound !== false);
  const layout = computeLayout(text, rows, tabWidth, options.insertSpaces !== false);
  const edits: TextSpanEdit[] = [];
  const range = options.range;
  for (const row of rows) {
    if (range !== undefined && (row.contentEnd < range.start || row.lineStart > range.end)) continue;
    rowEdits(text, row, layout, tabWidth, edits);
  }
  return edits.filter((e) => text.slice(e.start, e.end) !== e.newText).sort((a, b) => a.start - b.start);
}

/** The layout `formatEdits` would give the file (tabs or spaces, columns). */
export function fileLayout(text: string, records: readonly ZoneRecord[], options: FormatOptions = {}): FileLayout {
  const tabWidth = options.tabWidth !== undefined && options.tabWidth > 0 ? Math.floor(options.tabWidth) : 8;
  return computeLayout(
    text,
    recordRows(text, records, options.sound !== false),
    tabWidth,
    options.insertSpaces !== false,
  );
}

/** Applies non-overlapping edits to a text. */
export function applySpanEdits(text: string, edits: readonly TextSpanEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

// --- reading the rows ------------------------------------------------------

function recordRows(text: string, records: readonly ZoneRecord[], sound: boolean): Row[] {
  const rows: Row[] = [];
  let lastLine = -1;
  const sorted = records.filter((r) => !r.generated).sort((a, b) => a.start - b.start);
  for (const r of sorted) {
    if (r.end > text.length) continue;
    const row = recordRow(text, r, sound);
    // Two records can never share a line; if they seem to, leave both lines alone.
    if (row === undefined || row.lineStart <= lastLine) continue;
    lastLine = row.contentEnd;
    rows.push(row);
  }
  return rows;
}

/** The cells of a record's first line, or undefined when its layout is not one the formatter can change safely. */
function recordRow(text: string, r: ZoneRecord, sound: boolean): Row | undefined {
  const blankOwner = r.ownerEnd === r.ownerStart;
  const first = blankOwner ? headerStart(r) : r.ownerStart;
  const lineStart = lineStartOf(text, first);
  const cells: Cell[] = [];
  if (blankOwner) {
    // The blanks that make the owner blank must stay: at least one, nothing else.
    if (lineStart === first || !isBlanks(text, lineStart, first)) return undefined;
  } else {
    if (r.ownerStart !== lineStart) return undefined;
    cells.push({ slot: OWNER, start: r.ownerStart, end: r.ownerEnd, gapStart: r.ownerStart });
  }
  const header: { start: number; end: number; ttl: boolean }[] = [];
  if (r.ttlStart >= 0) header.push({ start: r.ttlStart, end: r.ttlEnd, ttl: true });
  if (r.classStart >= 0) header.push({ start: r.classStart, end: r.classEnd, ttl: false });
  header.sort((a, b) => a.start - b.start);
  const slots = header.length === 2 ? [1, 2] : header.length === 1 ? [header[0].ttl ? 1 : 2] : ([] as number[]);
  header.forEach((h, i) => cells.push({ slot: slots[i], start: h.start, end: h.end, gapStart: -1 }));
  cells.push({ slot: TYPE, start: r.typeStart, end: r.typeEnd, gapStart: -1 });
  // RDATA (or its opening parenthesis) when it starts on the type's line.
  let p = r.typeEnd;
  while (p < text.length && isBlank(text.charCodeAt(p))) p++;
  const c = text.charCodeAt(p);
  if (p > r.typeEnd && p < text.length && c !== LF && c !== CR && c !== 0x3b /* ; */) {
    cells.push({ slot: RDATA, start: p, end: p + 1, gapStart: -1 });
  }
  // Every cell after the first follows blanks only, on the same line.
  let prevEnd = blankOwner ? lineStart : r.ownerEnd;
  for (let i = blankOwner ? 0 : 1; i < cells.length; i++) {
    const cell = cells[i];
    if (cell.start <= prevEnd || !isBlanks(text, prevEnd, cell.start)) return undefined;
    cell.gapStart = prevEnd;
    prevEnd = cell.end;
  }
  const { continuations, contentEnd } = logicalLine(text, lineStart, sound);
  return { lineStart, cells, continuations: sound ? continuations : [], contentEnd, trim: sound };
}

/** The first header token of a blank-owner record. */
function headerStart(r: ZoneRecord): number {
  let s = r.typeStart;
  if (r.ttlStart >= 0 && r.ttlStart < s) s = r.ttlStart;
  if (r.classStart >= 0 && r.classStart < s) s = r.classStart;
  return s;
}

// --- the layout ----------------------------------------------------------------

function computeLayout(text: string, rows: readonly Row[], tabWidth: number, defaultSpaces: boolean): FileLayout {
  // Tabs or spaces: what the gaps between fields use most.
  let tabs = 0;
  let spaces = 0;
  for (const row of rows) {
    for (const cell of row.cells) {
      if (cell.slot === OWNER) continue;
      if (text.slice(cell.gapStart, cell.start).includes('\t')) tabs++;
      else spaces++;
    }
  }
  const useTabs = tabs === spaces ? !defaultSpaces : tabs > spaces;

  // Widths of each slot's cells (the RDATA slot needs none: it is the last).
  const widths: number[][] = Array.from({ length: SLOTS }, () => []);
  for (const row of rows) for (const cell of row.cells) widths[cell.slot].push(cell.end - cell.start);
  // TTL and class get columns of their own when most records write them; a few
  // (the SOA's `IN`, a TTL here and there) are written inline: at the next
  // column, pushing the rest of their line along.
  const present = widths.map((w, s) => w.length > 0 && (s === OWNER || s >= TYPE || w.length >= rows.length / 2));
  // A very long field (a DKIM selector's owner) would push every column far right: such outliers overflow instead.
  const caps = widths.map(cap);

  const columns = new Array<number>(SLOTS).fill(-1);
  // The widest field of each slot that still fits before the next column (wider ones overflow).
  const limits = new Array<number>(SLOTS).fill(Infinity);
  for (let s = 0; s < SLOTS; s++) {
    if (widths[s].length === 0) continue;
    if (s === OWNER) {
      columns[s] = 0;
      continue;
    }
    if (!present[s]) {
      limits[s] = 0;
      continue;
    }
    let prev = s - 1;
    while (prev >= 0 && !present[prev]) prev--;
    if (prev < 0) {
      columns[s] = useTabs ? tabWidth : 1;
      continue;
    }
    limits[prev] = caps[prev];
    const required = roundUp(columns[prev] + maxWithin(widths[prev], caps[prev]) + 1, useTabs, tabWidth);
    // The file's own column for the slot, kept when nine fields in ten of the slot before fit in front of it.
    const usual = roundUp(usualColumn(text, rows, s, limits, tabWidth), useTabs, tabWidth);
    const room = usual - columns[prev] - 1;
    const fit = widths[prev].filter((w) => w <= room).length;
    const col = room >= 1 && fit >= 0.9 * widths[prev].length ? usual : required;
    columns[s] = col;
    limits[prev] = col - columns[prev] - 1;
  }
  return { useTabs, columns };
}

function roundUp(col: number, useTabs: boolean, tabWidth: number): number {
  return useTabs ? Math.ceil(col / tabWidth) * tabWidth : col;
}

/** The width above which a field overflows its column: the larger of 24 and the 90th percentile. */
function cap(widths: number[]): number {
  if (widths.length === 0) return 0;
  const sorted = [...widths].sort((a, b) => a - b);
  return Math.max(24, sorted[Math.floor(0.9 * (sorted.length - 1))]);
}

function maxWithin(widths: number[], limit: number): number {
  let m = 0;
  for (const w of widths) if (w <= limit && w > m) m = w;
  return m;
}

/**
 * The column the file puts slot `s` at most often, among records with no
 * field wider than its limit before it (the file's own choice, kept when it fits);
 * ties go to the smaller column.
 */
function usualColumn(text: string, rows: readonly Row[], s: number, limits: number[], tabWidth: number): number {
  const counts = new Map<number, number>();
  for (const row of rows) {
    const i = row.cells.findIndex((c) => c.slot === s);
    if (i < 0) continue;
    if (row.cells.slice(0, i).some((c) => c.end - c.start > limits[c.slot])) continue;
    const col = visualColumn(text, row.lineStart, row.cells[i].start, tabWidth);
    counts.set(col, (counts.get(col) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [col, n] of counts) {
    if (n > bestCount || (n === bestCount && col < best)) {
      best = col;
      bestCount = n;
    }
  }
  return best;
}

// --- the edits -----------------------------------------------------------------

function rowEdits(text: string, row: Row, layout: FileLayout, tabWidth: number, out: TextSpanEdit[]): void {
  // The new text of the first line, cell by cell, to know each cell's new column.
  let col = 0;
  let rdataShift = 0;
  let prevEnd = row.lineStart;
  for (const cell of row.cells) {
    if (cell.slot !== OWNER) {
      col += visualWidth(text, prevEnd, cell.gapStart, col, tabWidth);
      const gap = padding(col, targetColumn(layout, cell.slot), layout.useTabs, tabWidth);
      out.push({ start: cell.gapStart, end: cell.start, newText: gap });
      const newCol = col + visualWidth(gap, 0, gap.length, col, tabWidth);
      if (cell.slot === RDATA) rdataShift = newCol - visualColumn(text, row.lineStart, cell.start, tabWidth);
      col = newCol;
    } else col = 0;
    col += visualWidth(text, cell.start, cell.end, col, tabWidth);
    prevEnd = cell.end;
  }
  if (row.trim) trimTrailing(text, row.lineStart, out);
  // Continuation lines move with the RDATA, keeping the author's indentation relative to it.
  for (const start of row.continuations) {
    let p = start;
    while (p < text.length && isBlank(text.charCodeAt(p))) p++;
    const c = text.charCodeAt(p);
    if (p < text.length && c !== LF && c !== CR && rdataShift !== 0) {
      const indent = Math.max(1, visualColumn(text, start, p, tabWidth) + rdataShift);
      out.push({ start, end: p, newText: padding(0, indent, layout.useTabs, tabWidth) });
    }
    if (row.trim) trimTrailing(text, start, out);
  }
}

/** The column a slot's cell goes to: its own, or for an inline field the next column there is. */
function targetColumn(layout: FileLayout, slot: number): number {
  for (let s = slot; s < SLOTS; s++) if (layout.columns[s] >= 0) return layout.columns[s];
  return 0;
}

/** Removes the blanks at the end of the physical line that starts at `lineStart` (never an escaped one). */
function trimTrailing(text: string, lineStart: number, out: TextSpanEdit[]): void {
  let end = lineStart;
  while (end < text.length && text.charCodeAt(end) !== LF && text.charCodeAt(end) !== CR) end++;
  let p = end;
  while (p > lineStart && isBlank(text.charCodeAt(p - 1))) p--;
  if (p === end || p === lineStart || text.charCodeAt(p - 1) === 0x5c /* \ */) return;
  out.push({ start: p, end, newText: '' });
}

/** Blanks that move from column `col` to `target` (at least one). */
function padding(col: number, target: number, useTabs: boolean, tabWidth: number): string {
  if (target <= col) return useTabs ? '\t' : ' ';
  if (!useTabs) return ' '.repeat(target - col);
  let out = '';
  let c = col;
  while (nextStop(c, tabWidth) <= target) {
    out += '\t';
    c = nextStop(c, tabWidth);
  }
  return out + ' '.repeat(target - c);
}

function nextStop(col: number, tabWidth: number): number {
  return (Math.floor(col / tabWidth) + 1) * tabWidth;
}

/** The column reached after writing `text[start, end)` from column `col`. */
function visualWidth(text: string, start: number, end: number, col: number, tabWidth: number): number {
  let c = col;
  for (let i = start; i < end; i++) c = text.charCodeAt(i) === TAB ? nextStop(c, tabWidth) : c + 1;
  return c - col;
}

function visualColumn(text: string, lineStart: number, offset: number, tabWidth: number): number {
  return visualWidth(text, lineStart, offset, 0, tabWidth);
}

function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text.charCodeAt(i - 1) !== LF && text.charCodeAt(i - 1) !== CR) i--;
  return i;
}

function isBlanks(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) if (!isBlank(text.charCodeAt(i))) return false;
  return true;
}
