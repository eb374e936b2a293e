import type { Token } from './types';

/**
 * `s` as a string of its own. V8 keeps a slice of a string (13 characters or
 * more) as a view of the whole: an owner name read from a document after an
 * edit would keep that version of the document (megabytes) alive for as long
 * as its record lives, one version per edit. Copied by way of a
 * concatenation, which a slice of it then makes flat.
 */
function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

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

/** A blank between the words of a line: a space or a tab. */
export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}
const LF = 0x0a;
const CR = 0x0d;
const SEMI = 0x3b;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x28;
const CLOSE = 0x29;

/** Unbalanced parentheses reported one by one; the rest are counted in one more diagnostic. */
const MAX_PAREN_PROBLEMS = 100;

/**
 * 1 for the ASCII characters that end a word or need a look (blanks, line
 * ends, `;`, parentheses, `"`, and `\`, which escapes the next one): one
 * load and compare per character instead of eight.
 */
const ENDS_WORD = new Uint8Array(128);
for (const c of [SPACE, TAB, LF, CR, SEMI, OPEN, CLOSE, QUOTE, BACKSLASH]) ENDS_WORD[c] = 1;

/**
 * One logical line as the parser reads it: tokens by index, each a range of
 * the text, their strings and `Token` objects made only when asked for.
 */
export interface Line {
  /** Number of tokens (at least one). */
  readonly count: number;
  /** The physical line began with a space or tab: the record continues the previous owner. */
  readonly blankOwner: boolean;
  /** Offset of the start of the line's first physical line. */
  readonly start: number;
  /** Offset after the line's last token. */
  readonly end: number;
  /** Offset of token `i` (for a quoted string: of the opening quote). */
  tokenStart(i: number): number;
  /** Offset after token `i` (for a quoted string: after the closing quote). */
  tokenEnd(i: number): number;
  quoted(i: number): boolean;
  /** `Token.text` of token `i`. */
  text(i: number): string;
  /** True when token `i` is unquoted and its text is `s` (compared in place). */
  isWord(i: number, s: string): boolean;
  /** `Token` objects of tokens `from` to the end, in a new array. */
  tokens(from: number): Token[];
}

// Token kinds in the lexer's line buffer.
const WORD = 0;
const QUOTED = 1;
/** A quoted string with no closing quote: its text runs to the end of the token. */
const UNTERMINATED = 2;

/**
 * Splits master-file text into logical lines (RFC 1035 §5.1): tokens are
 * separated by blanks, `;` starts a comment, `"…"` quotes, `\` escapes the next
 * character, and parentheses let a record continue over line ends.
 *
 * Parentheses are paired as on one pass over the whole text, so that an
 * unclosed `(` is reported where it stands and then ignored: the record ends
 * at its line end instead of swallowing the rest of the file, and a stray `)`
 * is reported and skipped. The pairing is read ahead only from a parenthesis
 * the lexer meets, to where its partner closes it (`pairFrom`): a zone whose
 * only parentheses are in its SOA record is not read twice.
 *
 * `nextLine()` is the parser's path: the tokens of the current line are
 * offsets in reused typed arrays (the lexer itself is the `Line`), valid until
 * the next call, so a record costs no token objects beyond its RDATA. `next()`
 * gives the same lines as `Entry` objects that stay valid.
 */
export class Lexer implements Line {
  /** Quoted strings with no closing quote, in the order they were read. */
  readonly stringProblems: LexProblem[] = [];
  private pos = 0;
  /** Offsets of `(` with no matching `)` and of `)` with no `(`: both are ignored. */
  private readonly unmatched: Set<number>;
  /** The parentheses before this offset are paired (see `pairFrom`). */
  private pairedTo: number;

  /** The text has a carriage return somewhere (else a comment ends at the next `\n`, found natively). */
  private readonly hasCR: boolean;
  /** `text` gives copies (see `detached`). */
  private readonly detach: boolean;

  // The current line (see `Line`).
  count = 0;
  blankOwner = false;
  start = 0;
  end = 0;
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  private kinds = new Uint8Array(16);

  /**
   * `resume` starts at a logical-line boundary `pos` of a text whose unmatched
   * parentheses are already known (an incremental re-parse, see
   * `reparse` in zone/parser.ts): none is paired again, and `stringProblems`
   * holds only what is found from `pos` on. `resume.detach`: `text` gives
   * copies (see `detached`), for what is read from a version of a document
   * that an edit replaces while what was read stays.
   */
  constructor(
    private source: string,
    resume?: { pos: number; unmatched: Set<number>; hasCR?: boolean; detach?: boolean },
  ) {
    this.hasCR = resume?.hasCR ?? source.indexOf('\r') >= 0;
    this.detach = resume?.detach === true;
    if (resume !== undefined) {
      this.pos = resume.pos;
      this.unmatched = resume.unmatched;
      this.pairedTo = source.length;
    } else {
      this.unmatched = new Set();
      this.pairedTo = 0;
    }
  }

