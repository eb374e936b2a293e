/**
 * Encodings shared by the text reader and the wire decoder: base64, base32hex,
 * hex, IP addresses and character-strings, each in the form BIND reads and
 * prints. Pure functions over strings and byte arrays; no regexes, because
 * the address and text helpers sit on the hot path of million-record zones.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32HEX = '0123456789ABCDEFGHIJKLMNOPQRSTUV';
const HEX = '0123456789ABCDEF';

// Reverse tables, -1 for characters outside the alphabet.
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;
const B32_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B32HEX.length; i++) {
  B32_VALUE[B32HEX.charCodeAt(i)] = i;
  B32_VALUE[B32HEX.toLowerCase().charCodeAt(i)] = i;
}

/** Value of a base64 digit (not `=`), or -1. */
export function base64Value(c: number): number {
  return c < 128 ? B64_VALUE[c] : -1;
}

/** Value of a hex digit, or -1. */
export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Upper-case hex of some bytes, unsplit. */
export function toHex(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
  return s;
}

/** Lower-case hex (NSAP, EUI, ILNP locators are printed lower-case by BIND). */
export function toLowerHex(bytes: ArrayLike<number>): string {
  return toHex(bytes).toLowerCase();
}

/** Standard base64 with padding. */
export function toBase64(bytes: ArrayLike<number>): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const left = bytes.length - i;
  if (left === 1) {
    const n = bytes[i] << 16;
    s += B64[n >> 18] + B64[(n >> 12) & 63] + '==';
  } else if (left === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    s += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + '=';
  }
  return s;
}

/**
 * Decodes base64 the way BIND does: complete groups of four, `=` padding only
 * at the very end, nothing after it. Returns null on any violation.
 */
export function fromBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  let pad = 0;
  if (text.length > 0 && text.charCodeAt(text.length - 1) === 0x3d) pad++;
  if (text.length > 1 && text.charCodeAt(text.length - 2) === 0x3d) pad++;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j);
      let v: number;
      if (c === 0x3d && i + 4 === text.length && j >= 4 - pad) v = 0;
      else {
        v = c < 128 ? B64_VALUE[c] : -1;
        if (v < 0) return null;
      }
      n = (n << 6) | v;
    }
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  // BIND refuses padding that hides set bits ("AQB=").
  if (text.length > 0) {
    const last = text.length - 4;
    const v = (k: number): number => B64_VALUE[text.charCodeAt(last + k)];
    if (pad === 1 && (v(2) & 3) !== 0) return null;
    if (pad === 2 && (v(1) & 15) !== 0) return null;
  }
  return out;
}

/**
 * Octet count of a base64 text BIND accepts, or -1: groups of four, `=` only
 * as final padding, padding bits zero. Allocates nothing, so a canonical
 * input can be printed as it stands (re-encoding it would give the same).
 */
export function base64Length(text: string): number {
  const n = text.length;
  if (n % 4 !== 0) return -1;
  let pad = 0;
  if (n > 0 && text.charCodeAt(n - 1) === 0x3d) pad = n > 1 && text.charCodeAt(n - 2) === 0x3d ? 2 : 1;
  for (let i = 0; i < n - pad; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || B64_VALUE[c] < 0) return -1;
  }
  if (pad === 1 && (B64_VALUE[text.charCodeAt(n - 2)] & 3) !== 0) return -1;
  if (pad === 2 && (B64_VALUE[text.charCodeAt(n - 3)] & 15) !== 0) return -1;
  return (n / 4) * 3 - pad;
}

/**
 * Octet count of an unpadded base32hex text BIND accepts (either case), or
 * -1: a length that whole octets produce, unused bits zero.
 */
export function base32HexLength(text: string): number {
  const n = text.length;
  const rem = n % 8;
  if (rem === 1 || rem === 3 || rem === 6) return -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || B32_VALUE[c] < 0) return -1;
  }
  const bits = (n * 5) % 8;
  if (bits > 0 && (B32_VALUE[text.charCodeAt(n - 1)] & ((1 << bits) - 1)) !== 0) return -1;
  return Math.floor((n * 5) / 8);
}

/** base32hex (RFC 4648 §7) without padding, upper-case: NSEC3 hashes as BIND prints them. */
export function toBase32Hex(bytes: ArrayLike<number>): string {
  let s = '';
  let buf = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length; i++) {
    buf = ((buf << 8) | bytes[i]) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      s += B32HEX[(buf >> bits) & 31];
    }
  }
  if (bits > 0) s += B32HEX[(buf << (5 - bits)) & 31];
  return s;
}

