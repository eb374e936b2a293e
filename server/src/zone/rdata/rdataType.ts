import type { RdataField } from '../types';
import type { RdataReader } from './reader';
import type { WireReader } from './wire';

/** Where the tokens of a record stand in its text (the lexer's `Line`). */
export interface TokenSpans {
  readonly count: number;
  /** Offset of token `i` (for a quoted string: of the opening quote). */
  tokenStart(i: number): number;
  /** Offset after token `i` (for a quoted string: after the closing quote, if any). */
  tokenEnd(i: number): number;
  quoted(i: number): boolean;
}

/**
 * How one RR type's RDATA is read, printed and decoded from generic `\#` data.
 * One file per type (or per family of identical layouts) under `rdata/`.
 */
export interface RdataType {
  /** Upper-case mnemonic, e.g. `MX`. */
  readonly mnemonic: string;
  /** Type code (RFC 3597 numbers). */
  readonly code: number;
  /** Reads the fields in order through the reader's helpers; throws `RdataError` on bad data. */
  parse(r: RdataReader): void;
  /**
   * Checks RDATA written as one unquoted word, `text.slice(start, end)`, in
   * place, for the types that are mostly written so (A, AAAA, CNAME, NS, PTR…).
   * True: `parse` would read the word under `origin`, and a parse that keeps
   * no fields can skip reading them. False only means "read it with `parse`",
   * which says what is wrong, if anything.
   */
  readonly validWord?: (text: string, start: number, end: number, origin: string | null) => boolean;
  /**
   * The same for RDATA of several tokens, `tokens` from `from` to the end, for
   * the types written so (TXT and its kin; MX, SRV and the other layouts of
   * numbers and names): true when `parse` would read them under `origin`.
   */
  readonly validTokens?: (text: string, tokens: TokenSpans, from: number, origin: string | null) => boolean;
  /** Presentation form as `named-compilezone -s full` prints it; default: the fields' values joined by spaces. */
  format?(fields: readonly RdataField[]): string;
  /** Presentation text of wire-format RDATA (for `TYPEnnn \# …` of a known type); `parse` then reads it. */
  fromWire?(w: WireReader): string;
}
