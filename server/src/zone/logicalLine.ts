/**
 * The logical line of a master file: one physical line, or several joined by
 * parentheses (RFC 1035 §5.1). Shared by the formatter (zone/format.ts) and
 * the quick fixes' record extents (fixes/source.ts).
 */

const LF = 0x0a;
const CR = 0x0d;

/** Where a logical line's physical lines start and where it ends. */
export interface LogicalLine {
  /** Start of each physical line after the first. */
  continuations: number[];
  /** End of its last physical line (the comment after it included), before the line end. */
  contentEnd: number;
  /** After the line end of its last line (= `contentEnd` at the end of a text with no final line end). */
  next: number;
}

/**
 * The physical lines of the logical line that starts at `lineStart`:
 * parentheses (outside comments, strings and escapes) carry it over line ends.
 */
export function logicalLine(text: string, lineStart: number, followParentheses: boolean): LogicalLine {
  const continuations: number[] = [];
  const n = text.length;
  let depth = 0;
  let p = lineStart;
  while (p < n) {
    const c = text.charCodeAt(p);
    if (c === LF || c === CR) {
      const next = c === CR && text.charCodeAt(p + 1) === LF ? p + 2 : p + 1;
      if (depth <= 0 || !followParentheses) return { continuations, contentEnd: p, next };
      p = next;
      if (p < n) continuations.push(p);
    } else if (c === 0x3b /* ; */) {
      while (p < n && text.charCodeAt(p) !== LF && text.charCodeAt(p) !== CR) p++;
    } else if (c === 0x22 /* " */) {
      p++;
      while (p < n) {
        const d = text.charCodeAt(p);
        if (d === 0x5c && p + 1 < n && text.charCodeAt(p + 1) !== LF && text.charCodeAt(p + 1) !== CR) p += 2;
        else if (d === 0x22 || d === LF || d === CR) break;
        else p++;
      }
      if (text.charCodeAt(p) === 0x22) p++;
    } else if (c === 0x5c /* \ */) {
      p += p + 1 < n && text.charCodeAt(p + 1) !== LF && text.charCodeAt(p + 1) !== CR ? 2 : 1;
    } else {
      if (c === 0x28 /* ( */) depth++;
      else if (c === 0x29 /* ) */) depth--;
      p++;
    }
  }
  return { continuations, contentEnd: n, next: n };
}