/**
 * Decodes unpadded base32hex, either case. BIND rejects a length
 * that leaves a partial byte with non-zero bits; so do we (null).
 */
export function fromBase32Hex(text: string): Uint8Array | null {
  // NSEC3 hashes are unpadded: BIND refuses '=' there.
  const end = text.length;
  // Lengths that cannot come from whole bytes (1, 3, 6 chars in the last group).
  const rem = end % 8;
  if (rem === 1 || rem === 3 || rem === 6) return null;
  const out = new Uint8Array(Math.floor((end * 5) / 8));
  let buf = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B32_VALUE[c] : -1;
    if (v < 0) return null;
    buf = ((buf << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buf >> bits) & 255;
    }
  }
  if (bits > 0 && (buf & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

/**
 * Splits a long base64 or hex string into space-separated words of 56
 * characters: BIND's `-s full` style breaks these fields at that width
 * (rdata column 64, line length 120, less 2 and rounded to whole groups).
 */
export function split56(s: string): string {
  if (s.length <= 56) return s;
  let out = s.slice(0, 56);
  for (let i = 56; i < s.length; i += 56) out += ' ' + s.slice(i, i + 56);
  return out;
}

/** Parses a dotted quad as inet_pton does (no leading zeros, four parts). Null when bad. */
export function parseIPv4(s: string): Uint8Array | null {
  const out = new Uint8Array(4);
  return readIPv4(s, 0, s.length, out, 0) ? out : null;
}

/**
 * Reads `s.slice(start, end)` as `parseIPv4` does, in place: true when it is
 * a dotted quad, whose bytes then stand at `out[off..off+3]` (with `out`
 * null, only checked: nothing is allocated).
 */
export function readIPv4(s: string, start: number, end: number, out: Uint8Array | null, off: number): boolean {
  let part = 0;
  let digits = 0;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && v === 0) return false; // leading zero
      v = v * 10 + (c - 0x30);
      if (v > 255) return false;
      digits++;
    } else if (c === 0x2e) {
      if (digits === 0 || part === 3) return false;
      if (out !== null) out[off + part] = v;
      part++;
      v = 0;
      digits = 0;
    } else return false;
  }
  if (digits === 0 || part !== 3) return false;
  if (out !== null) out[off + 3] = v;
  return true;
}

/** Dotted-quad text of four bytes at `off`. */
export function formatIPv4(b: ArrayLike<number>, off = 0): string {
  return b[off] + '.' + b[off + 1] + '.' + b[off + 2] + '.' + b[off + 3];
}

/** Parses IPv6 text as inet_pton does (`::` once, optional trailing dotted quad). Null when bad. */
export function parseIPv6(s: string): Uint8Array | null {
  const out = new Uint8Array(16);
  return readIPv6(s, 0, s.length, out) ? out : null;
}

/**
 * Reads `s.slice(start, end)` as `parseIPv6` does, in place: true when it is
 * an IPv6 address, whose 16 bytes are then in `out` (with `out` null, only
 * checked: nothing is allocated).
 */
export function readIPv6(s: string, start: number, end: number, out: Uint8Array | null): boolean {
  if (start === end) return false;
  let w = 0; // words read
  let gap = -1; // word index where '::' stands
  let i = start;
  if (s.charCodeAt(i) === 0x3a) {
    if (end - i < 2 || s.charCodeAt(i + 1) !== 0x3a) return false;
    gap = 0;
    i += 2;
  }
  while (i < end) {
    // One group of 1-4 hex digits, or a trailing dotted quad.
    let j = i;
    let v = 0;
    while (j < end && j - i < 5) {
      const h = hexValue(s.charCodeAt(j));
      if (h < 0) break;
      v = (v << 4) | h;
      j++;
    }
    if (j < end && s.charCodeAt(j) === 0x2e) {
      if (w > 6 || !readIPv4(s, i, end, out, 2 * w)) return false;
      w += 2;
      break;
    }
    if (j === i || j - i > 4 || w === 8) return false;
    if (out !== null) {
      out[2 * w] = v >> 8;
      out[2 * w + 1] = v & 255;
    }
    w++;
    i = j;
    if (i === end) break;
    if (s.charCodeAt(i) !== 0x3a) return false;
    i++;
    if (i < end && s.charCodeAt(i) === 0x3a) {
      if (gap >= 0) return false;
      gap = w;
      i++;
    } else if (i === end) return false; // trailing single colon
  }
  if (gap < 0) return w === 8;
  if (w > 7) return false;
  if (out !== null) {
    // Move the words after '::' to the end; the gap fills with zeros.
    const tail = 2 * (w - gap);
    out.copyWithin(16 - tail, 2 * gap, 2 * w);
    out.fill(0, 2 * gap, 16 - tail);
  }
  return true;
}