  /**
   * The unbalanced parentheses, by offset: complete once the lexer has read
   * to the end of the text (or was resumed with them known).
   */
  parenProblems(): LexProblem[] {
    const at = [...this.unmatched].sort((a, b) => a - b);
    const out: LexProblem[] = [];
    for (const p of at.length > MAX_PAREN_PROBLEMS ? at.slice(0, MAX_PAREN_PROBLEMS) : at) {
      out.push({
        code: 'unbalanced-parentheses',
        message:
          this.source.charCodeAt(p) === OPEN
            ? 'this ( is never closed: the record ends at the end of its line'
            : 'this ) closes no (',
        start: p,
        end: p + 1,
      });
    }
    // A file of 200 000 stray parentheses would give as many diagnostics (a huge LSP message for
    // nothing more said): the first ones show what is wrong, one more says how many follow.
    if (at.length > MAX_PAREN_PROBLEMS) {
      const p = at[MAX_PAREN_PROBLEMS];
      out.push({
        code: 'unbalanced-parentheses',
        message: `${at.length - MAX_PAREN_PROBLEMS} more unbalanced parentheses from here on (not listed one by one)`,
        start: p,
        end: p + 1,
      });
    }
    return out;
  }

  /** Where the next logical line starts (a boundary: no parenthesis is open here). */
  get position(): number {
    return this.pos;
  }

  /** Offsets of the parentheses that are ignored because they have no partner. */
  get unmatchedParentheses(): ReadonlySet<number> {
    return this.unmatched;
  }

  /** The next logical line with at least one token, or null at the end of the text. */
  next(): Entry | null {
    if (this.nextLine() === null) return null;
    return { tokens: this.tokens(0), blankOwner: this.blankOwner, start: this.start, end: this.end };
  }

