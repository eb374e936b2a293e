import type { Token } from './types';

/** One logical line of a master file: the tokens of a record or directive. */
export interface Entry {
  tokens: Token[];
  /** The physical line began with a space or tab: the record continues the previous owner. */
  blankOwner: boolean;
  /** Offset of the start of the entry's first physical line. */
  start: number;
  /** Offset after the entry's last token. */
  end: number;
}

/** A lexical problem (`unbalanced-parentheses`, `unterminated-string`). */
export interface LexProblem {
  code: 'unbalanced-parentheses' | 'unterminated-string';
  message: string;
  start: number;
  end: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SEMI = 0x3b;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x28;
const CLOSE = 0x29;

/**
 * Splits master-file text into logical lines (RFC 1035 §5.1): tokens are
 * separated by blanks, `;` starts a comment, `"…"` quotes, `\` escapes the next
 * character, and parentheses let a record continue over line ends.
 *
 * Parentheses are matched in a linear pre-pass over the whole text, so that an
 * unclosed `(` is reported where it stands and then ignored: the record ends
 * at its line end instead of swallowing the rest of the file, and a stray `)`
 * is reported and skipped.
 */
export class Lexer {
  readonly problems: LexProblem[] = [];
  private pos = 0;
  /** Offsets of `(` with no matching `)` and of `)` with no `(`: both are ignored. */
  private readonly unmatched: Set<number>;

  constructor(private readonly text: string) {
    this.unmatched = text.indexOf('(') >= 0 || text.indexOf(')') >= 0 ? this.matchParentheses() : new Set();
  }

  /** The next logical line with at least one token, or null at the end of the text. */
  next(): Entry | null {
    const text = this.text;
    const n = text.length;
    while (this.pos < n) {
      const lineStart = this.pos;
      const c0 = text.charCodeAt(lineStart);
      const blankOwner = c0 === SPACE || c0 === TAB;
      const tokens: Token[] = [];
      let depth = 0;
      let p = lineStart;
      for (;;) {
        if (p >= n) break;
        const c = text.charCodeAt(p);
        if (c === SPACE || c === TAB) {
          p++;
        } else if (c === LF || c === CR) {
          p += c === CR && text.charCodeAt(p + 1) === LF ? 2 : 1;
          if (depth === 0) break;
        } else if (c === SEMI) {
          p = skipToLineEnd(text, p);
        } else if (c === OPEN) {
          if (!this.unmatched.has(p)) depth++;
          p++;
        } else if (c === CLOSE) {
          if (!this.unmatched.has(p)) depth--;
          p++;
        } else if (c === QUOTE) {
          p = this.quoted(p, tokens);
        } else {
          p = this.word(p, tokens);
        }
      }
      this.pos = p;
      if (tokens.length > 0) {
        return { tokens, blankOwner, start: lineStart, end: tokens[tokens.length - 1].end };
      }
    }
    return null;
  }

  private word(p: number, tokens: Token[]): number {
    const text = this.text;
    const n = text.length;
    const start = p;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === BACKSLASH) {
        // An escaped line end does not continue the token: BIND ends it there too.
        const d = text.charCodeAt(p + 1);
        p += p + 1 < n && d !== LF && d !== CR ? 2 : 1;
        continue;
      }
      if (c === SPACE || c === TAB || c === LF || c === CR || c === SEMI || c === OPEN || c === CLOSE || c === QUOTE) {
        break;
      }
      p++;
    }
    tokens.push({ start, end: p, text: text.slice(start, p), quoted: false });
    return p;
  }

  private quoted(p: number, tokens: Token[]): number {
    const text = this.text;
    const n = text.length;
    const start = p;
    p++;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === BACKSLASH && p + 1 < n && text.charCodeAt(p + 1) !== LF && text.charCodeAt(p + 1) !== CR) {
        p += 2;
      } else if (c === QUOTE) {
        tokens.push({ start, end: p + 1, text: text.slice(start + 1, p), quoted: true });
        return p + 1;
      } else if (c === LF || c === CR) {
        break;
      } else {
        p++;
      }
    }
    this.problems.push({
      code: 'unterminated-string',
      message: 'this quoted string has no closing " before the end of the line',
      start,
      end: p,
    });
    tokens.push({ start, end: p, text: text.slice(start + 1, p), quoted: true });
    return p;
  }

  /** Pre-pass: pairs parentheses the way the lexer will see them, reports and returns the unmatched ones. */
  private matchParentheses(): Set<number> {
    const text = this.text;
    const n = text.length;
    const open: number[] = [];
    const unmatched = new Set<number>();
    let p = 0;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === SEMI) {
        p = skipToLineEnd(text, p);
      } else if (c === QUOTE) {
        p++;
        while (p < n) {
          const d = text.charCodeAt(p);
          if (d === BACKSLASH && p + 1 < n && text.charCodeAt(p + 1) !== LF && text.charCodeAt(p + 1) !== CR) p += 2;
          else if (d === QUOTE || d === LF || d === CR) break;
          else p++;
        }
        if (text.charCodeAt(p) === QUOTE) p++;
      } else if (c === BACKSLASH) {
        p += 2;
      } else if (c === OPEN) {
        open.push(p++);
      } else if (c === CLOSE) {
        if (open.length > 0) open.pop();
        else {
          unmatched.add(p);
          this.problems.push({
            code: 'unbalanced-parentheses',
            message: 'this ) closes no (',
            start: p,
            end: p + 1,
          });
        }
        p++;
      } else {
        p++;
      }
    }
    for (const o of open) {
      unmatched.add(o);
      this.problems.push({
        code: 'unbalanced-parentheses',
        message: 'this ( is never closed: the record ends at the end of its line',
        start: o,
        end: o + 1,
      });
    }
    if (open.length > 0) this.problems.sort((a, b) => a.start - b.start);
    return unmatched;
  }
}

function skipToLineEnd(text: string, p: number): number {
  const n = text.length;
  while (p < n) {
    const c = text.charCodeAt(p);
    if (c === LF || c === CR) break;
    p++;
  }
  return p;
}

/** Tokens of a short text on its own (RDATA made by `$GENERATE` or decoded from `\#` data). */
export function tokenize(text: string): Token[] {
  const lexer = new Lexer(text.replace(/[\r\n]/g, ' '));
  const out: Token[] = [];
  for (let e = lexer.next(); e !== null; e = lexer.next()) out.push(...e.tokens);
  return out;
}