/**
 * RFC 5952 text of 16 bytes at `off`, as glibc's inet_ntop (which BIND uses)
 * writes it: lower case, the first longest run of two or more zero words
 * compressed, `::a.b.c.d` and `::ffff:a.b.c.d` for the IPv4-compatible and
 * IPv4-mapped forms.
 */
export function formatIPv6(b: ArrayLike<number>, off = 0): string {
  const w = new Array<number>(8);
  for (let k = 0; k < 8; k++) w[k] = (b[off + 2 * k] << 8) | b[off + 2 * k + 1];
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let k = 0; k < 8; k++) {
    if (w[k] === 0) {
      if (curBase < 0) {
        curBase = k;
        curLen = 1;
      } else curLen++;
      if (curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
    } else curBase = -1;
  }
  if (bestLen < 2) bestBase = -1;
  let s = '';
  for (let k = 0; k < 8; k++) {
    if (bestBase >= 0 && k >= bestBase && k < bestBase + bestLen) {
      if (k === bestBase) s += ':';
      continue;
    }
    if (k !== 0) s += ':';
    if (k === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
      s += formatIPv4(b, off + 12);
      break;
    }
    s += w[k].toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) s += ':';
  return s;
}

const utf8 = new TextEncoder();

/**
 * Octets of a character-string as written in a master file: `\DDD` and `\X`
 * escapes resolved, other text encoded as UTF-8. Returns a message instead
 * when an escape is malformed.
 */
export function unescapeText(raw: string): number[] | string {
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    let c = raw.charCodeAt(i);
    if (c === 0x5c) {
      i++;
      if (i >= raw.length) return 'it ends with a lone backslash';
      c = raw.charCodeAt(i);
      if (c >= 0x30 && c <= 0x39) {
        const d2 = raw.charCodeAt(i + 1) - 0x30;
        const d3 = raw.charCodeAt(i + 2) - 0x30;
        if (!(d2 >= 0 && d2 <= 9 && d3 >= 0 && d3 <= 9)) return `bad escape: \\DDD needs three digits`;
        const v = (c - 0x30) * 100 + d2 * 10 + d3;
        if (v > 255) return `bad escape: \\${raw.slice(i, i + 3)} is above 255`;
        out.push(v);
        i += 2;
        continue;
      }
    }
    if (c < 0x80) out.push(c);
    else {
      // Non-ASCII: take the whole code point (a surrogate pair is one) and encode it.
      const cp = raw.codePointAt(i) ?? c;
      if (cp > 0xffff) i++;
      for (const b of utf8.encode(String.fromCodePoint(cp))) out.push(b);
    }
  }
  return out;
}

/**
 * BIND's quoted presentation of character-string octets. `minPlain` is the
 * lowest octet printed as itself: 0x20, or 0x21 where BIND also escapes the
 * space (SVCB alpn).
 */
export function quoteText(bytes: ArrayLike<number>, minPlain = 0x20): string {
  let s = '"';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < minPlain || b >= 0x7f) s += '\\' + (b < 10 ? '00' : b < 100 ? '0' : '') + b;
    else if (b === 0x22 || b === 0x5c) s += '\\' + String.fromCharCode(b);
    else s += String.fromCharCode(b);
  }
  return s + '"';
}

/** Result of reading a character-string token. */
export type TextResult = { ok: true; value: string; length: number } | { ok: false; message: string };

/**
 * Reads one character-string token's raw text into BIND's quoted form and its
 * octet count. The common case (printable ASCII, no escapes, no quotes) is a
 * single scan and one concatenation.
 */
export function readText(raw: string): TextResult {
  let plain = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x5c || c === 0x22) {
      plain = false;
      break;
    }
  }
  if (plain) return { ok: true, value: '"' + raw + '"', length: raw.length };
  const bytes = unescapeText(raw);
  if (typeof bytes === 'string') return { ok: false, message: bytes };
  return { ok: true, value: quoteText(bytes), length: bytes.length };
}
