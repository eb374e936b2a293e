import { parseName } from '../names';
import type { FieldKind, RdataField, Token } from '../types';
import {
  base32HexLength,
  base64Length,
  base64Value,
  formatIPv6,
  hexValue,
  parseIPv6,
  readIPv4,
  readText,
  split56,
} from './codec';
import type { TokenSpans } from './rdataType';
import { typeCode, typeName } from './typeCodes';

/** Codes an RDATA problem can carry (see CHECKS.md, first table). */
export type RdataErrorCode = 'bad-rdata' | 'syntax-error' | 'name-too-long' | 'relative-name-without-origin';

/** Thrown by a reader helper: the record is rejected with this diagnostic. */
export class RdataError extends Error {
  constructor(
    readonly code: RdataErrorCode,
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/**
 * Walks the RDATA tokens of one record. A type's `parse` calls the helpers in
 * field order; each helper consumes tokens, validates them, and appends a
 * field with its source range. Any problem throws an `RdataError` whose range
 * is the offending token (or the end of the record when a field is missing).
 */
export class RdataReader {
  readonly fields: RdataField[] = [];
  private i = 0;
  /** Octet length of the last character-string read. */
  private octets = 0;

  constructor(
    readonly tokens: readonly Token[],
    /** Current origin (absolute) or null when none is known. */
    readonly origin: string | null,
    /** Type mnemonic, for messages. */
    readonly type: string,
    /** Offset just after the record, where "missing field" errors point. */
    readonly endOffset: number,
  ) {}

  /** Tokens left. */
  more(): boolean {
    return this.i < this.tokens.length;
  }

  /** The next token without consuming it. */
  peek(): Token | undefined {
    return this.tokens[this.i];
  }

  /** The next token; a missing one is a `bad-rdata` error naming what was expected. */
  next(what: string): Token {
    const t = this.tokens[this.i];
    if (t === undefined) {
      throw new RdataError('bad-rdata', `${this.type} record is missing its ${what}`, this.endOffset, this.endOffset);
    }
    this.i++;
    return t;
  }

  /** Every remaining token (possibly none). */
  rest(): Token[] {
    const r = this.tokens.slice(this.i);
    this.i = this.tokens.length;
    return r;
  }

  /** Throws an `RdataError` covering token `t`. */
  fail(t: Token, message: string, code: RdataErrorCode = 'bad-rdata'): never {
    throw new RdataError(code, message, t.start, t.end);
  }

  /** Appends a field spanning tokens `first..last`. */
  push(role: string, kind: FieldKind, first: Token, last: Token, value: string, num?: number): RdataField {
    const f: RdataField = { role, kind, start: first.start, end: last.end, value };
    if (num !== undefined) f.num = num;
    this.fields.push(f);
    return f;
  }

  /** An unquoted unsigned decimal integer in `[0, max]`. */
  int(role: string, max: number, what: string = role): RdataField {
    const t = this.next(what);
    const n = t.quoted ? NaN : decimal(t.text);
    if (!(n >= 0 && n <= max)) this.fail(t, `${this.type} ${what} must be a number from 0 to ${max}, not '${t.text}'`);
    return this.push(role, 'int', t, t, String(n), n);
  }

  /** A domain name, made absolute against the origin. */
  name(role: string, what: string = role): RdataField {
    const t = this.next(what);
    if (t.quoted) this.fail(t, `${this.type} ${what} must be a domain name, not a quoted string`);
    const r = parseName(t.text, this.origin);
    if (!r.ok) this.fail(t, r.message, r.code);
    return this.push(role, 'name', t, t, r.name);
  }

  /** An unsigned 8-bit integer. */
  u8(role: string, what: string = role): RdataField {
    return this.int(role, 0xff, what);
  }

  /** An unsigned 16-bit integer. */
  u16(role: string, what: string = role): RdataField {
    return this.int(role, 0xffff, what);
  }

  /** An unsigned 32-bit integer (plain digits, as BIND's number tokens). */
  u32(role: string, what: string = role): RdataField {
    return this.int(role, 0xffffffff, what);
  }

  /**
   * A 32-bit time value in seconds, plain or in BIND's unit form (`1h30m`,
   * `2w`, any case), as the SOA timers accept. Value printed as seconds.
   */
  ttl(role: string, what: string = role): RdataField {
    const t = this.next(what);
    const n = t.quoted ? NaN : parseCounter(t.text);
    if (n === OUT_OF_RANGE) this.fail(t, `${this.type} ${what} must be at most 4294967295 seconds, not '${t.text}'`);
    if (Number.isNaN(n)) {
      this.fail(t, `${this.type} ${what} must be a number of seconds or a time like 1h30m, not '${t.text}'`);
    }
    return this.push(role, 'ttl', t, t, String(n), n);
  }

  /** An IPv4 address in dotted-quad form. */
  ipv4(role: string = 'address', what: string = 'address'): RdataField {
    const t = this.next(what);
    if (t.quoted || !readIPv4(t.text, 0, t.text.length, null, 0)) {
      this.fail(t, `${this.type} ${what} must be an IPv4 address like 192.0.2.1, not '${t.text}'`);
    }
    // Only the canonical form is accepted (four parts, no leading zeros), so the text is already the
    // value formatIPv4 would print: no bytes and no new string for every A record of a large zone.
    return this.push(role, 'ipv4', t, t, t.text);
  }

  /** An IPv6 address; the value is its RFC 5952 form, lower case, as BIND prints it. */
  ipv6(role: string = 'address', what: string = 'address'): RdataField {
    const t = this.next(what);
    const b = t.quoted ? null : parseIPv6(t.text);
    if (b === null) this.fail(t, `${this.type} ${what} must be an IPv6 address like 2001:db8::1, not '${t.text}'`);
    return this.push(role, 'ipv6', t, t, formatIPv6(b));
  }

  /**
   * One character-string, quoted or not. The value is BIND's presentation:
   * double-quoted, `\"` and `\\` escaped, other bytes outside 0x20-0x7e as
   * `\DDD` (non-ASCII text counts as its UTF-8 octets).
   */
  characterString(role: string, what: string = role, max = 255): RdataField {
    const t = this.next(what);
    const r = readText(t.text);
    if (!r.ok) this.fail(t, `${this.type} ${what} has a ${r.message}`);
    if (r.length > max) {
      this.fail(t, `${this.type} ${what} is ${r.length} octets long; a character-string holds at most ${max}`);
    }
    this.octets = r.length;
    return this.push(role, 'text', t, t, r.value);
  }

  /**
   * One or more character-strings up to the end of the record, each its own
   * field; together at most 65535 octets of RDATA (BIND: "ran out of space").
   */
  characterStrings(role: string, what: string = role): void {
    const first = this.characterString(role, what);
    let total = this.octets + 1;
    while (this.i < this.tokens.length) {
      const f = this.characterString(role, what);
      total += this.octets + 1;
      if (total > MAX_RDATA) {
        throw new RdataError(
          'bad-rdata',
          `${this.type} data is over ${MAX_RDATA} octets, the most BIND loads in one record`,
          first.start,
          f.end,
        );
      }
    }
  }

  /**
   * Base64 data written over the remaining tokens (at least one); the field
   * spans them all. `split` breaks the value into BIND's 56-character words.
   */
  base64(role: string, what: string = role, split = true): Blob {
    const { first, last, text } = this.joinRest(what, BASE64_CHARS, 'base64');
    const length = base64Checked(text);
    if (length < 0) this.failSpan(first, last, badBase64(this.type, what, text));
    if (length > MAX_RDATA)
      this.failSpan(first, last, `${this.type} ${what} is over ${MAX_RDATA} octets, the most BIND loads in one record`);
    return { field: this.push(role, 'base64', first, last, split ? split56(text) : text), length };
  }

  /** Base64 data in exactly one token (for fields followed by others, as in HIP). */
  base64Word(role: string, what: string = role): Blob {
    const t = this.next(what);
    const length = t.quoted ? -1 : base64Length(t.text);
    if (length < 0) this.fail(t, badBase64(this.type, what, t.text));
    return { field: this.push(role, 'base64', t, t, t.text), length };
  }

  /**
   * Hex data over the remaining tokens (at least one, digits may pair across
   * tokens); printed upper-case, split into 56-character words when `split`.
   */
  hex(role: string, what: string = role, split = true): Blob {
    const { first, last, text } = this.joinRest(what, HEX_CHARS, 'hex');
    if (text.length % 2 !== 0) {
      this.failSpan(first, last, `${this.type} ${what} has an odd number of hex digits (${text.length})`);
    }
    if (text.length / 2 > MAX_RDATA)
      this.failSpan(first, last, `${this.type} ${what} is over ${MAX_RDATA} octets, the most BIND loads in one record`);
    const upper = text.toUpperCase();
    return { field: this.push(role, 'hex', first, last, split ? split56(upper) : upper), length: text.length / 2 };
  }

  /** Hex data in one token; `dash` allows `-` for empty (NSEC3 salt). */
  hexWord(role: string, what: string = role, dash = false): Blob {
    const t = this.next(what);
    if (dash && t.text === '-' && !t.quoted) {
      return { field: this.push(role, 'hex', t, t, '-'), length: 0 };
    }
    let ok = !t.quoted && t.text.length % 2 === 0 && t.text.length > 0;
    for (let i = 0; ok && i < t.text.length; i++) ok = hexValue(t.text.charCodeAt(i)) >= 0;
    if (!ok)
      this.fail(
        t,
        `${this.type} ${what} must be an even number of hex digits${dash ? " or '-'" : ''}, not '${t.text}'`,
      );
    return { field: this.push(role, 'hex', t, t, t.text.toUpperCase()), length: t.text.length / 2 };
  }

  /** An unpadded base32hex word (NSEC3 next hashed owner), printed upper-case. */
  base32hex(role: string, what: string = role): Blob {
    const t = this.next(what);
    const length = t.quoted ? -1 : base32HexLength(t.text);
    if (length <= 0)
      this.fail(t, `${this.type} ${what} must be base32hex (digits and letters A-V, no padding), not '${t.text}'`);
    return { field: this.push(role, 'base32', t, t, t.text.toUpperCase()), length };
  }

  /** A type mnemonic or `TYPEnnn`; value as BIND prints it, num the code. */
  rrtype(role: string, what: string = role): RdataField {
    const t = this.next(what);
    const code = t.quoted ? undefined : typeCode(t.text);
    if (code === undefined)
      this.fail(t, `${this.type} ${what} must be a record type like A or TYPE65534, not '${t.text}'`);
    return this.push(role, 'mnemonic', t, t, typeName(code), code);
  }

  /**
   * The type bitmap of NSEC/NSEC3/CSYNC: type mnemonics up to the end of the
   * record (possibly none), printed in ascending order without duplicates.
   * The field's num is the count; `codes` holds the sorted codes.
   */
  typeBitmap(
    role: string = 'types',
    what: string = 'type list',
    min = 0,
  ): { field: RdataField | null; codes: number[] } {
    const toks = this.rest();
    if (toks.length < min) {
      throw new RdataError('bad-rdata', `${this.type} record is missing its ${what}`, this.endOffset, this.endOffset);
    }
    const seen = new Set<number>();
    for (const t of toks) {
      const code = t.quoted ? undefined : typeCode(t.text);
      if (code === undefined)
        this.fail(t, `${this.type} ${what} must hold record types like A or TYPE65534, not '${t.text}'`);
      seen.add(code);
    }
    const codes = [...seen].sort((a, b) => a - b);
    if (toks.length === 0) return { field: null, codes };
    const value = codes.map(typeName).join(' ');
    return { field: this.push(role, 'mnemonic', toks[0], toks[toks.length - 1], value, codes.length), codes };
  }

  /**
   * A number that may also be written as one of `names` (upper-case
   * mnemonic -> value), e.g. DNSSEC algorithms. Printed as `print` says:
   * the number, or the mnemonic when the value has one.
   */
  numberOrName(
    role: string,
    what: string,
    max: number,
    names: ReadonlyMap<string, number>,
    print: ReadonlyMap<number, string> | null = null,
  ): RdataField {
    const t = this.next(what);
    let n = t.quoted ? NaN : decimal(t.text);
    if (Number.isNaN(n) && !t.quoted) n = names.get(t.text.toUpperCase()) ?? NaN;
    if (!(n >= 0 && n <= max)) {
      const some = [...names.keys()].slice(0, 3).join(', ');
      this.fail(t, `${this.type} ${what} must be a number from 0 to ${max} or a name such as ${some}, not '${t.text}'`);
    }
    const value = print?.get(n) ?? String(n);
    return this.push(role, print?.has(n) ? 'mnemonic' : 'int', t, t, value, n);
  }

  /** An error covering an already-read field (for checks across fields, e.g. digest length). */
  spanError(f: { start: number; end: number }, message: string): RdataError {
    return new RdataError('bad-rdata', message, f.start, f.end);
  }

  /** Throws for a range spanning several tokens. */
  failSpan(first: Token, last: Token, message: string): never {
    throw new RdataError('bad-rdata', message, first.start, last.end);
  }

  /** Concatenates the remaining tokens (at least one) after checking each one's characters against `table`. */
  private joinRest(what: string, table: Int8Array, enc: string): { first: Token; last: Token; text: string } {
    const first = this.next(what);
    let last = first;
    let text = '';
    for (let k = this.i - 1; k < this.tokens.length; k++) {
      const t = this.tokens[k];
      const s = t.text;
      let good = !t.quoted;
      for (let i = 0; good && i < s.length; i++) {
        const c = s.charCodeAt(i);
        good = c < 128 && table[c] >= 0;
      }
      if (!good) this.fail(t, `${this.type} ${what} must be ${enc}, and '${s}' is not`);
      text = k === this.i - 1 ? s : text + s;
      last = t;
    }
    this.i = this.tokens.length;
    return { first, last, text };
  }

  /** Fails when tokens remain. */
  end(): void {
    const t = this.tokens[this.i];
    if (t !== undefined) {
      const last = this.tokens[this.tokens.length - 1];
      throw new RdataError('bad-rdata', `extra text after the ${this.type} data: '${t.text}'`, t.start, last.end);
    }
  }
}

/**
 * The most octets of RDATA BIND loads in one record: RDLENGTH allows 65535,
 * but BIND's RRset store keeps 25 of them for itself ("ran out of space").
 * An RRset as a whole is limited too: the sum of (RDATA length + 2) over its
 * records must stay within 65512.
 */
export const MAX_RDATA = 65510;

/** A binary field: the pushed field and its length in octets (for per-type length checks). */
export interface Blob {
  field: RdataField;
  length: number;
}

// Characters allowed in base64 and hex fields (>= 0), by code unit below 128.
const BASE64_CHARS = new Int8Array(128).fill(-1);
const HEX_CHARS = new Int8Array(128).fill(-1);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9+/=]/.test(ch)) BASE64_CHARS[c] = 1;
  if (/[0-9A-Fa-f]/.test(ch)) HEX_CHARS[c] = 1;
}