  /** Moves to the next logical line with at least one token and returns it (this lexer), or null at the end. */
  nextLine(): Line | null {
    const text = this.source;
    const n = text.length;
    while (this.pos < n) {
      const lineStart = this.pos;
      const c0 = text.charCodeAt(lineStart);
      this.count = 0;
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
          p = this.lineEnd(p);
        } else if (c === OPEN || c === CLOSE) {
          if (p >= this.pairedTo) this.pairFrom(p);
          if (!this.unmatched.has(p)) depth += c === OPEN ? 1 : -1;
          p++;
        } else if (c === QUOTE) {
          p = this.quoted_(p);
        } else {
          p = this.word(p);
        }
      }
      this.pos = p;
      if (this.count > 0) {
        this.blankOwner = c0 === SPACE || c0 === TAB;
        this.start = lineStart;
        this.end = this.ends[this.count - 1];
        return this;
      }
    }
    return null;
  }

  /**
   * This lexer at `pos` of `source`, a text whose parentheses are not paired
   * (as `tokensBetween` reads), with no string problems found yet.
   */
  restart(source: string, pos: number): this {
    this.source = source;
    this.pos = pos;
    this.pairedTo = source.length;
    // (Setting an array's length is a call into the runtime: most reads find no problem to clear.)
    if (this.stringProblems.length > 0) this.stringProblems.length = 0;
    return this;
  }

  /**
   * The tokens from the current position up to `to`, where both lie in one
   * logical line read before: line ends and parentheses inside are blanks.
   */
  tokensUpTo(to: number): Token[] {
    const text = this.source;
    let p = this.pos;
    this.count = 0;
    while (p < to) {
      const c = text.charCodeAt(p);
      if (c === SPACE || c === TAB || c === LF || c === CR || c === OPEN || c === CLOSE) p++;
      else if (c === SEMI) p = this.lineEnd(p);
      else if (c === QUOTE) p = this.quoted_(p);
      else p = this.word(p);
    }
    this.pos = p;
    return this.tokens(0);
  }

  tokenStart(i: number): number {
    return this.starts[i];
  }

  tokenEnd(i: number): number {
    return this.ends[i];
  }

  quoted(i: number): boolean {
    return this.kinds[i] !== WORD;
  }

  text(i: number): string {
    const kind = this.kinds[i];
    const s =
      kind === WORD
        ? this.source.slice(this.starts[i], this.ends[i])
        : this.source.slice(this.starts[i] + 1, kind === QUOTED ? this.ends[i] - 1 : this.ends[i]);
    return this.detach ? detached(s) : s;
  }

  isWord(i: number, s: string): boolean {
    const start = this.starts[i];
    return this.kinds[i] === WORD && this.ends[i] - start === s.length && this.source.startsWith(s, start);
  }

  /** `skipToLineEnd`, with `indexOf` when the text has no carriage return (comments are common in zones). */
  private lineEnd(p: number): number {
    if (this.hasCR) return skipToLineEnd(this.source, p);
    const e = this.source.indexOf('\n', p);
    return e < 0 ? this.source.length : e;
  }

  tokens(from: number): Token[] {
    const out: Token[] = new Array<Token>(this.count - from);
    for (let i = from; i < this.count; i++) {
      out[i - from] = { start: this.starts[i], end: this.ends[i], text: this.text(i), quoted: this.kinds[i] !== WORD };
    }
    return out;
  }

  private push(start: number, end: number, kind: number): void {
    if (this.count === this.starts.length) {
      // A long record (DNSKEY, RRSIG, big TXT): double the buffers.
      const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => {
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts, new Int32Array(this.count * 2));
      this.ends = grow(this.ends, new Int32Array(this.count * 2));
      this.kinds = grow(this.kinds, new Uint8Array(this.count * 2));
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.kinds[this.count] = kind;
    this.count++;
  }

  private word(p: number): number {
    const text = this.source;
    const n = text.length;
    const start = p;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c < 128 && ENDS_WORD[c] !== 0) {
        if (c !== BACKSLASH) break;
        // An escaped line end does not continue the token: BIND ends it there too.
        const d = text.charCodeAt(p + 1);
        p += p + 1 < n && d !== LF && d !== CR ? 2 : 1;
        continue;
      }
      p++;
    }
    this.push(start, p, WORD);
    return p;
  }

  private quoted_(p: number): number {
    const text = this.source;
    const n = text.length;
    const start = p;
    p++;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === BACKSLASH && p + 1 < n && text.charCodeAt(p + 1) !== LF && text.charCodeAt(p + 1) !== CR) {
        p += 2;
      } else if (c === QUOTE) {
        this.push(start, p + 1, QUOTED);
        return p + 1;
      } else if (c === LF || c === CR) {
        break;
      } else {
        p++;
      }
    }
    this.stringProblems.push({
      code: 'unterminated-string',
      message: 'this quoted string has no closing " before the end of the line',
      start,
      end: p,
    });
    this.push(start, p, UNTERMINATED);
    return p;
  }

  /**
   * Pairs the parentheses from `p`, the first one not paired yet, which the
   * lexer has just met (so it is neither quoted nor in a comment), up to the
   * `)` that closes the last one open, or to the end of the text; the ones
   * left without a partner go into `unmatched`. Every parenthesis before `p`
   * is paired and none is open, so this is how one pass over the whole text
   * from its start would pair them.
   */
  private pairFrom(p: number): void {
    const text = this.source;
    const n = text.length;
    const open: number[] = [];
    // Only these characters matter here; the regular expression jumps over
    // the rest in native code (a long unclosed `(` reads the rest of the file).
    const special = /[;"\\()]/g;
    while (p < n) {
      special.lastIndex = p;
      if (!special.test(text)) break; // (`test`, unlike `exec`, makes no match object)
      p = special.lastIndex - 1;
      const c = text.charCodeAt(p);
      if (c === SEMI) {
        p = this.lineEnd(p);
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
      } else {
        // `)`: it closes the last `(` still open, or none.
        if (open.length === 0) this.unmatched.add(p);
        else open.pop();
        p++;
        if (open.length === 0) {
          this.pairedTo = p;
          return;
        }
      }
    }
    for (const o of open) this.unmatched.add(o);
    this.pairedTo = n;
  }
}

/** Offset of the line end (`\n` or `\r`) at or after `p`, or the end of the text. */
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

const NO_PARENTHESES: Set<number> = new Set();

/**
 * The tokens of `[from, to)` of `source`, a stretch of one logical line that
 * was lexed before (a record's RDATA read again when asked for): the same
 * tokens, with the same offsets, as that line gave.
 */
export function tokensBetween(source: string, from: number, to: number): Token[] {
  // One lexer for every call (a lexer's arrays cost more than a record's few tokens): it is started
  // again here, and `tokensUpTo` calls nothing that could call this again before it returns.
  // hasCR: the stretch is short, so a comment's end is found by the plain scan, not by `indexOf`.
  again ??= new Lexer('', { pos: 0, unmatched: NO_PARENTHESES, hasCR: true });
  return again.restart(source, from).tokensUpTo(to);
}

/** The lexer `tokensBetween` reads with. */
let again: Lexer | undefined;