/**
 * Octet count of base64 text whose characters are already known to be in the
 * alphabet (or '='), or -1: only the length, the padding and its bits are left
 * to check, without another scan (long RRSIG signatures are the hot case).
 */
function base64Checked(text: string): number {
  const n = text.length;
  if (n % 4 !== 0) return -1;
  const eq = text.indexOf('=');
  const pad = eq < 0 ? 0 : n - eq;
  if (pad > 2 || (pad === 2 && text.charCodeAt(n - 1) !== 0x3d)) return -1;
  if (pad > 0 && base64Length(text.slice(n - 4)) < 0) return -1;
  return (n / 4) * 3 - pad;
}

function badBase64(type: string, what: string, text: string): string {
  if (text.length % 4 !== 0) {
    return `${type} ${what} is not valid base64: its length (${text.length} characters) is not a multiple of 4`;
  }
  return `${type} ${what} is not valid base64 (a bad character, misplaced '=' padding, or stray bits in the last group)`;
}

/** Sentinel of `parseCounter` for a value above 2^32-1. */
export const OUT_OF_RANGE = -1;

/**
 * BIND's time counter (`dns_counter_fromtext`): a plain number, or numbers
 * each followed by a unit w/d/h/m/s (any case) and summed. A unitless number
 * after a unit is an error, except after zero (BIND quirk: `0h30` is 30).
 * NaN on bad syntax, `OUT_OF_RANGE` above 2^32-1.
 */
export function parseCounter(s: string): number {
  if (s.length === 0 || s.length > 63) return NaN;
  let total = 0;
  let i = 0;
  while (i < s.length) {
    const start = i;
    let n = 0;
    while (i < s.length) {
      const d = s.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
      i++;
    }
    if (i === start || n > 0xffffffff) return i === start ? NaN : OUT_OF_RANGE;
    if (i === s.length) {
      if (total !== 0) return NaN;
      total = n;
      break;
    }
    const u = s.charCodeAt(i++) | 0x20;
    const mult = u === 0x77 ? 604800 : u === 0x64 ? 86400 : u === 0x68 ? 3600 : u === 0x6d ? 60 : u === 0x73 ? 1 : 0;
    if (mult === 0) return NaN;
    total += n * mult;
  }
  return total > 0xffffffff ? OUT_OF_RANGE : total;
}

/**
 * The octets of base64 data over tokens `from` to the end, checked in place
 * as `RdataReader.base64` reads them, or -1: then let it read them (it says
 * what is wrong, if anything). Accepted: unquoted base64 digits, with `=`
 * padding only at the end of the last token (after a digit of its own), in
 * groups of four, padding bits zero, within `MAX_RDATA`.
 */
export function base64At(text: string, tokens: TokenSpans, from: number): number {
  const last = tokens.count - 1;
  if (from > last) return -1;
  let digits = 0;
  let pad = 0;
  for (let k = from; k <= last; k++) {
    if (tokens.quoted(k)) return -1;
    const start = tokens.tokenStart(k);
    let end = tokens.tokenEnd(k);
    if (k === last) {
      while (pad < 2 && end - 1 > start && text.charCodeAt(end - 1) === 0x3d) {
        pad++;
        end--;
      }
    }
    for (let i = start; i < end; i++) if (base64Value(text.charCodeAt(i)) < 0) return -1;
    digits += end - start;
    // The bits that the padding drops must be zero ("AQB=" is refused).
    if (pad > 0 && k === last && (base64Value(text.charCodeAt(end - 1)) & (pad === 1 ? 3 : 15)) !== 0) return -1;
  }
  if ((digits + pad) % 4 !== 0) return -1;
  const octets = ((digits + pad) / 4) * 3 - pad;
  return octets > MAX_RDATA ? -1 : octets;
}

/** The same for hex data (`RdataReader.hex`): unquoted hex digits, an even number of them, within `MAX_RDATA`. */
export function hexAt(text: string, tokens: TokenSpans, from: number): number {
  if (from >= tokens.count) return -1;
  let digits = 0;
  for (let k = from; k < tokens.count; k++) {
    if (tokens.quoted(k)) return -1;
    const end = tokens.tokenEnd(k);
    for (let i = tokens.tokenStart(k); i < end; i++) if (hexValue(text.charCodeAt(i)) < 0) return -1;
    digits += end - tokens.tokenStart(k);
  }
  return digits % 2 !== 0 || digits / 2 > MAX_RDATA ? -1 : digits / 2;
}

/** Parses a plain decimal number (digits only, at most 16); NaN otherwise. */
export function decimal(s: string): number {
  return decimalAt(s, 0, s.length);
}

/** `decimal(text.slice(start, end))`, read where it stands. */
export function decimalAt(text: string, start: number, end: number): number {
  if (end <= start || end - start > 16) return NaN;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}
